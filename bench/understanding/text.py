"""Text helpers of the bench: accent folding, edit distance, phonetic typos.

Kept here rather than imported from Daniel: the bench judges Daniel, so it must not share
the code it judges.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-zñ]+")


def fold(text: str) -> str:
    """Lower case without accents (ñ kept apart from n), spaces collapsed."""
    text = text.lower().replace("ñ", "\0")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\0", "ñ")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def contains_words(haystack: str, needle: str) -> bool:
    """True when `needle`'s words appear in `haystack` in a row (folded, whole words)."""
    wanted = words(needle)
    if not wanted:
        return False
    have = words(haystack)
    size = len(wanted)
    return any(have[i : i + size] == wanted for i in range(len(have) - size + 1))


def distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance with adjacent swaps counted as one edit (capped at `cap`)."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        if min(current) >= cap:
            return cap
        previous2, previous = previous, current
    return min(previous[-1], cap)


# Phonetic slips people make typing or dictating names, tried in this order on one word.
_SWAPS: list[tuple[str, str]] = [
    ("z", "s"),
    ("v", "b"),
    ("b", "v"),
    ("ll", "y"),
    ("ce", "se"),
    ("ci", "si"),
    ("ph", "f"),
    ("ck", "k"),
    ("th", "t"),
    ("y", "i"),
    ("qu", "k"),
    ("ge", "je"),
    ("gi", "ji"),
]
_VOWEL = "aeiou"
_LEGAL = {"sl", "sa", "slp", "scoop", "inc", "llc", "ltd", "co", "corp", "gmbh", "plc", "de", "del"}


def _word_typos(word: str) -> list[list[str]]:
    """Misspellings of one folded word by tier: phonetic slips first, then mechanical."""
    phonetic: list[str] = []
    for old, new in _SWAPS:
        at = word.rfind(old)
        if at >= 0:
            phonetic.append(word[:at] + new + word[at + len(old) :])
    mechanical: list[str] = []
    for i in range(1, len(word) - 1):  # doubled letter typed once
        if word[i] == word[i + 1]:
            mechanical.append(word[:i] + word[i + 1 :])
    for i in range(len(word) - 2, 0, -1):  # two neighbours swapped, away from the start
        if word[i] != word[i + 1] and word[i] not in _VOWEL + "ñ":
            mechanical.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
            break
    return [[t for t in phonetic if t != word], [t for t in mechanical if t != word]]


def typo(name: str, others: list[str]) -> str | None:
    """A 1–2-edit phonetic typo of `name` that is not within 2 edits of any of `others`.

    The slip goes into one of the name's distinctive words (not a legal form such as S.L.
    or Inc), phonetic slips (z→s, v→b, ll→y…) before mechanical ones (a doubled letter
    typed once, two letters swapped), the last words first; accents are dropped as people
    do when typing. None when no candidate stays clear of the other names.
    """
    tokens = name.split()
    usable = [
        i
        for i, t in enumerate(tokens)
        if len(words(t)) == 1 and words(t)[0] not in _LEGAL and len(words(t)[0]) >= 4
    ]
    folded_others = [fold(o) for o in others if fold(o) != fold(name)]
    for tier in (0, 1):
        for index in reversed(usable):
            base = words(tokens[index])[0]
            for candidate in _word_typos(base)[tier]:
                if tokens[index][:1].isupper():
                    candidate = candidate[:1].upper() + candidate[1:]
                text = " ".join([*tokens[:index], candidate, *tokens[index + 1 :]])
                folded = fold(text)
                if not 1 <= distance(folded, fold(name)) <= 2:
                    continue
                if any(distance(folded, other) <= 2 for other in folded_others):
                    continue
                if any(fold(candidate) in words(other) for other in folded_others):
                    continue  # the slip is another name's real word
                return text
    return None
