"""The offline voice (espeak-ng) really speaks, in both languages, with lip-sync timings
that match its audio."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from typing import Any

import pytest
from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.server_avatar.pcm import samples
from daniel.server_avatar.services.base import SpeechChunk
from daniel.server_avatar.services.local.tts import LocalTTS
from daniel.server_avatar.services.local.visemes import viseme_for

VISEMES = {"rest", "A", "E", "I", "O", "U", "MBP", "FV", "L", "S"}


async def _speak(text: str, lang: str) -> list[SpeechChunk]:
    tts = LocalTTS()
    await tts.start()
    return [chunk async for chunk in tts.synthesize(text, lang)]  # type: ignore[arg-type]


def _voiced_span_ms(chunk: SpeechChunk) -> tuple[int, int]:
    """First and last 10 ms window whose level is clearly above silence."""
    values = samples(chunk.audio)
    window = chunk.sample_rate // 100
    loud = [
        index * 10
        for index in range(len(values) // window)
        if max(abs(v) for v in values[index * window : (index + 1) * window]) > 1500
    ]
    assert loud, "the audio is silent"
    return loud[0], loud[-1] + 10


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("Tienes doce oportunidades abiertas por ochenta mil euros.", "es", 8),
        ("You have three open tasks for today.", "en", 7),
    ],
)
async def test_speech_audio_and_timings_agree(text: str, lang: str, words: int) -> None:
    [chunk] = await _speak(text, lang)
    assert chunk.sample_rate == 22050
    assert len(chunk.audio) % 2 == 0
    duration = chunk.duration_ms
    assert 1000 < duration < 6000
    start, end = _voiced_span_ms(chunk)
    assert [w.w for w in chunk.words][:2] == text.split()[:2]
    assert len(chunk.words) == words
    last_word = chunk.words[-1]
    # The last word ends where the voice ends; the last viseme closes the mouth at the end.
    assert abs((last_word.t + last_word.d) - end) < 150
    assert chunk.words[0].t <= start + 60
    assert chunk.visemes[0].t == 0
    assert chunk.visemes[-1].v == "rest"
    assert abs(chunk.visemes[-1].t - end) < 150
    assert all(0 <= v.t <= duration for v in chunk.visemes)
    assert [v.t for v in chunk.visemes] == sorted(v.t for v in chunk.visemes)
    assert {v.v for v in chunk.visemes} <= VISEMES
    assert len({v.v for v in chunk.visemes}) >= 6
    assert all(w.d > 0 for w in chunk.words)


async def test_each_sentence_is_its_own_chunk() -> None:
    chunks = await _speak("Hola. ¿Qué tal estás? Bien, gracias.", "es")
    assert [c.text for c in chunks] == ["Hola.", "¿Qué tal estás?", "Bien, gracias."]


def test_phonemes_map_to_the_protocol_visemes() -> None:
    assert [viseme_for(p) for p in ("ˈa", "e", "ˌi", "o", "u", "m", "f", "l", "s", "tʃ", "")] == [
        "A",
        "E",
        "I",
        "O",
        "U",
        "MBP",
        "FV",
        "L",
        "S",
        "S",
        "rest",
    ]


async def test_speech_never_blocks_other_work() -> None:
    tts = LocalTTS()
    await tts.start()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    text = " ".join(  # distinct sentences: a repeated one would come from the cache
        f"Esta es una frase bastante larga para medir si el bucle sigue libre, {n}."
        for n in range(20)
    )
    chunks = [c async for c in tts.synthesize(text, "es")]
    task.cancel()
    assert len(chunks) == 20
    assert ticks > 20, "the event loop kept running during synthesis"


async def test_the_browser_gets_segments_with_their_audio_frames(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    turn = await talk.ask("hola")
    segments = turn.of("speech.segment")
    assert [s["segment"] for s in segments] == list(range(len(segments)))
    for segment in segments:
        audio = turn.audio[segment["segment"]]
        assert segment["format"] == "pcm_s16le"
        assert abs(len(audio) / 2 / segment["sample_rate"] * 1000 - segment["duration_ms"]) <= 1
        assert segment["visemes"][0]["t"] == 0
        assert segment["visemes"][-1]["v"] == "rest"
        assert segment["words"]
    ends = turn.of("speech.segment.end")
    assert [e["segment"] for e in ends] == [s["segment"] for s in segments]


class _CountingEngine:
    """The real process-wide espeak-ng engine, counting the sentences it synthesises."""

    def __init__(self) -> None:
        from daniel.server_avatar.services.local.espeak import EspeakEngine

        self.inner = EspeakEngine.shared()
        self.sample_rate = self.inner.sample_rate
        self.spoken: list[str] = []

    async def start(self) -> None:
        await self.inner.start()

    async def synthesize(self, text: str, voice: str, rate: int, priority: int = 0) -> Any:
        self.spoken.append(text)
        return await self.inner.synthesize(text, voice, rate, priority)


async def test_a_repeated_sentence_is_spoken_from_the_cache_with_the_same_audio() -> None:
    from daniel.server_avatar.services.local import tts as local_tts

    engine = _CountingEngine()
    first = LocalTTS(engine)  # type: ignore[arg-type]
    await first.start()
    sentence = f"Hola, soy Daniel, número {id(engine) % 9973}."
    heard = [c async for c in first.synthesize(sentence, "es")]
    other = LocalTTS(engine)  # another conversation of the same process
    again = [c async for c in other.synthesize(sentence, "es")]
    assert engine.spoken == [sentence]  # synthesised once
    assert again[0].audio == heard[0].audio
    assert again[0].visemes == heard[0].visemes
    assert [w.w for w in again[0].words] == [w.w for w in heard[0].words]
    english = [c async for c in other.synthesize(sentence, "en")]  # another voice
    assert engine.spoken == [sentence, sentence]
    assert english[0].audio != heard[0].audio
    assert local_tts.SPEECH_CACHE.currsize <= local_tts.CACHE_BYTES


async def test_the_speech_cache_stays_within_its_memory_bound() -> None:
    from daniel.server_avatar.services.local import tts as local_tts

    tts = LocalTTS()
    await tts.start()
    bound = local_tts.SPEECH_CACHE.maxsize
    sentence = "Esta es una frase bastante larga para llenar la memoria, número {n}."
    spoken = 0
    while spoken < 2 * bound:  # twice the bound of audio
        chunk = await tts.speak_sentence(sentence.format(n=spoken), "es")
        spoken += len(chunk.audio)
        assert local_tts.SPEECH_CACHE.currsize <= bound


_SPEAK_TWICE = """
import asyncio, hashlib
from daniel.server_avatar.services.local.espeak import EspeakEngine

async def main():
    engine = EspeakEngine.shared()
    for text, voice in [("What tasks does Megan Walsh have this week?", "en-us+f3"),
                        ("¿Qué pedidos tiene Bodegas Valdemar?", "es+f3")]:
        speech = await engine.synthesize(text, voice, 175)
        print(len(speech.audio), hashlib.sha256(speech.audio).hexdigest())

asyncio.run(main())
"""


def test_the_same_sentences_give_the_same_audio_in_every_process() -> None:
    """espeak-ng's breathy variants ("+f3") mix in noise from a generator it seeds with the
    clock: the same sentence sounded different after every restart, and the speech
    benchmark heard different audio from one run to the next (bench/stt.py)."""
    heard = set()
    for attempt in range(3):
        if attempt:
            time.sleep(1.05)  # espeak-ng's own seed is the clock's second: let it change
        run = subprocess.run(
            [sys.executable, "-c", _SPEAK_TWICE], capture_output=True, text=True, check=True
        )
        heard.add(run.stdout)
    assert len(heard) == 1, heard
    assert all(int(line.split()[0]) > 10_000 for line in heard.pop().splitlines())
