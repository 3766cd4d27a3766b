"""Who an MCP request acts as in Odoo: the server's own account, or a person's.

By default every request uses the server's configured connection (`ODOO_USER`). A
request may instead carry one person's own Odoo credential, and then every Odoo call it
makes runs as that person, so Odoo's access rights and record rules apply and "me" is
them:

- in the request's `_meta` under `META_KEY`: `{"login": ..., "secret": ...}` (the avatar
  server does this on each call of a logged-in person's conversation; over HTTP it
  travels inside the request like a bearer, so use TLS off loopback);
- on the HTTP transport, as the bearer token `<login>:<api key>` (docs/security.md).

A request may also name the tenant it is meant for (`TENANT_KEY` in `_meta`, sent by an
avatar server with `TENANTS`): a server that serves another tenant (`MCP_TENANT`)
refuses it, so a misrouted call never reaches another company's Odoo.

The credential is checked by Odoo itself on first use, so it can only ever act as its
own user. `CALLER` holds it for the duration of one request; `GatewayPool` keeps one
authenticated Odoo client per person (idle ones are dropped; `forget` drops one at
logout). A multi-company person's calls carry their chosen company
(`allowed_company_ids`), so Odoo answers within it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from daniel.mcp_odoo.core.gateway import OdooGateway
from daniel.settings import OdooConnection

log = logging.getLogger("daniel.mcp_odoo.core.identity")

META_KEY = "daniel/odoo_user"
TENANT_KEY = "daniel/tenant"
_MAX_LOGIN = 200
_MAX_SECRET = 1000


@dataclass(frozen=True, slots=True)
class Caller:
    """A person's Odoo login and secret (password or API key); the secret never prints."""

    login: str
    secret: str = field(repr=False)
    #: The company a multi-company person works in (Odoo's `allowed_company_ids`).
    company_id: int | None = None

    @property
    def key(self) -> str:
        """A stable id of this credential (and company) that does not reveal it."""
        text = f"{self.login}\0{self.secret}\0{self.company_id or ''}"
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def owner(self) -> str:
        """The person, whatever company they work in (whose confirmations are whose)."""
        return hashlib.sha256(f"{self.login}\0{self.secret}".encode()).hexdigest()

    def as_meta(self) -> dict[str, Any]:
        value: dict[str, Any] = {"login": self.login, "secret": self.secret}
        if self.company_id is not None:
            value["company_id"] = self.company_id
        return {META_KEY: value}


#: The person the current request acts as (None: the server's configured account).
CALLER: contextvars.ContextVar[Caller | None] = contextvars.ContextVar(
    "daniel_mcp_caller", default=None
)


@contextlib.contextmanager
def acting_as(caller: Caller | None) -> Iterator[None]:
    """Calls inside run as `caller` (None: as the server's own account)."""
    if caller is None:
        yield
        return
    token = CALLER.set(caller)
    try:
        yield
    finally:
        CALLER.reset(token)


def _meta_value(meta: Any, key: str) -> Any:
    if isinstance(meta, Mapping):
        return meta.get(key)
    extra = getattr(meta, "model_extra", None) or {}
    return extra.get(key)


def tenant_from_meta(meta: Any) -> str | None:
    """The tenant a request says it is meant for (None: it does not say)."""
    value = _meta_value(meta, TENANT_KEY)
    return value if isinstance(value, str) and value else None


def wrong_tenant(meta: Any, served: str) -> str | None:
    """The tenant a request is meant for when this server (serving `served`) is not it."""
    wanted = tenant_from_meta(meta)
    return wanted if wanted is not None and wanted != served else None


def caller_from_meta(meta: Any) -> Caller | None:
    """The `Caller` in a request's `_meta`, if it carries a well-formed one."""
    value = _meta_value(meta, META_KEY)
    if not isinstance(value, Mapping):
        return None
    caller = _caller(value.get("login"), value.get("secret"))
    company = value.get("company_id")
    if caller is not None and isinstance(company, int) and not isinstance(company, bool):
        return Caller(caller.login, caller.secret, company)
    return caller


def caller_from_bearer(token: str) -> Caller | None:
    """`<login>:<api key>` → `Caller` (None when the token has no login part)."""
    login, sep, secret = token.partition(":")
    if not sep:
        return None
    return _caller(login, secret)


def _caller(login: Any, secret: Any) -> Caller | None:
    if not isinstance(login, str) or not isinstance(secret, str):
        return None
    login = login.strip()
    if not login or not secret or len(login) > _MAX_LOGIN or len(secret) > _MAX_SECRET:
        return None
    return Caller(login, secret)


class GatewayPool:
    """One `OdooGateway` per person (by credential), least recently used dropped first."""

    def __init__(
        self, base: OdooConnection, *, max_size: int = 256, idle_seconds: float = 1800.0
    ) -> None:
        self.base = base
        self.max_size = max_size
        self.idle_seconds = idle_seconds
        self._gateways: OrderedDict[str, tuple[OdooGateway, float]] = OrderedDict()
        self._closing: set[asyncio.Task[None]] = set()

    def get(self, caller: Caller) -> OdooGateway:
        now = time.monotonic()
        self._expire(now)
        found = self._gateways.pop(caller.key, None)
        if found:
            gateway = found[0]
        else:
            context = {"allowed_company_ids": [caller.company_id]} if caller.company_id else None
            gateway = OdooGateway(self._connection(caller), context)
        self._gateways[caller.key] = (gateway, now)
        while len(self._gateways) > self.max_size:
            self._close(self._gateways.popitem(last=False)[1][0])
        return gateway

    def forget(self, login: str) -> int:
        """Drop every gateway of `login` (logout); returns how many were dropped."""
        keys = [k for k, (g, _) in self._gateways.items() if g.login == login]
        for key in keys:
            self._close(self._gateways.pop(key)[0])
        return len(keys)

    async def aclose(self) -> None:
        gateways, self._gateways = [g for g, _ in self._gateways.values()], OrderedDict()
        await asyncio.gather(*(g.close() for g in gateways), *self._closing)

    def __len__(self) -> int:
        return len(self._gateways)

    def _expire(self, now: float) -> None:
        while self._gateways:
            key, (_, used) = next(iter(self._gateways.items()))
            if now - used <= self.idle_seconds:
                break
            self._close(self._gateways.pop(key)[0])

    def _close(self, gateway: OdooGateway) -> None:
        """Close a dropped gateway's HTTP session in the background."""
        try:
            task = asyncio.get_running_loop().create_task(gateway.close())
        except RuntimeError:  # no loop: nothing was opened from this thread
            return
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _connection(self, caller: Caller) -> OdooConnection:
        base = self.base
        return OdooConnection(
            url=base.url,
            db=base.db,
            user=caller.login,
            secret=caller.secret,
            protocol=base.protocol,
            timeout=base.timeout,
            retries=base.retries,
        )
