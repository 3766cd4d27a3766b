"""Contract tests of the ElevenLabs ConvAI brain against the fake agent, over real sockets."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from typing import Any

import aiohttp
import pytest
from convai_helpers import KEY, collect, make_brain, next_turn, spoken
from vendor_tools import PROJECTS, McpTools

from daniel.server_avatar.services.base import (
    AgentSpeech,
    BrainContext,
    BrainEvent,
    ConfirmationOutcome,
    ConfirmationRequest,
    Interruption,
    Notice,
    ProviderError,
    TextDelta,
    ToolActivity,
    TurnDone,
    UserTranscript,
)
from daniel.server_avatar.services.elevenlabs.convai import ConvAIBrain
from fakes import AgentTurn, Conversation, FakeElevenLabs

SPEECH = b"\x01\x00" * 16000  # 1 s of (very quiet) speech at 16 kHz


async def test_text_turn_streams_text_speech_and_lip_sync(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(reply="Hola Marta, ¿en qué te ayudo?", audio_chunks=3))
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Hola"))
    await brain.close()

    assert isinstance(events[-1], TurnDone)
    assert events[-1].text == "Hola Marta, ¿en qué te ayudo?"
    assert any(isinstance(e, TextDelta) and "Hola Marta" in e.text for e in events)
    assert spoken(events) == "Hola Marta, ¿en qué te ayudo?"
    speech = [e.chunk for e in events if isinstance(e, AgentSpeech)]
    assert all(c.sample_rate == 16000 and c.audio for c in speech)
    assert speech[0].visemes[0].t == 0
    assert [v.t for v in speech[0].visemes] == sorted(v.t for v in speech[0].visemes)
    assert {"MBP", "A"} <= {v.v for c in speech for v in c.visemes}
    assert [w.w for w in speech[0].words][:1] == ["Hola"]
    # The key went in a header to the signed-URL endpoint only; never to the socket.
    signed = elevenlabs.requests("get-signed-url")[0]
    assert signed.headers["xi-api-key"] == KEY
    socket = elevenlabs.requests("conversation")[0]
    assert KEY not in str(socket.query)


async def test_initiation_is_first_with_language_and_user_name(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    brain = make_brain(context, http, elevenlabs, first_message="¡Hola!")
    await brain.start()
    await collect(brain.respond("Hola"))
    await brain.close()
    conversation = elevenlabs.agent.conversations[0]
    first = conversation.messages[0]
    assert first["type"] == "conversation_initiation_client_data"
    assert first["conversation_config_override"]["agent"]["language"] == "es"
    assert first["conversation_config_override"]["agent"]["first_message"] == "¡Hola!"
    assert first["dynamic_variables"]["user_name"] == "Marta"
    assert conversation.user_messages == ["Hola"]


async def test_voice_turn_relays_250ms_chunks_and_reports_transcripts(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(heard="¿Qué proyectos tengo?", reply="Tienes dos proyectos.")
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    for _ in range(10):  # push-to-talk: 10 × 100 ms, then the button is released
        await brain.send_audio(b"\x01\x00" * 1600)
    events = await next_turn(brain)
    await brain.close()

    transcripts = [e for e in events if isinstance(e, UserTranscript)]
    assert transcripts[0].final is False
    assert transcripts[-1] == UserTranscript("¿Qué proyectos tengo?", final=True)
    assert events[-1] == TurnDone("Tienes dos proyectos.")
    chunks = [m for m in elevenlabs.agent.conversations[0].messages if "user_audio_chunk" in m]
    sizes = [len(base64.b64decode(m["user_audio_chunk"])) for m in chunks]
    assert sizes[:5] == [8000] * 5  # 250 ms each: 4 of speech, then trailing silence
    assert all("type" not in m for m in chunks)
    assert bytes(elevenlabs.agent.conversations[0].audio[:32000]) == b"\x01\x00" * 16000


async def test_every_ping_gets_a_pong_with_its_event_id(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    await asyncio.sleep(0.4)
    conversation = elevenlabs.agent.conversations[0]
    await brain.close()
    assert len(conversation.pings) >= 3
    assert conversation.pings == sorted(conversation.pings)
    assert conversation.missing_pongs() in ([], conversation.pings[-1:])


async def test_interruption_drops_audio_at_or_below_its_event_id(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    reply = "Las oportunidades abiertas son cuatro: flota, web, formación y soporte."
    elevenlabs.agent.turns += [
        AgentTurn(heard="¿Cómo va el pipeline?", reply=reply, audio_chunks=4, interrupt_after=2),
        AgentTurn(heard="Espera, espera", reply="Vale, te escucho."),
    ]
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    await brain.send_audio(SPEECH)  # 1 s of speech: the first question
    first = await events_until(brain, Interruption)
    await brain.send_audio(SPEECH)  # the user keeps talking: a new turn
    second = await next_turn(brain)
    await brain.close()

    heard = spoken(first)
    assert heard
    assert reply.startswith(heard)
    assert heard != reply
    assert not any(isinstance(e, TurnDone) for e in first)  # an interrupted turn just stops
    # The chunk sent after the interruption with the same event id never plays.
    assert spoken(second) == "Vale, te escucho."
    assert second[-1] == TurnDone("Vale, te escucho.")
    assert UserTranscript("Espera, espera", final=True) in second


async def test_a_typed_turn_ends_at_the_interruption(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(reply="Una respuesta bastante larga.", audio_chunks=3, interrupt_after=1)
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Hola"))
    await brain.close()
    assert events[-1] == Interruption("barge_in")
    assert len([e for e in events if isinstance(e, AgentSpeech)]) == 1


async def events_until(brain: ConvAIBrain, kind: type) -> list[BrainEvent]:
    seen: list[BrainEvent] = []
    async with asyncio.timeout(5):
        async for event in brain.events():
            seen.append(event)
            if isinstance(event, kind):
                return seen
    return seen


async def test_client_tool_call_runs_on_the_mcp_server_and_answers_the_agent(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    tools: McpTools,
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(
            tool_calls=[("list_projects", {})],
            reply=lambda results: "Tienes dos proyectos." if results else "Nada.",
        )
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("¿Qué proyectos tengo?"))
    await brain.close()

    assert tools.calls == [("list_projects", {})]
    result = elevenlabs.agent.conversations[0].tool_results[0]
    assert result["type"] == "client_tool_result"
    assert result["is_error"] is False
    assert all(p["name"] in result["result"] for p in PROJECTS)
    activity = [e for e in events if isinstance(e, ToolActivity)]
    assert [a.status for a in activity] == ["running", "done"]
    assert activity[1].kind == "projects"
    assert len(activity[1].records) == 2
    assert events[-1] == TurnDone("Tienes dos proyectos.")


async def test_unknown_tool_is_reported_to_the_agent_as_an_error(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(tool_calls=[("no_such_tool", {})], reply="No he podido consultarlo.")
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Haz algo raro"))
    await brain.close()
    assert elevenlabs.agent.conversations[0].tool_results[0]["is_error"] is True
    assert [a.status for a in events if isinstance(a, ToolActivity)] == ["running", "error"]
    assert events[-1] == TurnDone("No he podido consultarlo.")


def agent_proposes_a_win(elevenlabs: FakeElevenLabs) -> None:
    """The agent's two turns: it proposes marking a lead won, then says it is done."""
    elevenlabs.agent.turns += [
        AgentTurn(
            tool_calls=[("mark_lead_won", {"lead": "Talleres Ruiz"})],
            reply="¿Confirmo que la marco como ganada?",
        ),
        AgentTurn(reply="Hecho, ya está ganada."),
    ]


async def test_a_write_becomes_a_confirmation_and_the_button_carries_it_out(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    tools: McpTools,
) -> None:
    agent_proposes_a_win(elevenlabs)
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Marca como ganada Talleres Ruiz"))
    request = next(e for e in events if isinstance(e, ConfirmationRequest))
    confirmed = await collect(brain.confirm(request.confirmation_id, accept=True))
    await brain.close()

    assert request.summary == "Marcar como ganada «Talleres Ruiz»"
    assert request.changes[0]["new"] == "Ganado"
    token = tools.calls[-1][1]["confirmation_token"]
    assert tools.calls[-1] == ("confirm_action", {"confirmation_token": token, "lang": "es"})
    assert token not in request.confirmation_id  # the browser never sees the MCP token
    told = elevenlabs.agent.conversations[0].tool_results[0]["result"]
    assert "TODAVÍA NO SE HA CAMBIADO NADA" in told
    assert f"confirm_action con confirmation_token {token}" in told
    assert confirmed[0] == ConfirmationOutcome(
        request.confirmation_id, "done", "Hecho: «Talleres Ruiz» está ganada.", ()
    )
    assert "Hecho" in elevenlabs.agent.conversations[0].user_messages[-1]
    assert confirmed[-1] == TurnDone("Hecho, ya está ganada.")


def token_in_last_result(conversation: Conversation) -> dict[str, Any]:
    """What a real agent does: reuse the token the tool result told it about."""
    match = re.search(r"confirmation_token (\w+)", conversation.tool_results[-1]["result"])
    return {"confirmation_token": match.group(1) if match else "missing"}


async def test_a_spoken_yes_is_carried_out_by_the_agent(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    tools: McpTools,
) -> None:
    elevenlabs.agent.turns += [
        AgentTurn(
            tool_calls=[("mark_lead_won", {"lead": "Talleres Ruiz"})],
            reply="¿Confirmo que la marco como ganada?",
        ),
        AgentTurn(tool_calls=[("confirm_action", token_in_last_result)], reply="Hecho."),
    ]
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    proposed = await collect(brain.respond("Marca como ganada Talleres Ruiz"))
    done = await collect(brain.respond("Sí, confírmalo"))
    late = await collect(brain.confirm(proposed_id(proposed), accept=True))
    await brain.close()

    outcome = next(e for e in done if isinstance(e, ConfirmationOutcome))
    assert outcome.confirmation_id == proposed_id(proposed)
    assert outcome.status == "done"
    assert done[-1] == TurnDone("Hecho.")
    assert [name for name, _ in tools.calls].count("confirm_action") == 1
    assert isinstance(late[0], ConfirmationOutcome)
    assert late[0].status == "expired"  # the button came too late: nothing runs twice


def proposed_id(events: list[BrainEvent]) -> str:
    return next(e.confirmation_id for e in events if isinstance(e, ConfirmationRequest))


async def test_cancel_button_cancels_on_the_mcp_server(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    tools: McpTools,
) -> None:
    elevenlabs.agent.turns += [
        AgentTurn(tool_calls=[("mark_lead_won", {"lead": "Web"})], reply="¿Lo confirmo?"),
        AgentTurn(reply="De acuerdo, no cambio nada."),
    ]
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Marca como ganada Web"))
    request = next(e for e in events if isinstance(e, ConfirmationRequest))
    cancelled = await collect(brain.confirm(request.confirmation_id, accept=False))
    await brain.close()
    assert tools.calls[-1][0] == "cancel_action"
    assert isinstance(cancelled[0], ConfirmationOutcome)
    assert cancelled[0].status == "cancelled"
    assert cancelled[-1] == TurnDone("De acuerdo, no cambio nada.")


@pytest.mark.parametrize(
    ("code", "error_type", "retryable", "words"),
    [
        (1002, "llm_timeout", True, "tardó demasiado"),
        (1008, "override_error", False, "Security"),
        (1011, "unknown_websocket_crash", True, "error interno"),
    ],
)
async def test_error_closes_end_the_turn_with_a_clear_error(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    code: int,
    error_type: str,
    retryable: bool,
    words: str,
) -> None:
    elevenlabs.agent.turns.append(
        AgentTurn(reply="Un momento...", close_code=code, error_type=error_type)
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    with pytest.raises(ProviderError) as caught:
        await collect(brain.respond("Hola"))
    await brain.close()
    assert caught.value.service == "elevenlabs"
    assert caught.value.retryable is retryable
    assert words in caught.value.localized("es")
    assert KEY not in str(caught.value)


async def test_normal_close_is_a_notice_and_the_next_turn_reconnects(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns += [
        AgentTurn(reply="Hasta luego.", close_code=1000),
        AgentTurn(reply="Hola de nuevo."),
    ]
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    first = await collect(brain.respond("Adiós"))
    second = await collect(brain.respond("Hola"))
    await brain.close()
    assert any(isinstance(e, Notice) for e in first)
    assert isinstance(first[-1], TurnDone)
    assert second[-1] == TurnDone("Hola de nuevo.")
    assert len(elevenlabs.agent.conversations) == 2


async def test_dropped_socket_mid_turn_is_a_retryable_error(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(reply="Te cuento...", drop=True))
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    with pytest.raises(ProviderError) as caught:
        await collect(brain.respond("Hola"))
    await brain.close()
    assert caught.value.retryable is True
    assert "conexión" in caught.value.localized("es")


async def test_silent_agent_times_out_the_turn(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(silent=True))
    brain = make_brain(context, http, elevenlabs, turn_timeout=0.3)
    await brain.start()
    with pytest.raises(ProviderError) as caught:
        await collect(brain.respond("¿Hola?"))
    await brain.close()
    assert caught.value.retryable is True
    assert "no respondió a tiempo" in caught.value.localized("es")
    assert elevenlabs.agent.conversations[0].closed_by_client


async def test_voice_errors_reach_the_events_stream(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns.append(AgentTurn(heard="hola", reply="...", close_code=1011))
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    await brain.send_audio(SPEECH)
    with pytest.raises(ProviderError) as caught:
        await next_turn(brain)
    await brain.close()
    assert caught.value.retryable is True


async def test_a_conversation_moves_to_another_process_with_its_context_and_proposal(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    tools: McpTools,
) -> None:
    agent_proposes_a_win(elevenlabs)
    here = make_brain(context, http, elevenlabs)
    await here.start()
    events = await collect(here.respond("Marca como ganada Talleres Ruiz"))
    request = next(e for e in events if isinstance(e, ConfirmationRequest))
    moved = here.snapshot()
    await here.close()  # this process goes away (a drained or killed replica)

    there = make_brain(context, http, elevenlabs)  # another process, same conversation
    assert moved is not None
    assert there.restore(json.loads(json.dumps(moved)))  # it travels as JSON
    await there.start()
    confirmed = await collect(there.confirm(request.confirmation_id, accept=True))
    await there.close()

    assert confirmed[0].status == "done"  # type: ignore[union-attr]
    assert tools.calls[-1][0] == "confirm_action"
    # the new ElevenLabs conversation was told what had been said before it
    second = elevenlabs.agent.conversations[1].messages
    updates = [m["text"] for m in second if m.get("type") == "contextual_update"]
    assert updates
    assert "User: Marca como ganada Talleres Ruiz" in updates[0]
    assert "Agent: ¿Confirmo que la marco como ganada?" in updates[0]
