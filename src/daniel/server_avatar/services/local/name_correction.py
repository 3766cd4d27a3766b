"""Correct a transcript's near-misses of names the ERP knows ("deco addic" → "Deco Addict").

Whisper writes names it has not heard before by their sound; the ERP's own names are the
only spelling that finds a record. Every run of one to four words of the transcript is
compared, accents and case folded (`daniel.language.text.fold`), with the known names by
RapidFuzz's similarity ratio; the best non-overlapping matches above the
threshold replace the words. Exact matches and very short words are left alone, so
ordinary words are not turned into names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from daniel.language.text import fold

MAX_WORDS = 4
THRESHOLD = 86.0  # measured in bench/stt.py: lower starts to rename ordinary words
#: Where the question parser finds words it cannot explain, names are matched more
#: loosely (the speech recogniser keeps the looser reading only if the parser then
#: explains more of it). Measured in bench/stt.py: 86 → 75 gives 8 (es) and 5 (en)
#: points more spoken questions the typed answer; lower also renames names the ERP does
#: not have to similar ones it has (docs/performance.md).
CONTEXT_THRESHOLD = 75.0
MIN_CHARS = 5  # a one-word name shorter than this is too easy to hit by accident
#: The last resort (`NameIndex.substitutions`): a run of up to `GUESS_WORDS` words the
#: question parser cannot explain that sounds only somewhat like a name
#: (`GUESS_THRESHOLD`), the `GUESS_PER_SPAN` closest names for each run. Chosen with
#: bench/stt.py's spoken questions and 80 per language naming people and companies the
#: ERP does not have (docs/performance.md "A name guessed where Whisper was unsure"):
#: at 70, 4 (es) and 5 (en) more questions get the typed answer and 1 of 80 invented
#: names is renamed; at 55, 9 and 12 more but 22 and 10 of 80 renamed.
GUESS_THRESHOLD = 70.0
GUESS_WORDS = 6
GUESS_PER_SPAN = 3
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
#: Words a guessed name may start or end on: unknown ones and pieces of known names.
_REPLACEABLE = frozenset(["unknown", "name"])


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # character span in the transcript
    end: int
    name: str
    score: float


class NameIndex:
    """Known names, folded once, for fuzzy look-up."""

    def __init__(self, names: Sequence[str]) -> None:
        unique = {fold(n): n.strip() for n in names if n and n.strip()}
        self._folded = list(unique)
        self._names = [unique[f] for f in self._folded]
        self._words = {len(f.split()) for f in self._folded}

    def __len__(self) -> int:
        return len(self._names)

    def correct(self, text: str, threshold: float = THRESHOLD) -> str:
        """`text` with near-misses of known names replaced by the names' spelling."""
        if not self._names or not text:
            return text
        words = list(_WORD.finditer(text))
        hits: list[_Hit] = []
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            if not any(n in self._words for n in (size - 1, size, size + 1)):
                continue
            for first in range(len(words) - size + 1):
                span = words[first : first + size]
                phrase = fold(text[span[0].start() : span[-1].end()])
                found = self._closest(phrase, threshold, 1)
                if not found:
                    continue
                folded_name, score, index = found[0]
                start, end = span[0].start(), span[-1].end()
                if folded_name == phrase:  # already right: keep the words, block overlaps
                    hits.append(_Hit(start, end, text[start:end], 101.0))
                else:
                    hits.append(_Hit(start, end, self._names[index], score))
        return _apply(text, _best_non_overlapping(hits))

    def substitutions(
        self, text: str, words: Sequence[tuple[int, int, str]]
    ) -> list[tuple[str, float]]:
        """Every way of replacing one run of words of `text` that the question parser
        cannot explain with a known name it sounds somewhat like: (the new text,
        similarity), most similar first.

        `words` is the parser's reading of `text`: (start, end, "unknown" / "name" /
        "filler" / "known") per word. A run starts and ends with an unknown word or a
        piece of a known name ("cooperativa a niko la sanisino"), holds at least one
        unknown word, and no word the parser understands: "presupuestos" or "overdue"
        are never replaced. The speech recogniser's last resort for a hearing it was
        unsure of: "¿Cuánto nos ha comprado cooperativa a Niko la Sanisino?" → "…
        Cooperativa Agrícola San Isidro?"; it keeps the one the parser explains best."""
        if not self._names or not text:
            return []
        found: dict[str, float] = {}
        for first, (start, _, kind) in enumerate(words):
            if kind not in _REPLACEABLE:
                continue
            unknown = 0
            for last in range(first, min(first + GUESS_WORDS, len(words))):
                kind = words[last][2]
                if kind == "known":
                    break
                unknown += kind == "unknown"
                if kind not in _REPLACEABLE or not unknown:
                    continue
                end = words[last][1]
                phrase = fold(text[start:end])
                for folded_name, score, index in self._closest(
                    phrase, GUESS_THRESHOLD, GUESS_PER_SPAN
                ):
                    if folded_name != phrase:
                        guess = text[:start] + self._names[index] + text[end:]
                        found[guess] = max(score, found.get(guess, 0.0))
        return sorted(found.items(), key=lambda item: -item[1])

    def _closest(self, phrase: str, threshold: float, limit: int) -> list[tuple[str, float, int]]:
        """The `limit` known names (folded) most similar to the folded `phrase`, at least
        `threshold` alike, with their similarity and position; none for a phrase too short
        to be a name (`MIN_CHARS`)."""
        if len(phrase.replace(" ", "")) < MIN_CHARS:
            return []
        return process.extract(
            phrase, self._folded, scorer=fuzz.ratio, limit=limit, score_cutoff=threshold
        )


def _best_non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.score, h.start - h.end)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _apply(text: str, hits: list[_Hit]) -> str:
    out, at = [], 0
    for hit in hits:
        out += [text[at : hit.start], hit.name]
        at = hit.end
    out.append(text[at:])
    return "".join(out)
