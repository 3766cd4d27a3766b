"""The metrics and circuit breakers as an operator meets them, wired into the real code.

A WebSocket turn against the avatar app shows up on its `/metrics` (turn latency,
messages in and out, the MCP tool call, the Odoo calls behind it); the MCP HTTP app's
`/metrics` counts the tools it served; and an Odoo that stops answering opens the
client's circuit breaker, so calls fail at once (no request reaches the server) until
the reset timeout lets one through again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport

from asgi_server import serving
from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server
from daniel.mcp_odoo.transport.http import build_http_app
from daniel.odoo import OdooClient, OdooConnectionError
from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.server import AppOptions, create_app
from daniel.settings import load_settings
from metrics_scrape import Scrape

CALLS = "daniel_external_call_duration_seconds_count"
BREAKER = "daniel_circuit_breaker_state"


async def _scrape(client: TestClient[Any, Any]) -> Scrape:
    response = await client.get("/metrics")
    assert response.status == 200
    return Scrape(await response.text())


async def _receive_until(ws: Any, kind: str) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(30):
        while True:
            frame = await ws.receive()
            if frame.type is not WSMsgType.TEXT:
                continue  # speech audio
            message = json.loads(frame.data)
            seen.append(message)
            if message["type"] == kind:
                return seen


async def test_a_websocket_turn_shows_on_the_avatar_metrics(
    aiohttp_client: Callable[..., Awaitable[TestClient[Any, Any]]],
    sandbox: Any,
    tmp_path: Path,
) -> None:
    settings = load_settings(
        odoo_url=sandbox.url,
        odoo_db=sandbox.db,
        odoo_user=sandbox.login,
        odoo_api_key=sandbox.api_key,
        mcp_audit_log=tmp_path / "audit.jsonl",
        daniel_lang="en",
        brain="local",
        tts="local",
        stt="local",
        avatar="local",
    )
    app = create_app(settings, AppOptions(recorder=LatencyRecorder(), probe_providers=False))
    client = await aiohttp_client(app)
    before = await _scrape(client)

    ws = await client.ws_connect("/ws")
    await ws.send_json({"type": "session.start", "lang": "en"})
    await _receive_until(ws, "session.ready")
    await ws.send_json({"type": "user.text", "text": "how is the pipeline"})
    turn = await _receive_until(ws, "turn.end")
    await ws.close()
    after = await _scrape(client)

    tools = {m["name"] for m in turn if m["type"] == "tool" and m.get("status") == "done"}
    assert tools, f"the turn used no tool: {[m['type'] for m in turn]}"
    grew, was = after.value, before.value  # a series' value after and before the turn
    for stage in ("first_text", "end"):
        name = "daniel_turn_latency_seconds_count"
        assert grew(name, stage=stage) == was(name, stage=stage) + 1, stage
    sent = "daniel_ws_messages_total"
    for direction, kind in (
        ("in", "session.start"),
        ("in", "user.text"),
        ("out", "session.ready"),
        ("out", "turn.start"),
        ("out", "agent.text"),
        ("out", "latency"),
        ("out", "turn.end"),
        ("out", "audio"),
    ):
        labels = {"direction": direction, "type": kind}
        assert grew(sent, **labels) > was(sent, **labels), labels
    for tool in tools:
        labels = {"service": "mcp", "operation": tool}
        assert grew(CALLS, **labels) > was(CALLS, **labels), labels
    assert _odoo_calls(after) > _odoo_calls(before)
    assert after.value("daniel_sessions_active") == 0  # the socket closed: no live session
    assert after.value("daniel_ws_connections") == 0


def _odoo_calls(scrape: Scrape) -> float:
    return sum(
        value
        for (name, labels), value in scrape.samples.items()
        if name == CALLS and ("service", "odoo") in labels
    )


@asynccontextmanager
async def _mcp_http(config: ServerConfig) -> AsyncIterator[str]:
    async with serving(build_http_app(create_server(deps=ServerDeps(config)), token=None)) as base:
        yield base


async def test_the_mcp_http_app_counts_the_tools_it_served(sandbox: Any, tmp_path: Path) -> None:
    config = ServerConfig(
        connection=sandbox.connection(), lang="en", audit_log=tmp_path / "audit.jsonl"
    )
    async with _mcp_http(config) as base, httpx2.AsyncClient(timeout=10) as http:
        before = Scrape((await http.get(f"{base}/metrics")).text)
        async with Client(StreamableHttpTransport(f"{base}/mcp")) as mcp:
            result = await mcp.call_tool("crm_pipeline_summary", {})
            assert not result.is_error
            bad = await mcp.call_tool("crm_get_lead", {"lead_id": "abc"}, raise_on_error=False)
            assert bad.is_error
        health = await http.get(f"{base}/health")
        page = await http.get(f"{base}/metrics")
    assert page.status_code == 200
    after = Scrape(page.text)
    calls = "daniel_mcp_tool_calls_total"
    ok = {"tool": "crm_pipeline_summary", "outcome": "ok"}
    refused = {"tool": "crm_get_lead", "outcome": "refused"}
    assert after.value(calls, **ok) == before.value(calls, **ok) + 1
    assert after.value(calls, **refused) == before.value(calls, **refused) + 1
    summary = "daniel_mcp_tool_duration_seconds_count"
    assert after.value(summary, tool="crm_pipeline_summary") >= 1
    assert health.status_code == 200
    assert after.value("daniel_dependency_up", service="odoo") == 1


class FlakyOdoo:
    """A JSON-RPC Odoo that answers HTTP 502 while `down`; counts every request."""

    def __init__(self) -> None:
        self.down = True
        self.requests = 0

    async def jsonrpc(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.down:
            return web.Response(status=502, text="bad gateway")
        envelope = await request.json()
        params = envelope["params"]
        result: Any = 2 if params["service"] == "common" else 7
        return web.json_response({"jsonrpc": "2.0", "id": envelope["id"], "result": result})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/jsonrpc", self.jsonrpc)
        return app


@pytest.fixture
async def flaky_odoo() -> AsyncIterator[tuple[FlakyOdoo, str]]:
    fake = FlakyOdoo()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield fake, str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def test_the_odoo_breaker_fails_fast_while_odoo_is_down_and_recovers(
    flaky_odoo: tuple[FlakyOdoo, str],
) -> None:
    fake, url = flaky_odoo
    odoo = OdooClient(
        url, "db", "admin", "secret", protocol="jsonrpc", retries=0,
        breaker_threshold=3, breaker_reset=0.3,
    )  # fmt: skip
    async with odoo:
        for _ in range(3):
            with pytest.raises(OdooConnectionError, match="HTTP 502"):
                await odoo.search_count("res.partner")
        assert fake.requests == 3
        with pytest.raises(OdooConnectionError) as refused:
            await odoo.search_count("res.partner")
        assert "is not answering; retrying in 1 s" in refused.value.message
        assert url in refused.value.message
        assert fake.requests == 3  # failed at once: nothing reached Odoo
        assert Scrape(_render()).value(BREAKER, breaker="odoo") == 2  # open

        fake.down = False
        await asyncio.sleep(0.35)  # the reset timeout: one trial call may go through
        assert await odoo.search_count("res.partner") == 7
        assert fake.requests == 5  # the login, then the call
        assert Scrape(_render()).value(BREAKER, breaker="odoo") == 0  # closed again
        assert await odoo.search_count("res.partner") == 7


def _render() -> str:
    from daniel import metrics

    return metrics.render()[0].decode()
