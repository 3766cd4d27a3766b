"""Small PCM16 helpers (pure Python, no numpy): resampling, WAV wrapping, durations."""

from __future__ import annotations

import array
import io
import sys
import wave


def samples(pcm16: bytes) -> array.array[int]:
    """PCM16 little-endian bytes as signed 16-bit samples."""
    out = array.array("h")
    out.frombytes(pcm16[: len(pcm16) - len(pcm16) % 2])
    if sys.byteorder == "big":  # pragma: no cover - little-endian machines only here
        out.byteswap()
    return out


def to_bytes(values: array.array[int]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover
        values = array.array("h", values)
        values.byteswap()
    return values.tobytes()


def resample(pcm16: bytes, src_rate: int, dst_rate: int) -> bytes:
    """Linear-interpolation resampling of mono PCM16 (enough for speech recognition)."""
    if src_rate == dst_rate:
        return pcm16
    source = samples(pcm16)
    count = len(source)
    if count == 0:
        return b""
    length = int(count * dst_rate / src_rate)
    step = src_rate / dst_rate
    out = array.array("h", bytes(2 * length))
    last = count - 1
    for index in range(length):
        position = index * step
        base = int(position)
        frac = position - base
        left = source[base]
        right = source[base + 1] if base < last else left
        out[index] = int(left + (right - left) * frac)
    return to_bytes(out)


def wav_bytes(pcm16: bytes, sample_rate: int) -> bytes:
    """Wrap mono PCM16 in a WAV container, in memory."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm16)
    return buffer.getvalue()


def duration_ms(pcm16: bytes, sample_rate: int) -> int:
    return int(len(pcm16) / 2 * 1000 / sample_rate)


def silence(ms: int, sample_rate: int) -> bytes:
    return bytes(2 * int(sample_rate * ms / 1000))


def trim_silence(pcm16: bytes, sample_rate: int, *, margin_ms: int = 50) -> bytes:
    """Drop the quiet start and end (10 ms windows under 5% of the peak, at least 300)."""
    values = samples(pcm16)
    window = max(1, sample_rate // 100)
    peaks = [
        max((abs(v) for v in values[start : start + window]), default=0)
        for start in range(0, len(values), window)
    ]
    if not peaks:
        return pcm16
    threshold = max(300, int(max(peaks) * 0.05))
    loud = [index for index, peak in enumerate(peaks) if peak >= threshold]
    if not loud:
        return pcm16
    margin = margin_ms // 10
    first = max(0, loud[0] - margin) * window
    last = min(len(values), (loud[-1] + 1 + margin) * window)
    return to_bytes(values[first:last])
