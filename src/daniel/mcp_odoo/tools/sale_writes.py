"""Sales writes: create a quotation, confirm it."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any

from pydantic import BaseModel, Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.landed import Step
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import ORDER_FIELDS, m2o_name, order_card
from daniel.mcp_odoo.present.i18n import fmt_amount, label, order_state, t
from daniel.mcp_odoo.toolkit import (
    WRITE,
    IdempotencyKey,
    LangParam,
    NameOrId,
    RecordId,
    WriteTarget,
    change,
    plain_cards,
    read_one,
    start_write,
)


class QuoteLine(BaseModel):
    """One line of a quotation."""

    product: NameOrId = Field(description="Product: name, internal reference or id.")
    quantity: float = Field(1.0, gt=0, le=1_000_000, description="Quantity (default 1).")
    price_unit: float | None = Field(
        None, ge=0, description="Unit price; default: the product's sales price."
    )


ORDERS = WriteTarget("sale.order", ORDER_FIELDS, plain_cards(order_card))


async def sale_create_quotation(
    deps: ServerDeps,
    customer: Annotated[NameOrId, Field(description="Customer: name or id.")],
    lines: Annotated[
        list[QuoteLine], Field(min_length=1, max_length=50, description="Products to quote.")
    ],
    note: Annotated[str | None, Field(max_length=5000, description="Terms or a note.")] = None,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Create a quotation (draft sales order) for a customer."""
    call = start_write(deps, "sale_create_quotation", lang)
    found = await asyncio.gather(
        call.resolve("customer", customer),
        *(call.resolve("product", line.product) for line in lines),
    )
    partner_id, partner = found[0]
    products = found[1:]
    prices = await call.odoo.read("product.product", [p[0] for p in products], ["list_price"])
    list_price = {int(row["id"]): float(row.get("list_price") or 0.0) for row in prices}
    order_lines: list[Any] = []
    shown: list[str] = []
    total = 0.0
    for line, (product_id, product_name) in zip(lines, products, strict=True):
        values_line: dict[str, Any] = {
            "product_id": product_id,
            "product_uom_qty": line.quantity,
        }
        price = line.price_unit if line.price_unit is not None else list_price.get(product_id, 0.0)
        if line.price_unit is not None:
            values_line["price_unit"] = line.price_unit
        total += price * line.quantity
        order_lines.append([0, 0, values_line])
        qty = f"{line.quantity:g}"
        shown.append(t(call.lang, "quote_line", qty=qty, product=product_name))
    values: dict[str, Any] = {"partner_id": partner_id, "order_line": order_lines}
    if note:
        values["note"] = note
    changes = [
        change("partner_id", label(call.lang, "partner_id"), None, partner),
        change("order_line", label(call.lang, "order_line"), None, shown),
    ]
    if note:
        changes.append(change("note", label(call.lang, "note"), None, note))
    details = t(call.lang, "about", amount=fmt_amount(total, call.lang, await call.currency()))
    summary = t(
        call.lang, "create_quote", customer=partner, lines=", ".join(shown), details=details
    )
    return await ORDERS.create(
        call,
        tool="sale_create_quotation",
        values=values,
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def sale_confirm_quotation(
    deps: ServerDeps,
    order_id: RecordId,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Confirm a quotation: it becomes a sales order."""
    call = start_write(deps, "sale_confirm_quotation", lang)
    row = await read_one(call, ORDERS.model, "order", order_id, ORDER_FIELDS)
    if row.get("state") not in {"draft", "sent"}:
        state = order_state(call.lang, row.get("state"))
        raise ToolError(t(call.lang, "order_not_draft", name=row.get("name"), state=state))
    amount = fmt_amount(row.get("amount_total"), call.lang, m2o_name(row.get("currency_id")))
    summary = t(call.lang, "confirm_quote", name=row.get("name"), amount=amount)
    changes = [
        change(
            "state",
            label(call.lang, "state"),
            order_state(call.lang, row.get("state")),
            order_state(call.lang, "sale"),
        )
    ]

    return await ORDERS.submit(
        call,
        tool="sale_confirm_quotation",
        ids=[order_id],
        values={"state": "sale"},
        changes=changes,
        summary=summary,
        run=Step(ORDERS.model, order_id, {"state": "sale"}, method="action_confirm"),
        idempotency_key=idempotency_key,
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        sale_create_quotation,
        sale_confirm_quotation,
    ):
        mcp.tool(annotations=WRITE, tags={"sales", "write"})(partial(tool, deps))
