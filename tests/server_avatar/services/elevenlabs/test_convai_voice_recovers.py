"""A ConvAI socket dropped during a spoken turn does not stop Daniel from listening.

Through Daniel's own WebSocket and real server, with the fake ElevenLabs agent on a real
socket: the user speaks, the agent's socket drops in the middle of the answer, the user
is told once; the user speaks again and the agent's answer arrives.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ws_browser import Browser

from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.server import AppOptions, create_app
from daniel.settings import load_settings
from fakes import AgentTurn, FakeElevenLabs

LOST = "Se perdió la conexión con ElevenLabs; vuelve a intentarlo."
SECOND_REPLY = "Tienes cuatro oportunidades abiertas."
SPEECH = b"\x01\x00" * 16000  # one second of (non-silent) PCM16 at 16 kHz


async def test_speaking_again_after_a_dropped_convai_socket_gets_the_answer(
    aiohttp_client: Any, sandbox: Any, tmp_path: Path, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(heard="¿Cómo va el pipeline?", reply="Tienes cuatro. La mayor es…", drop=True)
    )
    elevenlabs.agent.turns.append(AgentTurn(heard="¿Y las oportunidades?", reply=SECOND_REPLY))
    settings = load_settings(
        odoo_url=sandbox.url,
        odoo_db=sandbox.db,
        odoo_user=sandbox.login,
        odoo_api_key=sandbox.api_key,
        mcp_audit_log=tmp_path / "audit.jsonl",
        daniel_lang="es",
        brain="elevenlabs",
        tts="none",
        stt="none",
        avatar="local",
        elevenlabs_api_key="xi-test-key-0000",
        elevenlabs_agent_id="agent_test",
        elevenlabs_base_url=elevenlabs.url,
    )
    app = create_app(settings, AppOptions(recorder=LatencyRecorder(), probe_providers=False))
    client = await aiohttp_client(app)
    browser = Browser(await client.ws_connect("/ws"))
    await browser.send("session.start", lang="es", mode="push_to_talk")
    assert (await browser.until("session.ready"))["providers"]["brain"] == "elevenlabs"
    await browser.until("state", state="idle")
    before = len(browser.messages)

    await browser.speak(SPEECH)
    first = await browser.until("turn.start", source="voice")
    await browser.until("turn.end", turn_id=first["turn_id"])
    await browser.speak(SPEECH)
    async with asyncio.timeout(8):  # the old code never starts this turn
        second = await browser.until("turn.start", source="voice")
        answer = await browser.until("agent.text", turn_id=second["turn_id"])
        await browser.until("turn.end", turn_id=second["turn_id"])
    await browser.stop()

    told = [m for m in browser.messages[before:] if m["type"] in ("error", "notice")]
    assert [m["message"] for m in told] == [LOST]  # exactly one, in plain words
    assert told[0]["type"] == "error"
    assert told[0]["turn_id"] == first["turn_id"]
    assert answer["text"] == SECOND_REPLY
    assert [m["text"] for m in browser.of("transcript", final=True)][-1] == "¿Y las oportunidades?"
    assert len(elevenlabs.agent.conversations) == 2  # speaking again reconnected
