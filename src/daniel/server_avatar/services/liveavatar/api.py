"""A thin client of the LiveAvatar REST API (`https://api.liveavatar.com/v1`).

POST /sessions/token  X-API-KEY → {session_id, session_token}
POST /sessions/start  Authorization: Bearer <session_token> → {livekit_url,
                      livekit_client_token, livekit_agent_token, ws_url, ...}
POST /sessions/stop   X-API-KEY + {session_id, reason} (works after the token expired)
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.services.base import Lang, ProviderError
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.liveavatar.errors import (
    SERVICE,
    http_error,
    network_error,
    say,
)

log = logging.getLogger(__name__)


class LiveAvatarClient:
    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        base_url: str = "https://api.liveavatar.com/v1",
        timeout: float = 10.0,
    ) -> None:
        self._http = http
        self._key = api_key
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    async def create_token(self, body: dict[str, Any], *, lang: Lang) -> tuple[str, str]:
        """(session_id, session_token) for a session configured by `body`."""
        data = await self._post("sessions/token", body, {"X-API-KEY": self._key}, lang=lang)
        session_id, token = data.get("session_id"), data.get("session_token")
        if not isinstance(session_id, str) or not isinstance(token, str):
            raise self._malformed(lang)
        return session_id, token

    async def start(self, session_token: str, *, lang: Lang) -> dict[str, Any]:
        data = await self._post(
            "sessions/start", {}, {"Authorization": f"Bearer {session_token}"}, lang=lang
        )
        if not all(isinstance(data.get(k), str) for k in ("livekit_url", "livekit_client_token")):
            raise self._malformed(lang)
        return data

    async def stop(self, session_id: str, *, lang: Lang, reason: str = "USER_CLOSED") -> None:
        await self._post(
            "sessions/stop",
            {"session_id": session_id, "reason": reason},
            {"X-API-KEY": self._key},
            lang=lang,
        )

    async def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str], *, lang: Lang
    ) -> dict[str, Any]:
        try:
            async with (
                vendor_circuit("liveavatar", self._base_url, lang=lang),
                observe_call("liveavatar", path.replace("/", ".")),
            ):
                async with self._http.post(
                    f"{self._base_url}/{path}",
                    json=body,
                    headers={"accept": "application/json", **headers},
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response:
                    try:
                        payload = await response.json(content_type=None)
                    except ValueError:
                        payload = None
                    status = response.status
                if status != 200:
                    log.warning("LiveAvatar %s refused: HTTP %s", path, status)
                    raise http_error(status, payload, lang=lang, secrets=(self._key,))
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("LiveAvatar %s failed: %s", path, type(exc).__name__)
            raise network_error(exc, lang=lang) from None
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _malformed(lang: Lang) -> ProviderError:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "LiveAvatar devolvió una respuesta inesperada; inténtalo de nuevo.",
                "LiveAvatar sent an unexpected answer; try again.",
            ),
            retryable=True,
        )
