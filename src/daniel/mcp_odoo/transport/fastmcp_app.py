"""The registry as the FastMCP server: streamable HTTP, in-process clients, and stdio
when the lean stdio server steps aside (`transport/stdio.py`).

Each tool becomes a `RegistryTool`: its `ToolOutput` becomes a `ToolResult` (summary and
JSON text blocks plus structured content) and the registry's `ToolError` becomes
FastMCP's, shown to the caller as is. Parameter schemas and validation come from the
functions' own signatures (the `ServerDeps` a plugin binds is not a parameter).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastmcp import FastMCP
from fastmcp.exceptions import FastMCPError, ResourceError
from fastmcp.exceptions import ToolError as FastMCPToolError
from fastmcp.server.dependencies import transform_context_annotations
from fastmcp.tools.base import ToolResult
from fastmcp.tools.function_tool import FunctionTool
from fastmcp.utilities.tasks import TaskConfig
from mcp_types import TextContent, ToolAnnotations

from daniel import __version__, metrics
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import (
    ToolError,
    ToolOutput,
    ToolRegistry,
    ToolSpec,
    readable,
    returns_tool_output,
)
from daniel.mcp_odoo.transport import tool_schemas
from daniel.mcp_odoo.transport.http import add_health_route
from daniel.mcp_odoo.transport.middleware import ActAsCaller, ClearValidationErrors


def to_tool_result(output: ToolOutput) -> ToolResult:
    return ToolResult(
        content=[TextContent(type="text", text=text) for text in output.texts],
        structured_content=output.data,
        is_error=output.is_error,
    )


class RegistryTool(FunctionTool):
    """A registered tool as FastMCP runs it: its `ToolOutput` becomes a `ToolResult` and
    its `ToolError` FastMCP's, shown to the caller as is."""

    async def run(self, arguments: dict[str, Any]) -> ToolResult:
        try:
            return await super().run(arguments)
        except ToolError as exc:
            raise FastMCPToolError(str(exc)) from None

    def convert_result(self, raw_value: Any) -> ToolResult:
        if isinstance(raw_value, ToolOutput):
            return to_tool_result(raw_value)
        return super().convert_result(raw_value)


def _resource(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    async def read(*args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except ToolError as exc:
            raise ResourceError(str(exc)) from None

    return read


def _described(spec: ToolSpec) -> dict[str, Any]:
    """What a tool says about itself, the same however its schemas are made."""
    return {
        "name": spec.name,
        "description": spec.description,
        "annotations": ToolAnnotations(**spec.annotations) if spec.annotations else None,
        "tags": set(spec.tags),
    }


def derived_tool(spec: ToolSpec) -> FunctionTool:
    """The tool with its schemas derived from the function by FastMCP (pydantic)."""
    extra: dict[str, Any] = {"output_schema": None} if returns_tool_output(spec.fn) else {}
    return RegistryTool.from_function(readable(spec.fn), **_described(spec), **extra)


async def derive_listings(registry: ToolRegistry, deps: ServerDeps) -> tool_schemas.Stored:
    """What `tool_schemas` stores: per tool, prompt and resource, its fingerprint and the
    entry this server lists for it with every schema derived from the functions, as an
    MCP client receives it."""
    from fastmcp import Client

    empty: tool_schemas.Stored = {kind: {} for kind in tool_schemas.KINDS}
    async with Client(build_fastmcp(registry, deps, "", stored=empty)) as client:
        tools = (await client.list_tools_mcp()).tools
        prompts = (await client.list_prompts_mcp()).prompts
        templates = (await client.list_resource_templates_mcp()).resource_templates
        fixed = (await client.list_resources_mcp()).resources
    listed = {
        "tools": {tool.name: _wire(tool) for tool in tools},
        "prompts": {prompt.name: _wire(prompt) for prompt in prompts},
        "resources": {
            **{template.uri_template: _wire(template) for template in templates},
            **{str(resource.uri): _wire(resource) for resource in fixed},
        },
    }
    stored: tool_schemas.Stored = {kind: {} for kind in tool_schemas.KINDS}
    for spec in sorted(tool_schemas.components(registry), key=tool_schemas.key):
        kind, name = tool_schemas.kind_of(spec), tool_schemas.key(spec)
        stored[kind][name] = tool_schemas.entry(spec, listed[kind][name])
    return stored


def _wire(item: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped


def stored_tool(spec: ToolSpec, listed: dict[str, Any]) -> RegistryTool:
    """The same tool with the schemas of the generated file (`tool_schemas`): what
    `derived_tool` gives, without deriving them. FastMCP still validates the arguments
    of each call from the function itself."""
    fn = transform_context_annotations(readable(spec.fn))
    return RegistryTool(
        fn=fn,
        return_type=inspect.signature(fn).return_annotation,
        parameters=listed["inputSchema"],
        output_schema=listed.get("outputSchema"),
        task_config=TaskConfig(mode="forbidden"),
        run_in_thread=True,
        **_described(spec),
    )


class _StateOnFirstWrite:
    """FastMCP's in-memory session-state store, created when something is first stored.

    FastMCP reads a session's visibility rules from that store on every tool call; creating
    it imports `key_value` and `beartype` and builds a pydantic adapter, about 0.35 s of
    the first call of a `daniel mcp` process. Until something is stored the in-memory
    store is empty, so a read answers what it would (the default) without creating it."""

    def __init__(self, create: Callable[[], Any]) -> None:
        self._create = create
        self._store: Any = None

    def _real(self) -> Any:
        if self._store is None:
            self._store = self._create()
        return self._store

    async def get(self, key: str, *, collection: str | None = None, default: Any = None) -> Any:
        if self._store is None:
            return default
        return await self._store.get(key, collection=collection, default=default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)


class DanielFastMCP(FastMCP):
    """FastMCP with its session-state store created on first write (`_StateOnFirstWrite`)."""

    @property
    def _state_store(self) -> Any:
        lazy = self.__dict__.get("_state_on_first_write")
        if lazy is None:
            lazy = _StateOnFirstWrite(lambda: FastMCP._state_store.fget(self))  # type: ignore[attr-defined]
            self.__dict__["_state_on_first_write"] = lazy
        return lazy


def build_fastmcp(
    registry: ToolRegistry,
    deps: ServerDeps,
    instructions: str,
    *,
    stored: tool_schemas.Stored | None = None,
) -> FastMCP:
    """The registry as a FastMCP server; tools whose listing is `stored` (default: the
    generated file) are built from it, the others derived from their functions."""

    @asynccontextmanager
    async def lifespan(_server: FastMCP) -> AsyncIterator[dict[str, Any]]:
        try:
            yield {"deps": deps}
        finally:
            await deps.aclose()

    mcp = DanielFastMCP(
        name=deps.config.name,
        instructions=instructions,
        version=__version__,
        lifespan=lifespan,
        middleware=[
            ActAsCaller(deps.config.tenant, deps.config.lang),
            metrics.mcp_tool_metrics_middleware(deps.config.tenant),
            ClearValidationErrors(),
        ],
        on_duplicate="error",
        mask_error_details=True,
    )
    for resource in registry.resources:
        mcp.resource(
            resource.uri_template,
            name=resource.name,
            description=resource.description,
            mime_type=resource.mime_type,
        )(_resource(resource.fn))
    for prompt in registry.prompts.values():
        mcp.prompt(name=prompt.name, description=prompt.description)(prompt.fn)
    stored = tool_schemas.load() if stored is None else stored
    for spec in registry.tools.values():
        listed = tool_schemas.cached(spec, stored)
        mcp.add_tool(derived_tool(spec) if listed is None else stored_tool(spec, listed))
    add_health_route(mcp, deps)
    mcp.custom_route("/metrics", methods=["GET"])(metrics.metrics_route)
    return mcp


class _NoExpectedTracebacks(logging.Filter):
    """Tool and resource errors are answers, not crashes: log them without a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], FastMCPError):
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_library_logging() -> None:
    """Send FastMCP's and uvicorn's log records through the root handler (stderr, redacted)."""
    for name in ("fastmcp", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
    logging.getLogger("fastmcp.server.server").addFilter(_NoExpectedTracebacks())
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
