"""Relative and absolute dates in Spanish and English, relative to an injected `today`.

`find_dates(folded_text, today, lang)` returns every date expression with its span in the
text (the text must come from `text.fold`). A `DateSpan` is a day or a period (week,
month, quarter, year) with the words the user said, so answers can echo them.

Weekday names mean the next such day after today ("el viernes" on a Friday is a week
later); "este viernes" / "this Friday" is the Friday of the current week. A day and month
without a year ("el 15 de diciembre") is this year's, or next year's when it has already
passed and `prefer_future` is set (deadlines).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .text import Lang

Grain = Literal["day", "week", "month", "quarter", "year"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """From `start` to `end`, both included; `words` is what the user said."""

    start: date
    end: date
    grain: Grain
    words: str = ""


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    span: DateSpan


def _numbered(*groups: str, start: int = 0) -> dict[str, int]:
    """{"lunes": 0, "monday": 0, …} from space-separated synonyms per position."""
    return {word: index for index, group in enumerate(groups, start) for word in group.split()}


WEEKDAYS = _numbered(
    "lunes monday mon",
    "martes tuesday tue tues",
    "miercoles wednesday wed",
    "jueves thursday thu thurs",
    "viernes friday fri",
    "sabado saturday sat",
    "domingo sunday sun",
)
MONTHS = _numbered(
    "enero january ene jan",
    "febrero february feb",
    "marzo march mar",
    "abril april abr apr",
    "mayo may",
    "junio june jun",
    "julio july jul",
    "agosto august ago aug",
    "septiembre setiembre september sep sept",
    "octubre october oct",
    "noviembre november nov",
    "diciembre december dic dec",
    start=1,
)
SMALL_NUMBERS = {
    **_numbered(
        "",
        "un una uno a an one",
        "dos two",
        "tres three",
        "cuatro four",
        "cinco five",
        "seis six",
        "siete seven",
        "ocho eight",
        "nueve nine",
        "diez ten",
    ),
    **{"quince": 15, "fifteen": 15, "veinte": 20, "twenty": 20, "treinta": 30, "thirty": 30},
}


# --------------------------------------------------------------------------- periods
def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(year: int, month: int) -> tuple[date, date]:
    while month < 1:
        month, year = month + 12, year - 1
    while month > 12:
        month, year = month - 12, year + 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(year: int, quarter: int) -> tuple[date, date]:
    while quarter < 1:
        quarter, year = quarter + 4, year - 1
    while quarter > 4:
        quarter, year = quarter - 4, year + 1
    first, _ = month_of(year, 3 * quarter - 2)
    _, last = month_of(year, 3 * quarter)
    return first, last


def _day(day: date, words: str) -> DateSpan:
    return DateSpan(day, day, "day", words)


def _next_weekday(today: date, weekday: int, *, this_week: bool) -> date:
    if this_week:
        monday, _ = week_of(today)
        candidate = monday + timedelta(days=weekday)
        if candidate >= today:
            return candidate
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: int | None, today: date, future: bool) -> date | None:
    if year is not None:
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and future and found < today:
        found = _safe_date(today.year + 1, month, day)
    return found


# --------------------------------------------------------------------------- patterns
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True))

Builder = Callable[[re.Match[str], date, Lang, bool], DateSpan | None]
_RULES: list[tuple[re.Pattern[str], Builder]] = []


def _rule(pattern: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        _RULES.append((re.compile(rf"(?<![\w/])(?:{pattern})(?![\w/])"), builder))
        return builder

    return register


@_rule(r"(?:pasado manana|the day after tomorrow|day after tomorrow)")
def _after_tomorrow(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(today + timedelta(days=2), m.group(0))


@_rule(r"(?:antes de ayer|anteayer|the day before yesterday)")
def _before_yesterday(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(today - timedelta(days=2), m.group(0))


@_rule(r"(?:manana(?<!por la manana)(?<!de la manana)|tomorrow)")
def _tomorrow(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(today + timedelta(days=1), m.group(0))


@_rule(r"(?:hoy|today|tonight|esta tarde|esta noche|this afternoon|this evening)")
def _today(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(today, m.group(0))


@_rule(r"(?:ayer|yesterday)")
def _yesterday(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(today - timedelta(days=1), m.group(0))


_THIS = r"(?:esta|este|this|the current|current|en curso)"
_NEXT = (
    r"(?:(?:la |el )?(?:semana|mes|ano|trimestre) (?:que viene|proxim[oa]|siguiente|entrante)"
    r"|(?:la |el )?proxim[oa] (?:semana|mes|ano|trimestre)|next (?:week|month|year|quarter))"
)
_LAST = (
    r"(?:(?:la |el )?(?:semana|mes|ano|trimestre) (?:pasad[oa]|anterior|ultim[oa])"
    r"|(?:la |el )?ultim[oa] (?:semana|mes|ano|trimestre)|(?:last|previous|past) "
    r"(?:week|month|year|quarter))"
)


def _unit(text: str) -> str:
    for unit, names in (
        ("week", ("semana", "week")),
        ("month", ("mes", "month")),
        ("quarter", ("trimestre", "quarter")),
        ("year", ("ano", "year")),
    ):
        if any(name in text.split() for name in names):
            return unit
    return "day"


def _period(today: date, unit: str, offset: int, words: str) -> DateSpan:
    if unit == "week":
        start, end = week_of(today + timedelta(weeks=offset))
        return DateSpan(start, end, "week", words)
    if unit == "month":
        start, end = month_of(today.year, today.month + offset)
        return DateSpan(start, end, "month", words)
    if unit == "quarter":
        start, end = quarter_of(today.year, (today.month - 1) // 3 + 1 + offset)
        return DateSpan(start, end, "quarter", words)
    year = today.year + offset
    return DateSpan(date(year, 1, 1), date(year, 12, 31), "year", words)


@_rule(_NEXT)
def _next_period(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _period(today, _unit(m.group(0)), 1, m.group(0))


@_rule(_LAST)
def _last_period(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _period(today, _unit(m.group(0)), -1, m.group(0))


@_rule(
    rf"(?:{_THIS}|del|el|the|for the) (?:semana|week|mes|month|ano|year|trimestre|quarter)"
    r"(?! (?:pasad|anterior|que viene|proxim|siguiente|entrante|ago|before|after))"
)
def _this_period(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _period(today, _unit(m.group(0)), 0, m.group(0))


_QUARTER_ORDINALS = _numbered(
    "primer primero first 1 1st", "segundo second 2 2nd", "tercer tercero third 3 3rd",
    "cuarto fourth 4 4th", start=1,
)  # fmt: skip


@_rule(
    r"(?:(?:en )?el |the |in (?:the )?)?(?:q(?P<q>[1-4])|(?P<t>[1-4])t"
    r"|(?P<o>primer|primero|segundo|tercer|tercero|cuarto) trimestre"
    r"|(?P<e>first|second|third|fourth|1st|2nd|3rd|4th) quarter)"
    r"(?: (?:de |del |of )?(?:(?P<y>20\d\d)|(?:este|this) (?:ano|year)))?"
)
def _quarter(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    raw = m.group("q") or m.group("t") or m.group("o") or m.group("e")
    year = int(m.group("y")) if m.group("y") else today.year
    start, end = quarter_of(year, _QUARTER_ORDINALS[raw])
    return DateSpan(start, end, "quarter", m.group(0))


@_rule(
    r"(?:en lo que va de|lo que llevamos de|so far this|this|the) (?P<u>ano|year|mes|month)"
    r"(?: so far| to date| hasta (?:ahora|hoy|la fecha))"
    r"|(?:en lo que va de|lo que llevamos de) (?:ano|mes)"
    r"|(?P<td>year|month)[ -]to[ -]date|ytd"
)
def _so_far(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    text = m.group(0)
    if "mes" in text.split() or "month" in text:
        start, _ = month_of(today.year, today.month)
        return DateSpan(start, today, "month", text)
    return DateSpan(date(today.year, 1, 1), today, "year", text)


@_rule(
    rf"(?:hasta|antes del?|until|till|by|before|no later than) (?:el |este |the |this |next )?"
    rf"(?P<w>{_WD})"
)
def _until_weekday(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    target = _next_weekday(today, WEEKDAYS[m.group("w")], this_week=True)
    if target < today:
        target += timedelta(days=7)
    return DateSpan(today, target, "day", m.group(0))


@_rule(
    r"(?:a |al |para )?(?:fin|final|finales) de (?:este )?mes"
    r"|(?:at )?(?:the )?end of (?:the |this )?month"
)
def _end_of_month(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    _, last = month_of(today.year, today.month)
    return _day(last, m.group(0))


@_rule(
    r"(?:a |al |para )?(?:fin|final|finales) de (?:la |esta )?semana"
    r"|(?:at )?(?:the )?end of (?:the |this )?week"
)
def _end_of_week(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    return _day(_friday_of(today), m.group(0))


def _friday_of(today: date) -> date:
    """The working week's last day: the Friday of `today`'s week."""
    _, sunday = week_of(today)
    return sunday - timedelta(days=2)


@_rule(
    r"(?:hasta|antes del?|until|till|by|before) (?:el |la |the |this )?"
    r"(?:(?:fin|final) de (?:la |esta )?semana|fin de semana|weekend"
    r"|end of (?:the |this )?week)"
)
def _until_end_of_week(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    """ "antes del fin de semana", "before the weekend": from today to Friday."""
    return DateSpan(today, max(today, _friday_of(today)), "day", m.group(0))


@_rule(
    r"(?:hasta|antes del?|until|till|by|before) (?:el |the |this )?"
    r"(?:(?:fin|final) de (?:este )?mes|end of (?:the |this )?month)"
)
def _until_end_of_month(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    """ "antes de fin de mes", "before the end of the month": from today to its last day."""
    _, last = month_of(today.year, today.month)
    return DateSpan(today, last, "day", m.group(0))


@_rule(
    rf"(?:(?:en|dentro de) (?P<n1>\d+|{_NUM}) (?P<u1>dias?|semanas?|meses)"
    rf"|in (?P<n2>\d+|{_NUM}) (?P<u2>days?|weeks?|months?))(?: from now| time)?"
)
def _in_n(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    raw = m.group("n1") or m.group("n2")
    count = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
    unit = m.group("u1") or m.group("u2")
    if unit.startswith(("dia", "day")):
        return _day(today + timedelta(days=count), m.group(0))
    if unit.startswith(("semana", "week")):
        return _day(today + timedelta(weeks=count), m.group(0))
    start, _ = month_of(today.year, today.month + count)
    return _day(_safe_date(start.year, start.month, today.day) or start, m.group(0))


@_rule(rf"hace (?P<n>\d+|{_NUM}) dias?|(?P<m>\d+|{_NUM}) days? ago")
def _days_ago(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    raw = m.group("n") or m.group("m")
    count = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
    return _day(today - timedelta(days=count), m.group(0))


@_rule(
    rf"(?:en |in |over |during )?(?:los |the )?(?:ultimos|last|past) (?P<n>\d+|{_NUM})"
    rf" (?:dias|days)"
)
def _last_days(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    """ "en los últimos 30 días", "in the last 30 days": up to today, today included."""
    raw = m.group("n")
    count = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
    return DateSpan(today - timedelta(days=max(count, 1) - 1), today, "day", m.group(0))


@_rule(
    rf"(?:del |entre el |entre |from (?:the )?|between (?:the )?)(?P<a>\d{{1,2}})"
    rf" (?:al|y el|y|to(?: the)?|and(?: the)?|-) (?P<b>\d{{1,2}}) (?:de |of )?(?P<mo>{_MO})"
    rf"(?:,? (?:de |del )?(?P<y>\d{{4}}))?"
    rf"|(?:from |between )(?P<mo2>{_MO}) (?P<a2>\d{{1,2}}) (?:to|and|-) (?P<b2>\d{{1,2}})"
    rf"(?:,? (?P<y2>\d{{4}}))?"
)
def _days_of_a_month(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    """ "del 1 al 15 de octubre", "entre el 1 y el 15 de diciembre", "from Dec 1 to 15"."""
    month = MONTHS[m.group("mo") or m.group("mo2")]
    first, last = int(m.group("a") or m.group("a2")), int(m.group("b") or m.group("b2"))
    raw_year = m.group("y") or m.group("y2")
    start = _with_year(month, min(first, last), int(raw_year) if raw_year else None, today, False)
    if start is None:
        return None
    end = _safe_date(start.year, month, max(first, last))
    return DateSpan(start, end, "day", m.group(0)) if end else None


@_rule(
    rf"(?:(?:el |the |on |on the |el dia )?(?P<d1>\d{{1,2}})(?:st|nd|rd|th|º)?"
    rf" (?:de |of )?(?P<m1>{_MO})\.?(?:,? (?:de |del )?(?P<y1>\d{{4}}))?"
    rf"|(?:on |el )?(?P<m2>{_MO})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{{4}}))?)"
)
def _day_month(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    day = int(m.group("d1") or m.group("d2"))
    month = MONTHS[m.group("m1") or m.group("m2")]
    raw_year = m.group("y1") or m.group("y2")
    found = _with_year(month, day, int(raw_year) if raw_year else None, today, future)
    return _day(found, m.group(0)) if found else None


@_rule(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
def _iso(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    found = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _day(found, m.group(0)) if found else None


@_rule(r"(?:el |on )?(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?")
def _numeric(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    first, second = int(m.group("a")), int(m.group("b"))
    day, month = (second, first) if lang == "en" else (first, second)
    if month > 12 and day <= 12:
        day, month = month, day
    year = int(m.group("y")) if m.group("y") else None
    found = _with_year(month, day, year, today, future) if 1 <= month <= 12 else None
    return _day(found, m.group(0)) if found else None


@_rule(
    rf"(?:(?:el |this |este |next |el proximo |(?:on |by |due |for |until )?(?:this |next )?)?"
    rf"(?P<wd>{_WD})(?: (?:que viene|proximo|siguiente))?)"
)
def _weekday(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    words = m.group(0)
    this_week = words.startswith(("este ", "this ")) or " this " in f" {words}"
    return _day(_next_weekday(today, WEEKDAYS[m.group("wd")], this_week=this_week), words)


@_rule(
    rf"(?:en |de |in |for |during |durante )?(?:el mes de )?(?P<mo>{_MO})"
    rf"(?: (?:de |del )?(?P<y>\d{{4}}))?"
)
def _month_name(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan | None:
    name = m.group("mo")
    if len(name) <= 3 and name not in ("mayo",):
        return None  # "mar", "sun"... alone are too ambiguous to be a month
    if name == "may" and not m.group(0).startswith(("in ", "for ", "during ")):
        return None  # "may" is a verb in English
    month = MONTHS[name]
    year = int(m.group("y")) if m.group("y") else today.year
    start, end = month_of(year, month)
    return DateSpan(start, end, "month", m.group(0))


@_rule(
    r"(?:(?:en el|del|el|este|en|in|during|durante|in the) )?(?:ano|year) (?P<y>20\d\d)"
    r"|(?:en|in|durante|during) (?P<y2>20\d\d)(?! ?(?:€|eur|euros?|\$|dolares|dollars|k\b|mil))"
)
def _year(m: re.Match[str], today: date, lang: Lang, future: bool) -> DateSpan:
    year = int(m.group("y") or m.group("y2"))
    return DateSpan(date(year, 1, 1), date(year, 12, 31), "year", m.group(0))


def find_dates(
    folded: str, today: date, lang: Lang = "es", *, prefer_future: bool = False
) -> list[DateMatch]:
    """Every date expression in `folded` (output of `text.fold`), left to right,
    longest first where two overlap."""
    candidates: list[tuple[int, int, re.Match[str], Builder]] = []
    for order, (pattern, build) in enumerate(_RULES):
        candidates.extend((order, 0, m, build) for m in pattern.finditer(folded))
    # Longest expression first ("pasado mañana" over "mañana"), then the rule order.
    candidates.sort(key=lambda item: (item[2].start() - item[2].end(), item[0]))
    taken = [False] * len(folded)
    found: list[DateMatch] = []
    for _, _, m, build in candidates:
        if any(taken[m.start() : m.end()]):
            continue
        span = build(m, today, lang, prefer_future)
        if span is None:
            continue
        words = " ".join(span.words.split())
        found.append(
            DateMatch(m.start(), m.end(), DateSpan(span.start, span.end, span.grain, words))
        )
        for index in range(m.start(), m.end()):
            taken[index] = True
    return sorted(found, key=lambda match: match.start)


def parse_date(
    text: str, today: date, lang: Lang = "es", *, prefer_future: bool = True
) -> DateSpan | None:
    """The first date expression of `text` (any case, with accents), if any."""
    from .text import fold

    matches = find_dates(fold(text), today, lang, prefer_future=prefer_future)
    return matches[0].span if matches else None
