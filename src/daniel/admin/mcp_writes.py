"""The MCP server's writes in the dashboard (`via: mcp`), when `DATABASE_URL` is set.

`McpWriteSink` listens to the MCP server's `AuditLog`: each entry (who, tool, model, ids,
values, result) becomes a `writes` row in the background. The database is opened (and
migrated) on the first write; a failure is logged without data or URL and the write
itself is unaffected. Nothing is printed: on the stdio transport stdout is the protocol.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from daniel.admin.database import Database, database_url
from daniel.admin.tables import Write
from daniel.server_avatar.auth.tenants import DEFAULT_TENANT
from daniel.settings import Settings

log = logging.getLogger(__name__)


class McpWriteSink:
    def __init__(self, settings: Settings, tenant: str = DEFAULT_TENANT) -> None:
        self.settings = settings
        self.tenant = tenant
        self._database: Database | None = None
        self._opening = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, entry: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._write(entry))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for the rows being written (tests, shutdown)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        await self.drain()
        if self._database is not None:
            await self._database.close()

    async def _open(self) -> Database:
        async with self._opening:
            if self._database is None:
                database = Database(database_url(self.settings))
                await database.migrate()
                self._database = database
            return self._database

    async def _write(self, entry: dict[str, Any]) -> None:
        try:
            database = await self._open()
            async with database.sessions.begin() as session:
                session.add(row_of(entry, self.tenant))
        except Exception as exc:
            log.warning("analytics: an MCP write was not recorded (%s)", type(exc).__name__)


def row_of(entry: dict[str, Any], tenant: str) -> Write:
    raw_result, raw_values = entry.get("result"), entry.get("values")
    result: dict[str, Any] = raw_result if isinstance(raw_result, dict) else {}
    values: dict[str, Any] = raw_values if isinstance(raw_values, dict) else {}
    records = [r for r in result.get("records") or [] if isinstance(r, dict)]
    ids = [i for i in entry.get("ids") or [] if isinstance(i, int)]
    return Write(
        tenant=tenant,
        login=str(entry.get("login") or "")[:200],
        person="",
        conversation_id="",
        via="mcp",
        tool=str(entry.get("tool") or "")[:80],
        model=str(entry.get("model") or "")[:80],
        record_id=ids[0] if ids else None,
        url=str(records[0].get("url") or "")[:500] if records else "",
        summary=str(result.get("summary") or result.get("error") or ""),
        changes=_changes(entry.get("changes"), values),
        status="done" if result.get("status") == "done" else "error",
    )


def _changes(previewed: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Before → after as the preview showed it (older audit entries: the values alone)."""
    if isinstance(previewed, list) and all(isinstance(c, dict) for c in previewed):
        keys = ("field", "label", "old", "new")
        return [{key: c.get(key) for key in keys} for c in previewed]
    return [{"field": k, "label": k, "old": None, "new": v} for k, v in values.items()]
