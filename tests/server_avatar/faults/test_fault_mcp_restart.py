"""The MCP server restarting mid-session, seen through Daniel's WebSocket.

`daniel mcp --transport http` runs as a real subprocess on a fixed port, pointed at
the shared sandbox; the avatar server reaches it with MCP_CONNECTION=http and a bearer
token. Mid-session the subprocess is killed and started again on the same port.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fault_tools import (
    MCP_TOKEN,
    McpServer,
    answered,
    close,
    errors,
    make_app,
    mcp_server_on,
    open_conversation,
    still_usable,
    told_the_user,
)

from daniel.server_avatar.config import ServerTuning
from daniel.settings import load_settings

TOKEN = MCP_TOKEN
QUESTION = "¿cómo va el pipeline?"


@pytest.fixture
async def mcp_server(sandbox: Any, tmp_path: Path) -> AsyncIterator[McpServer]:
    async with mcp_server_on(sandbox, sandbox.url, tmp_path / "mcp-audit.jsonl") as server:
        yield server


@pytest.mark.slow
async def test_mcp_server_restarting_mid_session(
    aiohttp_client: Any, sandbox: Any, tmp_path: Path, mcp_server: McpServer
) -> None:
    url = mcp_server.url
    settings = load_settings(
        odoo_url=sandbox.url,
        odoo_db=sandbox.db,
        odoo_user=sandbox.login,
        odoo_api_key=sandbox.api_key,
        mcp_audit_log=tmp_path / "audit.jsonl",
        mcp_connection="http",
        mcp_url=url,
        mcp_client_token=TOKEN,
        daniel_lang="es",
        brain="local",
        tts="none",
        stt="none",
        avatar="local",
    )
    app = make_app(settings, tuning=ServerTuning(mcp_call_timeout=3.0), probe_providers=False)
    client = await aiohttp_client(app)
    talk = await open_conversation(client, lang="es")
    before = await talk.ask(QUESTION)
    assert answered(before), before.messages
    assert re.search(r"\d", before.text), before.messages
    assert not errors(before)

    await mcp_server.restart()
    during = await talk.ask(QUESTION)
    said = told_the_user(talk, during) + ([during.text] if answered(during) else [])
    assert said, f"the user was told nothing: {during.messages}"
    assert all(TOKEN not in text for text in said)
    await still_usable(talk)

    after = await talk.ask(QUESTION)
    assert answered(after), after.messages
    assert not errors(after), after.messages
    assert after.text == before.text  # real numbers from Odoo again

    await mcp_server.kill()  # down while the user asks: a plain message, quickly
    down = await talk.ask(QUESTION, wait=15)
    told = told_the_user(talk, down) + ([down.text] if answered(down) else [])
    assert told, f"the user was told nothing: {down.messages}"
    assert not (answered(down) and down.text == before.text), "stale numbers shown as fresh"
    await still_usable(talk)
    await mcp_server.start()
    back = await talk.ask(QUESTION)
    assert answered(back), back.messages
    assert not errors(back), back.messages
    assert back.text == before.text
    await close(talk)
