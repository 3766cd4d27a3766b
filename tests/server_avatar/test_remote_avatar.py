"""The session with a remote avatar (HeyGen, faked at its HTTP API over a real socket):
LiveKit details for the browser, one `speak` per sentence instead of local audio, and
the fallback to the local avatar when it fails at start or mid-answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.settings import Settings
from fakes import FakeHeyGen


@pytest.fixture
async def heygen() -> AsyncIterator[FakeHeyGen]:
    async with FakeHeyGen() as fake:
        yield fake


def _settings(avatar_settings: SettingsFactory, heygen: FakeHeyGen) -> Settings:
    return avatar_settings(
        avatar="heygen",
        heygen_api_key="heygen-test-key-0000",
        heygen_avatar_id="Daniel_public",
        heygen_base_url=heygen.url,
    )


async def test_the_remote_avatar_says_each_sentence_and_no_local_audio_is_sent(
    aiohttp_client: Any, avatar_settings: SettingsFactory, heygen: FakeHeyGen
) -> None:
    client = await aiohttp_client(
        make_app(_settings(avatar_settings, heygen), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["avatar"] == "heygen"
    room = next(m for m in talk.seen if m["type"] == "avatar.session")
    assert room["provider"] == "heygen"
    assert room["livekit_url"].startswith("wss://")
    assert room["token"]
    assert "heygen-test-key-0000" not in str(talk.seen)

    turn = await talk.ask("¿cómo va el pipeline?")
    assert not turn.of("speech.segment"), "the avatar speaks in the LiveKit room instead"
    assert heygen.spoken()
    assert " ".join(heygen.spoken()) == turn.text
    assert "first_audio" in turn.marks
    await talk.stop()
    assert heygen.open_sessions() == []
    assert heygen.names()[-1] == "streaming.stop"


async def test_a_remote_avatar_failing_at_start_falls_back_to_the_local_one(
    aiohttp_client: Any, avatar_settings: SettingsFactory, heygen: FakeHeyGen
) -> None:
    heygen.fail(500, endpoint="streaming.new")
    client = await aiohttp_client(
        make_app(_settings(avatar_settings, heygen), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["avatar"] == "local"
    [notice] = [m for m in talk.notices if m["type"] == "notice"]
    assert "avatar local" in notice["message"]
    turn = await talk.ask("hola")
    assert turn.of("speech.segment")
    assert heygen.open_sessions() == []


async def test_a_remote_avatar_failing_mid_answer_hands_the_sentence_to_the_local_voice(
    aiohttp_client: Any, avatar_settings: SettingsFactory, heygen: FakeHeyGen
) -> None:
    client = await aiohttp_client(
        make_app(_settings(avatar_settings, heygen), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    heygen.fail(500, endpoint="streaming.task")
    turn = await talk.ask("¿cómo va el pipeline?")
    notice = turn.one("notice")
    assert "avatar local" in notice["message"]
    spoken = " ".join(s["text"] for s in turn.of("speech.segment"))
    assert spoken == turn.text, "every sentence was still spoken, by the local voice"
    await talk.stop()
    assert heygen.open_sessions() == []  # the broken remote session was stopped


async def test_a_page_that_cannot_show_the_remote_avatar_gets_local_speech_instead(
    aiohttp_client: Any, avatar_settings: SettingsFactory, heygen: FakeHeyGen
) -> None:
    client = await aiohttp_client(
        make_app(_settings(avatar_settings, heygen), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["avatar"] == "heygen"
    await talk.send("avatar.fallback", reason="connect_failed")
    notice = await talk.until("notice")
    assert "avatar local" in notice["message"]
    for _ in range(250):  # the paid session is stopped right away
        if not heygen.open_sessions():
            break
        await asyncio.sleep(0.02)
    assert heygen.names()[-1] == "streaming.stop"

    turn = await talk.ask("¿cómo va el pipeline?")
    segments = turn.of("speech.segment")
    assert " ".join(s["text"] for s in segments) == turn.text
    assert all(s["visemes"] for s in segments), "the local avatar moves its mouth"
    assert all(turn.audio[s["segment"]] for s in segments)
    assert heygen.spoken() == []
    await talk.send("avatar.fallback", reason="disconnected")  # again: nothing to do
    again = await talk.ask("hola")
    assert again.of("speech.segment")
    assert not [m for m in again.before if m["type"] == "notice"], "no second notice"
    await talk.stop()


async def test_an_unknown_fallback_reason_is_a_protocol_error(
    aiohttp_client: Any, avatar_settings: SettingsFactory, heygen: FakeHeyGen
) -> None:
    client = await aiohttp_client(
        make_app(_settings(avatar_settings, heygen), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    await talk.send("avatar.fallback", reason="bored")
    error = await talk.until("error")
    assert error["stage"] == "protocol"
    assert "reason" in error["message"]
    turn = await talk.ask("hola")
    assert not turn.of("speech.segment"), "still the remote avatar"
    assert heygen.spoken()
    await talk.stop()
