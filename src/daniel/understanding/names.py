"""The names the ERP knows, and where they are in what someone said.

`NameIndex` holds the live ERP's names (people, customers, projects, tasks,
opportunities, stages, products, tags), loaded through the MCP server (`odoo_names`) and
kept for a short time (`TTL_SECONDS`; `invalidate()` after a write). `find_mentions`
finds every stretch of a message that may name one of them, ranked by evidence:

- exact: the words are the whole name ("Talleres Ruiz", "Renovación: licencias 2025");
- prefix / part: the words are the start of the name or a distinctive part of it
  ("Acme" for "Acme Soluciones Digitales S.L.", "Ana" for "Ana García");
- sound: the same once spelling that sounds alike is folded (b/v, z/s, ll/y, silent h),
  so "Talleres Ruis" and "Baldemar" still find Talleres Ruiz and Valdemar;
- typo: one or two edits away (rapidfuzz), only for words of four letters or more.

`names_of(kind)` lists the names of one kind in the ERP's order (the CRM's stages, which the
local brain reads from here rather than asking the ERP a second time).

An exact full name always outranks a partial one. Words of the question's grammar
(`lexicon.GRAMMAR_WORDS`) never make a partial match on their own.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import OSA

from daniel.language.text import fold, without_reference, words

from .lexicon.questions import FILLER, GRAMMAR_WORDS, NOT_MISSPELT_NAMES

TTL_SECONDS = 120.0
#: Company-form endings that a person never says ("Acme S.L." is "Acme").
LEGAL_FORMS = words(
    "sl slu slp sa sau sas inc llc ltd ltda co corp gmbh plc srl bv ag cia "
    "s l a u p"  # "S.L." is read as the letters s, l
)
_TOKEN = re.compile(r"[a-z0-9ñ]+(?:['’][a-z]+)?")

EXACT, PREFIX, PART, SOUND, TYPO = "exact", "prefix", "part", "sound", "typo"
#: Records people name by their whole title; a single shared word does not name them.
_NAMED_BY_TITLE = frozenset({"lead", "task", "product", "order"})
_RANK = {EXACT: 5.0, PREFIX: 3.0, PART: 2.5, SOUND: 2.0, TYPO: 1.5}


def name_tokens(text: str) -> tuple[str, ...]:
    return tuple(t[:-2] if t.endswith(("'s", "’s")) else t for t in _TOKEN.findall(fold(text)))


def sound(token: str) -> str:
    """Fold spellings that sound alike in Spanish and English speech."""
    text = token.replace("ll", "y").replace("qu", "k").replace("ph", "f")
    text = re.sub(r"c(?=[ei])", "s", text)
    text = re.sub(r"g(?=[ei])", "j", text)
    text = re.sub(r"c", "k", text)
    text = re.sub(r"(?<!c)h", "", text)
    text = text.replace("v", "b").replace("z", "s").replace("w", "u").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass(frozen=True, slots=True)
class Named:
    """One record the ERP names: `kind` is user, partner, project, task, lead, stage,
    task_stage, product, team, tag, or city (a city of the partners, by its first one)."""

    kind: str
    id: int
    name: str
    tokens: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def core(self) -> tuple[str, ...]:
        """The tokens a person would say: without the company's legal form, or the
        internal reference Odoo writes before a product's name ("[HW-CAM] Cámara web HD")."""
        tokens = self.tokens
        if self.name.startswith("["):
            said = name_tokens(without_reference(self.name))
            if said and tokens[-len(said) :] == said:
                tokens = said
        core = tuple(t for t in tokens if t not in LEGAL_FORMS)
        return core or self.tokens


@dataclass(frozen=True, slots=True)
class Candidate:
    named: Named
    how: str
    score: float


@dataclass(slots=True)
class Mention:
    """Tokens `start`..`end` (exclusive) of the message may name these candidates."""

    start: int
    end: int
    candidates: list[Candidate]

    @property
    def best(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    def of_kind(self, *kinds: str) -> list[Candidate]:
        return [c for c in self.candidates if c.named.kind in kinds]

    def top(self, *kinds: str) -> list[Candidate]:
        """The best-ranked candidates of these kinds (ties kept: two means ambiguous)."""
        found = self.of_kind(*kinds) if kinds else list(self.candidates)
        if not found:
            return []
        best = max(c.score for c in found)
        return [c for c in found if c.score >= best - 1e-9]


Loader = Callable[[], Awaitable[list[Named]]]


class NameIndex:
    """The ERP's names with fast look-up by word, by sound and by near spelling."""

    def __init__(self, loader: Loader, ttl: float = TTL_SECONDS) -> None:
        self._loader = loader
        self._ttl = ttl
        self._loaded_at = -1e18
        self.entries: list[Named] = []
        self._by_token: dict[str, list[tuple[Named, int]]] = {}
        self._by_sound: dict[str, list[str]] = {}
        self._long_tokens: list[str] = []
        self._loading: asyncio.Future[None] | None = None

    @classmethod
    def of(cls, entries: Iterable[Named]) -> NameIndex:
        """An index of these names only (no loader: they are all it will know)."""

        async def nothing() -> list[Named]:
            return []

        index = cls(nothing)
        index.load(entries)
        return index

    @property
    def fresh(self) -> bool:
        return time.monotonic() - self._loaded_at < self._ttl

    def invalidate(self) -> None:
        self._loaded_at = -1e18

    @property
    def age(self) -> float:
        return time.monotonic() - self._loaded_at

    async def ensure(self) -> None:
        """Load the names when stale; concurrent callers share one load."""
        if self.fresh:
            return
        if self._loading is None or self._loading.done():
            self._loading = asyncio.ensure_future(self._load())
        await asyncio.shield(self._loading)

    async def _load(self) -> None:
        self.load(await self._loader())

    def load(self, entries: Iterable[Named]) -> None:
        self.entries = [e for e in entries if e.tokens]
        by_token: dict[str, list[tuple[Named, int]]] = {}
        by_sound: dict[str, list[str]] = {}
        for entry in self.entries:
            for position, token in enumerate(entry.tokens):
                if token not in by_token:  # first seen, first listed: no set's hash order
                    by_sound.setdefault(sound(token), []).append(token)
                by_token.setdefault(token, []).append((entry, position))
        self._by_token = by_token
        self._by_sound = by_sound
        self._long_tokens = [t for t in by_token if len(t) >= 4]
        self._loaded_at = time.monotonic()

    def knows(self, word: str) -> bool:
        """Is `word` (folded) part of any name the ERP holds?"""
        return word in self._by_token

    def of_kind(self, *kinds: str) -> list[Named]:
        return [e for e in self.entries if e.kind in kinds]

    def names_of(self, kind: str) -> tuple[str, ...]:
        """The names of one kind in the ERP's order: by `sequence` when it was loaded
        (the CRM's stages), then by id. Empty before the names are loaded."""
        found = sorted(self.of_kind(kind), key=lambda e: (_sequence(e), e.id))
        return tuple(e.name for e in found)

    def by_id(self, kind: str, record_id: int) -> Named | None:
        return next((e for e in self.entries if e.kind == kind and e.id == record_id), None)

    # ------------------------------------------------------------------ word level
    def similar_tokens(self, word: str) -> list[tuple[str, str]]:
        """Known tokens that `word` may be: itself, a sound-alike, or a near spelling."""
        found: list[tuple[str, str]] = []
        if word in self._by_token:
            found.append((word, EXACT))
        if len(word) < 4 or word.isdigit():
            return found
        for other in self._by_sound.get(sound(word), ()):
            if other != word:
                found.append((other, SOUND))
        if word in NOT_MISSPELT_NAMES:
            return found
        limit = 1 if len(word) < 8 else 2
        seen = {token for token, _ in found}
        for other in self._long_tokens:
            if other in seen or abs(len(other) - len(word)) > limit:
                continue
            if OSA.distance(word, other, score_cutoff=limit) <= limit:
                found.append((other, TYPO))
        return found

    # ------------------------------------------------------------------ message level
    def find_mentions(
        self, words: Sequence[str], kinds: Iterable[str] | None = None
    ) -> list[Mention]:
        """Every span of `words` (folded tokens) that may name an ERP record."""
        wanted = frozenset(kinds) if kinds is not None else None
        options = [self.similar_tokens(word) for word in words]
        spans: dict[tuple[int, int], dict[tuple[str, int], Candidate]] = {}
        for start, first in enumerate(options):
            for token, how in first:
                for entry, position in self._by_token.get(token, ()):
                    if wanted is not None and entry.kind not in wanted:
                        continue
                    self._extend(words, options, start, entry, position, how, spans)
        mentions = [
            Mention(s, e, sorted(c.values(), key=lambda c: -c.score)) for (s, e), c in spans.items()
        ]
        mentions.sort(key=strongest_first)
        return mentions

    def named(self, phrase: str, kinds: Iterable[str]) -> list[Named]:
        """The records of `kinds` a phrase said on its own names ("Inventario de
        licencias", "Ana"): the one that fits best, or the tied best when several fit
        equally (a whole name wins over a part), or none."""
        said = name_tokens(phrase)
        wanted = tuple(kinds)
        whole = [m for m in self.find_mentions(said, wanted) if m.end - m.start == len(said)]
        best: list[Candidate] = []
        for mention in whole:
            best.extend(mention.top(*wanted))
        if not best:
            return []
        exact = [c for c in best if c.how == EXACT]
        if exact:
            best = exact
        top = max(c.score for c in best)
        return list(dict.fromkeys(c.named for c in best if c.score >= top - 1e-9))

    def _extend(
        self,
        words: Sequence[str],
        options: list[list[tuple[str, str]]],
        start: int,
        entry: Named,
        position: int,
        how: str,
        spans: dict[tuple[int, int], dict[tuple[str, int], Candidate]],
    ) -> None:
        """Grow a match of `entry` from `words[start]` = its token at `position`."""
        hows = [how]
        end = start + 1
        pos = position + 1
        while end < len(words) and pos < len(entry.tokens):
            nxt = next((h for t, h in options[end] if t == entry.tokens[pos]), None)
            if nxt is None:
                break
            hows.append(nxt)
            end += 1
            pos += 1
        # try every prefix of the grown run as its own span
        for stop in range(start + 1, end + 1):
            said = words[start:stop]
            used = hows[: stop - start]
            candidate = _judge(entry, position, said, used)
            if candidate is None:
                continue
            key = (entry.kind, entry.id)
            bucket = spans.setdefault((start, stop), {})
            if key not in bucket or bucket[key].score < candidate.score:
                bucket[key] = candidate


def _judge(entry: Named, position: int, said: Sequence[str], hows: list[str]) -> Candidate | None:
    """How well `said` (matching `entry.tokens[position:]`) names `entry`, or None."""
    length = len(said)
    core = entry.core
    matched = entry.tokens[position : position + length]
    exact_words = all(h == EXACT for h in hows)
    whole = tuple(
        t for t in matched if t not in LEGAL_FORMS
    ) == core and position == entry.tokens.index(core[0])
    meaningful = [
        w
        for w in said
        if w not in GRAMMAR_WORDS and w not in LEGAL_FORMS and len(w) >= 3 and not w.isdigit()
    ]
    if whole:
        how = EXACT if exact_words else (SOUND if TYPO not in hows else TYPO)
        if how != EXACT and not meaningful:
            return None
        if how == EXACT and not meaningful and len(core) == 1 and said[0] in FILLER:
            return None
    else:
        if not meaningful:
            return None  # "de", "the", "nuevo" alone never make a partial match
        if length == 1 and len(said[0]) < 3:
            return None
        how = (
            (PREFIX if position == 0 else PART)
            if exact_words
            else (SOUND if TYPO not in hows else TYPO)
        )
        if entry.kind in _NAMED_BY_TITLE and len(meaningful) < 2:
            return None  # one word of a deal or task title is a topic, not the record
        if how == TYPO and length == 1:
            return None  # one misspelt word of a longer name is too weak a clue
    penalty = sum(0.4 for h in hows if h == SOUND) + sum(0.8 for h in hows if h == TYPO)
    # Saying the whole name counts for more; among partial matches only the evidence
    # said counts, so "Acme" ties between two Acme companies and is asked back.
    coverage = 1.0 if whole else 0.0
    rank = _RANK[how]
    if whole and how != EXACT and EXACT in hows:
        # "Sarah Colins": the whole name with one word slipped beats "Sarah" alone
        rank = _RANK[PREFIX]
    score = rank + coverage + 0.6 * length - penalty
    return Candidate(entry, how, round(score, 3))


def _sequence(entry: Named) -> int:
    value = entry.extra.get("sequence")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def strongest_first(mention: Mention) -> tuple[float, int, int]:
    """The order `pick` takes mentions in: strongest, then longest, then earliest."""
    return (-mention.best, -(mention.end - mention.start), mention.start)


def pick(mentions: list[Mention]) -> list[Mention]:
    """The best non-overlapping mentions, strongest and longest first."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for mention in mentions:
        span = set(range(mention.start, mention.end))
        if span & taken:
            continue
        chosen.append(mention)
        taken |= span
    return sorted(chosen, key=lambda m: m.start)
