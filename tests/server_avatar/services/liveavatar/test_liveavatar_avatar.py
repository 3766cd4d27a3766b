"""Contract tests of the LiveAvatar (LITE mode) avatar against the fake LiveAvatar API.

The avatar speaks with a real text-to-speech provider: ElevenLabs' against its fake.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from array import array
from typing import Any

import aiohttp
import pytest

from daniel.server_avatar.services.base import AvatarSession, ProviderError
from daniel.server_avatar.services.elevenlabs.tts import ElevenLabsTTS
from daniel.server_avatar.services.liveavatar import audio
from daniel.server_avatar.services.liveavatar.avatar import LiveAvatarAvatar
from daniel.server_avatar.services.remote_sessions import OpenSessions
from fakes import FakeElevenLabs, FakeLiveAvatar

KEY = "liveavatar-test-key-0000"
AVATAR_ID = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def registry() -> OpenSessions:
    return OpenSessions()


def make_avatar(
    http: aiohttp.ClientSession,
    fake: FakeLiveAvatar,
    voice: FakeElevenLabs,
    registry: OpenSessions,
    **options: Any,
) -> LiveAvatarAvatar:
    tts = ElevenLabsTTS(
        http=http, api_key="xi-test-key-0000", voice_id="voice_test", base_url=voice.url
    )
    settings: dict[str, Any] = {
        "api_key": KEY,
        "avatar_id": AVATAR_ID,
        "tts": tts,
        "base_url": fake.base_url,
        "timeout": 2.0,
        "registry": registry,
    }
    settings.update(options)
    return LiveAvatarAvatar(http=http, **settings)


async def test_the_avatar_lip_syncs_to_our_speech_over_the_lite_socket(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    avatar = make_avatar(http, liveavatar, elevenlabs, registry)
    session = await avatar.start("es")
    sentence = "Tienes dos proyectos activos."
    await avatar.speak(sentence)
    await avatar.interrupt()
    await avatar.keep_alive()
    la = liveavatar.sessions[str(avatar.session_id)]
    await avatar.close()

    assert session == AvatarSession(
        "liveavatar", "wss://livekit.fake-liveavatar.test", f"lk-client-{la.session_id}"
    )
    assert liveavatar.names() == [
        "sessions.token",
        "sessions.start",
        "sessions.ws",
        "sessions.stop",
    ]
    token = liveavatar.requests("sessions.token")[0]
    assert token.headers["X-API-KEY"] == KEY
    assert token.body["mode"] == "LITE"
    assert token.body["avatar_id"] == AVATAR_ID
    assert liveavatar.requests("sessions.start")[0].headers["Authorization"].startswith("Bearer ")
    assert elevenlabs.speech.records.tts_texts == [sentence]
    # 40 ms a character at 22.05 kHz from the TTS, resampled to 24 kHz for LiveAvatar.
    expected = 24000 * 2 * 40 * len(sentence) // 1000
    assert la.spoken[0]
    assert abs(len(la.spoken[0]) - expected) <= 12
    kinds = la.kinds()
    assert kinds[-3:] == ["agent.speak_end", "agent.interrupt", "session.keep_alive"]
    assert set(kinds[:-3]) == {"agent.speak"}
    assert la.state == "stopped"
    assert liveavatar.requests("sessions.stop")[0].body == {
        "session_id": la.session_id,
        "reason": "USER_CLOSED",
    }
    assert registry.keys() == []


async def test_speech_goes_in_packets_of_at_most_one_second(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    avatar = make_avatar(http, liveavatar, elevenlabs, registry)
    await avatar.start("en")
    await avatar.speak_audio(b"\x01\x00" * 24000 * 3, 24000)  # 3 s, already at 24 kHz
    la = liveavatar.sessions[str(avatar.session_id)]
    await avatar.close()
    sizes = [len(base64.b64decode(m["audio"])) for m in la.messages if m["type"] == "agent.speak"]
    assert sizes == [48000, 48000, 48000]
    assert la.spoken == [b"\x01\x00" * 24000 * 3]


@pytest.mark.parametrize(
    ("status", "retryable", "words"),
    [
        (401, False, "LIVEAVATAR_API_KEY"),
        (404, False, "LIVEAVATAR_AVATAR_ID"),
        (429, True, "unos segundos"),
        (500, True, "temporal"),
    ],
)
async def test_failures_creating_the_session_are_clear(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
    caplog: pytest.LogCaptureFixture,
    status: int,
    retryable: bool,
    words: str,
) -> None:
    liveavatar.fail(status, endpoint="sessions.token")
    with caplog.at_level(logging.DEBUG), pytest.raises(ProviderError) as caught:
        await make_avatar(http, liveavatar, elevenlabs, registry).start("es")
    assert caught.value.service == "liveavatar"
    assert caught.value.retryable is retryable
    assert words in caught.value.localized("es")
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text
    assert registry.keys() == []


async def test_a_wrong_key_mentions_heygen_keys(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    avatar = make_avatar(http, liveavatar, elevenlabs, registry, api_key="heygen-key-here")
    with pytest.raises(ProviderError, match="HeyGen") as caught:
        await avatar.start("es")
    assert "heygen-key-here" not in str(caught.value)


async def test_a_failed_start_stops_the_session(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    liveavatar.fail(503, endpoint="sessions.start")
    with pytest.raises(ProviderError) as caught:
        await make_avatar(http, liveavatar, elevenlabs, registry).start("es")
    assert caught.value.retryable is True
    assert liveavatar.names()[-1] == "sessions.stop"
    assert liveavatar.open_sessions() == []
    assert registry.keys() == []


async def test_a_hanging_api_times_out(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    liveavatar.hang(endpoint="sessions.token")
    with pytest.raises(ProviderError) as caught:
        await make_avatar(http, liveavatar, elevenlabs, registry, timeout=0.2).start("es")
    assert "a tiempo" in caught.value.localized("es")
    assert caught.value.retryable is True


async def test_a_dropped_socket_while_speaking_is_retryable_and_close_still_stops(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    avatar = make_avatar(http, liveavatar, elevenlabs, registry)
    await avatar.start("es")
    liveavatar.drop_socket_on_speak = True

    async def keep_talking() -> None:
        for _ in range(20):  # the drop is noticed on one of the next sends
            await avatar.speak_audio(b"\x00\x00" * 24000, 24000)
            await asyncio.sleep(0.01)

    with pytest.raises(ProviderError) as caught:
        await keep_talking()
    await avatar.close()
    assert caught.value.retryable is True
    assert liveavatar.names()[-1] == "sessions.stop"
    assert liveavatar.open_sessions() == []


async def test_a_session_ended_by_liveavatar_is_reported(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    avatar = make_avatar(http, liveavatar, elevenlabs, registry)
    await avatar.start("en")
    async with http.post(  # e.g. the maximum duration was reached
        f"{liveavatar.base_url}/sessions/stop",
        json={"session_id": avatar.session_id},
        headers={"X-API-KEY": KEY},
    ):
        pass
    await asyncio.sleep(0.05)
    with pytest.raises(ProviderError, match="session ended") as caught:
        await avatar.speak("Hello")
    await avatar.close()
    assert caught.value.retryable is False


async def test_shutdown_stops_leftover_sessions(
    http: aiohttp.ClientSession,
    liveavatar: FakeLiveAvatar,
    elevenlabs: FakeElevenLabs,
    registry: OpenSessions,
) -> None:
    await make_avatar(http, liveavatar, elevenlabs, registry).start("es")
    assert len(liveavatar.open_sessions()) == 1
    assert await registry.stop_all() == 1
    assert liveavatar.open_sessions() == []


def test_resampling_keeps_duration_and_shape() -> None:
    ramp = array("h", range(0, 22050, 10)).tobytes()  # 2205 samples
    out = array("h")
    out.frombytes(audio.resample(ramp, 22050, 24000))
    assert len(out) == 2205 * 24000 // 22050
    assert out[0] == 0
    assert list(out) == sorted(out)
    assert audio.resample(ramp, 24000, 24000) == ramp
