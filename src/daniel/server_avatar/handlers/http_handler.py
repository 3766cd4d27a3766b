"""HTTP routes: the web front end, `GET /health` and `GET /api/config`.

- `/` serves `daniel/web/index.html` (a small placeholder page when the front end is not
  there), protected by the access token when one is configured; the rest of
  `daniel/web/` is served as static files, and `/vendor/` serves pinned browser
  packages from `daniel/web/vendor/` (LiveKit's client for remote avatars), copied
  there from the npm registry's `node_modules/` by `make web-deps`.
- `/health` reports every dependency: 200 while the core (this server and its MCP
  connection) is up, with `"status": "degraded"` and details when something optional is
  not; 503 when MCP cannot be reached.
- `/api/config` is the public client configuration: never a secret.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from aiohttp import web

import daniel
from daniel import __version__, metrics
from daniel.server_avatar.app_state import STATE, ServerState
from daniel.server_avatar.protocol import (
    AUDIO_FORMAT,
    MAX_BINARY_FRAME,
    MAX_MESSAGES_PER_SECOND,
    MAX_USER_TEXT,
)
from daniel.server_avatar.security import token_ok
from daniel.server_avatar.services.base import ProviderError, ToolRunner
from daniel.server_avatar.texts import text as say

WEB_DIR = Path(daniel.__file__).parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
VENDOR_FILES = {
    "livekit-client.esm.mjs": VENDOR_DIR / "livekit-client.esm.mjs",
    "chart.umd.min.js": VENDOR_DIR / "chart.umd.min.js",  # the dashboard (docs/admin.md)
}
_PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Daniel</title></head>
<body><h1>Daniel</h1><p>The avatar server is running, but the web front end
(<code>daniel/web/index.html</code>) is not installed. The conversation WebSocket is at
<code>/ws</code>; see <code>docs/protocol.md</code>.</p></body></html>
"""


async def index(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    if not token_ok(request, state.settings):
        return web.Response(
            status=401,
            text="Daniel: this server needs an access token. Open the link you were given "
            "(it ends in ?token=...).",
        )
    page = WEB_DIR / "index.html"
    if await asyncio.to_thread(page.is_file):
        return web.FileResponse(page, headers={"Content-Type": "text/html; charset=utf-8"})
    return web.Response(text=_PLACEHOLDER, content_type="text/html")


async def vendor(request: web.Request) -> web.StreamResponse:
    path = VENDOR_FILES.get(request.match_info["name"])
    if path is None or not await asyncio.to_thread(path.is_file):
        raise web.HTTPNotFound(text="not installed (run: make web-deps)")
    return web.FileResponse(path, headers={"Content-Type": "text/javascript; charset=utf-8"})


async def api_config(request: web.Request) -> web.Response:
    return web.json_response(public_config(request.app[STATE]))


async def health(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if state.draining:  # a restart: load balancers stop sending new connections here
        return web.json_response({"status": "draining", "version": __version__}, status=503)
    checks = await dependency_checks(state)
    core_up = checks["mcp"]["state"] in ("ok", "degraded")  # degraded: some tenants down
    degraded = any(c["state"] != "ok" for c in checks.values())
    body = {
        "status": "down" if not core_up else ("degraded" if degraded else "ok"),
        "version": __version__,
        "uptime_s": round(time.monotonic() - state.started_at),
        "sessions": {"active": state.store.connections, "max": state.store.max_sessions},
        "checks": checks,
    }
    return web.json_response(body, status=200 if core_up else 503)


def public_config(state: ServerState) -> dict[str, Any]:
    """What the browser may know: providers, languages, voice input, limits. No secret."""
    settings = state.settings
    statuses = state.providers
    by_lang = {lang: voice_input(state, lang) for lang in ("es", "en")}
    return {
        "version": __version__,
        "lang": settings.daniel_lang,
        "default_lang": settings.daniel_lang,
        "languages": ["es", "en"],
        "providers": {kind: status.name for kind, status in statuses.items()},
        # "degraded": sessions fall back (session.ready names what they really use)
        "provider_states": {kind: status.state for kind, status in statuses.items()},
        "voice_input": by_lang[settings.daniel_lang],
        "voice_input_by_lang": by_lang,
        "audio_out": {"format": AUDIO_FORMAT, "sample_rate": 22050},
        "limits": {
            "max_text": MAX_USER_TEXT,
            "max_frame": MAX_BINARY_FRAME,
            "messages_per_second": MAX_MESSAGES_PER_SECOND,
        },
        "auth_required": settings.server_access_token is not None,
        "auth": settings.auth,
    }


def voice_input(state: ServerState, lang: str) -> dict[str, Any]:
    """Whether voice input can work in `lang`, and why not, in that language."""
    settings = state.settings
    stt = state.providers.get("stt")
    words: Any = "es" if lang == "es" else "en"
    if settings.brain == "elevenlabs" and state.providers["brain"].state == "ok":
        return {"enabled": True, "reason": None}
    if settings.stt == "none":
        return {"enabled": False, "reason": say("voice_off_none", words)}
    if stt is not None and stt.state != "ok":
        return {"enabled": False, "reason": say("voice_off_unavailable", words, reason=stt.detail)}
    return {"enabled": True, "reason": None}


async def dependency_checks(state: ServerState) -> dict[str, dict[str, Any]]:
    checks: dict[str, dict[str, Any]] = {}
    checks["mcp"], checks["odoo"] = await _mcp_and_odoo(state)
    for kind in ("brain", "stt", "tts", "avatar"):
        status = state.providers.get(kind)
        if status is not None:
            checks[kind] = {"provider": status.name, "state": status.state, "detail": status.detail}
    return checks


async def _mcp_and_odoo(state: ServerState) -> tuple[dict[str, Any], dict[str, Any]]:
    """MCP: does it answer (tool list, then a cheap read tool)? Odoo: does that read
    succeed? Cached for `health_cache_seconds`."""
    cached = state.health_cache
    now = time.monotonic()
    if cached is not None and now - cached[0] < state.tuning.health_cache_seconds:
        return cached[1]
    result = await _probe(state)
    metrics.set_dependency_up("mcp", result[0]["state"] == "ok")
    metrics.set_dependency_up("odoo", result[1]["state"] == "ok")
    state.health_cache = (now, result)
    return result


async def _probe(state: ServerState) -> tuple[dict[str, Any], dict[str, Any]]:
    """With several tenants, each tenant's MCP server and Odoo: "degraded" when some are
    down (the others' people can still work), "down" when all are."""
    runners = state.access.tools if state.access is not None else {}
    if len(runners) < 2:
        return await _probe_one(state, state.shared.tools)
    found = await asyncio.gather(*(_probe_one(state, runner) for runner in runners.values()))
    return (
        _per_tenant(dict(zip(runners, (mcp for mcp, _ in found), strict=True))),
        _per_tenant(dict(zip(runners, (odoo for _, odoo in found), strict=True))),
    )


def _per_tenant(checks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    down = sorted(name for name, check in checks.items() if check["state"] != "ok")
    state = "ok" if not down else ("down" if len(down) == len(checks) else "degraded")
    tenants = {name: check["state"] for name, check in checks.items()}
    summary: dict[str, Any] = {"state": state, "tenants": tenants}
    if down:
        summary["detail"] = "not answering for " + ", ".join(down)
    return summary


async def _probe_one(
    state: ServerState, tools: ToolRunner
) -> tuple[dict[str, Any], dict[str, Any]]:
    timeout = state.tuning.health_probe_timeout
    unknown = {"state": "unknown", "detail": "MCP is down"}
    try:
        listed = await asyncio.wait_for(tools.list_tools(), timeout)
    except ProviderError as exc:
        return {"state": "down", "detail": exc.message}, unknown
    except TimeoutError:
        return {"state": "down", "detail": "no answer in time"}, unknown
    mcp: dict[str, Any] = {"state": "ok", "detail": f"{len(listed)} tools"}
    if "user_context" not in {t.name for t in listed}:
        return mcp, {"state": "unknown", "detail": "no probe tool"}
    started = time.perf_counter()
    try:
        answer = await asyncio.wait_for(tools.call("user_context", {}), timeout)
    except ProviderError as exc:  # the tool list was cached: the MCP server is gone now
        return {"state": "down", "detail": exc.message}, unknown
    except TimeoutError:
        return mcp, {"state": "down", "detail": "no answer in time"}
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    if answer.is_error:
        return mcp, {"state": "down", "detail": "Odoo is not reachable", "latency_ms": latency_ms}
    return mcp, {"state": "ok", "latency_ms": latency_ms}


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    app.router.add_get("/health", health)
    app.router.add_get("/api/config", api_config)
    app.router.add_get("/vendor/{name}", vendor)
    if WEB_DIR.is_dir():
        app.router.add_static("/", WEB_DIR, follow_symlinks=False, append_version=False)
