"""Fake ElevenLabs speech endpoints: TTS with timestamps, Scribe batch and realtime.

- `POST /v1/text-to-speech/{voice_id}/stream/with-timestamps?output_format=pcm_N`:
  newline-delimited JSON `{audio_base64, alignment{characters,
  character_start_times_seconds, character_end_times_seconds}, normalized_alignment}`,
  times counted from the start of the utterance, 40 ms of audio per character.
- `POST /v1/speech-to-text` (multipart `model_id`, `file`, `language_code`,
  `file_format`): `{"text", "language_code", "words"}`.
- `GET /v1/speech-to-text/realtime` (WebSocket): `session_started`, a
  `partial_transcript` per audio chunk, `committed_transcript` on commit; a wrong key
  gets an `auth_error` message and a 1008 close.
"""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from fakes.elevenlabs.convai import MS_PER_CHAR, split_text
from fakes.server import FakeServer


@dataclass
class SpeechRecords:
    tts_texts: list[str] = field(default_factory=list)
    stt_uploads: list[dict[str, Any]] = field(default_factory=list)
    realtime_messages: list[dict[str, Any]] = field(default_factory=list)
    realtime_queries: list[dict[str, str]] = field(default_factory=list)


class Speech:
    """TTS and STT behaviour of the fake ElevenLabs API."""

    def __init__(self, server: FakeServer, *, api_key: str, voices: set[str]) -> None:
        self.server = server
        self.api_key = api_key
        self.voices = voices
        self.transcript = "¿Qué proyectos tengo?"
        self.chunks_per_sentence = 3
        self.drop_after_first_chunk = False
        self.records = SpeechRecords()
        server.route(
            "POST",
            "/v1/text-to-speech/{voice_id}/stream/with-timestamps",
            "tts.stream-with-timestamps",
            self._tts,
        )
        server.route("POST", "/v1/speech-to-text", "stt", self._stt)
        server.route("GET", "/v1/speech-to-text/realtime", "stt.realtime", self._realtime)

    def _unauthorized(self) -> web.Response:
        return web.json_response(
            {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}, status=401
        )

    async def _tts(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("xi-api-key") != self.api_key:
            return self._unauthorized()
        if request.match_info["voice_id"] not in self.voices:
            return web.json_response(
                {"detail": {"status": "voice_not_found", "message": "Voice not found"}},
                status=404,
            )
        output_format = request.query.get("output_format", "mp3_44100_128")
        if not output_format.startswith("pcm_"):
            return web.json_response({"detail": "fake supports pcm_* only"}, status=422)
        rate = int(output_format.split("_")[1])
        body = await request.json()
        text = str(body.get("text") or "")
        if not text:
            return web.json_response({"detail": {"status": "invalid_text"}}, status=422)
        self.records.tts_texts.append(text)
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        start = 0
        for index, piece in enumerate(split_text(text, self.chunks_per_sentence)):
            await response.write(json.dumps(tts_chunk(piece, start, rate)).encode() + b"\n")
            start += len(piece)
            if self.drop_after_first_chunk and index == 0:
                if request.transport is not None:
                    request.transport.abort()
                return response
            await asyncio.sleep(0)
        await response.write_eof()
        return response

    async def _stt(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("xi-api-key") != self.api_key:
            return self._unauthorized()
        form = await request.post()
        upload = form.get("file")
        audio = upload.file.read() if isinstance(upload, web.FileField) else b""
        self.records.stt_uploads.append(
            {
                "model_id": form.get("model_id"),
                "language_code": form.get("language_code"),
                "file_format": form.get("file_format"),
                "filename": upload.filename if isinstance(upload, web.FileField) else None,
                "bytes": len(audio),
            }
        )
        if not form.get("model_id"):
            return web.json_response({"detail": {"status": "missing_model_id"}}, status=422)
        return web.json_response(
            {"text": self.transcript, "language_code": form.get("language_code"), "words": []}
        )

    async def _realtime(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.records.realtime_queries.append(dict(request.query))
        if request.headers.get("xi-api-key") != self.api_key:
            await ws.send_json({"message_type": "auth_error", "error": "Invalid API key"})
            await ws.close(code=1008)
            return ws
        await ws.send_json(
            {
                "message_type": "session_started",
                "session_id": "stt_session_1",
                "config": {"model_id": request.query.get("model_id")},
            }
        )
        received = 0
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = msg.json()
            self.records.realtime_messages.append(data)
            received += len(base64.b64decode(data.get("audio_base_64") or ""))
            if data.get("commit"):
                text = self.transcript if received else ""
                await ws.send_json({"message_type": "committed_transcript", "text": text})
                received = 0
            elif received:
                partial = self.transcript[: max(1, min(len(self.transcript), received // 3200))]
                await ws.send_json({"message_type": "partial_transcript", "text": partial})
        return ws


def tts_chunk(text: str, start_char: int, rate: int) -> dict[str, Any]:
    """One with-timestamps line: audio for `text` and its absolute character times."""
    samples = rate * MS_PER_CHAR * len(text) // 1000
    pcm = (b"\x20\x00\xe0\xff" * (samples // 2 + 1))[: samples * 2]
    starts = [(start_char + i) * MS_PER_CHAR / 1000 for i in range(len(text))]
    ends = [s + MS_PER_CHAR / 1000 for s in starts]
    alignment = {
        "characters": list(text),
        "character_start_times_seconds": starts,
        "character_end_times_seconds": ends,
    }
    return {
        "audio_base64": base64.b64encode(pcm).decode("ascii"),
        "alignment": alignment,
        "normalized_alignment": alignment,
    }
