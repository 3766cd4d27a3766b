"""What the plugins register into: tools, resources and prompts as plain functions.

Plugins call `registry.tool(...)` (the same decorator shape as FastMCP's `mcp.tool`);
`transport.fastmcp_app.build_fastmcp` turns the registry into the FastMCP server
(streamable HTTP, in-process clients) and `transport.stdio` serves the same registry
over stdio. A tool is a
module-level function whose first parameter is the server's `ServerDeps`; the plugin
registers it bound to them (`functools.partial(tool, deps)`), so it can also be
imported and called by name. Nothing here imports FastMCP.

Tools return a `ToolOutput` (a summary to read aloud and structured data) and raise
`ToolError` for anything the caller should be told.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])


MAX_ERROR_CHARS = 600


class ToolError(Exception):
    """A failure the caller is told about in plain words (what failed, what to do).

    Messages are capped: a refusal never echoes a huge argument back."""

    def __init__(self, message: str) -> None:
        if len(message) > MAX_ERROR_CHARS:
            message = message[: MAX_ERROR_CHARS - 1].rstrip() + "…"
        super().__init__(message)


def shorten(text: str, limit: int = 60) -> str:
    """User input quoted in a message: at most `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ToolOutput:
    """A tool's answer: text blocks (the summary first) and the structured content."""

    texts: tuple[str, ...]
    data: dict[str, Any]
    is_error: bool = False

    @property
    def summary(self) -> str:
        return self.texts[0] if self.texts else ""


def unbound(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The function itself, under any `functools.partial` that binds its first arguments."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    return fn


def readable(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A tool bound with `functools.partial`, as pydantic (and FastMCP) can read its
    parameters.

    Pydantic resolves a partial's string annotations (`from __future__ import
    annotations`) in the wrong namespace, so the bound tool is given its remaining
    parameters with their annotations resolved in the function's own module."""
    if not isinstance(fn, functools.partial):
        return fn
    target = unbound(fn)
    hints = typing.get_type_hints(target, include_extras=True)
    signature = inspect.signature(fn)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]
    returned = hints.get("return", signature.return_annotation)

    @functools.wraps(target)
    async def tool(*args: Any, **kwargs: Any) -> Any:
        return await fn(*args, **kwargs)

    del tool.__wrapped__
    tool.__signature__ = signature.replace(parameters=params, return_annotation=returned)  # type: ignore[attr-defined]
    tool.__annotations__ = {p.name: p.annotation for p in params} | {"return": returned}
    return tool


def returns_tool_output(fn: Callable[..., Any]) -> bool:
    returned = getattr(unbound(fn), "__annotations__", {}).get("return")
    return returned is ToolOutput or returned == "ToolOutput"


@dataclass(frozen=True)
class ToolSpec:
    name: str
    fn: Callable[..., Any]
    description: str
    annotations: dict[str, Any] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ResourceSpec:
    uri_template: str
    fn: Callable[..., Any]
    name: str
    description: str
    mime_type: str = "application/json"


@dataclass(frozen=True)
class PromptSpec:
    name: str
    fn: Callable[..., Any]
    description: str


class ToolRegistry:
    """Collects the components of the server, in registration order."""

    def __init__(self) -> None:
        self.tools: dict[str, ToolSpec] = {}
        self.resources: list[ResourceSpec] = []
        self.prompts: dict[str, PromptSpec] = {}

    @overload
    def tool(self, name_or_fn: F) -> F: ...

    @overload
    def tool(
        self,
        name_or_fn: str | None = None,
        *,
        name: str | None = None,
        description: str | None = None,
        annotations: dict[str, Any] | None = None,
        tags: set[str] | None = None,
    ) -> Callable[[F], F]: ...

    def tool(
        self,
        name_or_fn: str | Callable[..., Any] | None = None,
        *,
        name: str | None = None,
        description: str | None = None,
        annotations: dict[str, Any] | None = None,
        tags: set[str] | None = None,
    ) -> Any:
        """`@registry.tool`, `@registry.tool()`, `@registry.tool("name")` or with keywords."""

        def add(fn: F) -> F:
            target = unbound(fn)
            tool_name = name or (name_or_fn if isinstance(name_or_fn, str) else None)
            tool_name = tool_name or target.__name__
            if tool_name in self.tools:
                raise ValueError(f"tool {tool_name!r} is registered twice")
            self.tools[tool_name] = ToolSpec(
                name=tool_name,
                fn=fn,
                description=description or inspect.cleandoc(target.__doc__ or ""),
                annotations=dict(annotations or {}),
                tags=frozenset(tags or ()),
            )
            return fn

        if callable(name_or_fn):
            return add(name_or_fn)
        return add

    def resource(
        self, uri_template: str, *, name: str, description: str, mime_type: str = "application/json"
    ) -> Callable[[F], F]:
        def add(fn: F) -> F:
            self.resources.append(ResourceSpec(uri_template, fn, name, description, mime_type))
            return fn

        return add

    def prompt(self, name: str, *, description: str) -> Callable[[F], F]:
        def add(fn: F) -> F:
            self.prompts[name] = PromptSpec(name, fn, description)
            return fn

        return add

    def forget(self, names: set[str]) -> None:
        """Drop tools (those of a plugin that failed half-way through `register`)."""
        for tool_name in names:
            self.tools.pop(tool_name, None)
