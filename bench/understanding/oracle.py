"""The oracle: each turn's expected answer, computed from the live ERP by direct Odoo calls.

It follows the business definitions of docs/understanding.md, and only those:

- opportunity = crm.lead type 'opportunity', lead = type 'lead'; open = active, stage not
  won; won = active, stage won; lost = archived with probability 0.
- mine = the assistant's user (crm.lead/sale.order user_id, project.task user_ids,
  project.project user_id).
- pipeline value = sum of expected_revenue of open opportunities; periods on
  opportunities apply to date_deadline unless the question says created (create_date).
- sales = sale.order in state sale (and done where it exists), quotations = draft, sent;
  money of orders = amount_untaxed; periods on orders apply to date_order.
- tasks: open = state not 1_done/1_canceled; overdue = open and date_deadline before
  today; periods on date_deadline.
- today is the assistant user's day in their time zone; money in the company currency.

`Oracle.expect(spec, values)` turns one expectation spec of the bank (bank.py) with its
filled slots (slots.py) into an `Expected` the checker judges against.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from daniel.language.calendar_names import MONTHS
from daniel.odoo import OdooClient

from .erp import OPEN_TASK_STATES_DONE, Row, Snapshot, ref_id
from .periods import period_range
from .slots import SlotValue
from .text import words

ODOO_MODEL = {
    "opportunity": "crm.lead",
    "lead": "crm.lead",
    "task": "project.task",
    "order": "sale.order",
    "quotation": "sale.order",
    "project": "project.project",
    "customer": "res.partner",
    "contact": "res.partner",
    "team": "crm.team",
    "user": "res.users",
    "product": "product.product",
}
MONEY_FIELD = {"opportunity": "expected_revenue", "order": "amount_untaxed"}
LIST_ORDER = {
    "crm.lead": "expected_revenue desc, id",
    "project.task": "date_deadline asc, id",
    "sale.order": "date_order desc, id",
    "project.project": "name, id",
    "product.product": "name, id",
}


@dataclass
class Expected:
    """What a right answer contains; `describe` says it in one line for reports."""

    kind: str  # count | money | names | top | value | asks | out_of_scope | write | card_ref
    describe: str
    model: str = ""  # the Odoo model of the records in question (cards)
    count: int | None = None
    amount: float | None = None
    names: list[tuple[int, str]] = field(default_factory=list)  # ordered
    winners: list[str] = field(default_factory=list)
    value: Any = None
    value_type: str = "text"  # text | phone | number | money | date | names
    tax_basis: bool = False  # the answer must say "sin impuestos" / "before tax"
    mention: list[str] = field(default_factory=list)  # write previews must name these
    mention_dates: list[date] = field(default_factory=list)
    mention_amounts: list[float] = field(default_factory=list)
    index: int = 0  # card_ref: which item of the previous answer (1-based)
    currency: tuple[str, str] | None = None  # money: the company's (ISO code, symbol)
    #: two periods compared: what the answer must also say for the second period
    also: Expected | None = None
    #: names a right answer does not say (a ranking's first place, when the second is asked)
    absent: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v not in (None, [], "", 0, False)}
        data["kind"] = self.kind
        if "mention_dates" in data:
            data["mention_dates"] = [d.isoformat() for d in self.mention_dates]
        if isinstance(self.value, date):
            data["value"] = self.value.isoformat()
        if self.also is not None:
            data["also"] = self.also.to_json()
        return data


class OracleError(ValueError):
    """The spec cannot be computed on this ERP (reported as skipped)."""


class Oracle:
    def __init__(self, odoo: OdooClient, snap: Snapshot) -> None:
        self.odoo = odoo
        self.snap = snap
        self._types: dict[tuple[str, str], str] = {}
        #: every record name of the ERP, folded: naming one makes a wrong answer confident
        self.names = frozenset(
            " ".join(words(str(r["name"])))
            for table in (
                snap.users,
                snap.partners,
                snap.stages,
                snap.leads,
                snap.projects,
                snap.tasks,
                snap.orders,
            )
            for r in table
            if len(words(str(r["name"]))) > 0 and len(str(r["name"])) >= 4
        )

    # ------------------------------------------------------------------ helpers
    @property
    def _currency(self) -> tuple[str, str]:
        return (self.snap.currency, self.snap.symbol)

    def money(self, amount: float, lang: str) -> str:
        """ "1.239.800 €" in Spanish, "€1,239,800" in English (whole units)."""
        whole = f"{round(amount):,}"
        if lang == "es":
            return f"{whole.replace(',', '.')} {self.snap.symbol}"
        return f"{self.snap.symbol}{whole}"

    async def _type(self, model: str, name: str) -> str:
        if (model, name) not in self._types:
            fields = await self.odoo.fields_get(model, ["type"])
            self._types[(model, name)] = str(fields.get(name, {}).get("type", "date"))
        return self._types[(model, name)]

    async def _between(self, model: str, name: str, start: date, end: date) -> list[Any]:
        if await self._type(model, name) == "datetime":
            zone = ZoneInfo(self.snap.tz)

            def utc(day: date) -> str:
                local = datetime.combine(day, time(0), zone)
                return local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

            return [[name, ">=", utc(start)], [name, "<", utc(end)]]
        return [[name, ">=", start.isoformat()], [name, "<", end.isoformat()]]

    def _partner_ids(self, pid: int) -> list[int]:
        return [pid, *(p["id"] for p in self.snap.partners if ref_id(p["parent_id"]) == pid)]

    @staticmethod
    def _id(value: Any, what: str) -> int:
        if isinstance(value, SlotValue) and value.id is not None:
            return value.id
        raise OracleError(f"{what} needs a slot naming one record, got {value!r}")

    # ------------------------------------------------------------------ domains
    async def domain(self, spec: dict[str, Any], what: str) -> tuple[list[Any], dict[str, Any]]:
        """The Odoo domain and context selecting the records `spec` is about."""
        model = ODOO_MODEL[what]
        domain: list[Any] = []
        context: dict[str, Any] = {}
        state = spec.get("state")
        if what in ("opportunity", "lead"):
            domain.append(["type", "=", what])
            won = self.snap.won_stage_ids
            state = state or "open"
            if state in ("open", "overdue"):
                domain.append(["stage_id", "not in", won])
                if state == "overdue":  # open, expected to close before today
                    today = self.snap.today
                    domain += [["date_deadline", "<", today.isoformat()]]
            elif state == "won":
                domain.append(["stage_id", "in", won])
            elif state == "lost":
                domain += [["active", "=", False], ["probability", "=", 0]]
                context["active_test"] = False
        elif what == "task":
            state = state or "open"
            if state in ("open", "overdue"):
                domain.append(["state", "not in", list(OPEN_TASK_STATES_DONE)])
            elif state == "done":
                domain.append(["state", "=", "1_done"])
            if state == "overdue":
                today = self.snap.today
                domain += await self._between(model, "date_deadline", date(1970, 1, 2), today)
        elif what == "order":
            domain.append(["state", "in", list(self.snap.order_states)])
        elif what == "quotation":
            domain.append(["state", "in", ["draft", "sent"]])
            if state == "overdue":  # past its validity date
                domain.append(["validity_date", "<", self.snap.today.isoformat()])
        owner = "user_ids" if what == "task" else "user_id"
        if spec.get("mine"):
            domain.append(
                [
                    owner,
                    "in" if what == "task" else "=",
                    [self.snap.uid] if what == "task" else self.snap.uid,
                ]
            )
        if "user" in spec:
            uid = self._id(spec["user"], "user")
            domain.append([owner, "in", [uid]] if what == "task" else [owner, "=", uid])
        if "users" in spec:  # some people, side by side
            domain.append([owner, "in", [self._id(u, "user") for u in spec["users"]]])
        if "tag" in spec:
            domain.append(["tag_ids", "in", [self._id(spec["tag"], "tag")]])
        if "team" in spec:
            domain.append(["team_id", "=", self._id(spec["team"], "team")])
        if spec.get("unassigned"):
            domain.append([owner, "=", False])
        if spec.get("no_deadline"):
            domain.append(["date_deadline", "=", False])
        if "customer" in spec:
            domain.append(
                ["partner_id", "in", self._partner_ids(self._id(spec["customer"], "customer"))]
            )
        if "project" in spec:
            domain.append(["project_id", "=", self._id(spec["project"], "project")])
        if "stage" in spec:
            domain.append(["stage_id", "=", self._id(spec["stage"], "stage")])
        if "min_amount" in spec:
            domain.append(
                [MONEY_FIELD.get(what, "amount_untaxed"), ">=", float(spec["min_amount"])]
            )
        if "city" in spec:  # the partner's city, any case
            value = spec["city"]
            city = value.text if isinstance(value, SlotValue) else str(value)
            where = "city" if what in ("customer", "contact") else "partner_id.city"
            domain.append([where, "=ilike", city])
        if "min_probability" in spec:  # deals as likely as this or more, in percent
            domain.append(["probability", ">=", float(spec["min_probability"])])
        if "max_probability" in spec:
            domain.append(["probability", "<=", float(spec["max_probability"])])
        if "period" in spec:
            start, end = period_range(str(spec["period"]), self.snap.today)
            on = spec.get("dated", "deadline")
            if what == "quotation" and on == "validity":
                name = "validity_date"  # when it stops being valid
            elif what in ("order", "quotation"):
                name = "date_order"
            elif on == "created":
                name = "create_date"
            elif on == "closed":
                name = "date_closed"
            else:
                name = "date_deadline"
            domain += await self._between(model, name, start, end)
        return domain, context

    async def _rows(self, spec: dict[str, Any], what: str, fields: list[str]) -> list[Row]:
        domain, context = await self.domain(spec, what)
        model = ODOO_MODEL[what]
        return await self.odoo.search_read(
            model, domain, fields, order=LIST_ORDER.get(model), context=context or None
        )

    # ------------------------------------------------------------------ expectations
    async def expect(
        self, spec: dict[str, Any], values: dict[str, SlotValue], lang: str
    ) -> Expected:
        spec = {k: _fill(v, values) for k, v in spec.items()}
        kind = next(k for k in spec if k in _KIND_NAMES)
        handler = getattr(self, f"_{kind}")
        versus = spec.pop("versus", None)
        result: Expected = await handler(spec, spec[kind], lang)
        if versus is not None:  # the same figure for a second period, side by side
            result.also = await handler({**spec, "period": versus}, spec[kind], lang)
            result.describe += f"; {versus}: {result.also.describe}"
        return result

    async def _count(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        domain, context = await self.domain(spec, what)
        n = await self.odoo.search_count(ODOO_MODEL[what], domain, context=context or None)
        return Expected("count", f"{n} {what}", model=ODOO_MODEL[what], count=n)

    async def _win_rate(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        """Deals won of those won or lost, by when they were closed (as a percentage)."""
        closed = {k: v for k, v in spec.items() if k != "win_rate"} | {"dated": "closed"}
        won = (await self._count(closed | {"state": "won"}, what, lang)).count or 0
        lost = (await self._count(closed | {"state": "lost"}, what, lang)).count or 0
        rate = won / (won + lost) * 100 if won + lost else None
        return Expected(
            "value", f"win rate {rate:.0f}% ({won} won, {lost} lost)" if rate is not None
            else "no deal won or lost", model=ODOO_MODEL[what], value=rate, value_type="number",
        )  # fmt: skip

    async def _sum(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        money = MONEY_FIELD.get(what, "amount_untaxed")
        rows = await self._rows(spec, what, [money])
        total = sum(float(r[money] or 0) for r in rows)
        basis = what in ("order", "quotation") and spec.get("tax_basis", True)
        return Expected(
            "money", self.money(total, lang), model=ODOO_MODEL[what], amount=total,
            count=len(rows), tax_basis=bool(basis), currency=self._currency,
        )  # fmt: skip

    async def _average(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        if spec.get("of") == "probability":  # "la probabilidad media": a percentage
            rows = await self._rows(spec, what, ["probability"])
            if not rows:
                return Expected("count", f"no {what}", model=ODOO_MODEL[what], count=0)
            mean = sum(float(r["probability"] or 0) for r in rows) / len(rows)
            return Expected("value", f"average probability {mean:.0f}%", model=ODOO_MODEL[what],
                            value=mean, value_type="number")  # fmt: skip
        money = MONEY_FIELD.get(what, "amount_untaxed")
        rows = await self._rows(spec, what, [money])
        if not rows:
            return Expected("count", f"no {what}", model=ODOO_MODEL[what], count=0)
        mean = sum(float(r[money] or 0) for r in rows) / len(rows)
        return Expected(
            "money", f"average {self.money(mean, lang)}", model=ODOO_MODEL[what], amount=mean,
            tax_basis=what == "order" and bool(spec.get("tax_basis", True)),
            currency=self._currency,
        )  # fmt: skip

    async def _list(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        rows = await self._rows(spec, what, ["name"])
        names = [(int(r["id"]), str(r["name"])) for r in rows]
        shown = ", ".join(n for _, n in names[:3]) + (" …" if len(names) > 3 else "")
        return Expected(
            "names", f"{len(names)} {what}: {shown}" if names else f"no {what}",
            model=ODOO_MODEL[what], names=names, count=len(names),
        )  # fmt: skip

    async def _top(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        by = str(spec.get("by") or MONEY_FIELD.get(what, "amount_untaxed"))
        rows = await self._rows(spec, what, ["name", by])
        rows = [r for r in rows if r[by] not in (False, None)]
        if not rows:
            return Expected("names", f"no {what}", model=ODOO_MODEL[what], count=0)
        reverse = spec.get("order", "desc") == "desc"
        rows.sort(key=lambda r: (r[by], -r["id"] if reverse else r["id"]), reverse=reverse)
        n = int(spec.get("n", 1))
        edge = rows[min(n, len(rows)) - 1][by]
        winners = [r for r in rows[:n]] + [r for r in rows[n:] if r[by] == edge]
        value = winners[0][by]
        if spec.get("field"):  # "¿en qué etapa está la oportunidad más grande?"
            first = winners[0]  # ties: the first by id, as Odoo orders them
            record = SlotValue(str(first["name"]), ODOO_MODEL[what], int(first["id"]))
            return await self._lookup({**spec, "record": record}, what, lang)
        shown = ", ".join(str(r["name"]) for r in winners)
        return Expected(
            "top", f"{shown} ({value})", model=ODOO_MODEL[what],
            names=[(int(r["id"]), str(r["name"])) for r in winners],
            winners=[str(r["name"]) for r in winners], value=value, count=n,
        )  # fmt: skip

    async def _sold(self, spec: dict[str, Any]) -> list[Row]:
        """The product lines of the orders `spec` is about (of `spec["product"]` if given)."""
        orders = await self._rows({k: v for k, v in spec.items() if k != "product"}, "order", [])
        domain: list[Any] = [
            ["order_id", "in", [o["id"] for o in orders]],
            ["display_type", "=", False],
            ["product_id", "!=", False],
        ]
        if "product" in spec:
            domain.append(["product_id", "=", self._id(spec["product"], "product")])
        fields = ["order_id", "product_id", "product_uom_qty", "price_subtotal"]
        return await self.odoo.search_read("sale.order.line", domain, fields)

    async def _product_sales(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        """What was sold of one product: its lines' amount before tax (not the orders')."""
        lines = await self._sold(spec)
        total = sum(float(li["price_subtotal"] or 0) for li in lines)
        units = sum(float(li["product_uom_qty"] or 0) for li in lines)
        orders = len({ref_id(li["order_id"]) for li in lines})
        return Expected(
            "money", f"{self.money(total, lang)} ({units:g} units in {orders} orders)",
            model="sale.order", amount=total, count=orders, tax_basis=True,
            currency=self._currency,
        )  # fmt: skip

    async def _group_top(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        group = str(spec.get("group", "user"))
        if group == "product":  # the product whose lines add up to the most
            sold: dict[str, float] = defaultdict(float)
            for line in await self._sold(spec):
                rid = ref_id(line["product_id"]) or 0
                sold[self.snap.name_of("product.product", rid)] += float(line["price_subtotal"])
            if not sold:
                return Expected("names", "no product sold", model="product.product", count=0)
            best = max(sold.values())
            winners = sorted(name for name, total in sold.items() if total == best)
            return Expected("top", f"{' / '.join(winners)} ({self.money(best, lang)})",
                            winners=winners, value=best)  # fmt: skip
        by = str(spec.get("by") or "count")
        totals: dict[str, float] = defaultdict(float)
        if group == "month":  # "¿cuál fue el mes con más ventas?": by order date, as said
            dated = "date_order" if what in ("order", "quotation") else "create_date"
            for row in await self._rows(spec, what, [dated] + ([by] if by != "count" else [])):
                day = _as_date(row[dated], self.snap.tz) if row[dated] else None
                if day is not None:
                    month = MONTHS[lang][day.month - 1]
                    label = f"{month} de {day.year}" if lang == "es" else f"{month} {day.year}"
                    totals[label] += 1 if by == "count" else float(row[by] or 0)
            return self._ranked(spec, what, lang, by, totals)
        column = {"user": "user_id", "stage": "stage_id", "customer": "partner_id",
                  "project": "project_id"}[group]  # fmt: skip
        if what == "task" and group == "user":
            column = "user_ids"
        fields = [column] + ([by] if by != "count" else [])
        rows = await self._rows(spec, what, fields)
        compared = {self._id(u, "user") for u in spec.get("users", [])}
        for row in rows:
            keys = row[column] if column == "user_ids" else [row[column]]
            for key in keys:
                if key in (False, None):
                    continue
                rid = ref_id(key)
                if compared and rid not in compared:
                    continue  # a task's other assignees are not among the people compared
                name = (
                    key[1]
                    if isinstance(key, list | tuple)
                    else self.snap.name_of("res.users", rid or 0)
                )
                totals[str(name)] += 1 if by == "count" else float(row[by] or 0)
        return self._ranked(spec, what, lang, by, totals)

    def _ranked(
        self, spec: dict[str, Any], what: str, lang: str, by: str, totals: dict[str, float]
    ) -> Expected:
        """The winners of a ranking's place (the first unless `spec["place"]`)."""
        if not totals:
            return Expected("names", f"no {what}", model=ODOO_MODEL[what], count=0)
        # "¿quién tiene menos tareas?": the bottom of the ranking (of those with any);
        # "¿y el segundo?": one place of it
        ranked = sorted(set(totals.values()), reverse=spec.get("order") != "asc")
        place = int(spec.get("place", 1))
        if place > len(ranked):
            raise OracleError(f"no place {place} in a ranking of {len(ranked)}")
        best = ranked[place - 1]
        winners = sorted(name for name, total in totals.items() if total == best)
        shown = best if by == "count" else self.money(best, lang)
        first = [name for name, total in totals.items() if total == ranked[0]] if place > 1 else []
        return Expected("top", f"{' / '.join(winners)} ({shown})", winners=winners, value=best,
                        absent=first)  # fmt: skip

    async def _lookup(self, spec: dict[str, Any], what: str, lang: str) -> Expected:
        rid = self._id(spec.get("record"), "record")
        asked = str(spec["field"])
        if (what, asked) == ("customer", "contacts"):
            return await self._contacts(rid)
        column, value_type = _LOOKUP[(what, asked)]
        model = ODOO_MODEL[what]
        read = [*column, "name"]
        row = (await self.odoo.read(model, [rid], read, context={"active_test": False}))[0]
        values = [row[c] for c in column if row.get(c) not in (False, None, "")]
        value: Any
        if value_type == "names":
            if column in (["user_ids"], ["member_ids"]):
                value = [self.snap.name_of("res.users", u) for u in row[column[0]]]
            else:
                value = [v[1] for v in values if isinstance(v, list | tuple)]
        elif value_type == "date":
            value = _as_date(values[0], self.snap.tz) if values else None
        else:
            value = values[0] if values else None
            if value_type == "text" and isinstance(value, list | tuple):
                value = value[1]
        shown = value if value not in (None, []) else "(empty: the answer says there is none)"
        if value_type == "money" and isinstance(value, int | float):
            shown = self.money(float(value), lang)
        return Expected("value", f"{asked} of {row.get('name', rid)}: {shown}", model=model,
                        value=value, value_type=value_type)  # fmt: skip

    async def _contacts(self, company: int) -> Expected:
        """A company's contact people, by name: every one of up to four, else the first
        three (and how many more)."""
        people = await self.odoo.search_read(
            "res.partner", [["parent_id", "=", company]], ["name"], order="name, id"
        )
        names = [str(p["name"]) for p in people]
        shown = names if len(names) <= 4 else names[:3]
        return Expected("value", f"contacts of {self.snap.name_of('res.partner', company)}: "
                        f"{', '.join(names) or '(none)'}", model="res.partner",
                        value=shown, value_type="names")  # fmt: skip

    async def _card_ref(self, spec: dict[str, Any], what: Any, lang: str) -> Expected:
        index = int(spec.get("index", 1))
        return Expected("card_ref", f"item {index} of the previous answer", index=index)

    async def _asks(self, spec: dict[str, Any], what: Any, lang: str) -> Expected:
        record = spec.get("record")
        candidates: list[str] = []
        if isinstance(record, SlotValue) and record.ids:
            candidates = [self.snap.name_of(record.model, rid) for rid in record.ids]
        shown = f": {' / '.join(candidates)}" if candidates else ""
        return Expected("asks", f"asks which one / what is meant{shown}", winners=candidates)

    async def _out_of_scope(self, spec: dict[str, Any], what: Any, lang: str) -> Expected:
        return Expected("out_of_scope", "says politely it cannot do that (no data invented)")

    async def _write(self, spec: dict[str, Any], what: Any, lang: str) -> Expected:
        mention: list[str] = []
        dates: list[date] = []
        amounts: list[float] = []
        record = spec.get("record")
        if isinstance(record, SlotValue):
            mention.append(record.text if record.id is None else _full_name(self.snap, record))
        self._refuse_no_op(spec, record)
        for key, value in (spec.get("values") or {}).items():
            if key == "date":
                dates.append(period_range(str(value), self.snap.today)[1] - timedelta(days=1))
            elif key == "amount":
                amounts.append(float(value))
            elif isinstance(value, SlotValue):
                mention.append(_full_name(self.snap, value))
            else:
                mention.append(str(value))
        shown = ", ".join([*mention, *(d.isoformat() for d in dates), *map(str, amounts)])
        return Expected("write", f"preview of {spec['action']}: {shown}", mention=mention,
                        mention_dates=dates, mention_amounts=amounts)  # fmt: skip

    def _refuse_no_op(self, spec: dict[str, Any], record: Any) -> None:
        """Giving a deal to the salesperson who already owns it, or moving it to the stage
        it is in, is no change at all (the slots were drawn independently): such a
        question is skipped, not judged (Daniel says there is nothing to change)."""
        stage = (spec.get("values") or {}).get("stage")
        if spec.get("action") == "set_stage" and isinstance(record, SlotValue):
            lead = next((row for row in self.snap.leads if row["id"] == record.id), None)
            now = lead.get("stage_id") if lead else None
            now_id = now[0] if isinstance(now, list | tuple) and now else now
            if isinstance(stage, SlotValue) and now_id is not None and now_id == stage.id:
                raise OracleError("the deal is already in that stage")
        user = (spec.get("values") or {}).get("user")
        if spec.get("action") != "assign" or not isinstance(record, SlotValue):
            return
        if not isinstance(user, SlotValue) or record.model != "crm.lead":
            return
        lead = next((row for row in self.snap.leads if row["id"] == record.id), None)
        owner = lead.get("user_id") if lead else None
        owner_id = owner[0] if isinstance(owner, list | tuple) and owner else owner
        if owner_id is not None and owner_id == user.id:
            raise OracleError("the deal already belongs to that salesperson")


_KIND_NAMES = ("count", "sum", "average", "list", "top", "group_top", "lookup", "card_ref",
               "asks", "out_of_scope", "write", "product_sales", "win_rate")  # fmt: skip

#: (what, field asked) → (columns read, how the value is compared)
_LOOKUP: dict[tuple[str, str], tuple[list[str], str]] = {
    ("product", "price"): (["list_price"], "money"),
    ("product", "cost"): (["standard_price"], "money"),
    ("opportunity", "lost_reason"): (["lost_reason_id"], "text"),
    ("customer", "salesperson"): (["user_id"], "text"),
    ("contact", "function"): (["function"], "text"),
    ("team", "members"): (["member_ids"], "names"),
    ("customer", "email"): (["email"], "text"),
    ("customer", "phone"): (["phone", "mobile"], "phone"),
    ("customer", "city"): (["city"], "text"),
    ("opportunity", "salesperson"): (["user_id"], "text"),
    ("opportunity", "probability"): (["probability"], "number"),
    ("opportunity", "deadline"): (["date_deadline"], "date"),
    ("opportunity", "stage"): (["stage_id"], "text"),
    ("opportunity", "expected_revenue"): (["expected_revenue"], "money"),
    ("opportunity", "customer"): (["partner_id"], "text"),
    ("project", "manager"): (["user_id"], "text"),
    ("project", "customer"): (["partner_id"], "text"),
    ("task", "assignees"): (["user_ids"], "names"),
    ("task", "deadline"): (["date_deadline"], "date"),
    ("task", "stage"): (["stage_id"], "text"),
    ("task", "project"): (["project_id"], "text"),
    ("order", "amount"): (["amount_untaxed"], "money"),
    ("order", "customer"): (["partner_id"], "text"),
    ("order", "salesperson"): (["user_id"], "text"),
    ("quotation", "salesperson"): (["user_id"], "text"),
    ("order", "state"): (["state"], "text"),
}


def _fill(value: Any, values: dict[str, SlotValue]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return values[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def _full_name(snap: Snapshot, value: SlotValue) -> str:
    if value.id is None:
        return value.text
    return snap.name_of(value.model, value.id) or value.text


def _as_date(value: Any, tz: str) -> date | None:
    text = str(value)
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).date()
