"""PCM16 helpers for LiveAvatar, which takes 24 kHz mono PCM16 in ~1 s packets."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator

LIVEAVATAR_RATE = 24000
PACKET_BYTES = LIVEAVATAR_RATE * 2  # one second


def resample(pcm16: bytes, source_rate: int, target_rate: int = LIVEAVATAR_RATE) -> bytes:
    """Linear-interpolation resampling of PCM16LE mono (good enough for lip-sync audio)."""
    if source_rate == target_rate or not pcm16:
        return pcm16
    samples = array("h")
    samples.frombytes(pcm16[: len(pcm16) - len(pcm16) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    count = len(samples)
    if count == 0:
        return b""
    out_count = max(1, count * target_rate // source_rate)
    step = source_rate / target_rate
    out = array("h", bytes(2 * out_count))
    last = count - 1
    for i in range(out_count):
        position = i * step
        left = int(position)
        if left >= last:
            out[i] = samples[last]
            continue
        fraction = position - left
        out[i] = int(samples[left] + (samples[left + 1] - samples[left]) * fraction)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def packets(pcm16: bytes, size: int = PACKET_BYTES) -> Iterator[bytes]:
    """`pcm16` in pieces of at most `size` bytes (an even number)."""
    size -= size % 2
    for start in range(0, len(pcm16), size):
        yield pcm16[start : start + size]
