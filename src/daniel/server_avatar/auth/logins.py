"""Login sessions and the login throttle.

A login is kept under a random id (the cookie's value, 256 bits): the person (tenant,
login, uid, name, companies) and their Odoo secret sealed by `SecretBox`. It ends at
logout, after `SERVER_SESSION_HOURS`, or after two hours without use; whatever ends it
calls the store's `on_end` listeners (the server then closes that person's
conversations and drops their Odoo connection).

With a shared state (`REDIS_URL`, see `shared_state`) the record also lives in Redis
(secret still sealed), so a cookie made by one replica works on every other; a logout
on one replica is broadcast and ends the person's conversations everywhere. This
process keeps a copy of the records it has seen (calls during a conversation use it).

`Throttle` counts login attempts per client address and per account (tenant + login) in a
sliding window (in the shared state); past the limit an attempt is refused before Odoo
is asked.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from daniel.mcp_odoo.core.identity import Caller
from daniel.server_avatar.auth.secretbox import SecretBox
from daniel.server_avatar.shared_state import MemoryState, SharedState, SharedStateDown

log = logging.getLogger(__name__)

IDLE_SECONDS = 2 * 3600.0


@dataclass(slots=True)
class Login:
    sid: str
    tenant: str
    login: str
    uid: int
    name: str
    sealed: bytes = field(repr=False)
    companies: list[dict[str, Any]]
    company: dict[str, Any] | None
    expires_at: float
    last_seen: float

    def public(self) -> dict[str, Any]:
        """What `GET /auth/me` shows: never the secret."""
        return {
            "login": self.login,
            "uid": self.uid,
            "name": self.name,
            "tenant": self.tenant,
            "company": self.company,
            "companies": self.companies,
            "expires_in": max(0, int(self.expires_at - time.time())),
        }

    def dump(self) -> dict[str, Any]:
        data = asdict(self)
        data["sealed"] = self.sealed.decode("ascii")  # Fernet tokens are base64 text
        return data

    @classmethod
    def load(cls, data: dict[str, Any]) -> Login:
        return cls(**{**data, "sealed": str(data["sealed"]).encode("ascii")})


_SPACE = "login"


class LoginStore:
    def __init__(
        self, box: SecretBox, lifetime_seconds: float, shared: SharedState | None = None
    ) -> None:
        self.box = box
        self.lifetime = lifetime_seconds
        self.shared = shared or MemoryState()
        self._logins: dict[str, Login] = {}
        self.on_end: list[Callable[[Login], None]] = []
        self.shared.listen(self._broadcast)

    def _broadcast(self, kind: str, value: str) -> None:
        if kind == "logout" and value in self._logins:
            self.end(value)

    async def create(
        self,
        *,
        tenant: str,
        login: str,
        uid: int,
        name: str,
        secret: str,
        companies: list[dict[str, Any]],
        company: dict[str, Any] | None,
    ) -> Login:
        """A new login; raises `SharedStateDown` when it cannot be shared."""
        now = time.time()
        record = Login(
            sid=secrets.token_urlsafe(32),
            tenant=tenant,
            login=login,
            uid=uid,
            name=name,
            sealed=self.box.seal(secret),
            companies=companies,
            company=company,
            expires_at=now + self.lifetime,
            last_seen=now,
        )
        if self.shared.shared:
            await self.shared.put(_SPACE, record.sid, record.dump(), self._ttl(record))
        self._logins[record.sid] = record
        return record

    async def save(self, record: Login) -> None:
        """Share a change to a login (its company)."""
        if self.shared.shared:
            await self.shared.put(_SPACE, record.sid, record.dump(), self._ttl(record))

    @staticmethod
    def _ttl(record: Login) -> float:
        return max(1.0, min(IDLE_SECONDS, record.expires_at - time.time()))

    async def fetch(self, sid: str | None) -> Login | None:
        """The live login of a cookie value, from the shared state (touching it)."""
        if not sid or not self.shared.shared:
            return self.get(sid)
        try:
            data = await self.shared.get(_SPACE, sid)
            if data is not None:
                await self.shared.touch(_SPACE, sid, self._ttl(Login.load(data)))
        except SharedStateDown:
            return self.get(sid)  # Redis is down: a login this process knows still works
        if data is None:
            if sid in self._logins:
                self.end(sid)
            return None
        known = self._logins.get(sid)
        record = Login.load(data)
        if known is not None:  # keep the object conversations hold
            known.company, known.expires_at = record.company, record.expires_at
            record = known
        record.last_seen = time.time()  # in use: Redis's TTL is the idle clock
        self._logins[sid] = record
        return self.get(sid)

    def get(self, sid: str | None) -> Login | None:
        """The live login of a cookie value as this process knows it (touching it)."""
        if not sid:
            return None
        record = self._logins.get(sid)
        if record is None:
            return None
        now = time.time()
        if now >= record.expires_at or now - record.last_seen > IDLE_SECONDS:
            self.end(sid)
            return None
        record.last_seen = now
        return record

    def caller(self, record: Login) -> Caller | None:
        """The person's credential for one call; a multi-company person's calls carry
        their chosen company."""
        secret = self.box.open(record.sealed)
        if secret is None:
            return None
        company = record.company["id"] if record.company and len(record.companies) > 1 else None
        return Caller(record.login, secret, company)

    async def log_out(self, sid: str) -> None:
        """End a login here and on every other process."""
        self.end(sid)
        if self.shared.shared:
            try:
                await self.shared.delete(_SPACE, sid)
                await self.shared.publish("logout", sid)
            except SharedStateDown:
                log.error("logout not shared (Redis down): other replicas end it at expiry")

    def end(self, sid: str) -> Login | None:
        """End a login in this process (its listeners run)."""
        record = self._logins.pop(sid, None)
        if record is not None:
            for listener in self.on_end:
                listener(record)
        return record

    def still_used(self, tenant: str, login: str) -> bool:
        return any(r.tenant == tenant and r.login == login for r in self._logins.values())

    def sweep(self) -> int:
        now = time.time()
        ended = [
            sid
            for sid, r in self._logins.items()
            if now >= r.expires_at or now - r.last_seen > IDLE_SECONDS
        ]
        for sid in ended:
            self.end(sid)
        return len(ended)

    def __len__(self) -> int:
        return len(self._logins)


class Throttle:
    """At most `limit` events per key in `window` seconds (counted in the shared state)."""

    def __init__(
        self, limit: int, window: float, shared: SharedState | None = None, name: str = "t"
    ) -> None:
        self.limit = limit
        self.window = window
        self.shared = shared or MemoryState()
        self.name = "throttle-" + name

    async def retry_after(self, key: str) -> int:
        """0 when an attempt is allowed now, else seconds to wait."""
        count, age = await self.shared.recent(self.name, key, self.window)
        if count < self.limit:
            return 0
        return max(1, int(self.window - age) + 1)

    async def note(self, key: str) -> None:
        await self.shared.note(self.name, key, self.window)

    async def clear(self, key: str) -> None:
        await self.shared.forget(self.name, key)
