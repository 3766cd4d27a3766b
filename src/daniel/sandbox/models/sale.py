"""Sales: quotations/orders and their lines, totals computed from the lines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from daniel.sandbox.exceptions import UserError
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

ORDER_STATES = [
    ("draft", "Quotation"),
    ("sent", "Quotation Sent"),
    ("sale", "Sales Order"),
    ("cancel", "Cancelled"),
]
INVOICE_STATES = [
    ("upselling", "Upselling Opportunity"),
    ("invoiced", "Fully Invoiced"),
    ("to invoice", "To Invoice"),
    ("no", "Nothing to Invoice"),
]


def _company_currency(env: Any) -> int | bool:
    company = env.store.get("res.company", env.company_id or 0) or {}
    return company.get("currency_id") or False


class SaleOrder(MailThread):
    _name = "sale.order"
    _description = "Sales Order"
    _order = "date_order desc, id desc"
    _rec_names_search = ("name", "client_order_ref")
    _viewer_fields = (
        "partner_id",
        "state",
        "date_order",
        "validity_date",
        "user_id",
        "order_line",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "opportunity_id",
        "client_order_ref",
        "note",
    )

    name = Char("Order Reference", required=True, default="New", copy=False)
    state = Selection(ORDER_STATES, "Status", readonly=True, default="draft", copy=False)
    partner_id = Many2one("res.partner", "Customer", required=True)
    partner_invoice_id = Many2one("res.partner", "Invoice Address", required=True)
    partner_shipping_id = Many2one("res.partner", "Delivery Address", required=True)
    date_order = Datetime("Order Date", required=True, copy=False, default=lambda env: env.now())
    validity_date = Date(
        "Expiration",
        default=lambda env: (date.today() + timedelta(days=30)).isoformat(),
    )
    commitment_date = Datetime("Delivery Date", copy=False)
    user_id = Many2one("res.users", "Salesperson", default=lambda env: env.uid)
    team_id = Many2one("crm.team", "Sales Team", ondelete="set null")
    company_id = Many2one(
        "res.company", "Company", required=True, default=lambda env: env.company_id or False
    )
    currency_id = Many2one("res.currency", "Currency", readonly=True, default=_company_currency)
    order_line = One2many("sale.order.line", "order_id", "Order Lines", copy=True)
    amount_untaxed = Monetary("Untaxed Amount", compute="_compute_amounts", store=True)
    amount_tax = Monetary("Taxes", compute="_compute_amounts", store=True)
    amount_total = Monetary("Total", compute="_compute_amounts", store=True)
    note = Html("Terms and conditions")
    client_order_ref = Char("Customer Reference", copy=False)
    origin = Char("Source Document")
    opportunity_id = Many2one("crm.lead", "Opportunity", ondelete="set null")
    tag_ids = Many2many("crm.tag", "Tags")
    invoice_status = Selection(INVOICE_STATES, "Invoice Status", readonly=True, default="no")
    require_signature = Boolean("Online signature", default=True)
    require_payment = Boolean("Online payment", default=False)
    locked = Boolean("Locked", default=False, copy=False)

    def _copy_suffix(self) -> bool:
        return False

    def _compute_amounts(self, ids: list[int]) -> None:
        lines_index = self._one2many_index(self._fields["order_line"])
        lines = self.env.store.table("sale.order.line").rows
        for rid in ids:
            if rid not in self._table.rows:
                continue
            members = [lines[i] for i in lines_index.get(rid, ()) if i in lines]
            untaxed = round(sum(line.get("price_subtotal") or 0.0 for line in members), 2)
            tax = round(sum(line.get("price_tax") or 0.0 for line in members), 2)
            amounts = {"amount_untaxed": untaxed, "amount_tax": tax, "amount_total": untaxed + tax}
            row = self._table.rows[rid]
            if any(row.get(k) != v for k, v in amounts.items()):
                self.env.store.update(self._name, rid, amounts)

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        if not vals.get("name") or vals.get("name") == "New":
            vals["name"] = f"S{self.env.store.next_sequence('sale.order'):05d}"
        if "team_id" not in vals:
            # as Odoo does: the salesperson's sales team (led by them or with them in it)
            user = vals.get("user_id") or self.env.uid
            teams = (
                self.env["crm.team"]
                .sudo()
                ._search(["|", ("user_id", "=", user), ("member_ids", "in", [user])], 0, 1, None)
            )
            vals["team_id"] = teams[0] if teams else False
        partner = vals.get("partner_id")
        if partner:
            vals.setdefault("partner_invoice_id", partner)
            vals.setdefault("partner_shipping_id", partner)
            if not vals.get("partner_invoice_id"):
                vals["partner_invoice_id"] = partner
            if not vals.get("partner_shipping_id"):
                vals["partner_shipping_id"] = partner
        return vals

    def _after_create(self, ids: list[int]) -> None:
        self._compute_amounts(ids)

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        if "order_line" in fnames:
            self._compute_amounts(ids)
        if "state" in fnames or "user_id" in fnames:
            SaleOrderLine(self.env.sudo())._sync_from_orders(ids)

    def _states(self) -> dict[int, str]:
        rows = self._table.rows
        return {rid: rows[rid].get("state") or "" for rid in self.ids}

    @rpc
    def action_confirm(self) -> bool:
        wrong = [rid for rid, state in self._states().items() if state not in ("draft", "sent")]
        if wrong:
            names = ", ".join(self._display_names(wrong).values())
            raise UserError(
                f"The following orders are not in a state requiring confirmation: {names}"
            )
        self.write({"state": "sale", "date_order": self.env.now()})
        return True

    @rpc
    def action_quotation_sent(self) -> bool:
        if any(state != "draft" for state in self._states().values()):
            raise UserError("Only draft orders can be marked as sent directly.")
        self.write({"state": "sent"})
        return True

    @rpc
    def action_cancel(self) -> bool:
        if any(self._table.rows[rid].get("locked") for rid in self.ids):
            raise UserError("You cannot cancel a locked order. Please unlock it first.")
        self.write({"state": "cancel"})
        return True

    @rpc
    def action_draft(self) -> bool:
        orders = [rid for rid, state in self._states().items() if state in ("cancel", "sent")]
        self.browse(orders).write({"state": "draft"})
        return True

    def _before_unlink(self, ids: list[int]) -> None:
        rows = self._table.rows
        for rid in ids:
            if rows[rid].get("state") not in ("draft", "cancel"):
                raise UserError(
                    "You can not delete a sent quotation or a confirmed sales order. "
                    "You must first cancel it."
                )


class SaleOrderLine(BaseModel):
    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"
    _viewer_fields = (
        "order_id",
        "product_id",
        "name",
        "product_uom_qty",
        "price_unit",
        "discount",
        "tax_id",
        "price_subtotal",
        "price_total",
    )

    order_id = Many2one("sale.order", "Order Reference", required=True, ondelete="cascade")
    sequence = Integer("Sequence", default=10)
    product_id = Many2one("product.product", "Product", ondelete="restrict")
    name = Text("Description", required=True)
    product_uom_qty = Float("Quantity", default=1.0)
    product_uom = Many2one("uom.uom", "Unit of Measure")
    price_unit = Float("Unit Price", aggregator=None)
    discount = Float("Discount (%)", aggregator=None)
    tax_id = Many2many("account.tax", "Taxes")
    price_subtotal = Monetary("Subtotal", compute="_compute_line", store=True)
    price_tax = Float("Total Tax", compute="_compute_line", store=True)
    price_total = Monetary("Total", compute="_compute_line", store=True)
    display_type = Selection(
        [("line_section", "Section"), ("line_note", "Note")], "Display Type", default=False
    )
    state = Selection(ORDER_STATES, "Order Status", compute="_compute_line", store=True)
    salesman_id = Many2one("res.users", "Salesperson", compute="_compute_line", store=True)
    order_partner_id = Many2one("res.partner", "Customer", compute="_compute_line", store=True)
    currency_id = Many2one(
        "res.currency", "Currency", related="order_id.currency_id", readonly=True
    )
    company_id = Many2one("res.company", "Company", related="order_id.company_id", readonly=True)
    qty_delivered = Float("Delivery Quantity")
    qty_invoiced = Float("Invoiced Quantity", readonly=True)

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        orders = self.env["sale.order"]._display_names(
            sorted({rows[r]["order_id"] for r in ids if rows[r].get("order_id")})
        )
        result = {}
        for rid in ids:
            line_name = (rows[rid].get("name") or "").split("\n")[0]
            result[rid] = f"{orders.get(rows[rid].get('order_id') or 0, '')} - {line_name}"
        return result

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        product = self.env["product.product"].sudo()
        pid = vals.get("product_id")
        if pid and pid in product._table.rows:
            info = product.browse([pid])._read_format(
                ["display_name", "lst_price", "uom_id", "taxes_id", "description_sale"], load=""
            )[0]
            if not vals.get("name"):
                vals["name"] = info["display_name"] + (
                    f"\n{info['description_sale']}" if info["description_sale"] else ""
                )
            if "price_unit" not in vals:
                vals["price_unit"] = info["lst_price"]
            if not vals.get("product_uom"):
                vals["product_uom"] = info["uom_id"] or False
            if "tax_id" not in vals:
                vals["tax_id"] = [(6, 0, info["taxes_id"])]
        return vals

    def _compute_line(self, ids: list[int]) -> None:
        store = self.env.store
        taxes = store.table("account.tax").rows
        orders = store.table("sale.order").rows
        for rid in ids:
            row = store.get(self._name, rid)
            if row is None:
                continue
            qty = row.get("product_uom_qty") or 0.0
            price = (row.get("price_unit") or 0.0) * (1 - (row.get("discount") or 0.0) / 100)
            subtotal = round(qty * price, 2)
            rate = sum(
                taxes[t].get("amount") or 0.0
                for t in row.get("tax_id") or ()
                if t in taxes and taxes[t].get("amount_type") == "percent"
            )
            fixed = sum(
                (taxes[t].get("amount") or 0.0) * qty
                for t in row.get("tax_id") or ()
                if t in taxes and taxes[t].get("amount_type") == "fixed"
            )
            tax = round(subtotal * rate / 100 + fixed, 2)
            order = orders.get(row.get("order_id") or 0, {})
            values = {
                "price_subtotal": subtotal,
                "price_tax": tax,
                "price_total": round(subtotal + tax, 2),
                "state": order.get("state"),
                "salesman_id": order.get("user_id"),
                "order_partner_id": order.get("partner_id"),
            }
            if any(row.get(k) != v for k, v in values.items()):
                store.update(self._name, rid, values)

    def _sync_from_orders(self, order_ids: list[int]) -> None:
        wanted = set(order_ids)
        ids = [rid for rid, row in self._table.rows.items() if row.get("order_id") in wanted]
        self._compute_line(ids)

    def _orders_of(self, rows: list[dict[str, Any]]) -> list[int]:
        return sorted({row["order_id"] for row in rows if row.get("order_id")})

    def _after_create(self, ids: list[int]) -> None:
        self._compute_line(ids)
        rows = [self._table.rows[rid] for rid in ids]
        SaleOrder(self.env.sudo())._compute_amounts(self._orders_of(rows))

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        self._compute_line(ids)
        rows = [self._table.rows[rid] for rid in ids]
        SaleOrder(self.env.sudo())._compute_amounts(self._orders_of(rows))

    def _after_unlink(self, rows: list[dict[str, Any]]) -> None:
        SaleOrder(self.env.sudo())._compute_amounts(self._orders_of(rows))
