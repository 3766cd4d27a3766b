"""From words to a `Query`: every word is explained as grammar, a date, an amount, a
name from the ERP, or filler; what is left is reported, never turned into a filter.

Order of work on one message:
1. exact multi-word ERP names (so "Renovación: licencias 2025" is a name, not a year);
2. dates and amounts; 3. multi-word cues ("how many", "por etapa", "who owns");
4. the remaining ERP names (partial, sound-alike, typo), never on grammar words alone;
5. single grammar words; 6. leftovers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from daniel.language.dates import MONTHS as DATE_MONTHS
from daniel.language.dates import DateSpan, find_dates, month_of
from daniel.language.numbers import find_amounts, words_to_number
from daniel.language.text import Lang, Token, fold, tokenize, words

from .lexicon import questions as lx
from .lexicon.requests import CHANGE_STEMS, OPENING
from .names import EXACT, PART, PREFIX, Candidate, Mention, NameIndex, pick, strongest_first
from .query import Query, Ref

_ORDER_REF = re.compile(r"^(?:s|so|p|pv)\d{3,}$")
_SMALL = {
    word: value
    for value, group in enumerate(
        ["uno una one", "dos two", "tres three", "cuatro four", "cinco five", "seis six",
         "siete seven", "ocho eight", "nueve nine", "diez ten"], start=1
    )
    for word in group.split()
}  # fmt: skip
#: Words that tell what is asked about when no record kind is named.
DUE_WORDS = words(
    "due vence vencen venza venzan vencio vencieron entregar entrega deliver deadline"
)
CLOSE_WORDS = words(
    "close closing cierra cierran cierre cerrar cierren cerrarse cerraremos cerrara cerraran "
    "cerrarla cerrarlo cerrarlas cerrarlos"
)
SALES_WORDS = words(
    "venta ventas sale sales vendido vendidos vendimos vendemos vender vende sold sell sells "
    "selling facturado facturamos facturacion revenue ingresos"
)
WHERE_WORDS = words("donde where")
#: The person who sells to a customer, not one of the customer's own people.
SALESPERSON_WORDS = words(
    "comercial comerciales vendedor vendedora vendedores salesperson salesman rep reps"
)
PENDING_WORDS = words("pendiente pendientes pending plate toca")
#: When a quotation stops being valid: "¿qué presupuestos caducan este mes?".
EXPIRY_WORDS = words("caduca caducan caducar caducidad expire expires expiring expiry validity")
#: The newest records first: "los cinco pedidos más recientes", "latest quotes".
RECENT_WORDS = words("reciente recientes recent latest newest")
#: "la oportunidad más antigua", "our oldest deal": by when the records were created.
OLDEST_WORDS = words("antigua antiguas antiguo antiguos oldest older vieja viejas viejo viejos")
#: A product's price ranked: "el producto más caro", "the cheapest thing we sell".
DEAR_WORDS = words("caro cara caros caras expensive pricey priciest dearest")
CHEAP_WORDS = words("barato barata baratos baratas cheap cheaper cheapest")
_HINTS = DUE_WORDS | CLOSE_WORDS | SALES_WORDS | WHERE_WORDS | PENDING_WORDS | DEAR_WORDS
_HINTS |= CHEAP_WORDS | RECENT_WORDS | OLDEST_WORDS | EXPIRY_WORDS
_BETWEEN = words("entre between from de desde")
#: Kinds of name that only count beside a word saying what they are (step 1b).
_NAMED_BESIDE: dict[str, frozenset[str]] = {
    "team": words("equipo team"),
    "tag": words(
        "etiqueta etiquetas etiquetada etiquetadas etiquetado etiquetados tag tags tagged label"
    ),
}
PERSON_PRONOUNS = frozenset({"él", "ella", "he", "she", "him", "her", "his"})
_WHO = words("quien quienes who whom whose")
_PURCHASE = words(
    "comprado compra compras compro buy buys bought purchases purchased spent gastado factura"
    " ordered"
    " revenue ingresos"
)


@dataclass(slots=True)
class Parse:
    """The query plus what the parser saw, for follow-ups and honest answers."""

    query: Query
    lang: Lang
    words: list[str]
    tags: list[str]
    subjects: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    #: The period said, read as the coming one ("en enero" in December) when that is nearer
    #: than the one past: for what is still ahead (open deals' closing, open tasks').
    period_ahead: DateSpan | None = None
    followup: bool = False
    reference: bool = False
    who: bool = False
    out_of_scope: bool = False
    #: Records Odoo keeps that Daniel does not read ("accounting", "activity"), as said.
    not_read: list[str] = field(default_factory=list)
    small_talk: bool = False
    order_ref: str | None = None
    purchase: bool = False
    number: int | None = None
    unknown_names: list[str] = field(default_factory=list)
    #: Records whose names share words with an unknown name ("Bodegas Torres": Bodegas
    #: Valdemar and María Torres Blanco), to offer in the answer.
    near_names: list[str] = field(default_factory=list)
    pronoun: bool = False
    filter_gaps: list[str] = field(default_factory=list)
    #: Words said where a stage's name goes that name no stage ("in the Closing stage",
    #: "en la etapa Cierre"), and the ERP's stages of that kind, to offer instead.
    stage_gap: str = ""
    stages: tuple[str, ...] = ()
    shift: int = 0  # "¿y el que viene?": the next period; "the previous one": the last
    write_verb: bool = False
    capitals: list[bool] = field(default_factory=list)
    #: Two periods compared ("compara", "vs", "más … que" between two periods).
    comparing: bool = False
    today: date | None = None

    @property
    def understood(self) -> bool:
        q = self.query
        return bool(
            self.subjects or self.measures or self.fields or q.has_filters or q.record
            or q.group or self.order_ref or q.ordinal or self.statuses or self.shift
        )  # fmt: skip

    @property
    def unexplained(self) -> int:
        """How much of the message the parser cannot explain: its unknown words, the
        letters standing alone that are no word of the language and no part of a known
        name ("S.M.S." in "Quanto hemos rendido a S.M.S.", where "este mes" was said; the
        "S.L." of "Acme Ibérica S.L." is part of its name), and two more if it is no
        question at all. Speech recognition ranks hearings by it: a stray letter is
        filler to a typed question, but in a hearing it is Whisper spelling out noise."""
        letters = lx.LETTER_WORDS[self.lang]
        stray = sum(
            1
            for word, tag in zip(self.words, self.tags, strict=True)
            if len(word) == 1 and word.isalpha() and word not in letters and tag != "name"
        )
        return self.tags.count("?") + stray + (0 if self.understood else 2)


#: An unknown word right after these stands where a filter would ("sales this moth").
_FILTER_SLOTS = words(
    "this last next este esta estos estas ese esa el la del al proximo proxima pasado "
    "pasada since desde hasta until"
)
_ROLE_CUES = frozenset(
    ["proyecto", "project", "cliente", "customer", "client", "empresa", "company"]
)
_NAME_CUES = frozenset(
    [
        "de",
        "del",
        "of",
        "for",
        "para",
        "cliente",
        "clienta",
        "proyecto",
        "project",
        "customer",
        "client",
        "con",
        "with",
        "a",
        "to",
        "empresa",
        "company",
        "contacto",
        "contact",
    ]
)


def _named_after_cue(words: list[str], index: int) -> bool:
    word = words[index]
    return (
        index > 0
        and words[index - 1] in _ROLE_CUES
        and word not in lx.FILLER
        and word not in lx.SUBJECT_WORDS
        and word not in lx.STATUS_WORDS
    )


#: The nouns a stage's name goes with ("the Closing stage", "la etapa Cierre").
_STAGE_NOUNS = words("stage etapa fase")
#: Where an English stage's name starts: "in the … stage", "at … stage".
_STAGE_SLOT_START = words("the in at into to")
#: What a stage's name said after the noun follows: "in stage Closing", "en la etapa
#: Cierre"; never "which stage holds…", "¿qué etapa concentra…?".
_STAGE_NOUN_AFTER = words("the in at into to la en de a al del")
#: Words that say which stage without naming it: "each stage", "la etapa actual".
_STAGE_QUALIFIERS = words(
    "each every which what whose same current next previous first last final this that its "
    "their any other cada que cual misma mismo actual siguiente anterior primera primer "
    "ultima ultimo final inicial esta este esa ese su sus otra otro alguna ninguna"
)
#: How the parser may read a word that is in fact an unknown stage's name: unknown, or
#: a field or out-of-scope word by accident ("Closing", "clone's world").
_STAGE_GAP_TAGS = frozenset(["?", "field", "oos"])
_STAGE_SLOT_WORDS = 3


def _stage_gap(tokens: list[Token], words: list[str], tags: list[str], lang: Lang) -> str:
    """The words said where a stage's name goes, when they name no stage: "in the
    Closing stage", "in stage Closing", "en la etapa (de) Cierre". Never a word read as
    something else that matters (a person, a period, a status: "in the won stage"), nor
    one saying which stage without naming it ("each stage", "la etapa actual")."""

    def unexplained(k: int) -> bool:
        # a word read only as a misspelling of another ("Contrato" as "contacto") counts
        return tags[k] in _STAGE_GAP_TAGS or words[k] != _plain(tokens[k].norm)

    def gap(start: int, end: int) -> bool:
        span = range(start, end)
        return (
            0 < end - start <= _STAGE_SLOT_WORDS
            and all(unexplained(k) or tags[k] == "filler" for k in span)
            and any(unexplained(k) for k in span)
            and not any(words[k] in _STAGE_QUALIFIERS for k in span)
        )

    for i, word in enumerate(words):
        if word not in _STAGE_NOUNS:
            continue
        if lang == "en":  # "in the <name> stage"
            start = i
            while start > 0 and i - start < _STAGE_SLOT_WORDS:
                if words[start - 1] in _STAGE_SLOT_START:
                    break
                start -= 1
            if start > 0 and words[start - 1] in _STAGE_SLOT_START and gap(start, i):
                return " ".join(t.text for t in tokens[start:i])
        if i == 0 or words[i - 1] not in _STAGE_NOUN_AFTER:
            continue
        after = i + 1  # "in stage Closing", "en la etapa (de) Cierre"
        if lang == "es" and after < len(words) and words[after] in ("de", "del"):
            after += 1
        end = after
        while end < len(words) and end - after < _STAGE_SLOT_WORDS:
            if not unexplained(end) and tags[end] != "filler":
                break
            end += 1
        while end > after and tags[end - 1] == "filler":
            end -= 1  # "etapa Cierre de este…": the name ends where its words do
        if gap(after, end):
            return " ".join(t.text for t in tokens[after:end])
    return ""


def _unknown_names(tokens: list[Token], words: list[str], tags: list[str]) -> list[str]:
    """Runs of unexplained words that look like a name: capitalised (not the first word)
    or right after "de", "cliente", "project"... ("Consultoría Norterqkhh")."""
    found: list[str] = []
    run: list[int] = []

    def name_like(i: int) -> bool:
        if tags[i] not in ("?", "filler") or words[i] in lx.FILLER:
            return False
        capital = tokens[i].text[:1].isupper() and i > 0
        cued = i > 0 and words[i - 1] in _NAME_CUES and tags[i] == "?"
        return capital or cued or (bool(run) and tags[i] == "?")

    for i in range(len(tokens) + 1):
        if i < len(tokens) and name_like(i):
            run.append(i)
            continue
        if run and any(tags[j] == "?" for j in run):
            found.append(" ".join(tokens[j].text for j in run))
        run = []
    return found


def _plain(word: str) -> str:
    """ "moreno's" → "moreno"."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word


def _coming_month(span: DateSpan, today: date) -> DateSpan | None:
    """A month named without a year that has passed ("en enero" said in December), as the
    coming one when that is nearer; None otherwise ("noviembre" in December is the past)."""
    said = span.words.split()
    if span.grain != "month" or span.end >= today or not set(said) & set(DATE_MONTHS):
        return None
    if any(word.isdigit() for word in said):
        return None  # "enero de 2026": the year is said
    start, end = month_of(span.start.year + 1, span.start.month)
    if start - today < today - span.end:
        return DateSpan(start, end, "month", span.words)
    return None


#: A percentage: "60 %", "70 por ciento", "sesenta por ciento", "50 percent".
_PERCENT = re.compile(
    r"\b(?P<num>\d{1,3}(?:[.,]\d+)?|[a-z]+(?: y [a-z]+)?)\s*(?:%|por ?ciento\b|per ?cent\b)"
)


def _comparison(before: list[str]) -> tuple[str, int] | None:
    """ "más del", "mayor al", "at least", "under" ending `before`: which way, how many
    words. Spanish folds "de el" into "del" and "a el" into "al"."""
    article = 1 if before and before[-1] in ("un", "el", "the") else 0  # "más de un 60 %"
    before = before[: len(before) - article]
    for size in (3, 2, 1):
        if len(before) < size:
            continue
        said = before[-size:]
        plain = " ".join([*said[:-1], {"del": "de", "al": "a"}.get(said[-1], said[-1])])
        if plain in lx.MORE_THAN or plain in lx.MORE_THAN_PERCENT:
            return "more", size + article
        if plain in lx.LESS_THAN or plain in lx.LESS_THAN_PERCENT:
            return "less", size + article
    return None


def _covered(tokens: list[Token], start: int, end: int) -> list[int]:
    return [i for i, t in enumerate(tokens) if start <= t.start < end]


def _phrase_hits(words: list[str], phrases: dict[str, str]) -> list[tuple[int, int, str]]:
    hits: list[tuple[int, int, str]] = []
    for phrase in lx.longest_first(phrases):
        parts = phrase.split()
        size = len(parts)
        for start in range(len(words) - size + 1):
            if words[start : start + size] == parts:
                hits.append((start, start + size, phrases[phrase]))
    return hits


class Parser:
    def __init__(self, names: NameIndex) -> None:
        self.names = names

    def parse(self, text: str, lang: Lang, today: date) -> Parse:
        text, folded = self._period_typos(text, fold(text))
        tokens = tokenize(text, folded)
        words = [_plain(t.norm) for t in tokens]
        tags = [""] * len(words)
        result = Parse(Query(), lang, words, tags, today=today)
        result.capitals = [t.text[:1].isupper() and i > 0 for i, t in enumerate(tokens)]
        # "buenos días Daniel, …": a greeting before the question, the assistant greeted
        # by name; neither is a name asked about ("días" is not "Díaz", nor "Daniel" a
        # salesperson of that name)
        opening = OPENING.match(folded)
        if opening and folded[opening.end() :].strip(" ?¿!¡.,"):
            for index, token in enumerate(tokens):
                if token.end <= opening.end():
                    tags[index] = "filler"
        for start, end, _ in _phrase_hits(words, {phrase: "" for phrase in lx.FILLER_PHRASES}):
            self._claim(tags, start, end, "filler")
        mentions = [
            m
            for m in map(_exact_cities, self.names.find_mentions(words))
            if m.candidates and all(not tags[i] for i in range(m.start, m.end))
        ]

        # 1. exact multi-word names first
        strong = [m for m in mentions if m.end - m.start >= 2 and m.candidates[0].how == EXACT]
        for mention in pick(strong):
            if all(not tags[i] for i in range(mention.start, mention.end)):
                self._claim(tags, mention.start, mention.end, "name")
                result.mentions.append((mention, ""))

        # 1b. a sales team or a tag named beside the word that says so ("el equipo Ventas",
        # "the Inside Sales team", "con la etiqueta Renovación"), even when its name is made
        # of grammar words; elsewhere such a name is no name at all
        for mention in mentions:
            best = next(  # a category may share the name ("Servicios"): the cue decides
                (c for c in mention.candidates if c.named.kind in _NAMED_BESIDE and c.how == EXACT),
                None,
            )
            if best is None:
                continue
            cues = _NAMED_BESIDE[best.named.kind]
            before = words[max(0, mention.start - 2) : mention.start]
            after = words[mention.end : mention.end + 1]
            if not cues & {*before, *after}:
                continue
            if all(not tags[i] for i in range(mention.start, mention.end)):
                self._claim(tags, mention.start, mention.end, "name")
                result.mentions.append((mention, ""))
            if best.named.kind == "tag" and any(m is mention for m, _ in result.mentions):
                # ("equipo" stays a word of its own: "¿quién forma parte del equipo X?")
                for index in (*range(max(0, mention.start - 2), mention.start), mention.end):
                    if index < len(words) and words[index] in cues and not tags[index]:
                        tags[index] = "filler"  # the word "etiqueta" / "team" itself

        # 2. dates and amounts ("el mes con más ventas" is no date: the months ranked)
        for start, end, _ in _phrase_hits(words, {p: "" for p in lx.MONTH_RANKED}):
            if not any(tags[i] for i in range(start, end)):
                self._claim(tags, start, end, "group:month")
                result.query.group = "month"
        self._dates(result, tokens, folded, today)
        self._percentages(result, tokens, folded)
        self._amounts(result, tokens, folded)

        # 3. multi-word cues, the longest first ("sin fecha límite" is a status, not the
        # field "fecha límite"); of equally long ones, the earlier table's
        hits = [
            (start, end, value, tag)
            for table, tag in (
                (lx.FIELD_PHRASES, "field"),
                (lx.MEASURE_PHRASES, "measure"),
                (lx.STATUS_PHRASES, "status"),
                (lx.GROUP_PHRASES, "group"),
                (lx.SHIFT_PHRASES, "shift"),
                ({p: "me" for p in lx.ME_PHRASES}, "me"),
                ({p: "everyone" for p in lx.EVERYONE_PHRASES}, "everyone"),
                (lx.NOT_READ_PHRASES, "not_read"),
            )
            for start, end, value in _phrase_hits(words, table)
        ]
        for start, end, value, tag in sorted(hits, key=lambda hit: hit[0] - hit[1]):
            if any(tags[i] for i in range(start, end)):
                continue
            self._claim(tags, start, end, f"{tag}:{value}")
            self._note(result, tag, value)
            for word in words[start:end]:  # "qué comercial", "en qué etapa", "quién"
                if word in lx.SUBJECT_WORDS:
                    result.subjects.append(lx.SUBJECT_WORDS[word])
                elif word in _WHO:
                    result.who = True

        if result.shift and not result.comparing and set(words) & lx.VERSUS_BETWEEN:
            result.comparing = True  # "este trimestre respecto al anterior"
        if result.comparing:  # "compara", "frente a", "vs", "respecto": understood
            for index, word in enumerate(words):
                if word in lx.COMPARING and not tags[index]:
                    tags[index] = "compare"

        # 4. the other names, on words the grammar did not take; a tag or a team said
        # without its cue word is no candidate (see 1b), so its exact name does not
        # outrank a longer name in part ("la oportunidad Renovación flota" is the deal
        # "Talleres Ruiz: renovación flota", not the tag "Renovación" and a word left over)
        rest = [
            Mention(m.start, m.end, [c for c in m.candidates if c.named.kind not in _NAMED_BESIDE])
            for m in mentions
            if all(not tags[i] for i in range(m.start, m.end))
            and any(words[i] not in lx.GRAMMAR_WORDS for i in range(m.start, m.end))
            and any(c.named.kind not in _NAMED_BESIDE for c in m.candidates)
        ]
        rest.sort(key=strongest_first)  # without those candidates, some rank lower
        for mention in pick(rest):
            if all(not tags[i] for i in range(mention.start, mention.end)):
                self._claim(tags, mention.start, mention.end, "name")
                result.mentions.append((mention, ""))

        result.write_verb = any(w.startswith(CHANGE_STEMS) for w in words[:2])
        # 5. single words; a misspelt grammar word ("oprtunidades") is read as meant,
        # unless it is part of a name the ERP knows
        for index, word in enumerate(words):
            if tags[index]:
                continue
            tags[index] = self._word(result, index, word)
            if (
                tags[index] == "?"
                and len(word) >= 4
                and not self.names.knows(word)
                and not word.startswith(CHANGE_STEMS)
            ):
                fixed = lx.correct(word)
                if fixed is not None:
                    words[index] = fixed
                    tags[index] = self._word(result, index, fixed)

        result.pronoun = any(t.text.lower() in PERSON_PRONOUNS for t in tokens)
        # 6. what is left; unknown words that look like names are kept together
        result.query.leftovers = [
            tokens[i].text for i, tag in enumerate(tags) if tag == "?" and len(words[i]) > 2
        ]
        result.unknown_names = _unknown_names(tokens, words, tags)
        result.filter_gaps = [
            tokens[i].text
            for i, tag in enumerate(tags)
            if tag == "?" and i > 0 and words[i - 1] in _FILTER_SLOTS
        ]
        result.mentions.sort(key=lambda item: item[0].start)
        for start, end in self._roles(result):
            result.unknown_names.append(" ".join(t.text for t in tokens[start:end]))
        if result.query.stage is None:
            result.stage_gap = _stage_gap(tokens, words, tags, lang)
            if result.stage_gap:
                kind = "task_stage" if "task" in result.subjects else "stage"
                result.stages = tuple(dict.fromkeys(self.names.names_of(kind)))
        return result

    # ------------------------------------------------------------------ pieces
    def _period_typos(self, text: str, folded: str) -> tuple[str, str]:
        """ "next weak", "this moth", "la semana que biene": a misspelt word of a period,
        after the word that makes it one, written as meant before dates are read (never a
        word of an ERP name). `fold` keeps lengths, so both strings change alike."""
        tokens = tokenize(text, folded)
        for before, token in reversed(list(pairwise(tokens))):
            fixed = lx.period_typo(before.norm, token.norm)
            if fixed is None or self.names.knows(token.norm):
                continue
            text = text[: token.start] + fixed + text[token.end :]
            folded = folded[: token.start] + fixed + folded[token.end :]
        return text, folded

    @staticmethod
    def _claim(tags: list[str], start: int, end: int, tag: str) -> None:
        for index in range(start, end):
            tags[index] = tag

    @staticmethod
    def _note(result: Parse, tag: str, value: str) -> None:
        q = result.query
        if tag == "field":
            result.fields.append(value)
        elif tag == "measure":
            result.measures.append(value)
        elif tag == "status":
            result.statuses.append(value)
        elif tag == "group":
            q.group = value  # type: ignore[assignment]
        elif tag == "me":
            q.me = True
        elif tag == "everyone":
            q.everyone = True
        elif tag == "shift":
            result.shift = int(value)
        elif tag == "not_read":
            result.not_read.append(value)

    def _dates(self, result: Parse, tokens: list[Token], folded: str, today: date) -> None:
        matches = find_dates(folded, today, result.lang)
        if len(matches) == 1:
            result.period_ahead = _coming_month(matches[0].span, today)
        said = set(result.words)
        result.comparing = bool(said & lx.COMPARE_WORDS)
        last = -1  # the last word of the period before
        for match in matches:
            covered = _covered(tokens, match.start, match.end)
            if not covered or any(result.tags[i] for i in covered):
                continue
            self._claim(result.tags, covered[0], covered[-1] + 1, "date")
            span = match.span
            between = set(result.words[last + 1 : covered[0]])
            last = covered[-1]
            if result.query.period is None:
                result.query.period = span
            elif (
                result.comparing
                or between & lx.VERSUS_BETWEEN
                or (between & lx.THAN_WORDS and said & lx.MORE_LESS_WORDS)
            ):
                # "¿vendimos más este mes que el mes pasado?", "this year vs last year"
                result.comparing = True
                result.query.versus = result.query.versus or span
            else:  # "del 1 de marzo al 15 de abril"
                first = result.query.period
                result.query.period = DateSpan(
                    min(first.start, span.start), max(first.end, span.end), "day", first.words
                )

    def _percentages(self, result: Parse, tokens: list[Token], folded: str) -> None:
        """ "más del 60 %", "at least 70 percent likely": a deal's probability, never money.
        The percentage, the comparison before it and the word "probabilidad" beside it
        are one filter; which records can have it is decided later (interpret)."""
        q = result.query
        for match in _PERCENT.finditer(folded):
            raw = match.group("num")
            value = words_to_number(raw) if raw[0].isalpha() else float(raw.replace(",", "."))
            covered = _covered(tokens, match.start(), match.end())
            if value is None or not 0 <= value <= 100 or not covered:
                continue
            if any(result.tags[i] for i in covered):
                continue
            start, end = covered[0], covered[-1] + 1
            before = result.words[max(0, start - 3) : start]
            cue = _comparison(before)
            if cue is not None:
                start -= cue[1]
            if cue is None or cue[0] == "more":
                q.probability_min = value
            if cue is None or cue[0] == "less":
                q.probability_max = value
            self._claim(result.tags, start, end, "probability")
            # "una probabilidad de …", "… de probabilidad", "70 percent likely"
            for index in (
                *range(max(0, start - 4), start),
                *range(end, min(end + 3, len(result.words))),
            ):
                if result.words[index] in lx.PROBABILITY_WORDS and not result.tags[index]:
                    self._claim(result.tags, index, index + 1, "probability")
                    if index > 0 and result.words[index - 1] in ("una", "a", "an"):
                        self._claim(result.tags, index - 1, index, "probability")

    def _amounts(self, result: Parse, tokens: list[Token], folded: str) -> None:
        found = find_amounts(folded, result.lang)
        for low, high in pairwise(found):
            # "entre 5.000 y 10.000 €", "between 5,000 and 10,000": both ends
            first, second = (
                _covered(tokens, low.start, low.end),
                _covered(tokens, high.start, high.end),
            )
            if not first or not second or any(result.tags[i] for i in (*first, *second)):
                continue
            between = result.words[first[-1] + 1 : second[0]]
            before = result.words[first[0] - 1] if first[0] > 0 else ""
            joined = between in (["y"], ["and"], ["to"], ["a"], ["al"])
            if before in _BETWEEN and joined and (low.is_money or high.is_money):
                self._claim(result.tags, first[0] - 1, second[-1] + 1, "amount")
                result.query.amount_min = min(low.value, high.value)
                result.query.amount_max = max(low.value, high.value)
        for match in found:
            covered = _covered(tokens, match.start, match.end)
            if not covered or any(result.tags[i] for i in covered):
                continue
            before = " ".join(result.words[max(0, covered[0] - 3) : covered[0]])
            more = any(before.endswith(cue) for cue in lx.MORE_THAN)
            less = any(before.endswith(cue) for cue in lx.LESS_THAN)
            if not (more or less or match.is_money):
                continue
            self._claim(result.tags, covered[0], covered[-1] + 1, "amount")
            for cue in (*lx.MORE_THAN, *lx.LESS_THAN):
                size = len(cue.split())
                if before.endswith(cue) and covered[0] - size >= 0:
                    self._claim(result.tags, covered[0] - size, covered[0], "amount")
                    break
            if less:
                result.query.amount_max = match.value
            else:
                result.query.amount_min = match.value

    def _word(self, result: Parse, index: int, word: str) -> str:
        q = result.query
        words = result.words
        if _ORDER_REF.match(word):
            result.order_ref = word.upper()
            return "order_ref"
        if word in lx.SUBJECT_WORDS:
            subject = lx.SUBJECT_WORDS[word]
            result.subjects.append(subject)
            return f"subject:{subject}"
        if word in lx.CREATED_WORDS:
            q.created = True
            return "created"
        if word in _PURCHASE:
            result.purchase = True
            return "purchase"
        if word in lx.STATUS_WORDS:
            result.statuses.append(lx.STATUS_WORDS[word])
            return "status"
        if word in lx.MEASURE_WORDS:
            result.measures.append(lx.MEASURE_WORDS[word])
            return "measure"
        if _named_after_cue(words, index) and (
            word not in lx.GRAMMAR_WORDS or result.capitals[index]
        ):
            return "?"  # "el proyecto Web": a name, even if it is also a word
        if word in lx.FIELD_WORDS:
            result.fields.append(lx.FIELD_WORDS[word])
            return "field"
        if word in lx.ORDINALS:
            q.ordinal = lx.ORDINALS[word]
            return "ordinal"
        if word.isdigit() or word in _SMALL:
            value = int(word) if word.isdigit() else _SMALL[word]
            if 0 < value <= 50:
                result.number = value
                return "number"
        if word in _WHO:
            result.who = True
            return "who"
        if word in lx.ME_WORDS:
            q.me = True
            return "me"
        if word in lx.REFERENCE_WORDS:
            result.reference = True
            return "ref"
        if word in ("y", "and") and index == 0:
            result.followup = True
            return "followup"
        if word in lx.GROUP_CUES:
            return "by"
        if word in lx.OUT_OF_SCOPE:
            result.out_of_scope = True
            return "oos"
        if word in lx.NOT_READ_WORDS:
            result.not_read.append(lx.NOT_READ_WORDS[word])
            return "not_read"
        if word in lx.SMALL_TALK:
            result.small_talk = True
            return "smalltalk"
        if word in lx.FILLER or word in lx.GRAMMAR_WORDS:
            return "filler"
        if word in _HINTS:
            return "hint"  # "venza", "entregar", "donde": they tell what is asked about
        if len(word) <= 2 or (index > 0 and words[index - 1] == "'"):
            return "filler"
        return "?"

    # ------------------------------------------------------------------ names → roles
    def _roles(self, result: Parse) -> list[tuple[int, int]]:
        """Decide what each name is in the question: owner, customer, project, stage,
        product, or the record asked about. Returns the spans of words that are one name
        the ERP does not have, said with words of two of its names (`_one_unknown_name`)."""
        words = result.words
        q = result.query
        found: list[tuple[str, Ref]] = []
        #: each name's mention, and the cities of the partners it may be, if said in part
        elsewhere: dict[int, tuple[Mention, set[str]]] = {}
        for position, (mention, _) in enumerate(result.mentions):
            before = words[max(0, mention.start - 2) : mention.start]
            after = words[mention.end : mention.end + 1]
            cue = set(before) | set(after)
            kinds = _preferred_kinds(cue, result)
            chosen = []
            for group in kinds:
                chosen = mention.top(*group)
                if chosen:
                    break
            if not chosen:
                chosen = mention.top()
            if any(not _said_beside(c, cue) for c in chosen):
                # a team or a tag only beside "equipo" / "etiqueta" (see 1b): "ventas de
                # Servicios" with a tag and a product category of that name is the category
                plain = {c.named.kind for c in mention.candidates} - set(_NAMED_BESIDE)
                chosen = mention.top(*plain) if plain else []
            cities = [c for c in mention.top("city") if c.how == EXACT]
            if cities and cue & lx.CITY_CUES and not any(map(_rather_than_a_city, chosen)):
                chosen = cities  # "clientes de Madrid", "deals in Boston": where they are
            if not chosen:
                continue
            kind = chosen[0].named.kind
            same = [c for c in chosen if c.named.kind == kind]
            if set(result.fields) & _CONTACT_FIELDS:
                # "email de María": a user and two contacts called María are all candidates
                rivals = [c for c in mention.top() if c.score >= same[0].score - 1e-9]
                same = [*same, *(c for c in rivals if c not in same)]
            ref = Ref(
                kind=kind,
                ids=tuple(c.named.id for c in same),
                names=tuple(c.named.name for c in same),
                said=" ".join(words[mention.start : mention.end]),
                how=same[0].how,
                kinds=tuple(c.named.kind for c in same),
            )
            role = _role_of(kind, result)
            result.mentions[position] = (mention, role)
            found.append((role, ref))
            elsewhere[id(ref)] = (mention, _cities_of(same) if same[0].how != EXACT else set())
        unknown = _one_unknown_name(found, {k: m for k, (m, _) in elsewhere.items()})
        for start, end, pieces in unknown:
            for role, ref in pieces:
                found.remove((role, ref))
                result.near_names.extend(n for n in ref.names if n not in result.near_names)
            self._claim(result.tags, start, end, "?")
        city = next((fold(ref.name) for role, ref in found if role == "city"), None)
        for role, ref in list(found):
            mention, partner_cities = elsewhere[id(ref)]
            if city is not None and partner_cities and city not in partner_cities:
                # "un hotel barato en Sevilla": a word of the name of a company in another
                # city is not that company; the word is left unexplained
                found.remove((role, ref))
                self._claim(result.tags, mention.start, mention.end, "?")
                q.leftovers.append(ref.said)
        for role, ref in _pieces_of_one_name(found):
            if ref.ambiguous:
                q.ambiguous.append(ref)
            self._assign(q, role, ref)
        return [(start, end) for start, end, _ in unknown]

    @staticmethod
    def _assign(q: Query, role: str, ref: Ref) -> None:
        current = getattr(q, role, None)
        if current is None:
            setattr(q, role, ref)
        elif role == "record" and q.customer is None and ref.kind == "partner":
            q.customer = ref
        elif role == "owner" and ref.ids != current.ids:
            q.also_owners.append(ref)  # "¿quién tiene más, Javier o Carlos?"


_CONTACT_FIELDS = frozenset({"email", "phone", "city", "address"})


def _cities_of(candidates: list[Candidate]) -> set[str]:
    """The cities of partner candidates, folded; empty when one has none (or is no
    partner): then nothing says it is elsewhere."""
    cities = set()
    for candidate in candidates:
        city = candidate.named.extra.get("city") if candidate.named.kind == "partner" else None
        if not isinstance(city, str) or not city.strip():
            return set()
        cities.add(fold(city.strip()))
    return cities


def _exact_cities(mention: Mention) -> Mention:
    """A city is only ever a city said as the ERP writes it: "Seville" is not "Sevilla",
    and a word near a city's name is no filter."""
    kept = [c for c in mention.candidates if c.named.kind != "city" or c.how == EXACT]
    if len(kept) == len(mention.candidates):
        return mention
    return Mention(mention.start, mention.end, kept)


def _said_beside(candidate: Candidate, cue: set[str]) -> bool:
    """A team or a tag counts only with its cue word beside it; other kinds always."""
    cues = _NAMED_BESIDE.get(candidate.named.kind)
    return cues is None or bool(cue & cues)


def _rather_than_a_city(candidate: Candidate) -> bool:
    """A record named exactly, or a person by a word of their name ("oportunidades de
    Santiago" with a salesperson Santiago López), wins over a city of the same name."""
    named = candidate.named
    if named.kind == "city":
        return False
    person = named.kind == "user" or (named.kind == "partner" and not named.extra.get("is_company"))
    return candidate.how == EXACT or (person and candidate.how in (PART, PREFIX))


def _pieces_of_one_name(found: list[tuple[str, Ref]]) -> list[tuple[str, Ref]]:
    """A name said in pieces ("Atlantic … group LLC", often how speech comes back): an
    ambiguous piece whose candidates include the record another piece names for sure is
    that record, said twice, not a second name to ask about."""
    sure = {(ref.kind, ref.ids[0]) for _, ref in found if not ref.ambiguous}
    out: list[tuple[str, Ref]] = []
    for role, ref in found:
        candidates = zip(ref.kinds, ref.ids, strict=True)
        if ref.ambiguous and any(candidate in sure for candidate in candidates):
            continue
        out.append((role, ref))
    return out


def _one_unknown_name(
    found: list[tuple[str, Ref]], mentions: dict[int, Mention]
) -> list[tuple[int, int, list[tuple[str, Ref]]]]:
    """Two names said in part, side by side, of records that share no candidate:
    "Bodegas Torres" is one company the ERP does not have, not "Bodegas" of Bodegas
    Valdemar and "Torres" of María Torres Blanco; "Ana Torres" is not Ana García. Answering
    about either record would be about one the person did not name."""
    out: list[tuple[int, int, list[tuple[str, Ref]]]] = []
    for first, second in pairwise(found):
        a, b = mentions[id(first[1])], mentions[id(second[1])]
        if a.end != b.start or EXACT in (first[1].how, second[1].how):
            continue
        if set(zip(first[1].kinds, first[1].ids, strict=True)) & set(
            zip(second[1].kinds, second[1].ids, strict=True)
        ):
            continue
        if out and out[-1][1] == a.end:
            continue  # three pieces in a row: left to the rules above
        out.append((a.start, b.end, [first, second]))
    return out


def _preferred_kinds(cue: set[str], result: Parse) -> list[tuple[str, ...]]:
    """Which kinds of name to prefer, from the words around it and the subject."""
    if cue & lx.STAGE_CUES:
        return [("stage", "task_stage")]
    for kind, cues in _NAMED_BESIDE.items():  # "el equipo Ventas", "la etiqueta VIP"
        if cue & cues:
            return [(kind,)]
    if cue & lx.PROJECT_CUES:
        return [("project",)]
    if cue & {"cliente", "clientes", "customer", "customers", "client", "empresa", "company"}:
        return [("partner",)]
    if cue & lx.PERSON_CUES:
        return [("user",)]
    subjects = set(result.subjects)
    if subjects & {"task"}:
        return [("task", "project", "user", "task_stage")]
    if subjects & {"project"}:
        return [("project", "user", "partner")]
    if subjects & {"opportunity", "lead"}:
        return [("lead", "user", "partner", "stage")]
    if subjects & {"order", "quotation"}:
        return [("user", "partner", "product")]
    if subjects & {"customer", "contact"}:
        return [("partner",)]
    if subjects & {"person"}:
        return [("user",)]
    if result.fields and set(result.fields) & {
        "email",
        "phone",
        "city",
        "address",
        "website",
        "country",
    }:
        return [("partner", "user", "lead")]  # fmt: skip
    return []


def _role_of(kind: str, result: Parse) -> str:
    subjects = set(result.subjects)
    if kind == "user":
        if subjects & {"person"} and not subjects - {"person"}:
            return "record"
        if result.fields and not subjects:
            return "record"
        return "owner"
    if kind == "partner":
        if subjects and not subjects & {"customer", "contact"}:
            return "customer"
        if subjects & {"customer", "contact"} and subjects - {"customer", "contact"}:
            return "customer"
        if not subjects and not result.fields and (result.measures or result.statuses):
            return "customer"
        return "record"
    if kind == "project":
        return "project" if subjects & {"task"} else "record"
    if kind in ("stage", "task_stage"):
        return "stage"
    if kind == "team":
        return "sales_team"
    if kind == "tag":
        return "tag"
    if kind == "city":
        return "city"
    if kind == "category":
        return "category"
    if kind == "product":
        if "price" in result.fields:
            return "record"  # "¿a cuánto vendemos <producto>?": its price
        sold = subjects & {"order", "quotation"} or result.purchase
        return "product" if sold or set(result.words) & SALES_WORDS else "record"
    return "record"
