"""Normalisation, language detection and yes/no replies."""

from __future__ import annotations

import pytest

from daniel.language.text import detect_lang, fold, is_no, is_yes, without_reference


def test_folding_removes_case_and_accents_and_keeps_positions() -> None:
    text = "¿Qué oportunidades tiene María en Negociación?"
    folded = fold(text)
    assert folded == " que oportunidades tiene maria en negociacion?"
    start = folded.index("maria")
    assert text[start : start + 5] == "María"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿qué oportunidades tengo abiertas?", "es"),
        ("mis tareas de hoy", "es"),
        ("crea una tarea para Ana", "es"),
        ("show me my tasks for today", "en"),
        ("how is the pipeline going?", "en"),
        ("what about Ana?", "en"),
        ("sí", "es"),
        ("yes", "en"),
    ],
)
def test_clear_languages_are_detected(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    "text", ["Ana", "Acme", "ok", "S00012", "Proyectos internos", "Web Corporativa"]
)
def test_short_neutral_messages_have_no_language(text: str) -> None:
    assert detect_lang(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "sí",
        "Sí.",
        "vale",
        "confirma",
        "adelante",
        "sí, adelante",
        "de acuerdo",
        "yes",
        "go ahead",
        "do it",
        "Yes please",
        "sure",
        "ok",
    ],
)
def test_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize(
    "text", ["no", "No.", "cancela", "mejor no", "no, gracias", "cancel", "never mind", "don't"]
)
def test_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize(
    "text", ["sí, pero para Luis", "no sé", "yes I want the sales", "confirma el presupuesto S1"]
)
def test_longer_replies_are_neither_yes_nor_no(text: str) -> None:
    assert not is_yes(text)
    assert not is_no(text)


def test_a_products_internal_reference_is_not_part_of_its_spoken_name() -> None:
    assert without_reference("[HW-CAM] Cámara web HD") == "Cámara web HD"
    assert without_reference("Cámara web HD") == "Cámara web HD"
    assert without_reference("[HW-CAM]") == ""  # nothing else to say
