"""A process that has fallen behind answers a new question "busy, ask again" at once."""

from __future__ import annotations

import asyncio
from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.server_avatar.app_state import STATE
from daniel.server_avatar.load_gate import LoadGate


def test_the_gate_closes_only_when_turns_are_slow_for_want_of_cpu() -> None:
    gate = LoadGate(busy_after=3600.0, stuck=3600.0)
    for _ in range(5):
        gate.end(gate.begin())
    gate.note_pressure(True)
    assert not gate.busy()  # five quick turns: not behind
    gate.busy_after = 0.0
    assert gate.busy()  # the same turns, judged slow, with the CPU short
    gate.busy_after = 3600.0
    gate.begin()  # a turn that never ends ...
    gate.stuck = 0.0
    assert gate.busy()  # ... is stuck
    idle = LoadGate(busy_after=0.0, stuck=0.0)
    for _ in range(5):
        idle.end(idle.begin())
    idle.note_pressure(False)
    assert not idle.busy()  # slow turns with CPU to spare: a slow Odoo, not "busy"


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
    gate.busy_after = 0.0  # every recent turn now counts as too slow ...
    gate.lag_after = -1.0  # ... and the CPU as short
    await asyncio.sleep(0.3)  # the watcher samples the CPU every 0.1 s
    turn = await talk.ask("¿Cuántas oportunidades hay?")
    assert turn.outcome == "busy"
    assert "mucha gente" in turn.text
    assert not turn.of("tool")  # nothing was asked of Odoo
    gate.busy_after = 3600.0  # caught up
    again = await talk.ask("¿Cuántas oportunidades hay?")
    assert again.outcome != "busy"
    assert again.of("tool")
