"""What a demo dataset is made of: plain tables that `builder.seed` turns into records.

A dataset module (`es`, `en`) fills one `Dataset`; everything that is Odoo's own and the
same in every company (security groups, message subtypes, the xmlids of users) lives here.
Indexes into `customers` and `projects` tie the tables together.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

USER = "base.group_user"
CONTACTS = "base.group_partner_manager"
SALESMAN = "sales_team.group_sale_salesman"
SALES_ALL = "sales_team.group_sale_salesman_all_leads"
SALES_ADMIN = "sales_team.group_sale_manager"
PROJECT = "project.group_project_user"
PROJECT_ADMIN = "project.group_project_manager"
TIMESHEET = "hr_timesheet.group_hr_timesheet_user"
TIMESHEET_ALL = "hr_timesheet.group_hr_timesheet_approver"

GROUPS = [
    (USER, "User types / Internal User"),
    (CONTACTS, "Extra Rights / Contact Creation"),
    ("base.group_erp_manager", "Administration / Access Rights"),
    ("base.group_system", "Administration / Settings"),
    (SALESMAN, "Sales / User: Own Documents Only"),
    (SALES_ALL, "Sales / User: All Documents"),
    (SALES_ADMIN, "Sales / Administrator"),
    (PROJECT, "Project / User"),
    (PROJECT_ADMIN, "Project / Administrator"),
    (TIMESHEET, "Timesheets / User: own timesheets only"),
    (TIMESHEET_ALL, "Timesheets / User: all timesheets"),
]
SUBTYPES = [("mail.mt_comment", "Discussions", False), ("mail.mt_note", "Note", True)]

#: A salesperson who sees every document; add SALES_ADMIN / PROJECT_ADMIN for managers.
SELLER = [USER, CONTACTS, SALESMAN, SALES_ALL, PROJECT, TIMESHEET, TIMESHEET_ALL]
#: Sales / User: Own Documents Only (the restricted salesperson).
RESTRICTED_SELLER = [USER, CONTACTS, SALESMAN, PROJECT, TIMESHEET]
#: Support staff: projects and timesheets, no sales.
SUPPORT = [USER, CONTACTS, PROJECT, TIMESHEET, TIMESHEET_ALL]

UNIT, HOUR, DAY, MONTH = (
    "uom.product_uom_unit",
    "uom.product_uom_hour",
    "uom.product_uom_day",
    "uom.product_uom_month",
)


def user_xmlid(login: str) -> str:
    if login == "__system__":
        return "base.user_root"
    return "base.user_admin" if login == "admin" else f"demo.user_{login}"


@dataclass(frozen=True)
class Company:
    name: str
    email: str
    phone: str
    website: str
    street: str
    zip: str
    city: str
    state: str  #: code of one of `Dataset.states`
    country: str  #: code of one of `Dataset.countries`
    vat: str
    lang: str
    tz: str
    currency: str  #: code of one of `Dataset.currencies`


@dataclass(frozen=True)
class Currency:
    code: str
    full_name: str
    symbol: str
    position: str  #: "before" ($1,000) or "after" (1.000 €)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    phone_code: int
    currency: str | None


@dataclass(frozen=True)
class State:
    code: str
    name: str
    area_code: str  #: first digits of a landline there
    zip_prefix: str


@dataclass(frozen=True)
class User:
    login: str  #: the password is the login too, except for admin (from the settings)
    name: str
    email: str
    groups: list[str] | None  #: None: every group (administrators)
    function: str | None


@dataclass(frozen=True)
class Customer:
    name: str
    city: str
    state: str
    vat: str
    domain: str
    tags: list[str]  #: xmlids of `Dataset.partner_tags`


@dataclass(frozen=True)
class Contact:
    company: int  #: index into `Dataset.customers`
    first: str
    last: str
    function: str


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    category: str
    type: str  #: "service" or "consu"
    price: float
    cost: float
    uom: str
    tax: str


@dataclass(frozen=True)
class Project:
    name: str
    customer: int | None
    manager: str
    members: list[str]
    tasks: list[str]


@dataclass(frozen=True)
class Deal:
    """A hand-written opportunity of the administrator (beside the generated pipeline)."""

    customer: int
    name: str
    stage: int  #: index into `Dataset.crm_stages` (the last one is won)
    outcome: str  #: "open", "won" or "lost"
    revenue: float
    priority: str = "1"
    day_of_month: int | None = None  #: closes on that day of the current month
    in_days: int | None = None  #: closes that many days from today (negative: past)
    tags: tuple[int, ...] = ()  #: indexes into `Dataset.crm_tags`


@dataclass(frozen=True)
class OwnTask:
    """A hand-written task of the administrator. `due`: overdue, today, week, later,
    none (no deadline) or done."""

    project: int
    name: str
    due: str
    priority: str = "0"


@dataclass(frozen=True)
class Dataset:
    name: str
    company: Company
    currencies: list[Currency]
    countries: list[Country]
    states: list[State]
    users: list[User]  #: uids follow this order: __system__ = 1, admin = 2, ...
    sellers: list[str]  #: logins the generated leads and orders rotate over
    restricted_login: str  #: the salesperson restricted to own documents
    restricted_api_key: str
    phone: Callable[[str, random.Random], str]  #: area code -> a phone number
    mobile_prefix: str | None  #: None: mobiles use the area code of the city
    partner_tags: list[tuple[str, str]]
    customers: list[Customer]
    contacts: list[Contact]
    individuals: list[tuple[str, str, str]]  #: first name, last name, city
    individual_domain: str
    streets: list[str]
    company_suffixes: tuple[str, ...]  #: legal suffixes dropped from names in leads
    uoms: list[tuple[str, str]]
    taxes: list[tuple[str, str, float]]
    root_category: str
    product_categories: list[tuple[str, str]]
    products: list[Product]
    teams: tuple[str, str]  #: the main sales team, the administrator's team
    crm_stages: list[tuple[str, str, int, bool]]
    crm_tags: list[str]
    lost_reasons: list[str]
    revenues: list[int]
    needs: list[str]
    lead_contacts: list[tuple[str, str, str]]  #: first, last, company of leads
    lead_name: str  #: "{company}" and "{need}"
    lead_email_tld: str
    task_stages: list[tuple[str, str, int, bool]]
    project_tags: list[str]  #: the first two: internal, customer project
    task_tags: list[str]
    projects: list[Project]
    timesheet_descriptions: list[str]
    lead_notes: list[str]
    task_notes: list[str]
    order_ref: str  #: customer reference prefix, "PED" -> PED-2026-101
    deals: list[Deal]
    own_tasks: list[OwnTask]


def tables(people: ModuleType, catalog: ModuleType) -> dict[str, Any]:
    """The `Dataset` fields a dataset module and its catalog module hold under the agreed
    upper-case names (USERS, COMPANIES, ..., PRODUCTS, CRM_STAGES, ...)."""
    rows = {
        "customers": [Customer(*row) for row in people.COMPANIES],
        "contacts": [Contact(*row) for row in people.CONTACTS],
        "products": [Product(*row) for row in catalog.PRODUCTS],
        "projects": [Project(*row) for row in catalog.PROJECTS],
    }
    own = ("countries", "states", "users", "partner_tags", "individuals", "streets", "deals")
    shared = (
        "uoms",
        "taxes",
        "product_categories",
        "crm_stages",
        "crm_tags",
        "lost_reasons",
        "revenues",
        "needs",
        "lead_contacts",
        "task_stages",
        "project_tags",
        "task_tags",
        "timesheet_descriptions",
        "lead_notes",
        "task_notes",
    )
    return {
        **rows,
        **{name: getattr(people, name.upper()) for name in own},
        "own_tasks": people.OWN_TASKS,
        **{name: getattr(catalog, name.upper()) for name in shared},
    }
