"""CRM tools through a real MCP session, checked against the sandbox itself."""

from __future__ import annotations

import pytest
from mcp_session import McpSession, unique

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

OPEN = [["active", "=", True], ["probability", "<", 100]]


async def test_list_leads_counts_and_pages_like_odoo(session: McpSession, odoo: OdooClient) -> None:
    expected = await odoo.search_count("crm.lead", OPEN)
    data = await session.ok("crm_list_leads", limit=2)
    assert data["kind"] == "leads"
    assert data["count"] == expected
    assert len(data["records"]) == min(2, expected)
    assert data["has_more"] is (expected > 2)
    revenues = [card["expected_revenue"] for card in data["records"]]
    assert revenues == sorted(revenues, reverse=True)
    for card in data["records"]:
        assert card["model"] == "crm.lead"
        assert card["url"].endswith(f"/odoo/crm.lead/{card['id']}")
        assert card["status"] == "open"
    page2 = await session.ok("crm_list_leads", limit=2, offset=2)
    assert {c["id"] for c in page2["records"]}.isdisjoint({c["id"] for c in data["records"]})


async def test_list_leads_filters_by_salesperson_me_and_min_revenue(
    session: McpSession, odoo: OdooClient
) -> None:
    me = (await odoo.read("res.users", [odoo.uid or 0], ["name"]))[0]["name"]
    data = await session.ok("crm_list_leads", salesperson="me", min_revenue=1000, limit=100)
    expected = await odoo.search_count(
        "crm.lead", [*OPEN, ["user_id", "=", odoo.uid], ["expected_revenue", ">=", 1000]]
    )
    assert data["count"] == expected
    assert all(c["salesperson"] == me and c["expected_revenue"] >= 1000 for c in data["records"])


async def test_summaries_speak_the_asked_language(session: McpSession) -> None:
    spanish = await session.ok("crm_list_leads", limit=3)
    english = await session.ok("crm_list_leads", limit=3, lang="en")
    assert "oportunidades" in spanish["summary"]
    assert "leads" in english["summary"]
    assert spanish["records"] == english["records"]


async def test_pipeline_summary_groups_match_the_opportunities(
    session: McpSession, odoo: OdooClient
) -> None:
    domain = [["type", "=", "opportunity"], ["active", "=", True]]
    rows = await odoo.search_read("crm.lead", domain, ["expected_revenue"])
    data = await session.ok("crm_pipeline_summary", lang="en")
    assert data["kind"] == "summary"
    assert sum(g["count"] for g in data["groups"]) == len(rows) == data["count"]
    assert data["total"] == pytest.approx(sum(r["expected_revenue"] for r in rows))
    assert all({"key", "label", "count", "amount", "won"} <= set(g) for g in data["groups"])


async def test_pipeline_summary_counts_won_deals_apart(
    session: McpSession, odoo: OdooClient
) -> None:
    won = [s["id"] for s in await odoo.search_read("crm.stage", [["is_won", "=", True]], ["id"])]
    active = [["type", "=", "opportunity"], ["active", "=", True]]
    open_rows = await odoo.search_read(
        "crm.lead", [*active, ["stage_id", "not in", won]], ["expected_revenue"]
    )
    won_rows = await odoo.search_read(
        "crm.lead", [*active, ["stage_id", "in", won]], ["expected_revenue"]
    )
    data = await session.ok("crm_pipeline_summary")
    assert data["open_count"] == len(open_rows)
    assert data["won_count"] == len(won_rows)
    assert data["open_total"] == pytest.approx(sum(r["expected_revenue"] for r in open_rows))
    assert data["won_total"] == pytest.approx(sum(r["expected_revenue"] for r in won_rows))
    assert data["open_count"] + data["won_count"] == data["count"]
    assert {g["key"] for g in data["groups"] if g["won"]} <= set(won)
    assert data["summary"].startswith(f"Pipeline: {len(open_rows)} oportunidades abiertas")
    if won_rows:
        assert f"además {len(won_rows)} ganadas" in data["summary"]
    english = await session.ok("crm_pipeline_summary", lang="en")
    assert english["summary"].startswith(f"Pipeline: {len(open_rows)} open opportunities")


async def test_get_lead_and_stages(session: McpSession, odoo: OdooClient) -> None:
    lead = (await odoo.search_read("crm.lead", OPEN, ["name", "stage_id"], limit=1))[0]
    data = await session.ok("crm_get_lead", lead_id=lead["id"])
    card = data["records"][0]
    assert card["name"] == lead["name"]
    assert card["stage"] == lead["stage_id"][1]
    assert lead["name"] in data["summary"]
    stages = await session.ok("crm_list_stages")
    assert stages["count"] == await odoo.search_count("crm.stage")
    missing = await session.error("crm_get_lead", lead_id=999999, lang="en")
    assert "999999" in missing


async def test_create_lead_waits_for_confirmation(session: McpSession, odoo: OdooClient) -> None:
    name = unique("Flota de furgonetas")
    preview = await session.ok(
        "crm_create_lead",
        name=name,
        expected_revenue=12000,
        salesperson="me",
        deadline="2030-06-14",
    )
    assert preview["status"] == "needs_confirmation"
    assert preview["expires_in"] == 120
    assert preview["tool"] == "crm_create_lead"
    assert preview["model"] == "crm.lead"
    assert {c["field"] for c in preview["changes"]} >= {"name", "expected_revenue", "user_id"}
    assert name in preview["summary"]
    assert "viernes 14/6/2030" in preview["summary"]
    assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 0

    done = await session.ok("confirm_action", confirmation_token=preview["confirmation_token"])
    assert done["status"] == "done"
    lead_id = done["records"][0]["id"]
    rows = await odoo.read("crm.lead", [lead_id], ["name", "expected_revenue", "user_id"])
    assert rows[0]["name"] == name
    assert rows[0]["expected_revenue"] == 12000
    assert rows[0]["user_id"][0] == odoo.uid
    seen = await session.ok("crm_get_lead", lead_id=lead_id)
    assert seen["records"][0]["expected_revenue"] == 12000


async def test_new_customer_name_becomes_the_company_name(
    session: McpSession, odoo: OdooClient
) -> None:
    company = unique("Transportes Nadie")
    done = await session.write("crm_create_lead", name=unique("Ruta"), customer=company)
    row = (await odoo.read("crm.lead", [done["ids"][0]], ["partner_id", "partner_name"]))[0]
    assert row["partner_id"] is False
    assert row["partner_name"] == company


async def test_lead_moves_through_stages_and_is_won_or_lost(
    session: McpSession, odoo: OdooClient
) -> None:
    stages = await odoo.search_read(
        "crm.stage", [["is_won", "=", False]], ["name"], order="sequence"
    )
    lead = await session.write(
        "crm_create_lead", name=unique("Reforma oficina"), expected_revenue=500
    )
    lead_id = lead["ids"][0]

    moved = await session.write("crm_move_stage", lead_id=lead_id, stage=stages[-1]["name"])
    assert moved["records"][0]["stage"] == stages[-1]["name"]

    await session.write("crm_update_lead", lead_id=lead_id, expected_revenue=750, probability=40)
    row = (await odoo.read("crm.lead", [lead_id], ["expected_revenue", "probability"]))[0]
    assert (row["expected_revenue"], row["probability"]) == (750, 40)

    won = await session.write("crm_mark_won", lead_id=lead_id)
    assert won["records"][0]["status"] == "won"
    lost = await session.write("crm_mark_lost", lead_id=lead_id, reason="Precio")
    assert lost["records"][0]["status"] == "lost"
    listed = await session.ok("crm_list_leads", status="lost", query=lead["records"][0]["name"])
    assert [c["id"] for c in listed["records"]] == [lead_id]


async def test_log_note_reaches_the_chatter(session: McpSession, odoo: OdooClient) -> None:
    lead = await session.write("crm_create_lead", name=unique("Nota"))
    lead_id = lead["ids"][0]
    before = await odoo.search_count(
        "mail.message", [["model", "=", "crm.lead"], ["res_id", "=", lead_id]]
    )
    note = unique("Llamar el lunes")
    await session.write("crm_log_note", lead_id=lead_id, note=note)
    messages = await odoo.search_read(
        "mail.message", [["model", "=", "crm.lead"], ["res_id", "=", lead_id]], ["body"]
    )
    assert len(messages) == before + 1
    assert any(note in str(m["body"]) for m in messages)


async def test_update_without_changes_is_a_clear_error(
    session: McpSession, odoo: OdooClient
) -> None:
    lead = (await odoo.search_read("crm.lead", OPEN, ["name"], limit=1))[0]
    text = await session.error("crm_update_lead", lead_id=lead["id"], lang="en")
    assert "No change given" in text


async def test_a_change_to_what_already_is_says_so(session: McpSession, odoo: OdooClient) -> None:
    """Giving a deal to the salesperson who owns it said "No change given": the change was
    given, and is already so."""
    lead = (
        await odoo.search_read(
            "crm.lead", [*OPEN, ["user_id", "!=", False]], ["name", "user_id"], limit=1
        )
    )[0]
    owner = lead["user_id"][1]
    text = await session.error("crm_update_lead", lead_id=lead["id"], salesperson=owner, lang="en")
    assert f"is already so (Salesperson: {owner}): there is nothing to change" in text
    [after] = await odoo.read("crm.lead", [lead["id"]], ["user_id"])
    assert after["user_id"][1] == owner
