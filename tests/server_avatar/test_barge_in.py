"""Barge-in: the user cuts the agent (typing, the interrupt button, or speaking).

A turn of the real local brain is over in milliseconds, so cutting one mid-answer needs
a slower brain: `TalkativeBrain` (test only) calls a real MCP tool, then streams a long
answer one sentence every 150 ms until it is cancelled.
"""

from __future__ import annotations

from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation
from talkative_brain import TalkativeBrain

from daniel.server_avatar.services.provider_registry import ProviderOverrides


def _app(avatar_settings: SettingsFactory, **changes: Any) -> Any:
    TalkativeBrain.instances.clear()
    return make_app(
        avatar_settings(**changes),
        overrides=ProviderOverrides(brain=TalkativeBrain),
        probe_providers=False,
    )


async def test_typing_while_the_agent_talks_cuts_the_turn_and_answers_the_new_one(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(_app(avatar_settings))
    talk = await open_conversation(client, lang="es")
    await talk.send("user.text", text="cuéntame todo")
    await talk.until("speech.segment.end", turn_id="t1")  # it is talking
    await talk.send("user.text", text="short")
    cut = await talk.until("interrupted")
    assert cut == {"type": "interrupted", "turn_id": "t1", "reason": "barge_in"}
    second = await talk.collect_turn()
    assert second.turn_id == "t2"
    assert second.text == "Vale."
    assert not [m for m in second.messages if m.get("turn_id") == "t1"], "t1 stopped at once"
    assert not [m for m in talk.seen if m["type"] == "turn.end" and m["turn_id"] == "t1"]
    brain = TalkativeBrain.instances[-1]
    assert brain.cancelled == 1
    assert brain.interrupts == 1
    assert brain.heard == ["cuéntame todo", "short"]


async def test_the_interrupt_message_stops_the_agent(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(_app(avatar_settings))
    talk = await open_conversation(client, lang="es")
    await talk.send("user.text", text="cuéntame todo")
    await talk.until("agent.delta", turn_id="t1")
    await talk.send("interrupt")
    assert await talk.until("interrupted") == {
        "type": "interrupted",
        "turn_id": "t1",
        "reason": "client",
    }
    await talk.send("ping", t=1)
    after = []
    while (message := await talk.receive()) is not None and message["type"] != "pong":
        after.append(message)
    assert not [m for m in after if m.get("turn_id") == "t1"]
    assert TalkativeBrain.instances[-1].cancelled == 1


async def test_interrupting_when_nothing_is_said_does_nothing(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(_app(avatar_settings))
    talk = await open_conversation(client, lang="es")
    await talk.send("interrupt")
    await talk.send("ping", t=2)
    assert (await talk.receive())["type"] == "pong"  # type: ignore[index]


async def test_a_new_turn_after_the_answer_ended_cuts_the_audio_still_playing(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(_app(avatar_settings))
    talk = await open_conversation(client, lang="es")
    first = await talk.ask("short")
    assert first.of("speech.segment"), "the browser is playing this answer now"
    second = await talk.ask("short")
    assert {"type": "interrupted", "turn_id": first.turn_id, "reason": "barge_in"} in second.before
