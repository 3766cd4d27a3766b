"""Numbers, money, dates and lists as they are spoken."""

from __future__ import annotations

from datetime import date

import pytest

from daniel.language.formatting import day_words, join, money, period_words

TODAY = date(2026, 5, 13)


@pytest.mark.parametrize(
    ("value", "lang", "currency", "spoken"),
    [
        (12500, "es", "EUR", "12.500 €"),
        (12500, "en", "EUR", "€12,500"),
        (12500.4, "es", None, "12.500"),  # no currency known: no euro assumed
        (1_239_800, "es", "USD", "1.239.800 $"),
        (1_239_800, "en", "USD", "$1,239,800"),
        (99.5, "es", "EUR", "99,50 €"),
        (1500, "en", "USD", "$1,500"),
        (1_239_800, "es", "EUR", "1.239.800 €"),
        (2_000_000, "en", "EUR", "€2,000,000"),
        (-1500, "en", "USD", "-$1,500"),
        (0, "es", "EUR", "0 €"),
    ],
)
def test_money(value: float, lang: str, currency: str | None, spoken: str) -> None:
    assert money(value, "es" if lang == "es" else "en", currency) == spoken


def test_days_are_said_relative_to_today() -> None:
    assert day_words(date(2026, 5, 14), "es", TODAY) == "mañana"
    assert day_words(date(2026, 5, 15), "es", TODAY) == "pasado mañana"
    assert day_words(date(2026, 5, 18), "es", TODAY) == "el lunes 18 de mayo"
    assert day_words(date(2026, 5, 18), "en", TODAY) == "Monday, May 18"
    assert day_words(date(2027, 1, 4), "es", TODAY) == "el lunes 4 de enero de 2027"


def test_lists_are_joined_like_speech() -> None:
    assert join(["Ana", "Luis", "Eva"], "es") == "Ana, Luis y Eva"
    assert join(["Ana", "Irene"], "es") == "Ana e Irene"
    assert join(["Ana", "Luis", "Eva"], "en") == "Ana, Luis, and Eva"
    assert join(["Ana"], "en") == "Ana"


@pytest.mark.parametrize(
    ("start", "end", "es", "en"),
    [
        (date(2026, 5, 11), date(2026, 5, 17), "esta semana", "this week"),
        (date(2026, 5, 18), date(2026, 5, 24), "la semana que viene", "next week"),
        (date(2026, 4, 1), date(2026, 4, 30), "el mes pasado", "last month"),
        (date(2026, 5, 1), date(2026, 5, 31), "este mes", "this month"),
        (date(2026, 1, 1), date(2026, 3, 31), "el trimestre pasado", "last quarter"),
        (date(2026, 1, 1), date(2026, 12, 31), "este año", "this year"),
        (date(2026, 2, 1), date(2026, 2, 28), "en febrero", "in February"),
        (date(2024, 1, 1), date(2024, 12, 31), "en 2024", "in 2024"),
        (date(2026, 3, 1), date(2026, 4, 15), "del 1/3 al 15/4", "from March 1 to April 15"),
    ],
)
def test_periods_are_said_the_short_way(start: date, end: date, es: str, en: str) -> None:
    assert period_words(start, end, "es", TODAY) == es
    assert period_words(start, end, "en", TODAY) == en
