"""When has the ElevenLabs agent finished its turn?

ConvAI has no "turn over" event in voice mode: the agent sends `agent_response` (the
whole text of one reply), audio chunks, maybe client tool calls and more replies. A turn
is over when the agent has said something, no tool call is running, and nothing has
arrived for `quiet` seconds; a new user input closes it at once. An interruption ends it
without `TurnDone`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from daniel.server_avatar.services.base import (
    BrainEvent,
    Interruption,
    ProviderError,
    TurnDone,
)
from daniel.server_avatar.services.elevenlabs.errors import SERVICE


@dataclass(frozen=True, slots=True)
class Failure:
    """The conversation failed: whoever waits for events gets `error`."""

    error: ProviderError


class Stop:
    """The brain was closed: the events stream ends."""


Item = BrainEvent | Failure | Stop


async def drain(queue: asyncio.Queue[Item], *, within: float) -> AsyncIterator[BrainEvent]:
    """One turn's events, up to and including `TurnDone` (or `Interruption`), within
    `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            raise ProviderError(SERVICE, kind="timeout") from None
        if isinstance(item, Failure):
            raise item.error
        if isinstance(item, Stop):
            return
        yield item
        if isinstance(item, TurnDone | Interruption):
            return


class TurnTracker:
    """Groups the agent's events into turns and emits `TurnDone` with the whole text."""

    def __init__(self, quiet: float, emit: Callable[[BrainEvent], None]) -> None:
        self._quiet = quiet
        self._emit = emit
        self._timer: asyncio.TimerHandle | None = None
        self.is_open = False
        self.parts: list[str] = []
        self.pending_tools = 0
        self.streamed_text = False

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.parts if part.strip())

    def activity(self) -> None:
        """The agent sent something (audio, text, a tool call) for the current turn."""
        self.is_open = True
        self._restart()

    def add_text(self, text: str) -> None:
        self.parts.append(text)
        self.activity()

    def correct(self, original: str, corrected: str) -> None:
        """`agent_response_correction`: what was really spoken before an interruption."""
        if not self.is_open:
            return
        for i in range(len(self.parts) - 1, -1, -1):
            if self.parts[i].strip() == original.strip():
                self.parts[i] = corrected
                break
        self.activity()

    def interrupt(self) -> None:
        """The user barged in: the turn is over, without a `TurnDone` (the session ends
        an interrupted turn itself); late audio and corrections of it are ignored."""
        self._cancel()
        self._reset()

    def tool_started(self) -> None:
        self.is_open = True
        self.pending_tools += 1
        self._cancel()

    def tool_finished(self) -> None:
        self.pending_tools = max(0, self.pending_tools - 1)
        self._restart()

    def close(self, *, force: bool = False) -> None:
        """End the turn now (a new user input, or the conversation ended)."""
        self._cancel()
        if self.is_open or force:
            self._emit(TurnDone(self.text))
        self._reset()

    def _reset(self) -> None:
        self.is_open = False
        self.parts = []
        self.pending_tools = 0
        self.streamed_text = False

    def cancel(self) -> None:
        """The conversation failed: forget the broken turn (its error was reported), so
        that the next user input does not close it with a `TurnDone` of its old text."""
        self._cancel()
        self._reset()

    def _restart(self) -> None:
        self._cancel()
        if self.is_open and self.pending_tools == 0 and self.parts:
            self._timer = asyncio.get_running_loop().call_later(self._quiet, self.close)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
