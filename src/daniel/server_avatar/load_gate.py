"""`LoadGate`: a process that has fallen behind says so instead of queueing in silence.

A process serves turns on one core. When people ask faster than it can answer, every
turn slows down together and, left alone, users wait many seconds without a word. The
gate watches how long this process's recent turns took, from the moment their question
was read to their last message (queueing included), and whether the process is short of
CPU (`watch`: its event loop wakes up late, or it uses a whole core). While both hold —
the median of the last few seconds' turns is over `BUSY_AFTER_SECONDS` (or a turn still
running has waited longer than `STUCK_SECONDS`) and the CPU is short — a new question is
answered at once with a short "busy, ask again in a moment" (`turn.end` with
`outcome: "busy"`) instead of joining the queue; the turns already accepted then finish
sooner. Slow turns without CPU pressure (a slow Odoo) are not "busy": those users are
told about Odoo by their turn. Confirmations are never turned away.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import deque
from typing import TYPE_CHECKING, Literal

from daniel import metrics
from daniel.server_avatar import protocol as wire
from daniel.server_avatar.texts import text as say

if TYPE_CHECKING:
    from daniel.server_avatar.outbox import Outbox
    from daniel.server_avatar.services.base import Lang

#: Recent turns slower than this (median) mean this process is behind.
BUSY_AFTER_SECONDS = 2.5
#: A turn still running after this long means the same.
STUCK_SECONDS = 5.0
#: Turns finished in the last this-many seconds are the recent ones.
WINDOW_SECONDS = 3.0
#: The event loop waking this late, or the process using this share of a core, means
#: the CPU is short.
LAG_SECONDS = 0.15
CPU_SHARE = 0.85
_TICK = 0.1


class LoadGate:
    def __init__(
        self, busy_after: float = BUSY_AFTER_SECONDS, stuck: float = STUCK_SECONDS
    ) -> None:
        self.busy_after = busy_after
        self.stuck = stuck
        self._finished: deque[tuple[float, float]] = deque()  # (finished at, duration)
        self._running: dict[int, float] = {}
        self.lag_after = LAG_SECONDS
        self._pressure: deque[tuple[float, bool]] = deque()  # (when, CPU short)

    def note_pressure(self, short: bool) -> None:
        """Whether the CPU was short at this moment (see `watch`)."""
        now = time.monotonic()
        self._pressure.append((now, short))
        while self._pressure and now - self._pressure[0][0] > WINDOW_SECONDS:
            self._pressure.popleft()

    @property
    def pressed(self) -> bool:
        return any(short for _, short in self._pressure)

    async def watch(self) -> None:
        """Sample CPU pressure every 0.1 s until cancelled (one task per process)."""
        wall, cpu = time.monotonic(), time.process_time()
        while True:
            await asyncio.sleep(_TICK)
            now, used = time.monotonic(), time.process_time()
            lag = now - wall - _TICK
            share = (used - cpu) / max(1e-6, now - wall)
            self.note_pressure(lag >= self.lag_after or share >= CPU_SHARE)
            wall, cpu = now, used

    def begin(self) -> int:
        """A turn starts; returns its ticket for `end`."""
        ticket = id(object()) ^ time.monotonic_ns()
        self._running[ticket] = time.monotonic()
        return ticket

    def end(self, ticket: int) -> None:
        started = self._running.pop(ticket, None)
        if started is None:
            return
        now = time.monotonic()
        self._finished.append((now, now - started))

    def busy(self) -> bool:
        """Whether a new question should be answered with "busy" right now."""
        return self.slow() and self.pressed

    def slow(self) -> bool:
        """Whether recent turns took too long (or one has been waiting too long)."""
        now = time.monotonic()
        while self._finished and now - self._finished[0][0] > WINDOW_SECONDS:
            self._finished.popleft()
        if self._running and now - min(self._running.values()) > self.stuck:
            return True
        if len(self._finished) < 5:
            return False
        return statistics.median(d for _, d in self._finished) > self.busy_after


async def answer_busy(
    outbox: Outbox, turn_id: str, lang: Lang, source: Literal["text", "voice"] = "text"
) -> None:
    """The whole turn of a question turned away: one short sentence, in text only."""
    metrics.session_rejected("busy")
    await outbox.send(wire.turn_start(turn_id, source))
    await outbox.send(wire.agent_text(turn_id, say("busy", lang)))
    await outbox.send(wire.turn_end(turn_id, "busy"))
