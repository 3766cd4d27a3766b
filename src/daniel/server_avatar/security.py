"""Who may use the avatar server, and the headers that protect its page.

- Access token: when `SERVER_ACCESS_TOKEN` is set, `/` and `/ws` need `?token=<it>`
  (compared in constant time). `/health`, `/api/config` and the static assets hold no
  secret and stay open.
- WebSocket Origin and Host: see `auth/guard.py` (a browser page may open `/ws` only from
  an allowed host's page or an origin in `SERVER_ALLOWED_ORIGINS`).
- Security headers on every response, and a Content-Security-Policy on HTML that allows
  only this origin, plus LiveKit's WebSocket/HTTPS when a remote avatar is configured
  (`*.livekit.cloud` and the hosts in `SERVER_LIVEKIT_HOSTS`: the CSP goes out with the
  page, before any avatar session says which room to join), and `blob:`/`data:` for audio.
- `RateLimiter`: a token bucket per session (messages per second).
"""

from __future__ import annotations

import hmac
import time

from aiohttp import web

from daniel.settings import Settings

LIVEKIT_SOURCES = ("wss://*.livekit.cloud", "https://*.livekit.cloud")


def token_ok(request: web.Request, settings: Settings) -> bool:
    expected = settings.server_access_token
    if expected is None or not expected.get_secret_value():
        return True
    given = request.query.get("token", "")
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def content_security_policy(request: web.Request, settings: Settings) -> str:
    host = request.host
    connect = ["'self'", f"ws://{host}", f"wss://{host}"]
    media = ["'self'", "blob:", "data:"]
    if settings.avatar != "local":
        extra = settings.server_livekit_hosts  # validated host names (settings)
        connect += [*LIVEKIT_SOURCES, *(f"{s}://{h}" for h in extra for s in ("wss", "https"))]
        media += [*LIVEKIT_SOURCES[1:], *(f"https://{h}" for h in extra)]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": media,
        "connect-src": connect,
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_security_headers(
    request: web.Request, response: web.StreamResponse, settings: Settings
) -> None:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "microphone=(self), camera=(), geolocation=()")
    if response.content_type == "text/html":
        headers.setdefault("Content-Security-Policy", content_security_policy(request, settings))
        headers.setdefault("Cache-Control", "no-store")


class RateLimiter:
    """A token bucket: `rate` events per second with bursts up to `burst`."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else rate
        self._tokens = self.burst
        self._stamp = time.monotonic()

    def allow(self, cost: float = 1.0) -> bool:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= cost:
            self._tokens -= cost
            return True
        return False
