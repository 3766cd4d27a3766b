"""Offline text-to-speech in Spanish and English with espeak-ng, with lip-sync timings.

Each sentence becomes one `SpeechChunk` (PCM16 mono at 22050 Hz) carrying its visemes
and word timings. Synthesis runs on the shared espeak worker thread, never on the event
loop; a sentence takes a few milliseconds of CPU, two thirds of a turn's.

Sentences come back again and again (greetings, "¿Confirmo?", the fixed parts of
frequent answers, the same answer to the same question), so each process keeps the
speech of recent sentences in `SPEECH_CACHE`: an LRU keyed by text, voice and speed,
bounded by the bytes of audio it holds (`CACHE_BYTES`). A hit costs no synthesis.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from cachetools import LRUCache

from daniel.server_avatar.sentences import split_sentences
from daniel.server_avatar.services.base import (
    Lang,
    ProviderUnavailable,
    SpeechChunk,
    TextToSpeech,
    Viseme,
    WordTiming,
    sentence_index,
)
from daniel.server_avatar.services.local.espeak import VOICES, EspeakEngine, EspeakUnavailable
from daniel.server_avatar.services.local.visemes import visemes_from, words_from

#: Words per minute per language (espeak's default, 175, is hurried for Spanish).
RATES: dict[Lang, int] = {"es": 160, "en": 165}
#: At most this much synthesised audio is kept per process (~6 min of speech).
CACHE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Spoken:
    audio: bytes
    sample_rate: int
    visemes: tuple[Viseme, ...]
    words: tuple[WordTiming, ...]


def _size(spoken: _Spoken) -> int:
    return len(spoken.audio) + 64 * (len(spoken.visemes) + len(spoken.words)) + 200


#: (sentence, voice, words per minute) → its speech; shared by every session.
SPEECH_CACHE: LRUCache[tuple[str, str, int], _Spoken] = LRUCache(CACHE_BYTES, getsizeof=_size)


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
        key = (sentence, VOICES[lang], RATES[lang])
        spoken = SPEECH_CACHE.get(key)
        if spoken is None:
            spoken = await self._synthesize(sentence, lang)
            SPEECH_CACHE[key] = spoken
        return SpeechChunk(
            text=sentence,
            audio=spoken.audio,
            sample_rate=spoken.sample_rate,
            visemes=list(spoken.visemes),
            words=list(spoken.words),
        )

    async def _synthesize(self, sentence: str, lang: Lang) -> _Spoken:
        try:
            result = await self._engine.synthesize(
                sentence, VOICES[lang], RATES[lang], priority=sentence_index.get()
            )
        except EspeakUnavailable as exc:
            raise ProviderUnavailable("tts", str(exc)) from exc
        chunk = SpeechChunk(text=sentence, audio=result.audio, sample_rate=result.sample_rate)
        duration = chunk.duration_ms
        visemes = visemes_from(result.events, duration)
        words = words_from(result.events, sentence, duration)
        return _Spoken(result.audio, result.sample_rate, tuple(visemes), tuple(words))
