"""One conversation turn: brain events in, protocol messages (and speech) out.

`TurnRunner.run(events)` forwards every `BrainEvent` as its message (`agent.delta`,
`tool`, `confirm.request`...), cuts the streamed text into sentences for `SpeechOutput`,
and ends the turn with `agent.text`, `latency` and `turn.end` once all speech is sent.
Cancelling the task running it (barge-in) stops the brain and drops queued speech; the
session then sends `interrupted`. Provider failures become an `error` message for the
user (never a traceback) and the turn still ends cleanly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Literal

from daniel.server_avatar import protocol as wire
from daniel.server_avatar.latency import TurnClock
from daniel.server_avatar.sentences import SentenceSplitter
from daniel.server_avatar.services.base import (
    AgentSpeech,
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
from daniel.server_avatar.speech import SpeechHost, SpeechOutput
from daniel.server_avatar.texts import text as say

log = logging.getLogger(__name__)

_STAGES: dict[str, wire.ErrorStage] = {
    "mcp": "mcp",
    "odoo": "odoo",
    "stt": "stt",
    "tts": "tts",
    "avatar": "avatar",
    "brain": "brain",
}


class TurnInterrupted(Exception):
    """The brain reported that the user barged in."""


class TurnRunner:
    def __init__(
        self,
        host: SpeechHost,
        turn_id: str,
        source: Literal["text", "voice"],
        clock: TurnClock,
        *,
        brain_speaks: bool = False,
    ) -> None:
        self.host = host
        self.brain_speaks = brain_speaks
        self.turn_id = turn_id
        self.source = source
        self.clock = clock
        self.answer: str | None = None
        self.outcome: str | None = None
        self._deltas: list[str] = []
        self._splitter = SentenceSplitter()
        self._speech: SpeechOutput | None = None

    async def begin(self) -> None:
        out = self.host.outbox
        await out.send(wire.turn_start(self.turn_id, self.source))
        await out.send(wire.state("thinking"))

    async def run(self, events: AsyncIterator[BrainEvent]) -> bool:
        """Forward `events`; True when the turn ended normally (False: interrupted)."""
        out = self.host.outbox
        self._speech = SpeechOutput(self.host, self.turn_id, self.clock)
        try:
            try:
                async for event in events:
                    await self._handle(event)
            finally:
                closer = getattr(events, "aclose", None)
                if closer is not None:
                    await closer()
            rest = self._splitter.flush()
            if rest and self._speaks_text:
                self._speech.say(rest)
            await self._speech.finish()
        except asyncio.CancelledError:
            await self._speech.cancel()
            raise
        except TurnInterrupted:
            await self._speech.cancel()
            await out.send(wire.interrupted(self.turn_id, "barge_in"))
            return False
        except ProviderError as exc:
            log.warning("turn %s: %s", self.turn_id, exc)
            await self._speech.finish()
            stage = _STAGES.get(exc.service, "brain")
            await out.send(
                wire.error(
                    stage,
                    exc.localized(self.host.lang),
                    retryable=exc.retryable,
                    turn_id=self.turn_id,
                )
            )
        except Exception:
            log.exception("turn %s failed", self.turn_id)
            await self._speech.cancel()
            message = say("brain_failed", self.host.lang)
            await out.send(wire.error("brain", message, retryable=True, turn_id=self.turn_id))
        await self.end()
        return True

    async def end(self) -> None:
        out = self.host.outbox
        if self.answer is None and self._deltas:
            self.answer = "".join(self._deltas).strip()
            await out.send(wire.agent_text(self.turn_id, self.answer))
        self.clock.mark("end")
        await out.send(wire.latency(self.turn_id, self.clock.marks()))
        await out.send(wire.turn_end(self.turn_id, self.outcome))
        await out.send(wire.state("idle"))

    async def _handle(self, event: BrainEvent) -> None:
        out = self.host.outbox
        turn_id = self.turn_id
        if isinstance(event, TextDelta):
            if not event.text:
                return
            self.clock.mark("first_text")
            self._deltas.append(event.text)
            await out.send(wire.agent_delta(turn_id, event.text))
            if self._speaks_text:
                for sentence in self._splitter.feed(event.text):
                    self._speaker.say(sentence)
        elif isinstance(event, ToolActivity):
            await out.send(
                wire.tool(
                    turn_id,
                    call_id=event.call_id,
                    name=event.name,
                    status=event.status,
                    label=event.label,
                    summary=event.summary,
                    kind=event.kind,
                    records=event.records,
                    count=event.count,
                )
            )
        elif isinstance(event, ConfirmationRequest):
            ids = self.host.confirmation_ids
            public, superseded = ids.issue(event.confirmation_id, event.summary, event.changes)
            for old in superseded:  # the card says so at once
                summary = say("superseded", self.host.lang)
                await out.send(
                    wire.confirm_result(confirmation_id=old, status="cancelled", summary=summary)
                )
            await out.send(
                wire.confirm_request(
                    turn_id,
                    confirmation_id=public,
                    tool_name=event.tool,
                    summary=event.summary,
                    changes=event.changes,
                    expires_in=event.expires_in,
                )
            )
        elif isinstance(event, ConfirmationOutcome):
            settled = self.host.confirmation_ids.settle(event.confirmation_id)
            if event.status == "done":
                self.host.written()
            await out.send(
                wire.confirm_result(
                    confirmation_id=settled or "c_unknown",
                    status=event.status,
                    summary=event.summary,
                    records=event.records,
                )
            )
        elif isinstance(event, UserTranscript):
            await out.send(wire.transcript(turn_id, event.text, final=event.final))
            if event.final:
                self.clock.mark("transcript_final")
        elif isinstance(event, AgentSpeech):
            if not self.host.avatar.speaks_text:
                self._speaker.play(event.chunk)
        elif isinstance(event, Notice):
            await out.send(wire.notice(event.message, event.level))
        elif isinstance(event, Interruption):
            raise TurnInterrupted(event.reason)
        elif isinstance(event, TurnDone):
            self.answer = event.text.strip() or "".join(self._deltas).strip()
            self.outcome = event.outcome
            if self.answer and not self._deltas and self._speaks_text:
                # A brain that only reports the whole answer still gets it spoken.
                self.clock.mark("first_text")
                for sentence in self._splitter.feed(self.answer + " "):
                    self._speaker.say(sentence)
            await out.send(wire.agent_text(turn_id, self.answer))

    @property
    def _speaks_text(self) -> bool:
        """Synthesise the text, unless the brain speaks itself to a local avatar."""
        return not self.brain_speaks or self.host.avatar.speaks_text

    @property
    def _speaker(self) -> SpeechOutput:
        assert self._speech is not None  # set by run()
        return self._speech
