"""Login sessions and the login throttle.

A login is kept in memory under a random id (the cookie's value, 256 bits): the person
(tenant, login, uid, name, companies) and their Odoo secret sealed by `SecretBox`. It
ends at logout, after `SERVER_SESSION_HOURS`, or after two hours without use; whatever
ends it calls the store's `on_end` listeners (the server then closes that person's
conversations and drops their Odoo connection).

`Throttle` counts login attempts per client address and per account (tenant + login) in a
sliding window; past the limit an attempt is refused before Odoo is asked.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from daniel.mcp_odoo.identity import Caller
from daniel.server_avatar.auth.secretbox import SecretBox

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
            "expires_in": max(0, int(self.expires_at - time.monotonic())),
        }


class LoginStore:
    def __init__(self, box: SecretBox, lifetime_seconds: float) -> None:
        self.box = box
        self.lifetime = lifetime_seconds
        self._logins: dict[str, Login] = {}
        self.on_end: list[Callable[[Login], None]] = []

    def create(
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
        now = time.monotonic()
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
        self._logins[record.sid] = record
        return record

    def get(self, sid: str | None) -> Login | None:
        """The live login of a cookie value (touching it), or None."""
        if not sid:
            return None
        record = self._logins.get(sid)
        if record is None:
            return None
        now = time.monotonic()
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

    def end(self, sid: str) -> Login | None:
        record = self._logins.pop(sid, None)
        if record is not None:
            for listener in self.on_end:
                listener(record)
        return record

    def still_used(self, tenant: str, login: str) -> bool:
        return any(r.tenant == tenant and r.login == login for r in self._logins.values())

    def sweep(self) -> int:
        now = time.monotonic()
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
    """At most `limit` events per key in `window` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> int:
        """0 when an attempt is allowed now, else seconds to wait."""
        events = self._events.get(key)
        if not events:
            return 0
        now = time.monotonic()
        while events and now - events[0] > self.window:
            events.popleft()
        if len(events) < self.limit:
            return 0
        return max(1, int(self.window - (now - events[0])) + 1)

    def note(self, key: str) -> None:
        if len(self._events) > 50_000:  # a flood of distinct keys: start afresh
            self._events.clear()
        self._events.setdefault(key, deque()).append(time.monotonic())

    def clear(self, key: str) -> None:
        self._events.pop(key, None)
