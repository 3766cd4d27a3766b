"""What the local brain understood from one message: an intent and its slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from daniel.language.dates import DateSpan
from daniel.language.text import Lang


class Intent(StrEnum):
    # small talk
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    HELP = "help"
    WHOAMI = "whoami"
    # CRM
    PIPELINE = "pipeline"
    LIST_LEADS = "list_leads"
    LEAD_DETAIL = "lead_detail"
    CREATE_LEAD = "create_lead"
    MOVE_LEAD = "move_lead"
    MARK_WON = "mark_won"
    MARK_LOST = "mark_lost"
    LOG_NOTE = "log_note"
    ASSIGN_LEAD = "assign_lead"
    SET_REVENUE = "set_revenue"
    # projects and tasks
    LIST_TASKS = "list_tasks"
    TASK_DETAIL = "task_detail"
    CREATE_TASK = "create_task"
    ASSIGN_TASK = "assign_task"
    TASK_STAGE = "task_stage"
    TASK_DEADLINE = "task_deadline"
    LEAD_DEADLINE = "lead_deadline"
    # contacts
    CONTACT_UPDATE = "contact_update"
    LIST_PROJECTS = "list_projects"
    PROJECT_STATUS = "project_status"
    # sales
    SALES_SUMMARY = "sales_summary"
    LIST_ORDERS = "list_orders"
    ORDER_DETAIL = "order_detail"
    CONFIRM_QUOTATION = "confirm_quotation"
    CREATE_QUOTATION = "create_quotation"
    # people and configuration
    LIST_USERS = "list_users"
    LIST_STAGES = "list_stages"
    # anything
    SEARCH = "search"
    SHOW_ITEM = "show_item"
    FOLLOW_UP = "follow_up"
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


#: Intents that change Odoo (they go through the MCP server's confirmation).
WRITE_INTENTS = frozenset(
    {
        Intent.CREATE_LEAD,
        Intent.MOVE_LEAD,
        Intent.MARK_WON,
        Intent.MARK_LOST,
        Intent.LOG_NOTE,
        Intent.ASSIGN_LEAD,
        Intent.SET_REVENUE,
        Intent.CREATE_TASK,
        Intent.ASSIGN_TASK,
        Intent.TASK_STAGE,
        Intent.TASK_DEADLINE,
        Intent.LEAD_DEADLINE,
        Intent.CONTACT_UPDATE,
        Intent.CONFIRM_QUOTATION,
        Intent.CREATE_QUOTATION,
    }
)
#: Intents acting on one existing record: the record may come from the conversation.
RECORD_INTENTS = {
    Intent.LEAD_DETAIL: "lead",
    Intent.MOVE_LEAD: "lead",
    Intent.MARK_WON: "lead",
    Intent.MARK_LOST: "lead",
    Intent.LOG_NOTE: "lead",
    Intent.ASSIGN_LEAD: "lead",
    Intent.SET_REVENUE: "lead",
    Intent.LEAD_DEADLINE: "lead",
    Intent.TASK_DETAIL: "task",
    Intent.ASSIGN_TASK: "task",
    Intent.TASK_STAGE: "task",
    Intent.TASK_DEADLINE: "task",
    Intent.ORDER_DETAIL: "order",
    Intent.CONFIRM_QUOTATION: "order",
}


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One line of a quotation as said: "10 portátiles a 850 €"."""

    quantity: float
    product: str
    price: float | None = None


#: "+1" in the stage slot: the stage after the record's current one.
NEXT_STAGE = "+1"


@dataclass(slots=True)
class Slots:
    """Everything a message may say besides its intent. Names are raw phrases as said;
    they are resolved to Odoo records later, through the MCP server."""

    owner: str | None = None  # "de Ana" / "Ana's": a person, a customer or a project
    person: str | None = None  # salesperson / assignee
    customer: str | None = None
    project: str | None = None
    stage: str | None = None
    target: str | None = None  # the record acted on: a lead, task or order name
    mine: bool = False
    ordinal: int | None = None  # 1-based; -1 is the last one
    period: DateSpan | None = None
    amount: float | None = None
    title: str | None = None  # name of a record to create
    note: str | None = None
    reason: str | None = None
    priority: str | None = None
    query: str | None = None
    lines: tuple[QuoteLine, ...] | None = None


@dataclass(slots=True)
class Understanding:
    """The result of `nlu.understand`."""

    intent: Intent
    slots: Slots = field(default_factory=Slots)
    lang: Lang = "es"
    text: str = ""
    #: Name-like phrases nobody claimed (a bare answer such as "María López").
    leftovers: tuple[str, ...] = ()

    @property
    def is_write(self) -> bool:
        return self.intent in WRITE_INTENTS
