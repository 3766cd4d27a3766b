"""Generic figures and name lists of any allowed model, under the same safety checks as
`odoo_read`: counts, sums, averages, minima and maxima grouped by fields (one
`read_group` call), and compact id/name lists for name matching and speech vocabularies.

The understanding engine answers "how many", "how much", "which stage has the most" and
"top customer this year" with one `odoo_aggregate` call each.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.generic_reads import field_defs
from daniel.mcp_odoo.core.safety import check_domain, check_model, safe_fields
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import Card, base_card
from daniel.mcp_odoo.present.i18n import t
from daniel.mcp_odoo.present.text import encode_content
from daniel.mcp_odoo.toolkit import READ_ONLY, LangParam

MAX_NAMES = 5000
MAX_GROUPS = 500
_MEASURE = re.compile(r"^([a-z_][a-z0-9_]*):(sum|avg|max|min|count_distinct)$")
_GROUP = re.compile(r"^([a-z_][a-z0-9_]*)(?::(day|week|month|quarter|year))?$")
_NUMERIC = frozenset({"integer", "float", "monetary"})


def _key_value(value: Any) -> Any:
    """A group's value: many2one `[id, name]` → `{"id", "name"}`; others as they come."""
    if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], int):
        return {"id": value[0], "name": str(value[1])}
    return value


def _check_specs(
    model: str, defs: dict[str, Any], group_by: list[str], measures: list[str], lang: Any
) -> None:
    for spec in group_by:
        match = _GROUP.match(spec)
        if not match or match.group(1) not in defs:
            problem = f"'{spec}' is not a field of {model} (use 'field' or 'date_field:month')"
            raise ToolError(t(lang, "bad_value", param="group_by", problem=problem))
    for spec in measures:
        match = _MEASURE.match(spec)
        if not match or match.group(1) not in defs:
            problem = f"'{spec}' is not 'field:sum|avg|max|min|count_distinct' of {model}"
            raise ToolError(t(lang, "bad_value", param="measures", problem=problem))
        kind = defs[match.group(1)].get("type")
        if match.group(2) != "count_distinct" and kind not in _NUMERIC:
            problem = f"'{match.group(1)}' is not a number field"
            raise ToolError(t(lang, "bad_value", param="measures", problem=problem))
    safe_fields([spec.split(":")[0] for spec in [*group_by, *measures]], lang)


_WHAT: dict[str, tuple[str, str]] = {
    "crm.lead": ("oportunidades y leads", "leads and opportunities"),
    "project.task": ("tareas", "tasks"),
    "project.project": ("proyectos", "projects"),
    "sale.order": ("pedidos y presupuestos", "orders and quotations"),
    "sale.order.line": ("líneas de pedido", "order lines"),
    "res.partner": ("contactos", "contacts"),
    "res.users": ("usuarios", "users"),
    "product.product": ("productos", "products"),
}


def _summary(lang: Lang, model: str, total: int, cards: list[Card]) -> str:
    """ "43 oportunidades y leads: Nuevo 14, Propuesta 11…" — human words, no model names."""
    pair = _WHAT.get(model, ("registros", "records"))
    text = f"{total} {pair[0] if lang == 'es' else pair[1]}"
    if cards:
        shown = ", ".join(f"{card['name']} {card['count']}" for card in cards[:5])
        text += f": {shown}" + ("…" if len(cards) > 5 else "")
    return text


async def odoo_aggregate(
    deps: ServerDeps,
    model: Annotated[
        str, Field(min_length=3, max_length=100, description="Odoo model, e.g. 'crm.lead'.")
    ],
    domain: Annotated[
        list[Any] | None,
        Field(description="Odoo domain of the records to aggregate."),
    ] = None,
    group_by: Annotated[
        list[str] | None,
        Field(
            max_length=2,
            description="Up to two fields to group by; dates take a granularity, e.g. "
            "['stage_id'] or ['date_order:month']; a date group also gives its 'range' "
            "(from, to: the first day and the day after). None: one total over the domain.",
        ),
    ] = None,
    measures: Annotated[
        list[str] | None,
        Field(
            max_length=6,
            description="Aggregates as 'field:sum|avg|max|min|count_distinct', e.g. "
            "['expected_revenue:sum']. Every group always has its record count.",
        ),
    ] = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Count and total records of an allowed model, optionally grouped (one read_group):
    how many, how much, the average, per stage / salesperson / customer / month."""
    call = deps.call(lang)
    check_model(model, deps.config.allowed_models, call.lang)
    checked = check_domain(domain, call.lang)
    groups_wanted = list(group_by or [])
    measures_wanted = list(measures or [])
    defs = await field_defs(call.odoo, model)
    _check_specs(model, defs, groups_wanted, measures_wanted, call.lang)
    rows = await call.odoo.read_group(
        model,
        checked,
        measures_wanted or ["__count"],
        groups_wanted,
        lazy=False,
    )
    groups: list[dict[str, Any]] = []
    cards: list[Card] = []
    first = groups_wanted[0] if groups_wanted else None
    relation = defs.get(first or "", {}).get("relation") if first else None
    measured = measures_wanted[0].split(":")[0] if measures_wanted else ""
    is_money = defs.get(measured, {}).get("type") == "monetary"
    money = await call.currency() if is_money else None
    for row in rows:
        values = {}
        for spec in measures_wanted:
            name, _, _agg = spec.partition(":")
            raw = row.get(spec, row.get(name))
            values[spec] = raw if isinstance(raw, int | float) else 0
        key = {spec: _key_value(row.get(spec)) for spec in groups_wanted}
        count = int(row.get("__count") or 0)
        group: dict[str, Any] = {"key": key, "count": count, "values": values}
        ranges = row.get("__range")
        if isinstance(ranges, dict) and ranges:
            # Odoo's label of a date group is in the Odoo user's language ("July 2026");
            # its bounds let a client say the period in its own
            group["range"] = {spec: ranges[spec] for spec in groups_wanted if spec in ranges}
        groups.append(group)
        value = key.get(first) if first else None
        if isinstance(value, dict) and isinstance(relation, str):
            card = base_card(relation, value, call.base_url)
            card["count"] = count
            if measures_wanted:
                card["amount"] = values[measures_wanted[0]]
                if money:
                    card["currency"] = money
            cards.append(card)
    total = sum(group["count"] for group in groups)
    summary = _summary(call.lang, model, total, cards)
    data = {
        "summary": summary,
        "kind": "summary",
        "records": cards,
        "count": total,
        "groups": groups,
        "has_more": len(rows) >= MAX_GROUPS,
    }
    return encode_content(summary, data)


async def odoo_names(
    deps: ServerDeps,
    model: Annotated[
        str, Field(min_length=3, max_length=100, description="Odoo model, e.g. 'res.partner'.")
    ],
    domain: Annotated[list[Any] | None, Field(description="Odoo domain.")] = None,
    fields: Annotated[
        list[str] | None,
        Field(max_length=8, description="Extra short fields to return beside id and name."),
    ] = None,
    limit: Annotated[
        int, Field(ge=1, le=MAX_NAMES, description="At most this many rows (up to 5000).")
    ] = 1000,
    lang: LangParam = None,
) -> ToolOutput:
    """Ids and names (plus a few short fields) of many records of an allowed model, as
    compact rows, for name matching and speech vocabularies."""
    call = deps.call(lang)
    check_model(model, deps.config.allowed_models, call.lang)
    checked = check_domain(domain, call.lang)
    extra = safe_fields(fields or [], call.lang)
    defs = await field_defs(call.odoo, model)
    unknown = [name for name in extra if name not in defs]
    if unknown:
        problem = f"unknown field(s) {', '.join(unknown)} on {model}"
        raise ToolError(t(call.lang, "bad_value", param="fields", problem=problem))
    wanted = ["display_name" if "display_name" in defs else "name", *extra]
    rows = await call.odoo.search_read(model, checked, wanted, limit=limit, order="id")
    names = []
    for row in rows:
        item: dict[str, Any] = {"id": row["id"], "name": row.get(wanted[0]) or ""}
        for name in extra:
            item[name] = _key_value(row.get(name))
        names.append(item)
    summary = _summary(call.lang, model, len(names), [])
    data = {
        "summary": summary,
        "kind": "records",
        "records": [],
        "count": len(names),
        "names": names,
        "has_more": len(names) >= limit,
    }
    return encode_content(summary, data)


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        odoo_aggregate,
        odoo_names,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"records"})(partial(tool, deps))
