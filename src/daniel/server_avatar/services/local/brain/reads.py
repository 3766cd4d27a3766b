"""Questions: each handler resolves names, calls the read tools and speaks the answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daniel.language.formatting import join, period_words
from daniel.language.text import Lang

from .answers import (
    Ask,
    lead_detail,
    leads_answer,
    pick,
    pipeline_answer,
    project_answer,
    projects_answer,
    task_detail,
    tasks_answer,
    users_answer,
)
from .answers_sales import (
    order_detail,
    search_answer,
)
from .dialogue import Asked, Conversation, remember
from .phrases import say
from .state import Entity, Frame
from .turn import Turn, error_text, records_of

_WHAT = {
    "leads": ("consultar las oportunidades", "look up the opportunities"),
    "pipeline": ("consultar el pipeline", "check the pipeline"),
    "tasks": ("consultar las tareas", "look up the tasks"),
    "projects": ("consultar los proyectos", "look up the projects"),
    "sales": ("consultar las ventas", "look up the sales"),
    "orders": ("consultar los pedidos", "look up the orders"),
    "search": ("buscar en Odoo", "search Odoo"),
    "record": ("abrir esa ficha", "open that record"),
    "users": ("consultar los usuarios", "look up the users"),
}


def failed(turn: Turn, what: str, message: str) -> None:
    turn.say(say(turn.lang, "tool_error", what=_WHAT[what][turn.lang == "en"]))
    if message:
        turn.say(say(turn.lang, "tool_error_reason", message=message))


def period_args(frame: Frame) -> dict[str, Any]:
    period = frame.slots.period
    if period is None:
        return {}
    return {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}


def period_spoken(conv: Conversation, frame: Frame, lang: Lang) -> str | None:
    period = frame.slots.period
    if period is None:
        return None
    return period_words(period.start, period.end, lang, conv.today())


@dataclass(slots=True)
class Who:
    """Filters on people for a question, and how to say them."""

    person: int | str | None = None  # salesperson or assignee
    customer: int | str | None = None
    project: int | str | None = None
    query: str | None = None
    person_name: str | None = None
    customer_name: str | None = None
    project_name: str | None = None


async def who_of(
    conv: Conversation, turn: Turn, frame: Frame, *, owner_kinds: tuple[str, ...]
) -> Who | Asked:
    """Resolve the person/customer/project slots of a question (asking back on ties)."""
    slots, who = frame.slots, Who()
    if slots.mine:
        who.person = await conv.me(turn)
    for slot, kinds in (
        ("person", ("user",)),
        ("customer", ("partner",)),
        ("project", ("project",)),
        ("owner", owner_kinds),
    ):
        phrase = getattr(slots, slot)
        if not phrase:
            continue
        found = await conv.resolve(turn, frame, slot, phrase, kinds, quiet_missing=True)
        if isinstance(found, Asked):
            return found
        _place(who, slot, phrase, found, tasks="project" in owner_kinds)
    return who


def _place(who: Who, slot: str, phrase: str, found: Entity | None, tasks: bool) -> None:
    if found is None:  # an unknown name: the server filters by it loosely
        if slot == "person":
            who.person, who.person_name = phrase, phrase
        elif slot == "project":
            who.project, who.project_name = phrase, phrase
        elif slot == "owner" and tasks:
            who.query = phrase
        else:
            who.customer, who.customer_name = phrase, phrase
        return
    if found.kind == "user":
        who.person, who.person_name = found.id, found.name
    elif found.kind == "project":
        who.project, who.project_name = found.id, found.name
    else:
        who.customer, who.customer_name = found.id, found.name


def ask_of(frame: Frame, who: Who, period: str | None) -> Ask:
    slots = frame.slots
    return Ask(
        mine=slots.mine and who.person_name is None,
        who=who.person_name,
        customer=who.customer_name,
        project=who.project_name,
        stage=slots.stage,
        status=slots.status,
        period=period,
        min_amount=slots.min_amount,
        deadline=slots.deadline_filter,
        priority=slots.priority,
    )


# --------------------------------------------------------------------------- CRM
async def pipeline(conv: Conversation, turn: Turn, frame: Frame) -> None:
    who = await who_of(conv, turn, frame, owner_kinds=("user", "partner"))
    if isinstance(who, Asked):
        return
    if who.customer is not None or frame.slots.stage or frame.slots.min_amount:
        await list_leads(conv, turn, frame)
        return
    args = {"salesperson": who.person, **period_args(frame)}
    result = await conv.tools.call(
        turn, "crm_pipeline_summary", args, say(turn.lang, "label_pipeline")
    )
    if result.is_error:
        return failed(turn, "pipeline", error_text(result))
    groups = [
        g
        for g in result.structured.get("groups") or []
        if isinstance(g, dict) and not g.get("won")  # the tool flags won stages: not "open"
    ]
    ask = ask_of(frame, who, period_spoken(conv, frame, turn.lang))
    turn.say(*pipeline_answer(turn.lang, ask, groups, currency_of(result.structured)))
    remember(conv.state, frame, [])


async def list_leads(conv: Conversation, turn: Turn, frame: Frame) -> None:
    who = await who_of(conv, turn, frame, owner_kinds=("user", "partner"))
    if isinstance(who, Asked):
        return
    slots = frame.slots
    args: dict[str, Any] = {
        "salesperson": who.person,
        "customer": who.customer,
        "stage": slots.stage,
        "min_revenue": slots.min_amount,
        "type": slots.lead_type,
        "status": slots.status or "open",
        "limit": 10,
        **period_args(frame),
    }
    result = await conv.tools.call(turn, "crm_list_leads", args, say(turn.lang, "label_leads"))
    if result.is_error:
        return failed(turn, "leads", error_text(result))
    cards = records_of(result)
    count = int(result.structured.get("count") or len(cards))
    ask = ask_of(frame, who, period_spoken(conv, frame, turn.lang))
    turn.say(*leads_answer(turn.lang, ask, cards, count, currency_of(result.structured)))
    remember(conv.state, frame, cards)


# --------------------------------------------------------------------------- tasks
async def list_tasks(conv: Conversation, turn: Turn, frame: Frame) -> None:
    who = await who_of(conv, turn, frame, owner_kinds=("user", "project"))
    if isinstance(who, Asked):
        return
    slots = frame.slots
    period = slots.period
    deadline = slots.deadline_filter
    window = None
    if period is not None and deadline is None:  # a day or period without a named window
        window = period
        today = conv.today()
        deadline = "overdue" if period.end < today else None
    args: dict[str, Any] = {
        "assignee": who.person,
        "project": who.project,
        "deadline": deadline,
        "priority": slots.priority,
        "query": who.query,
        "limit": 100 if window else 20,
    }
    result = await conv.tools.call(turn, "task_list", args, say(turn.lang, "label_tasks"))
    if result.is_error:
        return failed(turn, "tasks", error_text(result))
    cards = records_of(result)
    count = int(result.structured.get("count") or len(cards))
    if window is not None:
        cards = [c for c in cards if _within(c.get("deadline"), window.start, window.end)]
        count = len(cards)
    ask = ask_of(frame, who, period_spoken(conv, frame, turn.lang))
    if window is not None:
        ask.period = pick(turn.lang, "para ", "due ") + (ask.period or "")
    turn.say(*tasks_answer(turn.lang, ask, cards, count, conv.today()))
    remember(conv.state, frame, cards)


def _within(value: Any, start: Any, end: Any) -> bool:
    return isinstance(value, str) and start.isoformat() <= value[:10] <= end.isoformat()


async def project_status(conv: Conversation, turn: Turn, frame: Frame) -> None:
    phrase = frame.slots.project or frame.slots.owner or frame.slots.target
    project: Entity | None = conv.state.project_focus
    if phrase:
        found = await conv.resolve(turn, frame, "project", phrase, ("project",))
        if not isinstance(found, Entity):
            return
        project = found
    if project is None:
        await list_projects(conv, turn, frame)
        return
    listing = await conv.tools.call(
        turn, "project_list", {"query": project.name, "limit": 5}, say(turn.lang, "label_projects")
    )
    cards = [c for c in records_of(listing) if c.get("id") == project.id]
    args = {"project": project.id, "limit": 100}
    result = await conv.tools.call(turn, "task_list", args, say(turn.lang, "label_tasks"))
    if result.is_error:
        return failed(turn, "tasks", error_text(result))
    tasks = records_of(result)
    count = int(result.structured.get("count") or len(tasks))
    overdue = await conv.tools.call(
        turn,
        "task_list",
        {"project": project.id, "deadline": "overdue", "limit": 1},
        say(turn.lang, "label_tasks"),
    )
    late = 0 if overdue.is_error else int(overdue.structured.get("count") or 0)
    turn.say(*project_answer(turn.lang, project.name, tasks, count, late, conv.today()))
    frame.slots.project = project.name
    remember(conv.state, frame, cards or [])
    conv.state.project_focus = project


async def list_projects(conv: Conversation, turn: Turn, frame: Frame) -> None:
    args = {"query": frame.slots.query, "limit": 20}
    result = await conv.tools.call(turn, "project_list", args, say(turn.lang, "label_projects"))
    if result.is_error:
        return failed(turn, "projects", error_text(result))
    cards = records_of(result)
    turn.say(*projects_answer(turn.lang, cards, int(result.structured.get("count") or len(cards))))
    remember(conv.state, frame, cards)


# --------------------------------------------------------------------------- people
async def list_users(conv: Conversation, turn: Turn, frame: Frame) -> None:
    args = {"query": frame.slots.query or frame.slots.owner, "limit": 20}
    result = await conv.tools.call(turn, "user_list", args, say(turn.lang, "label_users"))
    if result.is_error:
        return failed(turn, "users", error_text(result))
    cards = records_of(result)
    count = int(result.structured.get("count") or len(cards))
    turn.say(*users_answer(turn.lang, cards, count))
    conv.state.remember_records(cards)


async def list_stages(conv: Conversation, turn: Turn, frame: Frame) -> None:
    label = say(turn.lang, "label_stages")
    result = await conv.tools.call(turn, "crm_list_stages", {}, label, quiet=False)
    if result.is_error:
        return failed(turn, "leads", error_text(result))
    names = [str(c.get("name")) for c in records_of(result) if c.get("name")]
    turn.say(say(turn.lang, "stages", names=join(names, turn.lang)))


# --------------------------------------------------------------------------- records
async def show_record(conv: Conversation, turn: Turn, card: dict[str, Any]) -> None:
    """Read one record in full and describe it; it becomes the conversation's focus."""
    model = str(card.get("model") or "")
    tool, arg, label = {
        "crm.lead": ("crm_get_lead", "lead_id", "label_lead"),
        "project.task": ("task_get", "task_id", "label_task"),
        "sale.order": ("sale_get_order", "order_id", "label_order"),
    }.get(model, ("", "", ""))
    full = card
    if tool:
        result = await conv.tools.call(turn, tool, {arg: int(card["id"])}, say(turn.lang, label))
        if result.is_error:
            return failed(turn, "record", error_text(result))
        full = (records_of(result) or [card])[0]
        currency = currency_of(result.structured)
    else:
        currency = None
    if model == "crm.lead":
        turn.say(*lead_detail(turn.lang, full, currency, conv.today()))
    elif model == "project.task":
        turn.say(task_detail(turn.lang, full, conv.today()))
    elif model == "sale.order":
        turn.say(order_detail(turn.lang, full, currency))
    else:
        turn.say(f"{full.get('name')}.")
    conv.state.focus = full


async def search(conv: Conversation, turn: Turn, frame: Frame) -> None:
    text = frame.slots.query or frame.slots.owner or frame.slots.target
    if not text:
        conv.ask(turn, frame, "query", "text", "ask_search")
        return
    result = await conv.tools.call(
        turn, "search_records", {"text": text}, say(turn.lang, "label_search", text=text)
    )
    if result.is_error:
        return failed(turn, "search", error_text(result))
    cards = records_of(result)
    turn.say(*search_answer(turn.lang, text, cards))
    conv.state.remember_records(cards)


def currency_of(data: dict[str, Any]) -> str | None:
    value = data.get("currency")
    if isinstance(value, str) and value:
        return value
    for card in records_of_data(data):
        if isinstance(card.get("currency"), str):
            return str(card["currency"])
    return None


def records_of_data(data: dict[str, Any]) -> list[dict[str, Any]]:
    records = data.get("records")
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
