"""FastMCP middleware: malformed tool arguments become one clear line (see `validation`)."""

from __future__ import annotations

from typing import Any

import mcp_types
from fastmcp.exceptions import ToolError, ValidationError
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools.base import ToolResult
from pydantic import ValidationError as PydanticValidationError

from daniel.mcp_odoo.validation import describe_validation


class ClearValidationErrors(Middleware):
    async def on_call_tool(
        self,
        context: MiddlewareContext[mcp_types.CallToolRequestParams],
        call_next: CallNext[mcp_types.CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        try:
            return await call_next(context)
        except ValidationError as exc:
            cause: Any = exc.__cause__
            if isinstance(cause, PydanticValidationError):
                raise ToolError(describe_validation(context.message.name, cause)) from None
            raise
