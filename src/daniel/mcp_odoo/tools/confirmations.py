"""Carry out or drop a previewed write (write mode `confirm`)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.toolkit import WRITE, LangParam

Token = Annotated[
    str,
    Field(min_length=8, max_length=100, description="The confirmation_token of the preview."),
]


async def confirm_action(
    deps: ServerDeps,
    confirmation_token: Token,
    idempotency_key: Annotated[
        str | None,
        Field(
            max_length=200,
            description="Optional unique key for this confirmation; confirming again with "
            "it, even after a server restart, reports the first outcome and never writes "
            "twice.",
        ),
    ] = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Carry out a previewed change once the user has agreed. Confirming the same token
    again returns the first result; nothing is written twice."""
    call = deps.call(lang)
    return await deps.writes.confirm(
        confirmation_token, lang=call.lang, idempotency_key=idempotency_key
    )


async def cancel_action(
    deps: ServerDeps, confirmation_token: Token, lang: LangParam = None
) -> ToolOutput:
    """Drop a previewed change; nothing is written."""
    call = deps.call(lang)
    return await deps.writes.cancel(confirmation_token, lang=call.lang)


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        confirm_action,
        cancel_action,
    ):
        mcp.tool(annotations=WRITE, tags={"write"})(partial(tool, deps))
