"""Resuming a conversation in another process (replica or worker) through `SharedState`.

With `REDIS_URL` every conversation keeps a snapshot in Redis: written when it starts,
after each turn and when its socket drops (then it expires after `resume_seconds`). It
holds the language, mode and turn count, the brain's context (`Brain.snapshot`: for the
local brain the records, focus and the write waiting for a yes or no), the confirmation
ids the browser holds and the MCP tokens the conversation may answer. Nothing in it is
a credential: the person's Odoo secret stays in their login record.

`claim` hands a snapshot to the process a client reconnects to: a conversation still
live on another running process is asked to hand over first (broadcast `handover`, it
parks and closes its socket); one whose process died is taken at once. Only the
conversation's own person can claim it. Without `REDIS_URL` none of this runs: a
conversation resumes only in the process that parked it (`SessionStore.claim`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from daniel.server_avatar.auth.person import PersonTools
from daniel.server_avatar.protocol import Mode
from daniel.server_avatar.services.base import Brain, Lang
from daniel.server_avatar.shared_state import SharedStateDown

if TYPE_CHECKING:
    from daniel.server_avatar.session import Session

log = logging.getLogger(__name__)

SPACE = "resume"
#: A live conversation's snapshot lasts this long without a turn.
LIVE_SECONDS = 2 * 3600.0
#: How long a claim waits for a live conversation's process to hand it over.
HANDOVER_SECONDS = 8.0


@dataclass(slots=True)
class Resumed:
    """A conversation found for `session.start {resume}`: parked in this process (with
    its brain) or claimed from another one (with its snapshot)."""

    session_id: str
    lang: Lang
    mode: Mode
    turns: int
    brain: Brain | None = None
    snapshot: dict[str, Any] | None = None


async def find(session: Session, session_id: str) -> Resumed | None:
    """The person's conversation `session_id`, from this process or another one."""
    store = session.state.store
    previous = store.active(session_id)
    if previous is not None and previous is not session and previous.owner == session.owner:
        await previous.hand_over()
    parked = await store.claim(session_id, session.owner)
    if parked is not None:
        return Resumed(parked.session_id, parked.lang, parked.mode, parked.turns, parked.brain)
    data = await claim(session, session_id)
    if data is None:
        return None
    lang: Lang = "en" if data.get("lang") == "en" else "es"
    mode: Mode = "hands_free" if data.get("mode") == "hands_free" else "push_to_talk"
    return Resumed(str(data["session_id"]), lang, mode, int(data.get("turns") or 0), None, data)


def snapshot_of(session: Session, brain: Brain, *, live: bool) -> dict[str, Any]:
    tools = session.tools
    return {
        "session_id": session.id,
        "owner": session.owner,
        "lang": session.lang,
        "mode": session.mode,
        "turns": session.turns,
        "live": session.state.shared_state.process_id if live else None,
        "brain_name": brain.name,
        "brain": brain.snapshot(),
        "ids": session.confirmation_ids.snapshot(),
        "tokens": tools.snapshot() if isinstance(tools, PersonTools) else None,
    }


async def save(session: Session, brain: Brain, *, live: bool) -> bool:
    """Share the conversation's snapshot; False when Redis cannot take it."""
    state = session.state
    shared = state.shared_state
    if not shared.shared or session.id is None:
        return True
    ttl = LIVE_SECONDS if live else state.tuning.resume_seconds
    try:
        await shared.put(SPACE, session.id, snapshot_of(session, brain, live=live), ttl)
    except SharedStateDown:
        log.warning("conversation snapshot not shared (Redis down)")
        return False
    return True


async def forget(session: Session) -> None:
    shared = session.state.shared_state
    if shared.shared and session.id is not None:
        try:
            await shared.delete(SPACE, session.id)
        except SharedStateDown:
            log.warning("conversation snapshot not removed (Redis down); it expires")


async def claim(session: Session, session_id: str) -> dict[str, Any] | None:
    """The snapshot of `session_id` for this person, now this process's (or None)."""
    shared = session.state.shared_state
    if not shared.shared:
        return None
    try:
        data = await shared.get(SPACE, session_id)
        if data is None or data.get("owner") != session.owner:
            return None
        await shared.publish("handover", session_id)  # its old process lets it go
        live = data.get("live")
        if live and live != shared.process_id and await shared.alive(str(live)):
            deadline = time.monotonic() + HANDOVER_SECONDS
            while time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                data = await shared.get(SPACE, session_id)
                if data is None or not data.get("live"):
                    break
        taken = await shared.take(SPACE, session_id)
    except SharedStateDown:
        log.warning("cannot resume from another process: Redis is down")
        return None
    if taken is None or taken.get("owner") != session.owner:
        return None
    return taken


def restore(session: Session, brain: Brain, found: Resumed) -> bool:
    """Put a claimed snapshot into this conversation; False if the brain cannot."""
    data = found.snapshot
    if data is None:
        return True  # parked here: the brain is the conversation's own
    context = data.get("brain")
    if data.get("brain_name") != brain.name or not isinstance(context, dict):
        return False
    if not brain.restore(context):
        return False
    session.confirmation_ids.restore(data.get("ids") or {})
    tokens = data.get("tokens")
    if isinstance(session.tools, PersonTools) and isinstance(tokens, dict):
        session.tools.restore(tokens)
    return True
