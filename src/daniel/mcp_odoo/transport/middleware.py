"""FastMCP middleware: malformed tool arguments become one clear line
(`ClearValidationErrors`); each request runs as the person it carries (`ActAsCaller`),
and only if it is meant for the tenant this server serves."""

from __future__ import annotations

from typing import Any

import mcp_types
from fastmcp.exceptions import ToolError, ValidationError
from fastmcp.server.dependencies import get_access_token
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools.base import ToolResult
from pydantic import ValidationError as PydanticValidationError

from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.identity import Caller, acting_as, caller_from_meta, wrong_tenant
from daniel.mcp_odoo.present.i18n import t
from daniel.mcp_odoo.transport.argument_errors import describe_validation


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


class ActAsCaller(Middleware):
    """Run each request as the person it carries (see `identity`): the `_meta`
    credential, else the one the HTTP bearer maps to (`PersonBearer`), else the server's
    own account. A request that names another tenant than `tenant` is refused."""

    def __init__(self, tenant: str = "default", lang: Lang = "es") -> None:
        self.tenant = tenant
        self.lang: Lang = lang

    async def on_request(
        self,
        context: MiddlewareContext[Any],
        call_next: CallNext[Any, Any],
    ) -> Any:
        meta = _request_meta(context)
        wanted = wrong_tenant(meta, self.tenant)
        if wanted is not None:
            raise ToolError(t(self.lang, "wrong_tenant", served=self.tenant, wanted=wanted))
        with acting_as(caller_from_meta(meta) or _bearer_caller()):
            return await call_next(context)


def _request_meta(context: MiddlewareContext[Any]) -> Any:
    """The request's `_meta` (as the session received it; the typed params may lack it)."""
    fastmcp_context = context.fastmcp_context
    if fastmcp_context is not None:
        try:
            meta = fastmcp_context.request_context.meta  # type: ignore[union-attr]
        except (AttributeError, RuntimeError, LookupError):
            meta = None
        if meta:
            return meta
    message = context.message
    return message.get("_meta") if isinstance(message, dict) else getattr(message, "meta", None)


def _bearer_caller() -> Caller | None:
    access = get_access_token()
    claims = getattr(access, "claims", None) or {}
    caller = claims.get("daniel_caller")
    return caller if isinstance(caller, Caller) else None
