"""Money amounts in Spanish and English."""

from __future__ import annotations

import pytest

from daniel.language.numbers import find_amounts, words_to_number
from daniel.language.text import fold


@pytest.mark.parametrize(
    ("said", "lang", "value", "currency"),
    [
        ("10.000 €", "es", 10000.0, "EUR"),
        ("12.500,50 euros", "es", 12500.5, "EUR"),
        ("10,5 €", "es", 10.5, "EUR"),
        ("10k", "es", 10000.0, None),
        ("10 mil", "es", 10000.0, None),
        ("diez mil euros", "es", 10000.0, "EUR"),
        ("veinticinco mil", "es", 25000.0, None),
        ("1,5 millones", "es", 1500000.0, None),
        ("€12,500", "en", 12500.0, "EUR"),
        ("$5,000", "en", 5000.0, "USD"),
        ("12.5k", "en", 12500.0, None),
        ("ten thousand dollars", "en", 10000.0, "USD"),
        ("a thousand pounds", "en", 1000.0, "GBP"),
    ],
)
def test_amounts_are_read(said: str, lang: str, value: float, currency: str | None) -> None:
    found = find_amounts(fold(said), "es" if lang == "es" else "en")
    assert [(a.value, a.currency, a.is_money) for a in found] == [(value, currency, True)]


def test_a_bare_number_is_not_money_unless_a_cue_says_so() -> None:
    assert [a.is_money for a in find_amounts(fold("la tarea 3"), "es")] == [False]
    assert [a.is_money for a in find_amounts(fold("de más de 5000"), "es")] == [True]
    assert [a.is_money for a in find_amounts(fold("deals over 5000"), "en")] == [True]


def test_references_are_not_amounts() -> None:
    assert find_amounts(fold("confirma el presupuesto S00012"), "es") == []


@pytest.mark.parametrize(
    ("words", "value"),
    [("diez mil", 10000), ("cien mil", 100000), ("ten thousand", 10000), ("un millon", 1e6)],
)
def test_number_words(words: str, value: float) -> None:
    assert words_to_number(words) == value


def test_unknown_words_are_not_numbers() -> None:
    assert words_to_number("diez gatos") is None
