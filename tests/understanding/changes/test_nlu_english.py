"""English phrasings → intent and slots (today is Wednesday 13 May 2026)."""

from __future__ import annotations

from typing import Any

import pytest
from nlu_cases import STAGES_EN, check

from daniel.understanding.changes.frames import QuoteLine

MAY = ("2026-05-01", "2026-05-31")
APRIL = ("2026-04-01", "2026-04-30")
TODAY_ = ("2026-05-13", "2026-05-13")
TOMORROW = ("2026-05-14", "2026-05-14")
FRIDAY = ("2026-05-15", "2026-05-15")
THIS_WEEK = ("2026-05-11", "2026-05-17")
NEXT_WEEK = ("2026-05-18", "2026-05-24")

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # CRM
    ("How's the pipeline looking?", "pipeline", {}),
    ("pipeline overview", "pipeline", {}),
    ("Show me the Pipeline", "pipeline", {}),
    ("give me a CRM summary", "pipeline", {}),
    ("show me Ana's leads", "list_leads", {"owner": "Ana"}),
    ("show me Mark's opportunities", "list_leads", {"owner": "Mark"}),
    (
        "which opportunities do I have open this month?",
        "list_leads",
        {"mine": True, "period": MAY},
    ),
    ("opportunities in negotiation", "list_leads", {"stage": "Negotiation"}),
    ("deals in the proposition stage", "list_leads", {"stage": "Proposition"}),
    ("leads from Acme over 10k", "list_leads", {"owner": "Acme"}),
    ("deals worth more than €5,000", "list_leads", {}),
    ("how many deals did we win last month?", "list_leads", {"period": APRIL}),
    ("lost opportunities this month", "list_leads", {"period": MAY}),
    ("opportunities for customer Talleres Ruiz", "list_leads", {"customer": "Talleres Ruiz"}),
    ("tell me about the Talleres Ruiz opportunity", "lead_detail", {"target": "Talleres Ruiz"}),
    # tasks and projects
    ("my tasks today", "list_tasks", {"mine": True, "period": TODAY_}),
    (
        "what do I have to do today?",
        "list_tasks",
        {"mine": True, "period": TODAY_},
    ),
    ("what's on my plate tomorrow?", "list_tasks", {"mine": True, "period": TOMORROW}),
    ("overdue tasks", "list_tasks", {}),
    (
        "tasks for Ana this week",
        "list_tasks",
        {"owner": "Ana", "period": THIS_WEEK},
    ),
    (
        "my tasks next week",
        "list_tasks",
        {"mine": True, "period": NEXT_WEEK},
    ),
    ("tasks in the Website project", "list_tasks", {"project": "Website"}),
    ("tasks due in 3 days", "list_tasks", {"period": ("2026-05-16", "2026-05-16")}),
    # "latest" is never a name
    ("what's due this week?", "list_tasks", {"period": THIS_WEEK}),
    ("latest orders", "list_orders", {}),
    ("show the latest quotations", "list_orders", {}),
    ("urgent tasks", "list_tasks", {"priority": "high"}),
    ("how is the Web Corporativa project going?", "project_status", {"project": "Web Corporativa"}),
    ("status of project Mobile App", "project_status", {"project": "Mobile App"}),
    ("list projects", "list_projects", {}),
    # sales
    ("sales this month", "sales_summary", {"period": MAY}),
    ("sales last month", "sales_summary", {"period": APRIL}),
    (
        "sales by customer this year",
        "sales_summary",
        {"period": ("2026-01-01", "2026-12-31")},
    ),
    (
        "sales by salesperson this quarter",
        "sales_summary",
        {"period": ("2026-04-01", "2026-06-30")},
    ),
    ("how much did we sell last month?", "sales_summary", {"period": APRIL}),
    ("sales on Dec 15", "sales_summary", {"period": ("2026-12-15", "2026-12-15")}),
    ("open quotations", "list_orders", {}),
    (
        "orders from Acme last month",
        "list_orders",
        {"owner": "Acme", "period": APRIL},
    ),
    # writes
    (
        "create a task for Ana due Friday to call Acme",
        "create_task",
        {"person": "Ana", "period": FRIDAY, "title": "call Acme"},
    ),
    (
        "create a task for ana due friday to call acme",
        "create_task",
        {"person": "ana", "period": FRIDAY, "title": "call acme"},
    ),
    (
        "add a task to project Web Corporativa: update the homepage, due tomorrow",
        "create_task",
        {"project": "Web Corporativa", "period": TOMORROW, "title": "update the homepage"},
    ),
    (
        "remind me to call Acme tomorrow",
        "create_task",
        {"mine": True, "period": TOMORROW, "title": "call Acme"},
    ),
    (
        "new task called Prepare the demo for Luis next Friday",
        "create_task",
        {"person": "Luis", "period": FRIDAY, "title": "Prepare the demo"},
    ),
    ("create a lead for Acme worth 5k", "create_lead", {"customer": "Acme", "amount": 5000.0}),
    (
        "new opportunity called Fleet renewal for Talleres Ruiz",
        "create_lead",
        {"customer": "Talleres Ruiz", "title": "Fleet renewal"},
    ),
    (
        "move the Talleres Ruiz deal to Negotiation",
        "move_lead",
        {"target": "Talleres Ruiz", "stage": "Negotiation"},
    ),
    ("mark it as won", "mark_won", {}),
    ("move the second one", "move_lead", {"ordinal": 2}),
    ("move the lead to the next stage", "move_lead", {"stage": "+1"}),
    (
        "create a quotation for Acme Ibérica with 10 laptops at 850 each and two routers",
        "create_quotation",
        {
            "customer": "Acme Ibérica",
            "lines": (QuoteLine(10, "laptops", 850.0), QuoteLine(2, "routers")),
        },
    ),
    ("list the sales orders", "list_orders", {}),
    ("show the last quotation", "list_orders", {"ordinal": -1}),
    ("list the stages", "list_stages", {}),
    ("list the users", "list_users", {}),
    ("mark the second one as won", "mark_won", {"ordinal": 2}),
    (
        "mark the Acme opportunity as lost because the price was too high",
        "mark_lost",
        {"target": "Acme", "reason": "the price was too high"},
    ),
    (
        "add a note to the Acme lead: they want a demo",
        "log_note",
        {"target": "Acme", "note": "they want a demo"},
    ),
    ("confirm quotation S00012", "confirm_quotation", {"target": "S00012"}),
    ("assign the task Call Acme to Ana", "assign_task", {"target": "Call Acme", "person": "Ana"}),
    (
        "move the deadline of the task Call Acme to next Friday",
        "task_deadline",
        {"target": "Call Acme", "period": FRIDAY},
    ),
    ("mark the task Call Acme as done", "task_stage", {"target": "Call Acme", "stage": "done"}),
    (
        "create a task for ana due friday review the budget",  # as dictated
        "create_task",
        {"person": "ana", "period": FRIDAY, "title": "review the budget"},
    ),
    (
        "put the Acme deal in negotiation",
        "move_lead",
        {"target": "Acme", "stage": "Negotiation"},
    ),
    ("I won the Acme deal", "mark_won", {"target": "Acme"}),
    # context, pointers, small talk
    ("what about Ana?", "follow_up", {"owner": "Ana"}),
    ("and next week?", "follow_up", {"period": NEXT_WEEK}),
    ("and the won ones?", "follow_up", {}),
    ("the second one", "show_item", {"ordinal": 2}),
    ("open the first one", "show_item", {"ordinal": 1}),
    ("tell me more", "show_item", {}),
    ("search for Talleres Ruiz", "search", {"query": "Talleres Ruiz"}),
    ("who am I?", "whoami", {}),
    ("what can you do?", "help", {}),
    ("hello", "greeting", {}),
    ("good morning", "greeting", {}),
    ("thanks a lot", "thanks", {}),
    ("yes, go ahead", "yes", {}),
    ("do it", "yes", {}),
    ("no, cancel", "no", {}),
    ("never mind", "no", {}),
    ("what's the weather on Mars?", "unknown", {}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[c[0] for c in CASES])
def test_english_phrasing_is_understood(text: str, intent: str, slots: dict[str, Any]) -> None:
    check(text, "en", intent, slots, STAGES_EN)


def test_there_are_at_least_forty_english_phrasings() -> None:
    assert len({text for text, _, _ in CASES}) >= 40


def test_english_stage_words_find_spanish_stage_names() -> None:
    """An English speaker on a Spanish Odoo: "negotiation" is the stage "Negociación"."""
    check("opportunities in negotiation", "en", "list_leads", {"stage": "Negociación"})
