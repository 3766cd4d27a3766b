"""A real MCP client session on the MCP-Odoo server, with short helpers for the tests."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastmcp import Client

from daniel.mcp_odoo.core.config import Lang, ServerConfig, WriteMode
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server


def server_env(sandbox: Any, folder: Path) -> dict[str, str]:
    """The environment of a `daniel mcp` child process on the sandbox, in English."""
    return {
        "ODOO_URL": sandbox.url,
        "ODOO_DB": sandbox.db,
        "ODOO_USER": sandbox.login,
        "ODOO_API_KEY": sandbox.api_key,
        "MCP_AUDIT_LOG": str(folder / "audit.jsonl"),
        "MCP_LANG": "en",
        "LOG_LEVEL": "INFO",
    }


async def spawn_stdio(env: dict[str, str], folder: Path) -> asyncio.subprocess.Process:
    """`python -m daniel mcp` as a child process with `env` (plus PATH and HOME), piped
    stdin and stdout, its log in `folder/stderr.log`."""
    inherited = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    with (folder / "stderr.log").open("wb") as errlog:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "daniel",
            "mcp",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=errlog,
            env={**inherited, **env},
            cwd=folder,
        )


class StdioPeer:
    """`python -m daniel mcp` as a child process; each stdout line is kept as written."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[bytes] = []
        self._ids = itertools.count(100)
        self._waiting: dict[Any, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            self.lines.append(line)
            message = json.loads(line)  # anything but JSON on stdout fails here
            waiter = self._waiting.pop(message.get("id"), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(message)

    def send(self, message: dict[str, Any] | bytes) -> None:
        assert self.process.stdin is not None
        data = message if isinstance(message, bytes) else json.dumps(message).encode() + b"\n"
        self.process.stdin.write(data)

    def expect(self, request_id: Any) -> asyncio.Future[dict[str, Any]]:
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = waiter
        return waiter

    async def answer(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response message to one request."""
        request_id = next(self._ids)
        waiter = self.expect(request_id)
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return await asyncio.wait_for(waiter, 60)

    async def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


def make_config(
    sandbox: Any,
    audit_dir: Path,
    *,
    write_mode: WriteMode = "confirm",
    lang: Lang = "es",
    ttl: float = 120.0,
    url: str | None = None,
    login: str | None = None,
    secret: str | None = None,
    extra_models: tuple[str, ...] = (),
    tools_package: str = "daniel.mcp_odoo.tools",
) -> ServerConfig:
    return ServerConfig(
        connection=sandbox.connection(url=url, user=login, secret=secret),
        lang=lang,
        write_mode=write_mode,
        audit_log=audit_dir / "audit.jsonl",
        confirm_ttl=ttl,
        extra_models=extra_models,
        tools_package=tools_package,
    )


class McpSession:
    """The client plus the server's dependencies (request counter, audit log)."""

    def __init__(self, client: Client[Any], deps: ServerDeps) -> None:
        self.client = client
        self.deps = deps

    @property
    def requests(self) -> int:
        return self.deps.gateway.request_count

    async def raw(self, tool: str, **args: Any) -> Any:
        return await self.client.call_tool_mcp(tool, args)

    async def ok(self, tool: str, **args: Any) -> dict[str, Any]:
        result = await self.raw(tool, **args)
        text = " ".join(getattr(block, "text", "") for block in result.content)
        assert not result.is_error, f"{tool} failed: {text}"
        data = result.structured_content
        assert isinstance(data, dict)
        assert (
            result.content[0].text == data.get("summary")
            or data.get("status") == "needs_confirmation"
        )
        return data

    async def error(self, tool: str, **args: Any) -> str:
        result = await self.raw(tool, **args)
        text = " ".join(getattr(block, "text", "") for block in result.content)
        assert result.is_error, f"{tool} should have failed, got {text}"
        assert "Traceback" not in text
        return text

    async def write(self, tool: str, **args: Any) -> dict[str, Any]:
        """Preview then confirm a write; the confirmed result."""
        preview = await self.ok(tool, **args)
        assert preview["status"] == "needs_confirmation", preview
        done = await self.ok("confirm_action", confirmation_token=preview["confirmation_token"])
        assert done["status"] == "done", done
        return done

    async def resource(self, uri: str) -> dict[str, Any]:
        contents = await self.client.read_resource(uri)
        return json.loads(contents[0].text)


@asynccontextmanager
async def mcp_session(config: ServerConfig) -> AsyncIterator[McpSession]:
    deps = ServerDeps(config)
    server = create_server(deps=deps)
    async with Client(server) as client:
        yield McpSession(client, deps)


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"
