"""State the avatar server's processes may share: `SharedState`, in memory or in Redis.

One small interface for what must survive a move from one process to another:

    records     JSON objects with a time to live (login sessions, resume snapshots);
                `take` reads and deletes at once (one replica claims a conversation)
    windows     sliding-window event counters (login throttling)
    holders     members holding a slot under a key, each with a lease (open sessions
                per person and per address); a crashed process's leases run out
    broadcast   one-line messages to every process (a login ended, names changed, a
                conversation moved); a process ignores its own

`MemoryState` (no `REDIS_URL`: one process, today's behaviour) keeps them in dicts.
`RedisState` (`shared_state_redis`) keeps them in Redis, so any replica or worker serves
any request. Any Redis failure raises `SharedStateDown`; callers degrade (a login already
known to this process keeps working, new writes are refused by the MCP server's own
Redis check) and tell the user in plain words.
"""

from __future__ import annotations

import abc
import json
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any

Listener = Callable[[str, str], None]

#: A process's lease on a slot (open session) lasts this long unless renewed.
LEASE_SECONDS = 90.0


class SharedStateDown(Exception):
    """The shared store (Redis) cannot be read or written right now."""


class SharedState(abc.ABC):
    #: True when other processes see this state (Redis).
    shared: bool = False

    def __init__(self) -> None:
        #: This process's name in broadcasts and leases.
        self.process_id = secrets.token_hex(6)
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        """Call `listener(kind, value)` for every broadcast of another process."""
        self._listeners.append(listener)

    def _deliver(self, kind: str, value: str) -> None:
        for listener in list(self._listeners):
            listener(kind, value)

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Connect and start listening to broadcasts."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Stop listening and disconnect."""

    # ------------------------------------------------------------------ records
    @abc.abstractmethod
    async def put(self, space: str, key: str, value: dict[str, Any], ttl: float) -> None: ...

    @abc.abstractmethod
    async def get(self, space: str, key: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    async def take(self, space: str, key: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    async def delete(self, space: str, key: str) -> None: ...

    @abc.abstractmethod
    async def entries(self, space: str, most: int = 1000) -> list[dict[str, Any]]:
        """Up to `most` unexpired records of `space` (a listing, e.g. live conversations)."""

    @abc.abstractmethod
    async def touch(self, space: str, key: str, ttl: float) -> None: ...

    # ------------------------------------------------------------------ windows
    @abc.abstractmethod
    async def note(self, space: str, key: str, window: float) -> None: ...

    @abc.abstractmethod
    async def recent(self, space: str, key: str, window: float) -> tuple[int, float]:
        """(events in the last `window` s, seconds since the oldest of them)."""

    @abc.abstractmethod
    async def forget(self, space: str, key: str) -> None: ...

    # ------------------------------------------------------------------ holders
    @abc.abstractmethod
    async def hold(self, space: str, key: str, member: str) -> None: ...

    @abc.abstractmethod
    async def let_go(self, space: str, key: str, member: str) -> None: ...

    @abc.abstractmethod
    async def holders(self, space: str, key: str) -> int: ...

    async def renew(self, held: list[tuple[str, str, str]]) -> None:  # noqa: B027
        """Renew this process's leases (space, key, member); called periodically."""

    # ------------------------------------------------------------------ broadcast
    @abc.abstractmethod
    async def publish(self, kind: str, value: str) -> None: ...

    async def alive(self, process_id: str) -> bool:
        """Whether the process `process_id` is still running (renews its heartbeat)."""
        return process_id == self.process_id

    async def beat(self) -> None:  # noqa: B027 - optional hook
        """Say this process is alive (called periodically)."""


class MemoryState(SharedState):
    """One process: everything in dicts (no `REDIS_URL`)."""

    shared = False

    def __init__(self) -> None:
        super().__init__()
        self._records: dict[tuple[str, str], tuple[float, str]] = {}
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._holders: dict[tuple[str, str], set[str]] = {}

    async def put(self, space: str, key: str, value: dict[str, Any], ttl: float) -> None:
        self._records[(space, key)] = (time.monotonic() + ttl, json.dumps(value))
        if len(self._records) > 100_000:
            self._expire()

    async def get(self, space: str, key: str) -> dict[str, Any] | None:
        found = self._records.get((space, key))
        if found is None or found[0] <= time.monotonic():
            self._records.pop((space, key), None)
            return None
        value: dict[str, Any] = json.loads(found[1])
        return value

    async def take(self, space: str, key: str) -> dict[str, Any] | None:
        value = await self.get(space, key)
        self._records.pop((space, key), None)
        return value

    async def delete(self, space: str, key: str) -> None:
        self._records.pop((space, key), None)

    async def entries(self, space: str, most: int = 1000) -> list[dict[str, Any]]:
        now = time.monotonic()
        found = [
            json.loads(raw)
            for (named, _), (until, raw) in list(self._records.items())
            if named == space and until > now
        ]
        return found[:most]

    async def touch(self, space: str, key: str, ttl: float) -> None:
        found = self._records.get((space, key))
        if found is not None:
            self._records[(space, key)] = (time.monotonic() + ttl, found[1])

    def _expire(self) -> None:
        now = time.monotonic()
        for name in [k for k, (until, _) in self._records.items() if until <= now]:
            del self._records[name]

    async def note(self, space: str, key: str, window: float) -> None:
        if len(self._windows) > 50_000:  # a flood of distinct keys: start afresh
            self._windows.clear()
        self._windows.setdefault((space, key), deque()).append(time.monotonic())

    async def recent(self, space: str, key: str, window: float) -> tuple[int, float]:
        events = self._windows.get((space, key))
        if not events:
            return 0, 0.0
        now = time.monotonic()
        while events and now - events[0] > window:
            events.popleft()
        return len(events), (now - events[0]) if events else 0.0

    async def forget(self, space: str, key: str) -> None:
        self._windows.pop((space, key), None)

    async def hold(self, space: str, key: str, member: str) -> None:
        self._holders.setdefault((space, key), set()).add(member)

    async def let_go(self, space: str, key: str, member: str) -> None:
        members = self._holders.get((space, key))
        if members is not None:
            members.discard(member)
            if not members:
                del self._holders[(space, key)]

    async def holders(self, space: str, key: str) -> int:
        return len(self._holders.get((space, key), ()))

    async def publish(self, kind: str, value: str) -> None:
        """Nobody else to tell: this process acted already."""
