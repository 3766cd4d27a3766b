"""The confirmation ids the browser sees, bound to one conversation, person and proposal.

A brain names each proposal with its own id (for some brains the MCP token itself); the
browser never sees that id. `ConfirmationIds.issue` hands out an unguessable id derived
(HMAC) from the conversation, the person, the tenant, the brain's id and the proposed
changes, and only this conversation's table can turn it back into the brain's id: another
conversation, person or tenant holding the id gets nothing. A newer proposal supersedes
the waiting ones at once: their ids stop resolving and the caller tells the browser.
An answered id keeps resolving, so pressing confirm again gets the first outcome (the
MCP server never writes twice).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any


class ConfirmationIds:
    def __init__(self, key: bytes, *, owner: str) -> None:
        self._key = key
        #: "session|tenant|login": whose proposals these are.
        self.owner = owner
        self._open: dict[str, str] = {}  # public id → brain id
        self._done: dict[str, str] = {}  # brain id → public id (answered or superseded)

    def issue(
        self, brain_id: str, summary: str, changes: Sequence[Mapping[str, Any]]
    ) -> tuple[str, list[str]]:
        """(the public id of a new proposal, the public ids it supersedes)."""
        payload = json.dumps(
            {"summary": summary, "changes": [dict(c) for c in changes]},
            sort_keys=True,
            default=str,
        )
        message = "\0".join((self.owner, brain_id, payload, secrets.token_hex(8)))
        digest = hmac.new(self._key, message.encode(), hashlib.sha256).hexdigest()
        public = "c_" + digest[:32]
        superseded = list(self._open)
        for old in superseded:
            self._done[self._open.pop(old)] = old
        self._open[public] = brain_id
        return public, superseded

    def resolve(self, public: str) -> str | None:
        """The brain's id of a proposal still waiting in this conversation."""
        return self._open.get(public)

    def snapshot(self) -> dict[str, dict[str, str]]:
        """The tables, for the conversation to go on in another process."""
        return {"open": dict(self._open), "done": dict(self._done)}

    def restore(self, data: dict[str, dict[str, str]]) -> None:
        self._open = {str(k): str(v) for k, v in (data.get("open") or {}).items()}
        self._done = {str(k): str(v) for k, v in (data.get("done") or {}).items()}

    def settle(self, brain_id: str) -> str | None:
        """The public id of the proposal the brain just answered (it stops resolving)."""
        for public, known in list(self._open.items()):
            if known == brain_id:
                del self._open[public]
                self._done[brain_id] = public
                return public
        return self._done.get(brain_id)
