"""The live ERP's names, for speech recognition: customers, people, projects, stages and
products, read through the MCP tools and cached for a few minutes.

`ErpVocabulary` is the `vocabulary` callable the local speech-to-text takes: it returns
the names (never from lists in code), refreshed at most every `ttl` seconds, one read at
a time for the whole process; a caller that stops waiting does not cancel the read. A
failed read keeps the last names (or none) and is retried after `retry` seconds:
recognition then works without biasing, it never fails because of it.

The names come from the understanding layer's shared, cached name index
(`daniel.understanding.engine.shared_index`, loaded with `odoo_names`): the recogniser
and the question parser know the same names.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from datetime import date

from daniel.language.text import tokenize, without_reference
from daniel.server_avatar.services.base import Lang, ProviderError, ToolRunner
from daniel.server_avatar.services.local.erp_tools import ErpTools
from daniel.understanding.engine import shared_index
from daniel.understanding.executor import ToolFailure
from daniel.understanding.parser import Parser

log = logging.getLogger(__name__)

#: Kinds of ERP names given to the recogniser, and how many of each (the decoder prompt
#: stays short): companies first, then people, projects, stages and products.
KINDS: tuple[tuple[str, int], ...] = (
    ("partner", 80),
    ("user", 30),
    ("project", 30),
    ("stage", 20),
    ("product", 40),
)


class ErpVocabulary:
    """Names from the live ERP, cached for `ttl` seconds."""

    def __init__(self, tools: ToolRunner, *, ttl: float = 300.0, retry: float = 30.0) -> None:
        self._tools = tools
        self._ttl = ttl
        self._retry = retry
        self._names: list[str] = []
        self._read_at = float("-inf")
        self._reading: asyncio.Task[None] | None = None
        self._parser: Parser | None = None

    def unexplained(self, text: str, lang: Lang) -> int | None:
        """How much of `text` the question parser cannot explain (`Parse.unexplained`: its
        unknown words, letters Whisper spelled out of noise, and two more if it is no
        question at all). None before the ERP's names are read.

        Speech recognition uses it to choose between the beam's hypotheses: of two
        near-equally likely hearings, the one that is a question about this ERP (its
        words, its names) is what was said."""
        if self._parser is None or not self._names:
            return None
        return self._parser.parse(text, lang, date.today()).unexplained

    def words(self, text: str, lang: Lang) -> list[tuple[int, int, str]] | None:
        """Each word of `text` as the question parser reads it: (start, end, what),
        `what` being "unknown" (a word it cannot explain), "name" (part of a name the ERP
        knows), "filler" (grammar that carries no meaning of its own: "de", "tiene",
        "the") or "known". None before the ERP's names are read.

        Speech recognition guesses a name only over words the parser cannot explain,
        never over "presupuestos" or "overdue"."""
        if self._parser is None or not self._names:
            return None
        return parsed_words(self._parser, text, lang, date.today())

    async def __call__(self) -> list[str]:
        if time.monotonic() - self._read_at < self._ttl:
            return self._names
        if self._reading is None or self._reading.done():
            self._reading = asyncio.create_task(self._refresh(), name="erp-vocabulary")
        await asyncio.shield(self._reading)  # a caller that gives up leaves the read running
        return self._names

    async def _refresh(self) -> None:
        names = await self._read()
        if names:
            self._names, self._read_at = names, time.monotonic()
        else:  # nothing read: keep the last names, try again sooner
            self._read_at = time.monotonic() - self._ttl + self._retry

    async def _read(self) -> list[str]:
        """The names of the understanding layer's shared index for this MCP connection."""
        index = shared_index(ErpTools(self._tools), self._tools)
        self._parser = Parser(index)
        try:
            await index.ensure()
        except (ProviderError, ToolFailure) as exc:
            log.info("ERP names for speech recognition not read: %s", _short(exc))
            return []
        names: dict[str, None] = {}
        for kind, most in KINDS:
            entries = index.of_kind(kind)
            if kind == "partner":  # companies before their contacts
                entries.sort(key=lambda e: not e.extra.get("is_company"))
            spoken = (said(e.name) for e in entries[:most])
            names.update(dict.fromkeys(name for name in spoken if name))
        return list(names)


def parsed_words(
    parser: Parser, text: str, lang: Lang, today: date
) -> list[tuple[int, int, str]] | None:
    """(start, end, "unknown" / "name" / "filler" / "known") for each word of `text`, as `parser`
    reads it (see `ErpVocabulary.words`)."""
    parse = parser.parse(text, lang, today)
    tokens = tokenize(text)
    if len(tokens) != len(parse.tags):
        return None
    kinds = {"?": "unknown", "filler": "filler", "name": "name"}
    return [
        (t.start, t.end, kinds.get(tag, "known")) for t, tag in zip(tokens, parse.tags, strict=True)
    ]


def said(name: str) -> str:
    """A name as people say it: without a product's internal reference ("[HW-ROU] Router
    empresarial") or a company's legal form ("Acme Ibérica S.L.")."""
    return _LEGAL_FORM.sub("", without_reference(name))


#: A company's legal form at the end of its name: never said, and a prompt full of
#: "S.L." makes Whisper hear letters in noise.
_LEGAL_FORM = re.compile(
    r"[,\s]+(?:S\.?\s?L\.?(?:\s?[UP]\.?)?|S\.?\s?A\.?(?:\s?U\.?)?|Inc\.?|LLC|LLP|Ltd\.?|"
    r"Corp\.?|GmbH|S\.?\s?A\.?\s?S\.?)$",
    re.IGNORECASE,
)


def _short(exc: BaseException) -> str:
    if isinstance(exc, ProviderError | ToolFailure):
        return exc.message
    return type(exc).__name__
