"""Odoo records as the cards the avatar server and the browser render.

A card is `{"model", "id", "name", "url", ...a few display fields}`; many2one values
become the related record's name, dates stay ISO (`YYYY-MM-DD`), amounts stay numbers.
Each model has the field list a list tool reads (one `search_read`) and a card builder.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from daniel.mcp_odoo.present.text import odoo_form_url

Record = Mapping[str, Any]
Card = dict[str, Any]

LEAD_FIELDS = [
    "name",
    "partner_id",
    "partner_name",
    "contact_name",
    "user_id",
    "stage_id",
    "expected_revenue",
    "probability",
    "date_deadline",
    "type",
    "email_from",
    "phone",
    "priority",
    "active",
]
TASK_FIELDS = [
    "name",
    "project_id",
    "stage_id",
    "user_ids",
    "date_deadline",
    "priority",
    "state",
    "tag_ids",
    "partner_id",
]
PROJECT_FIELDS = ["name", "user_id", "partner_id", "task_count", "date_start", "date"]
ORDER_FIELDS = [
    "name",
    "partner_id",
    "user_id",
    "state",
    "amount_total",
    "amount_untaxed",
    "currency_id",
    "date_order",
    "validity_date",
]
ORDER_LINE_FIELDS = [
    "order_id",
    "product_id",
    "name",
    "product_uom_qty",
    "price_unit",
    "price_subtotal",
    "display_type",
]
PARTNER_FIELDS = ["name", "email", "phone", "city", "is_company", "parent_id"]
USER_FIELDS = ["name", "login", "email", "company_id"]
PRODUCT_FIELDS = ["name", "default_code", "list_price"]
STAGE_FIELDS = ["name", "sequence", "is_won", "fold"]
TASK_STAGE_FIELDS = ["name", "sequence", "fold"]


def m2o_name(value: Any) -> str | None:
    """`[7, "Ana García"]` → "Ana García"; `False` → None."""
    if isinstance(value, list | tuple) and len(value) >= 2:
        return str(value[1])
    return None


def m2o_id(value: Any) -> int | None:
    if isinstance(value, list | tuple) and value:
        return int(value[0])
    if isinstance(value, int) and not isinstance(value, bool) and value:
        return value
    return None


def text_or_none(value: Any) -> Any:
    """Odoo sends `False` for empty char/date/selection values."""
    return None if value is False else value


def day(value: Any) -> str | None:
    """ "2026-11-27 17:00:00" → "2026-11-27"."""
    return str(value)[:10] if value else None


def base_card(model: str, record: Record, base_url: str, name: str | None = None) -> Card:
    record_id = int(record["id"])
    shown = name or text_or_none(record.get("name")) or text_or_none(record.get("display_name"))
    return {
        "model": model,
        "id": record_id,
        "name": shown or f"{model} {record_id}",
        "url": odoo_form_url(base_url, model, record_id),
    }


def lead_status(record: Record) -> str:
    """open, won or lost, the way Odoo 18 decides it (archived at 0 % is lost)."""
    if record.get("active") is False:
        return "lost"
    if float(record.get("probability") or 0) >= 100:
        return "won"
    return "open"


def lead_card(record: Record, base_url: str) -> Card:
    card = base_card("crm.lead", record, base_url)
    card.update(
        stage=m2o_name(record.get("stage_id")),
        customer=m2o_name(record.get("partner_id")) or text_or_none(record.get("partner_name")),
        salesperson=m2o_name(record.get("user_id")),
        expected_revenue=float(record.get("expected_revenue") or 0.0),
        probability=float(record.get("probability") or 0.0),
        deadline=day(record.get("date_deadline")),
        type=text_or_none(record.get("type")),
        status=lead_status(record),
        email=text_or_none(record.get("email_from")),
        phone=text_or_none(record.get("phone")),
    )
    return card


def task_card(
    record: Record, base_url: str, users: Mapping[int, str], tags: Mapping[int, str]
) -> Card:
    card = base_card("project.task", record, base_url)
    card.update(
        project=m2o_name(record.get("project_id")),
        stage=m2o_name(record.get("stage_id")),
        assignees=[users.get(uid, f"#{uid}") for uid in record.get("user_ids") or []],
        deadline=day(record.get("date_deadline")),
        priority="high" if str(record.get("priority") or "0") != "0" else "normal",
        state=text_or_none(record.get("state")),
        tags=[tags.get(tid, f"#{tid}") for tid in record.get("tag_ids") or []],
        customer=m2o_name(record.get("partner_id")),
    )
    return card


def project_card(record: Record, base_url: str) -> Card:
    card = base_card("project.project", record, base_url)
    card.update(
        manager=m2o_name(record.get("user_id")),
        customer=m2o_name(record.get("partner_id")),
        task_count=int(record.get("task_count") or 0),
        start=day(record.get("date_start")),
        end=day(record.get("date")),
    )
    return card


def order_card(record: Record, base_url: str) -> Card:
    card = base_card("sale.order", record, base_url)
    card.update(
        customer=m2o_name(record.get("partner_id")),
        salesperson=m2o_name(record.get("user_id")),
        state=text_or_none(record.get("state")),
        amount_total=float(record.get("amount_total") or 0.0),
        amount_untaxed=float(record.get("amount_untaxed") or 0.0),
        currency=m2o_name(record.get("currency_id")),
        date=day(record.get("date_order")),
    )
    return card


def order_line_card(record: Record) -> Card:
    return {
        "id": int(record["id"]),
        "product": m2o_name(record.get("product_id")),
        "description": text_or_none(record.get("name")),
        "quantity": float(record.get("product_uom_qty") or 0.0),
        "price_unit": float(record.get("price_unit") or 0.0),
        "subtotal": float(record.get("price_subtotal") or 0.0),
    }


def partner_card(record: Record, base_url: str) -> Card:
    card = base_card("res.partner", record, base_url)
    card.update(
        email=text_or_none(record.get("email")),
        phone=text_or_none(record.get("phone")),
        city=text_or_none(record.get("city")),
        is_company=bool(record.get("is_company")),
        company=m2o_name(record.get("parent_id")),
    )
    return card


def user_card(record: Record, base_url: str) -> Card:
    card = base_card("res.users", record, base_url)
    card.update(
        login=text_or_none(record.get("login")),
        email=text_or_none(record.get("email")),
        company=m2o_name(record.get("company_id")),
    )
    return card


def product_card(record: Record, base_url: str) -> Card:
    card = base_card("product.product", record, base_url)
    card.update(
        reference=text_or_none(record.get("default_code")),
        price=float(record.get("list_price") or 0.0),
    )
    return card


def stage_card(model: str, record: Record, base_url: str) -> Card:
    card = base_card(model, record, base_url)
    card.update(sequence=record.get("sequence"), folded=bool(record.get("fold")))
    if "is_won" in record:
        card["is_won"] = bool(record.get("is_won"))
    return card


def generic_card(model: str, record: Record, base_url: str) -> Card:
    """Any allowed model: the card basics plus the (already sanitized) values read."""
    card = base_card(model, record, base_url)
    for name, value in record.items():
        if name in {"id", "name", "display_name"}:
            continue
        card[name] = m2o_name(value) if _is_m2o(value) else text_or_none(value)
    return card


def _is_m2o(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    )
