"""Names instead of ids: free-text search, name resolution, ambiguity, users."""

from __future__ import annotations

import uuid

import pytest
from mcp_session import McpSession

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


def token() -> str:
    return uuid.uuid4().hex[:8]


async def test_search_records_looks_everywhere_at_once(
    session: McpSession, odoo: OdooClient
) -> None:
    tag = token()
    partner_id = await odoo.create(
        "res.partner", {"name": f"Talleres {tag}", "email": f"{tag}@ruiz.example"}
    )
    lead_id = await odoo.create("crm.lead", {"name": f"Flota {tag}", "type": "opportunity"})
    data = await session.ok("search_records", text=tag, lang="en")
    found = {(c["model"], c["id"]) for c in data["records"]}
    assert ("res.partner", partner_id) in found
    assert ("crm.lead", lead_id) in found
    assert data["by_model"]["res.partner"] >= 1
    by_email = await session.ok("search_records", text=f"{tag}@ruiz", models=["partners"])
    assert [c["id"] for c in by_email["records"]] == [partner_id]


async def test_resolve_name_is_accent_insensitive(session: McpSession, odoo: OdooClient) -> None:
    tag = token()
    partner_id = await odoo.create("res.partner", {"name": f"María Núñez {tag}"})
    data = await session.ok("resolve_name", text=f"Maria Nunez {tag}", kind="partner")
    assert data["records"][0]["id"] == partner_id
    assert data["records"][0]["match"] == "accent-insensitive"
    exact = await session.ok("resolve_name", text=f"María Núñez {tag}", kind="person")
    assert exact["records"][0]["id"] == partner_id
    assert exact["records"][0]["match"] == "exact"


async def test_the_acme_deal_finds_the_lead_of_acme(session: McpSession, odoo: OdooClient) -> None:
    tag = token()
    partner_id = await odoo.create("res.partner", {"name": f"Acme{tag}", "is_company": True})
    lead_id = await odoo.create(
        "crm.lead", {"name": f"Renovación {tag}", "partner_id": partner_id, "type": "opportunity"}
    )
    data = await session.ok("resolve_name", text=f"the Acme{tag} deal", kind="lead")
    assert data["records"][0]["id"] == lead_id
    assert data["records"][0]["match"] == "customer"
    listed = await session.ok("crm_list_leads", customer=f"Acme{tag}")
    assert [c["id"] for c in listed["records"]] == [lead_id]


async def test_ambiguous_names_ask_back_with_ids(session: McpSession, odoo: OdooClient) -> None:
    tag = token()
    first = await odoo.create("res.partner", {"name": f"{tag} Ana Pérez"})
    second = await odoo.create("res.partner", {"name": f"{tag} Ana Gómez"})
    text = await session.error("crm_create_lead", name="x", customer=f"{tag} Ana", lang="en")
    assert "Several" in text
    assert f"id {first}" in text
    assert f"id {second}" in text
    spanish = await session.error("crm_create_lead", name="x", customer=f"{tag} Ana")
    assert "Varios" in spanish
    chosen = await session.ok("crm_create_lead", name="x", customer=f"{tag} Ana Gómez")
    assert any(c["new"] == f"{tag} Ana Gómez" for c in chosen["changes"])
    await session.ok("cancel_action", confirmation_token=chosen["confirmation_token"])


async def test_unknown_names_say_so(session: McpSession, odoo: OdooClient) -> None:
    lead = (await odoo.search_read("crm.lead", [], ["name"], limit=1))[0]
    missing = await session.error(
        "crm_move_stage", lead_id=lead["id"], stage=f"Nowhere {token()}", lang="en"
    )
    assert "No stage named «Nowhere" in missing


async def test_user_context_and_user_list(session: McpSession, odoo: OdooClient) -> None:
    me = (await odoo.read("res.users", [odoo.uid or 0], ["name", "login"]))[0]
    data = await session.ok("user_context", lang="en")
    assert data["user"]["uid"] == odoo.uid
    assert data["user"]["login"] == me["login"]
    assert data["summary"].startswith(f"Signed in as {me['name']}")
    users = await session.ok("user_list", limit=100)
    assert users["count"] == await odoo.search_count("res.users")
    assert all("password" not in card for card in users["records"])
