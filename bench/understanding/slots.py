"""Slots: the names a question mentions, chosen at run time from the live ERP.

A slot is ``{base}``, ``{base_variant}`` or either with a number (``{salesperson2}``).
Slots of the same base and number in one question are the same record (``{salesperson}``
and ``{salesperson_first}`` name one person); different numbers are different records.

| base | candidates |
|---|---|
| salesperson | users owning at least one open opportunity |
| seller | users with at least one confirmed sales order |
| assignee | users with at least one open task |
| manager | users managing at least one project |
| customer | companies with an opportunity or an order |
| customer_opp | partners with at least one open opportunity |
| customer_orders | partners with at least one confirmed order |
| opportunity | open opportunities whose name is unique |
| lead | leads (type lead) whose name is unique |
| lead_with_colon | open opportunities (else leads) whose unique name contains ":" |
| project | projects with at least one task |
| stage | CRM stages, not won, holding at least one open opportunity |
| task | open tasks whose name is unique |
| task_shared_word | open tasks with a unique name sharing a word with another task |
| quotation | quotations (draft, sent) |
| order | confirmed sales orders |
| product | products on a line of a confirmed order, whose name is unique |
| city | cities of partners with an open opportunity |
| city_orders | cities of partners with a confirmed order |
| customer_ambiguous | a first word starting two or more company names (ask back) |
| person_ambiguous_first | a first name shared by two or more people (ask back) |
| name_mixed | a company the ERP does not have: a first word of one, a contact surname of another |
| stage_missing | a stage name some company might use that no name in this ERP holds a word of |

| variant | text | only candidates where |
|---|---|---|
| (none) | the full name | – |
| first | the first word | no other user or contact person has that first word |
| prefix | the first word | no other partner/project name starts with it, ≥ 4 letters |
| typo | a 1–2-edit phonetic typo | the typo is not within 2 edits of any other name |

The choice is deterministic: candidates sorted by name then id, the index taken from a
hash of the seed, the question id and the slot. A slot no candidate fits makes the
question skipped, with the reason.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .erp import OPEN_TASK_STATES_DONE, Row, Snapshot, ref_id
from .text import fold, typo, words

VARIANTS = ("first", "prefix", "typo")
_NAME = re.compile(r"^([a-z_]+?)(?:_(first|prefix|typo))?(\d*)$")


@dataclass(frozen=True)
class SlotValue:
    text: str
    model: str
    id: int | None = None
    ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Candidate:
    name: str
    model: str
    id: int | None
    ids: tuple[int, ...] = ()


class SlotError(LookupError):
    """No record of the live ERP fits the slot: the question is skipped."""


def _unique(rows: list[Row]) -> list[Row]:
    counts = Counter(fold(str(r["name"])) for r in rows)
    return [r for r in rows if counts[fold(str(r["name"]))] == 1]


def _users(snap: Snapshot, ids: set[int]) -> list[Candidate]:
    return [Candidate(u["name"], "res.users", u["id"]) for u in snap.users if u["id"] in ids]


def _partners(snap: Snapshot, ids: set[int], companies: bool = False) -> list[Candidate]:
    return [
        Candidate(p["name"], "res.partner", p["id"])
        for p in snap.partners
        if p["id"] in ids and (p["is_company"] or not companies)
    ]


def _cities(snap: Snapshot, ids: set[int]) -> list[Candidate]:
    """The cities of these partners, each once (as first written)."""
    seen: dict[str, str] = {}
    for p in snap.partners:
        city = p.get("city")
        if p["id"] in ids and isinstance(city, str) and city.strip():
            seen.setdefault(city.strip().casefold(), city.strip())
    return [Candidate(city, "city", None) for city in sorted(seen.values())]


def _first_words(rows: list[Row]) -> Counter[str]:
    return Counter(words(str(r["name"]))[0] for r in rows if words(str(r["name"])))


def _ambiguous_company_word(snap: Snapshot) -> list[Candidate]:
    companies = [p for p in snap.partners if p["is_company"]]
    counts = _first_words(companies)
    found = []
    for word, count in sorted(counts.items()):
        if count >= 2 and len(word) >= 4:
            ids = tuple(p["id"] for p in companies if words(p["name"])[0] == word)
            text = next(p["name"].split()[0] for p in companies if p["id"] == ids[0])
            found.append(Candidate(text, "res.partner", None, ids))
    return found


@cache
def _bank_words() -> frozenset[str]:
    """Every word of the bank's questions, slots left out."""
    texts = (
        path.read_text(encoding="utf-8") for path in (Path(__file__).parent / "bank").glob("*.yaml")
    )
    return frozenset(w for text in texts for w in words(re.sub(r"\{[a-z_0-9]+\}", " ", text)))


#: Stage names some company might use, for `stage_missing` (the first no name in the ERP
#: holds a word of): "Closing" is also a word of the questions (a deal's closing date).
_STAGE_LIKE = ("Closing", "Onboarding", "Contrato", "Cierre", "Seguimiento", "Follow-up")


def _missing_stage(snap: Snapshot) -> list[Candidate]:
    """A stage the ERP does not have: neither a CRM stage nor a task's stage, nor a word of
    any other name."""
    rows = [*snap.partners, *snap.projects, *snap.leads, *snap.tasks, *snap.products,
            *snap.users, *snap.stages, *snap.teams, *snap.tags]  # fmt: skip
    named = {w for row in rows for w in words(str(row["name"]))}
    named |= {w for t in snap.tasks for w in words(str((t.get("stage_id") or [0, ""])[1]))}
    return [
        Candidate(name, "crm.stage", None, ())
        for name in _STAGE_LIKE
        if not set(words(name)) & named
    ][:1]


def _mixed_name(snap: Snapshot) -> list[Candidate]:
    """A company the ERP does not have, said with the first word of one of its companies
    and the surname of a person at another ("Bodegas Torres"): each word names one record
    in part, and no record has both."""
    named = [set(words(row["name"])) for row in [*snap.partners, *snap.projects, *snap.leads,
             *snap.tasks, *snap.products, *snap.users]]  # fmt: skip
    uses = Counter(w for row in [*snap.partners, *snap.users] for w in set(words(row["name"])))
    for word in _bank_words():  # a surname such as "Sales" is also a word of the questions
        uses[word] += 2
    cities = {fold(p.get("city") or "") for p in snap.partners}
    companies = [p for p in snap.partners if p["is_company"] and len(words(p["name"])) >= 2]
    people = [p for p in snap.partners if not p["is_company"] and p.get("parent_id")]
    found = []
    for company in sorted(companies, key=lambda p: (p["name"], p["id"])):
        first = words(company["name"])[0]
        if uses[first] != 1 or len(first) < 4 or first in cities:
            continue
        for person in sorted(people, key=lambda p: (p["name"], p["id"])):
            last = words(person["name"])[-1]
            if uses[last] != 1 or len(last) < 4 or last in cities:
                continue
            if ref_id(person["parent_id"]) == company["id"]:
                continue
            if any({first, last} <= name for name in named):
                continue
            text = f"{company['name'].split()[0]} {person['name'].split()[-1]}"
            found.append(Candidate(text, "res.partner", None, ()))
            break
    return found


def _ambiguous_first_name(snap: Snapshot) -> list[Candidate]:
    """First names two or more people share (users have a partner of their own)."""
    people = [p for p in snap.partners if not p["is_company"] and words(p["name"])]
    by_first: dict[str, dict[str, int]] = {}
    for row in people:
        by_first.setdefault(words(row["name"])[0], {})[fold(row["name"])] = row["id"]
    found = []
    for first, full in sorted(by_first.items()):
        if len(full) >= 2:
            text = next(r["name"].split()[0] for r in people if words(r["name"])[0] == first)
            found.append(Candidate(text, "res.partner", None, tuple(sorted(full.values()))))
    return found


def bases(snap: Snapshot) -> dict[str, Callable[[], list[Candidate]]]:
    opps = snap.open_opportunities()
    open_tasks = snap.open_tasks()
    confirmed = snap.confirmed_orders()

    def lead_with_colon() -> list[Candidate]:
        pool = [r for r in _unique(snap.leads) if ":" in r["name"]]
        open_ids = {r["id"] for r in opps}
        preferred = [r for r in pool if r["id"] in open_ids] or pool
        return [Candidate(r["name"], "crm.lead", r["id"]) for r in preferred]

    def task_shared_word() -> list[Candidate]:
        found = []
        unique = _unique(open_tasks)
        for task in unique:
            mine = {w for w in words(task["name"]) if len(w) >= 5}
            if any(
                mine & set(words(other["name"]))
                for other in snap.tasks
                if other["id"] != task["id"]
            ):
                found.append(Candidate(task["name"], "project.task", task["id"]))
        return found

    with_tasks = {ref_id(t["project_id"]) for t in snap.tasks}
    confirmed_ids = {o["id"] for o in confirmed}
    sold = {
        ref_id(li["product_id"]) for li in snap.lines if ref_id(li["order_id"]) in confirmed_ids
    }
    return {
        "salesperson": lambda: _users(snap, {ref_id(r["user_id"]) or 0 for r in opps}),
        "seller": lambda: _users(snap, {ref_id(o["user_id"]) or 0 for o in confirmed}),
        "assignee": lambda: _users(snap, {u for t in open_tasks for u in t["user_ids"]}),
        "manager": lambda: _users(snap, {ref_id(p["user_id"]) or 0 for p in snap.projects}),
        "customer": lambda: _partners(
            snap,
            {ref_id(r["partner_id"]) or 0 for r in snap.leads}
            | {ref_id(o["partner_id"]) or 0 for o in snap.orders},
            companies=True,
        ),
        "customer_opp": lambda: _partners(snap, {ref_id(r["partner_id"]) or 0 for r in opps}),
        "customer_orders": lambda: _partners(
            snap, {ref_id(o["partner_id"]) or 0 for o in confirmed}
        ),
        "opportunity": lambda: [Candidate(r["name"], "crm.lead", r["id"]) for r in _unique(opps)],
        "lead": lambda: [
            Candidate(r["name"], "crm.lead", r["id"])
            for r in _unique(snap.leads)
            if r["type"] == "lead"
        ],
        "lead_with_colon": lead_with_colon,
        "project": lambda: [
            Candidate(p["name"], "project.project", p["id"])
            for p in _unique(snap.projects)
            if p["id"] in with_tasks
        ],
        "stage": lambda: [
            Candidate(s["name"], "crm.stage", s["id"])
            for s in snap.stages
            if not s["is_won"] and any(ref_id(r["stage_id"]) == s["id"] for r in opps)
        ],
        "task": lambda: [
            Candidate(t["name"], "project.task", t["id"]) for t in _unique(open_tasks)
        ],
        "task_shared_word": task_shared_word,
        "quotation": lambda: [
            Candidate(o["name"], "sale.order", o["id"])
            for o in snap.orders
            if o["state"] in ("draft", "sent")
        ],
        "order": lambda: [Candidate(o["name"], "sale.order", o["id"]) for o in confirmed],
        "product": lambda: [
            Candidate(p["name"], "product.product", p["id"])
            for p in _unique(snap.products)
            if p["id"] in sold
        ],
        # a deal marked lost, and the reason noted
        "lost_opportunity": lambda: [
            Candidate(r["name"], "crm.lead", r["id"])
            for r in _unique(snap.lost)
            if r.get("lost_reason_id")
        ],
        # a person at a customer, with a job title
        "contact": lambda: [
            Candidate(p["name"], "res.partner", p["id"])
            for p in _unique(snap.partners)
            if p.get("parent_id") and p.get("function")
        ],
        # a company with a salesperson of its own
        "customer_with_salesperson": lambda: _partners(
            snap, {p["id"] for p in snap.partners if p.get("user_id")}, companies=True
        ),
        # a task stage that holds closed tasks ("Hecho", "Done")
        "task_stage_closed": lambda: [
            Candidate(name, "project.task.type", rid)
            for rid, name in sorted(
                {
                    (ref_id(t["stage_id"]), t["stage_id"][1])
                    for t in snap.tasks
                    if t["state"] in OPEN_TASK_STATES_DONE and isinstance(t["stage_id"], list)
                }
            )
        ],
        # a CRM tag some open opportunity carries
        "tag": lambda: [
            Candidate(t["name"], "crm.tag", t["id"])
            for t in _unique(snap.tags)
            if any(t["id"] in r.get("tag_ids", []) for r in opps)
        ],
        # a sales team with members
        "team": lambda: [
            Candidate(t["name"], "crm.team", t["id"])
            for t in _unique(snap.teams)
            if t["member_ids"]
        ],
        # the city of a partner with an open opportunity / a confirmed order
        "city": lambda: _cities(snap, {ref_id(r["partner_id"]) or 0 for r in opps}),
        "city_orders": lambda: _cities(snap, {ref_id(o["partner_id"]) or 0 for o in confirmed}),
        "customer_ambiguous": lambda: _ambiguous_company_word(snap),
        "person_ambiguous_first": lambda: _ambiguous_first_name(snap),
        "name_mixed": lambda: _mixed_name(snap),
        "stage_missing": lambda: _missing_stage(snap),
    }


SLOT_BASES = (
    "salesperson",
    "seller",
    "assignee",
    "manager",
    "customer",
    "customer_opp",
    "customer_orders",
    "opportunity",
    "lead",
    "lead_with_colon",
    "project",
    "stage",
    "task",
    "task_shared_word",
    "quotation",
    "order",
    "product",
    "customer_ambiguous",
    "person_ambiguous_first",
    "lost_opportunity",
    "contact",
    "customer_with_salesperson",
    "task_stage_closed",
    "team",
    "tag",
    "city",
    "city_orders",
    "name_mixed",
    "stage_missing",
)
_NO_VARIANTS = {"customer_ambiguous", "person_ambiguous_first", "quotation", "order", "stage",
                "task_stage_closed", "team", "tag", "city", "city_orders",
                "name_mixed", "stage_missing"}  # fmt: skip


def parse(slot: str) -> tuple[str, str, str]:
    """`customer_opp_typo2` → ("customer_opp", "typo", "2"); raises KeyError if unknown."""
    match = _NAME.match(slot)
    if match is None:
        raise KeyError(slot)
    stem, number = slot.rstrip("0123456789"), match.group(3)
    base, variant = (stem, "") if stem in SLOT_BASES else (match.group(1), match.group(2) or "")
    if base not in SLOT_BASES or (variant and base in _NO_VARIANTS):
        raise KeyError(slot)
    return base, variant, number


def is_known(slot: str) -> bool:
    try:
        parse(slot)
    except KeyError:
        return False
    return True


class SlotFiller:
    """Fills a question's slots from one ERP snapshot."""

    def __init__(self, snap: Snapshot, seed: int = 13) -> None:
        self.snap = snap
        self.seed = seed
        makers = bases(snap)
        self._pools = {
            name: sorted(make(), key=lambda c: (fold(c.name), c.id or 0))
            for name, make in makers.items()
        }
        self._others = snap.all_names()
        self._typos: dict[str, str | None] = {}

    def _typo(self, name: str) -> str | None:
        if name not in self._typos:
            self._typos[name] = typo(name, self._others)
        return self._typos[name]

    def _text(self, candidate: Candidate, variant: str) -> str | None:
        name = candidate.name
        if variant == "":
            return name
        first = name.split()[0]
        if variant == "first":  # unique among users and contact people alike
            people = [*self.snap.users, *(p for p in self.snap.partners if not p["is_company"])]
            head = words(name)[0]
            full = {fold(p["name"]) for p in people if words(p["name"])[:1] == [head]}
            return first if len(full) == 1 else None
        if variant == "prefix":
            pool = [*self.snap.partners, *self.snap.projects, *self.snap.users]
            head = words(name)[0]
            clash = [r for r in pool if words(r["name"]) and words(r["name"])[0] == head]
            return first if len(head) >= 4 and len(clash) == 1 and len(words(name)) > 1 else None
        return self._typo(name)

    def fill(self, question_id: str, slots: frozenset[str]) -> dict[str, SlotValue]:
        """Slot name → value; raises `SlotError` when the live ERP cannot fill one."""
        groups: dict[tuple[str, str], set[str]] = {}
        for slot in sorted(slots):
            base, variant, number = parse(slot)
            groups.setdefault((base, number), set()).add(variant)
        values: dict[str, SlotValue] = {}
        taken: dict[str, set[Any]] = {}
        for (base, number), variants in sorted(groups.items()):
            pool = [
                c
                for c in self._pools[base]
                if (c.id, c.name) not in taken.get(base, set())
                and all(self._text(c, v) is not None for v in variants)
            ]
            if not pool:
                wanted = ", ".join(sorted(f"{base}{'_' + v if v else ''}" for v in variants))
                raise SlotError(f"no record of the ERP fits {{{wanted}}}")
            digest = hashlib.sha256(f"{self.seed}:{question_id}:{base}{number}".encode())
            chosen = pool[int.from_bytes(digest.digest()[:8], "big") % len(pool)]
            taken.setdefault(base, set()).add((chosen.id, chosen.name))
            for variant in variants:
                slot = f"{base}{'_' + variant if variant else ''}{number}"
                text = self._text(chosen, variant)
                assert text is not None
                values[slot] = SlotValue(text, chosen.model, chosen.id, chosen.ids)
        return values


def render(text: str, values: dict[str, SlotValue]) -> str:
    return re.sub(r"\{([a-z_0-9]+)\}", lambda m: values[m.group(1)].text, text)
