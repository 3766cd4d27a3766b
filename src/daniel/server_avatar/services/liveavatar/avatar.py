"""`AVATAR=liveavatar`: a LiveAvatar (HeyGen's successor) avatar in LITE mode.

In LiveAvatar's FULL mode the commands (`avatar.speak_text`, `avatar.interrupt`) travel
as LiveKit data messages on the `agent-control` topic, which only a participant of the
room can send — the server is not one. LITE mode gives the server a WebSocket (`ws_url`)
to drive the avatar with audio, which is what this provider uses:

    start(lang)   POST /sessions/token (mode LITE) → POST /sessions/start → connect to
                  ws_url, wait for `session.state_updated: connected`; the browser gets
                  the LiveKit URL and client token
    speak(text)   the sentence is synthesised by the session's text-to-speech, resampled
                  to 24 kHz PCM16 and sent as `agent.speak` packets (≤ 1 s each), then
                  `agent.speak_end`; the avatar lip-syncs to it
    interrupt()   `agent.interrupt`        keep_alive()  `session.keep_alive`
    close()       closes the socket and POST /sessions/stop — always; idempotent

`speak_audio` accepts ready-made speech (e.g. an ElevenLabs agent's own voice).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import logging
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import AvatarSession, Lang, TextToSpeech
from daniel.server_avatar.services.errors import ProviderError, network_error
from daniel.server_avatar.services.liveavatar import audio
from daniel.server_avatar.services.liveavatar.api import SERVICE, LiveAvatarClient
from daniel.server_avatar.services.remote_avatar import RemoteAvatar
from daniel.server_avatar.services.remote_sessions import OpenSessions, open_sessions

log = logging.getLogger(__name__)


class LiveAvatarAvatar(RemoteAvatar):
    """One LiveAvatar LITE session per conversation, spoken with our own TTS."""

    name = "liveavatar"

    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        avatar_id: str,
        tts: TextToSpeech,
        base_url: str = "https://api.liveavatar.com/v1",
        is_sandbox: bool = False,
        quality: str = "medium",
        encoding: str = "H264",
        max_session_duration: int | None = None,
        timeout: float = 10.0,
        registry: OpenSessions = open_sessions,
    ) -> None:
        super().__init__(registry)
        self._http = http
        self._client = LiveAvatarClient(
            http=http, api_key=api_key, base_url=base_url, timeout=timeout
        )
        self._avatar_id = avatar_id
        self._tts = tts
        self._sandbox = is_sandbox
        self._quality = quality
        self._encoding = encoding
        self._max_duration = max_session_duration
        self._timeout = timeout
        self._lang: Lang = "es"  # the language the avatar's voice speaks
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._ended = False
        self._ids = itertools.count(1)

    async def start(self, lang: Lang) -> AvatarSession:
        await self.close()
        self._lang = lang
        self._ended = False
        session_id, token = await self._client.create_token(self._token_body())
        self._opened(session_id, self._client.stop)
        try:
            started = await self._client.start(token)
            ws_url = started.get("ws_url")
            if not isinstance(ws_url, str) or not ws_url:
                raise ProviderError(SERVICE, kind="session_ended")
            self._ws = await self._connect(ws_url)
            self._reader = asyncio.create_task(self._read(self._ws))
        except BaseException:
            await self.close()
            raise
        log.info("LiveAvatar session %s started", session_id)
        return AvatarSession(
            provider=self.name,
            livekit_url=str(started["livekit_url"]),
            token=str(started["livekit_client_token"]),
        )

    async def speak(self, text: str) -> None:
        if not text.strip():
            return
        event_id = self._event_id()
        async for chunk in self._tts.synthesize(text.strip(), self._lang):
            await self.speak_audio(chunk.audio, chunk.sample_rate, event_id=event_id, end=False)
        await self._send({"type": "agent.speak_end", "event_id": event_id})

    async def speak_audio(
        self, pcm16: bytes, sample_rate: int, *, event_id: str | None = None, end: bool = True
    ) -> None:
        """Send speech (PCM16 mono at `sample_rate`); `end` closes the speaking event."""
        event_id = event_id or self._event_id()
        converted = await asyncio.to_thread(audio.resample, pcm16, sample_rate)
        for packet in audio.packets(converted):
            await self._send(
                {
                    "type": "agent.speak",
                    "audio": base64.b64encode(packet).decode("ascii"),
                    "event_id": event_id,
                }
            )
        if end:
            await self._send({"type": "agent.speak_end", "event_id": event_id})

    async def interrupt(self) -> None:
        if self._ws is not None:
            await self._send({"type": "agent.interrupt"})

    async def keep_alive(self) -> None:
        if self._ws is not None:
            await self._send({"type": "session.keep_alive", "event_id": self._event_id()})

    async def close(self) -> None:
        ws, self._ws = self._ws, None
        if self._reader is not None:
            self._reader.cancel()
            self._reader = None
        if ws is not None and not ws.closed:
            with contextlib.suppress(aiohttp.ClientError, ConnectionError):
                await ws.close()
        await self._stop_session(self._client.stop)

    # --- the LITE socket ----------------------------------------------------------------------
    async def _connect(self, ws_url: str) -> aiohttp.ClientWebSocketResponse:
        try:
            async with asyncio.timeout(self._timeout):
                ws = await self._http.ws_connect(ws_url)
                while True:
                    msg = await ws.receive()
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        raise ProviderError(SERVICE, kind="dropped")
                    data = msg.json()
                    if data.get("type") == "session.state_updated":
                        if data.get("state") == "connected":
                            return ws
                        if data.get("state") in ("closed", "closing"):
                            raise ProviderError(SERVICE, kind="session_ended")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise network_error(SERVICE, exc) from None

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = msg.json()
                kind = data.get("type")
                if kind == "session.state_updated" and data.get("state") in ("closed", "closing"):
                    self._ended = True
                elif kind in ("agent.speak_started", "agent.speak_ended"):
                    log.debug("LiveAvatar %s (%s)", kind, data.get("event_id"))
        except (aiohttp.ClientError, ValueError) as exc:
            log.warning("LiveAvatar socket failed: %s", type(exc).__name__)

    async def _send(self, message: dict[str, Any]) -> None:
        ws = self._ws
        if self._ended:
            raise ProviderError(SERVICE, kind="session_ended")
        if ws is None:
            raise ProviderError(SERVICE, kind="not_started")
        if ws.closed:
            raise ProviderError(SERVICE, kind="dropped")
        try:
            await ws.send_json(message)
        except (aiohttp.ClientError, ConnectionError):
            raise ProviderError(SERVICE, kind="dropped") from None

    def _token_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "mode": "LITE",
            "avatar_id": self._avatar_id,
            "is_sandbox": self._sandbox,
            "video_settings": {"quality": self._quality, "encoding": self._encoding},
        }
        if self._max_duration:
            body["max_session_duration"] = self._max_duration
        return body

    def _event_id(self) -> str:
        return f"daniel-{next(self._ids)}"
