"""Metrics on a FastMCP server: the tool middleware and /metrics over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError

from asgi_server import serving
from daniel import metrics
from metrics_scrape import Scrape


class OdooRefusal(Exception):
    retryable = False


def _server() -> FastMCP:
    server = FastMCP("metrics-test", middleware=[metrics.mcp_tool_metrics_middleware()])

    @server.tool
    def ops_echo(count: int) -> str:
        """Echo a number."""
        return str(count)

    @server.tool
    def ops_refuse() -> str:
        """Always refuse."""
        raise ToolError("That model is not allowed.")

    @server.tool
    def ops_crash() -> str:
        """Always crash."""
        raise RuntimeError("bug")

    @server.tool
    def ops_odoo_refuses() -> str:
        """Odoo answered with a refusal, passed on as a tool error."""
        raise ToolError("Odoo refused: the stage does not exist.") from OdooRefusal("no stage")

    @server.tool
    def ops_odoo_down() -> str:
        """Odoo cannot be reached, passed on as a tool error."""
        raise ToolError("Odoo is unreachable.") from ConnectionRefusedError("refused")

    server.custom_route("/metrics", methods=["GET"])(metrics.metrics_route)
    return server


@pytest.fixture
async def metrics_url() -> AsyncIterator[str]:
    async with serving(_server().http_app(), within=5, log_level="warning") as base:
        yield f"{base}/metrics"


async def _scrape(url: str) -> Scrape:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        return Scrape(await response.text())


async def test_metrics_route_serves_tool_outcomes_over_http(metrics_url: str) -> None:
    before = await _scrape(metrics_url)
    async with Client(_server()) as client:
        assert (await client.call_tool("ops_echo", {"count": 3})).content
        for name, args in (
            ("ops_refuse", {}),
            ("ops_crash", {}),
            ("ops_odoo_refuses", {}),
            ("ops_odoo_down", {}),
            ("ops_echo", {"count": "three"}),
            ("no such tool", {}),
        ):
            result = await client.call_tool(name, args, raise_on_error=False)
            assert result.is_error
    after = await _scrape(metrics_url)

    def delta(tool: str, outcome: str) -> float:
        name = "daniel_mcp_tool_calls_total"
        return after.value(name, tool=tool, outcome=outcome) - before.value(
            name, tool=tool, outcome=outcome
        )

    assert delta("ops_echo", "ok") == 1
    assert delta("ops_echo", "refused") == 1  # "three" is not an integer
    assert delta("ops_refuse", "refused") == 1
    assert delta("ops_crash", "error") == 1
    assert delta("ops_odoo_refuses", "refused") == 1
    assert delta("ops_odoo_down", "error") == 1
    assert delta("unknown", "refused") == 1
    assert "no such tool" not in after.text
