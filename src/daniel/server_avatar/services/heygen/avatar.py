"""`AVATAR=heygen`: HeyGen's Streaming (Interactive) Avatar says the brain's answer.

    start(lang)   streaming.create_token → streaming.new (version v2, avatar, voice,
                  quality, language, activity_idle_timeout) → streaming.start;
                  returns the LiveKit URL and token the browser joins
    speak(text)   streaming.task with task_type "repeat": the avatar says exactly the
                  brain's sentence (HeyGen's own model never answers)
    interrupt()   streaming.interrupt        keep_alive()  streaming.keep_alive
    close()       streaming.stop — always, also after errors; idempotent

Every created session is registered in `sessions.open_sessions` until it is stopped, so
the server's shutdown can stop leftovers (`stop_all_remote_sessions`).
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import AvatarSession, Lang
from daniel.server_avatar.services.heygen.api import HeyGenClient
from daniel.server_avatar.services.remote_avatar import RemoteAvatar
from daniel.server_avatar.services.remote_sessions import OpenSessions, open_sessions

log = logging.getLogger(__name__)


class HeyGenAvatar(RemoteAvatar):
    """One HeyGen streaming session per conversation."""

    name = "heygen"

    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        avatar_id: str,
        voice_id: str | None = None,
        quality: str = "medium",
        base_url: str = "https://api.heygen.com",
        activity_idle_timeout: int = 120,
        timeout: float = 10.0,
        voice_rate: float | None = None,
        voice_emotion: str | None = None,
        video_encoding: str = "H264",
        registry: OpenSessions = open_sessions,
    ) -> None:
        if not 30 <= activity_idle_timeout <= 3600:
            raise ValueError("activity_idle_timeout must be between 30 and 3600 seconds")
        super().__init__(registry)
        self._client = HeyGenClient(http=http, api_key=api_key, base_url=base_url, timeout=timeout)
        self._avatar_id = avatar_id
        self._voice_id = voice_id
        self._quality = quality
        self._idle = activity_idle_timeout
        self._rate = voice_rate
        self._emotion = voice_emotion
        self._encoding = video_encoding
        self._token = ""

    async def start(self, lang: Lang) -> AvatarSession:
        await self.close()
        self._token = await self._client.create_token()
        data = await self._client.new_session(self._new_body(lang), token=self._token)
        session_id = str(data["session_id"])
        self._opened(session_id, self._client.stop)
        try:
            await self._client.start(session_id, token=self._token)
        except BaseException:
            await self.close()
            raise
        log.info("HeyGen session %s started", session_id)
        return AvatarSession(
            provider=self.name, livekit_url=str(data["url"]), token=str(data["access_token"])
        )

    async def speak(self, text: str) -> None:
        if not text.strip():
            return
        session_id = self._require_session()
        await self._client.task(session_id, text.strip(), token=self._token)

    async def interrupt(self) -> None:
        if self.session_id is not None:
            await self._client.interrupt(self.session_id, token=self._token)

    async def keep_alive(self) -> None:
        if self.session_id is not None:
            await self._client.keep_alive(self.session_id, token=self._token)

    async def close(self) -> None:
        await self._stop_session(self._client.stop)

    def _new_body(self, lang: Lang) -> dict[str, Any]:
        voice: dict[str, Any] = {}
        if self._voice_id:
            voice["voice_id"] = self._voice_id
        if self._rate is not None:
            voice["rate"] = self._rate
        if self._emotion:
            voice["emotion"] = self._emotion
        body: dict[str, Any] = {
            # The API reference names it avatar_id, the official SDK sends avatar_name.
            "avatar_id": self._avatar_id,
            "avatar_name": self._avatar_id,
            "quality": self._quality,
            "version": "v2",
            "video_encoding": self._encoding,
            "language": lang,
            "activity_idle_timeout": self._idle,
        }
        if voice:
            body["voice"] = voice
        return body
