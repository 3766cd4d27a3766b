"""The registry as a FastMCP server: streamable HTTP, in-process clients, tool listing.

Each registered function is wrapped so FastMCP sees what it expects: `ToolOutput`
becomes a `ToolResult` (summary and JSON text blocks plus structured content) and the
registry's `ToolError` becomes FastMCP's, shown to the caller as is. Parameter schemas
and validation come from the functions' own signatures, unchanged.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastmcp import FastMCP
from fastmcp.exceptions import FastMCPError, ResourceError
from fastmcp.exceptions import ToolError as FastMCPToolError
from fastmcp.tools.base import ToolResult
from mcp_types import TextContent

from daniel import __version__, metrics
from daniel.mcp_odoo.deps import ServerDeps
from daniel.mcp_odoo.http_transport import add_health_route
from daniel.mcp_odoo.middleware import ActAsCaller, ClearValidationErrors
from daniel.mcp_odoo.registry import ToolError, ToolOutput, ToolRegistry


def to_tool_result(output: ToolOutput) -> ToolResult:
    return ToolResult(
        content=[TextContent(type="text", text=text) for text in output.texts],
        structured_content=output.data,
        is_error=output.is_error,
    )


def _tool(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    async def run(*args: Any, **kwargs: Any) -> ToolResult:
        try:
            output = await fn(*args, **kwargs)
        except ToolError as exc:
            raise FastMCPToolError(str(exc)) from None
        return to_tool_result(output) if isinstance(output, ToolOutput) else output

    return run


def _returns_tool_output(fn: Callable[..., Any]) -> bool:
    returned = getattr(fn, "__annotations__", {}).get("return")
    return returned is ToolOutput or returned == "ToolOutput"


def _resource(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    async def read(*args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except ToolError as exc:
            raise ResourceError(str(exc)) from None

    return read


def build_fastmcp(registry: ToolRegistry, deps: ServerDeps, instructions: str) -> FastMCP:
    @asynccontextmanager
    async def lifespan(_server: FastMCP) -> AsyncIterator[dict[str, Any]]:
        try:
            yield {"deps": deps}
        finally:
            await deps.aclose()

    mcp = FastMCP(
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
    for spec in registry.tools.values():
        extra: dict[str, Any] = {"output_schema": None} if _returns_tool_output(spec.fn) else {}
        mcp.tool(
            _tool(spec.fn),
            name=spec.name,
            description=spec.description,
            annotations=spec.annotations,
            tags=set(spec.tags),
            **extra,
        )
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
