"""MCP over stdio for desktop clients, served straight from the registry.

A small JSON-RPC loop (one message per line, the MCP stdio framing) that speaks the
initialize handshake of protocol revisions 2024-11-05 to 2025-11-25 and serves tools,
resources and prompts by calling the registered functions directly. It imports neither
FastMCP nor the MCP SDK, so `daniel mcp` answers in a fraction of their import time and
adds little to each call. Tool schemas, validation messages and results are the same as
the FastMCP server's (tests compare them).

Requests run concurrently; `notifications/cancelled` cancels one. Nothing but protocol
is written to stdout; logs go to stderr.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import json
import logging
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from daniel import __version__
from daniel.mcp_odoo.deps import ServerDeps
from daniel.mcp_odoo.i18n import t
from daniel.mcp_odoo.identity import CALLER, caller_from_meta, wrong_tenant
from daniel.mcp_odoo.registry import ResourceSpec, ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.schemas import call, input_schema
from daniel.mcp_odoo.validation import describe_validation

log = logging.getLogger("daniel.mcp_odoo.stdio")

PROTOCOL_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
RESOURCE_ERROR = -32002
Message = dict[str, Any]


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _title(name: str) -> str:
    return name.replace("_", " ").title()


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$")


class McpStdioServer:
    """The protocol logic; `serve_stdio` connects it to the process's stdin and stdout."""

    def __init__(self, registry: ToolRegistry, deps: ServerDeps, *, instructions: str) -> None:
        self.registry = registry
        self.deps = deps
        self.instructions = instructions
        self._templates = [(_template_regex(r.uri_template), r) for r in registry.resources]
        self._warmup: asyncio.Task[None] | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "initialize": self._initialize,
            "ping": self._ping,
            "tools/list": self._list_tools,
            "tools/call": self._call_tool,
            "resources/list": self._list_resources,
            "resources/templates/list": self._list_templates,
            "resources/read": self._read_resource,
            "prompts/list": self._list_prompts,
            "prompts/get": self._get_prompt,
            "logging/setLevel": self._ping,
        }

    async def handle(self, message: Any) -> Message | None:
        """The response to one JSON-RPC message (None for a notification)."""
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            return _error(None, INVALID_REQUEST, "not a JSON-RPC 2.0 message")
        method = message.get("method")
        if "id" not in message:
            return None  # notifications: initialized, cancelled (handled by the loop)...
        request_id = message["id"]
        handler = self._handlers.get(method) if isinstance(method, str) else None
        if handler is None:
            return _error(request_id, METHOD_NOT_FOUND, f"Method not found: {method}")
        params = message.get("params") or {}
        if not isinstance(params, dict):
            return _error(request_id, INVALID_PARAMS, "params must be an object")
        try:
            result = await handler(params)
        except RpcError as exc:
            return _error(request_id, exc.code, str(exc))
        return {"jsonrpc": "2.0", "id": request_id, "result": result}

    async def _initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        if self._warmup is None:  # connect to Odoo while the client finishes its handshake
            self._warmup = asyncio.create_task(self._connect())
        asked = params.get("protocolVersion")
        version = asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[-1]
        return {
            "protocolVersion": version,
            "capabilities": {
                "tools": {"listChanged": False},
                "resources": {"subscribe": False, "listChanged": False},
                "prompts": {"listChanged": False},
                "logging": {},
            },
            "serverInfo": {"name": self.deps.config.name, "version": __version__},
            "instructions": self.instructions,
        }

    async def _connect(self) -> None:
        """Log in to Odoo ahead of the first tool call; failures surface on that call."""
        await asyncio.sleep(0)  # let the initialize answer go out first
        try:
            await self.deps.gateway.client()
        except Exception as exc:  # Odoo down or refusing: the tool call will say so
            log.debug("early Odoo login failed: %s", exc)

    async def _ping(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def _list_tools(self, _params: dict[str, Any]) -> dict[str, Any]:
        tools = []
        for spec in self.registry.tools.values():
            tool: dict[str, Any] = {
                "name": spec.name,
                "title": _title(spec.name),
                "description": spec.description,
                "inputSchema": input_schema(spec.fn),
            }
            if spec.annotations:
                tool["annotations"] = spec.annotations
            tools.append(tool)
        return {"tools": tools}

    async def _call_tool(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("name")
        arguments = params.get("arguments") or {}
        spec = self.registry.tools.get(name) if isinstance(name, str) else None
        if spec is None:
            return _tool_error(f"Unknown tool: {name!r}")
        if not isinstance(arguments, dict):
            return _tool_error(f"Invalid arguments for {spec.name}: arguments must be an object")
        wanted = wrong_tenant(params.get("_meta"), self.deps.config.tenant)
        if wanted is not None:
            config = self.deps.config
            return _tool_error(t(config.lang, "wrong_tenant", served=config.tenant, wanted=wanted))
        caller = caller_from_meta(params.get("_meta"))
        token = CALLER.set(caller) if caller is not None else None
        try:
            output = await call(spec.fn, arguments)
        except ValidationError as exc:
            log.warning("invalid arguments for tool %s", spec.name)
            return _tool_error(describe_validation(spec.name, exc))
        except ToolError as exc:
            log.info("tool %s refused: %s", spec.name, exc)
            return _tool_error(str(exc))
        except Exception:
            log.exception("tool %s failed", spec.name)
            return _tool_error(f"Error calling tool {spec.name!r}")
        finally:
            if token is not None:
                CALLER.reset(token)
        if not isinstance(output, ToolOutput):  # a plugin returning a plain value
            data = output if isinstance(output, dict) else {"result": output}
            text = output if isinstance(output, str) else json.dumps(output, default=str)
            return {"content": [{"type": "text", "text": text}], "structuredContent": data}
        result = CallResult(
            content=[{"type": "text", "text": text} for text in output.texts],
            structuredContent=output.data,
            isError=output.is_error,
        )
        result.structured_json = output.data_json
        return result

    async def _list_resources(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"resources": []}

    async def _list_templates(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "resourceTemplates": [
                {
                    "uriTemplate": r.uri_template,
                    "name": r.name,
                    "description": r.description,
                    "mimeType": r.mime_type,
                }
                for r in self.registry.resources
            ]
        }

    async def _read_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        uri = str(params.get("uri") or "")
        for regex, spec in self._templates:
            match = regex.match(uri)
            if match:
                return await self._read(spec, uri, match.groupdict())
        raise RpcError(RESOURCE_ERROR, f"Unknown resource: {uri}")

    async def _read(self, spec: ResourceSpec, uri: str, values: dict[str, str]) -> dict[str, Any]:
        try:
            text = await spec.fn(**values)
        except ToolError as exc:
            raise RpcError(RESOURCE_ERROR, str(exc)) from None
        return {"contents": [{"uri": uri, "mimeType": spec.mime_type, "text": text}]}

    async def _list_prompts(self, _params: dict[str, Any]) -> dict[str, Any]:
        prompts = []
        for spec in self.registry.prompts.values():
            schema = input_schema(spec.fn)
            required = set(schema.get("required", []))
            arguments = [
                {
                    "name": name,
                    "description": prop.get("description", ""),
                    "required": name in required,
                }
                for name, prop in schema.get("properties", {}).items()
            ]
            prompts.append(
                {"name": spec.name, "description": spec.description, "arguments": arguments}
            )
        return {"prompts": prompts}

    async def _get_prompt(self, params: dict[str, Any]) -> dict[str, Any]:
        spec = self.registry.prompts.get(str(params.get("name")))
        if spec is None:
            raise RpcError(INVALID_PARAMS, f"Unknown prompt: {params.get('name')!r}")
        try:
            text = call(spec.fn, dict(params.get("arguments") or {}))
        except ValidationError as exc:
            raise RpcError(INVALID_PARAMS, describe_validation(spec.name, exc)) from None
        message = {"role": "user", "content": {"type": "text", "text": text}}
        return {"description": spec.description, "messages": [message]}


def _error(request_id: Any, code: int, message: str) -> Message:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}


def _tool_error(text: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": text}], "isError": True}


def _forget(running: dict[Any, asyncio.Task[None]], key: Any, _task: object) -> None:
    running.pop(key, None)


class CallResult(dict[str, Any]):
    """A `tools/call` result that may carry its structured content already serialized."""

    structured_json: str | None = None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode(message: Message) -> bytes:
    """One message as a line of compact JSON. A tool result's structured content that is
    already serialized (the text block next to it holds the same JSON) is spliced in
    rather than serialized a second time."""
    result = message.get("result")
    if not isinstance(result, CallResult) or result.structured_json is None:
        return (_dumps(message) + "\n").encode()
    raw = result.structured_json
    envelope = _dumps({key: value for key, value in message.items() if key != "result"})
    rest = _dumps({key: value for key, value in result.items() if key != "structuredContent"})
    return f'{envelope[:-1]},"result":{rest[:-1]},"structuredContent":{raw}}}}}\n'.encode()


async def run_loop(
    server: McpStdioServer, reader: asyncio.StreamReader, write: Callable[[bytes], None]
) -> None:
    """Read messages until end of input, answering each as soon as it is done."""
    running: dict[Any, asyncio.Task[None]] = {}

    async def answer(message: Any) -> None:
        response = await server.handle(message)
        if response is not None:
            write(encode(response))

    while True:
        line = await reader.readline()
        if not line:
            break
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            write(encode(_error(None, PARSE_ERROR, "Parse error: not JSON")))
            continue
        if isinstance(message, dict) and message.get("method") == "notifications/cancelled":
            task = running.get((message.get("params") or {}).get("requestId"))
            if task is not None:
                task.cancel()
            continue
        key = message.get("id") if isinstance(message, dict) else None
        task = asyncio.create_task(answer(message))
        if key is not None:
            running[key] = task
            task.add_done_callback(functools.partial(_forget, running, key))
    if running:
        await asyncio.wait(list(running.values()), timeout=10)


def prefetch_odoo_client() -> None:
    """Import the Odoo client (aiohttp and its TLS setup, the slowest import of a cold
    start) in a background thread while the server reads its registry and handshakes."""
    threading.Thread(
        target=importlib.import_module, args=("daniel.odoo",), name="prefetch", daemon=True
    ).start()


async def _stdin_reader() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=32 * 1024 * 1024)
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


async def serve_stdio(registry: ToolRegistry, deps: ServerDeps, *, instructions: str) -> None:
    """Serve MCP on this process's stdin/stdout until stdin closes."""
    reader = await _stdin_reader()
    write, drain = await _stdout_writer()
    server = McpStdioServer(registry, deps, instructions=instructions)
    log.info("MCP server %s ready on stdio (%d tools)", deps.config.name, len(registry.tools))
    try:
        await run_loop(server, reader, write)
        await drain()
    finally:
        await deps.aclose()
