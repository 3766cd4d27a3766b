"""Speaks one turn's answer, sentence by sentence, while the brain is still answering.

`SpeechOutput.say(sentence)` queues a sentence; a background task synthesises and sends
them in order, so the first sentence's audio goes out while later ones are being written
or synthesised. Per sentence:

- local avatar: `speech.segment` (text, visemes, words), the PCM as binary frames, then
  `speech.segment.end`;
- remote avatar (`speaks_text`): `avatar.speak(sentence)`; the local audio is not sent.

A failing remote avatar or TTS is reported to the session (`SpeechHost`), which switches
to a fallback; the sentence is then spoken by the fallback, so the turn is not lost.
`cancel()` (barge-in) drops everything queued at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Protocol

from daniel.server_avatar import protocol as wire
from daniel.server_avatar.confirmation_ids import ConfirmationIds
from daniel.server_avatar.latency import TurnClock
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.services.base import (
    Avatar,
    Lang,
    ProviderError,
    SpeechChunk,
    TextToSpeech,
    sentence_index,
)

log = logging.getLogger(__name__)

FRAME_BYTES = 32 * 1024  # binary frames under the 64 KiB limit (~740 ms at 22 kHz)


class SpeechHost(Protocol):
    """What speech needs from its session."""

    outbox: Outbox
    lang: Lang
    confirmation_ids: ConfirmationIds

    @property
    def tts(self) -> TextToSpeech | None: ...

    @property
    def avatar(self) -> Avatar: ...

    async def avatar_failed(self, exc: ProviderError) -> None:
        """Switch to the local avatar (and tell the user)."""

    async def tts_failed(self, exc: ProviderError) -> None:
        """Switch to a fallback voice or to text only (and tell the user)."""

    def audio_sent(self, duration_ms: int) -> None:
        """Audio of this length was just sent (to know when playback ends)."""

    def written(self) -> None:
        """A proposed change was applied in Odoo."""


class SpeechOutput:
    def __init__(self, host: SpeechHost, turn_id: str, clock: TurnClock) -> None:
        self._host = host
        self._turn_id = turn_id
        self._clock = clock
        self._queue: asyncio.Queue[str | SpeechChunk | None] = asyncio.Queue()
        self._segment = 0
        self._sentences = 0
        self._speaking = False
        self._task = asyncio.create_task(self._run(), name=f"speech-{turn_id}")

    def say(self, sentence: str) -> None:
        if sentence.strip():
            self._queue.put_nowait(sentence)

    def play(self, chunk: SpeechChunk) -> None:
        """Send speech produced elsewhere (speech-to-speech brains)."""
        self._queue.put_nowait(chunk)

    async def finish(self) -> None:
        """Wait until everything queued has been spoken."""
        self._queue.put_nowait(None)
        await self._task

    async def cancel(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _run(self) -> None:
        while (item := await self._queue.get()) is not None:
            if isinstance(item, SpeechChunk):
                await self._send_chunk(item)
            else:
                await self._speak(item)

    async def _speak(self, sentence: str) -> None:
        sentence_index.set(self._sentences)  # first sentences are synthesised first
        self._sentences += 1
        avatar = self._host.avatar
        if avatar.speaks_text:
            try:
                await avatar.speak(sentence)
            except ProviderError as exc:
                await self._host.avatar_failed(exc)
            else:
                self._clock.mark("first_audio")
                await self._set_speaking()
                return
        await self._synthesize(sentence)

    async def _synthesize(self, sentence: str) -> None:
        for _attempt in range(2):  # once with the current voice, once with its fallback
            tts = self._host.tts
            if tts is None:
                return
            try:
                async for chunk in tts.synthesize(sentence, self._host.lang):
                    await self._send_chunk(chunk)
                return
            except ProviderError as exc:
                await self._host.tts_failed(exc)

    async def _send_chunk(self, chunk: SpeechChunk) -> None:
        if not chunk.audio:
            return
        outbox = self._host.outbox
        segment = self._segment
        self._segment += 1
        await outbox.send(
            wire.speech_segment(
                self._turn_id,
                segment=segment,
                text=chunk.text,
                sample_rate=chunk.sample_rate,
                duration_ms=chunk.duration_ms,
                visemes=chunk.visemes,
                words=chunk.words,
            )
        )
        audio = chunk.audio
        for start in range(0, len(audio), FRAME_BYTES):
            await outbox.send_audio(audio[start : start + FRAME_BYTES])
            if start == 0:
                self._clock.mark("first_audio")
                self._host.audio_sent(chunk.duration_ms)
                await self._set_speaking()
        await outbox.send(wire.speech_segment_end(self._turn_id, segment))

    async def _set_speaking(self) -> None:
        if not self._speaking:
            self._speaking = True
            await self._host.outbox.send(wire.state("speaking"))


def playback_end(previous_end: float, duration_ms: int) -> float:
    """When the browser will finish playing, given audio sent now (monotonic seconds)."""
    now = time.monotonic()
    return max(previous_end, now) + duration_ms / 1000
