"""`LoadGate`: a process that has fallen behind says so instead of queueing in silence.

A process serves turns on one core. When people ask faster than it can answer, every
turn slows down together and, left alone, users wait many seconds without a word. The
gate watches how long this process's recent turns took, from the moment their question
was read to their last message (queueing included). While the median of the last few
seconds' turns is over `BUSY_AFTER_SECONDS`, or a turn still running has been waiting
longer than `STUCK_SECONDS`, a new question is answered at once with a short "busy, ask
again in a moment" (`turn.end` with `outcome: "busy"`) instead of joining the queue; the
turns already accepted then finish sooner. Confirmations are never turned away.
"""

from __future__ import annotations

import statistics
import time
from collections import deque
from typing import TYPE_CHECKING

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


class LoadGate:
    def __init__(
        self, busy_after: float = BUSY_AFTER_SECONDS, stuck: float = STUCK_SECONDS
    ) -> None:
        self.busy_after = busy_after
        self.stuck = stuck
        self._finished: deque[tuple[float, float]] = deque()  # (finished at, duration)
        self._running: dict[int, float] = {}
        self.refused = 0

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
        now = time.monotonic()
        while self._finished and now - self._finished[0][0] > WINDOW_SECONDS:
            self._finished.popleft()
        if self._running and now - min(self._running.values()) > self.stuck:
            return True
        if len(self._finished) < 5:
            return False
        return statistics.median(d for _, d in self._finished) > self.busy_after


async def answer_busy(outbox: Outbox, turn_id: str, lang: Lang) -> None:
    """The whole turn of a question turned away: one short sentence, in text only."""
    metrics.session_rejected("busy")
    await outbox.send(wire.turn_start(turn_id, "text"))
    await outbox.send(wire.agent_text(turn_id, say("busy", lang)))
    await outbox.send(wire.turn_end(turn_id, "busy"))
