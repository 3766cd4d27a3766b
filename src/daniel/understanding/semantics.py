"""Business meanings, defined once (documented in docs/understanding.md).

- opportunity: `crm.lead` of type opportunity; lead: of type lead. "Opportunities",
  "deals" and "the pipeline" never count leads.
- open: active and not in a won stage; won: active in a won stage; lost: archived with
  probability 0. "Late" opportunities: open with the expected closing date passed.
- tasks: open = not done and not cancelled; overdue = open with the deadline passed
  (Odoo's late tasks).
- sales / orders: confirmed orders (state `sale`, and `done` where it exists);
  quotations: draft or sent. Money of sales is the amount before tax (`amount_untaxed`).
- periods apply to the expected closing date of open opportunities (when they were won or
  lost, `date_closed`, for won and lost ones; the creation date for leads, or when the
  question says "created/new"), the deadline of tasks and the order date of orders and
  quotations.
- a stage named says which records: open or not (a task in a closing stage is done).
- "my": the Odoo user the conversation acts as (salesperson, assignee, project manager).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from daniel.odoo import meanings

from .query import Query, Subject

MODEL: dict[str, str] = {
    "opportunity": "crm.lead",
    "lead": "crm.lead",
    "task": "project.task",
    "project": "project.project",
    "order": "sale.order",
    "quotation": "sale.order",
    "customer": "res.partner",
    "contact": "res.partner",
    "person": "res.users",
    "product": "product.product",
    "stage": "crm.stage",
}
#: The money each kind of record is measured by.
AMOUNT: dict[str, str] = {
    "opportunity": "expected_revenue",
    "lead": "expected_revenue",
    "order": "amount_untaxed",
    "quotation": "amount_untaxed",
}
OWNER: dict[str, str] = {
    "opportunity": "user_id",
    "lead": "user_id",
    "task": "user_ids",
    "project": "user_id",
    "order": "user_id",
    "quotation": "user_id",
    "customer": "user_id",
}
CUSTOMER: dict[str, str] = {
    "opportunity": "partner_id",
    "lead": "partner_id",
    "project": "partner_id",
    "order": "partner_id",
    "quotation": "partner_id",
    "task": "partner_id",
}
STAGE: dict[str, str] = {"opportunity": "stage_id", "lead": "stage_id", "task": "stage_id"}
TASK_CLOSED = meanings.TASK_CLOSED_STATES
CONFIRMED = meanings.ORDER_CONFIRMED_STATES
QUOTATION = meanings.QUOTATION_STATES
ORDER_BY: dict[str, str] = {
    "opportunity": "expected_revenue desc, id",
    "lead": "create_date desc, id",
    "task": "date_deadline asc, id",
    "project": "name, id",
    "order": "date_order desc, id",
    "quotation": "date_order desc, id",
    "customer": "name, id",
    "contact": "name, id",
    "person": "name, id",
    "product": "name, id",
}


#: Date fields that are datetimes in Odoo 17/18 (a task's deadline included).
DATETIME_FIELDS = frozenset({"create_date", "date_order", "write_date", "date_closed"})


def date_field(
    subject: Subject, created: bool, status: str | None = None, *, expiring: bool = False
) -> str | None:
    """The date a period applies to: when the records were created if the question says
    so, when a deal was won or lost ("ganadas este mes"), else the date each kind of
    record is planned or dated by."""
    if created:
        return "create_date"
    if expiring and subject == "quotation":
        return "validity_date"  # "presupuestos que caducan este mes"
    if subject in ("opportunity", "lead") and status in ("won", "lost"):
        return "date_closed"  # set by Odoo when a deal is won or lost
    return {
        "opportunity": "date_deadline",
        "lead": "create_date",
        "task": "date_deadline",
        "order": "date_order",
        "quotation": "date_order",
    }.get(subject)


def period_field(query: Query) -> str | None:
    """The date `query`'s period applies to (`date_field` with what the query says)."""
    subject = query.subject or "opportunity"
    return date_field(subject, query.created, status_of(query), expiring=query.expiring)


def status_of(query: Query) -> str | None:
    """The status a question means when it names none: open deals and tasks,
    confirmed orders, quotations waiting."""
    if query.status:
        return query.status
    if query.stage is not None and query.subject in ("opportunity", "lead", "task"):
        # "tareas en Hecho", "deals in Signed": the stage says which; a task in a closing
        # stage is done, a deal in the won stage is won, and neither is "open"
        return "all" if query.subject == "task" else "active"
    return {
        "opportunity": "open",
        "lead": "open",
        "task": "open",
        "order": "confirmed",
        "quotation": "quotation",
    }.get(query.subject or "")


#: The statuses each kind of record has: those `_status_domain` gives a meaning to.
STATUSES: dict[str, frozenset[str]] = {
    "opportunity": frozenset({"open", "won", "lost", "all", "overdue"}),
    "lead": frozenset({"open", "won", "lost", "all", "overdue"}),
    "task": frozenset({"open", "done", "cancelled", "all", "overdue"}),
    "order": frozenset({"cancelled", "all", "confirmed"}),
    "quotation": frozenset({"draft", "sent", "cancelled", "all", "quotation", "overdue"}),
}


def _status_domain(subject: Subject, status: str | None, today: date) -> list[Any]:
    iso = today.isoformat()
    if subject in ("opportunity", "lead"):
        kind = [["type", "=", "opportunity" if subject == "opportunity" else "lead"]]
        match status:
            case "won":
                return [*kind, *meanings.LEAD_WON]
            case "lost":
                return [*kind, *meanings.LEAD_LOST]
            case "all":
                return [*kind, *meanings.LEAD_ANY]
            case "active":  # open or won: not lost, not archived
                return [*kind, ["active", "=", True]]
            case "overdue":
                return [*kind, *meanings.LEAD_OPEN, ["date_deadline", "<", iso]]
            case _:
                return [*kind, *meanings.LEAD_OPEN]
    if subject == "task":
        match status:
            case "done":
                return [["state", "=", "1_done"]]
            case "cancelled":
                return [["state", "=", "1_canceled"]]
            case "all":
                return []
            case "overdue":
                return [["state", "not in", list(TASK_CLOSED)], ["date_deadline", "<", iso]]
            case _:
                return [["state", "not in", list(TASK_CLOSED)]]
    if subject in ("order", "quotation"):
        match status:
            case "draft":
                return [["state", "=", "draft"]]
            case "sent":
                return [["state", "=", "sent"]]
            case "cancelled":
                return [["state", "=", "cancel"]]
            case "all":
                return []
            case "quotation":
                return [["state", "in", list(QUOTATION)]]
            case "overdue":  # a quotation past its validity date, still unconfirmed
                return [["state", "in", list(QUOTATION)], ["validity_date", "<", iso]]
            case _:
                return [["state", "in", list(CONFIRMED)]]
    if subject == "person":
        return [["share", "=", False]]
    if subject == "customer":
        return [["parent_id", "=", False]]
    return []


def line_domain(query: Query, today: date, uid: int | None) -> list[Any]:
    """The order lines of the orders `query` is about, of `query.product` if it names one:
    what was sold of a product itself, not the whole of the orders it appears in."""
    orders = domain(query.copy(product=None, category=None), today, uid)
    lines: list[Any] = [["display_type", "=", False]]  # not section or note lines
    if query.product is not None:
        lines.append(["product_id", "in", list(query.product.ids)])
    if query.category is not None:
        lines.append(["product_id.categ_id", "child_of", list(query.category.ids)])
    for leaf in orders:  # each condition on the order, through the line's order
        lines.append([f"order_id.{leaf[0]}", *leaf[1:]] if isinstance(leaf, list) else leaf)
    return lines


def domain(
    query: Query, today: date, uid: int | None, company_partner: int | None = None
) -> list[Any]:
    """The Odoo domain of the records a query is about; `company_partner` is the
    company's own card, never one of its customers."""
    subject = query.subject or "opportunity"
    out: list[Any] = list(_status_domain(subject, status_of(query), today))
    if subject == "customer" and company_partner is not None:
        out.append(["id", "!=", company_partner])
    owner = OWNER.get(subject)
    if owner:
        if query.owner is not None:
            people = [query.owner, *query.also_owners]
            out.append([owner, "in", [i for ref in people for i in ref.ids]])
        elif query.me and uid is not None:
            out.append([owner, "in", [uid]])
        elif query.team and uid is not None and subject in ("opportunity", "lead"):
            out.append(["team_id.member_ids", "in", [uid]])
        elif query.unassigned:
            out.append([owner, "=", False])
    if query.customer is not None and subject in CUSTOMER:
        out.append([CUSTOMER[subject], "child_of", list(query.customer.ids)])
    if query.city is not None:  # the partner's city, as Odoo stores it, any case
        if subject in ("customer", "contact"):
            out.append(["city", "=ilike", query.city.name])
        elif subject in CUSTOMER:
            out.append([f"{CUSTOMER[subject]}.city", "=ilike", query.city.name])
    if query.tag is not None and subject in ("opportunity", "lead"):
        out.append(["tag_ids", "in", list(query.tag.ids)])
    if query.sales_team is not None and subject in ("opportunity", "lead", "order", "quotation"):
        out.append(["team_id", "in", list(query.sales_team.ids)])
    if query.project is not None and subject == "task":
        out.append(["project_id", "in", list(query.project.ids)])
    if query.stage is not None and subject in STAGE:
        out.append([STAGE[subject], "in", list(query.stage.ids)])
    if query.product is not None and subject in ("order", "quotation"):
        out.append(["order_line.product_id", "in", list(query.product.ids)])
    if query.category is not None:  # a category and the categories under it
        if subject in ("order", "quotation"):
            out.append(["order_line.product_id.categ_id", "child_of", list(query.category.ids)])
        elif subject == "product":
            out.append(["categ_id", "child_of", list(query.category.ids)])
    if query.undated and subject in ("opportunity", "lead", "task"):
        out.append(["date_deadline", "=", False])
    if query.high_priority:
        if subject in ("opportunity", "lead"):
            out.append(["priority", ">=", "3" if query.top_priority else "2"])
        elif subject == "task":
            out.append(["priority", "=", "1"])
    amount = AMOUNT.get(subject)
    if amount and query.amount_min is not None:
        out.append([amount, ">=", query.amount_min])
    if amount and query.amount_max is not None:
        out.append([amount, "<=", query.amount_max])
    if subject in ("opportunity", "lead"):
        if query.probability_min is not None:
            out.append(["probability", ">=", query.probability_min])
        if query.probability_max is not None:
            out.append(["probability", "<=", query.probability_max])
    field = period_field(query)
    if field and query.period is not None:
        start, end = query.period.start.isoformat(), query.period.end.isoformat()
        if field in DATETIME_FIELDS or (field == "date_deadline" and subject == "task"):
            out += [[field, ">=", f"{start} 00:00:00"], [field, "<=", f"{end} 23:59:59"]]
        else:
            out += [[field, ">=", start], [field, "<=", end]]
    return out
