"""The ConvAI brain's start-up: signed URL fetch, its failures and its expiry."""

from __future__ import annotations

import base64
import logging

import aiohttp
import pytest
from convai_helpers import KEY, collect, make_brain

from daniel.server_avatar.services.base import (
    AgentSpeech,
    BrainContext,
    Notice,
    ProviderError,
    TurnDone,
)
from fakes import AgentTurn, FakeElevenLabs


@pytest.mark.parametrize(
    ("status", "retryable", "words"),
    [
        (401, False, "ELEVENLABS_API_KEY"),
        (402, False, "cuota"),
        (404, False, "ELEVENLABS_AGENT_ID"),
        (429, True, "unos segundos"),
        (500, True, "temporal"),
        (503, True, "temporal"),
    ],
)
async def test_signed_url_failures_are_clear_provider_errors(
    context: BrainContext,
    http: aiohttp.ClientSession,
    elevenlabs: FakeElevenLabs,
    caplog: pytest.LogCaptureFixture,
    status: int,
    retryable: bool,
    words: str,
) -> None:
    elevenlabs.fail(status, endpoint="get-signed-url")
    brain = make_brain(context, http, elevenlabs)
    with caplog.at_level(logging.DEBUG), pytest.raises(ProviderError) as caught:
        await brain.start()
    await brain.close()
    assert caught.value.service == "elevenlabs"
    assert caught.value.retryable is retryable
    assert words in caught.value.localized("es")
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text
    assert elevenlabs.agent.conversations == []


async def test_wrong_key_is_refused_without_leaking_it(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    brain = make_brain(context, http, elevenlabs, api_key="xi-wrong-key-9999")
    with pytest.raises(ProviderError) as caught:
        await brain.start()
    assert caught.value.retryable is False
    assert "xi-wrong-key-9999" not in str(caught.value)


async def test_unknown_agent_names_the_setting(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    brain = make_brain(context, http, elevenlabs, agent_id="agent_missing")
    with pytest.raises(ProviderError, match="ELEVENLABS_AGENT_ID"):
        await brain.start()


async def test_a_hanging_signed_url_endpoint_times_out(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.hang(endpoint="get-signed-url")
    brain = make_brain(context, http, elevenlabs, timeout=0.2)
    with pytest.raises(ProviderError) as caught:
        await brain.start()
    assert caught.value.retryable is True
    assert "a tiempo" in caught.value.localized("es")


async def test_unreachable_service_is_retryable(
    context: BrainContext, http: aiohttp.ClientSession
) -> None:
    fake = FakeElevenLabs()
    await fake.start()
    url = fake.url
    await fake.close()  # nothing listens there any more
    brain = make_brain(context, http, fake, base_url=url)
    with pytest.raises(ProviderError) as caught:
        await brain.start()
    assert caught.value.retryable is True


async def test_expired_signed_url_is_fetched_again(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns += [AgentTurn(reply="Adiós.", close_code=1000), AgentTurn(reply="Hola.")]
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    await collect(brain.respond("Adiós"))  # the agent hangs up (1000)
    elevenlabs.agent.expire_signatures()  # ...and 15 minutes pass
    events = await collect(brain.respond("Hola"))
    await brain.close()
    assert events[-1] == TurnDone("Hola.")
    assert len(elevenlabs.requests("get-signed-url")) == 2
    assert [r.name for r in elevenlabs.received].count("conversation") == 3  # one refused


async def test_stale_cached_url_is_refreshed_before_connecting(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.turns += [AgentTurn(reply="Adiós.", close_code=1000), AgentTurn(reply="Hola.")]
    brain = make_brain(context, http, elevenlabs, signed_url_ttl=0.0)
    await brain.start()
    await collect(brain.respond("Adiós"))
    await collect(brain.respond("Hola"))
    await brain.close()
    assert len(elevenlabs.requests("get-signed-url")) == 2
    assert elevenlabs.names().count("conversation") == 2  # no refused handshake


async def test_refused_overrides_fall_back_to_the_agents_own_settings(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.refuse_overrides = True
    brain = make_brain(context, http, elevenlabs, prompt="Eres Daniel.")
    await brain.start()
    notice = await anext(brain.events())
    events = await collect(brain.respond("Hola"))
    await brain.close()
    assert isinstance(notice, Notice)
    assert "Security" in notice.message
    first, second = elevenlabs.agent.conversations
    assert first.initiation is not None
    assert first.initiation["conversation_config_override"]["agent"]["prompt"] == {
        "prompt": "Eres Daniel."
    }
    assert second.initiation is not None
    assert second.initiation["conversation_config_override"] == {}
    assert second.initiation["dynamic_variables"]["user_name"] == "Marta"
    assert isinstance(events[-1], TurnDone)


async def test_a_contract_error_without_overrides_is_explained(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.initiation_close = (1008, "missing_dynamic_variable")
    brain = make_brain(context, http, elevenlabs)
    with pytest.raises(ProviderError) as caught:
        await brain.start()
    assert caught.value.retryable is False
    assert "missing_dynamic_variable" in caught.value.message
    assert len(elevenlabs.agent.conversations) == 2  # retried once without overrides


async def test_without_overrides_the_initiation_carries_none(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.refuse_overrides = True
    brain = make_brain(context, http, elevenlabs, override_language=False)
    await brain.start()
    await brain.close()
    assert elevenlabs.agent.conversations[0].initiation is not None
    assert elevenlabs.agent.conversations[0].initiation["conversation_config_override"] == {}


async def test_agents_expecting_other_audio_are_refused(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.input_format = "ulaw_8000"
    brain = make_brain(context, http, elevenlabs)
    with pytest.raises(ProviderError, match="PCM 16000"):
        await brain.start()
    await brain.close()


async def test_ulaw_agent_audio_is_decoded_to_pcm16(
    context: BrainContext, http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs
) -> None:
    elevenlabs.agent.output_format = "ulaw_8000"
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("Hola"))
    await brain.close()
    chunks = [e.chunk for e in events if isinstance(e, AgentSpeech)]
    assert chunks
    assert all(c.sample_rate == 8000 for c in chunks)
    for chunk in chunks:
        sent = elevenlabs.agent.audio_event(chunk.text, 1)["audio_event"]["audio_base_64"]
        assert len(chunk.audio) == 2 * len(base64.b64decode(sent))  # one μ-law byte → PCM16
