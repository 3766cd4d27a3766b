"""What a question asks, as a structure: which records, which measure, which filters.

The parser builds a `Query` from words; the executor answers it with a few MCP calls;
the answer is rendered from the result. Nothing here knows a word of any language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Literal

from daniel.language.dates import DateSpan

Subject = Literal[
    "opportunity",
    "lead",
    "task",
    "project",
    "order",
    "quotation",
    "customer",
    "contact",
    "person",
    "product",
    "stage",
]
Measure = Literal[
    "list", "count", "sum", "avg", "max", "min", "field", "rank", "detail", "summary", "win_rate"
]
Group = Literal["stage", "owner", "customer", "project", "product", "month"]

#: The subject a kind of name record is, when the record itself is asked about.
KIND_SUBJECT: dict[str, Subject] = {
    "lead": "opportunity",
    "task": "task",
    "project": "project",
    "partner": "customer",
    "user": "person",
    "product": "product",
    "order": "order",
    "stage": "stage",
}


#: The fields of a `Query` that hold a record named as a filter (a `Ref`).
REF_FILTERS = ("owner", "customer", "sales_team", "tag", "city", "category", "project", "stage",
               "product")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ref:
    """Records named in the question: one id when clear, several when ambiguous."""

    kind: str
    ids: tuple[int, ...]
    names: tuple[str, ...]
    said: str
    how: str = "exact"
    kinds: tuple[str, ...] = ()  # per id, when an ambiguity spans kinds

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.said


@dataclass(slots=True)
class Query:
    subject: Subject | None = None
    measure: Measure | None = None
    field: str | None = None
    status: str | None = None
    high_priority: bool = False
    top_priority: bool = False  # the highest of Odoo's priorities (deals' three stars)
    #: Money weighted by each deal's probability ("ingreso ponderado", "weighted pipeline").
    weighted: bool = False
    unassigned: bool = False
    #: No deadline set: tasks without one, deals without an expected closing date.
    undated: bool = False
    me: bool = False
    everyone: bool = False
    #: The person's sales team (their default scope, see docs/admin.md).
    team: bool = False
    owner: Ref | None = None
    #: More people named beside `owner` ("Javier o Carlos"): the answer compares them.
    also_owners: list[Ref] = dataclasses.field(default_factory=list)
    customer: Ref | None = None
    #: A sales team named ("del equipo Grandes cuentas"): its deals and orders, or its people.
    sales_team: Ref | None = None
    #: A CRM tag named beside "etiqueta" / "tag": the deals that carry it.
    tag: Ref | None = None
    #: A city named ("clientes de Madrid"): the partners there, or the records of theirs.
    city: Ref | None = None
    #: A product category named ("ventas de Hardware"): its products, or what sold of them.
    category: Ref | None = None
    project: Ref | None = None
    stage: Ref | None = None
    product: Ref | None = None
    record: Ref | None = None
    period: DateSpan | None = None
    #: A second period compared with `period` ("este mes frente al pasado"): the same
    #: figure for each, side by side.
    versus: DateSpan | None = None
    created: bool = False
    #: A period on when quotations expire (their validity date), not on their date.
    expiring: bool = False
    amount_min: float | None = None
    amount_max: float | None = None
    #: A deal's probability, in percent: "más del 60 %" is 60 and up.
    probability_min: float | None = None
    probability_max: float | None = None
    group: Group | None = None
    limit: int | None = None
    ordinal: int | None = None
    leftovers: list[str] = dataclasses.field(default_factory=list)
    ambiguous: list[Ref] = dataclasses.field(default_factory=list)
    #: Words said of a job at a company ("el director financiero de X", "the purchasing
    #: contact at X"): matched against its contacts' job titles (`function`) in the ERP.
    role: list[str] = dataclasses.field(default_factory=list)
    #: One place of a ranking ("¿y el segundo?" after "¿qué cliente nos ha comprado más?"):
    #: 1 the first, -1 the last.
    place: int | None = None

    def copy(self, **changes: object) -> Query:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def has_filters(self) -> bool:
        return any(
            (
                self.status,
                self.high_priority,
                self.unassigned,
                self.undated,
                self.me,
                self.owner,
                self.customer,
                self.sales_team,
                self.tag,
                self.city,
                self.category,
                self.project,
                self.stage,
                self.product,
                self.period,
                self.amount_min is not None,
                self.amount_max is not None,
                self.probability_min is not None,
                self.probability_max is not None,
            )
        )
