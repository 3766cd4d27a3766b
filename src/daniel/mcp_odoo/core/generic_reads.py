"""Generic, safe reads of any allowed model (the `odoo_read` tool and the resources).

Fields come from `fields_get` (cached by the client): credential fields are never read,
binary fields become size references, and when no fields are asked for, a readable
default set is used (reading *all* fields is slow and even fails on some models).
"""

from __future__ import annotations

from typing import Any

from daniel.mcp_odoo.core.gateway import OdooCalls
from daniel.mcp_odoo.core.safety import is_denied, sanitize
from daniel.mcp_odoo.present.cards import (
    LEAD_FIELDS,
    ORDER_FIELDS,
    ORDER_LINE_FIELDS,
    PARTNER_FIELDS,
    PRODUCT_FIELDS,
    PROJECT_FIELDS,
    STAGE_FIELDS,
    TASK_FIELDS,
    TASK_STAGE_FIELDS,
    USER_FIELDS,
)

DEFAULT_FIELDS: dict[str, list[str]] = {
    "crm.lead": LEAD_FIELDS,
    "project.task": TASK_FIELDS,
    "project.project": PROJECT_FIELDS,
    "sale.order": ORDER_FIELDS,
    "sale.order.line": ORDER_LINE_FIELDS,
    "res.partner": PARTNER_FIELDS,
    "res.users": USER_FIELDS,
    "product.product": PRODUCT_FIELDS,
    "crm.stage": STAGE_FIELDS,
    "project.task.type": TASK_STAGE_FIELDS,
    "crm.tag": ["name"],
    "project.tags": ["name"],
    "res.company": ["name", "email", "phone", "currency_id", "country_id"],
}
_SKIPPED_TYPES = frozenset({"one2many", "binary", "properties", "properties_definition", "json"})
_MAX_DEFAULT = 25
_MAX_TEXT = 2000


def safe_field_defs(fields: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`fields_get` output without credential fields."""
    return {name: spec for name, spec in fields.items() if not is_denied(name)}


def default_fields(
    model: str, fields: dict[str, dict[str, Any]], *, full: bool = False
) -> list[str]:
    """The fields read when the caller names none (`full`: every safe stored field)."""
    if not full and model in DEFAULT_FIELDS:
        return [f for f in DEFAULT_FIELDS[model] if f in fields] or ["display_name"]
    chosen = [
        name
        for name, spec in fields.items()
        if not is_denied(name)
        and spec.get("type") not in _SKIPPED_TYPES
        and spec.get("store", True)
        and (full or spec.get("type") != "many2many")
    ]
    return chosen if full else chosen[:_MAX_DEFAULT]


def clean_record(record: dict[str, Any], fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    types = {name: str(spec.get("type")) for name, spec in fields.items()}
    clean = sanitize(record, types)
    for name, value in clean.items():
        if isinstance(value, str) and len(value) > _MAX_TEXT:
            clean[name] = value[:_MAX_TEXT] + "…"
    return clean


async def field_defs(calls: OdooCalls, model: str) -> dict[str, dict[str, Any]]:
    return safe_field_defs(await calls.fields_get(model))
