"""Fewest round trips: Odoo HTTP requests per representative tool call, once warm."""

from __future__ import annotations

import pytest
from mcp_session import McpSession

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def requests_for(session: McpSession, tool: str, **args: object) -> int:
    before = session.requests
    await session.ok(tool, **args)
    return session.requests - before


async def test_request_counts_per_tool(session: McpSession, odoo: OdooClient) -> None:
    task = (await odoo.search_read("project.task", [], ["id"], limit=1))[0]
    order = (await odoo.search_read("sale.order", [], ["id"], limit=1))[0]
    calls: list[tuple[str, dict[str, object], int]] = [
        ("crm_list_leads", {"limit": 5}, 2),
        ("crm_list_leads", {"salesperson": "me", "stage": "Nuevo", "min_revenue": 10}, 2),
        ("crm_pipeline_summary", {}, 1),
        ("task_get", {"task_id": task["id"]}, 1),
        ("task_list", {"deadline": "this_week"}, 2),
        ("project_list", {}, 2),
        ("sale_list_orders", {"state": "order"}, 2),
        ("sale_get_order", {"order_id": order["id"]}, 2),
        ("sale_summary", {"group_by": "customer"}, 1),
        ("crm_list_stages", {}, 1),
    ]
    for tool, args, _ in calls:  # warm-up: login, version probe, name caches
        await session.raw(tool, **args)
    made = [(tool, await requests_for(session, tool, **args), most) for tool, args, most in calls]
    assert all(count <= most for _, count, most in made), made
    assert ("task_get", 1, 1) in made
