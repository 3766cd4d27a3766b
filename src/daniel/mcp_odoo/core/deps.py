"""What every tool plugin receives: `register(mcp, deps)` gets a `ServerDeps`.

`deps.call(lang)` opens one tool call: the caller's language, the Odoo calls with
translated errors, name resolution and the message catalogue.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from daniel.mcp_odoo.core.audit import AuditLog
from daniel.mcp_odoo.core.config import Lang, ServerConfig
from daniel.mcp_odoo.core.gateway import OdooCalls, OdooGateway
from daniel.mcp_odoo.core.idempotency import RecordStore
from daniel.mcp_odoo.core.identity import CALLER, GatewayPool
from daniel.mcp_odoo.core.resolve import resolve
from daniel.mcp_odoo.core.writes import WriteService
from daniel.mcp_odoo.present.i18n import t

_NAME_TTL = 300.0


class NameCache:
    """id → display name of small reference models (users, tags), refreshed every 5 min.

    Lets a task card show assignee and tag names without an extra request per call.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self._names: dict[int, str] = {}
        self._loaded_at = 0.0

    def _expire(self) -> None:
        if time.monotonic() - self._loaded_at > _NAME_TTL:
            self._names.clear()
            self._loaded_at = time.monotonic()

    async def prime(self, calls: OdooCalls) -> None:
        """Load every name at once when the cache is empty (run alongside a search)."""
        self._expire()
        if not self._names:
            rows = await calls.search_read(self.model, [], ["display_name"], limit=1000)
            for row in rows:
                self._names[int(row["id"])] = str(row.get("display_name") or row["id"])

    async def names(self, calls: OdooCalls, ids: Iterable[int]) -> dict[int, str]:
        wanted = set(ids)
        self._expire()
        missing = [i for i in wanted if i not in self._names]
        if missing:
            rows = await calls.read(self.model, sorted(missing), ["display_name"])
            for row in rows:
                self._names[int(row["id"])] = str(row.get("display_name") or row["id"])
        return {i: self._names[i] for i in wanted if i in self._names}


class WonStages:
    """ids of the CRM stages marked won (`crm.stage.is_won`), refreshed every 5 min.

    Lets the pipeline summary tell open from won deals without an extra request per call.
    """

    def __init__(self) -> None:
        self._ids: frozenset[int] | None = None
        self._loaded_at = 0.0

    async def ids(self, calls: OdooCalls) -> frozenset[int]:
        if self._ids is None or time.monotonic() - self._loaded_at > _NAME_TTL:
            rows = await calls.search_read("crm.stage", [["is_won", "=", True]], ["id"])
            self._ids = frozenset(int(row["id"]) for row in rows)
            self._loaded_at = time.monotonic()
        return self._ids


def _record_store(config: ServerConfig) -> RecordStore | None:
    """Redis when `REDIS_URL` is set (shared by replicas); else the file beside the log."""
    if not config.redis_url:
        return None
    from daniel.mcp_odoo.core.idempotency_redis import RedisIdempotencyStore

    return RedisIdempotencyStore(config.redis_url)


class ServerDeps:
    """The shared services of one MCP server instance."""

    def __init__(self, config: ServerConfig, gateway: OdooGateway | None = None) -> None:
        self.config = config
        #: The server's own account (ODOO_USER): requests that carry no person's credential.
        self.gateway = gateway or OdooGateway(config.connection)
        #: One gateway per person whose credential a request carries (see `identity`).
        self.people = GatewayPool(config.connection)
        self.audit = AuditLog(config.audit_log, config.tenant)
        self.writes = WriteService(
            mode=config.write_mode,
            gateway=self.current_gateway,
            audit=self.audit,
            ttl=config.confirm_ttl,
            settle_window=config.write_settle_window,
            store=_record_store(config),
            base_url=config.odoo_url,
        )
        self.user_names = NameCache("res.users")
        self.task_tag_names = NameCache("project.tags")
        self.lead_tag_names = NameCache("crm.tag")
        self.won_stages = WonStages()
        self.currency: str | None = None

    def current_gateway(self) -> OdooGateway:
        """The gateway of the person the current request acts as (see `identity.CALLER`)."""
        caller = CALLER.get()
        return self.gateway if caller is None else self.people.get(caller)

    def call(self, lang: Lang | None) -> ToolCall:
        return ToolCall(self, lang or self.config.lang)

    async def aclose(self) -> None:
        await self.writes.aclose()
        await self.gateway.close()
        await self.people.aclose()


class ToolCall:
    """One tool invocation: its language and its way to Odoo."""

    def __init__(self, deps: ServerDeps, lang: Lang) -> None:
        self.deps = deps
        self.lang: Lang = lang
        self.gateway = deps.current_gateway()
        self.odoo = self.gateway.calls(lang)

    @property
    def base_url(self) -> str:
        return self.deps.config.odoo_url

    def t(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)

    async def resolve(self, kind: str, value: int | str) -> tuple[int, str]:
        """(id, name) for a parameter that names a record; asks back when ambiguous."""
        return await resolve(self.odoo, kind, value, lang=self.lang)

    async def currency(self) -> str | None:
        """The company currency code (cached after the first lookup)."""
        if self.deps.currency is None:
            rows = await self.odoo.search_read("res.company", [], ["currency_id"], limit=1)
            value = rows[0].get("currency_id") if rows else None
            if isinstance(value, list | tuple) and len(value) > 1:
                self.deps.currency = str(value[1])
        return self.deps.currency
