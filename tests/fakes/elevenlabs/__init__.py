"""A fake ElevenLabs API: the ConvAI agent, TTS with timestamps and Scribe STT.

    async with FakeElevenLabs(api_key="xi-test", agent_id="agent_1") as el:
        el.agent.turns.append(AgentTurn(reply="Tienes 3 proyectos.", tool_calls=[...]))
        brain = ConvAIBrain(ctx, http=http, api_key="xi-test", agent_id="agent_1",
                            base_url=el.url)

`el.agent` is the ConvAI fake (`fakes.elevenlabs.convai`), `el.speech` the TTS/STT fake
(`fakes.elevenlabs.speech`). Injected HTTP failures use ElevenLabs' error body shape.
"""

from __future__ import annotations

from typing import Any

from fakes.elevenlabs.convai import AgentTurn, ConvAIAgent, Conversation
from fakes.elevenlabs.speech import Speech
from fakes.server import FakeServer

_STATUS_CODES = {
    401: ("invalid_api_key", "Invalid API key"),
    402: ("quota_exceeded", "You have insufficient quota to complete this request"),
    404: ("not_found", "Not found"),
    429: ("too_many_concurrent_requests", "Too many concurrent requests"),
}


class FakeElevenLabs(FakeServer):
    vendor = "elevenlabs"

    def __init__(
        self,
        *,
        api_key: str = "xi-test-key-0000",
        agent_id: str = "agent_test",
        voices: set[str] | None = None,
        **agent_options: Any,
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self.agent = ConvAIAgent(self, api_key=api_key, agent_id=agent_id, **agent_options)
        self.speech = Speech(self, api_key=api_key, voices=voices or {"voice_test"})

    async def on_close(self) -> None:
        await self.agent.close_all()

    def error_body(self, status: int) -> dict[str, Any]:
        code, message = _STATUS_CODES.get(status, ("system_busy", f"Internal error {status}"))
        return {"detail": {"status": code, "code": code, "message": message}}


__all__ = ["AgentTurn", "ConvAIAgent", "Conversation", "FakeElevenLabs", "Speech"]
