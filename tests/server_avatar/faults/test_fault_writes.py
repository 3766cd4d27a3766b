"""Confirmed writes under faults, seen through Daniel's WebSocket: exactly once, told true.

The avatar server runs in-process with the local brain; Odoo is the sandbox behind
`OdooProxy`, which stalls, cuts or loses the write itself, or goes down; the MCP server
runs in-process, or as a `daniel mcp --transport http` subprocess killed mid-confirm.
Each test ends with the same checks: one record in Odoo (read directly), one audit
entry with its id, one `confirm.result` that says what Odoo holds.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fault_tools import (
    MCP_TOKEN,
    Conversation,
    McpServer,
    Turn,
    close,
    make_app,
    mcp_server_on,
    open_conversation,
    told_the_user,
)

from daniel.odoo import OdooClient
from daniel.server_avatar.config import ServerTuning
from daniel.settings import Settings, load_settings
from fakes.odoo_proxy import OdooProxy

CREATE = "crm.lead.create"
TUNING = ServerTuning(mcp_call_timeout=3.0, write_settle_seconds=30.0, health_probe_timeout=1.0)

pytestmark = pytest.mark.slow


@pytest_asyncio.fixture
async def proxy(sandbox: Any) -> AsyncIterator[OdooProxy]:
    async with OdooProxy(sandbox.url) as opened:
        yield opened


@pytest_asyncio.fixture
async def odoo(sandbox: Any) -> AsyncIterator[OdooClient]:
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as client:
        yield client


def settings_for(sandbox: Any, odoo_url: str, audit: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "odoo_url": odoo_url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "odoo_timeout": 1.0,
        "odoo_retries": 0,
        "mcp_audit_log": audit,
        "daniel_lang": "es",
        "brain": "local",
        "tts": "none",
        "stt": "none",
        "avatar": "local",
    }
    values.update(changes)
    return load_settings(**values)


async def propose(talk: Conversation, odoo: OdooClient, name: str) -> str:
    """Ask for a new opportunity for a customer of the data; the confirmation id."""
    customer = await odoo.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=1)
    turn = await talk.ask(f"nueva oportunidad: {name} para {customer[0]['name']}")
    request = turn.one("confirm.request")
    assert request["tool"] == "crm_create_lead", turn.messages
    return str(request["confirmation_id"])


def audit_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def exactly_once(
    talk: Conversation, odoo: OdooClient, name: str, audit: Path, turn: Turn
) -> None:
    """One lead in Odoo, one audit entry with its id, and the user told it is done."""
    result = result_of(turn)
    created = await odoo.search("crm.lead", [["name", "=", name]])
    assert len(created) == 1, f"{len(created)} leads named {name!r}"
    done = [e for e in audit_of(audit) if e["result"]["status"] == "done"]
    assert [e["ids"] for e in done] == [created]
    assert result["status"] == "done", result
    assert name in turn.text, turn.text
    told_the_user(talk, turn)


def result_of(turn: Turn) -> dict[str, Any]:
    results = turn.of("confirm.result") + [m for m in turn.before if m["type"] == "confirm.result"]
    assert len(results) == 1, turn.messages
    return results[0]


async def test_odoo_stalled_past_the_timeout_during_a_confirmed_write(
    aiohttp_client: Any, sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.jsonl"
    app = make_app(settings_for(sandbox, proxy.url, audit), tuning=TUNING, probe_providers=False)
    talk = await open_conversation(await aiohttp_client(app), lang="es")
    name = f"Stalled {tmp_path.name[-6:]}"
    confirmation = await propose(talk, odoo, name)
    proxy.stall(CREATE, 2.5)  # Odoo commits, its answer comes after the 1 s timeout
    turn = await talk.confirm(confirmation, True)
    await exactly_once(talk, odoo, name, audit, turn)
    again = await talk.confirm(confirmation, True)  # the user presses confirm again
    assert result_of(again)["status"] == "done"
    await exactly_once(talk, odoo, name, audit, again)
    await close(talk)


async def test_odoo_killed_after_committing_and_back(
    aiohttp_client: Any, sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.jsonl"
    app = make_app(settings_for(sandbox, proxy.url, audit), tuning=TUNING, probe_providers=False)
    talk = await open_conversation(await aiohttp_client(app), lang="es")
    name = f"Killed after {tmp_path.name[-6:]}"
    confirmation = await propose(talk, odoo, name)
    proxy.drop(CREATE)  # the create lands, then Odoo dies before answering
    proxy.down_after = CREATE
    back = asyncio.get_running_loop().call_later(3.0, setattr, proxy, "down", False)
    turn = await talk.confirm(confirmation, True)
    back.cancel()
    await exactly_once(talk, odoo, name, audit, turn)
    await close(talk)


async def test_odoo_killed_before_the_write_reached_it_is_told_not_applied(
    aiohttp_client: Any, sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.jsonl"
    app = make_app(settings_for(sandbox, proxy.url, audit), tuning=TUNING, probe_providers=False)
    talk = await open_conversation(await aiohttp_client(app), lang="es")
    name = f"Killed before {tmp_path.name[-6:]}"
    confirmation = await propose(talk, odoo, name)
    proxy.down = True  # Odoo is gone before the create arrives, back 2 s later
    back = asyncio.get_running_loop().call_later(2.0, setattr, proxy, "down", False)
    await talk.send("confirm", confirmation_id=confirmation, accept=True)
    # Reading back fails while Odoo is away, long enough to open the client's circuit
    # breaker: the answer waits for its next trial call.
    turn = await talk.collect_turn(wait=45)
    back.cancel()
    result = result_of(turn)
    assert result["status"] == "error", result
    assert "No se ha aplicado" in result["summary"], result  # the truth: Odoo has not it
    assert await odoo.search("crm.lead", [["name", "=", name]]) == []
    told_the_user(talk, turn)
    again = await talk.confirm(confirmation, True)  # so the user confirms again: once
    await exactly_once(talk, odoo, name, audit, again)
    await close(talk)


async def test_the_mcp_server_killed_mid_confirm(
    aiohttp_client: Any, sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    audit = tmp_path / "mcp-audit.jsonl"
    async with mcp_server_on(sandbox, proxy.url, audit, odoo_timeout=1.0) as mcp:
        await run_mcp_killed_mid_confirm(aiohttp_client, sandbox, proxy, odoo, tmp_path, mcp)


async def run_mcp_killed_mid_confirm(
    aiohttp_client: Any,
    sandbox: Any,
    proxy: OdooProxy,
    odoo: OdooClient,
    tmp_path: Path,
    mcp: McpServer,
) -> None:
    settings = settings_for(
        sandbox,
        sandbox.url,
        tmp_path / "unused-audit.jsonl",
        mcp_connection="http",
        mcp_url=mcp.url,
        mcp_client_token=MCP_TOKEN,
    )
    app = make_app(settings, tuning=TUNING, probe_providers=False)
    talk = await open_conversation(await aiohttp_client(app), lang="es")
    name = f"MCP killed {tmp_path.name[-6:]}"
    confirmation = await propose(talk, odoo, name)
    proxy.stall(CREATE, 3.0)  # the create is in Odoo while the MCP server dies
    await talk.send("confirm", confirmation_id=confirmation, accept=True)
    await asyncio.wait_for(proxy.reached(CREATE), 20)
    await mcp.kill()
    await asyncio.sleep(0.5)
    await mcp.start()
    turn = await talk.collect_turn(wait=40)
    await exactly_once(talk, odoo, name, tmp_path / "mcp-audit.jsonl", turn)
    await close(talk)


async def test_speaking_over_a_confirm_still_gets_its_true_result(
    aiohttp_client: Any, sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    """A barge-in while the write is being settled waits for its outcome, then cuts."""
    audit = tmp_path / "audit.jsonl"
    app = make_app(settings_for(sandbox, proxy.url, audit), tuning=TUNING, probe_providers=False)
    talk = await open_conversation(await aiohttp_client(app), lang="es")
    name = f"Barge in {tmp_path.name[-6:]}"
    confirmation = await propose(talk, odoo, name)
    proxy.stall(CREATE, 2.5)
    await talk.send("confirm", confirmation_id=confirmation, accept=True)
    await asyncio.wait_for(proxy.reached(CREATE), 20)
    await talk.send("user.text", text="¿cómo va el pipeline?")
    async with asyncio.timeout(40):
        while not [m for m in talk.seen if m["type"] == "agent.text"][1:]:
            await talk.receive(40)
    results = [m for m in talk.seen if m["type"] == "confirm.result"]
    assert [(r["confirmation_id"], r["status"]) for r in results] == [(confirmation, "done")]
    assert len(await odoo.search("crm.lead", [["name", "=", name]])) == 1
    await close(talk)
