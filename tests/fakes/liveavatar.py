"""A fake LiveAvatar API (HeyGen's successor), LITE mode controlled over `ws_url`.

    POST /v1/sessions/token  header X-API-KEY, {mode, avatar_id, video_settings,
                             is_sandbox, max_session_duration} → session_id, session_token
    POST /v1/sessions/start  header Authorization: Bearer <session_token> → livekit_url,
                             livekit_client_token, livekit_agent_token, ws_url,
                             max_session_duration
    POST /v1/sessions/stop   X-API-KEY + {session_id, reason}, or the Bearer session token
    WS   ws_url              server: session.state_updated (connecting → connected),
                             agent.speak_started / agent.speak_ended {event_id, task};
                             client: agent.speak {audio: base64 PCM16 24 kHz},
                             agent.speak_end {event_id}, agent.interrupt,
                             agent.start_listening, agent.stop_listening,
                             session.keep_alive {event_id}

Bodies are `{"code": 100, "data": ..., "message": ...}`. Stopping a session closes its
WebSocket after a `session.state_updated: closed`.
"""

from __future__ import annotations

import base64
import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from fakes.server import FakeServer, json_body


@dataclass
class LiveAvatarSession:
    session_id: str
    token: str
    request: dict[str, Any]
    state: str = "created"
    messages: list[dict[str, Any]] = field(default_factory=list)
    spoken: list[bytes] = field(default_factory=list)
    audio: bytearray = field(default_factory=bytearray)
    ws: web.WebSocketResponse | None = None
    stop_reason: str = ""

    def kinds(self) -> list[str]:
        return [str(m.get("type")) for m in self.messages]


class FakeLiveAvatar(FakeServer):
    vendor = "liveavatar"

    def __init__(
        self, *, api_key: str = "liveavatar-test-key-0000", avatars: set[str] | None = None
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self.avatars = avatars or {"11111111-2222-3333-4444-555555555555"}
        self.sessions: dict[str, LiveAvatarSession] = {}
        self.drop_socket_on_speak = False
        self._ids = itertools.count(1)
        self.route("POST", "/v1/sessions/token", "sessions.token", self._token)
        self.route("POST", "/v1/sessions/start", "sessions.start", self._start)
        self.route("POST", "/v1/sessions/stop", "sessions.stop", self._stop)
        self.route("GET", "/v1/sessions/{session_id}/ws", "sessions.ws", self._ws)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def error_body(self, status: int) -> dict[str, Any]:
        return {"code": status, "data": None, "message": f"injected failure {status}"}

    def open_sessions(self) -> list[LiveAvatarSession]:
        return [s for s in self.sessions.values() if s.state in ("created", "started")]

    async def on_close(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None:
                await session.ws.close()

    @staticmethod
    def _ok(data: Any) -> web.Response:
        return web.json_response({"code": 100, "data": data, "message": "success"})

    @staticmethod
    def _error(status: int, message: str) -> web.Response:
        return web.json_response({"code": status, "data": None, "message": message}, status=status)

    def _by_token(self, request: web.Request) -> LiveAvatarSession | None:
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        return next((s for s in self.sessions.values() if s.token == token), None)

    async def _token(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("X-API-KEY") != self.api_key:
            return self._error(401, "Invalid API key")
        body = await json_body(request)
        if body.get("mode") not in ("FULL", "LITE", "CUSTOM"):
            return self._error(422, "mode must be FULL, LITE or CUSTOM")
        if body.get("avatar_id") not in self.avatars:
            return self._error(404, "Avatar not found")
        session_id = f"la_session_{next(self._ids)}"
        token = secrets.token_urlsafe(24)
        self.sessions[session_id] = LiveAvatarSession(session_id, token, body)
        return self._ok({"session_id": session_id, "session_token": token})

    async def _start(self, request: web.Request) -> web.StreamResponse:
        session = self._by_token(request)
        if session is None:
            return self._error(401, "Invalid session token")
        if session.state != "created":
            return self._error(400, "Session already started or stopped")
        session.state = "started"
        return self._ok(
            {
                "session_id": session.session_id,
                "livekit_url": "wss://livekit.fake-liveavatar.test",
                "livekit_client_token": f"lk-client-{session.session_id}",
                "livekit_agent_token": f"lk-agent-{session.session_id}",
                "max_session_duration": 600,
                "ws_url": f"{self.ws_url}/v1/sessions/{session.session_id}/ws"
                f"?token={session.token}",
            }
        )

    async def _stop(self, request: web.Request) -> web.StreamResponse:
        body = await json_body(request)
        session = self._by_token(request)
        if session is None and request.headers.get("X-API-KEY") == self.api_key:
            session = self.sessions.get(str(body.get("session_id")))
        elif session is None:
            return self._error(401, "Invalid API key")
        if session is None:
            return self._error(404, "Session not found")
        session.state = "stopped"
        session.stop_reason = str(body.get("reason") or "")
        if session.ws is not None and not session.ws.closed:
            await session.ws.send_json(
                {"type": "session.state_updated", "state": "closed", "event_id": "state_closed"}
            )
            await session.ws.close()
        return self._ok(None)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        session = self.sessions.get(request.match_info["session_id"])
        if session is None or request.query.get("token") != session.token:
            raise web.HTTPUnauthorized()
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        session.ws = ws
        for state in ("connecting", "connected"):
            await ws.send_json({"type": "session.state_updated", "state": state})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = msg.json()
            session.messages.append(data)
            kind = data.get("type")
            if kind == "agent.speak":
                session.audio.extend(base64.b64decode(data.get("audio") or ""))
                if self.drop_socket_on_speak and request.transport is not None:
                    request.transport.abort()
                    break
            elif kind == "agent.speak_end":
                session.spoken.append(bytes(session.audio))
                session.audio.clear()
                task = {"id": f"task_{next(self._ids)}"}
                for event in ("agent.speak_started", "agent.speak_ended"):
                    await ws.send_json(
                        {"type": event, "event_id": data.get("event_id"), "task": task}
                    )
        return ws
