"""The checker: one turn's verdict from what the server sent over the WebSocket.

Verdicts:

- `correct`  the answer holds the expected number, names or value (or asks back / declines
             / previews the write, when that is what is expected);
- `wrong`    it does not: a different number, a wrong name, "none" when there is data, a
             write preview of the wrong record. `confident` marks the wrong answers given as
             answers (outcome `answered` or `proposed`): the target is none of those;
- `unsure`   it asked back or said it did not understand when an answer was expected;
- `skipped`  the ERP could not fill a slot or compute the expectation (set by the runner).

The outcome comes from `turn.end`'s optional `outcome` (answered, asked, not_understood,
out_of_scope, proposed, error); without it, `guess_outcome` reads the messages.
Numbers are read the way both languages write them ("1.239.800 €", "1.239.800,50 €",
"$1,239,800", "1,239,800.50", "43"); amounts match within one unit or 0.5%.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .oracle import Expected
from .text import contains_words, fold, words

OUTCOMES = ("answered", "asked", "not_understood", "out_of_scope", "proposed", "error")

_NUMBER = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:([.,\u00a0\u202f])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2}(?!\d))?"
    r"|\d+(?:[.,]\d+)?)(?![\w])"
)
_SCALE = re.compile(r"^\s*(millones|millón|million|millions|mil|thousand|k\b|m\b)", re.I)
_SCALES = {"millones": 1e6, "millón": 1e6, "million": 1e6, "millions": 1e6, "m": 1e6,
           "mil": 1e3, "thousand": 1e3, "k": 1e3}  # fmt: skip
_SPELLED = {
    "un": 1, "una": 1, "uno": 1, "one": 1, "a single": 1, "dos": 2, "two": 2, "tres": 3,
    "three": 3, "cuatro": 4, "four": 4, "cinco": 5, "five": 5, "seis": 6, "six": 6,
    "siete": 7, "seven": 7, "ocho": 8, "eight": 8, "nueve": 9, "nine": 9, "diez": 10,
    "ten": 10, "ninguna": 0, "ninguno": 0, "ningun": 0, "none": 0, "no": 0,
}  # fmt: skip
_NONE = re.compile(
    r"^no\b|\b(no hay|no tienes|no tiene|no tenemos|no se ha|no he encontrado|no encuentro"
    r"|ningun[oa]?|nada|sin (datos|resultados)|no consta|none"
    r"|no (open |won |lost )?\w*\s?(found|results?)"
    r"|there (are|is) no|you have no|you don'?t have|has no|have no|nothing|not set|no record)\b",
    re.I,
)
_TAX = re.compile(
    r"(sin impuestos|sin iva|antes de impuestos|base imponible|impuestos excluidos|sin tasas"
    r"|before tax|excluding tax|excl\.? tax|untaxed|pre-tax|without tax|tax excluded|net of tax"
    r"|tax-exclusive|ex\.? tax)",
    re.I,
)
_NOT_UNDERSTOOD = re.compile(
    r"(no te he entendido|no he entendido|no entiendo|didn'?t catch|no te he pillado"
    r"|no s[eé] (qu[eé]|a qu[eé])|puedo ayudarte con"
    r"|i didn'?t understand|i don'?t understand|i'?m not sure what|i can help (you )?with"
    r"|not sure i follow|no puedo ayudarte|can'?t help with|cannot help with|fuera de)",
    re.I,
)
_ASKS = re.compile(
    r"(pregúntame primero|preguntame primero|ask me first|no tengo una lista|don'?t have a list"
    r"|\?)",
    re.I,
)
#: how answers name a currency (folded), by ISO code
_CURRENCIES = {
    "EUR": ("€", "eur", "euro", "euros"),
    "USD": ("$", "usd", "dollar", "dollars", "dolar", "dolares"),
    "GBP": ("£", "gbp", "pound", "pounds", "libra", "libras"),
}
_MONTHS = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
}  # fmt: skip


def parse_number(token: str) -> float:
    """One number as written in Spanish or English; a lone separator before exactly three
    digits is a thousands separator in both ("1.239" and "1,239" are 1239)."""
    token = token.replace("\u00a0", "").replace("\u202f", "")
    if "." in token and "," in token:
        decimal = "." if token.rfind(".") > token.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(token.replace(thousands, "").replace(decimal, "."))
    for sep in ".,":
        if sep in token:
            parts = token.split(sep)
            if len(parts) > 2 or len(parts[-1]) == 3:
                return float(token.replace(sep, ""))
            return float(token.replace(sep, "."))
    return float(token)


def numbers(text: str) -> list[float]:
    """Every number in `text`, scaled by a following "mil"/"million"/"k"."""
    found: list[float] = []
    for match in _NUMBER.finditer(text):
        value = parse_number(match.group(0))
        scale = _SCALE.match(text[match.end() :])
        if scale:
            value *= _SCALES[scale.group(1).lower()]
        found.append(value)
    return found


def counts(text: str) -> set[int]:
    """Integers stated in `text`, with small numbers spelled out ("una", "two")."""
    found = {int(n) for n in numbers(text) if n == int(n)}
    folded = fold(text)
    for word, value in _SPELLED.items():
        if value and re.search(rf"\b{word}\b", folded):
            found.add(value)
    return found


def amount_matches(expected: float, stated: float) -> bool:
    return abs(expected - stated) <= max(1.0, abs(expected) * 0.005)


def currencies_named(text: str) -> set[str]:
    """Symbols and names of currencies an answer uses, folded ("€", "usd", "dollars"…)."""
    folded = fold(text)
    found = {c for c in "€$£" if c in folded}
    found |= {w for w in words(folded) if any(w in names for names in _CURRENCIES.values())}
    return found


def wrong_currency(text: str, code: str, symbol: str) -> bool:
    """True when the answer names money only in a currency that is not the company's."""
    named = currencies_named(text)
    ours = {fold(symbol), code.lower(), *_CURRENCIES.get(code, ())}
    return bool(named) and not named & ours


def says_none(text: str) -> bool:
    return bool(_NONE.search(fold(text))) or 0 in {int(n) for n in numbers(text) if n == 0}


def date_forms(day: date, today: date | None = None) -> list[str]:
    """Ways an answer may write `day` (folded)."""
    forms = [day.isoformat(), f"{day.day}/{day.month}", f"{day.day:02d}/{day.month:02d}"]
    for lang in ("es", "en"):
        month = _MONTHS[lang][day.month - 1]
        forms += [f"{day.day} de {month}", f"{month} {day.day}", f"{day.day} {month}",
                  f"{month[:3]} {day.day}", f"{day.day} {month[:3]}"]  # fmt: skip
    if today is not None:
        relative = {today: ["hoy", "today"], today + timedelta(days=1): ["mañana", "tomorrow"],
                    today - timedelta(days=1): ["ayer", "yesterday"]}  # fmt: skip
        forms += relative.get(day, [])
    return forms


def mentions_date(text: str, day: date, today: date | None = None) -> bool:
    folded = fold(text)
    for form in date_forms(day, today):
        if re.search(rf"(?<![\w/]){re.escape(form)}(?![\w/])", folded):
            return True
    return False


@dataclass
class Observed:
    """One turn as the browser saw it."""

    text: str = ""
    cards: list[dict[str, Any]] = field(default_factory=list)
    confirms: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    outcome: str | None = None  # from turn.end, when the server sends it
    tools: list[str] = field(default_factory=list)

    @classmethod
    def from_messages(cls, messages: list[dict[str, Any]]) -> Observed:
        seen = cls()
        deltas: list[str] = []
        for message in messages:
            kind = message.get("type")
            if kind == "agent.delta":
                deltas.append(str(message.get("text", "")))
            elif kind == "agent.text":
                seen.text = str(message.get("text", ""))
            elif kind == "tool" and message.get("status") == "done":
                seen.tools.append(str(message.get("name", "")))
                seen.cards += [c for c in message.get("records") or [] if isinstance(c, dict)]
            elif kind == "confirm.request":
                seen.confirms.append(message)
            elif kind == "error":
                seen.errors.append(message)
            elif kind == "turn.end" and message.get("outcome") in OUTCOMES:
                seen.outcome = str(message["outcome"])
        if not seen.text:
            seen.text = "".join(deltas)
        return seen

    def cards_of(self, model: str) -> list[dict[str, Any]]:
        return [c for c in self.cards if not model or c.get("model") == model]

    def card_text(self) -> str:
        return " · ".join(str(c.get("name", "")) for c in self.cards)


def guess_outcome(seen: Observed) -> str:
    """The outcome when `turn.end` does not say it."""
    if seen.outcome:
        return seen.outcome
    if seen.confirms:
        return "proposed"
    text = seen.text.strip()
    if seen.errors and not text:
        return "error"
    if _NOT_UNDERSTOOD.search(text) and not seen.cards:
        return "not_understood"
    if _ASKS.search(text) and not seen.cards:
        return "asked"
    return "answered"


def states_something(seen: Observed, names: frozenset[str] = frozenset()) -> bool:
    """True when the answer states data: a number, "none", a record card, or a name the
    ERP holds (`names`, folded) — what makes a wrong answer a confident one."""
    if seen.cards or numbers(seen.text) or says_none(seen.text):
        return True
    folded = f" {' '.join(words(seen.text))} "
    return any(f" {name} " in folded for name in names)


@dataclass
class Verdict:
    verdict: str  # correct | wrong | unsure | skipped
    reason: str = ""
    confident: bool = False
    outcome: str = ""

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _names_in(seen: Observed, name: str) -> bool:
    return contains_words(seen.text, name) or contains_words(seen.card_text(), name)


def _judge_answer(exp: Expected, seen: Observed, today: date | None) -> tuple[bool, str]:
    """(met, why not) for the expectations that want data."""
    if exp.also is not None:  # two periods compared: both figures must be said
        first = _judge_answer(replace(exp, also=None), seen, today)
        second = _judge_answer(exp.also, seen, today)
        if not first[0]:
            return first
        return second[0], f"second period: {second[1]}"
    text = seen.text
    if exp.kind == "count":
        assert exp.count is not None
        if exp.count == 0:
            return says_none(text), "expected none"
        return exp.count in counts(text), f"expected {exp.count}, stated {sorted(counts(text))}"
    if exp.kind == "money":
        assert exp.amount is not None
        if abs(exp.amount) < 0.5:
            return says_none(text) or any(amount_matches(0, n) for n in numbers(text)), "0"
        if not any(amount_matches(exp.amount, n) for n in numbers(text)):
            return False, f"expected {exp.describe}, stated {numbers(text)}"
        if exp.currency and wrong_currency(text, *exp.currency):
            return False, f"the amount is not in the company's currency ({exp.currency[0]})"
        if exp.tax_basis and not _TAX.search(fold(text)):
            return False, "right amount, but the tax basis (before tax) is not stated"
        return True, ""
    if exp.kind in ("names", "top"):
        if not exp.names and not exp.winners:
            return says_none(text) and not seen.cards_of(exp.model), "expected none"
        return _judge_names(exp, seen)
    if exp.kind == "value":
        return _judge_value(exp, seen, today)
    raise ValueError(exp.kind)


def _judge_names(exp: Expected, seen: Observed) -> tuple[bool, str]:
    ids = {rid for rid, _ in exp.names}
    cards = seen.cards_of(exp.model) if exp.model else []
    if exp.kind == "top":
        if cards:  # the records shown first must be the winners
            first = cards[: max(1, exp.count or 1)]
            if all(c.get("id") in ids for c in first):
                return True, ""
            return (
                False,
                f"expected {' / '.join(exp.winners)} first, shown {first[0].get('name')!r}",
            )
        # a ranking's cards list every group: the winner must be said, not only shown
        said_first = [a for a in exp.absent if contains_words(seen.text, a)]
        if said_first:
            return False, f"asked for another place, named {said_first[0]!r} (the first)"
        if any(contains_words(seen.text, w) for w in exp.winners):
            return True, ""
        return False, f"expected {' / '.join(exp.winners)}"
    extra = [c for c in cards if c.get("id") not in ids]
    if extra:
        return False, f"listed {extra[0].get('name')!r}, not among the expected"
    named = [name for rid, name in exp.names if contains_words(seen.text, name) or any(
        c.get("id") == rid for c in cards)]  # fmt: skip
    total = len(exp.names)
    if len(named) == total or len(named) >= 5:
        return True, ""
    if total in counts(seen.text) and (named or total > 5):
        return True, ""
    missing = [name for _, name in exp.names if name not in named][:3]
    return False, f"expected {total}; missing {missing}"


def _judge_value(exp: Expected, seen: Observed, today: date | None) -> tuple[bool, str]:
    text, value = seen.text, exp.value
    if value in (None, [], ""):
        return says_none(text), "expected: there is none"
    if exp.value_type == "phone":
        digits = re.sub(r"\D", "", str(value))[-9:]
        return digits in re.sub(r"\D", "", text), f"expected {value}"
    if exp.value_type == "number":
        return any(abs(n - float(value)) <= 0.5 for n in numbers(text)), f"expected {value}"
    if exp.value_type == "money":
        return any(amount_matches(float(value), n) for n in numbers(text)), f"expected {value}"
    if exp.value_type == "date":
        return mentions_date(text, value, today), f"expected {value}"
    if exp.value_type == "names":
        missing = [n for n in value if not _names_in(seen, n)]
        return not missing, f"missing {missing}"
    wanted = str(value)
    if "@" in wanted:
        return wanted.lower() in text.lower(), f"expected {wanted}"
    return contains_words(text, wanted) or fold(wanted) in fold(text), f"expected {wanted}"


def judge(
    exp: Expected,
    messages: list[dict[str, Any]],
    *,
    previous: Observed | None = None,
    previous_expected: Expected | None = None,
    today: date | None = None,
    names: frozenset[str] = frozenset(),
) -> Verdict:
    """The verdict on one turn. `previous` is the turn before in the same dialogue;
    `names` are the ERP's names, folded (a wrong answer naming one is a confident one)."""
    seen = Observed.from_messages(messages)
    outcome = guess_outcome(seen)
    confident = outcome in ("answered", "proposed") and (
        outcome == "proposed" or states_something(seen, names)
    )
    if exp.kind == "asks":
        if outcome == "asked":
            return Verdict("correct", outcome=outcome)
        if exp.winners and all(_names_in(seen, w) for w in exp.winners):
            return Verdict("correct", "answered for every candidate", outcome=outcome)
        if outcome in ("not_understood", "out_of_scope"):
            return Verdict("unsure", f"{outcome} instead of asking which one", outcome=outcome)
        return Verdict("wrong", "should have asked which one", confident, outcome)
    if exp.kind == "out_of_scope":
        if outcome in ("out_of_scope", "not_understood", "asked"):
            return Verdict("correct", outcome=outcome)
        return Verdict("wrong", "answered a question it cannot answer", confident, outcome)
    if exp.kind == "write":
        return _judge_write(exp, seen, outcome, today)
    if exp.kind == "card_ref":
        exp = _resolve_card_ref(exp, previous, previous_expected)
        if exp.kind == "card_ref":
            return Verdict("wrong", "the previous answer listed nothing to point at",
                           confident, outcome)  # fmt: skip
    if outcome in ("asked", "not_understood", "out_of_scope"):
        return Verdict("unsure", f"{outcome} instead of answering", outcome=outcome)
    if outcome == "proposed":
        return Verdict("wrong", "proposed a write instead of answering", True, outcome)
    met, why = _judge_answer(exp, seen, today)
    if met:
        return Verdict("correct", outcome=outcome)
    if outcome == "error":
        return Verdict("wrong", f"error: {seen.errors[:1]}", False, outcome)
    return Verdict("wrong", why, confident and not why.startswith("right amount"), outcome)


def _resolve_card_ref(
    exp: Expected, previous: Observed | None, previous_expected: Expected | None
) -> Expected:
    pointed: tuple[int, str, str] | None = None
    if previous is not None:
        unique: list[dict[str, Any]] = []
        for card in previous.cards:
            if all((c.get("model"), c.get("id")) != (card.get("model"), card.get("id"))
                   for c in unique):  # fmt: skip
                unique.append(card)
        if len(unique) >= exp.index:
            card = unique[exp.index - 1]
            pointed = (int(card.get("id", 0)), str(card.get("name", "")), str(card.get("model")))
    if (
        pointed is None
        and previous_expected is not None
        and len(previous_expected.names) >= exp.index
    ):
        rid, name = previous_expected.names[exp.index - 1]
        pointed = (rid, name, previous_expected.model)
    if pointed is None:
        return exp
    rid, name, model = pointed
    return Expected("top", f"item {exp.index}: {name}", model=model, names=[(rid, name)],
                    winners=[name])  # fmt: skip


def _judge_write(exp: Expected, seen: Observed, outcome: str, today: date | None) -> Verdict:
    if not seen.confirms:
        if outcome in ("asked", "not_understood", "out_of_scope"):
            return Verdict("unsure", f"{outcome} instead of a preview", outcome=outcome)
        return Verdict(
            "wrong", "no write preview (confirm.request)", outcome == "answered", outcome
        )
    request = seen.confirms[-1]
    parts = [str(request.get("summary", "")), seen.text]
    for change in request.get("changes") or []:
        parts += [str(change.get(k, "")) for k in ("label", "new", "old")]
    shown = " · ".join(parts)
    missing = [m for m in exp.mention if not (contains_words(shown, m) or fold(m) in fold(shown))]
    missing += [d.isoformat() for d in exp.mention_dates if not mentions_date(shown, d, today)]
    stated = numbers(shown)
    missing += [
        f"{a:g}" for a in exp.mention_amounts if not any(amount_matches(a, n) for n in stated)
    ]
    if missing:
        return Verdict("wrong", f"the preview does not name {missing}", True, "proposed")
    return Verdict("correct", outcome="proposed")


__all__ = ["Observed", "Verdict", "amount_matches", "judge", "numbers", "parse_number", "words"]
