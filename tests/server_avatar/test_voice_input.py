"""Voice turns through the WebSocket: push-to-talk and hands-free (VAD), with the offline
recogniser, from commands spoken by the offline voice and sent as the browser would
(PCM16 mono 16 kHz in 40 ms binary frames)."""

from __future__ import annotations

from typing import Any

from avatar_client import Conversation, SettingsFactory, make_app, open_conversation
from talkative_brain import TalkativeBrain

from daniel.server_avatar.audio import resample, silence
from daniel.server_avatar.services.local.espeak import EspeakEngine
from daniel.server_avatar.services.registry import ProviderOverrides

FRAME = 1280  # 40 ms at 16 kHz


async def _command(text: str) -> bytes:
    speech = await EspeakEngine.shared().synthesize(text, "en-us", 160)
    return resample(speech.audio, speech.sample_rate, 16000)


async def _stream(talk: Conversation, pcm: bytes) -> None:
    for start in range(0, len(pcm), FRAME):
        await talk.ws.send_bytes(pcm[start : start + FRAME])


async def test_push_to_talk_turn_is_transcribed_and_answered(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    await talk.send("audio.start", sample_rate=16000)
    assert (await talk.until("state"))["state"] == "listening"
    await _stream(talk, await _command("how is the pipeline"))
    await talk.send("audio.end")
    turn = await talk.collect_turn()
    assert turn.one("turn.start")["source"] == "voice"
    assert turn.one("transcript") == {
        "type": "transcript",
        "turn_id": turn.turn_id,
        "text": "how is the pipeline",
        "final": True,
    }
    assert turn.shown("summary")["records"]
    assert turn.of("speech.segment")
    marks = turn.marks
    assert 0 <= marks["transcript_final"] <= marks["first_text"] <= marks["first_audio"]


async def test_hands_free_utterance_ends_on_silence(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en", mode="hands_free")
    audio = silence(400, 16000) + await _command("list my tasks") + silence(1000, 16000)
    await _stream(talk, audio)
    turn = await talk.collect_turn()
    assert {"type": "state", "state": "listening"} in turn.before
    assert turn.one("turn.start")["source"] == "voice"
    assert turn.one("transcript")["text"] == "list my tasks"
    assert turn.shown("tasks")["status"] == "done"


async def test_speaking_over_the_agent_in_hands_free_mode_interrupts_it(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    app = make_app(
        avatar_settings(), overrides=ProviderOverrides(brain=TalkativeBrain), probe_providers=False
    )
    client = await aiohttp_client(app)
    talk = await open_conversation(client, lang="en", mode="hands_free")
    await talk.send("user.text", text="tell me everything")
    await talk.until("speech.segment.end", turn_id="t1")
    await _stream(talk, await _command("stop") + silence(900, 16000))
    assert (await talk.until("interrupted")) == {
        "type": "interrupted",
        "turn_id": "t1",
        "reason": "barge_in",
    }
    turn = await talk.collect_turn()
    assert turn.one("transcript")["text"] == "stop"


async def test_spanish_voice_with_the_english_only_recogniser_is_refused_with_the_reason(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    assert talk.ready["voice_input"]["enabled"] is False
    await talk.send("audio.start", sample_rate=16000)
    error = await talk.until("error")
    assert error["stage"] == "stt"
    assert error["message"] == talk.ready["voice_input"]["reason"]
    await talk.ws.send_bytes(b"\0" * FRAME)
    await talk.send("audio.end")
    await talk.send("ping", t=3)
    rest = []
    while (message := await talk.receive()) is not None and message["type"] != "pong":
        rest.append(message["type"])
    assert "turn.start" not in rest


async def test_voice_input_off_when_stt_is_none(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(stt="none"), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    assert talk.ready["providers"]["stt"] == "none"
    assert talk.ready["voice_input"]["enabled"] is False
    assert "STT=none" in talk.ready["voice_input"]["reason"]


async def test_an_empty_push_to_talk_says_nothing_was_heard(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    await talk.send("audio.start", sample_rate=16000)
    await talk.send("audio.end")
    turn = await talk.collect_turn()
    assert turn.one("transcript")["text"] == ""
    assert "did not hear" in turn.one("notice")["message"]
    assert not turn.of("tool")
