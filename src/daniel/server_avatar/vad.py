"""Hands-free voice activity detection with webrtcvad: where utterances start and end.

`UtteranceDetector.feed` takes PCM16 mono 16 kHz in any chunk size and returns events:
`start` (speech began; carries the pre-roll audio so the first syllable is kept),
`audio` (more speech of the current utterance) and `end` (after `silence_ms` of
silence, or when an utterance reaches `max_ms`). webrtcvad is a few microseconds per
30 ms frame, so it runs inline.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

FRAME_MS = 30


@dataclass(frozen=True, slots=True)
class VadEvent:
    kind: Literal["start", "audio", "end"]
    audio: bytes = b""


class UtteranceDetector:
    def __init__(
        self,
        *,
        sample_rate: int = 16000,
        silence_ms: int = 700,
        aggressiveness: int = 2,
        start_ms: int = 120,
        preroll_ms: int = 300,
        max_ms: int = 15000,
    ) -> None:
        import webrtcvad

        self._vad = webrtcvad.Vad(aggressiveness)
        self._rate = sample_rate
        self._frame_bytes = sample_rate * FRAME_MS // 1000 * 2
        self._start_frames = max(1, start_ms // FRAME_MS)
        self._end_frames = max(1, silence_ms // FRAME_MS)
        self._max_frames = max(1, max_ms // FRAME_MS)
        self._pending = bytearray()
        self._recent: deque[tuple[bytes, bool]] = deque(maxlen=max(1, preroll_ms // FRAME_MS))
        self._in_speech = False
        self._silent = 0
        self._frames = 0

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    def reset(self) -> None:
        self._pending.clear()
        self._recent.clear()
        self._in_speech = False
        self._silent = 0
        self._frames = 0

    def feed(self, pcm16: bytes) -> list[VadEvent]:
        self._pending.extend(pcm16)
        events: list[VadEvent] = []
        size = self._frame_bytes
        while len(self._pending) >= size:
            frame = bytes(self._pending[:size])
            del self._pending[:size]
            events.extend(self._frame(frame))
        return _merge_audio(events)

    def _frame(self, frame: bytes) -> list[VadEvent]:
        voiced = self._vad.is_speech(frame, self._rate)
        if not self._in_speech:
            self._recent.append((frame, voiced))
            tail = list(self._recent)[-self._start_frames :]
            if len(tail) == self._start_frames and all(v for _, v in tail):
                self._in_speech = True
                self._silent = 0
                self._frames = len(self._recent)
                preroll = b"".join(f for f, _ in self._recent)
                self._recent.clear()
                return [VadEvent("start", preroll)]
            return []
        self._frames += 1
        self._silent = 0 if voiced else self._silent + 1
        if self._silent >= self._end_frames or self._frames >= self._max_frames:
            self._in_speech = False
            self._silent = 0
            self._frames = 0
            return [VadEvent("audio", frame), VadEvent("end")]
        return [VadEvent("audio", frame)]


def _merge_audio(events: list[VadEvent]) -> list[VadEvent]:
    """Join consecutive `audio` events into one."""
    merged: list[VadEvent] = []
    for event in events:
        if event.kind == "audio" and merged and merged[-1].kind == "audio":
            merged[-1] = VadEvent("audio", merged[-1].audio + event.audio)
        else:
            merged.append(event)
    return merged
