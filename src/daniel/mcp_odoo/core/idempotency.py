"""Idempotency records: what happened to each keyed write, kept before Odoo is called.

Every write runs under an idempotency key (the caller's, or one made for it). Before the
Odoo call the write's intent is stored (`state: "started"`, with what it changes and
when it started); once the outcome is known the record says `done` (with the result and
record ids), `failed` (Odoo refused: nothing changed) or `missing` (the answer was lost
and reading Odoo back did not find the change). A record still `started` after its
process died tells the next attempt with the same key to look in Odoo before writing.

`IdempotencyStore` keeps them in a JSON-lines file beside the audit log
(`audit.keys.jsonl`): each line is a key's whole latest record, the last line of a key
wins; file work runs in a thread; `lock(key)` holds a key within this process.
`RedisIdempotencyStore` (`REDIS_URL`, in `idempotency_redis`) keeps them in Redis, where
`lock(key)` holds a key across replicas. Both raise `StoreUnavailable` when they cannot
be used: a write is then refused before Odoo is called, never made without its record.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

log = logging.getLogger("daniel.mcp_odoo.core.idempotency")

State = Literal["started", "done", "failed", "missing", "alias"]
_MAX_KEYS = 10_000


class StoreUnavailable(Exception):
    """The idempotency records cannot be read or written (Redis down, disk full...)."""


class RecordStore(Protocol):
    """Where idempotency records live."""

    async def get(self, key: str) -> dict[str, Any] | None: ...

    async def put(self, key: str, record: dict[str, Any]) -> None: ...

    async def created_ids(self, model: str) -> set[int]: ...

    def lock(self, key: str) -> AbstractAsyncContextManager[None]: ...

    async def aclose(self) -> None: ...


def keys_path(audit_log: Path) -> Path:
    """Where the records of an audit log live: `audit.jsonl` → `audit.keys.jsonl`."""
    return audit_log.with_name(f"{audit_log.stem}.keys{audit_log.suffix or '.jsonl'}")


class IdempotencyStore:
    """Records by key, persisted as JSON lines, with one lock per key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file_lock = threading.Lock()
        self._records: OrderedDict[str, dict[str, Any]] | None = None
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    async def get(self, key: str) -> dict[str, Any] | None:
        records = await self._loaded()
        record = records.get(key)
        return dict(record) if record is not None else None

    async def put(self, key: str, record: dict[str, Any]) -> None:
        """Store `record` as the key's latest; on disk before this returns."""
        records = await self._loaded()
        line = json.dumps(
            {**record, "key": key}, ensure_ascii=False, default=str, separators=(",", ":")
        )
        try:
            await asyncio.to_thread(self._write_line, line)
        except OSError as exc:
            raise StoreUnavailable(f"cannot write {self.path}: {exc.strerror}") from exc
        records[key] = {**record, "key": key}
        records.move_to_end(key)
        while len(records) > _MAX_KEYS:
            records.popitem(last=False)

    async def created_ids(self, model: str) -> set[int]:
        """Records of `model` our earlier keyed writes created (never "found" again)."""
        records = await self._loaded()
        return {
            int(i)
            for record in records.values()
            if record.get("state") == "done"
            and record.get("model") == model
            and (record.get("step") or {}).get("record_id") is None
            for i in record.get("ids") or []
        }

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Only one attempt per key at a time in this process."""
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def aclose(self) -> None:
        return None

    async def _loaded(self) -> OrderedDict[str, dict[str, Any]]:
        if self._records is None:
            self._records = await asyncio.to_thread(self._read_all)
        return self._records

    def _write_line(self, line: str) -> None:
        with self._file_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()

    def _read_all(self) -> OrderedDict[str, dict[str, Any]]:
        records: OrderedDict[str, dict[str, Any]] = OrderedDict()
        if not self.path.exists():
            return records
        with self._file_lock, self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    log.warning("%s: line %d is not JSON, skipped", self.path, number)
                    continue
                key = record.get("key")
                if isinstance(key, str):
                    records[key] = record
                    records.move_to_end(key)
        while len(records) > _MAX_KEYS:
            records.popitem(last=False)
        return records
