"""`Access`: the avatar server's people-and-access state (one per process).

Tenants and their tool runners, login sessions, login throttles, the Host allowlist and
the open-conversation counters per person and per address. Built at start-up by
`server._resources`; the routes, the middleware and the WebSocket handler use it.
Logins, throttles and counters live in the `SharedState` (Redis with `REDIS_URL`, so
the limits hold across replicas; a replica that dies lets its slots go within
`LEASE_SECONDS`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from typing import Any

import aiohttp
from aiohttp import web

from daniel.server_avatar.auth.guard import allowed_hosts
from daniel.server_avatar.auth.logins import Login, LoginStore, Throttle
from daniel.server_avatar.auth.person import PersonTools
from daniel.server_avatar.auth.secretbox import SecretBox
from daniel.server_avatar.auth.tenants import Tenant, tenant_for_host
from daniel.server_avatar.services.base import ToolRunner
from daniel.server_avatar.shared_state import MemoryState, SharedState, SharedStateDown
from daniel.settings import Settings

log = logging.getLogger(__name__)

COOKIE = "daniel_session"
#: Failed logins per client address (an office behind one NAT address shares it) and
#: per account, in `WINDOW` seconds.
FAILURES_PER_ADDRESS = 30
FAILURES_PER_ACCOUNT = 5
WINDOW = 300.0
_DEMO_TTL = 60.0


class Access:
    def __init__(
        self,
        settings: Settings,
        tenants: dict[str, Tenant],
        tools: dict[str, ToolRunner],
        http: aiohttp.ClientSession,
        shared: SharedState | None = None,
    ) -> None:
        self.settings = settings
        self.tenants = tenants
        self.tools = tools
        self.http = http
        self.shared = shared or MemoryState()
        key = settings.server_secret_key
        self.logins = LoginStore(
            SecretBox(key.get_secret_value() if key else None),
            settings.server_session_hours * 3600,
            self.shared,
        )
        self.by_address = Throttle(FAILURES_PER_ADDRESS, WINDOW, self.shared, "address")
        self.by_account = Throttle(FAILURES_PER_ACCOUNT, WINDOW, self.shared, "account")
        self.allowed = allowed_hosts(settings, tenants.values(), settings.server_host)
        #: This process's own holds (space, key, member): renewed while held.
        self._held: set[tuple[str, str, str]] = set()
        self._local: Counter[tuple[str, str]] = Counter()
        self._demo: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    @property
    def required(self) -> bool:
        return self.settings.auth == "odoo"

    def bound_to(self, host: str) -> None:
        """The address actually bound joins the allowlist (a specific IP or name)."""
        self.allowed = allowed_hosts(self.settings, self.tenants.values(), host)

    # ------------------------------------------------------------------ requests
    def tenant_of(self, request: web.Request) -> Tenant | None:
        """The tenant the request's host selects (None: chosen at login)."""
        return tenant_for_host(self.tenants, request.host)

    async def login_of(self, request: web.Request) -> Login | None:
        """The request's live login, if its tenant matches the host's."""
        record = await self.logins.fetch(request.cookies.get(COOKIE))
        if record is None:
            return None
        tenant = self.tenant_of(request)
        if tenant is not None and tenant.name != record.tenant:
            return None  # a cookie of another company's login: not valid here
        return record

    def person_tools(self, record: Login, lang: Any) -> PersonTools:
        store = self.logins
        sid = record.sid

        def caller() -> Any:
            live = store.get(sid)
            return store.caller(live) if live is not None else None

        return PersonTools(self.tools[record.tenant], caller, lang=lang)

    @staticmethod
    def owner_of(record: Login | None) -> str:
        return f"{record.tenant}|{record.login}" if record is not None else ""

    # ------------------------------------------------------------------ open sessions
    async def holding(self, space: str, key: str) -> int:
        """How many sockets (`address`) or conversations (`owner`) hold a slot."""
        local = self._local[(space, key)]
        try:
            return max(local, await self.shared.holders(space, key))
        except SharedStateDown:
            return local  # Redis down: this process's own count still limits

    async def hold(self, space: str, key: str, member: str) -> None:
        self._local[(space, key)] += 1
        self._held.add((space, key, member))
        with contextlib.suppress(SharedStateDown):  # counted here; leased at the next renewal
            await self.shared.hold(space, key, member)

    async def let_go(self, space: str, key: str, member: str) -> None:
        self._local[(space, key)] -= 1
        if self._local[(space, key)] <= 0:
            del self._local[(space, key)]
        self._held.discard((space, key, member))
        with contextlib.suppress(SharedStateDown):  # the lease runs out on its own
            await self.shared.let_go(space, key, member)

    async def renew(self) -> None:
        """Keep this process's leases (called by the sweeper)."""
        with contextlib.suppress(SharedStateDown):
            await self.shared.renew(sorted(self._held))

    # ------------------------------------------------------------------ demo accounts
    async def demo_accounts(self, tenant: Tenant) -> list[dict[str, Any]]:
        """The sandbox's people (live), for the login page; [] for a real Odoo."""
        cached = self._demo.get(tenant.name)
        now = time.monotonic()
        if cached is not None and now - cached[0] < _DEMO_TTL:
            return cached[1]
        accounts: list[dict[str, Any]] = []
        try:
            url = f"{tenant.connection.url}/daniel/demo-accounts"
            async with self.http.get(url, timeout=aiohttp.ClientTimeout(total=3)) as response:
                if response.status == 200:
                    body = await response.json()
                    accounts = [a for a in body.get("accounts", []) if isinstance(a, dict)]
        except (aiohttp.ClientError, TimeoutError, ValueError, asyncio.CancelledError) as exc:
            if isinstance(exc, asyncio.CancelledError):
                raise
            log.debug("no demo accounts from %s: %s", tenant.name, exc)
        self._demo[tenant.name] = (now, accounts)
        return accounts
