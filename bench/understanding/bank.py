"""The question bank: `bank/*.yaml` → questions with slots and expectation specs.

One YAML file per category::

    category: counts
    needs:
      - need: open opportunities            # what the user wants, in plain words
        expect: {count: opportunity, state: open}
        es: ["¿Cuántas oportunidades abiertas tenemos?", ...]
        en: ["How many open deals do we have?", ...]
      - need: a list, then its largest
        session: swap                       # same (default) | swap | es | en
        expect:                             # one spec per turn of the dialogue
          - {list: opportunity, customer: "{customer_opp}"}
          - {top: opportunity, customer: "{customer_opp}", by: expected_revenue}
        es: [["oportunidades de {customer_opp}", "¿y la mayor?"]]
        en: [["deals with {customer_opp}", "and the biggest?"]]

Every phrasing is one question (a dialogue is one question of several turns); its id is
``<category>-<need number>-<lang><phrasing number>``. Spec keys are checked here, against
`KINDS`, `MODELS` and `KEYS`; values in braces are slots (`slots.SLOT_BASES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BANK_DIR = Path(__file__).with_name("bank")
LANGS = ("es", "en")

#: expectation kinds → the models they may name (None: no model)
KINDS: dict[str, tuple[str, ...] | None] = {
    "count": ("opportunity", "lead", "task", "order", "quotation", "project"),
    "sum": ("opportunity", "order", "quotation"),
    "average": ("opportunity", "order"),
    "list": ("opportunity", "lead", "task", "order", "quotation", "project", "product"),
    "top": ("opportunity", "order", "quotation", "task", "product"),
    "group_top": ("opportunity", "order", "task"),
    "lookup": (
        "customer",
        "contact",
        "opportunity",
        "project",
        "task",
        "user",
        "order",
        "product",
        "team",
    ),
    "product_sales": ("order",),
    "win_rate": ("opportunity",),
    "card_ref": None,
    "asks": None,
    "out_of_scope": None,
    "write": None,
}
MODELS = sorted({m for models in KINDS.values() if models for m in models})
#: The periods a spec can name (bench/understanding/periods.py).
PERIODS = (
    "today",
    "tomorrow",
    "this_week",
    "next_week",
    "this_month",
    "last_month",
    "next_month",
    "this_quarter",
    "last_quarter",
    "q1",
    "q2",
    "q3",
    "q4",
    "this_year",
    "last_year",
    "by_friday",
)

#: spec keys besides the kind, with the values they accept (None: a slot or free value)
KEYS: dict[str, tuple[Any, ...] | None] = {
    "state": ("open", "won", "lost", "overdue", "done", "all", "sale", "draft"),
    "mine": (True,),
    "user": None,
    "users": None,  # some people side by side: a list of slots
    "team": None,  # a sales team (slot)
    "tag": None,  # a CRM tag (slot)
    "unassigned": (True,),
    "no_deadline": (True,),
    "customer": None,
    "project": None,
    "stage": None,
    "product": None,
    "record": None,
    "period": PERIODS,
    "dated": ("created", "closed", "deadline", "validity"),
    "by": (
        "expected_revenue",
        "amount_untaxed",
        "price_subtotal",
        "probability",
        "count",
        "date_deadline",
        "date_order",
        "list_price",
        "create_date",
    ),
    "order": ("desc", "asc"),
    "of": ("probability",),  # average: of the deals' probability, not their money
    "place": (2, 3),  # group_top: that place of the ranking, not the first
    "group": ("user", "stage", "customer", "project", "product", "month"),
    "field": (
        "email",
        "phone",
        "city",
        "salesperson",
        "probability",
        "deadline",
        "stage",
        "expected_revenue",
        "customer",
        "manager",
        "assignees",
        "amount",
        "state",
        "project",
        "price",
        "contacts",
        "cost",
        "lost_reason",
        "function",
        "members",
    ),
    "n": None,
    "min_amount": None,
    "versus": PERIODS,
    "city": None,  # a city of the ERP's partners (slot)
    "min_probability": None,
    "max_probability": None,
    "index": None,
    "action": (
        "mark_won",
        "mark_lost",
        "set_stage",
        "assign",
        "create_task",
        "create_lead",
        "set_deadline",
        "set_revenue",
        "note",
        "confirm_order",
        "close_task",
        "update_contact",
    ),
    "values": None,
    "tax_basis": (True, False),
}
SLOT = re.compile(r"\{([a-z_0-9]+)\}")


@dataclass(frozen=True)
class Turn:
    text: str
    expect: dict[str, Any]

    @property
    def kind(self) -> str:
        return next(k for k in self.expect if k in KINDS)


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    need: str
    lang: str  # the language the question is written in
    session: str  # the language of the session it is asked in
    turns: tuple[Turn, ...]
    slots: frozenset[str] = field(default_factory=frozenset)

    @property
    def dialogue(self) -> bool:
        return len(self.turns) > 1


class BankError(ValueError):
    """The bank file is malformed; the message names the file and the need."""


def _slots(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(SLOT.findall(value))
    if isinstance(value, dict):
        return {s for v in value.values() for s in _slots(v)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in _slots(v)}
    return set()


def check_spec(spec: Any, where: str) -> None:
    """Raise `BankError` unless `spec` is a known expectation."""
    if not isinstance(spec, dict):
        raise BankError(f"{where}: an expectation must be a mapping, got {spec!r}")
    kinds = [k for k in spec if k in KINDS]
    if len(kinds) != 1:
        raise BankError(f"{where}: exactly one kind of {sorted(KINDS)} expected in {spec}")
    kind = kinds[0]
    models = KINDS[kind]
    if models is not None and spec[kind] not in models:
        raise BankError(f"{where}: {kind} of {spec[kind]!r}; known: {', '.join(models)}")
    for key, value in spec.items():
        if key == kind:
            continue
        if key not in KEYS:
            raise BankError(f"{where}: unknown key {key!r} in {spec}")
        allowed = KEYS[key]
        if allowed is not None and value not in allowed:
            raise BankError(f"{where}: {key}={value!r}; allowed: {allowed}")
    if kind == "lookup" and "field" not in spec:
        raise BankError(f"{where}: a lookup needs a field")
    if kind == "write" and "action" not in spec:
        raise BankError(f"{where}: a write needs an action")


def _session(mode: str, lang: str, where: str) -> str:
    if mode == "same":
        return lang
    if mode == "swap":
        return "en" if lang == "es" else "es"
    if mode in LANGS:
        return mode
    raise BankError(f"{where}: session must be same, swap, es or en (got {mode!r})")


def load_file(path: Path) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "category" not in data or "needs" not in data:
        raise BankError(f"{path.name}: needs 'category' and 'needs'")
    category = str(data["category"])
    questions: list[Question] = []
    for number, need in enumerate(data["needs"], 1):
        where = f"{path.name} need {number} ({need.get('need', '?')})"
        expect = need.get("expect")
        specs = expect if isinstance(expect, list) else [expect]
        for spec in specs:
            check_spec(spec, where)
        for lang in LANGS:
            for index, phrasing in enumerate(need.get(lang) or [], 1):
                texts = phrasing if isinstance(phrasing, list) else [phrasing]
                if len(texts) != len(specs):
                    raise BankError(f"{where}: {lang} #{index} has {len(texts)} turns")
                if not all(isinstance(t, str) and t.strip() for t in texts):
                    raise BankError(f"{where}: {lang} #{index} has an empty turn")
                turns = tuple(Turn(t, s) for t, s in zip(texts, specs, strict=True))
                used = _slots(texts) | _slots(specs)
                questions.append(
                    Question(
                        id=f"{category}-{number:02d}-{lang}{index}",
                        category=category,
                        need=str(need.get("need", "")),
                        lang=lang,
                        session=_session(str(need.get("session", "same")), lang, where),
                        turns=turns,
                        slots=frozenset(used),
                    )
                )
    return questions


def load_bank(folder: Path = BANK_DIR) -> list[Question]:
    """Every question of the bank, in file then need order."""
    questions: list[Question] = []
    for path in sorted(folder.glob("*.yaml")):
        questions.extend(load_file(path))
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise BankError("duplicate question ids (two files with the same category?)")
    return questions


def representative(questions: list[Question], per: int, seed: int = 13) -> list[Question]:
    """`per` questions of each (category, language), chosen by a seeded hash of their id:
    the same subset on every run, spread over the needs rather than the first ones."""
    import hashlib

    def key(q: Question) -> bytes:
        return hashlib.sha256(f"{seed}:{q.id}".encode()).digest()

    chosen: list[Question] = []
    groups: dict[tuple[str, str], list[Question]] = {}
    for q in questions:
        groups.setdefault((q.category, q.lang), []).append(q)
    for _, group in sorted(groups.items()):
        picked: list[Question] = []
        needs_seen: set[str] = set()
        for q in sorted(group, key=key):  # one per need first, then the rest
            if q.need not in needs_seen and len(picked) < per:
                picked.append(q)
                needs_seen.add(q.need)
        for q in sorted(group, key=key):
            if len(picked) >= per:
                break
            if q not in picked:
                picked.append(q)
        chosen += picked
    order = {q.id: i for i, q in enumerate(questions)}
    return sorted(chosen, key=lambda q: order[q.id])
