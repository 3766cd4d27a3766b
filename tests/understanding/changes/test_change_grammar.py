"""One grammar of changes: the NLU recognises every change, the ERP's names decide which
records it acts on (`CommandReader`), and a record's name never reads as grammar.

The names below stand in for what the live ERP returns (the engine loads them through
the MCP server at run time).
"""

from __future__ import annotations

from typing import Any

import pytest
from nlu_cases import TODAY, check

from daniel.language.text import Lang
from daniel.understanding.changes.commands import Command, CommandReader
from daniel.understanding.changes.nlu import understand
from daniel.understanding.engine import Engine
from daniel.understanding.interpret import Context
from daniel.understanding.names import Named, NameIndex, name_tokens

ERP = [
    ("user", 2, "Ana García"),
    ("user", 3, "James O'Connor"),
    ("user", 4, "María López"),
    ("partner", 14, "María Torres"),
    ("lead", 40, "Sales dashboard for City of Cambridge"),
    ("lead", 41, "Renovación: licencias 2025"),
    ("task", 30, "Inventario de licencias"),
    ("task", 31, "Inventario de equipos"),
    ("project", 20, "Proyectos internos"),
    ("stage", 50, "Prospecting"),
    ("stage", 51, "Won"),
    ("task_stage", 60, "Client Review"),
    ("task_stage", 61, "Revisión cliente"),
]


class _NoTools:
    async def call(
        self, name: str, arguments: dict[str, Any], label: str = "", *, quiet: bool = False
    ) -> dict[str, Any]:
        raise AssertionError(f"no ERP call expected ({name})")


def _index() -> NameIndex:
    return NameIndex.of(Named(kind, rid, name, name_tokens(name)) for kind, rid, name in ERP)


async def _command(text: str, lang: Lang = "en", uid: int | None = None) -> Command | None:
    index = _index()
    engine = Engine(_NoTools(), index)
    understood = understand(text, lang=lang, today=TODAY, names=engine.record_spans(text))
    return await CommandReader(index, _NoTools(), Context(), uid).read(understood)


@pytest.mark.parametrize(
    ("text", "lang", "intent", "slots"),
    [
        ("give the Acme deal to Ana", "en", "assign_lead", {"target": "Acme", "person": "Ana"}),
        (
            "set the expected revenue of Acme renewal to 50,000",
            "en",
            "set_revenue",
            {"target": "Acme renewal", "amount": 50000.0},
        ),
        (
            "he terminado Revisar contrato",
            "es",
            "task_stage",
            {"stage": "done", "target": "Revisar contrato"},
        ),
        (
            "pon la tarea Revisar contrato para mañana",
            "es",
            "task_deadline",
            {"target": "Revisar contrato", "period": ("2026-05-14", "2026-05-14")},
        ),
    ],
)
def test_every_change_is_recognised_by_the_one_grammar(
    text: str, lang: Any, intent: str, slots: dict[str, Any]
) -> None:
    check(text, lang, intent, slots)


async def test_a_deal_whose_name_holds_grammar_words_is_moved_not_read_as_sales() -> None:
    command = await _command("move Sales dashboard for City of Cambridge to Prospecting")
    assert command == Command("crm_move_stage", {"lead_id": 40, "stage": 50})


async def test_a_misspelt_deal_name_is_still_a_name_and_is_given_to_a_salesperson() -> None:
    command = await _command("assign Sales dashboard for City of Camvridge to James")
    assert command == Command("crm_update_lead", {"lead_id": 40, "salesperson": 3})


async def test_a_reminder_creates_a_task_for_the_person_speaking() -> None:
    command = await _command(
        "recuérdame mañana en el proyecto Proyectos internos: llamar al proveedor", "es", uid=2
    )
    assert command == Command(
        "task_create",
        {
            "name": "llamar al proveedor",
            "project": 20,
            "assignees": [2],
            "deadline": "2026-05-14",
        },
    )


async def test_a_question_changes_nothing() -> None:
    assert not understand("¿cuántas hemos ganado?", lang="es", today=TODAY).is_write
    assert await _command("how many deals have we won?") is None


def test_a_reply_that_is_a_whole_name_picks_that_record() -> None:
    index = _index()
    assert [n.id for n in index.named("Inventario de licencias", ("task",))] == [30]
    assert [n.id for n in index.named("María", ("user", "partner"))] == [4, 14]
    assert [n.id for n in index.named("james o'connor", ("user",))] == [3]
    assert index.named("Pepito Grillo", ("task", "lead")) == []


def test_a_stages_ways_of_saying_come_in_the_same_order_in_every_process() -> None:
    import os
    import subprocess
    import sys

    code = (
        "from daniel.understanding.changes.slots import stage_aliases;"
        "print(stage_aliases('Negociación'))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(seen) == 1, seen


def test_a_note_on_a_deal_whose_name_holds_a_colon() -> None:
    """ "… en la oportunidad Renovación: licencias 2025 que diga …" cut the name at its
    colon, asked which "Renovación" and took the rest of the name as the note."""
    text = "apunta una nota en la oportunidad Renovación: licencias 2025 que diga que llamen"
    understood = understand(
        text, lang="es", today=TODAY, names=Engine(_NoTools(), _index()).record_spans(text)
    )
    assert understood.intent.value == "log_note"
    assert understood.slots.target == "Renovación: licencias 2025"
    assert understood.slots.note == "llamen"


@pytest.mark.parametrize(
    ("text", "lang", "lead", "day"),
    [
        ("cambia la fecha de cierre de Renovación: licencias 2025 al viernes", "es", 41,
         "2026-05-15"),
        ("mueve la oportunidad Renovación: licencias 2025 al lunes", "es", 41, "2026-05-18"),
        ("mueve el cierre de Renovación: licencias 2025 al lunes", "es", 41, "2026-05-18"),
        ("move the close date of Sales dashboard for City of Cambridge to Friday", "en", 40,
         "2026-05-15"),
        ("push the expected closing of Sales dashboard for City of Cambridge to next Monday",
         "en", 40, "2026-05-18"),
    ],
)  # fmt: skip
async def test_a_deals_closing_date_is_changed_by_voice(
    text: str, lang: Lang, lead: int, day: str
) -> None:
    """ "cambia la fecha de cierre de X al viernes" looked for a task called X, and "move
    the close date of X" asked which of four tasks named "date" was meant."""
    command = await _command(text, lang)
    assert command == Command("crm_update_lead", {"lead_id": lead, "deadline": day})


async def test_a_tasks_deadline_is_still_a_tasks() -> None:
    command = await _command(
        "cambia la fecha límite de la tarea Inventario de equipos al viernes", "es"
    )
    assert command == Command("task_set_deadline", {"task_id": 31, "deadline": "2026-05-15"})


@pytest.mark.parametrize(
    ("text", "lang", "field", "value"),
    [
        ("cambia el teléfono de María Torres a 600 123 456", "es", "phone", "600 123 456"),
        ("actualiza el móvil de María Torres: 611 222 333", "es", "mobile", "611 222 333"),
        ("el nuevo email de María Torres es Maria@Torres.es", "es", "email", "Maria@Torres.es"),
        ("cambia el cargo de María Torres a Directora de compras", "es", "function",
         "Directora de compras"),
        ("change María Torres's email to maria@torres.es", "en", "email", "maria@torres.es"),
        ("set the job title of María Torres to Head of Purchasing", "en", "function",
         "Head of Purchasing"),
        ("María Torres's new phone is +34 600 123 456", "en", "phone", "+34 600 123 456"),
    ],
)  # fmt: skip
async def test_a_contacts_phone_email_or_title_is_changed_by_voice(
    text: str, lang: Lang, field: str, value: str
) -> None:
    """ "cambia el teléfono de Jordi Puig a 600 123 456" looked for a task called
    "teléfono"; the value is kept as said (an email's case, a number's spaces)."""
    command = await _command(text, lang)
    assert command == Command("contact_update", {"contact_id": 14, field: value})


async def test_a_contact_change_needs_a_contact_the_erp_knows_and_a_value() -> None:
    assert await _command("cambia el teléfono de Pepito Grillo a 600 123 456", "es") is None
    assert await _command("cambia el teléfono de María Torres", "es") is None
    questions = (
        "¿cuál es el teléfono de María Torres?",
        "what is María Torres's email?",
        "ponme el teléfono de María Torres",
        "pon el email de María Torres",
    )
    for question in questions:
        understood = understand(question, lang="es", today=TODAY)
        assert understood.intent != "contact_update", question


@pytest.mark.parametrize(
    ("text", "lang", "task", "stage"),
    [
        ("move Inventario de equipos to Client Review", "en", 31, "Client Review"),
        ("move the task Inventario de licencias to Client Review", "en", 30, "Client Review"),
        ("pasa la tarea Inventario de equipos a Revisión cliente", "es", 31, "Revisión cliente"),
    ],
)
async def test_a_task_moves_to_a_stage_named_as_the_erp_names_it(
    text: str, lang: Lang, task: int, stage: str
) -> None:
    """Only "done", "in progress" and "cancelled" (and their synonyms) were task stages:
    "move X to Client Review" looked for an opportunity called X."""
    command = await _command(text, lang)
    assert command == Command("task_set_stage", {"task_id": task, "stage": stage})
