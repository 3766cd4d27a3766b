"""A thin client of the LiveAvatar REST API (`https://api.liveavatar.com/v1`).

POST /sessions/token  X-API-KEY → {session_id, session_token}
POST /sessions/start  Authorization: Bearer <session_token> → {livekit_url,
                      livekit_client_token, livekit_agent_token, ws_url, ...}
POST /sessions/stop   X-API-KEY + {session_id, reason} (works after the token expired)

Refusals become `ProviderError(service="liveavatar")` by status (`services.errors`),
except that 403 means the key is wrong too (HeyGen keys are not valid here). Bodies are
`{"code": N, "data": ..., "message": ...}`, or FastAPI's `{"detail": ...}` for
validation errors.
"""

from __future__ import annotations

from typing import Any

from daniel.metrics import Service
from daniel.server_avatar.services.errors import ProviderError, http_error
from daniel.server_avatar.services.remote_avatar import AvatarApiClient

SERVICE = "liveavatar"


class LiveAvatarClient(AvatarApiClient):
    service: Service = "liveavatar"

    def __init__(self, *, base_url: str = "https://api.liveavatar.com/v1", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)

    async def create_token(self, body: dict[str, Any]) -> tuple[str, str]:
        """(session_id, session_token) for a session configured by `body`."""
        data = await self._post("sessions/token", body, {"X-API-KEY": self._key})
        session_id, token = data.get("session_id"), data.get("session_token")
        if not isinstance(session_id, str) or not isinstance(token, str):
            raise self.malformed()
        return session_id, token

    async def start(self, session_token: str) -> dict[str, Any]:
        data = await self._post("sessions/start", {}, {"Authorization": f"Bearer {session_token}"})
        if not all(isinstance(data.get(k), str) for k in ("livekit_url", "livekit_client_token")):
            raise self.malformed()
        return data

    async def stop(self, session_id: str, *, reason: str = "USER_CLOSED") -> None:
        await self._post(
            "sessions/stop", {"session_id": session_id, "reason": reason}, {"X-API-KEY": self._key}
        )

    async def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        payload = await self._request(
            "POST", f"{self._base_url}/{path}", body, headers, operation=path.replace("/", ".")
        )
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, dict) else {}

    def refusal(self, status: int, payload: Any) -> ProviderError | None:
        if status == 403:
            return http_error(SERVICE, status, kind="auth")
        return super().refusal(status, payload)
