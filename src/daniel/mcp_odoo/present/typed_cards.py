"""Typed cards for rows of the business models, whichever tool read them: the same card a
business tool returns (so the page shows a lead, task or order the same way whether it
came from `crm_list_leads` or the generic `odoo_read`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from daniel.mcp_odoo.core.deps import ToolCall
from daniel.mcp_odoo.present.cards import (
    LEAD_FIELDS,
    ORDER_FIELDS,
    PARTNER_FIELDS,
    PRODUCT_FIELDS,
    PROJECT_FIELDS,
    TASK_FIELDS,
    USER_FIELDS,
    Card,
    lead_card,
    order_card,
    partner_card,
    product_card,
    project_card,
    task_card,
    user_card,
)
from daniel.mcp_odoo.toolkit import Kind

#: model → (fields a card needs, the result kind the page renders)
TYPED: dict[str, tuple[list[str], Kind]] = {
    "crm.lead": (LEAD_FIELDS, "leads"),
    "project.task": (TASK_FIELDS, "tasks"),
    "project.project": (PROJECT_FIELDS, "projects"),
    "sale.order": (ORDER_FIELDS, "orders"),
    "res.partner": (PARTNER_FIELDS, "partners"),
    "res.users": (USER_FIELDS, "users"),
    "product.product": (PRODUCT_FIELDS, "records"),
}


async def task_cards(call: ToolCall, rows: list[dict[str, Any]]) -> list[Card]:
    """Cards with assignee and tag names from the caches (no request once warm)."""
    deps = call.deps
    user_ids = {uid for row in rows for uid in row.get("user_ids") or []}
    tag_ids = {tid for row in rows for tid in row.get("tag_ids") or []}
    users, tags = await asyncio.gather(
        deps.user_names.names(call.odoo, user_ids), deps.task_tag_names.names(call.odoo, tag_ids)
    )
    return [task_card(row, call.base_url, users, tags) for row in rows]


async def typed_cards(call: ToolCall, model: str, rows: list[dict[str, Any]]) -> list[Card]:
    """The business card of each row of `model` (read with `TYPED[model]` fields)."""
    base = call.base_url
    if model == "project.task":
        return await task_cards(call, rows)
    if model == "crm.lead":  # amounts in the company currency, as the page shows them
        currency = await call.currency()
        return [{**lead_card(row, base), "currency": currency} for row in rows]
    build = {
        "project.project": project_card,
        "sale.order": order_card,
        "res.partner": partner_card,
        "res.users": user_card,
        "product.product": product_card,
    }[model]
    return [build(row, base) for row in rows]
