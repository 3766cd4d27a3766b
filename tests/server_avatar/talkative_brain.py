"""`TalkativeBrain` (test only): calls a real MCP tool, then talks for a long time.

A turn of the real local brain is over in milliseconds; cutting one mid-answer needs a
slower brain. It streams one sentence every 150 ms until cancelled; "short" and "stop"
get a one-word answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import ClassVar

from daniel.server_avatar.services.base import (
    Brain,
    BrainContext,
    BrainEvent,
    TextDelta,
    ToolActivity,
    TurnDone,
)


class TalkativeBrain(Brain):
    name = "talkative"
    instances: ClassVar[list[TalkativeBrain]] = []

    def __init__(self, context: BrainContext) -> None:
        super().__init__(context)
        self.cancelled = 0
        self.interrupts = 0
        self.heard: list[str] = []
        TalkativeBrain.instances.append(self)

    async def respond(self, text: str) -> AsyncIterator[BrainEvent]:
        self.heard.append(text)
        if text in ("short", "stop"):
            yield TextDelta("Vale.")
            yield TurnDone("Vale.")
            return
        yield ToolActivity("c1", "crm_pipeline_summary", "running")
        result = await self.context.tools.call("crm_pipeline_summary", {"lang": "es"})
        summary = result.structured["summary"]
        yield ToolActivity("c1", "crm_pipeline_summary", "done", summary=summary)
        try:
            for number in range(100):
                yield TextDelta(f"Esta es la frase número {number} de una respuesta larga. ")
                await asyncio.sleep(0.15)
        except (asyncio.CancelledError, GeneratorExit):
            self.cancelled += 1  # cut mid-answer (in a sleep, or at a yield)
            raise
        yield TurnDone("never reached")

    async def confirm(self, confirmation_id: str, accept: bool) -> AsyncIterator[BrainEvent]:
        yield TurnDone("")

    async def interrupt(self) -> None:
        self.interrupts += 1
