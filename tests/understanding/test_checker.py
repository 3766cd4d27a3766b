"""The checker's reading of answers, and the bench's calendar and typos.

Each verdict is checked on the messages a real server would send (docs/protocol.md),
written out here as the browser receives them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from bench.understanding.checker import (
    Observed,
    amount_matches,
    counts,
    guess_outcome,
    judge,
    numbers,
    parse_number,
)
from bench.understanding.oracle import Expected
from bench.understanding.periods import period_range
from bench.understanding.text import distance, fold, typo

TODAY = date(2026, 12, 6)  # a Sunday


def turn(text: str, *, cards: list[dict[str, Any]] | None = None, outcome: str | None = None,
         confirm: dict[str, Any] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    messages: list[dict[str, Any]] = [{"type": "turn.start", "turn_id": "t1", "source": "text"}]
    if cards is not None:
        messages.append({"type": "tool", "turn_id": "t1", "call_id": "c1", "name": "x",
                         "status": "done", "records": cards})  # fmt: skip
    if confirm is not None:
        messages.append({"type": "confirm.request", "turn_id": "t1", "confirmation_id": "k1",
                         **confirm})  # fmt: skip
    messages.append({"type": "agent.delta", "turn_id": "t1", "text": text})
    messages.append({"type": "agent.text", "turn_id": "t1", "text": text})
    end: dict[str, Any] = {"type": "turn.end", "turn_id": "t1"}
    if outcome:
        end["outcome"] = outcome
    messages.append(end)
    return messages


def card(rid: int, name: str, model: str = "crm.lead") -> dict[str, Any]:
    return {"model": model, "id": rid, "name": name, "url": f"http://odoo/{rid}", "fields": {}}


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("1.239.800", 1239800),
        ("1.239.800,50", 1239800.5),
        ("1,239,800", 1239800),
        ("1,239,800.50", 1239800.5),
        ("43", 43),
        ("1.239", 1239),
        ("1,239", 1239),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("0,75", 0.75),
    ],
)
def test_a_number_is_read_as_spanish_or_english_write_it(token: str, value: float) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hay 43 oportunidades abiertas, por 1.239.800 €.", [43, 1239800]),
        ("Pipeline: $1,239,800 across 43 deals", [1239800, 43]),
        ("Total 1.239.800,50 € sin impuestos", [1239800.5]),
        ("worth €1,239,800.50", [1239800.5]),
        ("unos 1,2 millones de euros", [1200000]),
        ("about 2.5 million", [2500000]),
        ("el pedido S00046 de 10.000 €", [10000]),
        ("probabilidad del 60 %", [60]),
    ],
)
def test_numbers_are_found_in_answers(text: str, found: list[float]) -> None:
    assert numbers(text) == found


def test_amounts_match_within_one_unit_or_half_a_percent() -> None:
    assert amount_matches(1239800, 1239800.49)
    assert amount_matches(1239800, 1240000)  # rounded to thousands: within 0.5 %
    assert not amount_matches(1239800, 1200000)  # "1,2 millones" is 3 % off
    assert amount_matches(43.4, 43)
    assert not amount_matches(43, 45)


def test_small_counts_spelled_out_are_counts() -> None:
    assert 1 in counts("Hay una oportunidad abierta")
    assert 3 in counts("There are three overdue tasks")
    assert 12 in counts("12 tareas")


# --------------------------------------------------------------------------- verdicts
def test_a_count_is_correct_only_with_the_expected_number() -> None:
    expected = Expected("count", "43 opportunity", model="crm.lead", count=43)
    assert judge(expected, turn("Hay 43 oportunidades abiertas.")).verdict == "correct"
    wrong = judge(expected, turn("Hay 54 oportunidades abiertas."))
    assert (wrong.verdict, wrong.confident) == ("wrong", True)


def test_a_confident_none_when_there_is_data_is_wrong() -> None:
    expected = Expected("count", "32 order", model="sale.order", count=32)
    verdict = judge(expected, turn("No hay pedidos confirmados de confirmados este año."))
    assert (verdict.verdict, verdict.confident) == ("wrong", True)


def test_none_is_right_when_nothing_matches() -> None:
    expected = Expected("count", "0 task", model="project.task", count=0)
    assert judge(expected, turn("No tienes tareas para hoy.")).verdict == "correct"
    assert judge(expected, turn("You have no tasks due today.")).verdict == "correct"
    assert judge(expected, turn("No confirmed sales last year.")).verdict == "correct"
    assert judge(expected, turn("Tienes 3 tareas.")).verdict == "wrong"


def test_asking_back_when_an_answer_was_expected_is_unsure_not_wrong() -> None:
    expected = Expected("count", "43 opportunity", model="crm.lead", count=43)
    asked = judge(expected, turn("¿Te refieres a las oportunidades o a los leads?"))
    assert (asked.verdict, asked.outcome) == ("unsure", "asked")
    lost = judge(expected, turn("Perdona, no te he entendido. Puedo consultar el CRM."))
    assert (lost.verdict, lost.outcome) == ("unsure", "not_understood")


def test_the_outcome_of_turn_end_is_used_when_the_server_sends_it() -> None:
    expected = Expected("count", "43 opportunity", model="crm.lead", count=43)
    verdict = judge(expected, turn("Entiendo que preguntas por el pipeline.", outcome="asked"))
    assert verdict.verdict == "unsure"
    verdict = judge(expected, turn("Tengo 12 cosas.", outcome="answered"))
    assert (verdict.verdict, verdict.confident) == ("wrong", True)


def test_sales_must_say_they_are_before_tax() -> None:
    expected = Expected("money", "2.225 €", model="sale.order", amount=2225.4, tax_basis=True)
    right = judge(expected, turn("Este mes, 2.225 € sin impuestos en un pedido confirmado."))
    assert right.verdict == "correct"
    assert judge(expected, turn("This month: $2,225 before tax.")).verdict == "correct"
    silent = judge(expected, turn("Este mes, 2.225 € en un pedido."))
    assert (silent.verdict, silent.confident) == ("wrong", False)
    taxed = judge(expected, turn("Este mes, 2.611 € (con IVA) en un pedido."))
    assert (taxed.verdict, taxed.confident) == ("wrong", True)


def test_money_in_another_currency_than_the_companys_is_wrong() -> None:
    expected = Expected("money", "$1,239,800", model="crm.lead", amount=1239800,
                        currency=("USD", "$"))  # fmt: skip
    assert judge(expected, turn("The pipeline is worth $1,239,800.")).verdict == "correct"
    assert judge(expected, turn("Son 1.239.800 dólares.")).verdict == "correct"
    euros = judge(expected, turn("El pipeline vale 1.239.800 €."))
    assert (euros.verdict, euros.confident) == ("wrong", True)
    assert judge(expected, turn("It is worth 1,239,800 euros.")).verdict == "wrong"


def test_a_list_is_met_by_its_names_in_text_or_cards_and_broken_by_a_stranger() -> None:
    expected = Expected("names", "2", model="crm.lead", names=[(1, "Acme: ERP"), (2, "Acme: CRM")])
    by_cards = turn("Hay 2 oportunidades.", cards=[card(1, "Acme: ERP"), card(2, "Acme: CRM")])
    assert judge(expected, by_cards).verdict == "correct"
    assert judge(expected, turn("Son «Acme: ERP» y «Acme: CRM».")).verdict == "correct"
    stranger = turn("Hay 2.", cards=[card(1, "Acme: ERP"), card(9, "Other: web")])
    assert judge(expected, stranger).verdict == "wrong"
    assert judge(expected, turn("Solo «Acme: ERP».")).verdict == "wrong"


def test_a_long_list_is_met_by_its_count_and_some_of_its_names() -> None:
    names = [(i, f"Deal {chr(65 + i)}") for i in range(20)]
    expected = Expected("names", "20", model="crm.lead", names=names, count=20)
    shown = turn("Hay 20 oportunidades.", cards=[card(i, n) for i, n in names[:3]])
    assert judge(expected, shown).verdict == "correct"


def test_a_ranking_is_decided_by_the_first_card() -> None:
    expected = Expected("top", "B", model="crm.lead", names=[(2, "Deal B")], winners=["Deal B"],
                        count=1)  # fmt: skip
    assert judge(expected, turn("La mayor es Deal B.", cards=[card(2, "Deal B")])).verdict == (
        "correct"
    )
    global_list = turn("Las mayores: A, B.", cards=[card(1, "Deal A"), card(2, "Deal B")])
    assert judge(expected, global_list).verdict == "wrong"
    assert judge(expected, turn("La mayor es «Deal B», 120.000 €.")).verdict == "correct"


def test_a_field_value_is_found_however_it_is_written() -> None:
    phone = Expected("value", "phone", value="+34 942 335 838", value_type="phone")
    assert judge(phone, turn("Su teléfono es el 942 33 58 38.")).verdict == "correct"
    email = Expected("value", "email", value="info@acme.es", value_type="text")
    assert judge(email, turn("El email es Info@acme.es")).verdict == "correct"
    day = Expected("value", "deadline", value=date(2026, 12, 15), value_type="date")
    for said in ("Vence el 15 de diciembre.", "Due December 15.", "Due 2026-12-15", "15/12"):
        assert judge(day, turn(said), today=TODAY).verdict == "correct", said
    assert judge(day, turn("Vence el 16 de diciembre."), today=TODAY).verdict == "wrong"
    # the day after today, as the answer says it around midnight
    tomorrow = Expected("value", "deadline", value=TODAY + timedelta(days=1), value_type="date")
    for said in ("Vence mañana.", "It is due tomorrow."):
        assert judge(tomorrow, turn(said), today=TODAY).verdict == "correct", said
    assert judge(tomorrow, turn("Vence hoy."), today=TODAY).verdict == "wrong"
    owner = Expected("value", "salesperson", value="Ana García", value_type="text")
    assert judge(owner, turn("La lleva Ana Garcia.")).verdict == "correct"
    empty = Expected("value", "email", value=None)
    assert judge(empty, turn("No tiene email registrado.")).verdict == "correct"


def test_ambiguity_wants_a_question_back() -> None:
    expected = Expected("asks", "which", winners=["Acme Ibérica S.L.", "Acme Soluciones S.L."])
    assert judge(expected, turn("Hay dos Acme. ¿Cuál?")).verdict == "correct"
    assert judge(expected, turn("Listo.", outcome="asked")).verdict == "correct"
    guessed = judge(expected, turn("Acme Ibérica tiene 3 oportunidades.", cards=[card(1, "x")]))
    assert (guessed.verdict, guessed.confident) == ("wrong", True)
    lost = judge(expected, turn("Sorry, I didn't catch that."))
    assert lost.verdict == "unsure"


def test_out_of_scope_wants_a_polite_no_and_no_invented_data() -> None:
    expected = Expected("out_of_scope", "no")
    assert judge(expected, turn("Eso no lo puedo consultar.", outcome="out_of_scope")).verdict == (
        "correct"
    )
    assert judge(
        expected, turn("Sorry, I didn't catch that. I can help with the CRM.")
    ).verdict == ("correct")
    invented = judge(expected, turn("Mañana hará 21 grados."))
    assert (invented.verdict, invented.confident) == ("wrong", True)


def test_a_write_preview_must_name_its_target_and_values() -> None:
    expected = Expected("write", "won", mention=["Acme: ERP", "Propuesta"])
    preview = {"summary": "Mover «Acme: ERP»", "changes": [
        {"field": "stage_id", "label": "Etapa", "old": "Nuevo", "new": "Propuesta"}]}  # fmt: skip
    assert judge(expected, turn("¿Confirmo?", confirm=preview)).verdict == "correct"
    other = {"summary": "Mover «Acme: CRM»", "changes": [
        {"field": "stage_id", "label": "Etapa", "old": "Nuevo", "new": "Propuesta"}]}  # fmt: skip
    wrong = judge(expected, turn("¿Confirmo?", confirm=other))
    assert (wrong.verdict, wrong.confident) == ("wrong", True)
    assert judge(expected, turn("¿Qué oportunidad?")).verdict == "unsure"
    dated = Expected("write", "deadline", mention=["Informe"], mention_dates=[date(2026, 12, 7)])
    moved = {"summary": "Fecha límite de «Informe»: lunes 7/12", "changes": []}
    assert judge(dated, turn("¿Confirmo?", confirm=moved), today=TODAY).verdict == "correct"


def test_the_second_one_points_at_the_second_card_of_the_previous_answer() -> None:
    listing = Observed.from_messages(
        turn("Hay 3.", cards=[card(1, "Deal A"), card(2, "Deal B"), card(3, "Deal C")])
    )
    expected = Expected("card_ref", "2nd", index=2)
    right = judge(expected, turn("«Deal B» está en Propuesta.", cards=[card(2, "Deal B")]),
                  previous=listing)  # fmt: skip
    assert right.verdict == "correct"
    wrong = judge(expected, turn("«Deal C» está en Propuesta.", cards=[card(3, "Deal C")]),
                  previous=listing)  # fmt: skip
    assert wrong.verdict == "wrong"


def test_outcomes_are_guessed_from_the_messages_when_absent() -> None:
    assert guess_outcome(Observed.from_messages(turn("¿Cuál?"))) == "asked"
    assert guess_outcome(Observed.from_messages(turn("Hay 3.", cards=[card(1, "A")]))) == (
        "answered"
    )
    assert guess_outcome(Observed.from_messages(turn("Vale", confirm={"summary": "x"}))) == (
        "proposed"
    )


# --------------------------------------------------------------------------- periods
@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("today", date(2026, 12, 6), date(2026, 12, 6)),
        ("this_week", date(2026, 11, 30), date(2026, 12, 6)),
        ("next_week", date(2026, 12, 7), date(2026, 12, 13)),
        ("this_month", date(2026, 12, 1), date(2026, 12, 31)),
        ("last_month", date(2026, 11, 1), date(2026, 11, 30)),
        ("next_month", date(2027, 1, 1), date(2027, 1, 31)),
        ("this_quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("this_year", date(2026, 1, 1), date(2026, 12, 31)),
        ("last_year", date(2025, 1, 1), date(2025, 12, 31)),
        ("by_friday", date(2026, 12, 6), date(2026, 12, 11)),
    ],
)
def test_periods_follow_the_business_definitions(name: str, first: date, last: date) -> None:
    start, end = period_range(name, TODAY)
    assert (start, (end - start).days) == (first, (last - first).days + 1)


def test_by_friday_on_a_friday_is_today_only() -> None:
    friday = date(2026, 12, 11)
    assert period_range("by_friday", friday) == (friday, date(2026, 12, 12))


# --------------------------------------------------------------------------- typos
@pytest.mark.parametrize(
    ("name", "slip"),
    [("Talleres Ruiz S.L.", "Ruis"), ("Bodegas Valdemar S.A.", "Baldemar"),
     ("Carlos Navarro", "Nabarro")],
)  # fmt: skip
def test_typos_are_phonetic_slips_people_make(name: str, slip: str) -> None:
    made = typo(name, ["Acme Ibérica S.L.", name])
    assert made is not None
    assert slip in made
    assert 1 <= distance(fold(made), fold(name)) <= 2


def test_a_typo_close_to_another_name_is_not_used() -> None:
    others = ["Grupo Sans", "Grupo Zanz", "Grupo Sanc", "Grupo Sams"]
    made = typo("Grupo Sanz", others)
    assert made is None or all(distance(fold(made), fold(o)) > 2 for o in others)
    assert typo("Ana Ruiz", ["Ana Ruis"]) != "Ana Ruis"
