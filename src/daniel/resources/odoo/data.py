"""Demo data of the built-in sandbox: "Daniel Demo S.L.", an IT services and equipment
company in Madrid (EUR, es_ES, Europe/Madrid).

Everything is generated from a fixed random seed with dates relative to `today`, so every
start has opportunities closing this month, tasks overdue / due today / due this week, and
orders over the last six months. Deliberate ambiguities for "which one?" questions: two
contacts called María (plus the user María López) and two companies called "Acme...".

Users (password = login, except admin whose password and API key come from the settings):
admin (Daniel Martín, administrator), ana, maria, carlos, javier, lucia, and laura
(Laura Sánchez, a salesperson restricted to her own and unassigned leads and orders, who
cannot create projects). Laura also has the API key `LAURA_API_KEY` below.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from daniel.resources.odoo import business as biz
from daniel.resources.odoo import people

#: create(model, vals, xmlid=None) -> id
Create = Callable[..., int]

SEED = 20_250_607
COMPANY_NAME = "Daniel Demo S.L."
LAURA_API_KEY = "sandbox-laura-api-key-0000"


def _stamp(day: date, hour: int = 9, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute).strftime("%Y-%m-%d %H:%M:%S")


def seed(create: Create, today: date) -> None:
    """Create the whole demo dataset through `create`."""
    rng = random.Random(SEED)
    refs: dict[str, int] = {}

    def add(model: str, vals: dict[str, Any], key: str | None = None) -> int:
        rid = create(model, vals, key)
        if key:
            refs[key] = rid
        return rid

    _base(add, refs, today)
    partners = _partners(add, refs, rng, today)
    _catalog(add, refs)
    leads = _crm(add, refs, rng, today, partners)
    tasks = _projects(add, refs, rng, today)
    _sales(add, refs, rng, today, partners, leads)
    _timesheets(add, refs, rng, today, tasks)
    _notes(add, refs, rng, today, leads, tasks)


def _base(add: Callable[..., int], refs: dict[str, int], today: date) -> None:
    eur = add("res.currency", {"name": "EUR", "full_name": "Euro", "symbol": "€"}, "base.EUR")
    add(
        "res.currency",
        {"name": "USD", "full_name": "US Dollar", "symbol": "$", "position": "before"},
        "base.USD",
    )
    for code, name, phone, euro in people.COUNTRIES:
        vals = {
            "name": name,
            "code": code,
            "phone_code": phone,
            "currency_id": eur if euro else False,
        }
        add("res.country", vals, f"base.{code.lower()}")
    for code, name in people.PROVINCES:
        add(
            "res.country.state",
            {"name": name, "code": code, "country_id": refs["base.es"]},
            f"base.state_es_{code.lower()}",
        )
    company_partner = add(
        "res.partner",
        {
            "name": COMPANY_NAME,
            "is_company": True,
            "email": "info@danieldemo.es",
            "phone": "+34 910 000 000",
            "website": "https://www.danieldemo.es",
            "street": "Calle de Alcalá 123",
            "zip": "28009",
            "city": "Madrid",
            "state_id": refs["base.state_es_m"],
            "country_id": refs["base.es"],
            "vat": "ESB12345674",
            "lang": "es_ES",
            "tz": "Europe/Madrid",
            "create_date": _stamp(today - timedelta(days=400)),
        },
        "base.main_partner",
    )
    add(
        "res.company",
        {
            "name": COMPANY_NAME,
            "partner_id": company_partner,
            "currency_id": eur,
            "email": "info@danieldemo.es",
            "phone": "+34 910 000 000",
            "website": "https://www.danieldemo.es",
            "vat": "ESB12345674",
            "street": "Calle de Alcalá 123",
            "zip": "28009",
            "city": "Madrid",
            "state_id": refs["base.state_es_m"],
            "country_id": refs["base.es"],
        },
        "base.main_company",
    )
    for xmlid, full_name in people.GROUPS:
        add("res.groups", {"name": full_name.split(" / ")[-1], "full_name": full_name}, xmlid)
    for xmlid, name, internal in people.SUBTYPES:
        add("mail.message.subtype", {"name": name, "internal": internal}, xmlid)
    all_groups = [refs[x] for x, _ in people.GROUPS]
    for login, name, email, groups, function in people.USERS:
        group_ids = all_groups if groups == "*" else [refs[g] for g in groups]
        partner = add(
            "res.partner",
            {
                "name": name,
                "email": email or False,
                "function": function or False,
                "lang": "es_ES",
                "tz": "Europe/Madrid",
                "active": login != "__system__",
                "create_date": _stamp(today - timedelta(days=400)),
            },
            f"base.partner_{login.strip('_')}",
        )
        add(
            "res.users",
            {
                "login": login,
                "partner_id": partner,
                "company_id": refs["base.main_company"],
                "password": login if login not in ("admin", "__system__") else False,
                "groups_id": [(6, 0, group_ids)],
                "active": login != "__system__",
                "share": False,
                "create_date": _stamp(today - timedelta(days=400)),
            },
            people.user_xmlid(login),
        )


def _partners(
    add: Callable[..., int], refs: dict[str, int], rng: random.Random, today: date
) -> list[int]:
    for key, name in people.PARTNER_TAGS:
        add("res.partner.category", {"name": name}, key)
    companies: list[int] = []
    for index, (name, city, province, vat, domain, tags) in enumerate(people.COMPANIES):
        rid = add(
            "res.partner",
            {
                "name": name,
                "is_company": True,
                "city": city,
                "vat": vat,
                "ref": f"CLI{index + 1:04d}",
                "email": f"info@{domain}",
                "phone": people.phone(people.PHONE_PREFIX.get(province, "91"), rng),
                "website": f"https://www.{domain}",
                "street": rng.choice(people.STREETS) + f" {rng.randint(1, 140)}",
                "zip": f"{people.ZIP_PREFIX.get(province, '28')}{rng.randint(1, 99):03d}",
                "state_id": refs[f"base.state_es_{province.lower()}"],
                "country_id": refs["base.es"],
                "category_id": [(6, 0, [refs[t] for t in tags])],
                "customer_rank": 1,
                "lang": "es_ES",
                "tz": "Europe/Madrid",
                "create_date": _stamp(today - timedelta(days=rng.randint(120, 380)), 10),
            },
            f"demo.partner_{index + 1}",
        )
        companies.append(rid)
    for company_index, first, last, function in people.CONTACTS:
        parent = companies[company_index]
        domain = people.COMPANIES[company_index][4]
        local = people.ascii_slug(f"{first}.{last.split()[0]}")
        add(
            "res.partner",
            {
                "name": f"{first} {last}",
                "parent_id": parent,
                "function": function,
                "email": f"{local}@{domain}",
                "mobile": people.phone("6", rng),
                "city": people.COMPANIES[company_index][1],
                "country_id": refs["base.es"],
                "lang": "es_ES",
                "tz": "Europe/Madrid",
                "create_date": _stamp(today - timedelta(days=rng.randint(60, 300)), 11),
            },
        )
    for first, last, city in people.INDIVIDUALS:
        add(
            "res.partner",
            {
                "name": f"{first} {last}",
                "city": city,
                "country_id": refs["base.es"],
                "email": people.ascii_slug(f"{first}.{last.split()[0]}") + "@correo.es",
                "mobile": people.phone("6", rng),
                "customer_rank": 1,
                "lang": "es_ES",
                "tz": "Europe/Madrid",
            },
        )
    return companies


def _catalog(add: Callable[..., int], refs: dict[str, int]) -> None:
    for key, name in biz.UOMS:
        add("uom.uom", {"name": name}, key)
    for key, name, amount in biz.TAXES:
        add("account.tax", {"name": name, "amount": amount, "description": name}, key)
    root = add("product.category", {"name": "Todos"}, "product.product_category_all")
    for key, name in biz.PRODUCT_CATEGORIES:
        add("product.category", {"name": name, "parent_id": root}, key)
    for code, name, categ, ptype, price, cost, uom, tax in biz.PRODUCTS:
        add(
            "product.product",
            {
                "name": name,
                "default_code": code,
                "categ_id": refs[categ],
                "type": ptype,
                "list_price": price,
                "standard_price": cost,
                "uom_id": refs[uom],
                "taxes_id": [(6, 0, [refs[tax]])],
            },
            f"demo.product_{code.lower().replace('-', '_')}",
        )


def _crm(
    add: Callable[..., int],
    refs: dict[str, int],
    rng: random.Random,
    today: date,
    companies: list[int],
) -> list[tuple[int, str, int | None]]:
    users = [refs[people.user_xmlid(u)] for u in ("ana", "maria", "carlos", "javier", "laura")]
    team = add(
        "crm.team",
        {"name": "Ventas", "user_id": users[0], "member_ids": [(6, 0, users)]},
        "sales_team.team_sales_department",
    )
    add("crm.team", {"name": "Grandes cuentas", "user_id": refs["base.user_admin"], "sequence": 20})
    stages = [
        add("crm.stage", {"name": name, "sequence": seq, "is_won": won, "fold": won}, key)
        for key, name, seq, won in biz.CRM_STAGES
    ]
    tags = [add("crm.tag", {"name": name, "color": i + 1}) for i, name in enumerate(biz.CRM_TAGS)]
    reasons = [add("crm.lost.reason", {"name": name}) for name in biz.LOST_REASONS]
    month_start = today.replace(day=1)
    month_days = ((month_start + timedelta(days=32)).replace(day=1) - month_start).days
    leads: list[tuple[int, str, int | None]] = []
    owners: list[int | None] = [*users, *users, None]
    for index, (company_index, need, kind) in enumerate(biz.lead_plan()):
        partner = companies[company_index] if company_index is not None else None
        owner = owners[index % len(owners)]
        created = today - timedelta(days=rng.randint(3, 150))
        vals: dict[str, Any] = {
            "type": kind,
            "partner_id": partner or False,
            "user_id": owner or False,
            "team_id": team,
            "priority": rng.choice("0001123"),
            "expected_revenue": float(rng.choice(biz.REVENUES)),
            "tag_ids": [(6, 0, rng.sample(tags, rng.randint(0, 2)))],
            "create_date": _stamp(created, rng.randint(8, 17), rng.randint(0, 59)),
        }
        if company_index is not None:
            vals["name"] = f"{people.short_name(people.COMPANIES[company_index][0])}: {need}"
        else:
            first, last, company = biz.LEAD_CONTACTS[index % len(biz.LEAD_CONTACTS)]
            vals.update(
                name=f"{company}: {need}",
                contact_name=f"{first} {last}",
                partner_name=company,
                email_from=f"{people.ascii_slug(first)}@{people.ascii_slug(company)}.es",
                phone=people.phone("6", rng),
            )
        outcome = biz.lead_outcome(index)
        if kind == "lead":
            vals["stage_id"] = stages[0]
        elif outcome == "won":
            vals.update(
                stage_id=stages[-1],
                date_closed=_stamp(today - timedelta(days=rng.randint(1, 40)), 12),
            )
        else:
            vals["stage_id"] = stages[min(index % 4, len(stages) - 2)]
        if outcome in ("open", "won") or kind == "lead":
            if index < 10 and outcome == "open":
                vals["date_deadline"] = (
                    month_start + timedelta(days=(index * 3) % month_days)
                ).isoformat()
            elif rng.random() < 0.85:
                vals["date_deadline"] = (today + timedelta(days=rng.randint(-20, 75))).isoformat()
        if outcome in ("lost", "archived"):
            vals.update(active=False, probability=0.0)
            vals["date_deadline"] = (today - timedelta(days=rng.randint(5, 60))).isoformat()
            if outcome == "lost":
                vals["lost_reason_id"] = rng.choice(reasons)
        rid = add("crm.lead", vals)
        leads.append((rid, outcome, partner))
    return leads


def _projects(
    add: Callable[..., int], refs: dict[str, int], rng: random.Random, today: date
) -> list[tuple[int, list[int], str]]:
    stages = [
        add("project.task.type", {"name": n, "sequence": s, "fold": f}, k)
        for k, n, s, f in biz.TASK_STAGES
    ]
    tags = {
        name: add("project.tags", {"name": name, "color": i + 1})
        for i, name in enumerate(biz.PROJECT_TAGS)
    }
    week_start = today - timedelta(days=today.weekday())
    tasks: list[tuple[int, list[int], str]] = []
    counter = 0
    for pindex, (pname, company_index, manager, members, task_names) in enumerate(biz.PROJECTS):
        partner = (
            refs.get(f"demo.partner_{company_index + 1}") if company_index is not None else None
        )
        member_ids = [refs[people.user_xmlid(m)] for m in members]
        project = add(
            "project.project",
            {
                "name": pname,
                "partner_id": partner or False,
                "user_id": refs[people.user_xmlid(manager)],
                "type_ids": [(6, 0, stages)],
                "favorite_user_ids": [(6, 0, member_ids)],
                "date_start": (today - timedelta(days=90 - pindex * 8)).isoformat(),
                "date": (today + timedelta(days=60 + pindex * 15)).isoformat()
                if partner
                else False,
                "tag_ids": [(6, 0, [tags["Cliente" if partner else "Interno"]])],
                "last_update_status": rng.choice(["on_track", "on_track", "at_risk", "to_define"]),
                "sequence": pindex + 1,
            },
            f"demo.project_{pindex + 1}",
        )
        parents: list[int] = []
        for tindex, tname in enumerate(task_names):
            counter += 1
            stage_index, state, deadline = biz.task_schedule(counter, today, week_start, rng)
            vals: dict[str, Any] = {
                "name": tname,
                "project_id": project,
                "stage_id": stages[stage_index],
                "state": state,
                "user_ids": [
                    (6, 0, rng.sample(member_ids, min(len(member_ids), rng.choice([1, 1, 2]))))
                ],
                "priority": "1" if rng.random() < 0.25 else "0",
                "sequence": tindex + 1,
                "date_deadline": _stamp(deadline, 17) if deadline else False,
                "allocated_hours": float(rng.choice([0, 2, 4, 6, 8, 12, 16, 24, 40])),
                "tag_ids": [
                    (6, 0, [tags[t] for t in rng.sample(biz.TASK_TAGS, rng.randint(0, 2))])
                ],
                "partner_id": partner or False,
                "create_date": _stamp(today - timedelta(days=rng.randint(5, 80)), 9),
            }
            if tindex in (3, 7) and parents:
                vals["parent_id"] = parents[0]
            rid = add("project.task", vals)
            parents.append(rid)
            tasks.append((rid, vals["user_ids"][0][2], state))
    return tasks


def _sales(
    add: Callable[..., int],
    refs: dict[str, int],
    rng: random.Random,
    today: date,
    companies: list[int],
    leads: list[tuple[int, str, int | None]],
) -> None:
    sellers = [
        refs[people.user_xmlid(u)] for u in ("ana", "maria", "carlos", "javier", "laura", "laura")
    ]
    products = [refs[f"demo.product_{p[0].lower().replace('-', '_')}"] for p in biz.PRODUCTS]
    won = [(lead, partner) for lead, outcome, partner in leads if outcome == "won" and partner]
    recent = [rng.randint(0, 14) for _ in range(8)]
    offsets = sorted([*(rng.randint(15, 180) for _ in range(38)), *recent], reverse=True)
    for index, offset in enumerate(offsets):
        day = today - timedelta(days=offset)
        state = biz.order_state(offset, len(offsets) - index - 1, rng)
        lead, partner = (
            won[index % len(won)] if index % 5 == 0 and won else (None, rng.choice(companies))
        )
        lines = []
        for product in rng.sample(products, rng.randint(1, 4)):
            qty = float(rng.choice([1, 1, 2, 3, 5, 10, 12, 20]))
            line: dict[str, Any] = {"product_id": product, "product_uom_qty": qty}
            if rng.random() < 0.2:
                line["discount"] = float(rng.choice([5, 10, 15]))
            lines.append((0, 0, line))
        add(
            "sale.order",
            {
                "partner_id": partner,
                "user_id": sellers[index % len(sellers)],
                "state": state,
                "date_order": _stamp(day, rng.randint(8, 18), rng.randint(0, 59)),
                "validity_date": (day + timedelta(days=30)).isoformat(),
                "opportunity_id": lead or False,
                "order_line": lines,
                "client_order_ref": f"PED-{day.year}-{index + 101:03d}"
                if rng.random() < 0.4
                else False,
                "create_date": _stamp(day, 8),
                "invoice_status": "to invoice" if state == "sale" else "no",
            },
        )


def _timesheets(
    add: Callable[..., int],
    refs: dict[str, int],
    rng: random.Random,
    today: date,
    tasks: list[tuple[int, list[int], str]],
) -> None:
    descriptions = biz.TIMESHEET_DESCRIPTIONS
    for task, users, state in tasks:
        if (state == "01_in_progress" and rng.random() < 0.5) or not users:
            continue
        for _ in range(rng.randint(1, 3)):
            add(
                "account.analytic.line",
                {
                    "name": rng.choice(descriptions),
                    "task_id": task,
                    "user_id": rng.choice(users),
                    "date": (today - timedelta(days=rng.randint(0, 30))).isoformat(),
                    "unit_amount": rng.choice([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]),
                },
            )


def _notes(
    add: Callable[..., int],
    refs: dict[str, int],
    rng: random.Random,
    today: date,
    leads: list[tuple[int, str, int | None]],
    tasks: list[tuple[int, list[int], str]],
) -> None:
    note = refs["mail.mt_note"]
    authors = [refs[f"base.partner_{u}"] for u in ("ana", "maria", "carlos", "javier", "laura")]
    for index, (lead, _outcome, _partner) in enumerate(leads[:18]):
        day = today - timedelta(days=rng.randint(0, 20))
        add(
            "mail.message",
            {
                "model": "crm.lead",
                "res_id": lead,
                "message_type": "comment",
                "subtype_id": note,
                "is_internal": True,
                "author_id": authors[index % len(authors)],
                "body": f"<p>{biz.LEAD_NOTES[index % len(biz.LEAD_NOTES)]}</p>",
                "date": _stamp(day, 12),
            },
        )
    for index, (task, _users, _state) in enumerate(tasks[::7]):
        day = today - timedelta(days=rng.randint(0, 15))
        add(
            "mail.message",
            {
                "model": "project.task",
                "res_id": task,
                "message_type": "comment",
                "subtype_id": note,
                "is_internal": True,
                "author_id": authors[index % len(authors)],
                "body": f"<p>{biz.TASK_NOTES[index % len(biz.TASK_NOTES)]}</p>",
                "date": _stamp(day, 15),
            },
        )
