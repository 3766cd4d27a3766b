"""A process that has fallen behind answers a new question "busy, ask again" at once."""

from __future__ import annotations

from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.server_avatar.load_gate import LoadGate
from daniel.server_avatar.state import STATE


def test_the_gate_opens_and_closes_with_the_speed_of_recent_turns() -> None:
    gate = LoadGate(busy_after=3600.0, stuck=3600.0)
    for _ in range(5):
        gate.end(gate.begin())
    assert not gate.busy()  # five quick turns: not behind
    gate.busy_after = 0.0
    assert gate.busy()  # the same turns, judged slow
    gate.busy_after = 3600.0
    gate.begin()  # a turn that never ends ...
    gate.stuck = 0.0
    assert gate.busy()  # ... is stuck


async def test_a_question_is_answered_busy_while_the_server_is_behind(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    app = make_app(avatar_settings(tts="none", stt="none"), probe_providers=False)
    client = await aiohttp_client(app)
    talk = await open_conversation(client, lang="es")
    for _ in range(5):
        answered = await talk.ask("hola")
        assert answered.outcome != "busy"
    gate = app[STATE].gate
    gate.busy_after = 0.0  # every recent turn now counts as too slow
    turn = await talk.ask("¿Cuántas oportunidades hay?")
    assert turn.outcome == "busy"
    assert "mucha gente" in turn.text
    assert not turn.of("tool")  # nothing was asked of Odoo
    gate.busy_after = 3600.0  # caught up
    again = await talk.ask("¿Cuántas oportunidades hay?")
    assert again.outcome != "busy"
    assert again.of("tool")
