"""CRM reads: leads and opportunities, the pipeline by stage, the stages."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import (
    LEAD_FIELDS,
    STAGE_FIELDS,
    Card,
    lead_card,
    stage_card,
)
from daniel.mcp_odoo.present.dates import parse_day
from daniel.mcp_odoo.present.i18n import fmt_amount, fmt_date, t
from daniel.mcp_odoo.present.text import html_to_text, like_text
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
    detail_result,
    m2o_leaf,
    my_uid,
    read_lead,
    read_result,
    search_page,
)
from daniel.odoo import meanings

Status = Literal["open", "won", "lost", "all"]

_STATUS_DOMAINS: dict[str, list[Any]] = {
    "open": meanings.LEAD_OPEN,
    "won": meanings.LEAD_WON,
    "lost": meanings.LEAD_LOST,
    "all": meanings.LEAD_ANY,
    "active": [["active", "=", True]],
}


def lead_domain(
    *,
    query: str | None = None,
    stage: NameOrId | None = None,
    salesperson: NameOrId | None = None,
    customer: NameOrId | None = None,
    min_revenue: float | None = None,
    lead_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    status: str = "open",
    uid: int | None = None,
) -> list[Any]:
    """The Odoo domain for the CRM filters (dates already ISO)."""
    domain: list[Any] = list(_STATUS_DOMAINS[status])
    if query:
        text = like_text(query)
        fields = ("name", "partner_id", "partner_name", "contact_name", "email_from")
        domain += ["|"] * (len(fields) - 1) + [[f, "ilike", text] for f in fields]
    if stage is not None:
        domain.append(m2o_leaf("stage_id", stage, uid))
    if salesperson is not None:
        domain.append(m2o_leaf("user_id", salesperson, uid))
    if customer is not None:
        leaf = m2o_leaf("partner_id", customer, uid)
        if leaf[1] == "ilike":
            domain += ["|", leaf, ["partner_name", "ilike", leaf[2]]]
        else:
            domain.append(leaf)
    if min_revenue is not None:
        domain.append(["expected_revenue", ">=", min_revenue])
    if lead_type:
        domain.append(["type", "=", lead_type])
    if date_from:
        domain.append(["date_deadline", ">=", date_from])
    if date_to:
        domain.append(["date_deadline", "<=", date_to])
    return domain


def iso_day(call: ToolCall, value: str | None, param: str) -> str | None:
    return parse_day(value, param=param, lang=call.lang).isoformat() if value else None


def describe_lead(call: ToolCall, currency: str | None) -> Any:
    def describe(card: Card) -> str:
        parts = [str(card.get("stage") or "")]
        if card.get("expected_revenue"):
            parts.append(fmt_amount(card["expected_revenue"], call.lang, currency))
        inner = ", ".join(p for p in parts if p)
        return f"{card['name']} ({inner})" if inner else str(card["name"])

    return describe


def pipeline_totals(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """All, open (not in a won stage) and won: counts and expected revenue."""
    open_groups = [g for g in groups if not g["won"]]
    won_groups = [g for g in groups if g["won"]]
    return {
        "count": sum(g["count"] for g in groups),
        "total": sum(g["amount"] for g in groups),
        "open_count": sum(g["count"] for g in open_groups),
        "open_total": sum(g["amount"] for g in open_groups),
        "won_count": sum(g["count"] for g in won_groups),
        "won_total": sum(g["amount"] for g in won_groups),
    }


def pipeline_text(
    call: ToolCall, groups: list[dict[str, Any]], totals: dict[str, Any], currency: str | None
) -> str:
    """Open deals first; won ones apart; then the most valuable open stage."""
    lang = call.lang
    text = t(
        lang,
        "pipeline",
        count=totals["open_count"],
        amount=fmt_amount(totals["open_total"], lang, currency),
    )
    if totals["won_count"]:
        won_amount = fmt_amount(totals["won_total"], lang, currency)
        text = text[:-1] + t(lang, "pipeline_won", count=totals["won_count"], amount=won_amount)
    open_groups = [g for g in groups if not g["won"]]
    if open_groups:
        top = max(open_groups, key=lambda g: g["amount"])
        if top["amount"] > 0:
            amount_text = fmt_amount(top["amount"], lang, currency)
            text += " " + t(lang, "pipeline_top", label=top["label"], amount=amount_text)
    return text


async def crm_list_leads(
    deps: ServerDeps,
    query: Annotated[
        str | None,
        Field(max_length=200, description="Words in the lead's title, customer, contact or email."),
    ] = None,
    stage: Annotated[NameOrId | None, Field(description="Stage name or id.")] = None,
    salesperson: Salesperson = None,
    customer: Annotated[
        NameOrId | None, Field(description="Customer (company or person): name or id.")
    ] = None,
    min_revenue: Annotated[
        float | None, Field(ge=0, description="Only leads expecting at least this revenue.")
    ] = None,
    type: Annotated[
        Literal["lead", "opportunity"] | None,
        Field(description="'lead' (unqualified) or 'opportunity'; default both."),
    ] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    status: Annotated[Status, Field(description="open (default), won, lost or all.")] = "open",
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    lang: LangParam = None,
) -> ToolOutput:
    """List CRM leads and opportunities, biggest expected revenue first.

    Filters combine; date_from/date_to apply to the expected closing date."""
    call = deps.call(lang)
    domain = lead_domain(
        query=query,
        stage=stage,
        salesperson=salesperson,
        customer=customer,
        min_revenue=min_revenue,
        lead_type=type,
        date_from=iso_day(call, date_from, "date_from"),
        date_to=iso_day(call, date_to, "date_to"),
        status=status,
        uid=await my_uid(call, salesperson),
    )
    rows, count = await search_page(
        call,
        "crm.lead",
        domain,
        LEAD_FIELDS,
        limit=limit,
        offset=offset,
        order="expected_revenue desc, id desc",
    )
    cards = [lead_card(row, call.base_url) for row in rows]
    return read_result(
        call,
        kind="leads",
        what="leads",
        cards=cards,
        count=count,
        offset=offset,
        describe=describe_lead(call, await call.currency()),
    )


async def crm_pipeline_summary(
    deps: ServerDeps,
    salesperson: Salesperson = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    lang: LangParam = None,
) -> ToolOutput:
    """The pipeline by stage: how many active opportunities and how much expected revenue
    each stage holds (one grouped query); open and won deals are counted apart."""
    call = deps.call(lang)
    domain = lead_domain(
        salesperson=salesperson,
        date_from=iso_day(call, date_from, "date_from"),
        date_to=iso_day(call, date_to, "date_to"),
        lead_type="opportunity",
        status="active",
        uid=await my_uid(call, salesperson),
    )
    groups, won_ids = await asyncio.gather(
        call.odoo.read_group("crm.lead", domain, ["expected_revenue:sum"], ["stage_id"], lazy=True),
        deps.won_stages.ids(call.odoo),
    )
    currency = await call.currency()
    out: list[dict[str, Any]] = []
    cards: list[Card] = []
    for group in groups:
        stage_value = group.get("stage_id")
        stage_id = stage_value[0] if isinstance(stage_value, list | tuple) else None
        label = str(stage_value[1]) if isinstance(stage_value, list | tuple) else "—"
        count = int(group.get("stage_id_count") or group.get("__count") or 0)
        amount = float(group.get("expected_revenue") or 0.0)
        won = stage_id in won_ids
        out.append({"key": stage_id, "label": label, "count": count, "amount": amount, "won": won})
        if stage_id is not None:
            card = stage_card("crm.stage", {"id": stage_id, "name": label}, call.base_url)
            card.update(count=count, amount=amount, won=won)
            cards.append(card)
    totals = pipeline_totals(out)
    text = pipeline_text(call, out, totals, currency)
    return read_result(
        call,
        kind="summary",
        what="leads",
        cards=cards,
        count=totals["count"],
        summary=text,
        extra={"groups": out, **totals, "has_more": False},
    )


async def crm_get_lead(deps: ServerDeps, lead_id: RecordId, lang: LangParam = None) -> ToolOutput:
    """One lead or opportunity with its details and notes."""
    call = deps.call(lang)
    row = await read_lead(call, lead_id, ["description", "tag_ids"])
    card = lead_card(row, call.base_url)
    tags = await deps.lead_tag_names.names(call.odoo, row.get("tag_ids") or [])
    card["tags"] = [tags.get(i, f"#{i}") for i in row.get("tag_ids") or []]
    card["description"] = html_to_text(row.get("description"))
    details = [str(card.get("stage") or "")]
    if card.get("customer"):
        details.append(str(card["customer"]))
    if card.get("expected_revenue"):
        details.append(fmt_amount(card["expected_revenue"], call.lang, await call.currency()))
    if card.get("deadline"):
        details.append(fmt_date(card["deadline"], call.lang))
    return detail_result(call, kind="leads", what="leads", card=card, details=details)


async def crm_list_stages(deps: ServerDeps, lang: LangParam = None) -> ToolOutput:
    """The CRM pipeline stages in order (use their names with crm_move_stage)."""
    call = deps.call(lang)
    rows = await call.odoo.search_read("crm.stage", [], STAGE_FIELDS, order="sequence, id")
    cards = [stage_card("crm.stage", row, call.base_url) for row in rows]
    return read_result(call, kind="stages", what="stages", cards=cards, count=len(cards))


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        crm_list_leads,
        crm_pipeline_summary,
        crm_get_lead,
        crm_list_stages,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"crm"})(partial(tool, deps))
