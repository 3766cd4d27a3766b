"""The streamable-HTTP face of the server: `/mcp`, `GET /health`, bearer token, Origin guard.

- Bearer tokens on `/mcp` (`PersonBearer`): the static `MCP_TOKEN` (a single-user
  service: calls act as `ODOO_USER`), or one person's `<login>:<Odoo API key>` (calls act
  as that person; checked against Odoo, remembered for a few minutes). A bearer is
  required whenever `MCP_TOKEN` is set or `MCP_AUTH=odoo`; serving off loopback needs
  one of the two (refused at start-up otherwise). On loopback without either, nothing is
  required (one person's own machine).
- Host and Origin are checked before a request reaches an MCP session (DNS-rebinding
  protection): a browser page from a foreign origin gets 403.
- Stateless (the SDK's `stateless_http`): no MCP session is kept between requests, so
  any replica behind a load balancer answers any request of a client, both for clients
  of the sessionless protocol (2026-07-28) and for handshake-era clients, whose session
  id no replica has to know. There is no GET stream for server-initiated messages (no
  tool of this server sends any). What a replica still holds itself is a write's
  preview until it is confirmed (docs/mcp.md).
- `GET /health` says whether Odoo answers: 200 `{"status": "ok", "odoo": {"reachable":
  true, ...}}` or 503 with `reachable: false` and a short reason. It needs no token and
  reveals nothing else.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from typing import TYPE_CHECKING, Any

import uvicorn
from fastmcp.server.auth import TokenVerifier
from fastmcp.server.auth.auth import AccessToken
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse

from daniel import metrics
from daniel.logs import RequestIdMiddleware
from daniel.mcp_odoo.core.identity import Caller, caller_from_bearer
from daniel.odoo.errors import OdooAuthenticationError, OdooError
from daniel.settings import SettingsError

if TYPE_CHECKING:
    from fastmcp import FastMCP
    from starlette.applications import Starlette

    from daniel.mcp_odoo.core.deps import ServerDeps

MCP_PATH = "/mcp"
_REASONS = {
    "connection": "unreachable",
    "timeout": "timeout",
    "authentication": "login refused",
    "protocol": "not an Odoo server",
    "access": "access denied",
}


class StaticBearerToken(TokenVerifier):
    """Accepts exactly one token, compared in constant time."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token.encode()

    async def verify_token(self, token: str) -> AccessToken | None:
        if hmac.compare_digest(token.encode(), self._token):
            # The token itself is never kept on the request state.
            return AccessToken(token="[redacted]", client_id="mcp-client", scopes=[])  # noqa: S106
        return None


class PersonBearer(StaticBearerToken):
    """The static token (if any), or `<login>:<api key>` checked against Odoo."""

    VERIFIED_SECONDS = 300.0
    REFUSED_SECONDS = 30.0

    def __init__(self, token: str | None, deps: ServerDeps) -> None:
        super().__init__(token or secrets.token_urlsafe(32))
        self._deps = deps
        self._seen: dict[str, tuple[float, bool]] = {}

    async def verify_token(self, token: str) -> AccessToken | None:
        static = await super().verify_token(token)
        if static is not None:
            return static
        caller = caller_from_bearer(token)
        if caller is None:
            return None
        if not await self._known_good(caller):
            return None
        return AccessToken(
            token="[redacted]",  # noqa: S106 - the secret is never kept on the request
            client_id=f"odoo:{caller.login}",
            scopes=[],
            claims={"daniel_caller": caller},
        )

    async def _known_good(self, caller: Caller) -> bool:
        now = time.monotonic()
        seen = self._seen.get(caller.key)
        if seen is not None:
            ttl = self.VERIFIED_SECONDS if seen[1] else self.REFUSED_SECONDS
            if now - seen[0] < ttl:
                return seen[1]
        gateway = self._deps.people.get(caller)
        try:
            client = await gateway.client()
            # An API key alone names its user on JSON-2: the login must be theirs too.
            rows = await client.read("res.users", [int(client.uid or 0)], ["login"])
            good = bool(rows) and str(rows[0].get("login", "")).lower() == caller.login.lower()
            if not good:
                self._deps.people.forget(caller.login)
        except OdooAuthenticationError:
            good = False
            self._deps.people.forget(caller.login)
        except OdooError:
            return False  # Odoo unreachable: refuse now, decide again next time
        if len(self._seen) > 10_000:
            self._seen.clear()
        self._seen[caller.key] = (now, good)
        return good


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None, mode: str = "token") -> None:
    """Refuse to serve MCP off loopback without bearers: MCP_TOKEN, or MCP_AUTH=odoo."""
    if not token and mode != "odoo" and not is_loopback(host):
        raise SettingsError(
            f"MCP_TOKEN must be set to serve MCP over HTTP on {host} (not loopback); "
            "set MCP_TOKEN, or MCP_AUTH=odoo for each person's login:apikey bearer, "
            "or use --host 127.0.0.1"
        )


def needs_bearer(token: str | None, mode: str = "token") -> bool:
    """Bearers are required when a static token is set or with MCP_AUTH=odoo."""
    return bool(token) or mode == "odoo"


def add_health_route(mcp: FastMCP, deps: ServerDeps) -> None:
    @mcp.custom_route("/health", methods=["GET"])
    async def health(_request: Request) -> JSONResponse:
        reachable, reason, latency_ms = await deps.gateway.health()
        metrics.set_dependency_up("odoo", reachable)
        odoo: dict[str, Any] = {"reachable": reachable, "latency_ms": round(latency_ms, 1)}
        if not reachable:
            kind = reason.split(":", 1)[0]
            odoo["reason"] = _REASONS.get(kind, kind or "error")
        status = "ok" if reachable else "degraded"
        return JSONResponse({"status": status, "odoo": odoo}, status_code=200 if reachable else 503)


def build_http_app(
    mcp: FastMCP,
    *,
    token: str | None,
    deps: ServerDeps | None = None,
    require_bearer: bool | None = None,
) -> Starlette:
    """The ASGI app: streamable HTTP at /mcp, bearer-protected when `require_bearer`
    (default: when a static token is set)."""
    required = bool(token) if require_bearer is None else require_bearer
    if not required:
        mcp.auth = None
    elif deps is not None:
        mcp.auth = PersonBearer(token, deps)
    else:
        mcp.auth = StaticBearerToken(token or secrets.token_urlsafe(32))
    return mcp.http_app(
        path=MCP_PATH,
        middleware=[Middleware(RequestIdMiddleware)],
        transport="http",
        stateless_http=True,
        host_origin_protection="auto",
        allowed_origins=[],
    )


async def serve_http(
    mcp: FastMCP,
    *,
    host: str,
    port: int,
    token: str | None,
    deps: ServerDeps | None = None,
    mode: str = "token",
) -> None:
    """Serve until cancelled (Ctrl-C)."""
    check_exposure(host, token, mode)
    app = build_http_app(mcp, token=token, deps=deps, require_bearer=needs_bearer(token, mode))
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    await uvicorn.Server(config).serve()
