"""`odoo_aggregate` and `odoo_names` through a real MCP session, against the sandbox."""

from __future__ import annotations

import pytest
from mcp_session import McpSession

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

OPPORTUNITIES = [["type", "=", "opportunity"], ["stage_id.is_won", "=", False]]


async def test_totals_and_groups_agree_with_odoo(session: McpSession, odoo: OdooClient) -> None:
    total = await session.ok(
        "odoo_aggregate", model="crm.lead", domain=OPPORTUNITIES, measures=["expected_revenue:sum"]
    )
    rows = await odoo.search_read("crm.lead", OPPORTUNITIES, ["expected_revenue", "stage_id"])
    assert total["count"] == len(rows) > 0
    expected_sum = sum(row["expected_revenue"] for row in rows)
    assert total["groups"][0]["values"]["expected_revenue:sum"] == pytest.approx(expected_sum)

    by_stage = await session.ok(
        "odoo_aggregate", model="crm.lead", domain=OPPORTUNITIES, group_by=["stage_id"]
    )
    counted: dict[int, int] = {}
    for row in rows:
        counted[row["stage_id"][0]] = counted.get(row["stage_id"][0], 0) + 1
    assert {g["key"]["stage_id"]["id"]: g["count"] for g in by_stage["groups"]} == counted
    assert all(isinstance(g["key"]["stage_id"]["name"], str) for g in by_stage["groups"])


async def test_dates_group_by_month(session: McpSession) -> None:
    data = await session.ok(
        "odoo_aggregate",
        model="sale.order",
        domain=[["state", "=", "sale"]],
        group_by=["date_order:month"],
        measures=["amount_untaxed:sum"],
    )
    assert len(data["groups"]) >= 2
    assert all(g["key"]["date_order:month"] for g in data["groups"])


async def test_bad_specs_and_secret_fields_are_refused(session: McpSession) -> None:
    text = await session.error("odoo_aggregate", model="crm.lead", measures=["name:sum"])
    assert "name" in text
    text = await session.error("odoo_aggregate", model="crm.lead", group_by=["nope"])
    assert "nope" in text
    text = await session.error("odoo_names", model="res.users", fields=["password"])
    assert "password" in text
    text = await session.error("odoo_aggregate", model="ir.config_parameter")
    assert "ir.config_parameter" in text


async def test_names_lists_every_record_compactly(session: McpSession, odoo: OdooClient) -> None:
    data = await session.ok("odoo_names", model="res.partner", fields=["email"], limit=5000)
    expected = await odoo.search_count("res.partner", [])
    assert data["count"] == expected > 20
    assert all(set(item) == {"id", "name", "email"} for item in data["names"])
