"""Concurrent-session slots and recently closed sessions that can be resumed.

Every WebSocket takes a slot (`SERVER_MAX_SESSIONS`); extra connections are refused with
a clear error. When a connection drops without `session.stop`, its brain (the
conversation's context) is parked for `resume_seconds`: a page that reconnects with
`session.start {resume: <session_id>}` gets it back. Expired parked brains are closed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from daniel import metrics
from daniel.server_avatar.protocol import Mode
from daniel.server_avatar.services.base import Brain, Lang
from daniel.server_avatar.session_providers import close_quietly

if TYPE_CHECKING:
    from daniel.server_avatar.session import Session

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ParkedSession:
    session_id: str
    brain: Brain
    lang: Lang
    mode: Mode
    turns: int
    expires_at: float


class SessionStore:
    def __init__(self, max_sessions: int, resume_seconds: float) -> None:
        self.max_sessions = max_sessions
        self.resume_seconds = resume_seconds
        self._slots = 0
        self._active: dict[str, Session] = {}
        self._parked: dict[str, ParkedSession] = {}

    # ------------------------------------------------------------------ slots
    def try_acquire(self) -> bool:
        if self._slots >= self.max_sessions:
            return False
        self._slots += 1
        return True

    def release(self) -> None:
        self._slots = max(0, self._slots - 1)

    @property
    def connections(self) -> int:
        return self._slots

    # ------------------------------------------------------------------ live sessions
    def add(self, session_id: str, session: Session) -> None:
        self._active[session_id] = session
        metrics.set_active_sessions(len(self._active))

    def remove(self, session_id: str, session: Session) -> None:
        if self._active.get(session_id) is session:
            del self._active[session_id]
            metrics.set_active_sessions(len(self._active))

    def active(self, session_id: str) -> Session | None:
        return self._active.get(session_id)

    @property
    def active_count(self) -> int:
        return len(self._active)

    # ------------------------------------------------------------------ resume
    def park(self, session_id: str, brain: Brain, lang: Lang, mode: Mode, turns: int) -> None:
        expires = time.monotonic() + self.resume_seconds
        self._parked[session_id] = ParkedSession(session_id, brain, lang, mode, turns, expires)

    async def claim(self, session_id: str) -> ParkedSession | None:
        await self.sweep()
        return self._parked.pop(session_id, None)

    async def sweep(self) -> None:
        now = time.monotonic()
        expired = [p for p in self._parked.values() if p.expires_at <= now]
        for parked in expired:
            del self._parked[parked.session_id]
            await close_quietly(parked.brain.close)
        if expired:
            log.info("%d parked session(s) expired", len(expired))

    async def close_all(self) -> None:
        sessions = list(self._active.values())
        await asyncio.gather(*(s.shutdown() for s in sessions), return_exceptions=True)
        parked, self._parked = list(self._parked.values()), {}
        for item in parked:
            await close_quietly(item.brain.close)
