"""A conversation moved to another process: the local brain's snapshot and restore.

`snapshot(state)` is the JSON-safe part of `DialogueState` a conversation needs to go on
elsewhere: the language, the person, the last answer's records and focus, and the write
waiting for a yes or no (with the tool's arguments). The follow-up frame and a question
asked back are not carried (the user asks again); nor are the CRM's stages, which the
other process reads with the ERP's other names (a snapshot that still holds `stages`, from
an older version, loads all the same).

A proposal restored on another process may be unknown to that process's MCP server (the
in-process MCP server keeps its previews in memory). `confirm_moved` settles it without
ever writing twice: confirming carries the idempotency key of the original proposal
(derived from its token); a write already made or started under it is answered from the
shared record of writes (Redis); an unknown token is proposed again with the same
arguments and the new preview is confirmed under the original key.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from daniel.server_avatar.services.base import ToolResult
from daniel.server_avatar.tools.mcp_client import confirmation_key
from daniel.understanding.changes.phrases import say
from daniel.understanding.changes.state import DialogueState, Entity, PendingWrite, UserInfo

if TYPE_CHECKING:
    from .dialogue import Conversation
    from .turn import Turn

log = logging.getLogger(__name__)


def snapshot(state: DialogueState) -> dict[str, Any]:
    return {
        "lang": state.lang,
        "user": asdict(state.user) if state.user is not None else None,
        "records": state.records,
        "focus": state.focus,
        "project_focus": asdict(state.project_focus) if state.project_focus else None,
        "pending": asdict(state.pending) if state.pending is not None else None,
    }


def restore(state: DialogueState, data: dict[str, Any]) -> None:
    state.lang = data.get("lang") or state.lang
    user = data.get("user")
    state.user = UserInfo(**user) if isinstance(user, dict) else None
    state.records = [r for r in data.get("records") or [] if isinstance(r, dict)]
    focus = data.get("focus")
    state.focus = focus if isinstance(focus, dict) else None
    project = data.get("project_focus")
    state.project_focus = Entity(**project) if isinstance(project, dict) else None
    pending = data.get("pending")
    state.pending = PendingWrite(**{**pending, "moved": True}) if pending else None


async def confirm_moved(
    conv: Conversation, turn: Turn, pending: PendingWrite, answer: ToolResult
) -> ToolResult:
    """`answer` to confirming a moved proposal, or the outcome of proposing it again."""
    if answer.structured.get("status") != "unknown" or not pending.args:
        return answer  # known here (done, settled from the shared record, or refused)
    if pending.expires_at and time.time() > pending.expires_at:
        summary = say(turn.lang, "expired")
        return ToolResult(answer.name, {"status": "expired", "summary": summary}, summary, True)
    log.info("a proposal made on another process: proposing it again under its key")
    preview = await conv.tools.call(turn, pending.tool, pending.args, quiet=True)
    token = str(preview.structured.get("confirmation_token") or "")
    if preview.is_error or not token:
        return preview if preview.is_error else answer
    arguments = {"confirmation_token": token, "idempotency_key": confirmation_key(pending.token)}
    return await conv.tools.call(turn, "confirm_action", arguments, quiet=True)
