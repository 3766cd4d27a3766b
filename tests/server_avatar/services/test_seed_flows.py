"""The two seed flows end to end, through Daniel's own WebSocket and real server.

Only the vendors are fakes (ElevenLabs' agent, HeyGen), on real sockets; the avatar
server, the MCP server and the Odoo sandbox are the real ones.

1. The user speaks → the ElevenLabs agent answers → HeyGen's avatar says exactly the
   answer, sentence by sentence; the browser gets the LiveKit room in `avatar.session`.
2. A question about projects → the agent calls a client tool → MCP server → sandbox →
   the result goes back to the agent → the spoken answer.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from ws_browser import Browser

from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.server import AppOptions, create_app
from daniel.settings import Settings, load_settings
from fakes import AgentTurn, FakeElevenLabs, FakeHeyGen, FakeLiveAvatar

ANSWER = "Tienes cuatro oportunidades abiertas. La mayor es la flota de Talleres Ruiz."


def vendor_settings(
    sandbox: Any, tmp_path: Path, elevenlabs: FakeElevenLabs, heygen: FakeHeyGen, **changes: Any
) -> Settings:
    values: dict[str, Any] = {
        "odoo_url": sandbox.url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "mcp_audit_log": tmp_path / "audit.jsonl",
        "daniel_lang": "es",
        "brain": "elevenlabs",
        "tts": "none",
        "stt": "none",
        "avatar": "heygen",
        "elevenlabs_api_key": "xi-test-key-0000",
        "elevenlabs_agent_id": "agent_test",
        "elevenlabs_base_url": elevenlabs.url,
        "heygen_api_key": "heygen-test-key-0000",
        "heygen_avatar_id": "Daniel_public",
        "heygen_base_url": heygen.url,
    }
    values.update(changes)
    return load_settings(**values)


async def open_browser(aiohttp_client: Any, settings: Settings) -> Browser:
    app = create_app(settings, AppOptions(recorder=LatencyRecorder(), probe_providers=False))
    client = await aiohttp_client(app)
    browser = Browser(await client.ws_connect("/ws"))
    await browser.send("session.start", lang="es", mode="push_to_talk")
    await browser.until("session.ready")
    return browser


async def test_spoken_question_answered_by_the_agent_and_said_by_heygen(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(heard="¿Cómo va el pipeline?", reply=ANSWER))
    browser = await open_browser(
        aiohttp_client, vendor_settings(sandbox, tmp_path, elevenlabs, heygen)
    )
    ready = browser.of("session.ready")[0]
    room = await browser.until("avatar.session")

    await browser.speak(b"\x01\x00" * 16000)  # one second of speech
    await browser.until("turn.end")
    await browser.stop()

    assert ready["providers"] == {
        "brain": "elevenlabs",
        "stt": "none",
        "tts": "none",
        "avatar": "heygen",
    }
    assert ready["voice_input"]["enabled"] is True
    session = next(iter(heygen.sessions.values()))
    assert room == {
        "type": "avatar.session",
        "provider": "heygen",
        "livekit_url": f"wss://livekit.fake-heygen.test/{session.session_id}",
        "token": f"lk-token-{session.session_id}",
    }
    assert browser.of("transcript", final=True)[0]["text"] == "¿Cómo va el pipeline?"
    assert browser.of("agent.text")[0]["text"] == ANSWER
    # HeyGen said exactly the agent's answer, one `repeat` task per sentence.
    assert heygen.spoken() == [
        "Tienes cuatro oportunidades abiertas.",
        "La mayor es la flota de Talleres Ruiz.",
    ]
    assert {t["task_type"] for t in session.tasks} == {"repeat"}
    assert browser.audio_bytes == 0  # the avatar speaks in the LiveKit room, not here
    conversation = elevenlabs.agent.conversations[0]
    assert bytes(conversation.audio[:32000]) == b"\x01\x00" * 16000
    assert conversation.missing_pongs() in ([], conversation.pings[-1:])
    assert heygen.names()[-1] == "streaming.stop"
    assert heygen.open_sessions() == []


async def test_project_question_goes_agent_to_mcp_to_odoo_and_back(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(
            tool_calls=[("project_list", {})],
            reply=lambda results: "Estos son tus proyectos." if results else "No sé.",
        )
    )
    browser = await open_browser(
        aiohttp_client, vendor_settings(sandbox, tmp_path, elevenlabs, heygen)
    )
    await browser.send("user.text", text="¿Qué proyectos tengo?")
    await browser.until("turn.end")
    await browser.stop()

    running = browser.of("tool", name="project_list", status="running")
    done = browser.of("tool", name="project_list", status="done")
    assert running[0]["label"] == "Buscando proyectos…"
    cards = done[0]["records"]
    assert cards
    assert all(card["url"].startswith(sandbox.url) for card in cards)
    sent = elevenlabs.agent.conversations[0].tool_results[0]
    assert sent["is_error"] is False
    assert all(card["name"] in sent["result"] for card in cards)  # Odoo's data reached the agent
    assert browser.of("agent.text")[0]["text"] == "Estos son tus proyectos."
    assert heygen.spoken() == ["Estos son tus proyectos."]


async def test_failing_vendors_fall_back_to_local_providers_without_leaks(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    elevenlabs.fail(401, endpoint="get-signed-url")
    heygen.fail(500, endpoint="streaming.start")
    settings = vendor_settings(sandbox, tmp_path, elevenlabs, heygen)
    browser = await open_browser(aiohttp_client, settings)
    ready = browser.of("session.ready")[0]
    await browser.until("state", state="idle")
    await browser.stop()

    assert ready["providers"]["brain"] == "local"
    assert ready["providers"]["avatar"] == "local"
    notices = " ".join(m["message"] for m in browser.of("notice"))
    assert "ELEVENLABS_API_KEY" in notices
    assert "HeyGen" in notices
    assert "xi-test-key-0000" not in notices
    assert heygen.open_sessions() == []  # the half-started HeyGen session was stopped
    assert heygen.names()[-1] == "streaming.stop"


@pytest.fixture(autouse=True)
def _no_leftover_remote_sessions() -> Any:
    from daniel.server_avatar.services.remote_sessions import open_sessions

    yield
    assert open_sessions.keys() == []


async def test_liveavatar_says_the_answer_with_daniels_voice(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
    liveavatar: FakeLiveAvatar,
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(reply="Hola. Soy Daniel."))
    settings = vendor_settings(
        sandbox,
        tmp_path,
        elevenlabs,
        heygen,
        avatar="liveavatar",
        tts="elevenlabs",
        elevenlabs_voice_id="voice_test",
        liveavatar_api_key="liveavatar-test-key-0000",
        liveavatar_avatar_id="11111111-2222-3333-4444-555555555555",
        liveavatar_base_url=liveavatar.base_url,
    )
    browser = await open_browser(aiohttp_client, settings)
    assert browser.of("session.ready")[0]["providers"]["avatar"] == "liveavatar"
    room = await browser.until("avatar.session")
    await browser.send("user.text", text="Hola")
    await browser.until("turn.end")
    await browser.stop()

    session = next(iter(liveavatar.sessions.values()))
    assert room["provider"] == "liveavatar"
    assert room["token"] == f"lk-client-{session.session_id}"
    assert elevenlabs.speech.records.tts_texts == ["Hola.", "Soy Daniel."]
    assert len(session.spoken) == 2
    assert session.state == "stopped"


async def test_the_page_falling_back_to_its_own_avatar_stops_heygen_and_gets_the_speech(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(reply=ANSWER))
    browser = await open_browser(
        aiohttp_client, vendor_settings(sandbox, tmp_path, elevenlabs, heygen)
    )
    await browser.until("avatar.session")
    await browser.send("avatar.fallback", reason="connect_failed")
    notice = await browser.until("notice")
    for _ in range(250):
        if not heygen.open_sessions():
            break
        await asyncio.sleep(0.02)
    await browser.send("user.text", text="¿Cómo va el pipeline?")
    await browser.until("turn.end")
    await browser.stop()

    assert "avatar local" in notice["message"]
    assert heygen.names()[-1] == "streaming.stop"  # the paid session is over
    assert heygen.spoken() == []
    assert browser.of("speech.segment"), "the answer is spoken on the page"
    assert browser.audio_bytes > 0
    assert browser.of("agent.text")[0]["text"] == ANSWER


async def test_a_notice_from_the_agent_outside_a_turn_is_not_a_turn(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    elevenlabs.agent.refuse_overrides = True  # the brain says so in a notice at start
    elevenlabs.agent.turns.append(AgentTurn(reply="Hola."))
    browser = await open_browser(
        aiohttp_client, vendor_settings(sandbox, tmp_path, elevenlabs, heygen)
    )
    notice = await browser.until("notice")
    await browser.send("user.text", text="Hola")
    await browser.until("turn.end")
    await browser.stop()

    assert "Security" in notice["message"]
    types = [m["type"] for m in browser.messages]
    assert types.index("notice") < types.index("turn.start")
    assert [m["turn_id"] for m in browser.of("turn.start")] == ["t1"]
    assert [m["text"] for m in browser.of("agent.text")] == ["Hola."]
