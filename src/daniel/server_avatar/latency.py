"""Latency marks of every turn, and an in-process recorder other code can subscribe to.

Marks are milliseconds since the end of the user's input (`user_end` is 0):
`transcript_final` (voice turns), `first_text` (first answer text sent), `first_audio`
(first audio byte sent, or the remote avatar accepted the first sentence) and `end`
(everything sent). Each finished turn, with its conversation's tenant, is kept in its
session and handed to the process-wide `LatencyRecorder`, whose listeners (e.g. a
metrics exporter) are called synchronously and must be quick.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MARKS = ("user_end", "transcript_final", "first_text", "first_audio", "end")


class TurnClock:
    """Collects the marks of one turn; only the first time of each mark counts."""

    def __init__(self, user_end: float | None = None) -> None:
        self.started = time.perf_counter() if user_end is None else user_end
        self._marks: dict[str, int] = {"user_end": 0}

    def mark(self, name: str) -> None:
        if name not in self._marks:
            self._marks[name] = round((time.perf_counter() - self.started) * 1000)

    def has(self, name: str) -> bool:
        return name in self._marks

    def marks(self) -> dict[str, int]:
        return {name: self._marks[name] for name in MARKS if name in self._marks}


@dataclass(frozen=True, slots=True)
class TurnLatency:
    session_id: str
    turn_id: str
    source: str
    marks: dict[str, int] = field(default_factory=dict)
    #: The tenant of the conversation (`default` without `TENANTS`).
    tenant: str = "default"


Listener = Callable[[TurnLatency], None]


class LatencyRecorder:
    """The last `size` turns of the process, plus listeners called on each new one."""

    def __init__(self, size: int = 1000) -> None:
        self.turns: deque[TurnLatency] = deque(maxlen=size)
        self.listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def record(self, turn: TurnLatency) -> None:
        self.turns.append(turn)
        for listener in list(self.listeners):
            try:
                listener(turn)
            except Exception:  # a broken exporter must not break conversations
                log.exception("latency listener failed")
