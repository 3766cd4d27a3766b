"""Each keyed write reaches Odoo at most once, and its outcome is known before it is told.

`OnceRunner.run(key, action)`:

1. One attempt per key at a time: a second caller with the same key (a retried request,
   a re-confirm) joins the running attempt; the attempt is shielded, so a caller that
   gives up or is cancelled does not stop a write half way.
2. The key's record (`IdempotencyStore`) says what happened before: `done` returns the
   first result; `started` or `missing` (an earlier answer was lost) reads Odoo back
   first, and a write found there is reported done, never made again.
3. The intent is stored (`started`) before the Odoo call.
4. Odoo refuses → `failed`, audited with the error. The answer is lost (`AnswerLost`) →
   Odoo is read back for up to `settle_window` seconds (a stalled Odoo may still be
   finishing): found → done; not found → `missing`, audited, the caller told it was not
   applied; Odoo not answering → `WriteUnverified` (nothing is claimed) and a background
   check settles the record and its audit entry once Odoo answers.
5. Done → one audit entry with the record ids, then the record says `done`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from daniel.mcp_odoo.core.audit import AuditLog
from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.gateway import OdooGateway
from daniel.mcp_odoo.core.idempotency import RecordStore, StoreUnavailable
from daniel.mcp_odoo.core.landed import Step, find_write
from daniel.mcp_odoo.core.odoo_errors import AnswerLost
from daniel.mcp_odoo.core.tool_registry import ToolError
from daniel.mcp_odoo.present.cards import Card
from daniel.mcp_odoo.present.i18n import t

if TYPE_CHECKING:
    from daniel.mcp_odoo.core.writes import WriteAction

log = logging.getLogger("daniel.mcp_odoo.core.writes")

SETTLE_WINDOW = 8.0
_PAUSES = (0.5, 1.0, 2.0, 4.0)
_BACKGROUND_FOR = 600.0


class WriteUnverified(ToolError):
    """Odoo could not be asked whether a write whose answer was lost reached it."""


class OnceRunner:
    def __init__(
        self,
        *,
        gateway: OdooGateway | Callable[[], OdooGateway],
        audit: AuditLog,
        store: RecordStore,
        settle_window: float = SETTLE_WINDOW,
    ) -> None:
        #: The gateway of the person the current request acts as (see `identity`).
        self._gateway = gateway if callable(gateway) else (lambda: gateway)
        self.audit = audit
        self.store = store
        self.settle_window = settle_window
        self._running: dict[str, asyncio.Task[dict[str, Any]]] = {}
        self._background: set[asyncio.Task[None]] = set()

    @property
    def gateway(self) -> OdooGateway:
        return self._gateway()

    def running(self, key: str) -> bool:
        return key in self._running

    async def run(
        self, key: str, action: WriteAction | None, lang: Lang, *, confirmation: bool
    ) -> dict[str, Any]:
        """The write's result (`status: done`); `ToolError` when it was not applied,
        `WriteUnverified` when that cannot be known yet. `action` None: only settle what
        an earlier attempt with `key` did (nothing is written)."""
        task = self._running.get(key)
        if task is None:
            task = asyncio.create_task(
                self._attempt(key, action, lang, confirmation), name=f"write {key[:12]}"
            )
            self._running[key] = task
            task.add_done_callback(lambda done: self._ended(key, done))
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        tasks: list[asyncio.Task[Any]] = [*self._background, *self._running.values()]
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task

    # --- one attempt -------------------------------------------------------------------
    async def _attempt(
        self, key: str, action: WriteAction | None, lang: Lang, confirmation: bool
    ) -> dict[str, Any]:
        async with self.store.lock(key):
            earlier = await self.store.get(key)
            if earlier is not None:
                state = earlier.get("state")
                if action is not None and earlier.get("digest") not in (None, action.digest()):
                    raise ToolError(t(lang, "idempotency_clash", key=key, tool=earlier["tool"]))
                if state == "done":
                    return dict(earlier["result"])
                if state in ("started", "missing"):
                    ids = await self._look(key, earlier, lang, window=0.0)
                    if ids is not None:
                        return await self._finish(key, earlier, action, lang, ids, verified=True)
                    if state == "started" and action is None:
                        await self._missing(key, earlier)
                if action is None:
                    raise ToolError(
                        t(lang, "write_missing") if state != "failed" else earlier["error"]
                    )
            if action is None:
                raise ToolError(t(lang, "token_unknown"))
            intent = _intent(action, confirmation, self.gateway.uid)
            await self.store.put(key, intent)
            try:
                ids = await action.run(self.gateway.calls(lang))
            except AnswerLost:
                log.warning("the answer to %s was lost: reading Odoo back", action.tool)
                found = await self._look(key, intent, lang, window=self.settle_window)
                if found is None:
                    await self._missing(key, intent)
                    raise ToolError(t(lang, "write_missing")) from None
                return await self._finish(key, intent, action, lang, found, verified=True)
            except ToolError as exc:
                await self.store.put(key, {**intent, "state": "failed", "error": str(exc)})
                await self._audit_error(key, intent, str(exc))
                raise
            return await self._finish(key, intent, action, lang, ids)

    async def _look(
        self, key: str, record: dict[str, Any], lang: Lang, *, window: float
    ) -> list[int] | None:
        """The ids the write left in Odoo, None when Odoo does not have it (after looking
        for `window` seconds); `WriteUnverified` when Odoo cannot be asked."""
        if not record.get("step"):
            raise WriteUnverified(t(lang, "write_unverified"))
        step = Step.from_record(record["step"])
        since = dt.datetime.fromisoformat(record["started_at"])
        known = await self.store.created_ids(step.model) if step.record_id is None else set()
        deadline = time.monotonic() + window
        pauses = iter(_PAUSES)
        while True:
            try:
                ids = await find_write(
                    self.gateway.calls(lang), step, uid=record.get("uid"), since=since, known=known
                )
            except ToolError:
                ids, reached = None, False
            else:
                reached = True
                if ids is not None:
                    return ids
            pause = next(pauses, _PAUSES[-1])
            if time.monotonic() + pause > deadline:
                if reached:
                    return None
                self._settle_later(key, lang)
                raise WriteUnverified(t(lang, "write_unverified"))
            await asyncio.sleep(pause)

    async def _finish(
        self,
        key: str,
        record: dict[str, Any],
        action: WriteAction | None,
        lang: Lang,
        ids: list[int],
        *,
        verified: bool = False,
    ) -> dict[str, Any]:
        summary, cards = str(record.get("summary") or ""), list[Card]()
        if action is not None:
            with contextlib.suppress(ToolError):
                summary, cards = await action.describe(self.gateway.calls(lang), ids)
        result = {
            "status": "done",
            "summary": t(lang, "done_prefix") + summary,
            "tool": record["tool"],
            "model": record["model"],
            "ids": ids,
            "records": cards,
        }
        if await self.audit.find_key(key) is None:  # not audited by an attempt that died
            entry = _entry(key, record, ids=ids, result=result, verified=verified)
            await self.audit.append({**entry, "login": self.gateway.login})
        await self.store.put(key, {**record, "state": "done", "ids": ids, "result": result})
        return result

    async def _missing(self, key: str, record: dict[str, Any]) -> None:
        await self.store.put(key, {**record, "state": "missing"})
        await self._audit_error(key, record, "not applied: the answer was lost and Odoo has not it")

    async def _audit_error(self, key: str, record: dict[str, Any], error: str) -> None:
        entry = _entry(key, record, ids=[], result={"status": "error", "error": error})
        await self.audit.append({**entry, "login": self.gateway.login})

    # --- settling in the background ------------------------------------------------------
    def _settle_later(self, key: str, lang: Lang) -> None:
        if any(task.get_name() == f"settle {key}" for task in self._background):
            return
        task = asyncio.create_task(self._settle(key, lang), name=f"settle {key}")
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _settle(self, key: str, lang: Lang) -> None:
        """Keep asking Odoo until the record of a write with a lost answer is settled."""
        deadline = time.monotonic() + _BACKGROUND_FOR
        pause = 1.0
        while time.monotonic() < deadline:
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)
            if key in self._running:
                continue
            try:
                await self.run(key, None, lang, confirmation=False)
                return
            except (ToolError, StoreUnavailable):
                pass
            with contextlib.suppress(StoreUnavailable):
                record = await self.store.get(key)
                if record is None or record.get("state") != "started":
                    return
        log.warning("could not learn from Odoo whether write %s was applied", key[:12])

    def _ended(self, key: str, task: asyncio.Task[dict[str, Any]]) -> None:
        if self._running.get(key) is task:
            del self._running[key]
        if not task.cancelled():
            task.exception()  # retrieved: no warning when every caller has gone


def _intent(action: WriteAction, confirmation: bool, uid: int | None) -> dict[str, Any]:
    step = action.run if isinstance(action.run, Step) else None
    return {
        "state": "started",
        "started_at": dt.datetime.now(dt.UTC).isoformat(),
        "tool": action.tool,
        "model": action.model,
        "ids": action.ids,
        "values": action.values,
        "changes": action.changes,  # field, label, old and new value, as previewed
        "digest": action.digest(),
        "summary": action.summary,
        "confirmation": confirmation,
        "uid": uid,
        "step": step.to_record() if step is not None else None,
    }


def _entry(
    key: str, record: dict[str, Any], *, ids: list[int], result: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return {
        "tool": record["tool"],
        "model": record["model"],
        "ids": ids or record.get("ids") or [],
        "values": record.get("values"),
        "changes": record.get("changes"),
        "idempotency_key": key,
        "digest": record.get("digest"),
        "confirmation": bool(record.get("confirmation")),
        "uid": record.get("uid"),
        "result": result,
        **{k: v for k, v in extra.items() if v},
    }
