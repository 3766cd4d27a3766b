"""The avatar server's way to the MCP-Odoo tools: one MCP client per process.

`McpToolRunner` is the `ToolRunner` every session uses. It wraps one `fastmcp.Client`
(the official client machinery), opened at start-up and closed at shutdown, shared by
all sessions (the client multiplexes concurrent requests). How it reaches the server:

- `inprocess` (default): the MCP server is created in this process with
  `daniel.mcp_odoo.server.create_server(settings)` and reached through FastMCP's
  in-memory transport: no socket, no subprocess, the same Odoo connection settings;
- `stdio`: a subprocess `python -m daniel mcp` speaking MCP over its stdin/stdout;
- `http`: a streamable-HTTP server at `MCP_URL`, with `MCP_CLIENT_TOKEN` as bearer.

With `TENANTS` each tenant has its own runner (`tenant=` its name): every call says in
its `_meta` which tenant it is meant for, so an MCP server that serves another tenant
(`MCP_TENANT`) refuses it instead of answering from the wrong company's Odoo.

`list_tools` is cached after the first call. Tool errors come back as
`ToolResult(is_error=True)`; a broken connection raises `ProviderError("mcp",
retryable=True)`.

Writes carry an idempotency key end to end: `confirm_action` gets one derived from its
confirmation token (the same for every confirmation of that proposal, also after this
process or the MCP server restarts), and a write tool called without a key gets a fresh
one. A keyed call whose outcome is not known yet (the connection broke, the call timed
out, the MCP server restarted, or it answered `status: "unverified"`) is asked again
with the same key until it is known or `write_settle` seconds have passed: the MCP
server never writes twice for one key, so the user is told the truth, not a guess.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from mcp.types import TextContent
from pydantic import SecretStr

from daniel import metrics
from daniel.server_avatar.services.base import ProviderError, ToolResult, ToolRunner, ToolSpec

if TYPE_CHECKING:
    from fastmcp import Client

    from daniel.mcp_odoo.core.config import ServerConfig
    from daniel.mcp_odoo.core.deps import ServerDeps
    from daniel.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_CALL_TIMEOUT = 30.0
DEFAULT_WRITE_SETTLE = 60.0
CONFIRM_TOOL = "confirm_action"
_ASK_AGAIN_AFTER = (0.2, 0.5, 1.0, 2.0, 3.0)


def confirmation_key(token: str) -> str:
    """The idempotency key of confirming the proposal `token` (not the token itself)."""
    return "confirm-" + hashlib.sha256(token.encode()).hexdigest()[:32]


class McpToolRunner(ToolRunner):
    """Calls MCP tools through one long-lived `fastmcp.Client`."""

    def __init__(
        self,
        client: Client[Any],
        *,
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
        write_settle: float = DEFAULT_WRITE_SETTLE,
    ) -> None:
        self._client = client
        #: With `TENANTS`: the tenant every call says it is meant for (in its `_meta`).
        self.tenant: str | None = None
        self._timeout = call_timeout
        self._write_settle = write_settle
        self._tools: list[ToolSpec] | None = None
        self._lock = asyncio.Lock()
        self._open = False

    async def start(self) -> None:
        """Connect (idempotent); raise `ProviderError` if the server cannot be reached."""
        async with self._lock:
            if self._open:
                return
            try:
                await cast(Any, self._client).__aenter__()
            except Exception as exc:
                log.warning("cannot connect to the MCP server: %s", _short(exc))
                raise ProviderError("mcp", "cannot reach the MCP server", retryable=True) from exc
            self._open = True

    async def close(self) -> None:
        async with self._lock:
            if not self._open:
                return
            self._open = False
            try:
                await cast(Any, self._client).close()
            except Exception as exc:  # a dying transport must not break shutdown
                log.debug("MCP client close: %s", _short(exc))

    @property
    def connected(self) -> bool:
        return self._open and self._client.is_connected()

    async def list_tools(self) -> Sequence[ToolSpec]:
        if self._tools is None:
            await self._ensure_open()
            try:
                listed = await asyncio.wait_for(self._client.list_tools(), self._timeout)
            except Exception as exc:
                raise _transport_error(exc) from exc
            self._tools = [
                ToolSpec(t.name, t.description or "", dict(t.input_schema)) for t in listed
            ]
        return self._tools

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        return await self.call_as(name, arguments, None)

    async def call_as(
        self, name: str, arguments: dict[str, Any], meta: dict[str, Any] | None
    ) -> ToolResult:
        """`call`, with request `_meta` (a logged-in person's credential, see auth/)."""
        if self.tenant is not None:
            from daniel.mcp_odoo.core.identity import TENANT_KEY

            meta = {**(meta or {}), TENANT_KEY: self.tenant}
        keyed = await self._with_key(name, arguments)
        if keyed is None:
            return await self._call_once(name, arguments, meta)
        deadline = time.monotonic() + self._write_settle
        pauses = iter(_ASK_AGAIN_AFTER)
        while True:
            try:
                result = await self._call_once(name, keyed, meta)
            except ProviderError:
                if time.monotonic() >= deadline:
                    raise
                log.warning("%s: no answer, asking again with the same idempotency key", name)
            else:
                unverified = result.structured.get("status") == "unverified"
                if not unverified or time.monotonic() >= deadline:
                    return result
            await asyncio.sleep(min(next(pauses, 5.0), max(0.0, deadline - time.monotonic())))

    async def _with_key(self, name: str, arguments: dict[str, Any]) -> dict[str, Any] | None:
        """`arguments` with an idempotency key when `name` takes one (a write); None when
        it does not (reads, or a server without keys: such calls are never repeated)."""
        if arguments.get("idempotency_key"):
            return arguments
        try:
            specs = await self.list_tools()
        except ProviderError:
            return None
        spec = next((s for s in specs if s.name == name), None)
        if spec is None or "idempotency_key" not in spec.input_schema.get("properties", {}):
            return None
        if name == CONFIRM_TOOL and arguments.get("confirmation_token"):
            key = confirmation_key(str(arguments["confirmation_token"]))
            return {**arguments, "idempotency_key": key}
        return {**arguments, "idempotency_key": f"call-{uuid.uuid4().hex}"}

    async def _call_once(
        self, name: str, arguments: dict[str, Any], meta: dict[str, Any] | None = None
    ) -> ToolResult:
        await self._ensure_open()
        try:
            async with metrics.observe_call("mcp", name, tenant=self.tenant):
                result = await self._client.call_tool(
                    name, arguments, raise_on_error=False, timeout=self._timeout, meta=meta
                )
        except Exception as exc:
            raise _transport_error(exc) from exc
        text = "\n".join(block.text for block in result.content if isinstance(block, TextContent))
        structured = result.structured_content
        if not isinstance(structured, dict):
            structured = _json_object(text)
        if result.is_error and "summary" not in structured:
            structured = {**structured, "summary": text or f"{name} failed"}
        return ToolResult(name=name, structured=structured, text=text, is_error=result.is_error)

    async def _ensure_open(self) -> None:
        if self._open and not self._client.is_connected():
            await self.close()  # a dead connection (server restarted): start afresh
        if not self._open:
            await self.start()


def build_client(settings: Settings, config: ServerConfig | None = None) -> Client[Any]:
    """The MCP client for `settings.mcp_connection` (start-up code only); `config`
    builds the in-process server from a tenant's own configuration."""
    from fastmcp import Client
    from fastmcp.client.transports import StdioTransport, StreamableHttpTransport

    mode = settings.mcp_connection
    if mode == "http":
        if settings.mcp_url is None:
            from daniel.settings import SettingsError

            raise SettingsError(
                "MCP_CONNECTION=http needs MCP_URL (e.g. http://127.0.0.1:8000/mcp)"
            )
        token = settings.mcp_client_token.get_secret_value() if settings.mcp_client_token else None
        return Client(StreamableHttpTransport(str(settings.mcp_url), auth=token))
    if mode == "stdio":
        command = [sys.executable, "-m", "daniel", "mcp"]
        return Client(StdioTransport(command[0], command[1:], env=_stdio_env(settings)))
    return build_inprocess(settings, config)[0]


def build_inprocess(
    settings: Settings, config: ServerConfig | None = None
) -> tuple[Client[Any], ServerDeps]:
    """An in-process MCP server and its client; its `ServerDeps` let the avatar server
    drop a person's Odoo connection at logout."""
    from fastmcp import Client

    from daniel.mcp_odoo.core.config import ServerConfig
    from daniel.mcp_odoo.core.deps import ServerDeps
    from daniel.mcp_odoo.server import create_server

    deps = ServerDeps(config or ServerConfig.from_settings(settings))
    server = create_server(deps=deps)
    route_library_logs_to_root()
    return Client(server), deps


def _stdio_env(settings: Settings) -> dict[str, str]:
    """The subprocess's environment: ours, plus the Odoo and MCP settings in effect here
    (they may come from `.env` or overrides rather than from the environment)."""
    env = dict(os.environ)
    values: dict[str, object] = {
        "ODOO_URL": settings.odoo_url or "",
        "ODOO_DB": settings.odoo_db or "",
        "ODOO_USER": settings.odoo_user or "",
        "ODOO_PASSWORD": settings.odoo_password,
        "ODOO_API_KEY": settings.odoo_api_key,
        "ODOO_PROTOCOL": settings.odoo_protocol,
        "SANDBOX_HOST": settings.sandbox_host,
        "SANDBOX_PORT": settings.sandbox_port,
        "SANDBOX_API_KEY": settings.sandbox_api_key,
        "MCP_WRITE_MODE": settings.mcp_write_mode,
        "MCP_LANG": settings.mcp_lang,
        "MCP_AUDIT_LOG": settings.mcp_audit_log,
        "MCP_TENANT": settings.mcp_tenant,
        "REDIS_URL": settings.redis_url,
        "LOG_LEVEL": settings.log_level,
    }
    for name, value in values.items():
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


def route_library_logs_to_root() -> None:
    """FastMCP installs its own (rich) log handlers: send its records through ours."""
    for name in ("fastmcp", "mcp"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True


def _transport_error(exc: BaseException) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, TimeoutError):
        return ProviderError("mcp", "the MCP server did not answer in time", retryable=True)
    log.warning("MCP request failed: %s", _short(exc))
    return ProviderError("mcp", "the MCP server failed to answer", retryable=True)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"summary": text} if text else {}
    return value if isinstance(value, dict) else {"result": value}


def _short(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message[:160]}" if message else type(exc).__name__
