"""The MCP HTTP server across replicas: no MCP session is kept, so any replica serves
any request of one client session.

Two MCP HTTP servers (two processes' worth of state: separate `ServerDeps`, separate
uvicorn servers on their own sockets) sit behind a round-robin proxy that sends each
request to the other one, as a load balancer without affinity does. A sessionless
(2026-07-28) client and a handshake-era client (2025-06-18, which holds an
`mcp-session-id`) both get every answer. With a shared Redis (`REDIS_URL`), a write
proposed by one replica is confirmed or cancelled by the other, once.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from mcp_session import make_config

from asgi_server import free_socket, serving
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server
from daniel.mcp_odoo.transport.http import build_http_app
from daniel.odoo import OdooClient

TOKEN = "replica-token-for-tests-000000"
_PASSED = ("content-type", "accept", "authorization", "mcp-session-id", "mcp-protocol-version")


@asynccontextmanager
async def _replica(config: Any) -> AsyncIterator[str]:
    deps = ServerDeps(config)
    async with serving(build_http_app(create_server(deps=deps), token=TOKEN, deps=deps)) as base:
        yield base


class RoundRobin:
    """A load balancer without affinity: each request goes to the next replica (tool
    calls take turns among themselves, so consecutive tool calls always change replica,
    whatever else the client sends between them)."""

    def __init__(self, upstreams: list[str], http: aiohttp.ClientSession) -> None:
        self._http = http
        self._next = itertools.cycle(upstreams)
        self._next_call = itertools.cycle(upstreams)
        #: (replica, JSON-RPC method) of every request passed on.
        self.served: list[tuple[str, str]] = []
        #: (replica, tool name) of every tools/call passed on.
        self.tools: list[tuple[str, str]] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        method, tool = "?", ""
        if body:
            with suppress(ValueError, AttributeError, TypeError, KeyError):
                message = json.loads(body)
                method = str(message.get("method", "?"))
                tool = str(message["params"]["name"]) if method == "tools/call" else ""
        upstream = next(self._next_call if tool else self._next)
        if tool:
            self.tools.append((upstream, tool))
        self.served.append((upstream, method))
        headers = {k: v for k, v in request.headers.items() if k.lower() in _PASSED}
        async with self._http.request(
            request.method, upstream + request.path_qs, data=body, headers=headers
        ) as answer:
            data = await answer.read()
            kept = {k: v for k, v in answer.headers.items() if k.lower() in _PASSED}
            return web.Response(status=answer.status, body=data, headers=kept)


@asynccontextmanager
async def _balanced(config: Any, other: Any = None) -> AsyncIterator[tuple[str, RoundRobin]]:
    async with (
        _replica(config) as one,
        _replica(other or config) as two,
        aiohttp.ClientSession() as http,
    ):
        balancer = RoundRobin([one, two], http)
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", balancer.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        sock = free_socket()
        await web.SockSite(runner, sock).start()
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}/mcp", balancer
        finally:
            await runner.cleanup()
            sock.close()


def _replicas_that_served(balancer: RoundRobin, method: str) -> set[str]:
    return {upstream for upstream, seen in balancer.served if seen == method}


async def test_one_client_session_is_served_by_either_replica(sandbox: Any, tmp_path: Path) -> None:
    config = make_config(sandbox, tmp_path, lang="en")
    async with (
        _balanced(config) as (url, balancer),
        Client(StreamableHttpTransport(url, auth=TOKEN)) as mcp,
    ):
        names = {tool.name for tool in await mcp.list_tools()}
        assert "crm_pipeline_summary" in names
        summaries = []
        for _ in range(4):
            result = await mcp.call_tool("crm_pipeline_summary", {})
            summaries.append(result.structured_content["summary"])
        lead = await mcp.call_tool("crm_list_leads", {"limit": 1})
        assert lead.structured_content["records"]
    assert len(set(summaries)) == 1
    assert summaries[0].startswith("Pipeline")
    assert len(_replicas_that_served(balancer, "tools/call")) == 2


async def test_a_handshake_era_client_keeps_working_when_its_replica_changes(
    sandbox: Any, tmp_path: Path
) -> None:
    headers = {
        "Authorization": f"Bearer {TOKEN}",
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    hello = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "older-client", "version": "1"},
        },
    }
    async with (
        _balanced(make_config(sandbox, tmp_path, lang="en")) as (url, balancer),
        aiohttp.ClientSession(headers=headers) as http,
    ):
        async with http.post(url, json=hello) as answer:
            assert answer.status == 200
            assert "2025-06-18" in await answer.text()
            session = answer.headers.get("mcp-session-id")
        later = {"MCP-Protocol-Version": "2025-06-18"}
        if session:  # a client sends back whatever session id it was given
            later["mcp-session-id"] = session
        ready = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        async with http.post(url, json=ready, headers=later) as answer:
            assert answer.status < 300
        texts = []
        for number in range(3):
            call = {
                "jsonrpc": "2.0",
                "id": 10 + number,
                "method": "tools/call",
                "params": {"name": "crm_pipeline_summary", "arguments": {}},
            }
            async with http.post(url, json=call, headers=later) as answer:
                assert answer.status == 200, await answer.text()
                texts.append(await answer.text())
    assert all("Pipeline" in text for text in texts)
    assert len(_replicas_that_served(balancer, "tools/call")) == 2


def _with_redis(sandbox: Any, folder: Path, redis_url: str) -> Any:
    return dataclasses.replace(make_config(sandbox, folder, lang="en"), redis_url=redis_url)


def _audit(*folders: Path) -> list[dict[str, Any]]:
    paths = [folder / "audit.jsonl" for folder in folders]
    return [json.loads(line) for p in paths if p.exists() for line in p.read_text().splitlines()]


async def _leads_named(sandbox: Any, name: str) -> list[int]:
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        return await odoo.search("crm.lead", [["name", "=", name]])


async def test_with_redis_a_write_proposed_on_one_replica_is_confirmed_on_the_other_once(
    sandbox: Any, tmp_path: Path, redis_server: Any
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    name = f"Replica lead {uuid.uuid4().hex[:8]}"
    configs = (
        _with_redis(sandbox, one, redis_server.url),
        _with_redis(sandbox, two, redis_server.url),
    )
    async with (
        _balanced(*configs) as (url, balancer),
        Client(StreamableHttpTransport(url, auth=TOKEN)) as mcp,
    ):
        preview = await mcp.call_tool("crm_create_lead", {"name": name})
        token = preview.structured_content["confirmation_token"]
        done = await mcp.call_tool("confirm_action", {"confirmation_token": token})
        again = await mcp.call_tool("confirm_action", {"confirmation_token": token})
    (proposed_on, _), (confirmed_on, _), (again_on, _) = balancer.tools
    assert proposed_on != confirmed_on
    assert again_on == proposed_on
    assert done.structured_content["status"] == "done"
    assert done.structured_content["records"][0]["name"] == name
    assert again.structured_content == done.structured_content
    assert len(await _leads_named(sandbox, name)) == 1
    written = [e for e in _audit(one, two) if (e.get("values") or {}).get("name") == name]
    assert len(written) == 1


async def test_with_redis_a_proposal_cancelled_on_one_replica_is_cancelled_on_both(
    sandbox: Any, tmp_path: Path, redis_server: Any
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    name = f"Replica lead {uuid.uuid4().hex[:8]}"
    configs = (
        _with_redis(sandbox, one, redis_server.url),
        _with_redis(sandbox, two, redis_server.url),
    )
    async with (
        _balanced(*configs) as (url, balancer),
        Client(StreamableHttpTransport(url, auth=TOKEN)) as mcp,
    ):
        preview = await mcp.call_tool("crm_create_lead", {"name": name})
        token = preview.structured_content["confirmation_token"]
        cancelled = await mcp.call_tool("cancel_action", {"confirmation_token": token})
        late = await mcp.call_tool(
            "confirm_action", {"confirmation_token": token}, raise_on_error=False
        )
    (proposed_on, _), (cancelled_on, _), (confirmed_on, _) = balancer.tools
    assert proposed_on != cancelled_on
    assert confirmed_on == proposed_on  # the replica that still held it as pending
    assert cancelled.structured_content["status"] == "cancelled"
    assert late.is_error
    assert late.structured_content["status"] == "cancelled"
    assert await _leads_named(sandbox, name) == []
