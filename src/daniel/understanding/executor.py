"""Answer a `Query` with one or few MCP calls (`odoo_aggregate`, `odoo_read`).

The executor only fetches: it returns a `Result` with the figures and rows the answer
is rendered from. Every domain comes from `semantics.domain`, so each business meaning
is the same in every answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from daniel.language.dates import DateSpan
from daniel.language.formatting import month_words, parse_iso
from daniel.language.text import without_reference
from daniel.odoo import meanings

from . import semantics as sem
from .query import Query


class ToolFailure(Exception):
    """An MCP tool answered with an error (the message is safe to show)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Tools(Protocol):
    async def call(
        self, name: str, arguments: dict[str, Any], label: str = "", *, quiet: bool = False
    ) -> dict[str, Any]: ...


@dataclass(slots=True)
class Result:
    count: int = 0
    total: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    groups: list[tuple[str, int, float]] = field(default_factory=list)
    leads: int | None = None  # opportunities asked: the leads beside them
    closed: int | None = None  # open tasks asked: the closed ones beside them
    value: Any = None  # a field's value
    #: orders of a product asked: the quantity of it sold in them, and its amount
    units: float | None = None
    sold: float | None = None
    record: dict[str, Any] | None = None


_GROUP_FIELD = {"stage": "stage_id", "owner": "user_id", "customer": "partner_id",
                "project": "project_id", "product": "product_id"}  # fmt: skip
_LABELS = {
    "opportunity": ("Consultando oportunidades…", "Looking at opportunities…"),
    "lead": ("Consultando leads…", "Looking at leads…"),
    "task": ("Consultando tareas…", "Looking at tasks…"),
    "project": ("Consultando proyectos…", "Looking at projects…"),
    "order": ("Consultando pedidos…", "Looking at orders…"),
    "quotation": ("Consultando presupuestos…", "Looking at quotations…"),
    "customer": ("Consultando clientes…", "Looking at customers…"),
    "contact": ("Consultando contactos…", "Looking at contacts…"),
    "person": ("Consultando el equipo…", "Looking at the team…"),
    "product": ("Consultando productos…", "Looking at products…"),
    "stage": ("Consultando etapas…", "Looking at stages…"),
}


def label(subject: str, lang: str) -> str:
    es, en = _LABELS.get(subject, ("Consultando Odoo…", "Looking in Odoo…"))
    return es if lang == "es" else en


def titled(row: dict[str, Any]) -> str:
    """A contact person said with their job title, if the ERP has one."""
    return f"{row['name']} ({row['function']})" if row.get("function") else str(row["name"])


class Executor:
    def __init__(
        self,
        tools: Tools,
        lang: str,
        today: date,
        uid: int | None,
        company_partner: int | None = None,
    ) -> None:
        self.tools = tools
        self.lang = lang
        self.today = today
        self.uid = uid
        self.company_partner = company_partner  # the company's own card: not a customer

    async def _aggregate(
        self, query: Query, group: list[str] | None = None, *, quiet: bool = True
    ) -> list[dict[str, Any]]:
        subject = query.subject or "opportunity"
        amount = sem.AMOUNT.get(subject)
        if query.weighted and subject in ("opportunity", "lead"):
            amount = "prorated_revenue"  # expected revenue × probability, as Odoo computes it
        if query.measure == "avg" and query.field == "probability":
            amount = "probability"  # "la probabilidad media": summed, then divided by count
        data = await self.tools.call(
            "odoo_aggregate",
            {
                "model": sem.MODEL[subject],
                "domain": sem.domain(query, self.today, self.uid, self.company_partner),
                "group_by": group or None,
                "measures": [f"{amount}:sum"] if amount else None,
            },
            label(subject, self.lang),
            quiet=quiet,
        )
        groups = data.get("groups")
        return groups if isinstance(groups, list) else []

    async def _read(
        self, query: Query, *, order: str | None = None, limit: int = 10, quiet: bool = False
    ) -> list[dict[str, Any]]:
        subject = query.subject or "opportunity"
        data = await self.tools.call(
            "odoo_read",
            {
                "model": sem.MODEL[subject],
                "domain": sem.domain(query, self.today, self.uid, self.company_partner),
                "fields": None,  # the business card of each record
                "order": order or sem.ORDER_BY.get(subject),
                "limit": limit,
            },
            label(subject, self.lang),
            quiet=quiet,
        )
        records = data.get("records")
        return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []

    @staticmethod
    def _totals(groups: list[dict[str, Any]]) -> tuple[int, float]:
        count = sum(int(g.get("count") or 0) for g in groups)
        total = 0.0
        for group in groups:
            for value in (group.get("values") or {}).values():
                total += float(value or 0)
        return count, total

    async def totals(self, query: Query, *, quiet: bool = False) -> Result:
        result = Result()
        jobs = [self._aggregate(query, quiet=quiet)]
        if query.subject == "opportunity" and sem.status_of(query) == "open":
            jobs.append(self._aggregate(query.copy(subject="lead")))
        if query.subject == "task" and sem.status_of(query) == "open" and query.project:
            jobs.append(self._aggregate(query.copy(status="all"), ["state"]))
        sold_of = query.product is not None or query.category is not None
        if sold_of and query.subject in ("order", "quotation"):
            found, (result.units, result.sold) = await asyncio.gather(
                asyncio.gather(*jobs), self._product_lines(query, quiet=quiet)
            )
        else:
            found = await asyncio.gather(*jobs)
        result.count, result.total = self._totals(found[0])
        if query.subject == "opportunity" and len(found) > 1:
            result.leads = self._totals(found[1])[0]
        elif query.subject == "task" and len(found) > 1:
            result.closed = sum(
                int(g.get("count") or 0)
                for g in found[1]
                if (g.get("key") or {}).get("state") in sem.TASK_CLOSED
            )
        return result

    async def _lines(
        self, query: Query, measures: list[str], group: list[str] | None = None, *, quiet: bool
    ) -> list[dict[str, Any]]:
        """The order lines of the orders asked about (`semantics.line_domain`), measured."""
        data = await self.tools.call(
            "odoo_aggregate",
            {
                "model": "sale.order.line",
                "domain": sem.line_domain(query, self.today, self.uid),
                "group_by": group,
                "measures": measures,
            },
            label("product", self.lang),
            quiet=quiet,
        )
        groups = data.get("groups")
        return [g for g in groups if isinstance(g, dict)] if isinstance(groups, list) else []

    async def _product_lines(self, query: Query, *, quiet: bool) -> tuple[float, float]:
        """The quantity and the amount before tax of `query.product` in its orders."""
        groups = await self._lines(
            query, ["product_uom_qty:sum", "price_subtotal:sum"], quiet=quiet
        )
        values: dict[str, Any] = {}
        for group in groups:
            values.update(group.get("values") or {})
        units = float(values.get("product_uom_qty:sum") or 0)
        return units, float(values.get("price_subtotal:sum") or 0)

    async def listing(self, query: Query, *, order: str | None = None, limit: int = 10) -> Result:
        totals: Result
        rows: list[dict[str, Any]]
        totals, rows = await asyncio.gather(
            self.totals(query, quiet=True), self._read(query, order=order, limit=limit)
        )
        totals.rows = rows
        return totals

    async def extreme(self, query: Query, largest: bool, limit: int) -> Result:
        subject = query.subject or "opportunity"
        way = "desc" if largest else "asc"
        order: str | None
        if query.field == "date" and subject in ("order", "quotation"):
            order = f"date_order {way}, id"  # the newest (or the oldest)
        elif query.field == "created":
            order = f"create_date {way}, id"  # the newest (or the oldest) record
        elif query.field == "soonest":  # the nearest expected closing from today on
            order = "date_deadline asc, id"
            said = query.period
            start = max(said.start, self.today) if said is not None else self.today
            end = said.end if said is not None else date.max
            query = query.copy(period=DateSpan(start, end, "day", said.words if said else ""))
        elif subject == "product":
            order = f"list_price {way}, id"  # the dearest or the cheapest
        elif subject in sem.AMOUNT:
            order = f"{sem.AMOUNT[subject]} {way}, id"
        else:
            order = "date_deadline asc, id" if subject == "task" else None
        return await self.listing(query, order=order, limit=max(limit, 3))

    async def ranking(self, query: Query) -> Result:
        subject = query.subject or "opportunity"
        group = query.group or "owner"
        if group == "month":
            spec = f"{sem.period_field(query) or 'create_date'}:month"
        elif subject == "task" and group == "owner":
            spec = "user_ids"
        else:
            spec = _GROUP_FIELD[group]
        if group == "product":  # what was sold of each product: their order lines
            groups = await self._lines(query, ["price_subtotal:sum"], [spec], quiet=False)
        else:
            groups = await self._aggregate(query, [spec], quiet=False)
        result = Result()
        result.count, result.total = self._totals(groups)
        named = [query.owner, *query.also_owners] if query.owner and query.also_owners else []
        wanted: dict[Any, str] = {i: ref.name for ref in named for i in ref.ids}
        compared = bool(wanted) and group == "owner"
        for group_row in groups:
            key = (group_row.get("key") or {}).get(spec)
            # only the people compared: a task's other assignees are not among them
            if compared and (not isinstance(key, dict) or wanted.pop(key.get("id"), None) is None):
                continue
            if isinstance(key, dict):
                name = str(key.get("name") or "")
            elif key in (None, False):
                name = ""
            else:
                name = str(key)
            if group == "product":
                name = without_reference(name) or name  # said without "[HW-SRV]"
            elif group == "month":
                # "julio de 2026" in a Spanish conversation, whatever Odoo's label language
                start = parse_iso(((group_row.get("range") or {}).get(spec) or {}).get("from"))
                name = month_words(start, "es" if self.lang == "es" else "en") if start else name
            values = group_row.get("values") or {}
            amount = sum(float(v or 0) for v in values.values())
            result.groups.append((name, int(group_row.get("count") or 0), amount))
        if compared:  # named, with none
            result.groups += [(name, 0, 0.0) for name in wanted.values()]
        return result

    async def team(self, team: int) -> tuple[str, list[str]]:
        """A sales team's leader and its members, by name (leader first, then by name)."""
        data = await self.tools.call(
            "odoo_read",
            {
                "model": "crm.team",
                "domain": [["id", "=", team]],
                "fields": ["user_id", "member_ids"],
            },
            label("person", self.lang),
            quiet=True,
        )
        rows = [r for r in data.get("records") or [] if isinstance(r, dict)]
        if not rows:
            return "", []
        leader = str(rows[0].get("user_id") or "")
        ids = [i for i in rows[0].get("member_ids") or [] if isinstance(i, int)]
        names: list[str] = []
        if ids:
            people = await self.tools.call(
                "odoo_read",
                {"model": "res.users", "domain": [["id", "in", ids]], "fields": ["name"],
                 "order": "name, id"},
                label("person", self.lang),
                quiet=True,
            )  # fmt: skip
            names = [str(r["name"]) for r in people.get("records") or [] if isinstance(r, dict)]
        return leader, names

    async def contacts(
        self, company: int, limit: int = 4, *, quiet: bool = True
    ) -> tuple[int, list[str]]:
        """How many contact people a company has in Odoo, and the first by name, each
        with their job title when the ERP has one ("María Torres (Jefa de compras)");
        `quiet` after a card, shown as a tool's work when it is the answer itself."""
        count, rows = await self.contact_rows(company, limit, quiet=quiet)
        return count, [titled(row) for row in rows]

    async def contact_rows(
        self, company: int, limit: int = 40, *, quiet: bool = False
    ) -> tuple[int, list[dict[str, Any]]]:
        """How many contact people a company has, and the first `limit` by name with
        their job title, email and phone."""
        data = await self.tools.call(
            "odoo_read",
            {
                "model": "res.partner",
                "domain": [["parent_id", "=", company]],
                "fields": ["name", "function", "email", "phone"],
                "order": "name, id",
                "limit": limit,
            },
            label("contact", self.lang),
            quiet=quiet,
        )
        records = data.get("records")
        rows = [r for r in records or [] if isinstance(r, dict) and r.get("name")]
        count = data.get("count")
        return (count if isinstance(count, int) else len(rows)), rows

    async def record(self, query: Query, fields: list[str] | None) -> Result:
        assert query.record is not None
        subject = query.subject or "customer"
        model = sem.MODEL.get(subject, "res.partner")
        domain: list[Any] = [["id", "in", list(query.record.ids)]]
        if model == "crm.lead":
            domain += meanings.LEAD_ANY  # a lost deal is archived, and still asked about
        data = await self.tools.call(
            "odoo_read",
            {
                "model": model,
                "domain": domain,
                "fields": fields,
                "limit": 5,
            },
            label(subject, self.lang),
        )
        records = data.get("records")
        rows = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
        result = Result(count=len(rows), rows=rows)
        result.record = rows[0] if rows else None
        return result
