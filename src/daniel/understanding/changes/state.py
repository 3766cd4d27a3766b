"""What the local brain remembers within one session (one conversation).

records     the cards of the last answer, for "la segunda" / "the second one"
focus       the one record the conversation is about ("márcala como ganada")
question    a question the brain asked back, answered by the next turn
pending     a write waiting for the user's yes or no
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from daniel.language.text import Lang

from .frames import Intent, Slots

Card = dict[str, Any]

MODEL_OF_KIND = {
    "lead": "crm.lead",
    "task": "project.task",
    "order": "sale.order",
    "project": "project.project",
    "partner": "res.partner",
    "customer": "res.partner",
    "user": "res.users",
    "product": "product.product",
}


@dataclass(slots=True)
class Entity:
    """A name resolved to one Odoo record."""

    kind: str  # user, partner, project, lead, task, order
    id: int
    name: str
    model: str = ""


@dataclass(slots=True)
class Frame:
    """An intent with its slots, and the names already resolved for it."""

    intent: Intent
    slots: Slots
    resolved: dict[str, Entity] = field(default_factory=dict)

    def copy(self) -> Frame:
        from dataclasses import replace

        return Frame(self.intent, replace(self.slots), dict(self.resolved))


@dataclass(slots=True)
class Question:
    """The brain asked the user for `slot` of `frame` (with `options` when a name
    matched several records)."""

    frame: Frame
    slot: str
    kind: str
    options: list[Entity] = field(default_factory=list)
    #: the phrase that was ambiguous ("María"), to say it back
    phrase: str = ""


@dataclass(slots=True)
class PendingWrite:
    """A write previewed by the MCP server, waiting for yes/no."""

    token: str
    tool: str
    summary: str
    lang: Lang
    records: list[Card] = field(default_factory=list)
    #: The write tool's arguments, to propose it again on another replica.
    args: dict[str, Any] = field(default_factory=dict)
    #: Wall-clock time the proposal expires (0: unknown).
    expires_at: float = 0.0
    #: Restored from another process's snapshot (its MCP token may be unknown here).
    moved: bool = False


@dataclass(slots=True)
class UserInfo:
    uid: int | None
    name: str
    login: str | None = None
    company: str | None = None
    tz: str | None = None


@dataclass(slots=True)
class DialogueState:
    lang: Lang
    user: UserInfo | None = None
    records: list[Card] = field(default_factory=list)
    focus: Card | None = None
    project_focus: Entity | None = None
    question: Question | None = None
    pending: PendingWrite | None = None

    def remember_records(self, cards: list[Card]) -> None:
        """The records of the last answer; a single one becomes the focus."""
        if not cards:
            return
        self.records = list(cards)
        if len(cards) == 1:
            self.focus = cards[0]
        for card in cards:
            if card.get("model") == "project.project" and len(cards) == 1:
                self.project_focus = Entity("project", int(card["id"]), str(card["name"]))

    def pick(self, ordinal: int, model: str | None = None) -> Card | None:
        """The n-th record of the last answer (1-based; -1 is the last)."""
        cards = [c for c in self.records if model is None or c.get("model") == model]
        if not cards:
            return None
        index = len(cards) - 1 if ordinal == -1 else ordinal - 1
        return cards[index] if 0 <= index < len(cards) else None

    def focused(self, model: str) -> Card | None:
        """The record the conversation is about, if it is a `model` record."""
        if self.focus is not None and self.focus.get("model") == model:
            return self.focus
        same = [c for c in self.records if c.get("model") == model]
        return same[0] if len(same) == 1 else None
