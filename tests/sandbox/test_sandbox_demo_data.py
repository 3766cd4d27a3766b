"""The demo company: realistic Spanish data, deterministic, dated relative to today."""

from __future__ import annotations

import time
from datetime import date, timedelta

from daniel.sandbox.database import registry, seed_store
from daniel.sandbox.orm.env import Env


def test_seeding_is_fast_and_deterministic() -> None:
    reg = registry()
    stores = []
    for _ in range(2):
        store = reg.make_store(None)
        started = time.process_time()  # CPU time: stable on a busy machine
        seed_store(reg, store, date.today())
        assert time.process_time() - started < 1.0
        stores.append(store)
    first, second = stores
    for name, table in first.tables.items():
        volatile = {f.name for f in table.columns if f.type == "datetime"} | {"password"}

        def stable(rows: dict[int, dict[str, object]], skip: set[str] = volatile) -> object:
            return {
                rid: {k: v for k, v in row.items() if k not in skip} for rid, row in rows.items()
            }

        assert stable(table.rows) == stable(second.tables[name].rows), name


def test_a_spanish_company_in_euros(demo: Env) -> None:
    company = demo["res.company"].search_read([], ["name", "city", "currency_id", "country_id"])
    assert company == [
        {
            "id": company[0]["id"],
            "name": "Daniel Demo S.L.",
            "city": "Madrid",
            "currency_id": [company[0]["currency_id"][0], "EUR"],
            "country_id": [company[0]["country_id"][0], "España"],
        }
    ]
    admin = demo["res.users"].browse([2]).read(["name", "lang", "tz", "company_id"])[0]
    assert admin["lang"] == "es_ES"
    assert admin["tz"] == "Europe/Madrid"


def test_people_and_the_restricted_salesperson(demo: Env) -> None:
    users = {u["login"]: u["name"] for u in demo["res.users"].search_read([], ["login", "name"])}
    assert users["laura"] == "Laura Sánchez"
    assert users["ana"] == "Ana García"
    assert users["maria"] == "María López"
    assert len(users) >= 6
    partners = demo["res.partner"]
    companies = partners.search_read([("is_company", "=", True)], ["vat", "email", "phone", "city"])
    assert len(companies) >= 30
    assert all(c["vat"] and c["email"] and c["phone"] and c["city"] for c in companies)
    assert partners.search_count([("parent_id", "!=", False)]) >= 30
    assert partners.search_count([]) >= 40
    # deliberate ambiguities for "which one?" questions
    assert len(partners.search([("name", "=like", "María %"), ("parent_id", "!=", False)])) == 2
    assert len(partners.search([("name", "=like", "Acme %"), ("is_company", "=", True)])) == 2


def test_crm_pipeline(demo: Env) -> None:
    stages = [s["name"] for s in demo["crm.stage"].search_read([], ["name"])]
    assert stages == ["Nuevo", "Calificado", "Propuesta", "Negociación", "Ganado"]
    leads = demo["crm.lead"]
    assert (
        leads.search_count(
            [],
        )
        + leads.search_count([("active", "=", False)])
        >= 60
    )
    assert leads.search_count([("stage_id.is_won", "=", True)]) >= 5
    assert leads.search_count([("active", "=", False), ("lost_reason_id", "!=", False)]) >= 3
    assert leads.search_count([("type", "=", "lead")]) >= 5
    assert leads.search_count([("user_id", "=", False)]) >= 3
    assert leads.search_count([("name", "=", "Talleres Ruiz: renovación flota")]) == 1
    today = date.today()
    month = [
        ("date_deadline", ">=", today.replace(day=1).isoformat()),
        (
            "date_deadline",
            "<",
            (today.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat(),
        ),
        ("stage_id.is_won", "=", False),
    ]
    assert leads.search_count(month) >= 5  # "opportunities closing this month"


def test_projects_and_tasks_due_now(demo: Env) -> None:
    assert demo["project.project"].search_count([]) >= 5
    stages = [s["name"] for s in demo["project.task.type"].search_read([], ["name"])]
    assert stages == ["Por hacer", "En curso", "Revisión", "Hecho"]
    tasks = demo["project.task"]
    assert tasks.search_count([]) >= 80
    today = date.today()
    open_tasks = [("is_closed", "=", False)]
    week_start = today - timedelta(days=today.weekday())
    week = [
        ("date_deadline", ">=", week_start.isoformat()),
        ("date_deadline", "<", (week_start + timedelta(days=7)).isoformat()),
    ]
    day = [
        ("date_deadline", ">=", today.isoformat()),
        ("date_deadline", "<", (today + timedelta(days=1)).isoformat()),
    ]
    assert tasks.search_count([*open_tasks, ("date_deadline", "<", today.isoformat())]) >= 5
    assert tasks.search_count([*open_tasks, *day]) >= 3
    assert tasks.search_count([*open_tasks, *week]) >= 8
    assert tasks.search_count([("user_ids", "=", False)]) == 0
    assert tasks.search_count([("priority", "=", "1")]) >= 5
    assert tasks.search_count([("parent_id", "!=", False)]) >= 3
    assert demo["account.analytic.line"].search_count([]) >= 50


def test_products_and_orders(demo: Env) -> None:
    products = demo["product.product"].search_read([], ["lst_price", "display_name"])
    assert len(products) >= 20
    assert all(p["lst_price"] > 0 for p in products)
    assert any(p["display_name"] == "[SRV-CONS] Hora de consultoría" for p in products)
    orders = demo["sale.order"].search_read(
        [], ["state", "date_order", "amount_total", "order_line"]
    )
    assert len(orders) >= 40
    assert {o["state"] for o in orders} == {"draft", "sent", "sale", "cancel"}
    oldest = (date.today() - timedelta(days=181)).isoformat()
    assert all(
        o["date_order"] >= oldest and o["order_line"] and o["amount_total"] > 0 for o in orders
    )
    assert demo["mail.message"].search_count([("model", "=", "crm.lead")]) >= 10
