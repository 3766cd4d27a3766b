"""The demo companies: realistic data, deterministic, dated relative to today, with an
administrator who owns part of the pipeline. Every test runs on each dataset (`demo` is
parametrized); expectations come from the data itself or from the dataset's tables."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from sandbox_helpers import AMBIGUOUS

from daniel.resources.odoo import datasets
from daniel.sandbox.database import ADMIN_UID, registry, seed_store
from daniel.sandbox.orm.env import Env

ODOO_DEFAULT_STAGES = {"New", "Qualified", "Proposition", "Won"}


def _month(today: date) -> list[tuple[str, str, str]]:
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return [("date_deadline", ">=", start.isoformat()), ("date_deadline", "<", end.isoformat())]


def _open_opportunities() -> list[tuple[str, str, object]]:
    return [("type", "=", "opportunity"), ("stage_id.is_won", "=", False)]


def _seeded(name: str) -> Env:
    reg = registry()
    store = reg.make_store(None)
    seed_store(reg, store, date.today(), name)
    return Env(reg, store, ADMIN_UID)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_seeding_is_fast_and_deterministic(name: str) -> None:
    reg = registry()
    stores = []
    for _ in range(2):
        store = reg.make_store(None)
        started = time.process_time()  # CPU time: stable on a busy machine
        seed_store(reg, store, date.today(), name)
        assert time.process_time() - started < 1.0
        stores.append(store)
    first, second = stores
    for model, table in first.tables.items():
        volatile = {f.name for f in table.columns if f.type == "datetime"} | {"password"}

        def stable(rows: dict[int, dict[str, object]], skip: set[str] = volatile) -> object:
            return {
                rid: {k: v for k, v in row.items() if k not in skip} for rid, row in rows.items()
            }

        assert stable(table.rows) == stable(second.tables[model].rows), model


def test_the_spanish_company_in_euros() -> None:
    demo = datasets.load("es")
    assert (demo.company.name, demo.company.currency) == ("Daniel Demo S.L.", "EUR")
    assert [name for _, name, _, _ in demo.crm_stages] == [
        "Nuevo",
        "Calificado",
        "Propuesta",
        "Negociación",
        "Ganado",
    ]


def test_the_company_speaks_its_language_and_currency(demo: Env, sandbox_dataset: str) -> None:
    expected = datasets.load(sandbox_dataset).company
    company = demo["res.company"].search_read([], ["name", "city", "currency_id", "country_id"])
    assert len(company) == 1
    assert company[0]["name"] == expected.name
    assert company[0]["city"] == expected.city
    assert company[0]["currency_id"][1] == expected.currency
    users = demo["res.users"].search_read([], ["lang", "tz", "company_id"])
    assert {(u["lang"], u["tz"]) for u in users} == {(expected.lang, expected.tz)}


def test_the_english_company_shares_nothing_spanish() -> None:
    en, es = _seeded("en"), datasets.load("es")
    company = en["res.company"].search_read([], ["currency_id"])[0]
    currency = en["res.currency"].browse([company["currency_id"][0]]).read(["name", "symbol"])
    assert currency[0]["name"] == "USD"
    assert currency[0]["symbol"] == "$"
    stages = {s["name"] for s in en["crm.stage"].search_read([], ["name"])}
    spanish = {name for _, name, _, _ in es.crm_stages}
    assert not stages & (spanish | ODOO_DEFAULT_STAGES)
    task_stages = {s["name"] for s in en["project.task.type"].search_read([], ["name"])}
    assert not task_stages & {name for _, name, _, _ in es.task_stages}
    people = {u.name for u in es.users} | {c.name for c in es.customers}
    names = {p["name"] for p in en["res.partner"].search_read([], ["name"])}
    assert not names & people
    assert not {p["name"] for p in en["project.project"].search_read([], ["name"])} & {
        p.name for p in es.projects
    }
    assert all(u["lang"] == "en_US" for u in en["res.users"].search_read([], ["lang"]))


def test_people_and_the_restricted_salesperson(demo: Env, sandbox_dataset: str) -> None:
    expected = datasets.load(sandbox_dataset)
    users = {u["login"]: u["name"] for u in demo["res.users"].search_read([], ["login", "name"])}
    assert users == {u.login: u.name for u in expected.users if u.login != "__system__"}
    restricted = demo["res.users"].search([("login", "=", expected.restricted_login)])
    assert restricted == [8]  # the uid of the recorded corpus's restricted user
    partners = demo["res.partner"]
    companies = partners.search_read([("is_company", "=", True)], ["vat", "email", "phone", "city"])
    assert len(companies) >= 30
    assert all(c["vat"] and c["email"] and c["phone"] and c["city"] for c in companies)
    assert partners.search_count([("parent_id", "!=", False)]) >= 30
    assert partners.search_count([]) >= 40
    # deliberate ambiguities for "which one?" questions
    prefix, first_name = AMBIGUOUS[sandbox_dataset]
    contacts = [("name", "=like", f"{first_name} %"), ("parent_id", "!=", False)]
    assert len(partners.search(contacts)) == 2
    assert any(name.startswith(f"{first_name} ") for name in users.values())
    assert len(partners.search([("name", "=like", f"{prefix} %"), ("is_company", "=", True)])) == 2


def test_crm_pipeline(demo: Env, sandbox_dataset: str) -> None:
    expected = datasets.load(sandbox_dataset)
    stages = [s["name"] for s in demo["crm.stage"].search_read([], ["name"])]
    assert stages == [name for _, name, _, _ in expected.crm_stages]
    leads = demo["crm.lead"]
    everything = leads.search_read([("active", "in", [True, False])], ["name"])
    assert len(everything) >= 60
    assert len({lead["name"] for lead in everything}) == len(everything)  # names all differ
    assert leads.search_count([("stage_id.is_won", "=", True)]) >= 5
    assert leads.search_count([("active", "=", False), ("lost_reason_id", "!=", False)]) >= 3
    assert leads.search_count([("type", "=", "lead")]) >= 5
    assert leads.search_count([("user_id", "=", False)]) >= 3
    assert {p["priority"] for p in leads.search_read([], ["priority"])} >= {"0", "1", "2"}
    assert leads.search_count([("tag_ids", "!=", False)]) >= 20
    colon = [d.name for d in expected.deals if ":" in d.name]
    assert colon
    assert all(leads.search_count([("name", "=", name)]) == 1 for name in colon)
    month = [*_month(date.today()), ("stage_id.is_won", "=", False)]
    assert leads.search_count(month) >= 5  # "opportunities closing this month"


def test_the_administrator_owns_part_of_the_pipeline(demo: Env) -> None:
    """ "¿Qué oportunidades tengo abiertas este mes?" has answers, on every dataset."""
    leads = demo["crm.lead"]
    mine = [("user_id", "=", ADMIN_UID)]
    assert leads.search_count([*mine, *_open_opportunities(), *_month(date.today())]) >= 3
    assert leads.search_count([*mine, *_open_opportunities()]) >= 6
    assert leads.search_count([*mine, ("stage_id.is_won", "=", True)]) >= 2
    assert leads.search_count([*mine, ("active", "=", False)]) >= 1
    admin_share = leads.search_count(mine) / leads.search_count([])
    assert 0.05 < admin_share < 0.5  # part of the pipeline, not all of it
    assert demo["sale.order"].search_count([*mine, ("state", "=", "sale")]) >= 1
    assert demo["sale.order"].search_count(mine) >= 3
    assert demo["res.partner"].search_count([*mine, ("is_company", "=", True)]) >= 3


def test_the_administrator_has_tasks_due_now(demo: Env) -> None:
    today = date.today()
    tasks = demo["project.task"]
    mine = [("user_ids", "in", [ADMIN_UID]), ("is_closed", "=", False)]
    week_end = today - timedelta(days=today.weekday()) + timedelta(days=7)
    assert tasks.search_count([*mine, ("date_deadline", "<", today.isoformat())]) >= 2
    due_today = [
        ("date_deadline", ">=", today.isoformat()),
        ("date_deadline", "<", (today + timedelta(days=1)).isoformat()),
    ]
    assert tasks.search_count([*mine, *due_today]) >= 1
    this_week = [
        ("date_deadline", ">=", today.isoformat()),
        ("date_deadline", "<", week_end.isoformat()),
    ]
    assert tasks.search_count([*mine, *this_week]) >= 2


def test_task_names_that_share_words(demo: Env, sandbox_dataset: str) -> None:
    """Exact names must win over names sharing words with them: both kinds exist."""
    names = [t["name"] for t in demo["project.task"].search_read([], ["name"])]
    own = [t.name for t in datasets.load(sandbox_dataset).own_tasks]
    assert all(names.count(name) == 1 for name in own)
    shorter = [n for n in names for name in own if n != name and name.startswith(n + " ")]
    assert shorter  # e.g. "Renovar dominio" beside "Renovar dominio danieldemo.es"


def test_projects_and_tasks_due_now(demo: Env, sandbox_dataset: str) -> None:
    expected = datasets.load(sandbox_dataset)
    assert demo["project.project"].search_count([]) >= 5
    stages = [s["name"] for s in demo["project.task.type"].search_read([], ["name"])]
    assert stages == [name for _, name, _, _ in expected.task_stages]
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


def test_products_and_orders(demo: Env, sandbox_dataset: str) -> None:
    expected = datasets.load(sandbox_dataset)
    products = demo["product.product"].search_read([], ["lst_price", "display_name"])
    assert len(products) >= 20
    assert all(p["lst_price"] > 0 for p in products)
    first = expected.products[0]
    assert any(p["display_name"] == f"[{first.code}] {first.name}" for p in products)
    orders = demo["sale.order"].search_read(
        [], ["state", "date_order", "amount_total", "order_line"]
    )
    assert len(orders) >= 40
    assert {o["state"] for o in orders} == {"draft", "sent", "sale", "cancel"}
    oldest = (date.today() - timedelta(days=181)).isoformat()
    assert all(
        o["date_order"] >= oldest and o["order_line"] and o["amount_total"] > 0 for o in orders
    )
    months = {o["date_order"][:7] for o in orders if o["state"] == "sale"}
    assert len(months) >= 6  # confirmed sales across six months
    assert demo["mail.message"].search_count([("model", "=", "crm.lead")]) >= 10
