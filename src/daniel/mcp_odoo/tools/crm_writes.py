"""CRM writes: create and update leads, move them through stages, win, lose, log notes.

Each tool previews the change (or applies it in allow mode) through the write service.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.resolve import as_id, find, pick
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.core.writes import note_runner, update_runner
from daniel.mcp_odoo.present.cards import LEAD_FIELDS, lead_card, m2o_id, m2o_name, text_or_none
from daniel.mcp_odoo.present.dates import parse_day
from daniel.mcp_odoo.present.i18n import fmt_amount, fmt_date, label, t
from daniel.mcp_odoo.present.text import html_to_text
from daniel.mcp_odoo.toolkit import (
    WRITE,
    DateParam,
    IdempotencyKey,
    LangParam,
    NameOrId,
    RecordId,
    Salesperson,
    WriteTarget,
    change,
    old_stage,
    plain_cards,
    read_lead,
    start_write,
)

Customer = Annotated[
    NameOrId | None,
    Field(
        description="Customer (company or person): name or id. A new name is kept as the "
        "company name."
    ),
]
Stage = Annotated[NameOrId | None, Field(description="Stage name or id (see crm_list_stages).")]
Revenue = Annotated[float | None, Field(ge=0, description="Expected revenue (company currency).")]
Text = Annotated[str | None, Field(max_length=5000, description="Notes about the lead.")]
Contact = Annotated[str | None, Field(max_length=200, description="Contact person's name.")]
Email = Annotated[str | None, Field(max_length=200, description="Contact email.")]
Phone = Annotated[str | None, Field(max_length=60, description="Contact phone.")]


async def _customer(call: ToolCall, value: NameOrId | None) -> tuple[int | None, str | None]:
    """(partner id, name), or (None, the new company name) when nobody has that name."""
    if value is None:
        return None, None
    if as_id(value) is not None:
        return await call.resolve("customer", value)
    candidates = await find(call.odoo, ("customer",), str(value))
    if not candidates:
        return None, str(value).strip()
    return pick(candidates, kind="customer", text=str(value), lang=call.lang)


async def _maybe(call: ToolCall, kind: str, value: NameOrId | None) -> tuple[int, str] | None:
    return None if value is None else await call.resolve(kind, value)


LEADS = WriteTarget("crm.lead", LEAD_FIELDS, plain_cards(lead_card))


async def crm_create_lead(
    deps: ServerDeps,
    name: Annotated[
        str, Field(min_length=1, max_length=200, description="Title, e.g. 'Flota Ruiz'.")
    ],
    customer: Customer = None,
    contact_name: Contact = None,
    email: Email = None,
    phone: Phone = None,
    expected_revenue: Revenue = None,
    salesperson: Salesperson = None,
    stage: Stage = None,
    deadline: DateParam = None,
    description: Text = None,
    type: Annotated[
        Literal["lead", "opportunity"], Field(description="lead or opportunity (default).")
    ] = "opportunity",
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Create a CRM opportunity (or lead). Previews first unless writes are allowed."""
    call = start_write(deps, "crm_create_lead", lang)
    day = parse_day(deadline, param="deadline", lang=call.lang) if deadline else None
    (partner_id, partner), user, stage_r = await asyncio.gather(
        _customer(call, customer),
        _maybe(call, "user", salesperson),
        _maybe(call, "stage", stage),
    )
    values: dict[str, Any] = {"name": name.strip(), "type": type}
    changes = [change("name", label(call.lang, "name"), None, values["name"])]
    details = ""
    if partner_id is not None:
        values["partner_id"] = partner_id
    elif partner:
        values["partner_name"] = partner
    if partner:
        key = "partner_id" if partner_id is not None else "partner_name"
        changes.append(change(key, label(call.lang, key), None, partner))
        details += t(call.lang, "for_user", user=partner)
    for key, value in (("contact_name", contact_name), ("email_from", email), ("phone", phone)):
        if value:
            values[key] = value.strip()
            changes.append(change(key, label(call.lang, key), None, values[key]))
    if expected_revenue is not None:
        values["expected_revenue"] = expected_revenue
        amount = fmt_amount(expected_revenue, call.lang, await call.currency())
        changes.append(
            change("expected_revenue", label(call.lang, "expected_revenue"), None, expected_revenue)
        )
        details += t(call.lang, "with_revenue", amount=amount)
    if user is not None:
        values["user_id"] = user[0]
        changes.append(change("user_id", label(call.lang, "user_id"), None, user[1]))
        details += t(call.lang, "salesperson_part", user=user[1])
    if stage_r is not None:
        values["stage_id"] = stage_r[0]
        changes.append(change("stage_id", label(call.lang, "stage_id"), None, stage_r[1]))
        details += t(call.lang, "in_stage", stage=stage_r[1])
    if day is not None:
        values["date_deadline"] = day.isoformat()
        changes.append(
            change("date_deadline", label(call.lang, "date_deadline"), None, day.isoformat())
        )
        details += t(call.lang, "closing", date=fmt_date(day, call.lang))
    if description:
        values["description"] = description
        changes.append(change("description", label(call.lang, "description"), None, description))
    summary = t(call.lang, "create_lead", name=values["name"], details=details)
    return await LEADS.create(
        call,
        tool="crm_create_lead",
        values=values,
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def crm_update_lead(
    deps: ServerDeps,
    lead_id: RecordId,
    name: Annotated[
        str | None, Field(min_length=1, max_length=200, description="New title.")
    ] = None,
    customer: Customer = None,
    contact_name: Contact = None,
    email: Email = None,
    phone: Phone = None,
    expected_revenue: Revenue = None,
    probability: Annotated[float | None, Field(ge=0, le=100, description="0-100 %.")] = None,
    salesperson: Salesperson = None,
    deadline: DateParam = None,
    description: Text = None,
    priority: Annotated[int | None, Field(ge=0, le=3, description="Stars, 0-3.")] = None,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Change fields of a lead or opportunity; only the fields given change."""
    call = start_write(deps, "crm_update_lead", lang)
    day = parse_day(deadline, param="deadline", lang=call.lang) if deadline else None
    row, (partner_id, partner), user = await asyncio.gather(
        read_lead(call, lead_id, ["description"]),
        _customer(call, customer),
        _maybe(call, "user", salesperson),
    )
    values: dict[str, Any] = {}
    changes: list[dict[str, Any]] = []
    unchanged: list[str] = []  # asked for, and already so: "Comercial: Carlos Navarro"

    def put(key: str, new: Any, shown: Any, old_shown: Any) -> None:
        if shown != old_shown:
            values[key] = new
            changes.append(change(key, label(call.lang, key), old_shown, shown))
        else:
            unchanged.append(f"{label(call.lang, key)}: {shown}")

    if name:
        put("name", name.strip(), name.strip(), row.get("name"))
    if partner_id is not None:
        put("partner_id", partner_id, partner, m2o_name(row.get("partner_id")))
    elif partner:
        put("partner_name", partner, partner, text_or_none(row.get("partner_name")))
    for key, value in (("contact_name", contact_name), ("email_from", email), ("phone", phone)):
        if value:
            put(key, value.strip(), value.strip(), text_or_none(row.get(key)))
    if expected_revenue is not None:
        old = float(row.get("expected_revenue") or 0.0)
        put("expected_revenue", expected_revenue, expected_revenue, old)
    if probability is not None:
        put("probability", probability, probability, float(row.get("probability") or 0.0))
    if user is not None and user[0] != m2o_id(row.get("user_id")):
        put("user_id", user[0], user[1], m2o_name(row.get("user_id")))
    elif user is not None:
        unchanged.append(f"{label(call.lang, 'user_id')}: {user[1]}")
    if day is not None:  # a deal's deadline is its expected closing date, said as a day
        old_day = str(row.get("date_deadline") or "")[:10] or None
        if old_day != day.isoformat():
            values["date_deadline"] = day.isoformat()
            old_shown = fmt_date(old_day, call.lang) if old_day else None
            changes.append(
                change("date_deadline", label(call.lang, "expected_closing"), old_shown,
                       fmt_date(day, call.lang))
            )  # fmt: skip
        else:
            unchanged.append(f"{label(call.lang, 'expected_closing')}: {fmt_date(day, call.lang)}")
    if description:
        put("description", description, description, html_to_text(row.get("description")))
    if priority is not None:
        put("priority", str(priority), str(priority), str(row.get("priority") or "0"))
    return await LEADS.update_fields(
        call,
        tool="crm_update_lead",
        record_id=lead_id,
        name=row.get("name"),
        values=values,
        changes=changes,
        unchanged=unchanged,
        summary_key="update_lead",
        idempotency_key=idempotency_key,
    )


async def crm_move_stage(
    deps: ServerDeps,
    lead_id: RecordId,
    stage: Annotated[NameOrId, Field(description="Target stage: name or id.")],
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Move a lead or opportunity to another pipeline stage."""
    call = start_write(deps, "crm_move_stage", lang)
    row, (stage_id, stage_name) = await asyncio.gather(
        read_lead(call, lead_id), call.resolve("stage", stage)
    )
    old = old_stage(call, row, stage_id)  # a move to where it is: refused
    values = {"stage_id": stage_id}
    summary = t(call.lang, "move_stage", name=row.get("name"), old=old, new=stage_name)
    return await LEADS.update(
        call,
        tool="crm_move_stage",
        record_id=lead_id,
        values=values,
        changes=[change("stage_id", label(call.lang, "stage_id"), old, stage_name)],
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def crm_mark_won(
    deps: ServerDeps,
    lead_id: RecordId,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Mark an opportunity as won (moves it to the won stage, probability 100 %)."""
    call = start_write(deps, "crm_mark_won", lang)
    row, stages = await asyncio.gather(
        read_lead(call, lead_id),
        call.odoo.search_read(
            "crm.stage", [["is_won", "=", True]], ["name"], limit=1, order="sequence, id"
        ),
    )
    if not stages:
        raise ToolError(
            "This Odoo has no CRM stage marked 'Is Won Stage?'; mark one in CRM settings."
        )
    won_id, won_name = int(stages[0]["id"]), str(stages[0]["name"])
    old = m2o_name(row.get("stage_id"))
    values = {"stage_id": won_id, "probability": 100, "active": True}
    summary = t(call.lang, "mark_won", name=row.get("name"))
    return await LEADS.update(
        call,
        tool="crm_mark_won",
        record_id=lead_id,
        values=values,
        changes=[
            change("stage_id", label(call.lang, "stage_id"), old, won_name),
            change("probability", label(call.lang, "probability"), row.get("probability"), 100),
        ],
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def crm_mark_lost(
    deps: ServerDeps,
    lead_id: RecordId,
    reason: Annotated[str | None, Field(max_length=500, description="Why it was lost.")] = None,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Mark a lead or opportunity as lost (archived at 0 %), noting the reason."""
    call = start_write(deps, "crm_mark_lost", lang)
    row = await read_lead(call, lead_id)
    values: dict[str, Any] = {"active": False, "probability": 0}
    changes = [
        change("active", label(call.lang, "active"), bool(row.get("active")), False),
        change("probability", label(call.lang, "probability"), row.get("probability"), 0),
    ]
    details = ""
    if reason:
        changes.append(change("lost_reason", label(call.lang, "lost_reason"), None, reason))
        details = t(call.lang, "reason", reason=reason)
    summary = t(call.lang, "mark_lost", name=row.get("name"), details=details)
    note = f"{label(call.lang, 'lost_reason')}: {reason}" if reason else None
    audit_values = dict(values, lost_reason=reason) if reason else values
    return await LEADS.submit(
        call,
        tool="crm_mark_lost",
        ids=[lead_id],
        values=audit_values,
        changes=changes,
        summary=summary,
        run=update_runner(LEADS.model, lead_id, values, note=note),
        idempotency_key=idempotency_key,
    )


async def crm_log_note(
    deps: ServerDeps,
    lead_id: RecordId,
    note: Annotated[str, Field(min_length=1, max_length=5000, description="The note text.")],
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Log an internal note in a lead's chatter."""
    call = start_write(deps, "crm_log_note", lang)
    row = await read_lead(call, lead_id)
    summary = t(call.lang, "log_note", name=row.get("name"), note=note.strip())
    return await LEADS.submit(
        call,
        tool="crm_log_note",
        ids=[lead_id],
        values={"note": note.strip()},
        changes=[change("note", label(call.lang, "note"), None, note.strip())],
        summary=summary,
        run=note_runner(LEADS.model, lead_id, note.strip()),
        idempotency_key=idempotency_key,
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        crm_create_lead,
        crm_update_lead,
        crm_move_stage,
        crm_mark_won,
        crm_mark_lost,
        crm_log_note,
    ):
        mcp.tool(annotations=WRITE, tags={"crm", "write"})(partial(tool, deps))
