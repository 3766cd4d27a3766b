"""Remote avatar sessions open in this process, so that none is left running.

HeyGen and LiveAvatar bill (and count against the concurrency limit) every session
until it is stopped or times out. Each avatar registers its session here as soon as the
vendor created it and removes it once stopped; the server's shutdown calls
`stop_all_remote_sessions()` (before closing the shared HTTP client) to stop leftovers,
e.g. sessions whose WebSocket handler was cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Stopper = Callable[[], Awaitable[None]]


class OpenSessions:
    """Keys (`"heygen:<id>"`) → how to stop them."""

    def __init__(self) -> None:
        self._stoppers: dict[str, Stopper] = {}

    def add(self, key: str, stop: Stopper) -> None:
        self._stoppers[key] = stop

    def discard(self, key: str) -> None:
        self._stoppers.pop(key, None)

    def keys(self) -> list[str]:
        return list(self._stoppers)

    def __len__(self) -> int:
        return len(self._stoppers)

    async def stop_all(self) -> int:
        """Stop every registered session concurrently; returns how many were stopped."""
        stoppers = list(self._stoppers.items())
        self._stoppers.clear()
        if not stoppers:
            return 0
        log.info("Stopping %d remote avatar session(s) left open", len(stoppers))
        # Each stop is one HTTP call bounded by the provider's own request timeout.
        results = await asyncio.gather(*(stop() for _, stop in stoppers), return_exceptions=True)
        failed = 0
        for (key, _), result in zip(stoppers, results, strict=True):
            if isinstance(result, BaseException):
                failed += 1
                log.warning("Could not stop remote avatar session %s: %s", key, result)
        return len(stoppers) - failed


open_sessions = OpenSessions()


async def stop_all_remote_sessions() -> int:
    """Stop every HeyGen/LiveAvatar session still open in this process (server shutdown)."""
    return await open_sessions.stop_all()
