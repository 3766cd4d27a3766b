"""Numbers, money, dates and lists the way people say them in Spanish and English.

money(12500, "es", "EUR") → "12.500 €"   money(12500, "en", "USD") → "$12,500"
day_words(date(2026, 5, 15), "es", today) → "el viernes 15 de mayo"
join(["Ana", "Luis", "Eva"], "es") → "Ana, Luis y Eva"
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from daniel.language.calendar_names import MONTHS, WEEKDAYS
from daniel.language.dates import month_of, quarter_of, week_of
from daniel.language.text import Lang

#: Symbols of the common currencies, for a currency given by its ISO code.
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "MXN": "$", "COP": "$", "ARS": "$", "CLP": "$"}
_PREFIX_SYMBOLS = frozenset("$£€¥")


def number(value: float, lang: Lang, decimals: int = 0) -> str:
    """12500 → "12.500" (es) / "12,500" (en); decimals only when asked and not zero."""
    if decimals and round(value, decimals) != round(value):
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{round(value):,d}"
    if lang == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def money(
    value: float | int | None,
    lang: Lang,
    currency: str | None = None,
    *,
    decimals: int | None = None,
) -> str:
    """An amount in whole units with the company's currency (its ISO code or symbol, as
    Odoo gives it): "1.239.800 €" / "$1,239,800"; "1.239.800 $" in Spanish. Cents only
    for amounts under 100. No currency → the bare number (never an assumed euro)."""
    amount = float(value or 0.0)
    code = (currency or "").strip()
    symbol = SYMBOLS.get(code.upper(), code)
    if decimals is None:
        decimals = 2 if abs(amount) < 100 and round(amount, 2) != round(amount) else 0
    shown = number(amount, lang, decimals)
    if not symbol:
        return shown
    if lang == "es":
        return f"{shown} {symbol}"
    if symbol in _PREFIX_SYMBOLS or (len(symbol) <= 3 and not symbol.isalpha()):
        sign = "-" if shown.startswith("-") else ""
        return f"{sign}{symbol}{shown.lstrip('-')}"
    return f"{shown} {symbol}"


def join(items: Sequence[str], lang: Lang) -> str:
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = items[-1]
    conj = "y" if lang == "es" else "and"
    if lang == "es" and last[:1].lower() == "i" and last[:2].lower() not in ("ie", "ia"):
        conj = "e"
    serial = "," if lang == "en" and len(items) > 2 else ""
    return f"{', '.join(items[:-1])}{serial} {conj} {last}"


def count_noun(count: int, singular: str, plural: str, lang: Lang) -> str:
    """ "1 tarea" / "3 tareas"; "una tarea" reads better than "1 tarea" when spoken."""
    if count == 1:
        article = {"es": "una" if singular.endswith(("a", "ión", "ad")) else "un", "en": "one"}
        return f"{article[lang]} {singular}"
    return f"{number(count, lang)} {plural}"


def day_words(day: date, lang: Lang, today: date) -> str:
    """ "hoy", "mañana", "el viernes 15 de mayo" / "today", "tomorrow", "Friday, May 15"."""
    delta = (day - today).days
    names = {
        "es": {0: "hoy", 1: "mañana", -1: "ayer", 2: "pasado mañana"},
        "en": {0: "today", 1: "tomorrow", -1: "yesterday"},
    }
    if delta in names[lang]:
        return names[lang][delta]
    weekday = WEEKDAYS[lang][day.weekday()]
    month = MONTHS[lang][day.month - 1]
    year = f" de {day.year}" if lang == "es" else f", {day.year}"
    shown_year = year if day.year != today.year else ""
    if lang == "es":
        return f"el {weekday} {day.day} de {month}{shown_year}"
    return f"{weekday}, {month} {day.day}{shown_year}"


def month_words(start: date, lang: Lang) -> str:
    """A calendar month by name: "julio de 2026" / "July 2026"."""
    month = MONTHS[lang][start.month - 1]
    return f"{month} de {start.year}" if lang == "es" else f"{month} {start.year}"


def parse_iso(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_RELATIVE = {
    "week": (("la semana pasada", "last week"), ("esta semana", "this week"),
             ("la semana que viene", "next week")),
    "month": (("el mes pasado", "last month"), ("este mes", "this month"),
              ("el mes que viene", "next month")),
    "quarter": (("el trimestre pasado", "last quarter"), ("este trimestre", "this quarter"),
                ("el trimestre que viene", "next quarter")),
    "year": (("el año pasado", "last year"), ("este año", "this year"),
             ("el año que viene", "next year")),
}  # fmt: skip


def _periods_around(today: date) -> dict[tuple[date, date], tuple[str, int]]:
    found: dict[tuple[date, date], tuple[str, int]] = {}
    for offset in (-1, 0, 1):
        found[week_of(today + timedelta(weeks=offset))] = ("week", offset)
        found[month_of(today.year, today.month + offset)] = ("month", offset)
        found[quarter_of(today.year, (today.month - 1) // 3 + 1 + offset)] = ("quarter", offset)
        year = today.year + offset
        found[(date(year, 1, 1), date(year, 12, 31))] = ("year", offset)
    return found


def period_words(start: date, end: date, lang: Lang, today: date) -> str:
    """How to say a period: "hoy", "esta semana", "el mes pasado", "en marzo",
    "del 1/3 al 15/4" / "today", "this week", "last month", "in March"..."""
    if start == end:
        return day_words(start, lang, today)
    relative = _periods_around(today).get((start, end))
    if relative is not None:
        unit, offset = relative
        return _RELATIVE[unit][offset + 1][lang == "en"]
    if (start, end) == month_of(start.year, start.month):
        month = MONTHS[lang][start.month - 1]
        year = "" if start.year == today.year else f" {start.year}"
        return f"en {month}{' de' + year if year else ''}" if lang == "es" else f"in {month}{year}"
    if (start, end) == (date(start.year, 1, 1), date(start.year, 12, 31)):
        return f"en {start.year}" if lang == "es" else f"in {start.year}"
    if lang == "es":
        return f"del {start.day}/{start.month} al {end.day}/{end.month}"
    first, last = MONTHS["en"][start.month - 1], MONTHS["en"][end.month - 1]
    return f"from {first} {start.day} to {last} {end.day}"


def capitalize(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence
