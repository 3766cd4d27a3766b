"""Split streamed answer text into sentences, so speech can start with the first one.

`SentenceSplitter.feed` takes text as it arrives (deltas may cut words or sentences) and
returns the sentences completed so far; `flush` returns what is left at the end of the
turn. A sentence ends at `.`, `!`, `?`, `…`, `;` or a line break followed by whitespace,
except after a few abbreviations and inside numbers ("3.5", "1.250"). Very long
sentences are cut at a comma so the first audio is never far away.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?…;]+[\"'”»)\]]*(?=\s)|\n+")
_ABBREVIATIONS = frozenset(
    {
        "sr", "sra", "srta", "dr", "dra", "d", "dña", "ud", "uds", "etc", "p. ej", "ej",
        "núm", "nº", "tel", "pág", "aprox", "av", "avda", "c", "s.a", "s.l", "vs",
        "mr", "mrs", "ms", "inc", "ltd", "e.g", "i.e", "approx", "st",
    }
)  # fmt: skip
MAX_SENTENCE = 220


class SentenceSplitter:
    """Accumulates deltas and hands out complete sentences."""

    def __init__(self, max_length: int = MAX_SENTENCE) -> None:
        self._buffer = ""
        self._max = max_length

    def feed(self, text: str) -> list[str]:
        self._buffer += text
        out: list[str] = []
        start = 0
        for match in _END.finditer(self._buffer):
            candidate = self._buffer[start : match.end()]
            if match.group().startswith(".") and _ends_with_abbreviation(candidate):
                continue
            if candidate.strip():
                out.append(candidate.strip())
            start = match.end()
        self._buffer = self._buffer[start:]
        while len(self._buffer) > self._max:
            cut = _soft_cut(self._buffer, self._max)
            head, self._buffer = self._buffer[:cut], self._buffer[cut:]
            if head.strip():
                out.append(head.strip())
        return out

    def flush(self) -> str | None:
        rest, self._buffer = self._buffer.strip(), ""
        return rest or None


def split_sentences(text: str) -> list[str]:
    """All sentences of a complete text."""
    splitter = SentenceSplitter()
    sentences = splitter.feed(text)
    rest = splitter.flush()
    if rest:
        sentences.append(rest)
    return sentences


def _ends_with_abbreviation(candidate: str) -> bool:
    words = candidate.rstrip(".").split()
    if not words:
        return False
    last = words[-1].lower().lstrip("(¿¡\"'«")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _soft_cut(text: str, limit: int) -> int:
    """Where to cut an over-long sentence: after the last comma, else the last space."""
    for mark in (", ", " "):
        index = text.rfind(mark, 0, limit)
        if index > limit // 3:
            return index + len(mark)
    return limit
