"""Each vendor failing mid-conversation (401, 429, 500, no answer, socket dropped),
seen through Daniel's WebSocket.

The vendors are the reusable fakes of tests/fakes (real sockets, the vendors'
protocols) and the fake OpenAI-compatible server of tests/server_avatar; Odoo is the
shared sandbox behind the in-process MCP server. For every case: the first turn is
answered (by a fallback) or the user gets a plain `notice`/`error`; a second turn
works; every vendor session the fake opened is closed; no task of the session is left.

"hang" cases build the real vendor client with a short timeout (the defaults are
10-45 s); every other case goes through the app's own factories.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fault_tools import (
    answered,
    close,
    errors,
    leftover_tasks,
    make_app,
    open_conversation,
    still_usable,
    told_the_user,
)

from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.services.elevenlabs.convai import ConvAIBrain
from daniel.server_avatar.services.elevenlabs.tts import ElevenLabsTTS
from daniel.server_avatar.services.heygen.avatar import HeyGenAvatar
from daniel.server_avatar.services.provider_registry import ProviderOverrides
from daniel.server_avatar.services.remote_sessions import open_sessions
from daniel.settings import load_settings
from fakes import AgentTurn, FakeElevenLabs, FakeHeyGen, FakeOpenAI

XI_KEY = "xi-test-key-0000"
HEYGEN_KEY = "heygen-test-key-0000"
LLM_KEY = "sk-test-llm-key-0000"
SECRETS = (XI_KEY, HEYGEN_KEY, LLM_KEY)
QUESTION = "¿cómo va el pipeline?"
REPLY = "Tienes cuatro oportunidades abiertas."
TTS_ENDPOINT = "tts.stream-with-timestamps"
SHORT = 1.0


@dataclass
class Vendors:
    elevenlabs: FakeElevenLabs
    heygen: FakeHeyGen
    llm: FakeOpenAI
    llm_url: str
    http: aiohttp.ClientSession
    overrides: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
async def vendors(aiohttp_server: Any) -> AsyncIterator[Vendors]:
    llm = FakeOpenAI()
    server = await aiohttp_server(llm.app)
    async with (
        FakeElevenLabs(api_key=XI_KEY, agent_id="agent_test") as elevenlabs,
        FakeHeyGen(api_key=HEYGEN_KEY) as heygen,
        aiohttp.ClientSession() as http,
    ):
        yield Vendors(elevenlabs, heygen, llm, str(server.make_url("/v1")), http)


# --------------------------------------------------------------------------- per vendor
def tts_setup(v: Vendors, failure: str) -> dict[str, Any]:
    if failure == "drop":
        v.elevenlabs.speech.drop_after_first_chunk = True
    elif failure == "hang":
        v.elevenlabs.hang(endpoint=TTS_ENDPOINT)
        v.overrides["tts"] = lambda: ElevenLabsTTS(
            http=v.http,
            api_key=XI_KEY,
            voice_id="voice_test",
            base_url=v.elevenlabs.url,
            timeout=SHORT,
        )
    else:
        v.elevenlabs.fail(int(failure), endpoint=TTS_ENDPOINT)
    return {
        "tts": "elevenlabs",
        "elevenlabs_api_key": XI_KEY,
        "elevenlabs_voice_id": "voice_test",
        "elevenlabs_base_url": v.elevenlabs.url,
    }


def convai_setup(v: Vendors, failure: str) -> dict[str, Any]:
    agent = v.elevenlabs.agent
    agent.turns.append(AgentTurn(reply=REPLY, drop=failure == "drop"))
    agent.turns.extend(AgentTurn(reply=REPLY) for _ in range(3))
    if failure == "hang":
        v.elevenlabs.hang(endpoint="get-signed-url")
        v.overrides["brain"] = lambda context: ConvAIBrain(
            context,
            http=v.http,
            api_key=XI_KEY,
            agent_id="agent_test",
            base_url=v.elevenlabs.url,
            timeout=SHORT,
            turn_timeout=3.0,
        )
    elif failure != "drop":
        v.elevenlabs.fail(int(failure), endpoint="get-signed-url")
    return {
        "brain": "elevenlabs",
        "elevenlabs_api_key": XI_KEY,
        "elevenlabs_agent_id": "agent_test",
        "elevenlabs_base_url": v.elevenlabs.url,
    }


def heygen_setup(v: Vendors, failure: str) -> dict[str, Any]:
    if failure == "hang":
        v.heygen.hang(endpoint="streaming.task")
        v.overrides["avatar"] = lambda: HeyGenAvatar(
            http=v.http,
            api_key=HEYGEN_KEY,
            avatar_id="Daniel_public",
            base_url=v.heygen.url,
            timeout=SHORT,
        )
    else:
        v.heygen.fail(int(failure), endpoint="streaming.task")
    return {
        "avatar": "heygen",
        "heygen_api_key": HEYGEN_KEY,
        "heygen_avatar_id": "Daniel_public",
        "heygen_base_url": v.heygen.url,
    }


def llm_setup(v: Vendors, failure: str) -> dict[str, Any]:
    if failure == "hang":
        v.llm.hang(5.0, times=5)
    else:
        v.llm.fail(int(failure), times=5)
    return {
        "brain": "llm",
        "llm_base_url": v.llm_url,
        "llm_model": "fake-model",
        "llm_api_key": LLM_KEY,
    }


def heal(v: Vendors) -> None:
    v.elevenlabs.heal()
    v.elevenlabs.speech.drop_after_first_chunk = False
    v.heygen.heal()
    v.llm._fail.clear()
    v.llm._hang.clear()


SETUPS: dict[str, Callable[[Vendors, str], dict[str, Any]]] = {
    "elevenlabs-tts": tts_setup,
    "elevenlabs-convai": convai_setup,
    "heygen": heygen_setup,
    "llm": llm_setup,
}
FAILURES = ("401", "429", "500", "hang")
CASES = [(vendor, failure) for vendor in SETUPS for failure in FAILURES] + [
    ("elevenlabs-tts", "drop"),
    ("elevenlabs-convai", "drop"),
]


def vendor_sessions_closed(v: Vendors, vendor: str) -> None:
    assert v.heygen.open_sessions() == [], "a HeyGen session was left open"
    if v.heygen.requests("streaming.new"):
        assert "streaming.stop" in v.heygen.names()
    assert open_sessions.keys() == [], "Daniel still tracks a remote avatar session"
    for conversation in v.elevenlabs.agent.conversations:
        assert conversation.closed_by_client or conversation.close_code is not None, (
            f"ConvAI conversation {conversation.conversation_id} left open"
        )


@pytest.mark.parametrize(("vendor", "failure"), CASES, ids=[f"{v}-{f}" for v, f in CASES])
async def test_vendor_failure_mid_conversation(
    aiohttp_client: Any,
    sandbox: Any,
    tmp_path: Path,
    vendors: Vendors,
    vendor: str,
    failure: str,
) -> None:
    values: dict[str, Any] = {
        "odoo_url": sandbox.url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "mcp_audit_log": tmp_path / "audit.jsonl",
        "daniel_lang": "es",
        "brain": "local",
        "tts": "none",
        "stt": "none",
        "avatar": "local",
    }
    values.update(SETUPS[vendor](vendors, failure))
    app = make_app(
        load_settings(**values),
        tuning=ServerTuning(llm_timeout=SHORT, mcp_call_timeout=5.0),
        overrides=ProviderOverrides(**vendors.overrides),
        probe_providers=False,
    )
    client = await aiohttp_client(app)
    baseline = set(asyncio.all_tasks())

    talk = await open_conversation(client, lang="es")
    first = await talk.ask(QUESTION, wait=20)
    told = told_the_user(talk, first)
    assert answered(first) or errors(first), f"turn neither answered nor failed: {first.messages}"
    assert told or answered(first), "the user was told nothing"
    if not (vendor == "elevenlabs-tts" and failure == "drop"):
        # a voice that drops after the first chunk may still have said the sentence
        assert told, f"the failure was not reported: {first.messages}"
    for message in told + [str(m.get("text", "")) for m in first.messages]:
        assert not any(secret in message for secret in SECRETS)

    heal(vendors)
    await still_usable(talk)
    second = await talk.ask(QUESTION, wait=20)
    assert answered(second), second.messages
    assert not errors(second), errors(second)
    await close(talk)
    await client.close()

    vendor_sessions_closed(vendors, vendor)
    await vendors.elevenlabs.close()  # ends the fakes' own hung handlers
    await vendors.heygen.close()
    assert await leftover_tasks(baseline) == []


async def test_a_convai_socket_dropped_mid_turn_is_reported_once(
    aiohttp_client: Any, sandbox: Any, tmp_path: Path, vendors: Vendors
) -> None:
    values: dict[str, Any] = {
        "odoo_url": sandbox.url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "mcp_audit_log": tmp_path / "audit.jsonl",
        "daniel_lang": "es",
        "tts": "none",
        "stt": "none",
        "avatar": "local",
        **convai_setup(vendors, "drop"),
    }
    app = make_app(load_settings(**values), probe_providers=False)
    client = await aiohttp_client(app)
    talk = await open_conversation(client, lang="es")
    first = await talk.ask(QUESTION, wait=20)
    second = await talk.ask(QUESTION, wait=20)  # also gathers any late repeat of the first
    lost = "Se perdió la conexión con ElevenLabs; vuelve a intentarlo."
    shown = [m for m in talk.seen if m["type"] in ("notice", "error") and m["message"] == lost]
    assert len(shown) == 1, shown
    assert shown[0] in errors(first)
    assert shown[0]["turn_id"] == first.turn_id
    assert answered(second), second.messages
    assert second.text == REPLY
    assert not errors(second), errors(second)
    await close(talk)
    await client.close()
    vendor_sessions_closed(vendors, "elevenlabs-convai")
