"""What the server refuses: other models, credential fields, private methods, bad input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mcp_session import McpSession, make_config, mcp_session

from daniel.mcp_odoo.core.tool_registry import ToolError
from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

CREDENTIAL = re.compile(r"(password|token|secret|api_?key|totp|oauth|signup)", re.I)


def no_credentials(value: Any) -> None:
    """No key anywhere in `value` names a credential field."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert not CREDENTIAL.search(str(key)), f"credential field {key!r} exposed"
            no_credentials(item)
    elif isinstance(value, list):
        for item in value:
            no_credentials(item)


async def test_models_outside_the_allowlist_are_refused(
    session: McpSession, sandbox: Any, tmp_path: Path
) -> None:
    text = await session.error("odoo_read", model="ir.model", lang="en")
    assert "not allowed" in text
    assert "MCP_ALLOWED_MODELS" in text
    async with mcp_session(make_config(sandbox, tmp_path, extra_models=("ir.model",))) as wider:
        data = await wider.ok("odoo_read", model="ir.model", fields=["model"], limit=5)
    assert data["count"] > 0


async def test_credential_fields_are_never_returned(session: McpSession, odoo: OdooClient) -> None:
    users = await session.ok("odoo_read", model="res.users", limit=100)
    no_credentials(users)
    assert users["count"] == await odoo.search_count("res.users")
    record = await session.resource(f"odoo://res.users/{odoo.uid}")
    assert record["id"] == odoo.uid
    no_credentials(record)
    fields = await session.resource("odoo://res.users/fields")
    assert "login" in fields["fields"]
    no_credentials(fields)
    partner = (await odoo.search_read("res.partner", [], ["id"], limit=1))[0]
    no_credentials(await session.resource(f"odoo://res.partner/{partner['id']}"))


@pytest.mark.parametrize(
    "args",
    [
        {"fields": ["login", "password"]},
        {"fields": ["api_key_ids"]},
        {"domain": [["password", "=", "admin"]]},
        {"domain": [["partner_id.signup_token", "!=", False]]},
        {"order": "password desc"},
    ],
)
async def test_credential_fields_cannot_be_read_or_filtered(
    session: McpSession, args: dict[str, Any]
) -> None:
    text = await session.error("odoo_read", model="res.users", lang="en", **args)
    assert "cannot be read or filtered" in text


async def test_binary_fields_come_back_as_a_size(session: McpSession, odoo: OdooClient) -> None:
    fields = await odoo.fields_get("res.partner", ["type"])
    binary = [name for name, spec in fields.items() if spec["type"] == "binary"]
    assert binary, "the sandbox's res.partner has image fields like Odoo's"
    partner_id = await odoo.create("res.partner", {"name": "Logo", binary[0]: "aGVsbG8gd29ybGQ="})
    data = await session.ok(
        "odoo_read",
        model="res.partner",
        domain=[["id", "=", partner_id]],
        fields=["name", binary[0]],
    )
    assert data["records"][0][binary[0]] == {"binary": True, "size": 11}


async def test_bad_domains_and_orders_are_explained(session: McpSession) -> None:
    assert "domain" in await session.error("odoo_read", model="res.partner", domain=[["name"]])
    assert "operator" in await session.error(
        "odoo_read", model="res.partner", domain=[["name", "like ; drop", "x"]]
    )
    assert "order" in await session.error("odoo_read", model="res.partner", order="name; drop")
    unknown = await session.error("odoo_read", model="res.partner", fields=["no_such_field"])
    assert "no_such_field" in unknown


async def test_malformed_arguments_get_one_clear_line(session: McpSession) -> None:
    too_many = await session.error("crm_list_leads", limit=500)
    assert too_many.startswith("Invalid arguments for crm_list_leads: limit:")
    assert "100" in too_many
    assert "pydantic" not in too_many
    wrong_type = await session.error("crm_get_lead", lead_id="abc")
    assert "lead_id" in wrong_type
    missing = await session.error("crm_get_lead")
    assert "lead_id: is required" in missing
    extra = await session.error("crm_list_stages", bogus=1)
    assert "bogus: is not an argument of this tool" in extra
    bad_choice = await session.error("task_list", deadline="yesterday-ish")
    assert "deadline" in bad_choice


async def test_private_methods_are_never_called(session: McpSession) -> None:
    calls = session.deps.gateway.calls("en")
    before = session.requests
    with pytest.raises(ToolError, match="Private"):
        await calls.call("res.partner", "_compute_display_name", [1])
    assert session.requests == before


async def test_results_are_bounded(session: McpSession, odoo: OdooClient) -> None:
    data = await session.ok("odoo_read", model="res.partner")
    total = await odoo.search_count("res.partner")
    assert len(data["records"]) == min(20, total)
    assert data["has_more"] is (total > 20)
