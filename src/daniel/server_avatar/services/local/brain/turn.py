"""One turn being answered: the events it produces and the tool calls it makes.

Handlers are plain coroutines; what they produce (tool activity, sentences,
confirmation requests) goes through `Turn.emit` to a queue the brain's `respond`
generator drains, so the page sees each event as soon as it happens.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from typing import Any

from daniel.language.text import Lang
from daniel.server_avatar.services.base import (
    BrainEvent,
    ProviderError,
    TextDelta,
    ToolActivity,
    ToolResult,
    ToolRunner,
)
from daniel.server_avatar.services.local.erp_tools import error_text
from daniel.understanding.executor import ToolFailure

log = logging.getLogger(__name__)

_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")  # "S.L.." → "S.L."
#: Tools whose calls are bookkeeping, not something the user asked to see.
QUIET_TOOLS = frozenset({"user_context"})


class ToolsUnavailable(Exception):
    """The MCP server cannot be reached; the turn ends with an apology."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Turn:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.queue: asyncio.Queue[BrainEvent | None] = asyncio.Queue()
        self.sentences: list[str] = []
        self.events: list[BrainEvent] = []
        self.outcome: str | None = None

    def emit(self, event: BrainEvent) -> None:
        self.events.append(event)
        self.queue.put_nowait(event)

    def say(self, *sentences: str) -> None:
        """Speak these sentences (one text delta each)."""
        for sentence in sentences:
            sentence = _DOUBLE_DOT.sub(".", " ".join(sentence.split()))
            if not sentence:
                continue
            self.sentences.append(sentence)
            self.emit(TextDelta(sentence + " "))

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def finish(self) -> None:
        self.queue.put_nowait(None)


class ToolCaller:
    """Calls MCP tools for one session, reporting each call as `ToolActivity`."""

    def __init__(self, runner: ToolRunner, session_id: str) -> None:
        self.runner = runner
        self._ids = itertools.count(1)
        self._session = session_id
        self._lang_tools: frozenset[str] | None = None

    async def _accepts_lang(self, name: str) -> bool:
        if self._lang_tools is None:
            try:
                specs = await self.runner.list_tools()
            except ProviderError:
                specs = []
            self._lang_tools = frozenset(
                spec.name for spec in specs if "lang" in (spec.input_schema.get("properties") or {})
            )
        return name in self._lang_tools

    async def call(
        self,
        turn: Turn,
        name: str,
        arguments: dict[str, Any],
        label: str = "",
        *,
        quiet: bool | None = None,
    ) -> ToolResult:
        """Call `name`; tool errors come back with `is_error`; an unreachable server
        raises `ToolsUnavailable`. Bookkeeping calls are `quiet` (no `ToolActivity`)."""
        args = {key: value for key, value in arguments.items() if value is not None}
        if await self._accepts_lang(name):
            args.setdefault("lang", turn.lang)
        quiet = name in QUIET_TOOLS if quiet is None else quiet
        call_id = f"{self._session}-c{next(self._ids)}"
        if not quiet:
            turn.emit(ToolActivity(call_id, name, "running", label=label))
        try:
            result = await self.runner.call(name, args)
        except ProviderError as exc:
            log.warning("tool %s failed: %s", name, exc.message)
            if not quiet:
                turn.emit(ToolActivity(call_id, name, "error", label=label, summary=exc.message))
            raise ToolsUnavailable(exc.message) from exc
        if not quiet:
            turn.emit(activity_of(call_id, name, label, result))
        return result


def activity_of(call_id: str, name: str, label: str, result: ToolResult) -> ToolActivity:
    data = result.structured
    records = data.get("records")
    cards = tuple(r for r in records if isinstance(r, dict)) if isinstance(records, list) else ()
    kind = data.get("kind")
    count = data.get("count")
    return ToolActivity(
        call_id,
        name,
        "error" if result.is_error else "done",
        label=label,
        summary=str(data.get("summary") or result.text or "")[:500],
        kind=kind if isinstance(kind, str) and kind else "other",
        records=cards,
        count=count if isinstance(count, int) and not isinstance(count, bool) else None,
    )


def records_of(result: ToolResult) -> list[dict[str, Any]]:
    records = result.structured.get("records")
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


class TurnTools:
    """MCP tools for the understanding engine, shown on the page as this turn's activity."""

    def __init__(self, caller: ToolCaller, turn: Turn) -> None:
        self.caller = caller
        self.turn = turn

    async def call(
        self, name: str, arguments: dict[str, Any], label: str = "", *, quiet: bool = False
    ) -> dict[str, Any]:
        result = await self.caller.call(self.turn, name, arguments, label, quiet=quiet)
        if result.is_error:
            raise ToolFailure(error_text(result))
        return dict(result.structured)
