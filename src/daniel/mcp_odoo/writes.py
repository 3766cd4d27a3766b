"""Every change to Odoo goes through `WriteService`, which applies the write mode.

- read-only: write tools refuse with a clear error.
- confirm (default): the tool returns a preview with a confirmation token; nothing
  changes until `confirm_action(token)`. Tokens are random, single-use, expire after
  `confirm_ttl` seconds and are bound to the exact values previewed (the values stay
  on the server; the caller only holds the token). Confirming twice returns the first
  result without writing again.
- allow: the write happens at once.

Every executed write is audited. An `idempotency_key` makes a retried write return
its first result instead of writing twice (the keys live in the audit log, so this
survives restarts).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from daniel.mcp_odoo.audit import AuditLog
from daniel.mcp_odoo.config import Lang, WriteMode
from daniel.mcp_odoo.gateway import OdooCalls, OdooGateway
from daniel.mcp_odoo.helpers import encode_content
from daniel.mcp_odoo.i18n import t
from daniel.mcp_odoo.identity import CALLER
from daniel.mcp_odoo.records import Card
from daniel.mcp_odoo.registry import ToolError, ToolOutput

_KEEP_FINISHED = 600.0

Runner = Callable[[OdooCalls], Awaitable[list[int]]]
Describer = Callable[[OdooCalls, list[int]], Awaitable[tuple[str, list[Card]]]]


def create_runner(model: str, values: dict[str, Any]) -> Runner:
    """How a write creates one `model` record with `values`."""

    async def run(calls: OdooCalls) -> list[int]:
        return [await calls.create(model, values)]

    return run


def update_runner(
    model: str, record_id: int, values: dict[str, Any], *, note: str | None = None
) -> Runner:
    """How a write changes one record's `values`, then logs `note` in its chatter if given."""

    async def run(calls: OdooCalls) -> list[int]:
        await calls.write(model, [record_id], values)
        if note:
            await post_note(calls, model, record_id, note)
        return [record_id]

    return run


def note_runner(model: str, record_id: int, note: str) -> Runner:
    """How a write logs an internal `note` in one record's chatter."""

    async def run(calls: OdooCalls) -> list[int]:
        await post_note(calls, model, record_id, note)
        return [record_id]

    return run


async def post_note(calls: OdooCalls, model: str, record_id: int, note: str) -> None:
    await calls.call(
        model,
        "message_post",
        [record_id],
        body=note,
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )


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
    #: Whose proposal this is (`Caller.key`, "" for the server's own account): only
    #: the same person can confirm or cancel it.
    owner: str = ""
    state: str = "pending"  # pending | running | done | cancelled | expired
    result: dict[str, Any] | None = None
    finished_at: float = 0.0
    waiters: list[asyncio.Future[dict[str, Any]]] = field(default_factory=list)


class WriteService:
    def __init__(
        self,
        *,
        mode: WriteMode,
        gateway: OdooGateway | Callable[[], OdooGateway],
        audit: AuditLog,
        ttl: float,
    ) -> None:
        self.mode = mode
        #: The gateway of the person the current request acts as.
        self._gateway = gateway if callable(gateway) else (lambda: gateway)
        self.audit = audit
        self.ttl = ttl
        self._pending: dict[str, _Pending] = {}
        self._by_key: dict[str, str] = {}
        self._in_flight: dict[str, asyncio.Future[dict[str, Any]]] = {}

    def check_writable(self, tool: str, lang: Lang) -> None:
        """Fail early (before any Odoo request) when writes are disabled."""
        if self.mode == "read-only":
            raise ToolError(t(lang, "read_only", tool=tool))

    async def submit(
        self, action: WriteAction, *, lang: Lang, idempotency_key: str | None
    ) -> ToolOutput:
        self.check_writable(action.tool, lang)
        self._purge()
        key = idempotency_key.strip() if idempotency_key else None
        if key and _owner():  # one person's key never replays another's write
            key = f"{_owner()[:16]}/{key}"
        digest = action.digest()
        if key:
            replay = await self._replay(key, action, digest, lang)
            if replay is not None:
                return replay
        if self.mode == "allow":
            if key:
                return _done_result(await self._once(key, action, lang))
            return _done_result(await self._execute(action, lang, key))
        return self._propose(action, lang, key, digest)

    async def confirm(self, token: str, *, lang: Lang) -> ToolOutput:
        self._purge()
        pending = self._pending.get(token.strip())
        if pending is None or pending.owner != _owner():
            return _status_error("unknown", t(lang, "token_unknown"))
        if pending.state == "done" and pending.result is not None:
            return _done_result(pending.result)
        if pending.state == "cancelled":
            return _status_error("cancelled", t(lang, "cancelled"))
        if pending.state == "running":
            waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
            pending.waiters.append(waiter)
            return _done_result(await waiter)
        if pending.state == "expired" or time.monotonic() > pending.expires_at:
            if pending.state != "expired":
                pending.state, pending.finished_at = "expired", time.monotonic()
            return _status_error("expired", t(lang, "token_expired", ttl=int(self.ttl)))
        if pending.digest != pending.action.digest():  # values changed in memory: refuse
            return _status_error("unknown", t(lang, "token_unknown"))
        pending.state = "running"
        try:
            result = await self._execute(pending.action, pending.lang, pending.key, token)
        except BaseException as exc:
            pending.state = "pending"
            for waiter in pending.waiters:
                if not waiter.done():
                    waiter.set_exception(
                        exc if isinstance(exc, Exception) else ToolError("cancelled")
                    )
            pending.waiters.clear()
            raise
        pending.state, pending.result, pending.finished_at = "done", result, time.monotonic()
        for waiter in pending.waiters:
            if not waiter.done():
                waiter.set_result(result)
        pending.waiters.clear()
        return _done_result(result)

    async def cancel(self, token: str, *, lang: Lang) -> ToolOutput:
        self._purge()
        pending = self._pending.get(token.strip())
        if pending is None or pending.owner != _owner():
            return _status_error("unknown", t(lang, "token_unknown"))
        if pending.state in {"done", "running"}:
            return _status_error("done", t(lang, "token_done"))
        if pending.state == "expired" or time.monotonic() > pending.expires_at:
            return _status_error("expired", t(lang, "token_expired", ttl=int(self.ttl)))
        pending.state, pending.finished_at = "cancelled", time.monotonic()
        if pending.key:
            self._by_key.pop(pending.key, None)
        summary = t(lang, "cancelled")
        data = {"status": "cancelled", "summary": summary, "tool": pending.action.tool}
        return encode_content(summary, data)

    # --- internals ---------------------------------------------------------------------
    def _propose(self, action: WriteAction, lang: Lang, key: str | None, digest: str) -> ToolOutput:
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
        self._pending[token] = _Pending(
            action, lang, key, digest, preview, time.monotonic() + self.ttl, _owner()
        )
        if key:
            self._by_key[key] = token
        return _preview_result(preview, lang)

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

    async def _once(self, key: str, action: WriteAction, lang: Lang) -> dict[str, Any]:
        """Run a keyed write once even when retries arrive while it is running."""
        running = self._in_flight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            result = await self._execute(action, lang, key)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            self._in_flight.pop(key, None)
        future.set_result(result)
        return result

    async def _execute(
        self, action: WriteAction, lang: Lang, key: str | None, token: str | None = None
    ) -> dict[str, Any]:
        calls = self._gateway().calls(lang)
        entry: dict[str, Any] = {
            "tool": action.tool,
            "model": action.model,
            "ids": action.ids,
            "values": action.values,
            "idempotency_key": key,
            "digest": action.digest(),
            "confirmation": bool(token),
        }
        try:
            ids = await action.run(calls)
        except ToolError as exc:
            entry.update(self._who(), result={"status": "error", "error": str(exc)})
            await self.audit.append(entry)
            raise
        try:
            summary, records = await action.describe(calls, ids)
        except ToolError:
            summary, records = action.summary, []
        result = {
            "status": "done",
            "summary": t(lang, "done_prefix") + summary,
            "tool": action.tool,
            "model": action.model,
            "ids": ids,
            "records": records,
        }
        entry.update(self._who(), ids=ids, result=result)
        await self.audit.append(entry)
        return result

    def _who(self) -> dict[str, Any]:
        gateway = self._gateway()
        return {"uid": gateway.uid, "login": gateway.login}

    def _purge(self) -> None:
        now = time.monotonic()
        for token, pending in list(self._pending.items()):
            ended = pending.finished_at or pending.expires_at
            if pending.state != "running" and now - ended > _KEEP_FINISHED:
                del self._pending[token]
                if pending.key and self._by_key.get(pending.key) == token:
                    del self._by_key[pending.key]


def _owner() -> str:
    caller = CALLER.get()
    return caller.owner if caller is not None else ""


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
