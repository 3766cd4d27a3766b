"""The MCP tools answer "my ..." questions on every demo dataset, from the ERP's own
names and currency (checked against the sandbox itself through the plain client)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from mcp_session import McpSession, make_config, mcp_session

from daniel.odoo import OdooClient
from daniel.resources.odoo import datasets

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module", params=datasets.NAMES)
def demo_sandbox(request: pytest.FixtureRequest, sandbox_of: Callable[[str], Any]) -> Any:
    return sandbox_of(str(request.param))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def mcp(
    demo_sandbox: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[McpSession]:
    config = make_config(demo_sandbox, tmp_path_factory.mktemp("mcp"), lang="en")
    async with mcp_session(config) as opened:
        yield opened


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def erp(demo_sandbox: Any) -> AsyncIterator[OdooClient]:
    async with OdooClient(
        demo_sandbox.url, demo_sandbox.db, "admin", demo_sandbox.api_key, retries=0
    ) as client:
        await client.authenticate()
        yield client


def _this_month() -> tuple[str, str]:
    start = date.today().replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start.isoformat(), end.isoformat()


async def test_my_open_opportunities_this_month(mcp: McpSession, erp: OdooClient) -> None:
    first, last = _this_month()
    me = (await erp.read("res.users", [erp.uid or 0], ["name"]))[0]["name"]
    data = await mcp.ok(
        "crm_list_leads",
        salesperson="me",
        type="opportunity",
        date_from=first,
        date_to=last,
        limit=100,
    )
    expected = await erp.search_read(
        "crm.lead",
        [
            ["user_id", "=", erp.uid],
            ["type", "=", "opportunity"],
            ["probability", "<", 100],
            ["date_deadline", ">=", first],
            ["date_deadline", "<=", last],
        ],
        ["name"],
    )
    assert len(expected) >= 3
    assert {c["name"] for c in data["records"]} == {r["name"] for r in expected}
    assert all(c["salesperson"] == me for c in data["records"])


async def test_pipeline_by_the_erps_own_stages_and_currency(
    mcp: McpSession, erp: OdooClient, demo_sandbox: Any
) -> None:
    stages = {s["name"] for s in await erp.search_read("crm.stage", [], ["name"])}
    data = await mcp.ok("crm_pipeline_summary")
    assert {g["label"] for g in data["groups"]} <= stages
    symbol = "$" if datasets.load(demo_sandbox.dataset).company.currency == "USD" else "€"
    assert symbol in data["summary"]
    assert ({"$", "€"} - {symbol}).isdisjoint(data["summary"])


async def test_my_overdue_tasks(mcp: McpSession, erp: OdooClient) -> None:
    today = date.today().isoformat()
    expected = await erp.search_read(
        "project.task",
        [
            ["user_ids", "in", [erp.uid]],
            ["is_closed", "=", False],
            ["date_deadline", "<", today],
        ],
        ["name"],
    )
    data = await mcp.ok("task_list", assignee="me", deadline="overdue", limit=100)
    assert len(expected) >= 2
    assert {c["name"] for c in data["records"]} == {r["name"] for r in expected}
