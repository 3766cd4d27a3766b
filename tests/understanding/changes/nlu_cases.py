"""Shared helpers of the NLU tests: a fixed day and a checker of intent + slots."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from daniel.language.text import Lang
from daniel.understanding.changes.frames import Understanding
from daniel.understanding.changes.nlu import understand

#: Wednesday 13 May 2026.
TODAY = date(2026, 5, 13)
#: The CRM stages as Odoo names them in Spanish (the vocabulary the brain reads at start).
STAGES_ES = ("Nuevo", "Cualificado", "Propuesta", "Negociación", "Ganado")
STAGES_EN = ("New", "Qualified", "Proposition", "Negotiation", "Won")


def parse(text: str, lang: Lang, stages: tuple[str, ...] = STAGES_ES) -> Understanding:
    return understand(text, lang=lang, today=TODAY, stages=stages)


def slot_values(understood: Understanding) -> dict[str, Any]:
    """The slots that are set, with periods as (start, end) ISO pairs."""
    values: dict[str, Any] = {}
    for item in fields(understood.slots):
        value = getattr(understood.slots, item.name)
        if value in (None, False):
            continue
        if item.name == "period":
            value = (value.start.isoformat(), value.end.isoformat())
        values[item.name] = value
    return values


def check(
    text: str,
    lang: Lang,
    intent: str,
    expected: dict[str, Any],
    stages: tuple[str, ...] = STAGES_ES,
) -> None:
    """`text` is understood as `intent` with exactly the `expected` slots."""
    understood = parse(text, lang, stages)
    got = slot_values(understood)
    wanted = (intent, expected)
    found = (understood.intent.value, got)
    assert found == wanted, f"{text!r}: understood {found}, expected {wanted}"
