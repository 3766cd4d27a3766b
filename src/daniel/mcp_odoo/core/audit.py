"""Append-only audit log of every write, one JSON object per line.

Each entry says which tenant (`MCP_TENANT`), who (Odoo uid and login), when, which
tool, model, ids and values, and the result. File work runs in a thread, never on the
event loop. The log also keeps idempotency keys: a retried write with the same key finds
its first result here, also after a restart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("daniel.mcp_odoo.core.audit")

_MAX_KEYS = 10_000


class AuditLog:
    """JSON-lines audit file plus the idempotency index built from it."""

    def __init__(self, path: Path, tenant: str = "default") -> None:
        self.path = path
        self.tenant = tenant
        self._file_lock = threading.Lock()
        self._keys: OrderedDict[str, dict[str, Any]] | None = None
        #: Called with each entry once written (e.g. the analytics database); quick.
        self.listeners: list[Callable[[dict[str, Any]], None]] = []

    async def append(self, entry: dict[str, Any]) -> None:
        """Add one entry (a `ts` is stamped); its idempotency key becomes known at once."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        stamped = {"ts": now, "tenant": self.tenant, **entry}
        line = json.dumps(stamped, ensure_ascii=False, default=str, separators=(",", ":"))
        await asyncio.to_thread(self._write_line, line)
        for listener in self.listeners:
            try:
                listener(stamped)
            except Exception:  # a broken listener must not fail the write
                log.exception("audit listener failed")
        key = entry.get("idempotency_key")
        if key and self._keys is not None and entry.get("result", {}).get("status") == "done":
            self._remember(key, stamped)

    async def find_key(self, key: str) -> dict[str, Any] | None:
        """The entry of the successful write made with idempotency `key`, if any."""
        if self._keys is None:
            self._keys = await asyncio.to_thread(self._load_keys)
        return self._keys.get(key)

    async def entries(self) -> list[dict[str, Any]]:
        """Every entry, oldest first (for tests and tooling)."""
        return await asyncio.to_thread(self._read_all)

    def _write_line(self, line: str) -> None:
        with self._file_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")

    def _read_all(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        entries: list[dict[str, Any]] = []
        with self._file_lock, self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError:
                    log.warning("audit log %s: line %d is not JSON, skipped", self.path, number)
        return entries

    def _load_keys(self) -> OrderedDict[str, dict[str, Any]]:
        keys: OrderedDict[str, dict[str, Any]] = OrderedDict()
        for entry in self._read_all():
            key = entry.get("idempotency_key")
            if key and entry.get("result", {}).get("status") == "done":
                keys[key] = entry
                keys.move_to_end(key)
                while len(keys) > _MAX_KEYS:
                    keys.popitem(last=False)
        return keys

    def _remember(self, key: str, entry: dict[str, Any]) -> None:
        assert self._keys is not None
        self._keys[key] = entry
        self._keys.move_to_end(key)
        while len(self._keys) > _MAX_KEYS:
            self._keys.popitem(last=False)
