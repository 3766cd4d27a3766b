"""Offline text-to-speech in Spanish and English with espeak-ng, with lip-sync timings.

Each sentence becomes one `SpeechChunk` (PCM16 mono at 22050 Hz) carrying its visemes
and word timings. Synthesis runs on the shared espeak worker thread, never on the event
loop; a sentence takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from daniel.server_avatar.sentences import split_sentences
from daniel.server_avatar.services.base import (
    Lang,
    ProviderUnavailable,
    SpeechChunk,
    TextToSpeech,
    sentence_index,
)
from daniel.server_avatar.services.local.espeak import VOICES, EspeakEngine, EspeakUnavailable
from daniel.server_avatar.services.local.visemes import visemes_from, words_from

#: Words per minute per language (espeak's default, 175, is hurried for Spanish).
RATES: dict[Lang, int] = {"es": 160, "en": 165}


class LocalTTS(TextToSpeech):
    name = "local"
    sample_rate = 22050

    def __init__(self, engine: EspeakEngine | None = None) -> None:
        self._engine = engine or EspeakEngine.shared()

    async def start(self) -> None:
        try:
            await self._engine.start()
        except EspeakUnavailable as exc:
            raise ProviderUnavailable("tts", str(exc)) from exc
        self.sample_rate = self._engine.sample_rate

    async def synthesize(self, text: str, lang: Lang) -> AsyncIterator[SpeechChunk]:
        first = sentence_index.get()
        for number, sentence in enumerate(split_sentences(text)):
            token = sentence_index.set(first + number)
            try:
                chunk = await self.speak_sentence(sentence, lang)
            finally:
                sentence_index.reset(token)
            yield chunk

    async def speak_sentence(self, sentence: str, lang: Lang) -> SpeechChunk:
        try:
            result = await self._engine.synthesize(
                sentence, VOICES[lang], RATES[lang], priority=sentence_index.get()
            )
        except EspeakUnavailable as exc:
            raise ProviderUnavailable("tts", str(exc)) from exc
        chunk = SpeechChunk(text=sentence, audio=result.audio, sample_rate=result.sample_rate)
        duration = chunk.duration_ms
        chunk.visemes = visemes_from(result.events, duration)
        chunk.words = words_from(result.events, sentence, duration)
        return chunk
