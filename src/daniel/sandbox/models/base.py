"""res.* models: companies, currencies, countries, contacts, groups; plus uom and taxes."""

from __future__ import annotations

import base64
import html
from typing import Any

from daniel.sandbox.exceptions import ValidationError
from daniel.sandbox.models.mail import MailThread
from daniel.sandbox.orm.fields import (
    Binary,
    Boolean,
    Char,
    Float,
    Html,
    Integer,
    Many2many,
    Many2one,
    One2many,
    Selection,
    Text,
)
from daniel.sandbox.orm.model import BaseModel, rpc
from daniel.sandbox.orm.read import visible_ids

LANGS = [("en_US", "English (US)"), ("es_ES", "Spanish / Español")]
TIMEZONES = [
    (tz, tz)
    for tz in (
        "Africa/Casablanca",
        "America/Argentina/Buenos_Aires",
        "America/Bogota",
        "America/Lima",
        "America/Mexico_City",
        "America/New_York",
        "America/Santiago",
        "Atlantic/Canary",
        "Europe/Berlin",
        "Europe/Lisbon",
        "Europe/London",
        "Europe/Madrid",
        "Europe/Paris",
        "Europe/Rome",
        "UTC",
    )
]
_AVATAR_COLORS = ("#875A7B", "#00A09D", "#E46E78", "#21B799", "#5B899E", "#E4A900", "#9B6A9F")


def avatar_svg(name: str, rid: int) -> str:
    """Odoo 17+'s placeholder avatar: the initial on a colored square, base64 SVG."""
    initial = html.escape((name.strip()[:1] or "?").upper())
    color = _AVATAR_COLORS[rid % len(_AVATAR_COLORS)]
    svg = (
        "<?xml version='1.0' encoding='UTF-8' ?>"
        "<svg height='180' width='180' xmlns='http://www.w3.org/2000/svg'>"
        f"<rect fill='{color}' height='180' width='180'/>"
        "<text fill='#ffffff' font-size='96' text-anchor='middle' x='90' y='125' "
        f"font-family='sans-serif'>{initial}</text></svg>"
    )
    return base64.b64encode(svg.encode()).decode()


class ResCurrency(BaseModel):
    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"

    name = Char("Currency", required=True)
    full_name = Char("Name")
    symbol = Char("Symbol", required=True)
    rounding = Float("Rounding Factor", default=0.01, aggregator=None)
    decimal_places = Integer("Decimal Places", default=2)
    position = Selection(
        [("after", "After Amount"), ("before", "Before Amount")], "Symbol Position", default="after"
    )
    active = Boolean("Active", default=True)


class ResCountry(BaseModel):
    _name = "res.country"
    _description = "Country"
    _order = "name, id"

    name = Char("Country Name", required=True, translate=True)
    code = Char("Country Code", required=True)
    currency_id = Many2one("res.currency", "Currency")
    phone_code = Integer("Country Calling Code")
    state_ids = One2many("res.country.state", "country_id", "States")


class ResCountryState(BaseModel):
    _name = "res.country.state"
    _description = "Country state"
    _order = "code"
    _rec_names_search = ("name", "code")

    country_id = Many2one("res.country", "Country", required=True)
    name = Char("State Name", required=True)
    code = Char("State Code", required=True)

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        countries = self.env.store.table("res.country").rows
        result = {}
        for rid in ids:
            country = countries.get(rows[rid].get("country_id") or 0, {})
            result[rid] = f"{rows[rid]['name']} ({country.get('code') or ''})"
        return result


class ResPartnerCategory(BaseModel):
    _name = "res.partner.category"
    _description = "Partner Tags"
    _order = "name, id"
    _parent_name = "parent_id"

    name = Char("Tag Name", required=True, translate=True)
    color = Integer("Color")
    parent_id = Many2one("res.partner.category", "Parent Category", ondelete="cascade")
    active = Boolean("Active", default=True)


class ResCompany(BaseModel):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"

    name = Char("Company Name", required=True)
    partner_id = Many2one("res.partner", "Partner", required=True)
    currency_id = Many2one("res.currency", "Currency", required=True)
    email = Char("Email")
    phone = Char("Phone")
    website = Char("Website Link")
    vat = Char("Tax ID")
    company_registry = Char("Company ID")
    street = Char("Street")
    zip = Char("Zip")
    city = Char("City")
    state_id = Many2one("res.country.state", "Fed. State")
    country_id = Many2one("res.country", "Country")
    sequence = Integer("Sequence", default=10)
    active = Boolean("Active", default=True)


class ResPartner(MailThread):
    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _rec_name = "complete_name"
    _rec_names_search = ("complete_name", "email", "ref", "vat", "company_registry")
    _parent_name = "parent_id"
    _recursion_message = "You cannot create recursive Partner hierarchies."
    _mail_post_access = "read"
    _viewer_fields = (
        "is_company",
        "parent_id",
        "function",
        "email",
        "phone",
        "mobile",
        "street",
        "zip",
        "city",
        "state_id",
        "country_id",
        "vat",
        "ref",
        "website",
        "user_id",
        "category_id",
        "child_ids",
        "opportunity_ids",
        "sale_order_ids",
    )

    name = Char("Name")
    complete_name = Char("Complete Name", compute="_compute_complete_name", store=True)
    is_company = Boolean("Is a Company", default=False)
    company_type = Selection(
        [("person", "Individual"), ("company", "Company")],
        "Company Type",
        compute="_compute_company_type",
        store=False,
        readonly=False,
    )
    parent_id = Many2one("res.partner", "Related Company")
    child_ids = One2many("res.partner", "parent_id", "Contact")
    commercial_partner_id = Many2one(
        "res.partner", "Commercial Entity", compute="_compute_commercial", store=True
    )
    type = Selection(
        [
            ("contact", "Contact"),
            ("invoice", "Invoice Address"),
            ("delivery", "Delivery Address"),
            ("other", "Other Address"),
        ],
        "Address Type",
        default="contact",
    )
    function = Char("Job Position")
    street = Char("Street")
    street2 = Char("Street2")
    zip = Char("Zip")
    city = Char("City")
    state_id = Many2one("res.country.state", "State")
    country_id = Many2one("res.country", "Country")
    country_code = Char("Country Code", related="country_id.code", readonly=True)
    email = Char("Email")
    phone = Char("Phone")
    mobile = Char("Mobile")
    website = Char("Website Link")
    vat = Char("Tax ID")
    company_registry = Char("Company ID")
    ref = Char("Reference")
    lang = Selection(LANGS, "Language", default=lambda env: env.user.get("lang") or "es_ES")
    tz = Selection(TIMEZONES, "Timezone", default=lambda env: env.context.get("tz") or False)
    user_id = Many2one("res.users", "Salesperson")
    category_id = Many2many("res.partner.category", "Tags")
    comment = Html("Notes")
    active = Boolean("Active", default=True)
    color = Integer("Color Index")
    customer_rank = Integer("Customer Rank")
    supplier_rank = Integer("Supplier Rank")
    company_id = Many2one("res.company", "Company")
    image_1920 = Binary("Image")
    image_128 = Binary("Image 128", readonly=True)
    avatar_128 = Binary("Avatar 128", compute="_compute_avatar", store=False)
    user_ids = One2many("res.users", "partner_id", "Users")
    opportunity_ids = One2many("crm.lead", "partner_id", "Opportunities")
    sale_order_ids = One2many("sale.order", "partner_id", "Sales Order")
    task_ids = One2many("project.task", "partner_id", "Tasks")
    opportunity_count = Integer("Opportunity Count", compute="_compute_opportunity_count")
    sale_order_count = Integer("Sale Order Count", compute="_compute_sale_order_count")
    task_count = Integer("# Tasks", compute="_compute_task_count")

    def _complete_name(self, row: dict[str, Any]) -> str:
        name = row.get("name") or ""
        parent = self._table.rows.get(row.get("parent_id") or 0)
        if parent is not None and not row.get("is_company"):
            if not name and row.get("type") != "contact":
                labels = dict(self._fields["type"].selection or ())
                name = labels.get(row.get("type") or "", "")
            return f"{parent.get('name') or ''}, {name}"
        return name

    def _compute_company_type(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {rid: "company" if rows[rid].get("is_company") else "person" for rid in ids}

    def _compute_avatar(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {
            rid: rows[rid].get("image_128") or avatar_svg(rows[rid].get("name") or "", rid)
            for rid in ids
        }

    def _count(self, field_name: str, ids: list[int]) -> dict[int, Any]:
        field = self._fields[field_name]
        index = self._one2many_index(field)
        keep = visible_ids(self.env[str(field.relation)])
        return {rid: sum(1 for c in index.get(rid, ()) if c in keep) for rid in ids}

    def _compute_opportunity_count(self, ids: list[int]) -> dict[int, Any]:
        return self._count("opportunity_ids", ids)

    def _compute_sale_order_count(self, ids: list[int]) -> dict[int, Any]:
        return self._count("sale_order_ids", ids)

    def _compute_task_count(self, ids: list[int]) -> dict[int, Any]:
        return self._count("task_ids", ids)

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        if "company_type" in vals:
            vals["is_company"] = vals.pop("company_type") == "company"
        return vals

    @rpc
    def write(self, vals: Any) -> bool:
        if isinstance(vals, dict) and "company_type" in vals:
            vals = self._prepare_vals(dict(vals))
        return super().write(vals)

    def _recompute(self, ids: list[int]) -> None:
        rows = self._table.rows
        todo, seen = list(ids), set()
        while todo:
            rid = todo.pop()
            if rid in seen or rid not in rows:
                continue
            seen.add(rid)
            row = rows[rid]
            commercial, hops = rid, 0
            while hops < 50:
                current = rows[commercial]
                if current.get("is_company") or not current.get("parent_id"):
                    break
                commercial, hops = current["parent_id"], hops + 1
            changes = {
                "complete_name": self._complete_name(row),
                "commercial_partner_id": commercial,
            }
            if any(row.get(k) != v for k, v in changes.items()):
                self.env.store.update(self._name, rid, changes)
            todo.extend(self._one2many_index(self._fields["child_ids"]).get(rid, ()))

    def _after_create(self, ids: list[int]) -> None:
        self._recompute(ids)

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        if fnames & {"name", "parent_id", "is_company", "type", "company_type"}:
            self._recompute(ids)

    def _check_constraints(self, ids: list[int], fnames: set[str]) -> None:
        rows = self._table.rows
        for rid in ids:
            row = rows[rid]
            if row.get("type") == "contact" and not row.get("name"):
                raise ValidationError("The operation cannot be completed: Contacts require a name")
            seen, current = set(), row.get("parent_id")
            while current:
                if current == rid or current in seen:
                    raise ValidationError(self._recursion_message)
                seen.add(current)
                current = rows.get(current, {}).get("parent_id")


class ResGroups(BaseModel):
    _name = "res.groups"
    _description = "Access Groups"
    _order = "full_name"
    _rec_name = "full_name"

    name = Char("Name", required=True, translate=True)
    full_name = Char("Group Name")
    comment = Text("Comment")
    users = Many2many(
        "res.users", "Users", compute="_compute_users", store=False, search="_search_users"
    )

    def _compute_users(self, ids: list[int]) -> dict[int, Any]:
        users = self.env.store.table("res.users").rows
        return {
            rid: tuple(uid for uid, row in users.items() if rid in (row.get("groups_id") or ()))
            for rid in ids
        }

    def _search_users(self, operator: str, value: Any) -> list[Any]:
        users = self.env["res.users"].sudo()
        matching = users._search_ids([("id", operator, value)], active_test=False)
        group_ids = {g for uid in matching for g in users._table.rows[uid].get("groups_id") or ()}
        return [("id", "in", sorted(group_ids))]


class UomUom(BaseModel):
    _name = "uom.uom"
    _description = "Product Unit of Measure"
    _order = "name"

    name = Char("Unit of Measure", required=True, translate=True)
    active = Boolean("Active", default=True)


class AccountTax(BaseModel):
    _name = "account.tax"
    _description = "Tax"
    _order = "sequence, id"

    name = Char("Tax Name", required=True)
    amount = Float("Amount", aggregator=None)
    amount_type = Selection(
        [("fixed", "Fixed"), ("percent", "Percentage")], "Tax Computation", default="percent"
    )
    type_tax_use = Selection(
        [("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")], "Tax Type", default="sale"
    )
    description = Char("Label on Invoices")
    sequence = Integer("Sequence", default=1)
    active = Boolean("Active", default=True)
    company_id = Many2one("res.company", "Company")
