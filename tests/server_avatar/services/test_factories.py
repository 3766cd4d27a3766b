"""The vendor providers as the avatar server builds them: registry + factories + Settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from vendor_tools import McpTools

from daniel.server_avatar.services.base import BrainContext, ProviderUnavailable
from daniel.server_avatar.services.provider_registry import Registry
from daniel.server_avatar.services.shared import SharedServices
from daniel.settings import Settings, load_settings
from fakes import FakeElevenLabs, FakeHeyGen


@pytest.fixture
async def shared_factory(
    http: aiohttp.ClientSession, tools: McpTools
) -> AsyncIterator[Callable[[Settings], SharedServices]]:
    made: list[SharedServices] = []

    def make(settings: Settings) -> SharedServices:
        shared = SharedServices(settings, http=http, tools=tools, prompt="")
        made.append(shared)
        return shared

    yield make
    for shared in made:
        await shared.aclose()


async def test_missing_keys_make_the_providers_unavailable_naming_the_setting(
    shared_factory: Callable[[Settings], SharedServices], context: BrainContext
) -> None:
    registry = Registry(shared_factory(load_settings()))
    builds: list[tuple[Callable[[], Any], str]] = [
        (lambda: registry.brain("elevenlabs", context), "ELEVENLABS_API_KEY"),
        (lambda: registry.tts("elevenlabs"), "ELEVENLABS_API_KEY"),
        (lambda: registry.stt("elevenlabs"), "ELEVENLABS_API_KEY"),
        (lambda: registry.avatar("heygen"), "HEYGEN_API_KEY"),
        (lambda: registry.avatar("liveavatar"), "LIVEAVATAR_API_KEY"),
    ]
    for build, setting in builds:
        with pytest.raises(ProviderUnavailable) as caught:
            build()
        assert setting in caught.value.message


async def test_configured_providers_reach_the_configured_services(
    shared_factory: Callable[[Settings], SharedServices],
    context: BrainContext,
    elevenlabs: FakeElevenLabs,
    heygen: FakeHeyGen,
) -> None:
    settings = load_settings(
        brain="elevenlabs",
        elevenlabs_api_key="xi-test-key-0000",
        elevenlabs_agent_id="agent_test",
        elevenlabs_voice_id="voice_test",
        elevenlabs_base_url=elevenlabs.url,
        heygen_api_key="heygen-test-key-0000",
        heygen_avatar_id="Daniel_public",
        heygen_quality="low",
        heygen_base_url=heygen.url,
    )
    registry = Registry(shared_factory(settings))
    brain = registry.brain("elevenlabs", context)
    await brain.start()
    await brain.close()
    chunks = [c async for c in registry.tts("elevenlabs").synthesize("Hola.", "es")]
    transcript = await registry.stt("elevenlabs").transcribe(
        b"\x00\x00" * 1600, sample_rate=16000, lang="es"
    )
    avatar = registry.avatar("heygen")
    await avatar.start("es")
    await avatar.close()

    assert elevenlabs.agent.conversations[0].initiation is not None
    assert chunks
    assert transcript.text
    assert next(iter(heygen.sessions.values())).request["quality"] == "low"
    assert heygen.open_sessions() == []
