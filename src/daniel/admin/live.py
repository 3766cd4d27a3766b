"""Live conversations of every process, for the dashboard's "live sessions" page.

Each process knows its own conversations (`Recorder.live`). With several workers or
replicas (`REDIS_URL`), each also publishes them to the shared state every few seconds
(`SPACE`, with a short time to live, so a dead process's entries vanish by themselves),
and the dashboard lists them all, whichever process answers it. Ending a conversation
held by another process is a broadcast (`END`): the process that holds it ends it.
Without Redis there is one process and the list is its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from daniel.admin.recorder import Recorder
from daniel.server_avatar.shared_state import SharedState, SharedStateDown

log = logging.getLogger(__name__)

SPACE = "live"
END = "admin-end"
PUBLISH_EVERY_SECONDS = 3.0
TTL_SECONDS = 15.0


async def publish_forever(recorder: Recorder, shared: SharedState) -> None:
    """Keep this process's live conversations in the shared state (Redis only)."""
    published: set[str] = set()
    while True:
        try:
            current = {c.session_id: c.public() for c in list(recorder.live.values())}
            for session_id, entry in current.items():
                await shared.put(SPACE, session_id, entry, TTL_SECONDS)
            for session_id in published - current.keys():
                await shared.delete(SPACE, session_id)
            published = set(current)
        except SharedStateDown:
            pass  # the outage is said elsewhere; the list is this process's meanwhile
        except Exception as exc:
            log.warning("live conversations not published (%s)", type(exc).__name__)
        await asyncio.sleep(PUBLISH_EVERY_SECONDS)


async def everywhere(recorder: Recorder, shared: SharedState) -> list[dict[str, Any]]:
    """This process's live conversations, then the other processes' (one entry each)."""
    found = {c.session_id: c.public() for c in list(recorder.live.values())}
    if shared.shared:
        try:
            for entry in await shared.entries(SPACE):
                found.setdefault(str(entry.get("id")), entry)
        except SharedStateDown:
            log.info("live conversations of other processes not listed: shared state down")
    return list(found.values())


def listen_for_ends(
    shared: SharedState, end_here: Callable[[str], Coroutine[Any, Any, bool]]
) -> set[asyncio.Task[bool]]:
    """End the conversations other processes are asked to end, when they are here."""
    tasks: set[asyncio.Task[bool]] = set()

    def heard(kind: str, value: str) -> None:
        if kind != END:
            return
        task = asyncio.get_running_loop().create_task(end_here(value))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    shared.listen(heard)
    return tasks
