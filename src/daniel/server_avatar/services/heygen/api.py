"""A thin client of HeyGen's Streaming Avatar API (v2, LiveKit).

Base `https://api.heygen.com`, JSON POST bodies, answers `{"code": 100, "data": {...},
"message": "success"}`. Server-side calls authenticate with `x-api-key`;
`streaming.create_token` gives a session token that the official SDK then sends as
`Authorization: Bearer <token>` — this client does the same for the session calls and
uses the API key for `stop`/`list`, so a session can always be stopped.

How HeyGen refusals become `ProviderError(service="heygen", kind=...)`:

    auth            401 / code 40009, 400112, 401056, 401057: the API key is wrong
    not_found       code 10013: the avatar does not exist (HEYGEN_AVATAR_ID)
    session_ended   code 400006: the session is not in the right state (not started,
                    already stopped, or closed by the idle timeout)
    concurrency     too many sessions open (no documented code: detected by its
                    message; trial keys allow about 3)
    plan            code 400599: the plan does not include the feature
    rate_limited, server, refused   by status (`services.errors`)

Errors are HTTP 4xx with `{"code": N, "message": ...}` (the newer API wraps them as
`{"error": {"code", "message"}}`; both are read); a 200 with a failure code counts as 400.
"""

from __future__ import annotations

from typing import Any

from daniel.metrics import Service
from daniel.server_avatar.services.errors import Kind, ProviderError, http_error, status_kind
from daniel.server_avatar.services.remote_avatar import AvatarApiClient, vendor_message

SERVICE = "heygen"
INVALID_KEY_CODES = {40009, 400112, 401057, 401056}
AVATAR_NOT_FOUND = 10013
WRONG_STATE = 400006
PLAN_LACKS_FEATURE = 400599


class HeyGenClient(AvatarApiClient):
    service: Service = "heygen"

    def __init__(self, *, base_url: str = "https://api.heygen.com", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)

    async def create_token(self) -> str:
        data = await self._call("POST", "streaming.create_token", {})
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise self.malformed()
        return token

    async def new_session(self, body: dict[str, Any], *, token: str) -> dict[str, Any]:
        data = await self._call("POST", "streaming.new", body, token=token)
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) and data.get(k)
            for k in ("session_id", "url", "access_token")
        ):
            raise self.malformed()
        return data

    async def start(self, session_id: str, *, token: str) -> None:
        await self._call("POST", "streaming.start", {"session_id": session_id}, token=token)

    async def task(
        self, session_id: str, text: str, *, token: str, task_type: str = "repeat"
    ) -> dict[str, Any]:
        body = {
            "session_id": session_id,
            "text": text,
            "task_type": task_type,
            "task_mode": "async",
        }
        data = await self._call("POST", "streaming.task", body, token=token)
        return data if isinstance(data, dict) else {}

    async def interrupt(self, session_id: str, *, token: str) -> None:
        await self._call("POST", "streaming.interrupt", {"session_id": session_id}, token=token)

    async def keep_alive(self, session_id: str, *, token: str) -> None:
        await self._call("POST", "streaming.keep_alive", {"session_id": session_id}, token=token)

    async def stop(self, session_id: str) -> None:
        await self._call("POST", "streaming.stop", {"session_id": session_id})

    async def list_sessions(self) -> list[dict[str, Any]]:
        data = await self._call("GET", "streaming.list", None)
        sessions = data.get("sessions") if isinstance(data, dict) else None
        return [s for s in sessions or [] if isinstance(s, dict)]

    async def _call(
        self, method: str, endpoint: str, body: dict[str, Any] | None, *, token: str | None = None
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {"x-api-key": self._key}
        payload = await self._request(
            method, f"{self._base_url}/v1/{endpoint}", body, headers, operation=endpoint
        )
        return payload.get("data") if isinstance(payload, dict) else None

    def refusal(self, status: int, payload: Any) -> ProviderError | None:
        code = error_code(payload)
        if status == 200 and (code is None or code in (100, 0, 200) or _has_data(payload)):
            return None
        status = status if status != 200 else 400
        vendor = vendor_message(payload)
        kind: Kind
        if status == 401 or code in INVALID_KEY_CODES:
            kind = "auth"
        elif code == AVATAR_NOT_FOUND:
            kind = "not_found"
        elif code == WRONG_STATE:
            kind = "session_ended"
        elif is_concurrency_limit(vendor):
            kind = "concurrency"
        elif code == PLAN_LACKS_FEATURE and status < 500:
            kind = "plan"
        else:
            kind = status_kind(status)
        return http_error(SERVICE, status, kind=kind, detail=self.scrub(vendor), code=code)


def error_code(body: Any) -> int | None:
    """The `code` of a HeyGen answer (top level or inside `error`)."""
    if not isinstance(body, dict):
        return None
    inner = body.get("error")
    code = (inner if isinstance(inner, dict) else body).get("code")
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None


def is_concurrency_limit(message: str) -> bool:
    lowered = message.lower()
    return "concurren" in lowered or "too many sessions" in lowered


def _has_data(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("data") is not None
