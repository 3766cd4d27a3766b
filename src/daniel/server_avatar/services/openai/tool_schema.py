"""MCP tools as OpenAI function tools, converted from the server's own JSON schemas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from daniel.server_avatar.services.base import ToolSpec

#: Driven by the session's confirmation flow (an explicit yes), never by the model.
CONFIRMATION_TOOLS = frozenset({"confirm_action", "cancel_action"})
_MAX_DESCRIPTION = 1024


def openai_tools(specs: Iterable[ToolSpec]) -> list[dict[str, Any]]:
    """`[{"type": "function", "function": {name, description, parameters}}]`."""
    return [to_function(spec) for spec in specs if spec.name not in CONFIRMATION_TOOLS]


def to_function(spec: ToolSpec) -> dict[str, Any]:
    parameters = dict(spec.input_schema) if spec.input_schema else {}
    parameters.setdefault("type", "object")
    parameters.setdefault("properties", {})
    return {
        "type": "function",
        "function": {
            "name": spec.name,
            "description": spec.description[:_MAX_DESCRIPTION],
            "parameters": parameters,
        },
    }


def tool_names(tools: Sequence[dict[str, Any]]) -> set[str]:
    return {t["function"]["name"] for t in tools}
