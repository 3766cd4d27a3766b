"""ElevenLabs speech-to-text, Scribe (`STT=elevenlabs`).

- Batch (`transcribe`): `POST /v1/speech-to-text`, multipart `model_id`, `language_code`,
  `file`; raw 16 kHz PCM16 goes as `file_format=pcm_s16le_16`, other rates as a WAV file.
  Answer: `{"text", "language_code", "words": [...]}`.
- Realtime (`stream`): WebSocket `/v1/speech-to-text/realtime?model_id=scribe_v2_realtime
  &audio_format=pcm_16000&commit_strategy=manual&language_code=es` with header
  `xi-api-key`. Client messages `{"message_type": "input_audio_chunk", "audio_base_64",
  "commit", "sample_rate"}`; a commit is an empty chunk with `commit: true` (as the
  official SDKs send it). Server messages carry `message_type`: `session_started`,
  `partial_transcript` (`text`), `committed_transcript` (`final_transcript` in older
  schema versions; both are accepted), and errors (`auth_error`, `quota_exceeded`,
  `rate_limited`, ... with an `error` text).
"""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.pcm import wav_bytes
from daniel.server_avatar.services.base import (
    Lang,
    PartialCallback,
    ProviderError,
    SpeechToText,
    SttStream,
    Transcript,
)
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.elevenlabs.errors import (
    SERVICE,
    http_error,
    network_error,
    read_body,
    scrub,
)

log = logging.getLogger(__name__)

FINAL_TYPES = frozenset({"committed_transcript", "final_transcript"})
RETRYABLE_ERRORS = frozenset(
    {
        "rate_limited",
        "queue_overflow",
        "resource_exhausted",
        "transcriber_error",
        "commit_throttled",
    }
)


class ElevenLabsSTT(SpeechToText):
    """Scribe: `transcribe` for whole utterances, `stream` for partial transcripts."""

    name = "elevenlabs"

    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        base_url: str = "https://api.elevenlabs.io",
        model_id: str = "scribe_v2",
        realtime_model_id: str = "scribe_v2_realtime",
        timeout: float = 15.0,
    ) -> None:
        self._http = http
        self._key = api_key
        self._base_url = base_url.rstrip("/")
        self._model_id = model_id
        self._realtime_model_id = realtime_model_id
        self._timeout = timeout

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        if not pcm16:
            return Transcript("")
        form = aiohttp.FormData()
        form.add_field("model_id", self._model_id)
        form.add_field("language_code", lang)
        if sample_rate == 16000:
            form.add_field("file_format", "pcm_s16le_16")
            form.add_field("file", pcm16, filename="audio.pcm", content_type="audio/pcm")
        else:
            form.add_field(
                "file",
                wav_bytes(pcm16, sample_rate),
                filename="audio.wav",
                content_type="audio/wav",
            )
        try:
            async with (
                vendor_circuit("elevenlabs", self._base_url),
                observe_call("elevenlabs", "stt.batch"),
                self._http.post(
                    f"{self._base_url}/v1/speech-to-text",
                    data=form,
                    headers={"xi-api-key": self._key},
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response,
            ):
                body = await read_body(response)
                if response.status != 200:
                    raise http_error(
                        response.status,
                        body,
                        resource="transcription_model",
                        secrets=(self._key,),
                    )
        except ProviderError:
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise network_error(exc) from None
        text = body.get("text") if isinstance(body, dict) else None
        return Transcript(str(text or "").strip())

    def stream(
        self, *, sample_rate: int, lang: Lang, on_partial: PartialCallback | None = None
    ) -> SttStream:
        return RealtimeStream(
            self, sample_rate=sample_rate, lang=lang, on_partial=on_partial, wait=self._timeout
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a message (for scrubbing vendor text)."""
        return (self._key,)

    # --- used by RealtimeStream -----------------------------------------------------------
    async def connect_realtime(
        self, sample_rate: int, lang: Lang
    ) -> aiohttp.ClientWebSocketResponse:
        """The realtime transcription socket (used by `RealtimeStream`)."""
        url = self._base_url.replace("https://", "wss://").replace("http://", "ws://")
        params = {
            "model_id": self._realtime_model_id,
            "audio_format": f"pcm_{sample_rate}",
            "commit_strategy": "manual",
            "language_code": lang,
        }
        try:
            async with observe_call("elevenlabs", "stt.realtime"):
                return await self._http.ws_connect(
                    f"{url}/v1/speech-to-text/realtime",
                    params=params,
                    headers={"xi-api-key": self._key},
                    timeout=aiohttp.ClientWSTimeout(ws_close=self._timeout),
                    autoping=True,
                )
        except aiohttp.WSServerHandshakeError as exc:
            raise http_error(exc.status or 0, None, resource="realtime_model") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise network_error(exc) from None


class RealtimeStream(SttStream):
    """One utterance over the realtime WebSocket; connects on the first audio."""

    def __init__(
        self,
        stt: ElevenLabsSTT,
        *,
        sample_rate: int,
        lang: Lang,
        on_partial: PartialCallback | None,
        wait: float,
    ) -> None:
        self._stt = stt
        self._wait = wait
        self._rate = sample_rate
        self._lang = lang
        self._on_partial = on_partial
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._final: asyncio.Future[str] | None = None
        self._fed = False

    async def feed(self, pcm16: bytes) -> None:
        if not pcm16:
            return
        ws = await self._socket()
        await self._send(ws, base64.b64encode(pcm16).decode("ascii"), commit=False)
        self._fed = True

    async def finish(self) -> Transcript:
        if not self._fed or self._ws is None or self._final is None:
            await self.cancel()
            return Transcript("")
        try:
            await self._send(self._ws, "", commit=True)
            text = await asyncio.wait_for(asyncio.shield(self._final), self._wait)
        except TimeoutError:
            raise network_error(TimeoutError()) from None
        finally:
            await self.cancel()
        return Transcript(text.strip())

    async def cancel(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        self._ws = None

    async def _socket(self) -> aiohttp.ClientWebSocketResponse:
        if self._ws is None:
            self._ws = await self._stt.connect_realtime(self._rate, self._lang)
            self._final = asyncio.get_running_loop().create_future()
            self._reader = asyncio.create_task(self._read(self._ws, self._final))
        if self._final is not None and self._final.done():
            error = self._final.exception()
            if error is not None:
                raise error
        return self._ws

    async def _send(self, ws: aiohttp.ClientWebSocketResponse, audio: str, *, commit: bool) -> None:
        message = {
            "message_type": "input_audio_chunk",
            "audio_base_64": audio,
            "commit": commit,
            "sample_rate": self._rate,
        }
        try:
            await ws.send_json(message)
        except (aiohttp.ClientError, ConnectionError) as exc:
            raise network_error(exc) from None

    async def _read(self, ws: aiohttp.ClientWebSocketResponse, final: asyncio.Future[str]) -> None:
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = msg.json()
                kind = str(data.get("message_type") or data.get("type") or "")
                if kind == "partial_transcript" and self._on_partial is not None:
                    await self._on_partial(str(data.get("text") or ""))
                elif kind in FINAL_TYPES and not final.done():
                    final.set_result(str(data.get("text") or ""))
                elif _is_error(kind) and not final.done():
                    final.set_exception(self._error(kind, data))
            if not final.done():
                final.set_exception(ProviderError(SERVICE, kind="closed_early"))
        except (ValueError, aiohttp.ClientError) as exc:
            if not final.done():
                final.set_exception(network_error(exc))

    def _error(self, kind: str, data: dict[str, Any]) -> ProviderError:
        detail = scrub(str(data.get("error") or ""), self._stt.secrets)
        if kind == "auth_error":
            return http_error(401, None)
        if kind == "quota_exceeded":
            return http_error(402, None)
        if kind == "rate_limited":
            return http_error(429, None)
        return ProviderError(
            SERVICE,
            kind="transcription_failed",
            retryable=kind in RETRYABLE_ERRORS,
            values={"code": kind, "detail": detail},
        )


def _is_error(kind: str) -> bool:
    return (
        kind.endswith(("error", "exceeded"))
        or kind in RETRYABLE_ERRORS
        or kind == "unaccepted_terms"
    )
