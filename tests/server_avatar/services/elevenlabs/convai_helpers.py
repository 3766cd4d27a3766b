"""Helpers of the ConvAI tests: a brain with short timeouts, event collectors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import AgentSpeech, BrainContext, BrainEvent, TurnDone
from daniel.server_avatar.services.elevenlabs.convai import ConvAIBrain
from fakes import FakeElevenLabs

KEY = "xi-test-key-0000"


def make_brain(
    context: BrainContext,
    http: aiohttp.ClientSession,
    fake: FakeElevenLabs,
    **options: Any,
) -> ConvAIBrain:
    settings: dict[str, Any] = {
        "api_key": KEY,
        "agent_id": "agent_test",
        "base_url": fake.url,
        "timeout": 2.0,
        "turn_timeout": 3.0,
        "turn_quiet": 0.15,
    }
    settings.update(options)
    return ConvAIBrain(context, http=http, **settings)


async def collect(events: AsyncIterator[BrainEvent]) -> list[BrainEvent]:
    async with asyncio.timeout(5):
        return [event async for event in events]


async def next_turn(brain: ConvAIBrain) -> list[BrainEvent]:
    """Events from `events()` up to and including the next TurnDone."""
    seen: list[BrainEvent] = []
    async with asyncio.timeout(5):
        async for event in brain.events():
            seen.append(event)
            if isinstance(event, TurnDone):
                return seen
    return seen


def spoken(events: list[BrainEvent]) -> str:
    return "".join(e.chunk.text for e in events if isinstance(e, AgentSpeech))
