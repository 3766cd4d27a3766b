"""What the bench reads from the live ERP once per run: names, ids, currency, time zone.

`load_snapshot(odoo)` gathers, with a handful of direct Odoo calls fanned out with
`gather`, everything the slots and the oracle need to know about the company: users,
partners, CRM stages, opportunities and leads, projects, tasks and orders. Nothing here
knows any demo name.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from daniel.odoo import OdooClient

Row = dict[str, Any]
OPEN_TASK_STATES_DONE = ("1_done", "1_canceled")


def ref_id(value: Any) -> int | None:
    """The id of a many2one value (`[id, name]`, `False`, or an id)."""
    if isinstance(value, list | tuple) and value:
        return int(value[0])
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


@dataclass
class Snapshot:
    uid: int
    user_name: str
    tz: str
    currency: str  # ISO code, e.g. EUR
    symbol: str
    symbol_after: bool
    users: list[Row] = field(default_factory=list)
    partners: list[Row] = field(default_factory=list)
    stages: list[Row] = field(default_factory=list)
    leads: list[Row] = field(default_factory=list)  # active crm.lead of both types
    projects: list[Row] = field(default_factory=list)
    tasks: list[Row] = field(default_factory=list)
    orders: list[Row] = field(default_factory=list)
    order_states: tuple[str, ...] = ("sale",)
    products: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)  # sale.order.line with a product
    lost: list[Row] = field(default_factory=list)  # lost opportunities (archived)
    teams: list[Row] = field(default_factory=list)  # crm.team
    tags: list[Row] = field(default_factory=list)  # crm.tag

    @property
    def today(self) -> date:
        return datetime.now(ZoneInfo(self.tz)).date()

    @property
    def won_stage_ids(self) -> list[int]:
        return [s["id"] for s in self.stages if s.get("is_won")]

    def name_of(self, model: str, rid: int) -> str:
        table = {
            "res.users": self.users,
            "res.partner": self.partners,
            "crm.stage": self.stages,
            "crm.lead": self.leads,
            "project.project": self.projects,
            "project.task": self.tasks,
            "sale.order": self.orders,
            "product.product": self.products,
        }[model]
        return next((str(r["name"]) for r in table if r["id"] == rid), "")

    def open_opportunities(self) -> list[Row]:
        won = set(self.won_stage_ids)
        return [
            r for r in self.leads if r["type"] == "opportunity" and ref_id(r["stage_id"]) not in won
        ]

    def open_tasks(self) -> list[Row]:
        return [t for t in self.tasks if t["state"] not in OPEN_TASK_STATES_DONE]

    def confirmed_orders(self) -> list[Row]:
        return [o for o in self.orders if o["state"] in self.order_states]

    def all_names(self) -> list[str]:
        """Every proper name a question could mention (for typo clearance)."""
        return [
            str(r["name"])
            for table in (self.users, self.partners, self.stages, self.projects)
            for r in table
        ]


async def _order_states(odoo: OdooClient) -> tuple[str, ...]:
    fields = await odoo.fields_get("sale.order", ["selection"])
    states = [s[0] for s in fields.get("state", {}).get("selection", [])]
    return ("sale", "done") if "done" in states else ("sale",)


async def load_snapshot(odoo: OdooClient) -> Snapshot:
    uid = await odoo.authenticate()
    found: list[Any] = await asyncio.gather(
        odoo.read("res.users", [uid], ["name", "tz", "company_id"]),
        odoo.search_read("res.company", [], ["currency_id"], limit=1),
        odoo.search_read("res.users", [["share", "=", False]], ["name", "login"], order="id"),
        odoo.search_read(
            "res.partner",
            [],
            [
                "name",
                "is_company",
                "email",
                "phone",
                "mobile",
                "city",
                "parent_id",
                "function",
                "user_id",
            ],
            order="id",
        ),
        odoo.search_read("crm.stage", [], ["name", "is_won", "sequence"], order="sequence,id"),
        odoo.search_read(
            "crm.lead",
            [],
            [
                "name",
                "type",
                "stage_id",
                "user_id",
                "partner_id",
                "expected_revenue",
                "probability",
                "date_deadline",
                "tag_ids",
            ],
            order="id",
        ),
        odoo.search_read("project.project", [], ["name", "user_id", "partner_id"], order="id"),
        odoo.search_read(
            "project.task",
            [],
            ["name", "project_id", "user_ids", "state", "date_deadline", "stage_id"],
            order="id",
        ),
        odoo.search_read(
            "sale.order",
            [],
            ["name", "state", "partner_id", "user_id", "amount_untaxed", "date_order"],
            order="id",
        ),
        _order_states(odoo),
        odoo.search_read("product.product", [], ["name", "default_code", "list_price"], order="id"),
        odoo.search_read(
            "sale.order.line",
            [["display_type", "=", False], ["product_id", "!=", False]],
            ["order_id", "product_id", "product_uom_qty", "price_subtotal"],
            order="id",
        ),
        odoo.search_read(
            "crm.lead",
            [["type", "=", "opportunity"], ["active", "=", False], ["probability", "=", 0]],
            ["name", "lost_reason_id"],
            order="id",
            context={"active_test": False},
        ),
        odoo.search_read("crm.team", [], ["name", "user_id", "member_ids"], order="id"),
        odoo.search_read("crm.tag", [], ["name"], order="id"),
    )
    me, companies, users, partners, stages, leads, projects, tasks, orders = found[:9]
    order_states, products, lines, lost, teams, tags = found[9:]
    company_currency = ref_id(companies[0]["currency_id"]) if companies else None
    currency: list[Row] = []
    if company_currency is not None:
        currency = await odoo.read(
            "res.currency", [company_currency], ["name", "symbol", "position"]
        )
    code = str(currency[0]["name"]) if currency else "EUR"
    return Snapshot(
        uid=uid,
        user_name=str(me[0]["name"]),
        tz=str(me[0].get("tz") or "UTC"),
        currency=code,
        symbol=str(currency[0].get("symbol") or code) if currency else "€",
        symbol_after=(currency[0].get("position") == "after") if currency else True,
        users=users,
        partners=partners,
        stages=stages,
        leads=leads,
        projects=projects,
        tasks=tasks,
        orders=orders,
        order_states=order_states,
        products=products,
        lines=lines,
        lost=lost,
        teams=teams,
        tags=tags,
    )
