"""Context across turns: pointers into the last answer, answers to questions."""

from __future__ import annotations

from datetime import date

from daniel.language.text import Lang
from daniel.server_avatar.services.local.brain.dialogue import (
    answer_question,
    choose,
    pick_option,
)
from daniel.understanding.changes.frames import Intent, Understanding
from daniel.understanding.changes.nlu import understand
from daniel.understanding.changes.state import (
    DialogueState,
    Entity,
    Frame,
    Question,
)

TODAY = date(2026, 5, 13)  # a Wednesday
STAGES_ES = ("Nuevo", "Cualificado", "Propuesta", "Negociación", "Ganado")


def parse(text: str, lang: Lang) -> Understanding:
    return understand(text, lang=lang, today=TODAY, stages=STAGES_ES)


MARIAS = [Entity("user", 7, "María López"), Entity("partner", 9, "María Pérez")]


def _asking(slot: str, kind: str, options: list[Entity] | None = None) -> DialogueState:
    state = DialogueState(lang="es")
    frame = Frame(Intent.CREATE_TASK, parse("crea una tarea para María: llamar a Acme", "es").slots)
    state.question = Question(frame, slot, kind, options or [], "María")
    return state


def test_the_project_asked_for_is_taken_from_the_reply() -> None:
    for reply in ("Web Corporativa", "para el proyecto Web Corporativa", "en Web Corporativa"):
        state = _asking("project", "project")
        frame = answer_question(state, parse(reply, "es"), reply)
        assert frame is not None, reply
        assert frame.intent is Intent.CREATE_TASK
        assert (frame.slots.project, frame.slots.title) == ("Web Corporativa", "llamar a Acme")


def test_a_new_request_instead_of_an_answer_drops_the_question() -> None:
    state = _asking("project", "project")
    assert (
        answer_question(state, parse("¿cómo va el pipeline?", "es"), "¿cómo va el pipeline?")
        is None
    )
    state = _asking("project", "project")
    assert answer_question(state, parse("no", "es"), "no") is None


def test_the_person_chosen_among_options() -> None:
    for reply, chosen in (
        ("María López", 7),
        ("López", 7),
        ("la de Pérez", 9),
        ("la segunda", 9),
        ("the first one", 7),
    ):
        state = _asking("person", "user", list(MARIAS))
        frame = answer_question(state, parse(reply, "es"), reply)
        assert frame is not None, reply
        assert frame.resolved["person"].id == chosen, reply


def test_a_reply_matching_no_option_is_not_an_answer() -> None:
    assert pick_option(MARIAS, "Luis") is None
    assert pick_option(MARIAS, "María") is None  # still ambiguous


def test_choose_prefers_an_exact_name_and_asks_on_ties() -> None:
    ana = [Entity("user", 1, "Ana García"), Entity("user", 2, "Anabel Ruiz")]
    assert choose(ana, "Ana García") == ana[0]
    assert choose(ana, "Ana") == ana[0]  # a whole first name beats the start of another
    assert choose(ana, "An") == ana
    assert choose(MARIAS, "María") == MARIAS
    assert choose([], "nadie") == []
    assert choose(MARIAS[:1], "Mari") == MARIAS[0]


def test_pointers_pick_from_the_last_answer() -> None:
    state = DialogueState(lang="es")
    cards = [{"model": "crm.lead", "id": i, "name": f"Lead {i}"} for i in (11, 12, 13)]
    state.remember_records(cards)
    assert state.pick(2, "crm.lead") == cards[1]
    assert state.pick(-1) == cards[2]
    assert state.pick(4) is None
    assert state.focused("crm.lead") is None  # three of them: no single focus
    state.remember_records(cards[:1])
    assert state.focused("crm.lead") == cards[0]
