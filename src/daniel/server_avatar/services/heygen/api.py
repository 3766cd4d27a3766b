"""A thin client of HeyGen's Streaming Avatar API (v2, LiveKit).

Base `https://api.heygen.com`, JSON POST bodies, answers `{"code": 100, "data": {...},
"message": "success"}`. Server-side calls authenticate with `x-api-key`;
`streaming.create_token` gives a session token that the official SDK then sends as
`Authorization: Bearer <token>` — this client does the same for the session calls and
uses the API key for `stop`/`list`, so a session can always be stopped.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.services.base import Lang, ProviderError
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.heygen.errors import (
    SERVICE,
    error_fields,
    http_error,
    network_error,
    say,
)

log = logging.getLogger(__name__)


class HeyGenClient:
    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        base_url: str = "https://api.heygen.com",
        timeout: float = 10.0,
    ) -> None:
        self._http = http
        self._key = api_key
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    async def create_token(self, lang: Lang) -> str:
        data = await self._call("POST", "streaming.create_token", {}, lang=lang)
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise self._malformed(lang)
        return token

    async def new_session(self, body: dict[str, Any], *, lang: Lang, token: str) -> dict[str, Any]:
        data = await self._call("POST", "streaming.new", body, lang=lang, token=token)
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) and data.get(k)
            for k in ("session_id", "url", "access_token")
        ):
            raise self._malformed(lang)
        return data

    async def start(self, session_id: str, *, lang: Lang, token: str) -> None:
        await self._call(
            "POST", "streaming.start", {"session_id": session_id}, lang=lang, token=token
        )

    async def task(
        self, session_id: str, text: str, *, lang: Lang, token: str, task_type: str = "repeat"
    ) -> dict[str, Any]:
        body = {
            "session_id": session_id,
            "text": text,
            "task_type": task_type,
            "task_mode": "async",
        }
        data = await self._call("POST", "streaming.task", body, lang=lang, token=token)
        return data if isinstance(data, dict) else {}

    async def interrupt(self, session_id: str, *, lang: Lang, token: str) -> None:
        await self._call(
            "POST", "streaming.interrupt", {"session_id": session_id}, lang=lang, token=token
        )

    async def keep_alive(self, session_id: str, *, lang: Lang, token: str) -> None:
        await self._call(
            "POST", "streaming.keep_alive", {"session_id": session_id}, lang=lang, token=token
        )

    async def stop(self, session_id: str, *, lang: Lang) -> None:
        await self._call("POST", "streaming.stop", {"session_id": session_id}, lang=lang)

    async def list_sessions(self, *, lang: Lang) -> list[dict[str, Any]]:
        data = await self._call("GET", "streaming.list", None, lang=lang)
        sessions = data.get("sessions") if isinstance(data, dict) else None
        return [s for s in sessions or [] if isinstance(s, dict)]

    async def _call(
        self,
        method: str,
        endpoint: str,
        body: dict[str, Any] | None,
        *,
        lang: Lang,
        token: str | None = None,
    ) -> Any:
        headers = {"accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        else:
            headers["x-api-key"] = self._key
        try:
            async with (
                vendor_circuit("heygen", self._base_url, lang=lang),
                observe_call("heygen", endpoint),
            ):
                async with self._http.request(
                    method,
                    f"{self._base_url}/v1/{endpoint}",
                    json=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response:
                    try:
                        payload = await response.json(content_type=None)
                    except ValueError:
                        payload = None
                    status = response.status
                code, _ = error_fields(payload)
                if status != 200 or (
                    code is not None and code not in (100, 0, 200) and not _has_data(payload)
                ):
                    log.warning("HeyGen %s refused: HTTP %s code %s", endpoint, status, code)
                    raise http_error(
                        status if status != 200 else 400, payload, lang=lang, secrets=(self._key,)
                    )
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("HeyGen %s failed: %s", endpoint, type(exc).__name__)
            raise network_error(exc, lang=lang) from None
        return payload.get("data") if isinstance(payload, dict) else None

    @staticmethod
    def _malformed(lang: Lang) -> ProviderError:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "HeyGen devolvió una respuesta inesperada; inténtalo de nuevo.",
                "HeyGen sent an unexpected answer; try again.",
            ),
            retryable=True,
        )


def _has_data(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("data") is not None
