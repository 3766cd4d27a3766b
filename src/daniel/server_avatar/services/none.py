"""The `none` providers: text only (`TTS=none`) and no voice input (`STT=none`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from daniel.server_avatar.services.base import (
    Lang,
    ProviderUnavailable,
    SpeechChunk,
    SpeechToText,
    TextToSpeech,
    Transcript,
)


class NoTTS(TextToSpeech):
    """Produces no speech: answers are shown as text only."""

    name = "none"

    async def synthesize(self, text: str, lang: Lang) -> AsyncIterator[SpeechChunk]:
        return
        yield  # pragma: no cover - makes this an async generator


class NoSTT(SpeechToText):
    """Voice input is switched off."""

    name = "none"
    unavailable_reason = "voice input is switched off (STT=none)"

    async def start(self) -> None:
        raise ProviderUnavailable("stt", self.unavailable_reason or "")

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        raise ProviderUnavailable("stt", self.unavailable_reason or "")
