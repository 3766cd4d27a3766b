"""The MCP server restarting mid-session, seen through Daniel's WebSocket.

`daniel mcp --transport http` runs as a real subprocess on a fixed port, pointed at
the shared sandbox; the avatar server reaches it with MCP_CONNECTION=http and a bearer
token. Mid-session the subprocess is killed and started again on the same port.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fault_tools import (
    answered,
    close,
    errors,
    free_port,
    make_app,
    open_conversation,
    still_usable,
    told_the_user,
)

from daniel.server_avatar.config import ServerTuning
from daniel.settings import load_settings

TOKEN = "mcp-token-for-fault-tests-0000"
QUESTION = "¿cómo va el pipeline?"

Action = Callable[[], Awaitable[None]]


class McpServer:
    def __init__(self, url: str, kill: Action, restart: Action, start: Action) -> None:
        self.url, self.kill, self.restart, self.start = url, kill, restart, start


async def _start(env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "daniel", "mcp", "--transport", "http", "--port", str(port)),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            if process.returncode is not None:
                raise AssertionError(f"daniel mcp exited with {process.returncode}")
            try:
                async with http.get(f"http://127.0.0.1:{port}/health") as answer:
                    if answer.status == 200:
                        return process
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("daniel mcp did not start in 20 s")


async def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
    await process.wait()


@pytest.fixture
async def mcp_server(sandbox: Any, tmp_path: Path) -> AsyncIterator[McpServer]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "MCP_", "DANIEL_"))}
    env.update(
        ODOO_URL=sandbox.url,
        ODOO_DB=sandbox.db,
        ODOO_USER=sandbox.login,
        ODOO_API_KEY=sandbox.api_key,
        MCP_TOKEN=TOKEN,
        MCP_AUDIT_LOG=str(tmp_path / "mcp-audit.jsonl"),
        LOG_LEVEL="WARNING",
    )
    processes = [await _start(env, port)]

    async def kill() -> None:
        await _kill(processes[-1])

    async def start() -> None:
        processes.append(await _start(env, port))

    async def restart() -> None:
        await kill()
        await start()

    try:
        yield McpServer(f"http://127.0.0.1:{port}/mcp", kill, restart, start)
    finally:
        for process in processes:
            await _kill(process)


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
