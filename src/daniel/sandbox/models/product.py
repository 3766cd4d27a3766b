"""Products: categories, templates and variants (product.product `_inherits` the template)."""

from __future__ import annotations

from typing import Any, ClassVar

from daniel.sandbox.exceptions import ValidationError
from daniel.sandbox.orm.fields import (
    Boolean,
    Char,
    Float,
    Many2many,
    Many2one,
    One2many,
    Selection,
    Text,
)
from daniel.sandbox.orm.model import BaseModel

PRODUCT_TYPES = [("consu", "Goods"), ("service", "Service"), ("combo", "Combo")]


class ProductCategory(BaseModel):
    _name = "product.category"
    _description = "Product Category"
    _order = "complete_name"
    _rec_name = "complete_name"
    _parent_name = "parent_id"
    _recursion_message = "You cannot create recursive categories."

    name = Char("Name", required=True, translate=True)
    complete_name = Char("Complete Name", compute="_compute_complete_name", store=True)
    parent_id = Many2one("product.category", "Parent Category", ondelete="cascade")
    child_id = One2many("product.category", "parent_id", "Child Categories")

    def _recompute(self, ids: list[int]) -> None:
        rows = self._table.rows
        todo = list(ids)
        while todo:
            rid = todo.pop()
            names: list[str] = []
            current: Any = rid
            hops = 0
            while current and current in rows and hops < 50:
                names.append(rows[current].get("name") or "")
                current, hops = rows[current].get("parent_id"), hops + 1
            complete = " / ".join(reversed(names))
            if rows[rid].get("complete_name") != complete:
                self.env.store.update(self._name, rid, {"complete_name": complete})
            todo.extend(self._one2many_index(self._fields["child_id"]).get(rid, ()))

    def _after_create(self, ids: list[int]) -> None:
        self._recompute(ids)

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        if fnames & {"name", "parent_id"}:
            self._recompute(ids)

    def _check_constraints(self, ids: list[int], fnames: set[str]) -> None:
        rows = self._table.rows
        for rid in ids:
            seen, current = set(), rows[rid].get("parent_id")
            while current:
                if current == rid or current in seen:
                    raise ValidationError(self._recursion_message)
                seen.add(current)
                current = rows.get(current, {}).get("parent_id")


class ProductTemplate(BaseModel):
    _name = "product.template"
    _description = "Product"
    _order = "name, id"
    _rec_names_search = ("name", "default_code")

    name = Char("Name", required=True, translate=True)
    default_code = Char("Internal Reference")
    description_sale = Text("Sales Description", translate=True)
    type = Selection(PRODUCT_TYPES, "Product Type", required=True, default="consu")
    list_price = Float("Sales Price", default=1.0, aggregator=None)
    standard_price = Float("Cost", aggregator=None)
    categ_id = Many2one("product.category", "Product Category")
    uom_id = Many2one("uom.uom", "Unit of Measure")
    taxes_id = Many2many("account.tax", "Sales Taxes")
    sale_ok = Boolean("Can be Sold", default=True)
    purchase_ok = Boolean("Can be Purchased", default=True)
    active = Boolean("Active", default=True)
    barcode = Char("Barcode")
    product_variant_ids = One2many("product.product", "product_tmpl_id", "Products")
    company_id = Many2one("res.company", "Company")

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {
            rid: (f"[{rows[rid]['default_code']}] " if rows[rid].get("default_code") else "")
            + (rows[rid].get("name") or "")
            for rid in ids
        }


class ProductProduct(BaseModel):
    _name = "product.product"
    _description = "Product Variant"
    _order = "default_code, name, id"
    _inherits: ClassVar[dict[str, str]] = {"product.template": "product_tmpl_id"}
    _rec_names_search = ("name", "default_code", "barcode")
    _viewer_fields = (
        "default_code",
        "type",
        "categ_id",
        "lst_price",
        "standard_price",
        "uom_id",
        "taxes_id",
        "sale_ok",
        "description_sale",
    )

    product_tmpl_id = Many2one(
        "product.template", "Product Template", required=True, ondelete="cascade"
    )
    active = Boolean("Active", default=True)
    name = Char("Name", related="product_tmpl_id.name", readonly=False)
    default_code = Char(
        "Internal Reference", related="product_tmpl_id.default_code", readonly=False
    )
    barcode = Char("Barcode", related="product_tmpl_id.barcode", readonly=False)
    type = Selection(PRODUCT_TYPES, "Product Type", related="product_tmpl_id.type", readonly=False)
    list_price = Float("Sales Price", related="product_tmpl_id.list_price", readonly=False)
    lst_price = Float("Sales Price", related="product_tmpl_id.list_price", readonly=False)
    standard_price = Float("Cost", related="product_tmpl_id.standard_price", readonly=False)
    categ_id = Many2one(
        "product.category", "Product Category", related="product_tmpl_id.categ_id", readonly=False
    )
    uom_id = Many2one(
        "uom.uom", "Unit of Measure", related="product_tmpl_id.uom_id", readonly=False
    )
    taxes_id = Many2many(
        "account.tax", "Sales Taxes", related="product_tmpl_id.taxes_id", readonly=False
    )
    sale_ok = Boolean("Can be Sold", related="product_tmpl_id.sale_ok", readonly=False)
    description_sale = Text(
        "Sales Description", related="product_tmpl_id.description_sale", readonly=False
    )

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        templates = self.env["product.template"]
        tmpl_ids = [rows[rid]["product_tmpl_id"] for rid in ids]
        names = templates._compute_display_name(tmpl_ids)
        return {rid: names[rows[rid]["product_tmpl_id"]] for rid in ids}
