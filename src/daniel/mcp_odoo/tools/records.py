"""Generic read of any allowed model, for questions the specific tools do not cover."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.generic_reads import clean_record, default_fields, field_defs
from daniel.mcp_odoo.core.safety import check_domain, check_model, check_order, safe_fields
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import generic_card
from daniel.mcp_odoo.present.i18n import t
from daniel.mcp_odoo.present.typed_cards import TYPED, typed_cards
from daniel.mcp_odoo.toolkit import (
    DEFAULT,
    READ_ONLY,
    LangParam,
    Limit,
    Offset,
    read_result,
    search_page,
)


async def odoo_read(
    deps: ServerDeps,
    model: Annotated[
        str, Field(min_length=3, max_length=100, description="Odoo model, e.g. 'res.partner'.")
    ],
    domain: Annotated[
        list[Any] | None,
        Field(
            description="Odoo domain, e.g. "
            "[['is_company', '=', true], ['city', 'ilike', 'madrid']]."
        ),
    ] = None,
    fields: Annotated[
        list[str] | None,
        Field(max_length=60, description="Fields to return (default: a readable set)."),
    ] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    order: Annotated[str | None, Field(description="e.g. 'create_date desc, name'.")] = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Read records of an allowed Odoo model with a domain (credential fields are never
    returned; binary fields come back as a size)."""
    call = deps.call(lang)
    check_model(model, deps.config.allowed_models, call.lang)
    checked_domain = check_domain(domain, call.lang)
    checked_order = check_order(order, call.lang)
    wanted = safe_fields(fields, call.lang) if fields else None
    defs = await field_defs(call.odoo, model)
    if wanted is not None:
        unknown = [name for name in wanted if name not in defs]
        if unknown:
            known = ", ".join(sorted(defs)[:40])
            problem = f"unknown field(s) {', '.join(unknown)} on {model}; some fields: {known}"
            raise ToolError(t(call.lang, "bad_value", param="fields", problem=problem))
    typed = TYPED.get(model) if wanted is None else None
    read_fields = wanted or (typed[0] if typed else default_fields(model, defs))
    rows, count = await search_page(
        call,
        model,
        checked_domain,
        read_fields,
        limit=limit,
        offset=offset,
        order=checked_order,
    )
    if typed is not None:  # the same cards as the business tools give
        cards = await typed_cards(call, model, rows)
        kind = typed[1]
    else:
        cards = [generic_card(model, clean_record(row, defs), call.base_url) for row in rows]
        kind = "records"
    return read_result(call, kind=kind, what="records", cards=cards, count=count, offset=offset)


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    mcp.tool(annotations=READ_ONLY, tags={"records"})(partial(odoo_read, deps))
