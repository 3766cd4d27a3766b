"""End to end over the real transports, with the official `mcp` client.

- stdio: `python -m daniel mcp` as a subprocess pointed at the sandbox; every stdout
  line must be protocol.
- streamable HTTP: the server on a free port, bearer token, Origin guard, /health.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp_session import make_config, server_env

from asgi_server import free_socket, serving
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server
from daniel.mcp_odoo.transport.http import build_http_app

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKEN = "test-mcp-token-0123456789"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "probe", "version": "0"},
    },
}


async def test_stdio_end_to_end(sandbox: Any, tmp_path: Path) -> None:
    env = server_env(sandbox, tmp_path)
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "daniel", "mcp"], env=env, cwd=str(tmp_path)
    )
    problems: list[Exception] = []

    async def on_message(message: Any) -> None:
        if isinstance(message, Exception):
            problems.append(message)

    with (tmp_path / "stderr.log").open("w") as errlog:
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write, message_handler=on_message) as client,
        ):
            await client.initialize()
            tools = await client.list_tools()
            names = {tool.name for tool in tools.tools}
            assert {"crm_list_leads", "task_get", "confirm_action"} <= names
            result = await client.call_tool("crm_list_leads", {"limit": 2})
            assert not result.is_error
            data = result.structured_content
            assert data is not None
            assert data["kind"] == "leads"
            assert data["summary"].split(":")[0].endswith("leads")
            fields = await client.read_resource("odoo://crm.lead/fields")
            assert "stage_id" in json.loads(fields.contents[0].text)["fields"]
            prompt = await client.get_prompt("pipeline_review", {"lang": "en"})
            assert "crm_pipeline_summary" in prompt.messages[0].content.text
            bad = await client.call_tool("crm_get_lead", {"lead_id": "abc"})
            assert bad.is_error
            assert bad.content[0].text.startswith("Invalid arguments for crm_get_lead: lead_id")
    assert problems == [], "something other than protocol was written to stdout"
    logs = (tmp_path / "stderr.log").read_text()
    assert sandbox.api_key not in logs


@asynccontextmanager
async def http_server(config: Any, token: str | None) -> AsyncIterator[str]:
    """The MCP server's HTTP app on a free loopback port; yields its base URL."""
    async with http_server_with(ServerDeps(config), token, people=False) as base:
        yield base


@asynccontextmanager
async def http_server_with(
    deps: ServerDeps, token: str | None, *, people: bool = True, require: bool | None = None
) -> AsyncIterator[str]:
    """`http_server`, also taking each person's `<login>:<api key>` bearer (`people`);
    `require`: bearers required even without a static token (MCP_AUTH=odoo)."""
    mcp = create_server(deps=deps)
    app = build_http_app(mcp, token=token, deps=deps if people else None, require_bearer=require)
    async with serving(app, within=10) as base:
        yield base


async def test_streamable_http_with_bearer_token(sandbox: Any, tmp_path: Path) -> None:
    async with http_server(make_config(sandbox, tmp_path, lang="en"), TOKEN) as base:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            streamable_http_client(f"{base}/mcp", http_client=http) as (read, write),
            ClientSession(read, write) as client,
        ):
            await client.initialize()
            result = await client.call_tool("crm_pipeline_summary", {})
            assert not result.is_error
            assert result.structured_content is not None
            assert result.structured_content["kind"] == "summary"

        async with httpx2.AsyncClient(timeout=10) as http:
            accept = {"Accept": "application/json, text/event-stream"}
            anonymous = await http.post(f"{base}/mcp", json=INITIALIZE, headers=accept)
            assert anonymous.status_code == 401
            wrong = await http.post(
                f"{base}/mcp", json=INITIALIZE, headers={**accept, "Authorization": "Bearer nope"}
            )
            assert wrong.status_code == 401
            foreign = await http.post(
                f"{base}/mcp",
                json=INITIALIZE,
                headers={**accept, **headers, "Origin": "http://evil.example"},
            )
            assert foreign.status_code == 403
            health = await http.get(f"{base}/health", headers={"X-Request-ID": "ticket-7"})
            assert health.status_code == 200
            assert health.headers["X-Request-ID"] == "ticket-7"  # findable in the logs
            body = health.json()
            assert body["status"] == "ok"
            assert body["odoo"]["reachable"] is True
            assert TOKEN not in health.text


async def test_health_says_when_odoo_is_down(sandbox: Any, tmp_path: Path) -> None:
    dead = free_socket()
    url = f"http://127.0.0.1:{dead.getsockname()[1]}"
    dead.close()
    async with (
        http_server(make_config(sandbox, tmp_path, url=url), None) as base,
        httpx2.AsyncClient(timeout=10) as http,
    ):
        health = await http.get(f"{base}/health")
    assert health.status_code == 503
    assert health.json() == {
        "status": "degraded",
        "odoo": {
            "reachable": False,
            "latency_ms": health.json()["odoo"]["latency_ms"],
            "reason": "unreachable",
        },
    }
