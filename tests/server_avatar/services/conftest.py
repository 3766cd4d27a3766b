"""Fixtures of the vendor contract tests: fake vendors on real sockets, one HTTP session."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from fastmcp import Client
from vendor_tools import McpTools, demo_server

from daniel.server_avatar.services.base import BrainContext
from fakes import FakeElevenLabs, FakeHeyGen, FakeLiveAvatar


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def elevenlabs() -> AsyncIterator[FakeElevenLabs]:
    async with FakeElevenLabs(api_key="xi-test-key-0000", agent_id="agent_test") as fake:
        yield fake


@pytest.fixture
async def heygen() -> AsyncIterator[FakeHeyGen]:
    async with FakeHeyGen(api_key="heygen-test-key-0000") as fake:
        yield fake


@pytest.fixture
async def liveavatar() -> AsyncIterator[FakeLiveAvatar]:
    async with FakeLiveAvatar(api_key="liveavatar-test-key-0000") as fake:
        yield fake


@pytest.fixture
async def tools() -> AsyncIterator[McpTools]:
    async with Client(demo_server()) as client:
        yield McpTools(client)


@pytest.fixture
def context(tools: McpTools) -> BrainContext:
    return BrainContext(session_id="s-test", lang="es", tools=tools, user_name="Marta")
