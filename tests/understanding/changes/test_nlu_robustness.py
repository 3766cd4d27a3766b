"""Whatever is typed or misheard, understanding it never fails."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from daniel.understanding.changes.frames import Intent
from daniel.understanding.changes.nlu import understand

SAID = (
    "crea tarea para Ana el viernes : « » mueve oportunidad a negociación marca ganada "
    "de más 10.000 € 10k diez mil ventas mes pasado y los la segunda sí no cancel create "
    "task for due Friday to call Acme's leads over next week 15/12 2026-13-45 el 31 de "
    "febrero presupuesto con 3 portátiles a 300 proyecto ¿ ? ! , . ' \" 0 00 S00012"
)
WORDS = SAID.split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from(["es", "en"]))
def test_word_salad_is_understood_without_errors(words: list[str], lang: str) -> None:
    understood = understand(
        " ".join(words), lang="es" if lang == "es" else "en", today=date(2026, 5, 13)
    )
    assert isinstance(understood.intent, Intent)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_understood_without_errors(text: str) -> None:
    understood = understand(text, lang="es", today=date(2026, 2, 28), stages=("Nuevo", "Ganado"))
    assert isinstance(understood.intent, Intent)
