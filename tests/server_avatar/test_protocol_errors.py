"""Bad input on the WebSocket gets an `error` (stage "protocol") and the session goes on."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from avatar_client import Conversation, SettingsFactory, make_app, open_conversation

from daniel.server_avatar.protocol import ProtocolError, parse_message


async def _error_then_still_alive(talk: Conversation) -> dict[str, Any]:
    error = await talk.until("error")
    assert error["stage"] == "protocol"
    assert "Traceback" not in error["message"]
    await talk.send("ping", t=7)
    assert (await talk.until("pong"))["t"] == 7
    return error


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ("not json", "JSON"),
        ("[1, 2]", "type"),
        ('{"text": "hola"}', "type"),
        ('{"type": "dance"}', "dance"),
        ('{"type": "user.text", "text": ""}', "text"),
        ('{"type": "user.text", "text": "' + "x" * 2001 + '"}', "text"),
        ('{"type": "confirm", "confirmation_id": "k1", "accept": "yes"}', "accept"),
        ('{"type": "audio.start", "sample_rate": 44100}', "sample_rate"),
        ('{"type": "lang", "lang": "fr"}', "lang"),
    ],
)
async def test_malformed_messages_are_answered_and_the_session_continues(
    aiohttp_client: Any, avatar_settings: SettingsFactory, frame: str, words: str
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    await talk.ws.send_str(frame)
    error = await _error_then_still_alive(talk)
    assert words in error["message"]
    assert error["message"].startswith("Invalid message")


async def test_oversized_frames_are_refused_without_closing(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    await talk.ws.send_str(json.dumps({"type": "ping", "pad": "x" * 70_000}))
    error = await _error_then_still_alive(talk)
    assert "65536" in error["message"]
    await talk.ws.send_bytes(b"\0" * 70_000)
    error = await _error_then_still_alive(talk)
    assert "65536" in error["message"]


async def test_messages_before_session_start_are_refused(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    ws = await client.ws_connect("/ws")
    talk = Conversation(ws)
    await talk.send("user.text", text="hola")
    error = await _error_then_still_alive(talk)
    assert "session.start" in error["message"]
    ready = await talk.start(lang="es")
    assert ready["session_id"].startswith("s-")
    await talk.send("session.start")
    assert (await talk.until("error"))["stage"] == "protocol"


async def test_a_flood_of_messages_is_rate_limited_with_one_warning(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    for number in range(120):
        await talk.send("ping", t=number)
    await asyncio.sleep(1.1)  # the bucket refills
    await talk.send("ping", t=999)
    answered: list[Any] = []
    errors: list[str] = []
    while 999 not in answered:
        message = await talk.receive(5)
        assert message is not None
        if message["type"] == "pong":
            answered.append(message["t"])
        elif message["type"] == "error":
            errors.append(message["message"])
    assert 45 <= len(answered) - 1 < 100, "about 50 per second get through"
    assert len(errors) == 1
    assert errors[0].startswith("Too many messages")


async def test_session_stop_closes_the_socket_normally(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    assert await talk.stop() == []
    assert talk.ws.close_code == 1000


def test_parse_message_builds_typed_messages() -> None:
    message = parse_message('{"type": "confirm", "confirmation_id": "k1", "accept": true}')
    assert (message.type, message.confirmation_id, message.accept) == ("confirm", "k1", True)  # type: ignore[union-attr]
    with pytest.raises(ProtocolError, match="unknown message type"):
        parse_message('{"type": "session.begin"}')
