"""CRM: sales teams, stages, tags, lost reasons and leads/opportunities."""

from __future__ import annotations

from typing import Any

from daniel.sandbox.models.mail import MailThread
from daniel.sandbox.orm.fields import (
    Boolean,
    Char,
    Date,
    Datetime,
    Float,
    Html,
    Integer,
    Many2many,
    Many2one,
    Monetary,
    One2many,
    Selection,
    Text,
)
from daniel.sandbox.orm.model import BaseModel, rpc

LEAD_PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class CrmTeam(MailThread):
    _name = "crm.team"
    _description = "Sales Team"
    _order = "sequence ASC, create_date DESC, id DESC"

    name = Char("Sales Team", required=True, translate=True)
    sequence = Integer("Sequence", default=10)
    active = Boolean("Active", default=True)
    user_id = Many2one("res.users", "Team Leader")
    member_ids = Many2many("res.users", "Salespersons")
    company_id = Many2one("res.company", "Company")


class CrmStage(BaseModel):
    _name = "crm.stage"
    _description = "CRM Stages"
    _order = "sequence, name, id"

    name = Char("Stage Name", required=True, translate=True)
    sequence = Integer("Sequence", default=1, help="Used to order stages. Lower is better.")
    is_won = Boolean("Is Won Stage?")
    requirements = Text("Requirements")
    team_id = Many2one("crm.team", "Sales Team", ondelete="set null")
    fold = Boolean("Folded in Pipeline")


class CrmTag(BaseModel):
    _name = "crm.tag"
    _description = "CRM Tag"
    _order = "name"

    name = Char("Tag Name", required=True, translate=True)
    color = Integer("Color")


class CrmLostReason(BaseModel):
    _name = "crm.lost.reason"
    _description = "Opp. Lost Reason"
    _order = "name"

    name = Char("Description", required=True, translate=True)
    active = Boolean("Active", default=True)


def _default_stage(env: Any) -> int | bool:
    stages = env["crm.stage"].sudo()._search([("is_won", "=", False)], 0, 1, None)
    return stages[0] if stages else False


class CrmLead(MailThread):
    _name = "crm.lead"
    _description = "Lead/Opportunity"
    _order = "priority desc, id desc"
    _rec_names_search = ("name", "partner_name", "email_from", "contact_name")
    _viewer_fields = (
        "type",
        "partner_id",
        "contact_name",
        "email_from",
        "phone",
        "user_id",
        "team_id",
        "stage_id",
        "expected_revenue",
        "probability",
        "date_deadline",
        "priority",
        "tag_ids",
        "lost_reason_id",
        "active",
        "description",
    )

    name = Char("Opportunity", required=True)
    type = Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")],
        "Type",
        required=True,
        default=lambda env: env.context.get("default_type", "opportunity"),
    )
    active = Boolean("Active", default=True)
    user_id = Many2one("res.users", "Salesperson", default=lambda env: env.uid)
    team_id = Many2one("crm.team", "Sales Team", ondelete="set null")
    company_id = Many2one("res.company", "Company", default=lambda env: env.company_id or False)
    stage_id = Many2one("crm.stage", "Stage", ondelete="restrict", default=_default_stage)
    tag_ids = Many2many("crm.tag", "Tags")
    priority = Selection(LEAD_PRIORITIES, "Priority", default="0")
    probability = Float("Probability", aggregator="avg")
    automated_probability = Float("Automated Probability", readonly=True, aggregator="avg")
    expected_revenue = Monetary("Expected Revenue", currency_field="company_currency")
    prorated_revenue = Monetary(
        "Prorated Revenue",
        compute="_compute_prorated",
        store=True,
        currency_field="company_currency",
    )
    recurring_revenue = Monetary("Recurring Revenues", currency_field="company_currency")
    company_currency = Many2one(
        "res.currency", "Currency", related="company_id.currency_id", readonly=True
    )
    partner_id = Many2one("res.partner", "Customer")
    partner_name = Char("Company Name")
    contact_name = Char("Contact Name")
    email_from = Char("Email")
    phone = Char("Phone")
    mobile = Char("Mobile")
    function = Char("Job Position")
    website = Char("Website")
    street = Char("Street")
    zip = Char("Zip")
    city = Char("City")
    state_id = Many2one("res.country.state", "State")
    country_id = Many2one("res.country", "Country")
    lang_code = Char("Locale Code", related="partner_id.lang", readonly=True)
    description = Html("Notes")
    date_deadline = Date("Expected Closing")
    date_open = Datetime("Assignment Date", readonly=True)
    date_closed = Datetime("Closed Date", readonly=True)
    date_last_stage_update = Datetime("Last Stage Update", readonly=True)
    lost_reason_id = Many2one("crm.lost.reason", "Lost Reason", ondelete="restrict")
    color = Integer("Color Index")
    order_ids = One2many("sale.order", "opportunity_id", "Orders")
    quotation_count = Integer("Number of Quotations", compute="_compute_quotation_count")

    def _compute_quotation_count(self, ids: list[int]) -> dict[int, Any]:
        orders = self.env.store.table("sale.order").rows
        counts = dict.fromkeys(ids, 0)
        for row in orders.values():
            if row.get("opportunity_id") in counts and row.get("state") in ("draft", "sent"):
                counts[row["opportunity_id"]] += 1
        return counts

    def _compute_prorated(self, ids: list[int]) -> None:
        store = self.env.store
        for rid in ids:
            row = store.get(self._name, rid) or {}
            value = (row.get("expected_revenue") or 0.0) * (row.get("probability") or 0.0) / 100
            if row.get("prorated_revenue") != value:
                store.update(self._name, rid, {"prorated_revenue": value})

    def _stage_probability(self, stage_id: Any) -> float:
        stage = self.env.store.get("crm.stage", stage_id) if stage_id else None
        if not stage:
            return 10.0
        if stage.get("is_won"):
            return 100.0
        stages = sorted(
            (r for r in self.env.store.table("crm.stage").rows.values() if not r.get("is_won")),
            key=lambda r: (r.get("sequence") or 0, r["id"]),
        )
        position = next((i for i, r in enumerate(stages) if r["id"] == stage_id), 0)
        return round(10.0 + 80.0 * position / max(len(stages), 1), 2)

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        automated = self._stage_probability(vals.get("stage_id"))
        vals.setdefault("automated_probability", automated)
        if vals.get("probability") in (None, False) and "probability" not in vals:
            vals["probability"] = automated
        now = self.env.now()
        if automated == 100.0 and not vals.get("date_closed"):
            vals["date_closed"] = now
        if vals.get("user_id") and not vals.get("date_open"):
            vals["date_open"] = now
        vals.setdefault("date_last_stage_update", now)
        partner = self.env.store.get("res.partner", vals.get("partner_id") or 0)
        if partner:
            vals.setdefault("email_from", partner.get("email") or False)
            vals.setdefault("phone", partner.get("phone") or False)
            if partner.get("is_company"):
                vals.setdefault("partner_name", partner.get("name"))
        return vals

    def _after_create(self, ids: list[int]) -> None:
        self._compute_prorated(ids)

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        store = self.env.store
        now = self.env.now()
        for rid in ids:
            row = store.get(self._name, rid) or {}
            changes: dict[str, Any] = {}
            if "stage_id" in fnames:
                changes["date_last_stage_update"] = now
                automated = self._stage_probability(row.get("stage_id"))
                changes["automated_probability"] = automated
                stage = store.get("crm.stage", row.get("stage_id") or 0) or {}
                if stage.get("is_won"):
                    changes.update(probability=100.0, date_closed=row.get("date_closed") or now)
                elif "probability" not in fnames:
                    changes.update(probability=automated, date_closed=None)
            if "user_id" in fnames and row.get("user_id"):
                changes["date_open"] = now
            if "active" in fnames and not row.get("active") and "probability" not in fnames:
                changes.update(probability=0.0, date_closed=now)
            if "active" in fnames and row.get("active") and "probability" not in fnames:
                changes.update(
                    probability=self._stage_probability(row.get("stage_id")), lost_reason_id=None
                )
            if changes:
                store.update(self._name, rid, changes)
        self._compute_prorated(ids)

    @rpc
    def action_set_won(self) -> bool:
        won = self.env["crm.stage"].sudo()._search([("is_won", "=", True)], 0, 1, None)
        vals: dict[str, Any] = {"active": True, "probability": 100.0, "lost_reason_id": False}
        if won:
            vals["stage_id"] = won[0]
        self.write(vals)
        return True

    @rpc
    def action_set_won_rainbowman(self) -> Any:
        self.action_set_won()
        return True

    @rpc
    def action_set_lost(self, **additional_values: Any) -> None:
        self.write({"active": False, "probability": 0.0})
        if additional_values:
            self.write(dict(additional_values))

    @rpc
    def action_archive(self) -> None:
        self.write({"active": False, "probability": 0.0})
