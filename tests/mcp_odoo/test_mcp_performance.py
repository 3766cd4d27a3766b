"""Fewest round trips: the Odoo requests each read tool makes, counted on the wire.

Odoo sits behind `OdooProxy` in serial mode (one request at a time, like one Odoo
worker), which names every request it passes on. Once warm (login, name caches), every
read costs one Odoo request. A list reads its page and total with `web_search_read`
when Odoo has it (17+, known from the version protocol `auto` asks); otherwise
(`jsonrpc` forced: version unknown) with `search_read`, adding a `search_count` only
when the page comes back full, so the total stays exact. Totals come from the data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from mcp_session import McpSession, make_config, mcp_session

from daniel.odoo import OdooClient
from fakes.odoo_proxy import OdooProxy

pytestmark = pytest.mark.asyncio(loop_scope="module")

OPEN_LEADS = [["active", "=", True], ["probability", "<", 100]]
OPEN_ORDERS = [["state", "in", ["draft", "sent", "sale"]]]

#: tool, arguments, model read, ground-truth domain of the list.
LISTS: list[tuple[str, dict[str, Any], str, list[Any]]] = [
    ("crm_list_leads", {}, "crm.lead", OPEN_LEADS),
    ("task_list", {"include_closed": True}, "project.task", []),
    ("project_list", {}, "project.project", []),
    ("sale_list_orders", {}, "sale.order", OPEN_ORDERS),
    ("user_list", {}, "res.users", []),
    ("odoo_read", {"model": "res.partner", "fields": ["name"]}, "res.partner", []),
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def proxy(sandbox: Any) -> AsyncIterator[OdooProxy]:
    async with OdooProxy(sandbox.url, serial=True) as opened:
        yield opened


async def _session_with(
    sandbox: Any, proxy: OdooProxy, folder: Path, protocol: str
) -> AsyncIterator[McpSession]:
    config = make_config(sandbox, folder, url=proxy.url)
    config.connection.protocol = protocol
    async with mcp_session(config) as opened:
        yield opened


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def by_web(
    sandbox: Any, proxy: OdooProxy, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[McpSession]:
    """Protocol auto: the server knows Odoo's version (web_search_read)."""
    async for opened in _session_with(sandbox, proxy, tmp_path_factory.mktemp("web"), "auto"):
        yield opened


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def by_count(
    sandbox: Any, proxy: OdooProxy, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[McpSession]:
    """JSON-RPC forced: Odoo's version unknown (search_read, a count when full)."""
    async for opened in _session_with(sandbox, proxy, tmp_path_factory.mktemp("rpc"), "jsonrpc"):
        yield opened


@pytest.fixture(params=["web", "count"])
def way(request: pytest.FixtureRequest, by_web: McpSession, by_count: McpSession) -> str:
    return str(request.param)


def session_for(way: str, by_web: McpSession, by_count: McpSession) -> McpSession:
    return by_web if way == "web" else by_count


def page_call(way: str, model: str) -> str:
    return f"{model}.web_search_read" if way == "web" else f"{model}.search_read"


async def calls_of(
    session: McpSession, proxy: OdooProxy, tool: str, args: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """The Odoo calls one warm tool call makes, and its result."""
    await session.ok(tool, **args)  # warm-up: login, version probe, fields, name caches
    mark = proxy.mark()
    data = await session.ok(tool, **args)
    return proxy.calls(mark), data


LIST_IDS = [t[0] for t in LISTS]


@pytest.mark.parametrize(("tool", "args", "model", "domain"), LISTS, ids=LIST_IDS)
async def test_a_list_that_fits_its_page_costs_one_request(
    way: str,
    by_web: McpSession,
    by_count: McpSession,
    proxy: OdooProxy,
    odoo: OdooClient,
    tool: str,
    args: dict[str, Any],
    model: str,
    domain: list[Any],
) -> None:
    total = await odoo.search_count(model, domain)
    limit = max(1, min(total, 100))
    page = {**args, "limit": limit, "offset": total - limit if total > limit else 0}
    made, data = await calls_of(session_for(way, by_web, by_count), proxy, tool, page)
    assert made == [page_call(way, model)], made
    assert data["count"] == total
    assert data["has_more"] is False
    assert proxy.max_in_flight == 1


@pytest.mark.parametrize(("tool", "args", "model", "domain"), LISTS, ids=LIST_IDS)
async def test_a_full_page_keeps_the_total_exact(
    way: str,
    by_web: McpSession,
    by_count: McpSession,
    proxy: OdooProxy,
    odoo: OdooClient,
    tool: str,
    args: dict[str, Any],
    model: str,
    domain: list[Any],
) -> None:
    """One request with web_search_read; search_read needs a count after a full page."""
    total = await odoo.search_count(model, domain)
    assert total >= 2, f"the demo data needs two {model} records for this test"
    limit = min(total - 1, 100)
    session = session_for(way, by_web, by_count)
    made, data = await calls_of(session, proxy, tool, {**args, "limit": limit})
    counted = [] if way == "web" else [f"{model}.search_count"]
    assert made == [page_call(way, model), *counted], made
    assert data["count"] == total
    assert len(data["records"]) == limit
    assert data["has_more"] is True


@pytest.mark.parametrize(("tool", "args", "model", "domain"), LISTS, ids=LIST_IDS)
async def test_both_ways_give_the_same_answer(
    by_web: McpSession,
    by_count: McpSession,
    tool: str,
    args: dict[str, Any],
    model: str,
    domain: list[Any],
) -> None:
    page = {**args, "limit": 7, "offset": 1}
    assert await by_web.ok(tool, **page) == await by_count.ok(tool, **page)


async def test_a_page_past_the_end_reports_the_true_total(
    way: str, by_web: McpSession, by_count: McpSession, proxy: OdooProxy, odoo: OdooClient
) -> None:
    total = await odoo.search_count("res.users", [])
    session = session_for(way, by_web, by_count)
    made, data = await calls_of(session, proxy, "user_list", {"offset": total + 5})
    assert made == [page_call(way, "res.users"), "res.users.search_count"], made
    assert data["count"] == total
    assert data["records"] == []


async def test_every_other_read_costs_one_request(
    by_web: McpSession, proxy: OdooProxy, odoo: OdooClient
) -> None:
    task = (await odoo.search_read("project.task", [], ["id"], limit=1))[0]
    lead = (await odoo.search_read("crm.lead", [], ["id"], limit=1))[0]
    reads: list[tuple[str, dict[str, Any], str]] = [
        ("crm_pipeline_summary", {}, "crm.lead.read_group"),
        ("crm_get_lead", {"lead_id": lead["id"]}, "crm.lead.read"),
        ("crm_list_stages", {}, "crm.stage.search_read"),
        ("task_get", {"task_id": task["id"]}, "project.task.read"),
        ("task_list", {"deadline": "this_week", "assignee": "me"}, "project.task.web_search_read"),
        ("sale_summary", {"group_by": "customer"}, "sale.order.read_group"),
    ]
    for tool, args, expected in reads:
        made, _ = await calls_of(by_web, proxy, tool, args)
        assert made == [expected], (tool, made)
    assert proxy.max_in_flight == 1


async def _read_tools(session: McpSession) -> set[str]:
    """Every tool the server lists as read-only: the test below must cover each one."""
    listed = await session.client.list_tools()
    return {t.name for t in listed if t.annotations and t.annotations.read_only_hint}


async def test_every_read_tool_costs_exactly_one_request(
    by_web: McpSession, proxy: OdooProxy, odoo: OdooClient
) -> None:
    order = (await odoo.search_read("sale.order", [], ["id", "name"], limit=1))[0]
    lead = (await odoo.search_read("crm.lead", [], ["id", "name"], limit=1))[0]
    task = (await odoo.search_read("project.task", [], ["id"], limit=1))[0]
    partner = (await odoo.search_read("res.partner", [], ["name"], limit=1))[0]
    word = str(partner["name"]).split()[0]
    reads: dict[str, dict[str, Any]] = {
        "crm_list_leads": {},
        "crm_pipeline_summary": {},
        "crm_get_lead": {"lead_id": lead["id"]},
        "crm_list_stages": {},
        "project_list": {},
        "task_list": {"deadline": "this_week", "assignee": "me"},
        "task_get": {"task_id": task["id"]},
        "sale_list_orders": {},
        "sale_get_order": {"order_id": order["id"]},
        "sale_summary": {"group_by": "customer"},
        "user_list": {},
        "user_context": {},
        "odoo_read": {"model": "res.partner", "fields": ["name"]},
        "odoo_aggregate": {"model": "crm.lead", "group_by": ["stage_id"]},
        "odoo_names": {"model": "res.partner", "limit": 5},
        # Odoo searches one model per request: asked about one area, these cost one
        # (across every area, one per area: see the next test).
        "search_records": {"text": word, "models": ["partners"]},
        "resolve_name": {"text": word, "kind": "partner"},
    }
    assert await _read_tools(by_web) == set(reads), "a read tool has no case here"
    costs = {}
    for tool, args in reads.items():
        made, _ = await calls_of(by_web, proxy, tool, args)
        costs[tool] = made
    assert {tool: made for tool, made in costs.items() if len(made) != 1} == {}
    assert proxy.max_in_flight == 1


async def test_a_search_across_areas_costs_one_request_per_area(
    by_web: McpSession, proxy: OdooProxy, odoo: OdooClient
) -> None:
    partner = (await odoo.search_read("res.partner", [], ["name"], limit=1))[0]
    word = str(partner["name"]).split()[0]
    made, data = await calls_of(by_web, proxy, "search_records", {"text": word})
    assert sorted(made) == sorted(f"{model}.search_read" for model in data["by_model"])
    made, _ = await calls_of(by_web, proxy, "resolve_name", {"text": word})
    assert len(made) == len(set(made))  # each model asked once


async def test_an_order_reads_the_same_in_one_request_or_two(
    by_web: McpSession, by_count: McpSession, proxy: OdooProxy, odoo: OdooClient
) -> None:
    """Odoo 17+: the lines come inside the order (`web_search_read`); older: two reads."""
    orders = await odoo.search_read("sale.order", [], ["id", "order_line"], limit=50)
    order = max(orders, key=lambda row: len(row["order_line"]))
    assert len(order["order_line"]) >= 2, "the demo data needs an order with two lines"
    one, by_web_data = await calls_of(by_web, proxy, "sale_get_order", {"order_id": order["id"]})
    two, by_count_data = await calls_of(
        by_count, proxy, "sale_get_order", {"order_id": order["id"]}
    )
    assert one == ["sale.order.web_search_read"]
    assert sorted(two) == ["sale.order.line.search_read", "sale.order.read"]
    assert by_web_data == by_count_data
    lines = by_web_data["records"][0]["lines"]
    assert len(lines) == len(order["order_line"])
    assert all(line["product"] for line in lines)
