"""ElevenLabs text-to-speech with character timings (`TTS=elevenlabs`).

`POST /v1/text-to-speech/{voice_id}/stream/with-timestamps?output_format=pcm_22050`
with header `xi-api-key` streams newline-delimited JSON objects
`{"audio_base64": ..., "alignment": {"characters", "character_start_times_seconds",
"character_end_times_seconds"}, "normalized_alignment": ...}`. Character times count
from the start of the whole utterance; each chunk's visemes and words are re-timed from
the start of that chunk's audio, which is what `SpeechChunk` promises.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.services.base import (
    Lang,
    ProviderError,
    SpeechChunk,
    TextToSpeech,
)
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.elevenlabs import alignment
from daniel.server_avatar.services.elevenlabs.errors import (
    SERVICE,
    http_error,
    network_error,
    read_body,
)

log = logging.getLogger(__name__)

MAX_LINE = 16 * 1024 * 1024
PCM_FORMATS = {"pcm_16000": 16000, "pcm_22050": 22050, "pcm_24000": 24000, "pcm_44100": 44100}


class ElevenLabsTTS(TextToSpeech):
    """Streams one sentence at a time; each received piece becomes a `SpeechChunk`."""

    name = "elevenlabs"

    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        voice_id: str,
        model_id: str = "eleven_flash_v2_5",
        base_url: str = "https://api.elevenlabs.io",
        output_format: str = "pcm_22050",
        timeout: float = 10.0,
        voice_settings: dict[str, Any] | None = None,
    ) -> None:
        if output_format not in PCM_FORMATS:
            raise ValueError(f"output_format must be one of {sorted(PCM_FORMATS)}")
        self._http = http
        self._key = api_key
        self._voice_id = voice_id
        self._model_id = model_id
        self._base_url = base_url.rstrip("/")
        self._format = output_format
        self._timeout = timeout
        self._voice_settings = voice_settings
        self.sample_rate = PCM_FORMATS[output_format]

    async def synthesize(self, text: str, lang: Lang) -> AsyncIterator[SpeechChunk]:
        if not text.strip():
            return
        url = f"{self._base_url}/v1/text-to-speech/{self._voice_id}/stream/with-timestamps"
        body: dict[str, Any] = {"text": text, "model_id": self._model_id, "language_code": lang}
        if self._voice_settings:
            body["voice_settings"] = self._voice_settings
        timeout = aiohttp.ClientTimeout(sock_connect=self._timeout, sock_read=self._timeout)
        offset_ms = 0.0
        try:
            async with (
                vendor_circuit("elevenlabs", self._base_url),
                observe_call("elevenlabs", "tts.stream"),
                self._http.post(
                    url,
                    params={"output_format": self._format},
                    json=body,
                    headers={"xi-api-key": self._key, "accept": "application/json"},
                    timeout=timeout,
                ) as response,
            ):
                if response.status != 200:
                    raise http_error(
                        response.status,
                        await read_body(response),
                        resource="voice",
                        secrets=(self._key,),
                    )
                async for line in json_lines(response):
                    chunk = self._chunk(line, offset_ms)
                    if chunk is None:
                        continue
                    offset_ms += chunk.duration_ms
                    yield chunk
        except ProviderError:
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("ElevenLabs TTS request failed: %s", type(exc).__name__)
            raise network_error(exc) from None

    def _chunk(self, line: bytes, offset_ms: float) -> SpeechChunk | None:
        line = line.strip()
        if not line:
            return None
        try:
            data = json.loads(line)
            audio = base64.b64decode(data.get("audio_base64") or "")
        except (ValueError, TypeError, AttributeError):
            raise ProviderError(SERVICE, kind="malformed") from None
        if len(audio) % 2:
            audio = audio[:-1]
        align = data.get("alignment") or {}
        chars = list(align.get("characters") or [])
        starts = [float(s) * 1000 for s in align.get("character_start_times_seconds") or []]
        ends = [float(e) * 1000 for e in align.get("character_end_times_seconds") or []]
        visemes, words = alignment.timings(chars, starts, ends, offset_ms=offset_ms)
        if not audio and not chars:
            return None
        return SpeechChunk(
            text="".join(chars),
            audio=audio,
            sample_rate=self.sample_rate,
            visemes=visemes,
            words=words,
        )


async def json_lines(response: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    """The lines of a newline-delimited JSON stream, however long each line is."""
    buffer = bytearray()
    async for data in response.content.iter_any():
        buffer.extend(data)
        if len(buffer) > MAX_LINE:
            raise ProviderError(SERVICE, kind="oversized")
        while (end := buffer.find(b"\n")) >= 0:
            yield bytes(buffer[:end])
            del buffer[: end + 1]
    if buffer.strip():
        yield bytes(buffer)
