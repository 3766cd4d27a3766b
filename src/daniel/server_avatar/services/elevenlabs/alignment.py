"""Character timings from ElevenLabs → visemes and word timings for lip-sync.

ElevenLabs gives, for each character of the spoken text, when it starts and how long it
lasts (TTS: seconds; ConvAI audio events: milliseconds). The browser avatar needs mouth
shapes (the viseme set of docs/protocol.md) and word timings, in ms from the start of
the chunk they belong to. Letters map to visemes by spelling, which is close enough for
Spanish and serviceable for English; whitespace and punctuation close the mouth.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from daniel.server_avatar.services.base import Viseme, WordTiming

REST = "rest"

_LETTER_VISEMES: dict[str, str] = {
    "a": "A",
    "e": "E",
    "i": "I",
    "y": "I",
    "o": "O",
    "u": "U",
    "w": "U",
    "m": "MBP",
    "b": "MBP",
    "p": "MBP",
    "f": "FV",
    "v": "FV",
    "l": "L",
    "n": "L",
    "ñ": "L",
    "t": "L",
    "d": "L",
    "r": "L",
    "s": "S",
    "z": "S",
    "c": "S",
    "k": "S",
    "q": "S",
    "g": "S",
    "j": "S",
    "x": "S",
}


def letter_viseme(char: str) -> str | None:
    """The mouth shape of one character; `None` for silent letters (Spanish `h`, digits
    keep the previous shape); `rest` for whitespace and punctuation."""
    lowered = char.lower()
    if lowered == "ñ":
        return "L"
    base = unicodedata.normalize("NFD", lowered)[:1]
    if base in _LETTER_VISEMES:
        return _LETTER_VISEMES[base]
    if base.isalnum():
        return None
    return REST


def timings(
    chars: Sequence[str],
    starts_ms: Sequence[float],
    ends_ms: Sequence[float],
    *,
    offset_ms: float = 0.0,
) -> tuple[list[Viseme], list[WordTiming]]:
    """Visemes and words for characters timed from `offset_ms` (subtracted, clamped to 0).

    The list starts at 0 (`rest` until the first sound); consecutive equal visemes are
    merged; a final `rest` closes the mouth at the end of the last character.
    """
    count = min(len(chars), len(starts_ms), len(ends_ms))
    visemes: list[Viseme] = []
    words: list[WordTiming] = []
    word = ""
    word_start = 0
    word_end = 0
    for i in range(count):
        char = chars[i]
        start = max(0, round(starts_ms[i] - offset_ms))
        end = max(start, round(ends_ms[i] - offset_ms))
        shape = letter_viseme(char)
        if shape is not None and (not visemes or visemes[-1].v != shape):
            visemes.append(Viseme(t=start, v=shape))
        if char.isalnum() or (word and char in "'’-"):
            if not word:
                word_start = start
            word += char
            word_end = end
        elif word:
            words.append(WordTiming(t=word_start, d=max(1, word_end - word_start), w=word))
            word = ""
    if word:
        words.append(WordTiming(t=word_start, d=max(1, word_end - word_start), w=word))
    if visemes and visemes[0].t > 0:
        visemes.insert(0, Viseme(t=0, v=REST))
    if count and (not visemes or visemes[-1].v != REST):
        visemes.append(Viseme(t=max(0, round(ends_ms[count - 1] - offset_ms)), v=REST))
    return visemes, words
