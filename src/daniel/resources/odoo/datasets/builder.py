"""Turns a `Dataset` into records: `seed(dataset, create, today)`.

Everything comes from a fixed random seed with dates relative to `today` (see `plans`), so
two seeds on the same day give the same data. Besides the generated pipeline, the
administrator gets the dataset's hand-written deals and tasks, is salesperson of some
customers and orders, and leads the second sales team: "my ..." questions have answers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from daniel.resources.odoo.datasets import plans
from daniel.resources.odoo.datasets.model import GROUPS, SUBTYPES, Dataset, user_xmlid

#: create(model, vals, xmlid=None) -> id
Create = Callable[..., int]
#: (lead id, outcome, partner id or None)
Leads = list[tuple[int, str, int | None]]
#: (task id, assignee ids, state)
Tasks = list[tuple[int, list[int], str]]

SEED = 20_250_607


def stamp(day: date, hour: int = 9, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute).strftime("%Y-%m-%d %H:%M:%S")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _street(street: str, number: int) -> str:
    """ "Calle Mayor" -> "Calle Mayor 12"; "{n} Main Street" -> "12 Main Street"."""
    return street.format(n=number) if "{n}" in street else f"{street} {number}"


def product_xmlid(code: str) -> str:
    return f"demo.product_{code.lower().replace('-', '_')}"


class _Builder:
    def __init__(self, ds: Dataset, create: Create, today: date) -> None:
        self.ds = ds
        self.today = today
        self.rng = random.Random(SEED)
        self.refs: dict[str, int] = {}
        self._create = create
        self.admin = 0
        self.companies: list[int] = []

    def add(self, model: str, vals: dict[str, Any], key: str | None = None) -> int:
        rid = self._create(model, vals, key)
        if key:
            self.refs[key] = rid
        return rid

    def uid(self, login: str) -> int:
        return self.refs[user_xmlid(login)]

    def local(self, vals: dict[str, Any]) -> dict[str, Any]:
        """`vals` with the company's language and time zone."""
        return {**vals, "lang": self.ds.company.lang, "tz": self.ds.company.tz}

    def area_code(self, state: str) -> str:
        return next(s.area_code for s in self.ds.states if s.code == state)

    def mobile(self, state: str) -> str:
        return self.ds.phone(self.ds.mobile_prefix or self.area_code(state), self.rng)


def seed(ds: Dataset, create: Create, today: date) -> None:
    """Create the whole demo dataset `ds` through `create`."""
    b = _Builder(ds, create, today)
    _base(b)
    _users(b)
    _partners(b)
    _catalog(b)
    leads = _crm(b)
    tasks = _projects(b)
    _sales(b, leads)
    _timesheets(b, tasks)
    _notes(b, leads, tasks)


def _base(b: _Builder) -> None:
    ds, company = b.ds, b.ds.company
    currencies = {
        c.code: b.add(
            "res.currency",
            {"name": c.code, "full_name": c.full_name, "symbol": c.symbol, "position": c.position},
            f"base.{c.code}",
        )
        for c in ds.currencies
    }
    for country in ds.countries:
        vals = {
            "name": country.name,
            "code": country.code,
            "phone_code": country.phone_code,
            "currency_id": currencies.get(country.currency or "", False),
        }
        b.add("res.country", vals, f"base.{country.code.lower()}")
    home = b.refs[f"base.{company.country.lower()}"]
    for state in ds.states:
        b.add(
            "res.country.state",
            {"name": state.name, "code": state.code, "country_id": home},
            f"base.state_{company.country.lower()}_{state.code.lower()}",
        )
    address = {
        "email": company.email,
        "phone": company.phone,
        "website": company.website,
        "street": company.street,
        "zip": company.zip,
        "city": company.city,
        "state_id": b.refs[f"base.state_{company.country.lower()}_{company.state.lower()}"],
        "country_id": home,
        "vat": company.vat,
    }
    partner = b.add(
        "res.partner",
        b.local(
            {
                "name": company.name,
                "is_company": True,
                **address,
                "create_date": stamp(b.today - timedelta(days=400)),
            }
        ),
        "base.main_partner",
    )
    b.add(
        "res.company",
        {
            "name": company.name,
            "partner_id": partner,
            "currency_id": currencies[company.currency],
            **address,
        },
        "base.main_company",
    )
    for xmlid, full_name in GROUPS:
        b.add("res.groups", {"name": full_name.split(" / ")[-1], "full_name": full_name}, xmlid)
    for xmlid, name, internal in SUBTYPES:
        b.add("mail.message.subtype", {"name": name, "internal": internal}, xmlid)


def _users(b: _Builder) -> None:
    all_groups = [b.refs[x] for x, _ in GROUPS]
    created = stamp(b.today - timedelta(days=400))
    for user in b.ds.users:
        group_ids = all_groups if user.groups is None else [b.refs[g] for g in user.groups]
        system = user.login == "__system__"
        partner = b.add(
            "res.partner",
            b.local(
                {
                    "name": user.name,
                    "email": user.email or False,
                    "function": user.function or False,
                    "active": not system,
                    "create_date": created,
                }
            ),
            f"base.partner_{user.login.strip('_')}",
        )
        b.add(
            "res.users",
            {
                "login": user.login,
                "partner_id": partner,
                "company_id": b.refs["base.main_company"],
                "password": user.login if user.login not in ("admin", "__system__") else False,
                "groups_id": [(6, 0, group_ids)],
                "active": not system,
                "share": False,
                "create_date": created,
            },
            user_xmlid(user.login),
        )
    b.admin = b.uid("admin")


def _partners(b: _Builder) -> None:
    ds, rng, today = b.ds, b.rng, b.today
    country = b.refs[f"base.{ds.company.country.lower()}"]
    for key, name in ds.partner_tags:
        b.add("res.partner.category", {"name": name}, key)
    owners = [b.uid(login) for login in ds.sellers] + [b.admin]
    for index, customer in enumerate(ds.customers):
        state = next(s for s in ds.states if s.code == customer.state)
        rid = b.add(
            "res.partner",
            b.local(
                {
                    "name": customer.name,
                    "is_company": True,
                    "city": customer.city,
                    "vat": customer.vat,
                    "ref": f"CLI{index + 1:04d}",
                    "email": f"info@{customer.domain}",
                    "phone": ds.phone(state.area_code, rng),
                    "website": f"https://www.{customer.domain}",
                    "street": _street(rng.choice(ds.streets), rng.randint(1, 140)),
                    "zip": f"{state.zip_prefix}{rng.randint(1, 99):03d}",
                    "state_id": b.refs[
                        f"base.state_{ds.company.country.lower()}_{state.code.lower()}"
                    ],
                    "country_id": country,
                    "category_id": [(6, 0, [b.refs[t] for t in customer.tags])],
                    "customer_rank": 1,
                    "user_id": owners[index % len(owners)],
                    "create_date": stamp(today - timedelta(days=rng.randint(120, 380)), 10),
                }
            ),
            f"demo.partner_{index + 1}",
        )
        b.companies.append(rid)
    for contact in ds.contacts:
        customer = ds.customers[contact.company]
        local = plans.ascii_slug(f"{contact.first}.{contact.last.split()[0]}")
        b.add(
            "res.partner",
            b.local(
                {
                    "name": f"{contact.first} {contact.last}",
                    "parent_id": b.companies[contact.company],
                    "function": contact.function,
                    "email": f"{local}@{customer.domain}",
                    "mobile": b.mobile(customer.state),
                    "city": customer.city,
                    "country_id": country,
                    "create_date": stamp(today - timedelta(days=rng.randint(60, 300)), 11),
                }
            ),
        )
    home = ds.company.state
    for first, last, city in ds.individuals:
        b.add(
            "res.partner",
            b.local(
                {
                    "name": f"{first} {last}",
                    "city": city,
                    "country_id": country,
                    "email": plans.ascii_slug(f"{first}.{last.split()[0]}")
                    + f"@{ds.individual_domain}",
                    "mobile": b.mobile(home),
                    "customer_rank": 1,
                }
            ),
        )


def _catalog(b: _Builder) -> None:
    ds = b.ds
    for key, name in ds.uoms:
        b.add("uom.uom", {"name": name}, key)
    for key, name, amount in ds.taxes:
        b.add("account.tax", {"name": name, "amount": amount, "description": name}, key)
    root = b.add("product.category", {"name": ds.root_category}, "product.product_category_all")
    for key, name in ds.product_categories:
        b.add("product.category", {"name": name, "parent_id": root}, key)
    for product in ds.products:
        b.add(
            "product.product",
            {
                "name": product.name,
                "default_code": product.code,
                "categ_id": b.refs[product.category],
                "type": product.type,
                "list_price": product.price,
                "standard_price": product.cost,
                "uom_id": b.refs[product.uom],
                "taxes_id": [(6, 0, [b.refs[product.tax]])],
            },
            product_xmlid(product.code),
        )


def _crm(b: _Builder) -> Leads:
    ds, rng, today = b.ds, b.rng, b.today
    users = [b.uid(login) for login in ds.sellers]
    team = b.add(
        "crm.team",
        {"name": ds.teams[0], "user_id": users[0], "member_ids": [(6, 0, users)]},
        "sales_team.team_sales_department",
    )
    own_team = b.add(
        "crm.team",
        {
            "name": ds.teams[1],
            "user_id": b.admin,
            "member_ids": [(6, 0, [b.admin, users[0]])],
            "sequence": 20,
        },
    )
    stages = [
        b.add("crm.stage", {"name": name, "sequence": seq, "is_won": won, "fold": won}, key)
        for key, name, seq, won in ds.crm_stages
    ]
    tags = [b.add("crm.tag", {"name": name, "color": i + 1}) for i, name in enumerate(ds.crm_tags)]
    reasons = [b.add("crm.lost.reason", {"name": name}) for name in ds.lost_reasons]
    month_start, month_days = plans.month_bounds(today)
    leads: Leads = []
    owners: list[int | None] = [*users, b.admin, *users, None]
    plan = plans.lead_plan(len(b.companies), ds.needs)
    for index, (company_index, need, kind) in enumerate(plan):
        partner = b.companies[company_index] if company_index is not None else None
        created = today - timedelta(days=rng.randint(3, 150))
        vals: dict[str, Any] = {
            "type": kind,
            "partner_id": partner or False,
            "user_id": owners[index % len(owners)] or False,
            "team_id": team,
            "priority": rng.choice("0001123"),
            "expected_revenue": float(rng.choice(ds.revenues)),
            "tag_ids": [(6, 0, rng.sample(tags, rng.randint(0, 2)))],
            "create_date": stamp(created, rng.randint(8, 17), rng.randint(0, 59)),
        }
        if company_index is not None:
            name = plans.short_name(ds.customers[company_index].name, ds.company_suffixes)
            vals["name"] = _capitalized(ds.lead_name.format(company=name, need=need))
        else:
            first, last, company = ds.lead_contacts[index % len(ds.lead_contacts)]
            vals.update(
                name=_capitalized(ds.lead_name.format(company=company, need=need)),
                contact_name=f"{first} {last}",
                partner_name=company,
                email_from=f"{plans.ascii_slug(first)}@{plans.ascii_slug(company)}"
                f".{ds.lead_email_tld}",
                phone=b.mobile(ds.company.state),
            )
        outcome = plans.lead_outcome(index)
        if kind == "lead":
            vals["stage_id"] = stages[0]
        elif outcome == "won":
            vals.update(
                stage_id=stages[-1],
                date_closed=stamp(today - timedelta(days=rng.randint(1, 40)), 12),
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
            closed = today - timedelta(days=rng.randint(5, 60))
            # Odoo stamps date_closed when a deal is lost, as when it is won
            vals.update(active=False, probability=0.0, date_closed=stamp(closed, 12))
            vals["date_deadline"] = closed.isoformat()
            if outcome == "lost":
                vals["lost_reason_id"] = rng.choice(reasons)
        leads.append((b.add("crm.lead", vals), outcome, partner))
    leads.extend(_deals(b, own_team, stages, tags, reasons))
    return leads


def _deals(b: _Builder, team: int, stages: list[int], tags: list[int], reasons: list[int]) -> Leads:
    """The administrator's hand-written opportunities."""
    today = b.today
    month_start, month_days = plans.month_bounds(today)
    leads: Leads = []
    for index, deal in enumerate(b.ds.deals):
        partner = b.companies[deal.customer]
        vals: dict[str, Any] = {
            "type": "opportunity",
            "name": deal.name,
            "partner_id": partner,
            "user_id": b.admin,
            "team_id": team,
            "priority": deal.priority,
            "expected_revenue": float(deal.revenue),
            "stage_id": stages[deal.stage],
            "tag_ids": [(6, 0, [tags[t] for t in deal.tags])],
            "create_date": stamp(today - timedelta(days=20 + 7 * index), 10),
        }
        if deal.day_of_month is not None:
            day = month_start + timedelta(days=min(deal.day_of_month, month_days) - 1)
            vals["date_deadline"] = day.isoformat()
        elif deal.in_days is not None:
            vals["date_deadline"] = (today + timedelta(days=deal.in_days)).isoformat()
        if deal.outcome == "won":
            vals.update(stage_id=stages[-1], date_closed=stamp(today - timedelta(days=2), 12))
        elif deal.outcome == "lost":
            vals.update(active=False, probability=0.0, lost_reason_id=reasons[index % len(reasons)])
            vals["date_closed"] = stamp(today - timedelta(days=3 + index), 12)
        leads.append((b.add("crm.lead", vals), deal.outcome, partner))
    return leads


def _projects(b: _Builder) -> Tasks:
    ds, rng, today = b.ds, b.rng, b.today
    stages = [
        b.add("project.task.type", {"name": n, "sequence": s, "fold": f}, k)
        for k, n, s, f in ds.task_stages
    ]
    tags = {
        name: b.add("project.tags", {"name": name, "color": i + 1})
        for i, name in enumerate(ds.project_tags)
    }
    internal, customer_tag = ds.project_tags[:2]
    week_start = today - timedelta(days=today.weekday())
    tasks: Tasks = []
    counter = 0
    for pindex, project in enumerate(ds.projects):
        partner = b.companies[project.customer] if project.customer is not None else None
        member_ids = [b.uid(m) for m in project.members]
        project_id = b.add(
            "project.project",
            {
                "name": project.name,
                "partner_id": partner or False,
                "user_id": b.uid(project.manager),
                "type_ids": [(6, 0, stages)],
                "favorite_user_ids": [(6, 0, member_ids)],
                "date_start": (today - timedelta(days=90 - pindex * 8)).isoformat(),
                "date": (today + timedelta(days=60 + pindex * 15)).isoformat()
                if partner
                else False,
                "tag_ids": [(6, 0, [tags[customer_tag if partner else internal]])],
                "last_update_status": rng.choice(["on_track", "on_track", "at_risk", "to_define"]),
                "sequence": pindex + 1,
            },
            f"demo.project_{pindex + 1}",
        )
        parents: list[int] = []
        for tindex, tname in enumerate(project.tasks):
            counter += 1
            stage_index, state, deadline = plans.task_schedule(counter, today, week_start, rng)
            vals: dict[str, Any] = {
                "name": tname,
                "project_id": project_id,
                "stage_id": stages[stage_index],
                "state": state,
                "user_ids": [
                    (6, 0, rng.sample(member_ids, min(len(member_ids), rng.choice([1, 1, 2]))))
                ],
                "priority": "1" if rng.random() < 0.25 else "0",
                "sequence": tindex + 1,
                "date_deadline": stamp(deadline, 17) if deadline else False,
                "allocated_hours": float(rng.choice([0, 2, 4, 6, 8, 12, 16, 24, 40])),
                "tag_ids": [(6, 0, [tags[t] for t in rng.sample(ds.task_tags, rng.randint(0, 2))])],
                "partner_id": partner or False,
                "create_date": stamp(today - timedelta(days=rng.randint(5, 80)), 9),
            }
            if tindex in (3, 7) and parents:
                vals["parent_id"] = parents[0]
            rid = b.add("project.task", vals)
            parents.append(rid)
            tasks.append((rid, vals["user_ids"][0][2], state))
    for index, own in enumerate(ds.own_tasks):
        stage_index, state, deadline = plans.own_task_schedule(own.due, today, week_start)
        project = ds.projects[own.project]
        vals = {
            "name": own.name,
            "project_id": b.refs[f"demo.project_{own.project + 1}"],
            "stage_id": stages[stage_index],
            "state": state,
            "user_ids": [(6, 0, [b.admin])],
            "priority": own.priority,
            "sequence": len(project.tasks) + index + 1,
            "date_deadline": stamp(deadline, 17) if deadline else False,
            "allocated_hours": 4.0,
            "partner_id": b.companies[project.customer] if project.customer is not None else False,
            "create_date": stamp(today - timedelta(days=10 + index), 9),
        }
        tasks.append((b.add("project.task", vals), [b.admin], state))
    return tasks


def _sales(b: _Builder, leads: Leads) -> None:
    ds, rng, today = b.ds, b.rng, b.today
    restricted = b.uid(ds.restricted_login)
    sellers = [*(b.uid(u) for u in ds.sellers), restricted, b.admin]
    products = [b.refs[product_xmlid(p.code)] for p in ds.products]
    won = [(lead, partner) for lead, outcome, partner in leads if outcome == "won" and partner]
    recent = [rng.randint(0, 14) for _ in range(8)]
    # spread over the six months before the last two weeks: every month has orders
    older = [15 + (165 * i) // 38 + rng.randint(0, 4) for i in range(38)]
    offsets = sorted([*older, *recent], reverse=True)
    for index, offset in enumerate(offsets):
        day = today - timedelta(days=offset)
        state = plans.order_state(offset, len(offsets) - index - 1, rng)
        lead, partner = (
            won[index % len(won)] if index % 5 == 0 and won else (None, rng.choice(b.companies))
        )
        lines = []
        for product in rng.sample(products, rng.randint(1, 4)):
            qty = float(rng.choice([1, 1, 2, 3, 5, 10, 12, 20]))
            line: dict[str, Any] = {"product_id": product, "product_uom_qty": qty}
            if rng.random() < 0.2:
                line["discount"] = float(rng.choice([5, 10, 15]))
            lines.append((0, 0, line))
        b.add(
            "sale.order",
            {
                "partner_id": partner,
                "user_id": sellers[index % len(sellers)],
                "state": state,
                "date_order": stamp(day, rng.randint(8, 18), rng.randint(0, 59)),
                "validity_date": (day + timedelta(days=30)).isoformat(),
                "opportunity_id": lead or False,
                "order_line": lines,
                "client_order_ref": f"{ds.order_ref}-{day.year}-{index + 101:03d}"
                if rng.random() < 0.4
                else False,
                "create_date": stamp(day, 8),
                "invoice_status": "to invoice" if state == "sale" else "no",
            },
        )


def _timesheets(b: _Builder, tasks: Tasks) -> None:
    rng = b.rng
    for task, users, state in tasks:
        if (state == "01_in_progress" and rng.random() < 0.5) or not users:
            continue
        for _ in range(rng.randint(1, 3)):
            b.add(
                "account.analytic.line",
                {
                    "name": rng.choice(b.ds.timesheet_descriptions),
                    "task_id": task,
                    "user_id": rng.choice(users),
                    "date": (b.today - timedelta(days=rng.randint(0, 30))).isoformat(),
                    "unit_amount": rng.choice([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]),
                },
            )


def _notes(b: _Builder, leads: Leads, tasks: Tasks) -> None:
    ds, rng = b.ds, b.rng
    note = b.refs["mail.mt_note"]
    logins = [*ds.sellers, "admin"]
    authors = [b.refs[f"base.partner_{login}"] for login in logins]

    def post(model: str, res_id: int, index: int, text: str, day: date, hour: int) -> None:
        b.add(
            "mail.message",
            {
                "model": model,
                "res_id": res_id,
                "message_type": "comment",
                "subtype_id": note,
                "is_internal": True,
                "author_id": authors[index % len(authors)],
                "body": f"<p>{text}</p>",
                "date": stamp(day, hour),
            },
        )

    for index, (lead, _outcome, _partner) in enumerate(leads[:18]):
        day = b.today - timedelta(days=rng.randint(0, 20))
        post("crm.lead", lead, index, ds.lead_notes[index % len(ds.lead_notes)], day, 12)
    for index, (task, _users, _state) in enumerate(tasks[::7]):
        day = b.today - timedelta(days=rng.randint(0, 15))
        post("project.task", task, index, ds.task_notes[index % len(ds.task_notes)], day, 15)
