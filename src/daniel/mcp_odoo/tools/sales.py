"""Sales reads: quotations and orders, one order with its lines, totals by period."""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import (
    ORDER_FIELDS,
    ORDER_LINE_FIELDS,
    Card,
    base_card,
    m2o_name,
    order_card,
    order_line_card,
)
from daniel.mcp_odoo.present.dates import month_bounds, parse_day
from daniel.mcp_odoo.present.i18n import fmt_amount, month_label, noun, order_state, t
from daniel.mcp_odoo.present.text import like_text
from daniel.mcp_odoo.toolkit import (
    DEFAULT,
    READ_ONLY,
    DateParam,
    LangParam,
    Limit,
    NameOrId,
    Offset,
    RecordId,
    Salesperson,
    classic_row,
    m2o_leaf,
    my_uid,
    read_result,
    search_page,
    web_spec,
)

OrderState = Literal["draft", "sent", "sale", "cancel", "quotation", "order"]
_STATES: dict[str, list[str]] = {
    "quotation": ["draft", "sent"],
    "order": ["sale"],
    "draft": ["draft"],
    "sent": ["sent"],
    "sale": ["sale"],
    "cancel": ["cancel"],
}
_GROUP_FIELDS = {"month": "date_order:month", "customer": "partner_id", "salesperson": "user_id"}


def day_start(day: dt.date) -> str:
    return f"{day.isoformat()} 00:00:00"


def date_range_domain(call: ToolCall, date_from: str | None, date_to: str | None) -> list[Any]:
    """`date_order` (a datetime) within whole days [date_from, date_to]."""
    domain: list[Any] = []
    if date_from:
        start = parse_day(date_from, param="date_from", lang=call.lang)
        domain.append(["date_order", ">=", day_start(start)])
    if date_to:
        end = parse_day(date_to, param="date_to", lang=call.lang) + dt.timedelta(days=1)
        domain.append(["date_order", "<", day_start(end)])
    return domain


def group_count(group: dict[str, Any], groupby: str) -> int:
    """The record count of a read_group row, lazy (`<field>_count`) or not (`__count`)."""
    field_name = groupby.split(":")[0]
    return int(group.get("__count") or group.get(f"{field_name}_count") or 0)


async def sale_list_orders(
    deps: ServerDeps,
    state: Annotated[
        OrderState | None,
        Field(
            description="draft, sent, sale (confirmed), cancel; or quotation (draft+sent) "
            "or order (confirmed). Default: all but cancelled."
        ),
    ] = None,
    customer: Annotated[NameOrId | None, Field(description="Customer: name or id.")] = None,
    salesperson: Salesperson = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    min_amount: Annotated[
        float | None, Field(ge=0, description="Only orders of at least this total.")
    ] = None,
    query: Annotated[
        str | None, Field(max_length=200, description="Order reference or customer reference.")
    ] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    lang: LangParam = None,
) -> ToolOutput:
    """List quotations and sales orders, newest first."""
    call = deps.call(lang)
    uid = await my_uid(call, salesperson)
    states = _STATES[state] if state else ["draft", "sent", "sale"]
    domain: list[Any] = [["state", "in", states]]
    if customer is not None:
        domain.append(m2o_leaf("partner_id", customer, uid))
    if salesperson is not None:
        domain.append(m2o_leaf("user_id", salesperson, uid))
    if min_amount is not None:
        domain.append(["amount_total", ">=", min_amount])
    if query:
        domain += [
            "|",
            ["name", "ilike", like_text(query)],
            ["client_order_ref", "ilike", like_text(query)],
        ]
    domain += date_range_domain(call, date_from, date_to)
    rows, count = await search_page(
        call,
        "sale.order",
        domain,
        ORDER_FIELDS,
        limit=limit,
        offset=offset,
        order="date_order desc, id desc",
    )
    cards = [order_card(row, call.base_url) for row in rows]
    if rows and deps.currency is None:
        deps.currency = m2o_name(rows[0].get("currency_id"))

    def describe(card: Card) -> str:
        amount = fmt_amount(card["amount_total"], call.lang, card.get("currency"))
        return f"{card['name']} {card.get('customer') or ''} ({amount})".replace("  ", " ")

    return read_result(
        call,
        kind="orders",
        what="orders",
        cards=cards,
        count=count,
        offset=offset,
        describe=describe,
    )


async def sale_get_order(
    deps: ServerDeps, order_id: RecordId, lang: LangParam = None
) -> ToolOutput:
    """One quotation or order with its lines."""
    call = deps.call(lang)
    rows, lines = await _order_with_lines(call, order_id)
    if not rows:
        raise ToolError(t(call.lang, "not_found_id", kind=noun(call.lang, "order"), id=order_id))
    card = order_card(rows[0], call.base_url)
    card["lines"] = [order_line_card(line) for line in lines if not line.get("display_type")]
    card["customer_reference"] = rows[0].get("client_order_ref") or None
    text = t(
        call.lang,
        "order_detail",
        name=card["name"],
        customer=card.get("customer") or "—",
        amount=fmt_amount(card["amount_total"], call.lang, card.get("currency")),
        state=order_state(call.lang, card.get("state")),
        lines=len(card["lines"]),
    )
    return read_result(call, kind="orders", what="orders", cards=[card], count=1, summary=text)


async def sale_summary(
    deps: ServerDeps,
    date_from: DateParam = None,
    date_to: DateParam = None,
    group_by: Annotated[
        Literal["month", "customer", "salesperson"],
        Field(description="Group the totals by month (default), customer or salesperson."),
    ] = "month",
    include_quotations: Annotated[
        bool, Field(description="Also count open quotations (default: confirmed orders only).")
    ] = False,
    lang: LangParam = None,
) -> ToolOutput:
    """Sales totals over a period (default: this month), grouped, in one query."""
    call = deps.call(lang)
    today = dt.date.today()
    start = (
        parse_day(date_from, param="date_from", lang=call.lang)
        if date_from
        else month_bounds(today)[0]
    )
    end = parse_day(date_to, param="date_to", lang=call.lang) if date_to else today
    states = ["sale", "draft", "sent"] if include_quotations else ["sale"]
    domain: list[Any] = [
        ["state", "in", states],
        ["date_order", ">=", day_start(start)],
        ["date_order", "<", day_start(end + dt.timedelta(days=1))],
    ]
    groupby = _GROUP_FIELDS[group_by]
    orderby = None if group_by == "month" else "amount_total desc"
    groups = await call.odoo.read_group(
        "sale.order", domain, ["amount_total:sum"], [groupby], orderby=orderby, lazy=False
    )
    out, cards = _summary_groups(call, groups, group_by, groupby)
    total = sum(g["amount"] for g in out)
    count = sum(g["count"] for g in out)
    currency = await call.currency()
    text = t(
        call.lang,
        "sales_summary",
        start=start.strftime("%d/%m/%Y") if call.lang == "es" else start.isoformat(),
        end=end.strftime("%d/%m/%Y") if call.lang == "es" else end.isoformat(),
        count=count,
        amount=fmt_amount(total, call.lang, currency),
    )
    if out and group_by != "month":
        top = max(out, key=lambda g: g["amount"])
        text += " " + t(
            call.lang,
            "sales_top",
            label=top["label"],
            amount=fmt_amount(top["amount"], call.lang, currency),
        )
    return read_result(
        call,
        kind="summary",
        what="orders",
        cards=cards,
        count=count,
        summary=text,
        extra={"groups": out, "total": total, "has_more": False, "group_by": group_by},
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        sale_list_orders,
        sale_get_order,
        sale_summary,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"sales"})(partial(tool, deps))


def _summary_groups(
    call: ToolCall, groups: list[dict[str, Any]], group_by: str, groupby: str
) -> tuple[list[dict[str, Any]], list[Card]]:
    out: list[dict[str, Any]] = []
    cards: list[Card] = []
    model = "res.partner" if group_by == "customer" else "res.users"
    for group in groups:
        value = group.get(groupby)
        count = group_count(group, groupby)
        amount = float(group.get("amount_total") or 0.0)
        if group_by == "month":
            key, label = _month_key(call, group, value)
        elif isinstance(value, list | tuple) and len(value) > 1:
            key, label = value[0], str(value[1])
            card = base_card(model, {"id": value[0], "name": label}, call.base_url)
            card.update(count=count, amount=amount)
            cards.append(card)
        else:
            key, label = None, "—"
        out.append({"key": key, "label": label, "count": count, "amount": amount})
    return out, cards


def _month_key(call: ToolCall, group: dict[str, Any], value: Any) -> tuple[str, str]:
    span = (group.get("__range") or {}).get("date_order:month") or {}
    start = str(span.get("from") or "")
    if len(start) >= 7:
        year, month = int(start[:4]), int(start[5:7])
        return f"{year:04d}-{month:02d}", month_label(call.lang, year, month)
    return str(value), str(value)


async def _order_with_lines(
    call: ToolCall, order_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An order and its lines in one Odoo request on Odoo 17+ (`web_search_read` reads
    the lines inside the order); two concurrent reads on older Odoo."""
    fields = [*ORDER_FIELDS, "client_order_ref"]
    if not await call.odoo.pages_in_one_request():
        return await asyncio.gather(
            call.odoo.read("sale.order", [order_id], fields),
            call.odoo.search_read(
                "sale.order.line",
                [["order_id", "=", order_id]],
                ORDER_LINE_FIELDS,
                order="sequence, id",
            ),
        )
    spec = await web_spec(call, "sale.order", fields)
    line_spec = await web_spec(call, "sale.order.line", ORDER_LINE_FIELDS)
    spec["order_line"] = {"fields": line_spec, "order": "sequence, id"}
    answer = await call.odoo.web_search_read("sale.order", [["id", "=", order_id]], spec)
    rows = [classic_row(row) for row in answer["records"]]
    lines = [classic_row(line) for row in rows for line in row.pop("order_line", None) or []]
    return rows, lines
