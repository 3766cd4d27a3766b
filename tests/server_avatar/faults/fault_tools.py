"""Helpers of the fault tests: the avatar test client, a sandbox we can stop and start,
a slow proxy in front of Odoo, `daniel mcp --transport http` as a subprocess we can kill
and start again, and the checks every fault test ends with.

The WebSocket client (`avatar_client`) lives in tests/server_avatar; it is loaded from
there by path so this folder reuses it without putting that folder on `sys.path`.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
from aiohttp import web

from daniel.sandbox.server import SandboxThread
from daniel.settings import SANDBOX_ADMIN_API_KEY, SANDBOX_DB

SERVER_AVATAR_TESTS = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    unique = f"_faults_{name}"
    if unique in sys.modules:
        return sys.modules[unique]
    spec = importlib.util.spec_from_file_location(unique, SERVER_AVATAR_TESTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[unique] = module
    spec.loader.exec_module(module)
    return module


avatar_client = _load("avatar_client")
Conversation = avatar_client.Conversation
Turn = avatar_client.Turn
make_app = avatar_client.make_app
open_conversation = avatar_client.open_conversation

#: What the user must never see in a message.
FORBIDDEN_IN_MESSAGES = ("Traceback", 'File "', "Exception", "Error(", SANDBOX_ADMIN_API_KEY)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StoppableSandbox:
    """The built-in Odoo sandbox on a fixed port and data folder, stopped and started
    at will (Odoo going down and coming back)."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self._thread: SandboxThread | None = None
        self.db = SANDBOX_DB
        self.login = "admin"
        self.api_key = SANDBOX_ADMIN_API_KEY

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self._thread is None
        thread = SandboxThread(data_dir=self.data_dir, host="127.0.0.1", port=self.port)
        thread.start()
        self._thread = thread

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None


MCP_TOKEN = "mcp-token-for-fault-tests-0000"
Action = Callable[[], Awaitable[None]]


class McpServer:
    def __init__(self, url: str, kill: Action, restart: Action, start: Action) -> None:
        self.url, self.kill, self.restart, self.start = url, kill, restart, start


async def _start_mcp(env: dict[str, str], port: int) -> asyncio.subprocess.Process:
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


async def _kill_mcp(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
    await process.wait()


@asynccontextmanager
async def mcp_server_on(
    sandbox: Any, odoo_url: str, audit: Path, odoo_timeout: float = 30.0
) -> AsyncIterator[McpServer]:
    """`daniel mcp --transport http` on a fixed port, talking to Odoo at `odoo_url`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "MCP_", "DANIEL_"))}
    env.update(
        ODOO_URL=odoo_url,
        ODOO_DB=sandbox.db,
        ODOO_USER=sandbox.login,
        ODOO_API_KEY=sandbox.api_key,
        ODOO_TIMEOUT=str(odoo_timeout),
        MCP_TOKEN=MCP_TOKEN,
        MCP_AUDIT_LOG=str(audit),
        LOG_LEVEL="WARNING",
    )
    processes = [await _start_mcp(env, port)]

    async def kill() -> None:
        await _kill_mcp(processes[-1])

    async def start() -> None:
        processes.append(await _start_mcp(env, port))

    async def restart() -> None:
        await kill()
        await start()

    try:
        yield McpServer(f"http://127.0.0.1:{port}/mcp", kill, restart, start)
    finally:
        for process in processes:
            await _kill_mcp(process)


class SlowProxy:
    """A tiny HTTP proxy in front of Odoo that waits `delay` seconds before answering."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.delay = 0.0
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._forward)
        self.app.cleanup_ctx.append(self._session)
        self._http: aiohttp.ClientSession | None = None

    async def _session(self, _app: web.Application) -> Any:
        async with aiohttp.ClientSession() as http:
            self._http = http
            yield

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        if self.delay:
            await asyncio.sleep(self.delay)
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("content-type", "authorization", "cookie", "accept")
        }
        async with self._http.request(
            request.method, self.target + request.path_qs, data=body, headers=headers
        ) as answer:
            data = await answer.read()
            return web.Response(body=data, status=answer.status, content_type=answer.content_type)


def told_the_user(talk: Conversation, *turns: Turn) -> list[str]:
    """Every `notice` and `error` message the user saw, checked for plain words."""
    seen = [m for m in talk.notices if m["type"] in ("notice", "error")]
    for turn in turns:
        seen += [m for m in turn.before + turn.messages if m["type"] in ("notice", "error")]
    messages = [str(m["message"]) for m in seen]
    for message in messages:
        assert message.strip(), "an empty message"
        for forbidden in FORBIDDEN_IN_MESSAGES:
            assert forbidden not in message, f"{forbidden!r} shown to the user: {message!r}"
    return messages


def answered(turn: Turn) -> bool:
    return bool(turn.of("agent.text")) and bool(turn.text.strip())


def errors(turn: Turn) -> list[dict[str, Any]]:
    return [m for m in turn.before + turn.messages if m["type"] == "error"]


async def still_usable(talk: Conversation) -> None:
    """The session answers a `ping` (protocol.md: `pong`)."""
    await talk.send("ping")
    await talk.until("pong", wait=5)


async def close(talk: Conversation) -> None:
    await talk.stop()
    await talk.ws.close()


async def leftover_tasks(baseline: set[asyncio.Task[Any]], grace: float = 3.0) -> list[str]:
    """The tasks started since `baseline` still running after a grace period."""
    deadline = asyncio.get_running_loop().time() + grace
    while True:
        current = asyncio.current_task()
        left = [t for t in asyncio.all_tasks() - baseline if t is not current and not t.done()]
        if not left or asyncio.get_running_loop().time() > deadline:
            return [f"{t.get_name()}: {t.get_coro()!r}" for t in left]
        await asyncio.sleep(0.05)
