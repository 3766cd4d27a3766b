"""`STT=openai`: Spanish voice input through an OpenAI-compatible /audio/transcriptions
server (in-process fake), end to end through the WebSocket."""

from __future__ import annotations

import io
import wave
from typing import Any

from aiohttp.test_utils import TestServer
from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.server_avatar.pcm import resample
from daniel.server_avatar.services.local.espeak import EspeakEngine
from fakes import FakeOpenAI


async def _spanish_audio() -> bytes:
    speech = await EspeakEngine.shared().synthesize("¿Cómo va el pipeline?", "es", 160)
    return resample(speech.audio, speech.sample_rate, 16000)


async def test_spanish_push_to_talk_is_transcribed_by_the_whisper_server(
    aiohttp_client: Any, aiohttp_server: Any, avatar_settings: SettingsFactory
) -> None:
    fake = FakeOpenAI()
    server: TestServer = await aiohttp_server(fake.app)
    settings = avatar_settings(stt="openai", stt_base_url=str(server.make_url("/v1")))
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["stt"] == "openai"
    assert talk.ready["voice_input"] == {"enabled": True, "reason": None}

    audio = await _spanish_audio()
    await talk.send("audio.start", sample_rate=16000)
    for start in range(0, len(audio), 1280):
        await talk.ws.send_bytes(audio[start : start + 1280])
    await talk.send("audio.end")
    turn = await talk.collect_turn()

    assert turn.one("transcript")["text"] == "¿cómo va el pipeline?"
    assert turn.shown("summary")["records"]
    [sent] = fake.transcriptions
    assert (sent["model"], sent["language"], sent["filename"]) == ("whisper-1", "es", "speech.wav")
    with wave.open(io.BytesIO(sent["audio"])) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        assert wav.readframes(wav.getnframes()) == audio


async def test_a_failing_transcription_server_gives_a_plain_error(
    aiohttp_client: Any, aiohttp_server: Any, avatar_settings: SettingsFactory
) -> None:
    fake = FakeOpenAI()
    fake.fail(503)
    server: TestServer = await aiohttp_server(fake.app)
    settings = avatar_settings(stt="openai", stt_base_url=str(server.make_url("/v1")))
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    talk = await open_conversation(client, lang="es")
    await talk.send("audio.start", sample_rate=16000)
    await talk.ws.send_bytes(await _spanish_audio())
    await talk.send("audio.end")
    turn = await talk.collect_turn()
    error = turn.one("error")
    assert (error["stage"], error["retryable"]) == ("stt", True)
    assert error["message"].startswith("No he podido entender el audio")
    assert not turn.of("tool")
