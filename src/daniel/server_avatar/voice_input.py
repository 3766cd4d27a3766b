"""User speech in: push-to-talk (`audio.start` … `audio.end`) or hands-free (VAD).

Audio frames (PCM16 mono 16 kHz) go to the speech-to-text stream of the current
utterance. In hands-free mode the voice activity detector decides when an utterance
starts (which interrupts the agent if it is talking) and ends (after ~700 ms of
silence). Speech-to-speech brains take the audio directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from daniel.server_avatar import protocol as wire
from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.protocol import INPUT_SAMPLE_RATE, Mode
from daniel.server_avatar.services.base import Brain, Lang, SpeechToText, SttStream
from daniel.server_avatar.vad import UtteranceDetector

log = logging.getLogger(__name__)


class VoiceHost(Protocol):
    outbox: Outbox
    lang: Lang

    async def speech_started(self) -> str:
        """The user started talking: barge in if needed; return the turn id to use."""
        ...

    async def utterance_ended(self, turn_id: str, stream: SttStream) -> None:
        """The utterance is complete: transcribe it and answer it (a voice turn)."""

    async def voice_unavailable(self, *, pressed: bool) -> None:
        """Voice input is off: the user pressed push-to-talk (`pressed`) or spoke."""


class VoiceInput:
    def __init__(
        self,
        host: VoiceHost,
        *,
        stt: SpeechToText | None,
        brain: Brain,
        mode: Mode,
        tuning: ServerTuning,
    ) -> None:
        self._host = host
        self._stt = stt
        self._brain = brain
        self.mode: Mode = mode
        self._tuning = tuning
        self._vad: UtteranceDetector | None = None
        self._stream: SttStream | None = None
        self._turn_id = ""
        self._push = False

    def set_brain(self, brain: Brain) -> None:
        self._brain = brain

    def unavailable_reason(self, lang: Lang, stt_error: str | None) -> str | None:
        if self._brain.handles_audio:
            return None
        if self._stt is None:
            return stt_error or "no speech-to-text provider"
        return self._stt.unavailable_reason_for(lang)

    async def push_start(self) -> None:
        if self._brain.handles_audio:
            return  # the brain hears the audio itself (`feed`): no speech-to-text stream
        await self._drop_stream()
        self._push = True
        await self._open_stream(pressed=True)

    async def push_end(self) -> None:
        self._push = False
        await self._end_utterance()

    async def feed(self, pcm16: bytes) -> None:
        if self._brain.handles_audio:
            await self._brain.send_audio(pcm16)
            return
        if self._push:
            if self._stream is not None:
                await self._stream.feed(pcm16)
            return
        if self.mode != "hands_free":
            return  # push-to-talk audio outside audio.start/audio.end is ignored
        if self._vad is None:
            self._vad = UtteranceDetector(
                silence_ms=self._tuning.vad_silence_ms,
                aggressiveness=self._tuning.vad_aggressiveness,
            )
        for event in self._vad.feed(pcm16):
            if event.kind == "start":
                if not await self._open_stream(pressed=False):
                    self._vad.reset()
                    return
                await self._feed_stream(event.audio)
            elif event.kind == "audio":
                await self._feed_stream(event.audio)
            else:
                await self._end_utterance()

    async def close(self) -> None:
        await self._drop_stream()

    async def _open_stream(self, *, pressed: bool) -> bool:
        if self._stt is None or self._stt.unavailable_reason_for(self._host.lang) is not None:
            await self._host.voice_unavailable(pressed=pressed)
            return False
        self._turn_id = await self._host.speech_started()
        turn_id = self._turn_id
        outbox = self._host.outbox

        async def partial(text: str) -> None:
            await outbox.send(wire.transcript(turn_id, text, final=False))

        self._stream = self._stt.stream(
            sample_rate=INPUT_SAMPLE_RATE, lang=self._host.lang, on_partial=partial
        )
        return True

    async def _feed_stream(self, pcm16: bytes) -> None:
        if self._stream is not None and pcm16:
            await self._stream.feed(pcm16)

    async def _end_utterance(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await self._host.utterance_ended(self._turn_id, stream)

    async def _drop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(stream.cancel(), 5.0)
        if self._vad is not None:
            self._vad.reset()
