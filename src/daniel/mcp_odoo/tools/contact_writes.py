"""Contact writes: a contact's or a company's phone, mobile, email and job title."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import PARTNER_FIELDS, partner_card
from daniel.mcp_odoo.present.i18n import label, t
from daniel.mcp_odoo.toolkit import (
    WRITE,
    IdempotencyKey,
    LangParam,
    RecordId,
    WriteTarget,
    change,
    plain_cards,
    read_one,
    start_write,
)

PARTNERS = WriteTarget("res.partner", PARTNER_FIELDS, plain_cards(partner_card))

Phone = Annotated[
    str | None, Field(max_length=40, description="Phone number as it should be stored.")
]
#: What a phone number may hold: digits, spaces, "+", "-", ".", "/", brackets, "ext"/"x".
_PHONE = re.compile(r"^\+?[\d\s().\-/]*(?:\s*(?:ext\.?|x)\s*\d+)?$", re.IGNORECASE)
#: An address with one "@", no spaces and a dot in its domain.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _bad(call: ToolCall, param: str, message: str, value: str) -> ToolError:
    problem = t(call.lang, message, value=value)
    return ToolError(t(call.lang, "bad_value", param=param, problem=problem))


def _phone(call: ToolCall, param: str, value: str) -> str:
    text = " ".join(value.split())
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE.match(text) or not 6 <= digits <= 20:
        raise _bad(call, param, "not_a_phone", text)
    return text


def _email(call: ToolCall, value: str) -> str:
    text = value.strip()
    if not _EMAIL.match(text):
        raise _bad(call, "email", "not_an_email", text)
    return text.lower() if text.isupper() else text


async def contact_update(
    deps: ServerDeps,
    contact_id: RecordId,
    phone: Phone = None,
    mobile: Phone = None,
    email: Annotated[str | None, Field(max_length=200, description="Email address.")] = None,
    function: Annotated[
        str | None, Field(min_length=1, max_length=120, description="Job title.")
    ] = None,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Change a contact's or a company's phone, mobile, email or job title; only the
    fields given change."""
    call = start_write(deps, "contact_update", lang)
    given: dict[str, str] = {}
    if phone is not None:
        given["phone"] = _phone(call, "phone", phone)
    if mobile is not None:
        given["mobile"] = _phone(call, "mobile", mobile)
    if email is not None:
        given["email"] = _email(call, email)
    if function is not None:
        given["function"] = " ".join(function.split())
    row = await read_one(
        call, "res.partner", "partner", contact_id, [*PARTNER_FIELDS, "mobile", "function"]
    )
    values: dict[str, Any] = {}
    changes: list[dict[str, Any]] = []
    for key, new in given.items():
        old = row.get(key) or None
        if new != old:
            values[key] = new
            changes.append(change(key, label(call.lang, key), old, new))
    return await PARTNERS.update_fields(
        call,
        tool="contact_update",
        record_id=contact_id,
        name=row.get("name"),
        values=values,
        changes=changes,
        summary_key="update_contact",
        idempotency_key=idempotency_key,
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    mcp.tool(annotations=WRITE, tags={"contacts", "write"})(partial(contact_update, deps))
