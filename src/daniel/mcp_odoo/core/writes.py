"""Every change to Odoo goes through `WriteService`, which applies the write mode.

- read-only: write tools refuse with a clear error.
- confirm (default): the tool returns a preview with a confirmation token; nothing
  changes until `confirm_action(token)`. Tokens are random, single-use, expire after
  `confirm_ttl` seconds and are bound to the exact values previewed (the values stay
  on the server; the caller only holds the token). Confirming twice returns the first
  result without writing again.
- allow: the write happens at once.

With a shared record store (`REDIS_URL`) a preview is shared too: any replica can confirm
or cancel it (the proposal, its owner and its write step are kept beside the records,
under a hash of the token), and every replica runs it under the same key, one derived
from the token, so a confirmation reaching two replicas still writes once.

Every write runs exactly once under an idempotency key (the caller's `idempotency_key`,
the one `confirm_action` is given, or one made for it): see `write_once` for how a lost
answer is settled by reading Odoo back before anything is said. Every write's outcome
gets one audit entry; the keys live in the audit log and in `audit.keys.jsonl`, so this
survives restarts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from daniel.mcp_odoo.core.audit import AuditLog
from daniel.mcp_odoo.core.config import Lang, WriteMode
from daniel.mcp_odoo.core.gateway import OdooCalls, OdooGateway
from daniel.mcp_odoo.core.idempotency import (
    IdempotencyStore,
    RecordStore,
    StoreUnavailable,
    keys_path,
)
from daniel.mcp_odoo.core.identity import CALLER
from daniel.mcp_odoo.core.landed import Step
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput
from daniel.mcp_odoo.core.write_once import SETTLE_WINDOW, OnceRunner, WriteUnverified
from daniel.mcp_odoo.present.cards import Card, base_card
from daniel.mcp_odoo.present.i18n import t
from daniel.mcp_odoo.present.text import encode_content

_KEEP_FINISHED = 600.0
log = logging.getLogger("daniel.mcp_odoo.core.writes")

Runner = Callable[[OdooCalls], Awaitable[list[int]]]
Describer = Callable[[OdooCalls, list[int]], Awaitable[tuple[str, list[Card]]]]


def create_runner(model: str, values: dict[str, Any]) -> Step:
    """How a write creates one `model` record with `values`."""
    return Step(model, values=values)


def update_runner(
    model: str, record_id: int, values: dict[str, Any], *, note: str | None = None
) -> Step:
    """How a write changes one record's `values`, then logs `note` in its chatter if given."""
    return Step(model, record_id, values, note=note)


def note_runner(model: str, record_id: int, note: str) -> Step:
    """How a write logs an internal `note` in one record's chatter."""
    return Step(model, record_id, note=note)


@dataclass
class WriteAction:
    """One proposed change: what it does, how to do it, how to describe the outcome."""

    tool: str
    model: str
    ids: list[int]
    values: dict[str, Any]
    changes: list[dict[str, Any]]
    summary: str
    run: Runner
    describe: Describer

    def digest(self) -> str:
        payload = {"tool": self.tool, "model": self.model, "ids": self.ids, "values": self.values}
        blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class _Pending:
    action: WriteAction
    lang: Lang
    key: str | None
    digest: str
    preview: dict[str, Any]
    expires_at: float
    #: Whose proposal this is (`Caller.owner`, "" for the server's own account): only
    #: the same person can confirm or cancel it.
    owner: str = ""
    state: str = "pending"  # pending | running | done | cancelled | expired
    result: dict[str, Any] | None = None
    finished_at: float = 0.0


class WriteService:
    def __init__(
        self,
        *,
        mode: WriteMode,
        gateway: OdooGateway | Callable[[], OdooGateway],
        audit: AuditLog,
        ttl: float,
        store: RecordStore | None = None,
        settle_window: float = SETTLE_WINDOW,
        base_url: str = "",
    ) -> None:
        self.mode = mode
        self.base_url = base_url
        self.gateway = gateway
        self.audit = audit
        self.ttl = ttl
        self.store: RecordStore = store or IdempotencyStore(keys_path(audit.path))
        self.once = OnceRunner(
            gateway=gateway, audit=audit, store=self.store, settle_window=settle_window
        )
        self._pending: dict[str, _Pending] = {}
        self._by_key: dict[str, str] = {}
        #: Previews live in the store too, for every replica (a store shared by them).
        self.shared = bool(getattr(self.store, "shared", False))

    def check_writable(self, tool: str, lang: Lang) -> None:
        """Fail early (before any Odoo request) when writes are disabled."""
        if self.mode == "read-only":
            raise ToolError(t(lang, "read_only", tool=tool))

    async def _submit(
        self, action: WriteAction, *, lang: Lang, idempotency_key: str | None
    ) -> ToolOutput:
        self.check_writable(action.tool, lang)
        self._purge()
        key = _scoped(idempotency_key)
        digest = action.digest()
        if key:
            replay = await self._replay(key, action, digest, lang)
            if replay is not None:
                return replay
        if self.mode == "allow":
            return await self._write(key or _new_key(), action, lang, confirmation=False)
        return await self._propose(action, lang, key, digest)

    async def _confirm(
        self, token: str, *, lang: Lang, idempotency_key: str | None = None
    ) -> ToolOutput:
        self._purge()
        given = _scoped(idempotency_key)
        pending = await self._pending_of(token.strip())
        if pending is not None and pending.owner != _owner():  # someone else's proposal
            return _status_error("unknown", t(lang, "token_unknown"))
        if pending is None:
            known = await self._key_of(given) if given else None
            if known is not None:
                return await self._write(known, None, lang)
            return _status_error("unknown", t(lang, "token_unknown"))
        if pending.state == "done" and pending.result is not None:
            return _done_result(pending.result)
        if pending.state == "cancelled":
            return _status_error("cancelled", t(lang, "cancelled"))
        key = pending.key or given or _token_key(token.strip())
        if (
            pending.state != "running"
            and (pending.state == "expired" or time.monotonic() > pending.expires_at)
            and not await self.store.get(key)
        ):  # a write already tried is settled below
            if pending.state != "expired":
                pending.state, pending.finished_at = "expired", time.monotonic()
            return _status_error("expired", t(lang, "token_expired", ttl=int(self.ttl)))
        if pending.digest != pending.action.digest():  # values changed in memory: refuse
            return _status_error("unknown", t(lang, "token_unknown"))
        if given and given != key:
            await self.store.put(given, {"state": "alias", "of": key})
        pending.key = key
        pending.state = "running"
        try:
            outcome = await self._write(key, pending.action, pending.lang, confirmation=True)
        finally:
            if pending.state == "running" and not self.once.running(key):
                pending.state = "pending"  # not applied, or unknown: confirming again is safe
        if not outcome.is_error:
            pending.state, pending.finished_at = "done", time.monotonic()
            pending.result = outcome.data
            await self._share_state(token.strip(), "done")
        return outcome

    async def _cancel(self, token: str, *, lang: Lang) -> ToolOutput:
        self._purge()
        pending = await self._pending_of(token.strip())
        if pending is None or pending.owner != _owner():
            return _status_error("unknown", t(lang, "token_unknown"))
        if pending.state in {"done", "running"}:
            return _status_error("done", t(lang, "token_done"))
        record = await self.store.get(pending.key) if pending.key else None
        if record is not None and record.get("state") == "started":  # outcome not known yet
            return _status_error("unverified", t(lang, "write_unverified"))
        if record is not None and record.get("state") == "done":  # done by another replica
            return _status_error("done", t(lang, "token_done"))
        if pending.state == "expired" or time.monotonic() > pending.expires_at:
            return _status_error("expired", t(lang, "token_expired", ttl=int(self.ttl)))
        pending.state, pending.finished_at = "cancelled", time.monotonic()
        await self._share_state(token.strip(), "cancelled")
        if pending.key:
            self._by_key.pop(pending.key, None)
        summary = t(lang, "cancelled")
        data = {"status": "cancelled", "summary": summary, "tool": pending.action.tool}
        return encode_content(summary, data)

    async def submit(
        self, action: WriteAction, *, lang: Lang, idempotency_key: str | None
    ) -> ToolOutput:
        with _refused_without_store(lang):
            return await self._submit(action, lang=lang, idempotency_key=idempotency_key)

    async def confirm(
        self, token: str, *, lang: Lang, idempotency_key: str | None = None
    ) -> ToolOutput:
        """Carry out a preview. `idempotency_key` names this confirmation: confirming again
        with it (even after a restart of this server) never writes twice."""
        with _refused_without_store(lang):
            return await self._confirm(token, lang=lang, idempotency_key=idempotency_key)

    async def cancel(self, token: str, *, lang: Lang) -> ToolOutput:
        with _refused_without_store(lang):
            return await self._cancel(token, lang=lang)

    async def aclose(self) -> None:
        await self.once.aclose()
        await self.store.aclose()

    # --- internals ---------------------------------------------------------------------
    async def _write(
        self, key: str, action: WriteAction | None, lang: Lang, *, confirmation: bool = True
    ) -> ToolOutput:
        """Run (or settle) the write under `key`; an unknown outcome is said as such."""
        try:
            result = await self.once.run(key, action, lang, confirmation=confirmation)
        except WriteUnverified as exc:
            return _status_error("unverified", str(exc))
        return _done_result(result)

    async def _key_of(self, given: str) -> str | None:
        """The key a write ran under, following a confirmation's alias."""
        record = await self.store.get(given)
        if record is None:
            return None
        return str(record["of"]) if record.get("state") == "alias" else given

    async def _propose(
        self, action: WriteAction, lang: Lang, key: str | None, digest: str
    ) -> ToolOutput:
        token = secrets.token_urlsafe(18)
        preview = {
            "status": "needs_confirmation",
            "summary": action.summary,
            "confirmation_token": token,
            "expires_in": int(self.ttl),
            "tool": action.tool,
            "model": action.model,
            "ids": action.ids,
            "changes": action.changes,
        }
        shared = self.shared and isinstance(action.run, Step)
        if shared:  # every replica runs it under this key, whichever is asked
            key = key or _token_key(token)
        pending = _Pending(
            action, lang, key, digest, preview, time.monotonic() + self.ttl, owner=_owner()
        )
        if shared:
            await self.store.put(_preview_key(token), _shared_record(pending, self.ttl))
        self._pending[token] = pending
        if key:
            self._by_key[key] = token
        return _preview_result(preview, lang)

    async def _pending_of(self, token: str) -> _Pending | None:
        """The preview of `token`: this replica's, else the shared one, brought up to date
        with what another replica did to it (cancelled, done)."""
        pending = self._pending.get(token)
        if not self.shared or not token:
            return pending
        record = await self.store.get(_preview_key(token))
        if record is None or record.get("state") != "preview":
            return pending
        if pending is None:
            pending = self._rebuilt(token, record)
            if pending is None:
                return None
            self._pending[token] = pending
            if pending.key:
                self._by_key.setdefault(pending.key, token)
        if record.get("status") == "cancelled" and pending.state == "pending":
            pending.state, pending.finished_at = "cancelled", time.monotonic()
        return pending

    def _rebuilt(self, token: str, record: dict[str, Any]) -> _Pending | None:
        try:
            step = Step.from_record(record["step"])
            action = WriteAction(
                str(record["tool"]),
                str(record["model"]),
                [int(i) for i in record["ids"]],
                dict(record["values"]),
                list(record["changes"]),
                str(record["summary"]),
                step,
                _named_cards(str(record["model"]), str(record["summary"]), self.base_url),
            )
            left = float(record["expires"]) - time.time()
            preview = {**record["preview"], "confirmation_token": token}
            lang: Lang = "en" if record.get("lang") == "en" else "es"
        except (KeyError, TypeError, ValueError):
            log.warning("a shared preview could not be read back; treated as unknown")
            return None
        return _Pending(
            action,
            lang,
            record.get("run_key"),
            str(record["digest"]),
            preview,
            time.monotonic() + left,
            owner=str(record.get("owner") or ""),
        )

    async def _share_state(self, token: str, status: str) -> None:
        """Tell the other replicas what became of a shared preview."""
        if not self.shared:
            return
        record = await self.store.get(_preview_key(token))
        if record is not None and record.get("state") == "preview":
            await self.store.put(_preview_key(token), {**record, "status": status})

    async def _replay(
        self, key: str, action: WriteAction, digest: str, lang: Lang
    ) -> ToolOutput | None:
        entry = await self.audit.find_key(key)
        if entry is not None:
            if entry.get("tool") != action.tool or entry.get("digest") != digest:
                raise ToolError(t(lang, "idempotency_clash", key=key, tool=entry.get("tool")))
            return _done_result(entry["result"])
        token = self._by_key.get(key)
        pending = self._pending.get(token) if token else None
        if pending is not None and pending.state == "pending":
            if pending.action.tool != action.tool or pending.digest != digest:
                raise ToolError(t(lang, "idempotency_clash", key=key, tool=pending.action.tool))
            if time.monotonic() <= pending.expires_at:
                preview = dict(
                    pending.preview, expires_in=max(1, int(pending.expires_at - time.monotonic()))
                )
                return _preview_result(preview, lang)
        return None

    def _purge(self) -> None:
        now = time.monotonic()
        for token, pending in list(self._pending.items()):
            ended = pending.finished_at or pending.expires_at
            if pending.state != "running" and now - ended > _KEEP_FINISHED:
                del self._pending[token]
                if pending.key and self._by_key.get(pending.key) == token:
                    del self._by_key[pending.key]


@contextmanager
def _refused_without_store(lang: Lang) -> Iterator[None]:
    """No record, no write: a store outage refuses the write with a clear message."""
    try:
        yield
    except StoreUnavailable as exc:
        log.warning("write refused: the idempotency records cannot be used (%s)", exc)
        raise ToolError(t(lang, "store_down")) from None


def _owner() -> str:
    caller = CALLER.get()
    return caller.owner if caller is not None else ""


def _scoped(idempotency_key: str | None) -> str | None:
    """A person's key never meets another person's: it is prefixed with its owner."""
    key = idempotency_key.strip() if idempotency_key else None
    owner = _owner()
    return f"{owner[:16]}/{key}" if key and owner else key


def _new_key() -> str:
    return f"auto-{secrets.token_hex(12)}"


def _preview_key(token: str) -> str:
    return "preview-" + hashlib.sha256(token.encode()).hexdigest()[:40]


def _shared_record(pending: _Pending, ttl: float) -> dict[str, Any]:
    """What another replica needs to confirm a preview (never the token itself)."""
    action = pending.action
    assert isinstance(action.run, Step)
    return {
        "state": "preview",
        "status": "pending",
        "tool": action.tool,
        "model": action.model,
        "ids": action.ids,
        "values": action.values,
        "changes": action.changes,
        "summary": action.summary,
        "step": action.run.to_record(),
        "lang": pending.lang,
        "run_key": pending.key,  # ("key" is the store's own)
        "digest": pending.digest,
        "owner": pending.owner,
        "expires": time.time() + ttl,
        "keep_seconds": int(ttl) + 600,  # how long Redis keeps it
        "preview": {k: v for k, v in pending.preview.items() if k != "confirmation_token"},
    }


def _named_cards(model: str, summary: str, base_url: str) -> Describer:
    """How a replica that did not propose a write describes its outcome: the records'
    names and links."""

    async def describe(calls: OdooCalls, ids: list[int]) -> tuple[str, list[Card]]:
        rows = await calls.read(model, ids, ["display_name"])
        return summary, [base_card(model, row, base_url) for row in rows]

    return describe


def _token_key(token: str) -> str:
    return "confirm-" + hashlib.sha256(token.encode()).hexdigest()[:32]


def _preview_result(preview: dict[str, Any], lang: Lang) -> ToolOutput:
    hint = (
        f" Nothing has changed yet: call confirm_action with confirmation_token "
        f"{preview['confirmation_token']} once the user agrees, or cancel_action."
    )
    return encode_content(preview["summary"] + t(lang, "preview_suffix") + hint, preview)


def _done_result(result: dict[str, Any]) -> ToolOutput:
    return encode_content(str(result.get("summary", "")), result)


def _status_error(status: str, summary: str) -> ToolOutput:
    return encode_content(summary, {"status": status, "summary": summary}, is_error=True)
