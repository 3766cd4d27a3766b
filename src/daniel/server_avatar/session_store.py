"""Concurrent-session slots and recently closed sessions that can be resumed.

Every WebSocket takes a slot (`SERVER_MAX_SESSIONS`); extra connections are refused with
a clear error. When a connection drops without `session.stop`, its brain (the
conversation's context) is parked for `resume_seconds`: a page that reconnects with
`session.start {resume: <session_id>}` gets it back. Expired parked brains are closed.

With a shared state (`REDIS_URL`) a conversation can also be resumed by another process
(`session_resume`); when one claims it, it broadcasts `handover` and this store lets the
conversation go (a live one parks and closes its socket, a parked one is dropped).
`drain` ends every conversation for a restart: each finishes its turn, is parked, and
its browser is told to reconnect (`server.reconnect`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from daniel import metrics
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.protocol import Mode
from daniel.server_avatar.services.base import Brain, Lang
from daniel.server_avatar.session_providers import close_quietly
from daniel.server_avatar.shared_state import MemoryState, SharedState

log = logging.getLogger(__name__)


class Conversation(Protocol):
    """A live conversation as the store and its readers see it (`session.Session` is one):
    the store holds conversations without depending on how a session works."""

    #: "tenant|login" of the person (empty with AUTH=none).
    owner: str
    lang: Lang
    outbox: Outbox
    #: Per-conversation values for the brain (the person's preferences).
    brain_extra: dict[str, Any]

    async def hand_over(self) -> None: ...

    async def end_login(self) -> None: ...

    async def drain(self, seconds: float) -> None: ...

    async def shutdown(self) -> None: ...

    async def close(self, *, park: bool = True) -> None: ...


@dataclass(slots=True)
class ParkedSession:
    session_id: str
    brain: Brain
    lang: Lang
    mode: Mode
    turns: int
    expires_at: float
    #: Whose conversation this is ("tenant|login"; empty with AUTH=none).
    owner: str = ""


class SessionStore:
    def __init__(
        self, max_sessions: int, resume_seconds: float, shared: SharedState | None = None
    ) -> None:
        self.max_sessions = max_sessions
        self.resume_seconds = resume_seconds
        self._slots = 0
        self._active: dict[str, Conversation] = {}
        self._parked: dict[str, ParkedSession] = {}
        self._moving: set[asyncio.Task[None]] = set()
        (shared or MemoryState()).listen(self._broadcast)

    def _broadcast(self, kind: str, value: str) -> None:
        if kind != "handover":
            return
        task = asyncio.get_running_loop().create_task(self._let_go(value))
        self._moving.add(task)
        task.add_done_callback(self._moving.discard)

    async def _let_go(self, session_id: str) -> None:
        """Another process resumes `session_id`: stop holding it here."""
        live = self._active.get(session_id)
        if live is not None:
            log.info("conversation %s moves to another process", session_id)
            await live.hand_over()
        parked = self._parked.pop(session_id, None)
        if parked is not None:
            await close_quietly(parked.brain.close)

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
    def add(self, session_id: str, session: Conversation) -> None:
        self._active[session_id] = session
        self._count()

    def remove(self, session_id: str, session: Conversation) -> None:
        if self._active.get(session_id) is session:
            del self._active[session_id]
            self._count()

    def _count(self) -> None:
        """The sessions gauge, per tenant (the tenant of each session's person)."""
        by_tenant: dict[str, int] = {}
        for session in self._active.values():
            tenant = session.owner.partition("|")[0] or metrics.DEFAULT_TENANT
            by_tenant[tenant] = by_tenant.get(tenant, 0) + 1
        metrics.set_active_sessions(by_tenant)

    def active(self, session_id: str) -> Conversation | None:
        return self._active.get(session_id)

    @property
    def active_count(self) -> int:
        return len(self._active)

    # ------------------------------------------------------------------ resume
    def park(
        self, session_id: str, brain: Brain, lang: Lang, mode: Mode, turns: int, owner: str = ""
    ) -> None:
        expires = time.monotonic() + self.resume_seconds
        self._parked[session_id] = ParkedSession(
            session_id, brain, lang, mode, turns, expires, owner
        )

    async def claim(self, session_id: str, owner: str = "") -> ParkedSession | None:
        """The parked conversation, for its own person only."""
        await self.sweep()
        parked = self._parked.get(session_id)
        if parked is None or parked.owner != owner:
            return None
        return self._parked.pop(session_id)

    async def drop_owner(self, owner: str) -> None:
        """Logout: close the person's live conversations and forget their parked ones."""
        live = [s for s in self._active.values() if s.owner == owner]
        await asyncio.gather(*(s.end_login() for s in live), return_exceptions=True)
        for parked in [p for p in self._parked.values() if p.owner == owner]:
            del self._parked[parked.session_id]
            await close_quietly(parked.brain.close)

    async def sweep(self) -> None:
        now = time.monotonic()
        expired = [p for p in self._parked.values() if p.expires_at <= now]
        for parked in expired:
            del self._parked[parked.session_id]
            await close_quietly(parked.brain.close)
        if expired:
            log.info("%d parked session(s) expired", len(expired))

    async def drain(self, seconds: float) -> None:
        """A restart: every conversation finishes its turn (at most `seconds`), is parked
        and shared, and its browser is told to reconnect."""
        sessions = list(self._active.values())
        await asyncio.gather(*(s.drain(seconds) for s in sessions), return_exceptions=True)

    async def close_all(self) -> None:
        sessions = list(self._active.values())
        await asyncio.gather(*(s.shutdown() for s in sessions), return_exceptions=True)
        parked, self._parked = list(self._parked.values()), {}
        for item in parked:
            await close_quietly(item.brain.close)
