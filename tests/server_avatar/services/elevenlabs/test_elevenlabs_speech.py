"""Contract tests of ElevenLabs text-to-speech and Scribe speech-to-text against the fake."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import pytest

from daniel.server_avatar.services.base import ProviderError, SpeechChunk, Transcript
from daniel.server_avatar.services.elevenlabs.stt import ElevenLabsSTT
from daniel.server_avatar.services.elevenlabs.tts import ElevenLabsTTS
from fakes import FakeElevenLabs

KEY = "xi-test-key-0000"
SENTENCE = "Tienes cuatro oportunidades abiertas."


def make_tts(http: aiohttp.ClientSession, fake: FakeElevenLabs, **options: Any) -> ElevenLabsTTS:
    settings: dict[str, Any] = {
        "api_key": KEY,
        "voice_id": "voice_test",
        "base_url": fake.url,
        "timeout": 2.0,
    }
    settings.update(options)
    return ElevenLabsTTS(http=http, **settings)


def make_stt(http: aiohttp.ClientSession, fake: FakeElevenLabs, **options: Any) -> ElevenLabsSTT:
    settings: dict[str, Any] = {"api_key": KEY, "base_url": fake.url, "timeout": 2.0}
    settings.update(options)
    return ElevenLabsSTT(http=http, **settings)


async def speak(tts: ElevenLabsTTS, text: str = SENTENCE) -> list[SpeechChunk]:
    return [chunk async for chunk in tts.synthesize(text, "es")]


async def test_speech_streams_in_chunks_with_visemes_timed_per_chunk(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    tts = make_tts(http, elevenlabs)
    chunks = await speak(tts)
    assert len(chunks) == 3
    assert "".join(c.text for c in chunks) == SENTENCE
    assert all(c.sample_rate == 22050 == tts.sample_rate for c in chunks)
    assert sum(c.duration_ms for c in chunks) == pytest.approx(40 * len(SENTENCE), abs=3)
    for chunk in chunks:
        times = [v.t for v in chunk.visemes]
        assert times[0] == 0
        assert times == sorted(times)
        assert times[-1] <= chunk.duration_ms + 1
        assert chunk.visemes[-1].v == "rest"
    assert next(w.w for w in chunks[0].words) == "Tienes"
    request = elevenlabs.requests("tts.stream-with-timestamps")[0]
    assert request.query == {"output_format": "pcm_22050"}
    assert request.headers["xi-api-key"] == KEY
    assert request.body == {
        "text": SENTENCE,
        "model_id": "eleven_flash_v2_5",
        "language_code": "es",
    }


async def test_blank_text_makes_no_request(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    assert await speak(make_tts(http, elevenlabs), "   ") == []
    assert elevenlabs.received == []


@pytest.mark.parametrize(
    ("status", "retryable", "words"),
    [
        (401, False, "ELEVENLABS_API_KEY"),
        (429, True, "unos segundos"),
        (500, True, "temporal"),
        (502, True, "temporal"),
    ],
)
async def test_tts_failures_are_clear_provider_errors(
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    caplog: pytest.LogCaptureFixture,
    status: int,
    retryable: bool,
    words: str,
) -> None:
    elevenlabs.fail(status)
    with caplog.at_level(logging.DEBUG), pytest.raises(ProviderError) as caught:
        await speak(make_tts(http, elevenlabs))
    assert caught.value.retryable is retryable
    assert words in caught.value.localized("es")
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text


async def test_unknown_voice_names_the_setting(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    with pytest.raises(ProviderError, match="ELEVENLABS_VOICE_ID") as caught:
        await speak(make_tts(http, elevenlabs, voice_id="nope"))
    assert caught.value.retryable is False


async def test_tts_timeout_is_retryable(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.hang()
    with pytest.raises(ProviderError) as caught:
        await speak(make_tts(http, elevenlabs, timeout=0.2))
    assert "a tiempo" in caught.value.localized("es")
    assert caught.value.retryable is True


async def test_dropped_stream_after_the_first_chunk_is_retryable(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.speech.drop_after_first_chunk = True
    received: list[SpeechChunk] = []

    async def listen() -> None:
        async for chunk in make_tts(http, elevenlabs).synthesize(SENTENCE, "en"):
            received.append(chunk)

    with pytest.raises(ProviderError) as caught:
        await listen()
    assert len(received) == 1
    assert caught.value.retryable is True
    assert "reach ElevenLabs" in caught.value.message


async def test_batch_transcription_sends_raw_16k_pcm(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    stt = make_stt(http, elevenlabs)
    result = await stt.transcribe(b"\x01\x00" * 16000, sample_rate=16000, lang="es")
    assert result == Transcript("¿Qué proyectos tengo?")
    upload = elevenlabs.speech.records.stt_uploads[0]
    assert upload == {
        "model_id": "scribe_v2",
        "language_code": "es",
        "file_format": "pcm_s16le_16",
        "filename": "audio.pcm",
        "bytes": 32000,
    }


async def test_batch_transcription_wraps_other_rates_in_wav(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    await make_stt(http, elevenlabs).transcribe(b"\x01\x00" * 4410, sample_rate=44100, lang="en")
    upload = elevenlabs.speech.records.stt_uploads[0]
    assert upload["filename"] == "audio.wav"
    assert upload["file_format"] is None
    assert upload["bytes"] == 8820 + 44


@pytest.mark.parametrize(("status", "retryable"), [(401, False), (429, True), (500, True)])
async def test_batch_transcription_failures(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs, status: int, retryable: bool
) -> None:
    elevenlabs.fail(status, endpoint="stt")
    with pytest.raises(ProviderError) as caught:
        await make_stt(http, elevenlabs).transcribe(b"\x00\x00" * 800, sample_rate=16000, lang="es")
    assert caught.value.retryable is retryable
    assert KEY not in str(caught.value)


async def test_batch_transcription_timeout(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.hang(endpoint="stt")
    with pytest.raises(ProviderError) as caught:
        await make_stt(http, elevenlabs, timeout=0.2).transcribe(
            b"\x00\x00" * 800, sample_rate=16000, lang="es"
        )
    assert caught.value.retryable is True


async def test_realtime_stream_reports_partials_and_the_committed_text(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    partials: list[str] = []

    async def on_partial(text: str) -> None:
        partials.append(text)

    stream = make_stt(http, elevenlabs).stream(sample_rate=16000, lang="es", on_partial=on_partial)
    for _ in range(4):
        await stream.feed(b"\x01\x00" * 4000)  # 250 ms
    result = await stream.finish()

    assert result == Transcript("¿Qué proyectos tengo?")
    assert partials
    assert "¿Qué proyectos tengo?".startswith(partials[0])
    query = elevenlabs.speech.records.realtime_queries[0]
    assert query == {
        "model_id": "scribe_v2_realtime",
        "audio_format": "pcm_16000",
        "commit_strategy": "manual",
        "language_code": "es",
    }
    messages = elevenlabs.speech.records.realtime_messages
    assert [m["commit"] for m in messages] == [False, False, False, False, True]
    assert all(m["message_type"] == "input_audio_chunk" for m in messages)
    assert all(m["sample_rate"] == 16000 for m in messages)
    assert messages[-1]["audio_base_64"] == ""


async def test_realtime_stream_without_audio_never_connects(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    stream = make_stt(http, elevenlabs).stream(sample_rate=16000, lang="es")
    assert await stream.finish() == Transcript("")
    assert elevenlabs.received == []


async def test_realtime_stream_with_a_wrong_key(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    stream = make_stt(http, elevenlabs, api_key="xi-wrong-key-1234").stream(
        sample_rate=16000, lang="en"
    )

    async def talk() -> Transcript:
        await stream.feed(b"\x00\x00" * 4000)
        return await stream.finish()

    with pytest.raises(ProviderError) as caught:
        await talk()
    assert caught.value.retryable is False
    assert "ELEVENLABS_API_KEY" in caught.value.message
    assert "xi-wrong-key-1234" not in str(caught.value)


async def test_realtime_handshake_failure_is_an_http_error(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.fail(503, endpoint="stt.realtime")
    stream = make_stt(http, elevenlabs).stream(sample_rate=16000, lang="es")
    with pytest.raises(ProviderError) as caught:
        await stream.feed(b"\x00\x00" * 4000)
    assert caught.value.retryable is True
