"""`STT=openai`: any OpenAI-compatible `/audio/transcriptions` endpoint.

OpenAI's Whisper API, or a local server that speaks the same API (faster-whisper-server,
whisper.cpp's server, LocalAI, vLLM...). The utterance is sent as a WAV built in memory.
Works in Spanish and English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from daniel import metrics
from daniel.server_avatar.pcm import wav_bytes
from daniel.server_avatar.services.base import (
    Lang,
    ProviderError,
    SpeechToText,
    Transcript,
)
from daniel.server_avatar.services.errors import http_error

if TYPE_CHECKING:
    from openai import AsyncOpenAI


class OpenAISTT(SpeechToText):
    name = "openai"

    def __init__(self, *, client: AsyncOpenAI, model: str, timeout: float = 30.0) -> None:
        self._client = client
        self._model = model
        self._timeout = timeout

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        import openai

        if not pcm16:
            return Transcript("")
        audio = wav_bytes(pcm16, sample_rate)
        try:
            async with metrics.observe_call("stt", "transcriptions"):
                result = await self._client.audio.transcriptions.create(
                    file=("speech.wav", audio, "audio/wav"),
                    model=self._model,
                    language=lang,
                    response_format="json",
                    timeout=self._timeout,
                )
        except openai.APIStatusError as exc:
            raise http_error("stt", exc.status_code) from exc
        except openai.APITimeoutError as exc:
            raise ProviderError("stt", kind="timeout") from exc
        except openai.OpenAIError as exc:
            raise ProviderError("stt", kind="connection") from exc
        return Transcript(str(getattr(result, "text", "") or "").strip(), final=True)
