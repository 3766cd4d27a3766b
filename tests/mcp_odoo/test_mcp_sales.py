"""Sales tools through a real MCP session, checked against the sandbox."""

from __future__ import annotations

import datetime as dt

import pytest
from mcp_session import McpSession

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_orders_by_state(session: McpSession, odoo: OdooClient) -> None:
    quotations = await session.ok("sale_list_orders", state="quotation", limit=100)
    assert quotations["kind"] == "orders"
    assert quotations["count"] == await odoo.search_count(
        "sale.order", [["state", "in", ["draft", "sent"]]]
    )
    assert all(c["state"] in {"draft", "sent"} for c in quotations["records"])
    confirmed = await session.ok("sale_list_orders", state="order", limit=100)
    assert confirmed["count"] == await odoo.search_count("sale.order", [["state", "=", "sale"]])
    dates = [c["date"] for c in confirmed["records"]]
    assert dates == sorted(dates, reverse=True)


async def test_order_comes_with_its_lines(session: McpSession, odoo: OdooClient) -> None:
    order = (await odoo.search_read("sale.order", [], ["name", "amount_total"], limit=1))[0]
    lines = await odoo.search_count(
        "sale.order.line", [["order_id", "=", order["id"]], ["display_type", "=", False]]
    )
    data = await session.ok("sale_get_order", order_id=order["id"], lang="en")
    card = data["records"][0]
    assert card["name"] == order["name"]
    assert card["amount_total"] == pytest.approx(order["amount_total"])
    assert len(card["lines"]) == lines
    assert f"{lines} lines" in data["summary"]


async def test_sales_summary_groups_add_up(session: McpSession, odoo: OdooClient) -> None:
    start, end = dt.date(2000, 1, 1), dt.date.today()
    domain = [["state", "=", "sale"], ["date_order", ">=", "2000-01-01 00:00:00"]]
    rows = await odoo.search_read("sale.order", domain, ["amount_total", "partner_id"])
    for group_by in ("month", "customer", "salesperson"):
        data = await session.ok(
            "sale_summary", date_from=start.isoformat(), date_to=end.isoformat(), group_by=group_by
        )
        assert data["kind"] == "summary"
        assert data["count"] == len(rows) == sum(g["count"] for g in data["groups"])
        assert data["total"] == pytest.approx(sum(r["amount_total"] for r in rows))
    by_customer = await session.ok("sale_summary", date_from="2000-01-01", group_by="customer")
    amounts = [g["amount"] for g in by_customer["groups"]]
    assert amounts == sorted(amounts, reverse=True)
    assert {c["model"] for c in by_customer["records"]} <= {"res.partner"}


async def test_quotation_is_created_then_confirmed(session: McpSession, odoo: OdooClient) -> None:
    customer = (
        await odoo.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=1)
    )[0]
    products = await odoo.search_read("product.product", [], ["name", "list_price"], limit=2)
    preview = await session.ok(
        "sale_create_quotation",
        customer=customer["id"],
        lines=[
            {"product": products[0]["name"], "quantity": 2},
            {"product": products[1]["id"], "quantity": 1, "price_unit": 10.5},
        ],
    )
    assert preview["status"] == "needs_confirmation"
    assert customer["name"] in preview["summary"]
    done = await session.ok("confirm_action", confirmation_token=preview["confirmation_token"])
    order_id = done["ids"][0]
    order = (await odoo.read("sale.order", [order_id], ["state", "partner_id", "amount_untaxed"]))[
        0
    ]
    assert order["state"] == "draft"
    assert order["partner_id"][0] == customer["id"]
    assert order["amount_untaxed"] == pytest.approx(2 * products[0]["list_price"] + 10.5)

    confirmed = await session.write("sale_confirm_quotation", order_id=order_id)
    assert confirmed["records"][0]["state"] == "sale"
    again = await session.error("sale_confirm_quotation", order_id=order_id, lang="en")
    assert "only quotations can be confirmed" in again
