"""MCP over stdio for desktop clients: stdin/stdout carry protocol only (logs go to stderr).

Served by a lean JSON-RPC loop (MCP's stdio framing: one message per line) over the same
registry the FastMCP server serves. It answers the `initialize` handshake (revisions
2024-11-05 to 2025-11-25; a client that first probes the stateless revision's
`server/discover` is told "method not found" and falls back to the handshake, as the
MCP SDK's clients do) and serves tools, resources and prompts by calling the registered
functions. What it lists is what the FastMCP server lists, read from the generated file
(`tool_schemas`); arguments are validated with pydantic from the functions, as FastMCP
validates them; errors carry FastMCP's words and codes.
`tests/mcp_odoo/test_mcp_stdio_twins.py` holds the two servers side by side. It imports
neither FastMCP nor the MCP SDK: that is what lets `daniel mcp` answer in about half the
time of the peers that import the SDK (docs/performance.md, "A lean stdio server over
the same registry").

When some tool, prompt or resource has no current entry in the generated file (one
changed before the file was regenerated, a plugin package of your own), or with
`MCP_STDIO=fastmcp`, stdio is served by FastMCP itself (`serve_fastmcp_stdio`).

The server logs in to Odoo while the client finishes its handshake, so the first tool
call does not wait for the login. Requests run concurrently; `notifications/cancelled`
cancels one.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from daniel import __version__
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.identity import acting_as, caller_from_meta, wrong_tenant
from daniel.mcp_odoo.core.tool_registry import (
    PromptSpec,
    ResourceSpec,
    ToolError,
    ToolOutput,
    ToolRegistry,
    ToolSpec,
    readable,
    returns_tool_output,
)
from daniel.mcp_odoo.present.i18n import t
from daniel.mcp_odoo.transport import tool_schemas
from daniel.mcp_odoo.transport.argument_errors import describe_validation

if TYPE_CHECKING:
    from fastmcp import FastMCP

log = logging.getLogger("daniel.mcp_odoo.transport.stdio")

#: The revisions reached through `initialize`, oldest first (the MCP SDK's own list).
HANDSHAKE_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
#: What the FastMCP server announces (tests compare the two handshakes).
CAPABILITIES = {
    "logging": {},
    "prompts": {"listChanged": True},
    "resources": {"subscribe": False, "listChanged": True},
    "tools": {"listChanged": True},
}
PARSE_ERROR, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = -32700, -32601, -32602, -32603
Message = dict[str, Any]
#: The longest message read; a longer line is answered with a parse error and skipped.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024


class RpcError(Exception):
    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.data = data


@functools.cache
def _validator(fn: Callable[..., Any]) -> TypeAdapter[Any]:
    """Validates a call's arguments against `fn`'s signature, then calls `fn`."""
    function: Any = readable(fn)
    return TypeAdapter(function)


def lean_listings(
    registry: ToolRegistry, stored: tool_schemas.Stored | None = None
) -> dict[str, list[dict[str, Any]]] | None:
    """What the FastMCP server lists for this registry (`tools`, `prompts`,
    `resourceTemplates`, `resources`), from `stored` (default: the generated file); None
    when any entry is missing or stale: FastMCP must serve then."""
    stored = tool_schemas.load() if stored is None else stored
    listings: dict[str, list[dict[str, Any]]] = {
        "tools": [],
        "prompts": [],
        "resourceTemplates": [],
        "resources": [],
    }
    for spec in tool_schemas.components(registry):
        listed = tool_schemas.cached(spec, stored)
        if listed is None or (isinstance(spec, ToolSpec) and not returns_tool_output(spec.fn)):
            log.info("%s is not in the generated listing: FastMCP serves stdio", spec.name)
            return None
        kind = tool_schemas.kind_of(spec)
        if kind == "resources" and "uriTemplate" in listed:
            kind = "resourceTemplates"
        listings[kind].append(listed)
    return listings


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$")


class LeanStdioServer:
    """The protocol logic; `run_loop` connects it to a reader and a writer."""

    def __init__(
        self,
        registry: ToolRegistry,
        deps: ServerDeps,
        listings: dict[str, list[dict[str, Any]]],
        *,
        instructions: str,
    ) -> None:
        self.registry = registry
        self.deps = deps
        self.listings = listings
        self.instructions = instructions
        self._templates = [(_template_regex(r.uri_template), r) for r in registry.resources]
        self._login: asyncio.Task[None] | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "initialize": self._initialize,
            "ping": self._empty,
            "logging/setLevel": self._empty,
            "tools/list": self._list_tools,
            "tools/call": self._call_tool,
            "resources/list": self._list_resources,
            "resources/templates/list": self._list_templates,
            "resources/read": self._read_resource,
            "prompts/list": self._list_prompts,
            "prompts/get": self._get_prompt,
        }

    async def handle(self, message: Message) -> Message | None:
        """The response to one JSON-RPC request (None for a notification)."""
        if "id" not in message:
            return None  # notifications: initialized, cancelled (the loop's), progress...
        request_id = message["id"]
        method = message.get("method")
        handler = self._handlers.get(method) if isinstance(method, str) else None
        if handler is None:
            return _error(request_id, RpcError(METHOD_NOT_FOUND, "Method not found", method))
        params = message.get("params")
        params = {} if params is None else params
        if not isinstance(params, dict):
            return _error(request_id, RpcError(INVALID_PARAMS, "Invalid request parameters", ""))
        try:
            result = await self._as_caller(params, handler)
        except RpcError as exc:
            return _error(request_id, exc)
        except Exception:  # a bug, not an answer: the client still gets one
            log.exception("%s failed", method)
            return _error(request_id, RpcError(INTERNAL_ERROR, "Internal error"))
        return {"jsonrpc": "2.0", "id": request_id, "result": result}

    async def _as_caller(
        self, params: dict[str, Any], handler: Callable[[dict[str, Any]], Awaitable[Any]]
    ) -> Any:
        """Run `handler` as the person the request's `_meta` names, if it is meant for the
        tenant this server serves (as the FastMCP server's `ActAsCaller` middleware)."""
        meta = params.get("_meta")
        wanted = wrong_tenant(meta, self.deps.config.tenant)
        if wanted is not None:
            config = self.deps.config
            text = t(config.lang, "wrong_tenant", served=config.tenant, wanted=wanted)
            if handler == self._call_tool:
                return _tool_error(text)
            # FastMCP's codes for a refusal before the handler: -32603 where reading a
            # resource or a prompt can fail, 0 (no JSON-RPC code) for every other method
            reads = (self._read_resource, self._get_prompt)
            raise RpcError(INTERNAL_ERROR if handler in reads else 0, text)
        with acting_as(caller_from_meta(meta)):
            return await handler(params)

    async def stop_login(self) -> None:
        """Stop the early Odoo login if it is still running."""
        if self._login is not None:
            self._login.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._login

    async def _initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        if self._login is None:
            self._login = asyncio.create_task(_log_in_early(self.deps))
        asked = params.get("protocolVersion")
        version = asked if asked in HANDSHAKE_VERSIONS else HANDSHAKE_VERSIONS[-1]
        return {
            "protocolVersion": version,
            "capabilities": CAPABILITIES,
            "serverInfo": {"name": self.deps.config.name, "version": __version__},
            "instructions": self.instructions,
        }

    async def _empty(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def _list_tools(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"tools": self.listings["tools"]}

    async def _call_tool(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("name")
        spec = self.registry.tools.get(name) if isinstance(name, str) else None
        if spec is None:
            return _tool_error(f"Unknown tool: {name!r}")
        arguments = params.get("arguments")
        arguments = {} if arguments is None else arguments
        if not isinstance(arguments, dict):
            raise RpcError(INVALID_PARAMS, "Invalid request parameters", "")
        try:
            output = await _validator(spec.fn).validate_python(arguments)
        except ValidationError as exc:
            log.warning("invalid arguments for tool %r", spec.name)
            return _tool_error(describe_validation(spec.name, exc))
        except ToolError as exc:
            log.info("tool %r refused: %s", spec.name, exc)
            return _tool_error(str(exc))
        except Exception:
            log.exception("Error calling tool %r", spec.name)
            return _tool_error(f"Error calling tool {spec.name!r}")
        if not isinstance(output, ToolOutput):  # the listing promised a ToolOutput
            log.error("tool %r returned %s, not a ToolOutput", spec.name, type(output).__name__)
            return _tool_error(f"Error calling tool {spec.name!r}")
        result: dict[str, Any] = {
            "content": [{"type": "text", "text": text} for text in output.texts],
        }
        if output.data is not None:
            result["structuredContent"] = output.data
        result["isError"] = output.is_error
        return result

    async def _list_resources(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"resources": self.listings["resources"]}

    async def _list_templates(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"resourceTemplates": self.listings["resourceTemplates"]}

    async def _read_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        uri = str(params.get("uri") or "")
        for regex, spec in self._templates:
            match = regex.match(uri)
            if match:
                return await self._read(spec, uri, match.groupdict())
        raise RpcError(INVALID_PARAMS, f"Resource not found: {uri!r}", {"uri": uri})

    async def _read(self, spec: ResourceSpec, uri: str, values: dict[str, str]) -> dict[str, Any]:
        try:
            text = await spec.fn(**values)
        except ToolError as exc:
            log.info("resource %s refused: %s", uri, exc)
            raise RpcError(INTERNAL_ERROR, str(exc)) from None
        except Exception:
            log.exception("Error reading resource %r", uri)
            raise RpcError(INTERNAL_ERROR, f"Error reading resource {uri!r}") from None
        return {"contents": [{"uri": uri, "mimeType": spec.mime_type, "text": text}]}

    async def _list_prompts(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"prompts": self.listings["prompts"]}

    async def _get_prompt(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("name")
        spec: PromptSpec | None = self.registry.prompts.get(name) if isinstance(name, str) else None
        if spec is None:
            raise RpcError(INVALID_PARAMS, f"Unknown prompt: {name!r}")
        arguments = params.get("arguments") or {}
        try:
            text = _validator(spec.fn).validate_python(dict(arguments))
        except (ValidationError, TypeError, ValueError):
            raise RpcError(INVALID_PARAMS, "Invalid request parameters", "") from None
        message = {"role": "user", "content": {"type": "text", "text": text}}
        return {"description": spec.description, "messages": [message]}


async def _log_in_early(deps: ServerDeps) -> None:
    """Log in to Odoo ahead of the first tool call; a failure surfaces on that call."""
    await asyncio.sleep(0)  # let the initialize answer go out first
    try:
        await deps.gateway.client()
    except Exception as exc:  # Odoo down or refusing: the tool call will say so
        log.debug("early Odoo login failed: %s", exc)


def _error(request_id: Any, exc: RpcError) -> Message:
    error: dict[str, Any] = {"code": exc.code, "message": str(exc)}
    if exc.data is not None:
        error["data"] = exc.data
    return {"jsonrpc": "2.0", "id": request_id, "error": error}


def _tool_error(text: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": text}], "isError": True}


def encode(message: Message) -> bytes:
    """One message as one line of compact JSON, non-ASCII as UTF-8; values JSON has no
    type for (dates, decimals) as pydantic writes them, as the FastMCP server does."""
    text = json.dumps(
        message, ensure_ascii=False, separators=(",", ":"), default=to_jsonable_python
    )
    return text.encode() + b"\n"


async def run_loop(
    server: LeanStdioServer, reader: asyncio.StreamReader, write: Callable[[bytes], None]
) -> None:
    """Read messages until end of input, answering each as soon as it is done."""
    running: dict[Any, asyncio.Task[None]] = {}

    async def answer(message: Message) -> None:
        response = await server.handle(message)
        if response is None:
            return
        try:
            line = encode(response)
        except (TypeError, ValueError):  # a result JSON cannot carry: a bug, still answered
            log.exception("%s: the answer could not be written as JSON", message.get("method"))
            line = encode(_error(response["id"], RpcError(INTERNAL_ERROR, "Internal error")))
        write(line)

    while True:
        try:
            line = await reader.readline()
        except ValueError:  # a line over the reader's limit: skipped, the loop goes on
            log.warning("ignored a message larger than %d bytes", MAX_MESSAGE_BYTES)
            write(encode(_error(None, RpcError(PARSE_ERROR, "Parse error: message too large"))))
            continue
        if not line:
            break
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            log.warning("ignored a line that is not JSON")
            write(encode(_error(None, RpcError(PARSE_ERROR, "Parse error"))))
            continue
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            log.warning("ignored a message that is not JSON-RPC 2.0")
            continue
        if message.get("method") == "notifications/cancelled":
            task = running.get((message.get("params") or {}).get("requestId"))
            if task is not None:
                task.cancel()
            continue
        task = asyncio.create_task(answer(message))
        key = message.get("id")
        if key is not None:
            running[key] = task
            task.add_done_callback(functools.partial(_forget, running, key))
    if running:
        await asyncio.wait(list(running.values()), timeout=10)


def _forget(running: dict[Any, asyncio.Task[None]], key: Any, _task: object) -> None:
    running.pop(key, None)


async def _stdin_reader() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_MESSAGE_BYTES)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    except (ValueError, OSError):  # stdin is a regular file: read it in a thread
        data = await asyncio.to_thread(sys.stdin.buffer.read)
        reader.feed_data(data)
        reader.feed_eof()
    return reader


async def _stdout_writer() -> tuple[Callable[[bytes], None], Callable[[], Awaitable[None]]]:
    loop = asyncio.get_running_loop()
    try:
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, sys.stdout.buffer
        )
    except (ValueError, OSError):  # stdout is a regular file or a terminal

        def write_file(data: bytes) -> None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

        async def nothing() -> None:
            return None

        return write_file, nothing
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    return writer.write, writer.drain


async def serve_lean_stdio(
    registry: ToolRegistry,
    deps: ServerDeps,
    listings: dict[str, list[dict[str, Any]]],
    *,
    instructions: str,
) -> None:
    """Serve MCP on this process's stdin/stdout with the lean server until stdin closes."""
    server = LeanStdioServer(registry, deps, listings, instructions=instructions)
    reader = await _stdin_reader()
    write, drain = await _stdout_writer()
    log.info("MCP server %s ready on stdio (%d tools)", deps.config.name, len(registry.tools))
    try:
        await run_loop(server, reader, write)
        await drain()
    finally:
        await server.stop_login()
        await deps.aclose()


async def serve_fastmcp_stdio(mcp: FastMCP, deps: ServerDeps) -> None:
    """Serve the FastMCP server on stdin/stdout until stdin closes."""
    login = asyncio.create_task(_log_in_early(deps))
    try:
        await mcp.run_stdio_async(show_banner=False)
    finally:
        login.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await login
