"""Money amounts in Spanish and English: "10.000 €", "€12,500", "10k", "diez mil",
"1,5 millones", "ten thousand dollars".

`find_amounts(folded_text, lang)` returns each amount with its span (the text must come
from `text.fold`) and whether it clearly is money (a currency, "k"/"mil"/"thousand", or
a cue such as "más de" / "worth" before it) rather than a bare number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Lang

UNITS = {
    "cero": 0,
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiun": 21,
    "veintiuno": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "doscientas": 200,
    "trescientos": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "seiscientos": 600,
    "setecientos": 700,
    "ochocientos": 800,
    "novecientos": 900,
    "zero": 0,
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "mil": 1000,
    "thousand": 1000,
    "k": 1000,
    "millon": 1_000_000,
    "millones": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "m": 1_000_000,
}
_CURRENCY = r"(?:€|eur|euros?|\$|usd|dolares|dollars?|bucks|£|gbp|libras|pounds?)"
_CUE = (
    r"(?:mas de|mayor(?:es)? (?:de|que|a)|superior(?:es)? a|por encima de|de al menos|al menos"
    r"|minimo de|a partir de|valorad[ao] en|por valor de|por importe de|de importe|importe"
    r"|ingresos? (?:de|esperados? de)|over|above|more than|greater than|at least|bigger than"
    r"|larger than|worth|valued at|of at least|minimum of|exceeding|amount of|revenue of|for)"
)
_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SCALE = r"(?:k|mil|miles|thousand|m|millon|millones|million|millions)"
_NUMERIC = re.compile(
    rf"(?<![\w.,])(?P<pre>{_CURRENCY} ?)?(?P<num>{_DIGITS})"
    rf"(?: ?(?P<scale>{_SCALE}))?(?: ?(?:de )?(?P<cur>{_CURRENCY}))?(?![\w])"
)
_WORD_NUMBER = "|".join(sorted([*UNITS, "y", "and", "hundred", "mil", "thousand"], key=len)[::-1])
_WORDS = re.compile(
    rf"(?<![\w])(?<!\d )(?P<words>(?:(?:{_WORD_NUMBER}) )*(?:mil|thousand|millon|millones|million)"
    rf"(?: (?:{_WORD_NUMBER}))*)(?: (?:de )?(?P<cur>{_CURRENCY}))?(?![\w])"
)
_CUE_BEFORE = re.compile(rf"{_CUE} ?$")


@dataclass(frozen=True, slots=True)
class AmountMatch:
    start: int
    end: int
    value: float
    is_money: bool
    currency: str | None = None


def _number(raw: str, lang: Lang) -> float:
    groups = re.split(r"[.,]", raw)
    if len(groups) == 1:
        return float(raw)
    last = groups[-1]
    if len(last) == 3:  # "10.000" / "10,000": thousands separators only
        return float("".join(groups))
    decimal_sep = raw[-len(last) - 1]
    whole = "".join(groups[:-1]) if decimal_sep in ".," else raw
    return float(f"{whole}.{last}")


def words_to_number(text: str) -> float | None:
    """ "diez mil" → 10000, "ten thousand" → 10000, "veinticinco mil" → 25000."""
    total = 0.0
    current = 0.0
    seen = False
    for word in text.split():
        if word in ("y", "and"):
            continue
        if word in UNITS:
            current += UNITS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in ("mil", "thousand", "miles"):
            total += (current or 1) * 1000
            current = 0
            seen = True
        elif word in ("millon", "millones", "million", "millions"):
            total = (total + (current or 1)) * 1_000_000
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _currency(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip()
    if raw in ("$", "usd", "dolares", "dollar", "dollars", "bucks"):
        return "USD"
    if raw in ("£", "gbp", "libras", "pound", "pounds"):
        return "GBP"
    return "EUR"


def find_amounts(folded: str, lang: Lang = "es") -> list[AmountMatch]:
    """Every amount in `folded`, left to right."""
    found: list[AmountMatch] = []
    taken = [False] * len(folded)
    for m in _WORDS.finditer(folded):
        value = words_to_number(m.group("words"))
        if value is None or value == 0:
            continue
        found.append(AmountMatch(m.start(), m.end(), value, True, _currency(m.group("cur"))))
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    for m in _NUMERIC.finditer(folded):
        if any(taken[m.start() : m.end()]):
            continue
        value = _number(m.group("num"), lang)
        scale = m.group("scale")
        if scale:
            value *= SCALES.get(scale, 1000)
        cur = m.group("pre") or m.group("cur")
        cue = bool(_CUE_BEFORE.search(folded[: m.start()]))
        found.append(
            AmountMatch(m.start(), m.end(), value, bool(cur or scale or cue), _currency(cur))
        )
    return sorted(found, key=lambda match: match.start)
