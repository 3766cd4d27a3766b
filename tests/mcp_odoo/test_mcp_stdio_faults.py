"""A tool or a resource that breaks (a bug, not a refusal): the lean stdio server answers
what the FastMCP server answers, without the exception's text, and keeps serving."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from typing import Any

import pytest
from fastmcp import Client
from mcp.shared.exceptions import MCPError

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.tool_list import offline_config
from daniel.mcp_odoo.transport.fastmcp_app import build_fastmcp, derive_listings
from daniel.mcp_odoo.transport.stdio import LeanStdioServer, encode, lean_listings

SECRET = "connection string postgres://admin:hunter2@db"


def broken_registry() -> ToolRegistry:
    registry = ToolRegistry()

    @registry.tool(annotations={"readOnlyHint": True})
    async def boom(times: int = 1) -> ToolOutput:
        """Always fails."""
        raise RuntimeError(SECRET)

    @registry.tool
    async def fine(times: int = 1) -> ToolOutput:
        """Answers."""
        return ToolOutput(texts=[f"{times} ok"], data={"times": times})

    @registry.tool
    async def dated(times: int = 1) -> ToolOutput:
        """Answers with values JSON has no type for."""
        when = dt.datetime(2026, 12, 7, 9, 30)
        return ToolOutput(texts=("dated",), data={"when": when, "total": Decimal("12.50")})

    @registry.resource("broken://{thing}", name="broken", description="Always fails.")
    async def broken(thing: str) -> str:
        raise RuntimeError(SECRET)

    return registry


async def test_a_broken_tool_or_resource_is_answered_like_fastmcp_without_its_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = broken_registry()
    deps = ServerDeps(offline_config())
    listings = lean_listings(registry, await derive_listings(registry, deps))
    assert listings is not None
    lean = LeanStdioServer(registry, deps, listings, instructions="")

    async def ask(number: int, method: str, params: dict[str, Any]) -> dict[str, Any]:
        message = {"jsonrpc": "2.0", "id": number, "method": method, "params": params}
        answer = await lean.handle(message)
        assert answer is not None
        assert answer["id"] == number
        return answer

    caplog.set_level(logging.ERROR)
    tool = await ask(1, "tools/call", {"name": "boom", "arguments": {}})
    resource = await ask(2, "resources/read", {"uri": "broken://x"})
    still = await ask(3, "tools/call", {"name": "fine", "arguments": {"times": 2}})
    dated = json.loads(encode(await ask(4, "tools/call", {"name": "dated", "arguments": {}})))
    assert SECRET not in json.dumps([tool, resource, still])
    assert "RuntimeError" in caplog.text  # the operator's log has the traceback

    async with Client(build_fastmcp(registry, deps, "")) as client:
        theirs = await client.call_tool_mcp("boom", {})
        with pytest.raises(MCPError) as resource_error:
            await client.read_resource_mcp("broken://x")
        fine = await client.call_tool_mcp("fine", {"times": 2})
        their_dated = await client.call_tool_mcp("dated", {})
    assert tool["result"] == {
        "content": [{"type": "text", "text": theirs.content[0].text}],  # type: ignore[union-attr]
        "isError": True,
    }
    assert theirs.is_error
    assert resource["error"] == {
        "code": resource_error.value.error.code,
        "message": resource_error.value.error.message,
    }
    assert still["result"]["structuredContent"] == fine.structured_content == {"times": 2}
    assert still["result"]["content"][0]["text"] == "2 ok"
    assert dated["result"]["structuredContent"] == their_dated.structured_content
    assert dated["result"]["structuredContent"]["when"] == "2026-12-07T09:30:00"
