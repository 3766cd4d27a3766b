"""A fake HeyGen Streaming (Interactive) Avatar API, v2 over LiveKit.

Endpoints (JSON POST unless noted; auth `x-api-key: <key>` or `Authorization: Bearer
<token from streaming.create_token>`; answers `{"code": 100, "data": {...},
"message": "success"}`, errors HTTP 4xx `{"code": N, "message": ...}`):

    streaming.create_token  → data.token
    streaming.new           {avatar_id | avatar_name, quality, voice, version, language,
                             activity_idle_timeout (30–3600)} → session_id, url,
                             access_token, session_duration_limit, realtime_endpoint
    streaming.start         {session_id}: new → connected
    streaming.task          {session_id, text, task_type, task_mode} → task_id, duration_ms
    streaming.interrupt / streaming.keep_alive / streaming.stop   {session_id}
    GET streaming.list      → data.sessions

Session states are enforced: a task, interrupt or keep-alive on a session that is not
`connected` (not started yet, stopped, or closed by the idle timeout) is answered with
400 and code 400006 "Session is not in correct state". `max_sessions` open sessions
is the concurrency limit (the code of that error is not documented; the fake uses
10007 and a "Concurrent limit reached" message). `idle_scale` shrinks the idle timeout
so tests can watch a session expire.
"""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from fakes.server import FakeServer, json_body

STATE_ERROR = {"code": 400006, "message": "Session is not in correct state"}


@dataclass
class HeyGenSession:
    session_id: str
    avatar: str
    request: dict[str, Any]
    state: str = "new"
    idle_timeout: float = 120.0
    last_activity: float = field(default_factory=time.monotonic)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    interrupts: int = 0
    keep_alives: int = 0
    closed_reason: str = ""


class FakeHeyGen(FakeServer):
    vendor = "heygen"

    def __init__(
        self,
        *,
        api_key: str = "heygen-test-key-0000",
        avatars: set[str] | None = None,
        max_sessions: int = 3,
        idle_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self.avatars = avatars or {"Daniel_public"}
        self.max_sessions = max_sessions
        self.idle_scale = idle_scale
        self.sessions: dict[str, HeyGenSession] = {}
        self.tokens: set[str] = set()
        self._ids = itertools.count(1)
        for name, handler in (
            ("streaming.create_token", self._create_token),
            ("streaming.new", self._new),
            ("streaming.start", self._start),
            ("streaming.task", self._task),
            ("streaming.interrupt", self._interrupt),
            ("streaming.keep_alive", self._keep_alive),
            ("streaming.stop", self._stop),
        ):
            self.route("POST", f"/v1/{name}", name, handler)
        self.route("GET", "/v1/streaming.list", "streaming.list", self._list)

    def error_body(self, status: int) -> dict[str, Any]:
        if status == 401:
            return {"code": 40009, "message": "Invalid credentials provided"}
        if status == 429:
            return {"code": 429, "message": "Too many requests"}
        return {"code": status, "message": "Internal server error"}

    # --- views for tests ------------------------------------------------------------------
    def open_sessions(self) -> list[HeyGenSession]:
        self._expire()
        return [s for s in self.sessions.values() if s.state != "closed"]

    def spoken(self) -> list[str]:
        """Texts of every task, in order."""
        return [t["text"] for s in self.sessions.values() for t in s.tasks]

    # --- helpers --------------------------------------------------------------------------
    def _authorized(self, request: web.Request, *, api_key_only: bool = False) -> bool:
        if request.headers.get("x-api-key") == self.api_key:
            return True
        auth = request.headers.get("Authorization", "")
        return not api_key_only and auth.startswith("Bearer ") and auth[7:] in self.tokens

    def _expire(self) -> None:
        now = time.monotonic()
        for session in self.sessions.values():
            if session.state != "closed" and now - session.last_activity > session.idle_timeout:
                session.state = "closed"
                session.closed_reason = "idle_timeout"

    @staticmethod
    def _ok(data: Any) -> web.Response:
        return web.json_response({"code": 100, "data": data, "message": "success"})

    @staticmethod
    def _error(status: int, code: int, message: str) -> web.Response:
        return web.json_response({"code": code, "message": message}, status=status)

    async def _session(self, request: web.Request) -> tuple[HeyGenSession | None, dict[str, Any]]:
        self._expire()
        body = await json_body(request)
        return self.sessions.get(str(body.get("session_id"))), body

    def _denied(self) -> web.Response:
        return self._error(401, 40009, "Invalid credentials provided")

    # --- endpoints ------------------------------------------------------------------------
    async def _create_token(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request, api_key_only=True):
            return self._denied()
        token = secrets.token_urlsafe(24)
        self.tokens.add(token)
        return web.json_response({"error": None, "data": {"token": token}})

    async def _new(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        self._expire()
        body = await json_body(request)
        avatar = str(body.get("avatar_id") or body.get("avatar_name") or "")
        if not avatar:
            return self._error(400, 40001, "Missing required input parameters")
        if avatar not in self.avatars:
            return self._error(400, 10013, "Avatar not found")
        idle = float(body.get("activity_idle_timeout") or 120)
        if not 30 <= idle <= 3600:
            return self._error(400, 400175, "Invalid parameter")
        if len(self.open_sessions()) >= self.max_sessions:
            return self._error(400, 10007, "Concurrent limit reached")
        session_id = f"hg_session_{next(self._ids)}"
        self.sessions[session_id] = HeyGenSession(
            session_id=session_id,
            avatar=avatar,
            request=body,
            idle_timeout=idle * self.idle_scale,
        )
        return self._ok(
            {
                "session_id": session_id,
                "url": f"wss://livekit.fake-heygen.test/{session_id}",
                "access_token": f"lk-token-{session_id}",
                "session_duration_limit": 600,
                "is_paid": False,
                "realtime_endpoint": f"wss://realtime.fake-heygen.test/{session_id}",
            }
        )

    async def _start(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        session, _ = await self._session(request)
        if session is None or session.state != "new":
            return web.json_response(STATE_ERROR, status=400)
        session.state = "connected"
        session.last_activity = time.monotonic()
        return self._ok(None)

    async def _task(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        session, body = await self._session(request)
        if session is None or session.state != "connected":
            return web.json_response(STATE_ERROR, status=400)
        if not str(body.get("text") or "").strip():
            return self._error(400, 40001, "Missing required input parameters")
        session.tasks.append(body)
        session.last_activity = time.monotonic()
        task_id = f"task_{next(self._ids)}"
        return self._ok({"task_id": task_id, "duration_ms": 60 * len(str(body["text"]))})

    async def _interrupt(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        session, _ = await self._session(request)
        if session is None or session.state != "connected":
            return web.json_response(STATE_ERROR, status=400)
        session.interrupts += 1
        return self._ok(None)

    async def _keep_alive(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        session, _ = await self._session(request)
        if session is None or session.state != "connected":
            return web.json_response(STATE_ERROR, status=400)
        session.keep_alives += 1
        session.last_activity = time.monotonic()
        return self._ok(None)

    async def _stop(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        session, _ = await self._session(request)
        if session is None or session.state == "closed":
            return web.json_response(STATE_ERROR, status=400)
        session.state = "closed"
        session.closed_reason = "stopped"
        return web.json_response({"status": "success"})

    async def _list(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._denied()
        sessions = [
            {"session_id": s.session_id, "status": s.state, "created_at": 0}
            for s in self.open_sessions()
        ]
        return self._ok({"sessions": sessions})
