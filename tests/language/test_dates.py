"""Dates said in Spanish and English, relative to a fixed today (Wednesday 13 May 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from daniel.language.dates import find_dates, parse_date
from daniel.language.text import fold

WEDNESDAY = date(2026, 5, 13)
FRIDAY = date(2026, 5, 15)

DAYS = [
    ("hoy", "es", date(2026, 5, 13)),
    ("mañana", "es", date(2026, 5, 14)),
    ("pasado mañana", "es", date(2026, 5, 15)),
    ("ayer", "es", date(2026, 5, 12)),
    ("el viernes", "es", date(2026, 5, 15)),
    ("el miércoles", "es", date(2026, 5, 20)),  # a weekday name means the next one
    ("este miércoles", "es", date(2026, 5, 13)),
    ("el próximo lunes", "es", date(2026, 5, 18)),
    ("el lunes que viene", "es", date(2026, 5, 18)),
    ("el 15 de diciembre", "es", date(2026, 12, 15)),
    ("el 3 de febrero", "es", date(2027, 2, 3)),  # already passed: next year (deadlines)
    ("15/12", "es", date(2026, 12, 15)),
    ("en tres días", "es", date(2026, 5, 16)),
    ("dentro de una semana", "es", date(2026, 5, 20)),
    ("a final de mes", "es", date(2026, 5, 31)),
    ("mañana por la mañana", "es", date(2026, 5, 14)),
    ("today", "en", date(2026, 5, 13)),
    ("tomorrow", "en", date(2026, 5, 14)),
    ("the day after tomorrow", "en", date(2026, 5, 15)),
    ("next Friday", "en", date(2026, 5, 15)),
    ("this Friday", "en", date(2026, 5, 15)),
    ("on Monday", "en", date(2026, 5, 18)),
    ("on Dec 15", "en", date(2026, 12, 15)),
    ("December 15th", "en", date(2026, 12, 15)),
    ("the 15th of December", "en", date(2026, 12, 15)),
    ("12/15", "en", date(2026, 12, 15)),
    ("2026-07-01", "en", date(2026, 7, 1)),
    ("in 3 days", "en", date(2026, 5, 16)),
    ("in two weeks", "en", date(2026, 5, 27)),
]

PERIODS = [
    # "by", "hasta", "antes de": from today (Wednesday 13 May) to then, like "hasta el viernes"
    ("by the end of the month", "en", date(2026, 5, 13), date(2026, 5, 31)),
    ("antes de fin de mes", "es", date(2026, 5, 13), date(2026, 5, 31)),
    ("antes del fin de semana", "es", date(2026, 5, 13), date(2026, 5, 15)),
    ("before the weekend", "en", date(2026, 5, 13), date(2026, 5, 15)),
    ("by the end of the week", "en", date(2026, 5, 13), date(2026, 5, 15)),
    ("a fin de mes", "es", date(2026, 5, 31), date(2026, 5, 31)),  # at, not by
    ("esta semana", "es", date(2026, 5, 11), date(2026, 5, 17)),
    ("la semana que viene", "es", date(2026, 5, 18), date(2026, 5, 24)),
    ("la próxima semana", "es", date(2026, 5, 18), date(2026, 5, 24)),
    ("la semana pasada", "es", date(2026, 5, 4), date(2026, 5, 10)),
    ("este mes", "es", date(2026, 5, 1), date(2026, 5, 31)),
    ("el mes pasado", "es", date(2026, 4, 1), date(2026, 4, 30)),
    ("el mes que viene", "es", date(2026, 6, 1), date(2026, 6, 30)),
    ("este año", "es", date(2026, 1, 1), date(2026, 12, 31)),
    ("el año pasado", "es", date(2025, 1, 1), date(2025, 12, 31)),
    ("el trimestre pasado", "es", date(2026, 1, 1), date(2026, 3, 31)),
    ("en marzo", "es", date(2026, 3, 1), date(2026, 3, 31)),
    ("en 2025", "es", date(2025, 1, 1), date(2025, 12, 31)),
    ("this week", "en", date(2026, 5, 11), date(2026, 5, 17)),
    ("next week", "en", date(2026, 5, 18), date(2026, 5, 24)),
    ("last week", "en", date(2026, 5, 4), date(2026, 5, 10)),
    ("this month", "en", date(2026, 5, 1), date(2026, 5, 31)),
    ("last month", "en", date(2026, 4, 1), date(2026, 4, 30)),
    ("next month", "en", date(2026, 6, 1), date(2026, 6, 30)),
    ("this quarter", "en", date(2026, 4, 1), date(2026, 6, 30)),
    ("last year", "en", date(2025, 1, 1), date(2025, 12, 31)),
    ("in March", "en", date(2026, 3, 1), date(2026, 3, 31)),
]


@pytest.mark.parametrize(("said", "lang", "expected"), DAYS, ids=[d[0] for d in DAYS])
def test_a_day_is_understood(said: str, lang: str, expected: date) -> None:
    span = parse_date(said, WEDNESDAY, "es" if lang == "es" else "en")
    assert span is not None
    assert (span.start, span.end, span.grain) == (expected, expected, "day")


@pytest.mark.parametrize(("said", "lang", "start", "end"), PERIODS, ids=[p[0] for p in PERIODS])
def test_a_period_is_understood(said: str, lang: str, start: date, end: date) -> None:
    span = parse_date(said, WEDNESDAY, "es" if lang == "es" else "en")
    assert span is not None
    assert (span.start, span.end) == (start, end)


def test_weekdays_on_the_same_weekday_mean_next_week() -> None:
    span = parse_date("el viernes", FRIDAY, "es")
    assert span is not None
    assert span.start == date(2026, 5, 22)
    this = parse_date("este viernes", FRIDAY, "es")
    assert this is not None
    assert this.start == FRIDAY


def test_months_roll_over_the_year() -> None:
    january = date(2027, 1, 20)
    span = parse_date("el mes pasado", january, "es")
    assert span is not None
    assert (span.start, span.end) == (date(2026, 12, 1), date(2026, 12, 31))
    span = parse_date("next month", date(2026, 12, 3), "en")
    assert span is not None
    assert span.start == date(2027, 1, 1)


def test_dates_are_found_inside_a_sentence_with_their_span() -> None:
    text = "crea una tarea para Ana para el viernes: revisar el presupuesto"
    matches = find_dates(fold(text), WEDNESDAY, "es")
    assert [(text[m.start : m.end], m.span.start) for m in matches] == [
        ("el viernes", date(2026, 5, 15))
    ]


@pytest.mark.parametrize(
    "text",
    ["leads de más de 2000 €", "tareas de Ana", "may I see the pipeline", "la oportunidad S00012"],
)
def test_things_that_are_not_dates_are_left_alone(text: str) -> None:
    assert find_dates(fold(text), WEDNESDAY, "es") == []


def test_invalid_days_are_not_dates() -> None:
    assert parse_date("31/02", WEDNESDAY, "es") is None
