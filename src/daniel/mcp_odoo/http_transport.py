"""The streamable-HTTP face of the server: `/mcp`, `GET /health`, bearer token, Origin guard.

- A bearer token (`MCP_TOKEN`) is required on `/mcp` whenever one is configured, and
  serving on anything but loopback without one is refused at start-up.
- Host and Origin are checked before a request reaches an MCP session (DNS-rebinding
  protection): a browser page from a foreign origin gets 403.
- `GET /health` says whether Odoo answers: 200 `{"status": "ok", "odoo": {"reachable":
  true, ...}}` or 503 with `reachable: false` and a short reason. It needs no token and
  reveals nothing else.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import TYPE_CHECKING, Any

from fastmcp.server.auth import TokenVerifier
from fastmcp.server.auth.auth import AccessToken
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse

from daniel import metrics
from daniel.logs import RequestIdMiddleware
from daniel.settings import SettingsError

if TYPE_CHECKING:
    from fastmcp import FastMCP
    from starlette.applications import Starlette

    from daniel.mcp_odoo.deps import ServerDeps

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


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to serve MCP off loopback without a bearer token."""
    if not token and not is_loopback(host):
        raise SettingsError(
            f"MCP_TOKEN must be set to serve MCP over HTTP on {host} (not loopback); "
            "set MCP_TOKEN or use --host 127.0.0.1"
        )


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


def build_http_app(mcp: FastMCP, *, token: str | None) -> Starlette:
    """The ASGI app: streamable HTTP at /mcp (token-protected when a token is set)."""
    mcp.auth = StaticBearerToken(token) if token else None
    return mcp.http_app(
        path=MCP_PATH,
        middleware=[Middleware(RequestIdMiddleware)],
        transport="http",
        host_origin_protection="auto",
        allowed_origins=[],
    )


async def serve_http(mcp: FastMCP, *, host: str, port: int, token: str | None) -> None:
    """Serve until cancelled (Ctrl-C)."""
    import uvicorn

    check_exposure(host, token)
    app = build_http_app(mcp, token=token)
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
