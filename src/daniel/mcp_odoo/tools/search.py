"""Free-text search across the business, and names to ids for voice users."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.resolve import KIND_GROUPS, accent_pattern, find
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import (
    LEAD_FIELDS,
    ORDER_FIELDS,
    PARTNER_FIELDS,
    PRODUCT_FIELDS,
    PROJECT_FIELDS,
    Card,
    Record,
    base_card,
    lead_card,
    m2o_name,
    order_card,
    partner_card,
    product_card,
    project_card,
)
from daniel.mcp_odoo.present.i18n import join_names, noun, t
from daniel.mcp_odoo.present.text import fold, like_text
from daniel.mcp_odoo.toolkit import READ_ONLY, LangParam, read_result

Area = Literal["partners", "leads", "tasks", "projects", "orders", "products"]
ResolveKind = Literal[
    "partner", "customer", "user", "person", "lead", "project", "task", "order", "product", "stage"
]


@dataclass(frozen=True)
class Area_:
    model: str
    noun: str
    fields: list[str]
    search: tuple[str, ...]
    card: Callable[[Record, str], Card]


def _task_card(record: Record, base_url: str) -> Card:
    card = base_card("project.task", record, base_url)
    card.update(project=m2o_name(record.get("project_id")), stage=m2o_name(record.get("stage_id")))
    return card


AREAS: dict[str, Area_] = {
    "partners": Area_(
        "res.partner", "partner", PARTNER_FIELDS, ("name", "email", "ref"), partner_card
    ),
    "leads": Area_(
        "crm.lead",
        "lead",
        LEAD_FIELDS,
        ("name", "partner_name", "email_from", "contact_name"),
        lead_card,
    ),
    "tasks": Area_(
        "project.task", "task", ["name", "project_id", "stage_id"], ("name",), _task_card
    ),
    "projects": Area_("project.project", "project", PROJECT_FIELDS, ("name",), project_card),
    "orders": Area_("sale.order", "order", ORDER_FIELDS, ("name", "client_order_ref"), order_card),
    "products": Area_(
        "product.product", "product", PRODUCT_FIELDS, ("name", "default_code"), product_card
    ),
}
_BY_MODEL = {area.model: key for key, area in AREAS.items()}


async def _search_area(
    call: ToolCall, area: Area_, text: str, limit: int, accent: bool
) -> list[Card]:
    if accent:
        domain: list[Any] = [["name", "=ilike", accent_pattern(text)]]
    else:
        leaves = [[f, "ilike", like_text(text)] for f in area.search]
        domain = ["|"] * (len(leaves) - 1) + leaves
    rows = await call.odoo.search_read(
        area.model, domain, area.fields, limit=limit * 4 if accent else limit
    )
    if accent:
        want = fold(text)
        rows = [r for r in rows if want in fold(str(r.get("name") or ""))][:limit]
    return [area.card(row, call.base_url) for row in rows]


async def search_records(
    deps: ServerDeps,
    text: Annotated[str, Field(min_length=1, max_length=200, description="What to look for.")],
    models: Annotated[
        list[Area] | None,
        Field(
            description="Where to look (default everywhere): partners, leads, tasks, "
            "projects, orders, products."
        ),
    ] = None,
    limit: Annotated[int, Field(ge=1, le=20, description="Most results per area.")] = 5,
    lang: LangParam = None,
) -> ToolOutput:
    """Search names, references and emails across contacts, leads, tasks, projects, orders
    and products at once."""
    call = deps.call(lang)
    keys = list(dict.fromkeys(models or AREAS.keys()))
    query = text.strip()
    found = await asyncio.gather(*(_search_area(call, AREAS[k], query, limit, False) for k in keys))
    if not any(found):
        found = await asyncio.gather(
            *(_search_area(call, AREAS[k], query, limit, True) for k in keys)
        )
    cards = [card for group in found for card in group]
    per_area = {AREAS[k].model: len(group) for k, group in zip(keys, found, strict=True)}
    parts = [
        f"{n} {noun(call.lang, AREAS[_BY_MODEL[m]].noun, plural=n != 1)}"
        for m, n in per_area.items()
        if n
    ]
    summary = t(call.lang, "search_hits", text=query, count=len(cards))
    summary += (": " + join_names(parts, call.lang) + ".") if parts else "."
    return read_result(
        call,
        kind="records",
        what="records",
        cards=cards,
        count=len(cards),
        summary=summary,
        extra={"by_model": per_area},
    )


async def resolve_name(
    deps: ServerDeps,
    text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            description="A name as said: 'Maria', 'the Acme deal'.",
        ),
    ],
    kind: Annotated[
        ResolveKind | None,
        Field(
            description="What it names: partner, customer, user, person, lead, project, "
            "task, order, product or stage. Default: anything."
        ),
    ] = None,
    limit: Annotated[int, Field(ge=1, le=20, description="Most candidates.")] = 8,
    lang: LangParam = None,
) -> ToolOutput:
    """Turn a spoken name into ranked candidates with ids, each saying why it matched
    (exact, prefix, ilike, accent-insensitive, email, customer...)."""
    call = deps.call(lang)
    if kind is None:
        kinds: tuple[str, ...] = (
            "partner",
            "user",
            "lead",
            "project",
            "task",
            "order",
            "product",
        )
    else:
        kinds = KIND_GROUPS.get(kind, (kind,))
    candidates = await find(call.odoo, kinds, text, limit=limit)
    cards = [c.as_dict(call.base_url) for c in candidates]
    if cards:
        shown = [
            f"{c['name']} ({noun(call.lang, c['kind'])} {c['id']}, {c['match']})" for c in cards[:3]
        ]
        summary = f"«{text.strip()}»: " + join_names(shown, call.lang) + "."
    else:
        summary = t(
            call.lang,
            "not_found_name",
            kind=noun(call.lang, kind or "record"),
            text=text.strip(),
        )
    return read_result(
        call, kind="records", what="candidates", cards=cards, count=len(cards), summary=summary
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        search_records,
        resolve_name,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"search"})(partial(tool, deps))
