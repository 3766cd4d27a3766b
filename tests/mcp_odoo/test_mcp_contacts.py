"""Contact writes through a real MCP session, checked against the sandbox."""

from __future__ import annotations

import pytest
from mcp_session import McpSession, unique

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _contact(odoo: OdooClient) -> int:
    created = await odoo.create(
        "res.partner", {"name": unique("Lucía Prueba"), "phone": "+34 600 000 000"}
    )
    assert isinstance(created, int)
    return created


async def test_a_contacts_phone_and_email_change_after_the_confirmation(
    session: McpSession, odoo: OdooClient
) -> None:
    contact = await _contact(odoo)
    preview = await session.ok(
        "contact_update", contact_id=contact, phone="600 123 456", email="lucia@example.com"
    )
    assert preview["status"] == "needs_confirmation"
    assert "Teléfono: 600 123 456" in preview["summary"]
    assert {c["field"]: (c["old"], c["new"]) for c in preview["changes"]} == {
        "phone": ("+34 600 000 000", "600 123 456"),
        "email": (None, "lucia@example.com"),
    }
    [before] = await odoo.read("res.partner", [contact], ["phone", "email"])
    assert (before["phone"], before["email"]) == ("+34 600 000 000", False)  # not yet
    done = await session.ok("confirm_action", confirmation_token=preview["confirmation_token"])
    assert done["status"] == "done"
    [after] = await odoo.read("res.partner", [contact], ["phone", "email"])
    assert (after["phone"], after["email"]) == ("600 123 456", "lucia@example.com")
    assert done["records"][0]["phone"] == "600 123 456"


async def test_bad_contact_values_are_clear_errors_and_change_nothing(
    session: McpSession, odoo: OdooClient
) -> None:
    contact = await _contact(odoo)
    text = await session.error("contact_update", contact_id=contact, phone="call me maybe")
    assert "phone" in text
    assert "teléfono" in text
    text = await session.error("contact_update", contact_id=contact, email="lucia at example")
    assert "email" in text
    text = await session.error("contact_update", contact_id=contact, phone="+34 600 000 000")
    assert "ningún cambio" in text  # the same number: nothing to change
    text = await session.error("contact_update", contact_id=10**9, phone="600 123 456")
    assert "Traceback" not in text
    [row] = await odoo.read("res.partner", [contact], ["phone", "email"])
    assert (row["phone"], row["email"]) == ("+34 600 000 000", False)
