"""The understanding layer's `Tools` over an MCP tool runner, outside any turn.

Background reads (the shared name index, the speech vocabulary) call MCP tools without a
conversation turn to show them in. Both use this one adapter; they differ only in what
an unreachable MCP server is to them, which the caller says (`unreachable`).
"""

from __future__ import annotations

import weakref
from typing import Any

from daniel.server_avatar.services.base import ProviderError, ToolResult, ToolRunner
from daniel.understanding.executor import ToolFailure


class ErpTools:
    """`call(name, arguments)` → the tool's structured result, or an exception."""

    def __init__(self, runner: ToolRunner, *, unreachable: type[Exception] = ToolFailure) -> None:
        # Weak: the shared name index outlives no connection (it is keyed by the runner).
        self._runner = weakref.ref(runner)
        self._unreachable = unreachable

    async def call(
        self, name: str, arguments: dict[str, Any], label: str = "", *, quiet: bool = True
    ) -> dict[str, Any]:
        runner = self._runner()
        if runner is None:
            raise self._unreachable("the MCP connection is closed")
        args = {key: value for key, value in arguments.items() if value is not None}
        try:
            result = await runner.call(name, args)
        except ProviderError as exc:
            raise self._unreachable(exc.message) from exc
        if result.is_error:
            raise ToolFailure(error_text(result))
        return dict(result.structured)


def error_text(result: ToolResult) -> str:
    """The server's (user-safe) error message, one line."""
    message = str(result.structured.get("summary") or result.text or "").strip()
    message = message.removeprefix("Error executing tool").strip(" :")
    return " ".join(message.split())[:300]
