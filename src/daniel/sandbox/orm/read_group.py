"""`read_group` with Odoo 17/18's result format.

Rows carry the group values (many2one `[id, name]`, dates as labels such as
"September 2026"), `<field>_count` when lazy (else `__count`), the aggregates, `__domain`
(the search domain AND the group's own leaves), `__context` for the remaining groupbys
when lazy, and `__range` for date groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from daniel.sandbox.orm import domain as dom
from daniel.sandbox.orm.ordering import collate, parse
from daniel.sandbox.orm.read import field_values

if TYPE_CHECKING:
    from daniel.sandbox.orm.fields import Field
    from daniel.sandbox.orm.model import BaseModel

GRANULARITIES = ("day", "week", "month", "quarter", "year")
AGGREGATES = frozenset(
    {"sum", "avg", "max", "min", "count", "count_distinct", "bool_and", "bool_or", "array_agg"}
)
_SPEC = re.compile(r"^(\w+)(?::(\w+)(?:\((\w+)\))?)?$")
_MONTHS = {
    "en_US": "January February March April May June July August September October November "
    "December",
    "es_ES": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
_SHORT = {
    "en_US": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "es_ES": "ene feb mar abr may jun jul ago sept oct nov dic",
}


class GroupBy:
    def __init__(self, model: BaseModel, spec: Any) -> None:
        if not isinstance(spec, str):
            raise ValueError(f"Invalid groupby {spec!r}")
        self.spec = spec
        name, _, granularity = spec.partition(":")
        field = model._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
        if not field.groupable:
            raise ValueError(
                f"Field {field!r} is not a stored field, only stored fields (regular or "
                "many2many) are valid for the 'groupby' parameter"
            )
        if field.type in ("date", "datetime"):
            granularity = granularity or "month"
            if granularity not in GRANULARITIES:
                raise ValueError(f"Granularity '{granularity}' is not supported for {field!r}")
        elif granularity:
            raise ValueError(f"Granularity set on a no-datetime field or property: {spec}")
        self.field: Field = field
        self.granularity = granularity or None


def read_group(
    model: BaseModel,
    domain: Any,
    fields: Any,
    groupby: Any,
    offset: int = 0,
    limit: int | None = None,
    orderby: Any = False,
    lazy: bool = True,
) -> list[dict[str, Any]]:
    specs = [groupby] if isinstance(groupby, str) else list(groupby or [])
    groups = [GroupBy(model, s) for s in specs]
    used = groups[:1] if lazy and groups else groups
    aggregates = _aggregates(model, fields or [], {g.field.name for g in groups})
    ids = sorted(model._search_ids(domain or []))
    tz = _timezone(model.env.context.get("tz"))
    keys_of = [_key_function(model, g, ids, tz) for g in used]
    buckets: dict[tuple[Any, ...], list[int]] = {}
    for rid in ids:
        combos: list[tuple[Any, ...]] = [()]
        for key_of in keys_of:
            combos = [(*c, k) for c in combos for k in key_of(rid)]
        for combo in combos:
            buckets.setdefault(combo, []).append(rid)
    if not used and not buckets:
        buckets[()] = []
    ordered = _sort(model, used, aggregates, buckets, orderby)
    start = offset or 0
    ordered = ordered[start : start + limit] if limit else ordered[start:]
    count_key = f"{used[0].field.name}_count" if lazy and used else "__count"
    base = dom.normalize(domain or [])
    rows = []
    for combo in ordered:
        members = buckets[combo]
        row: dict[str, Any] = {}
        leaves: list[Any] = []
        ranges: dict[str, Any] = {}
        for group, value in zip(used, combo, strict=True):
            row[group.spec], extra, span = _format(model, group, value, tz)
            leaves.append(extra)
            if group.granularity:
                ranges[group.spec] = span
        row[count_key] = len(members)
        for alias, field, func in aggregates:
            row[alias] = _aggregate(model, field, func, members)
        row["__domain"] = dom.as_lists(dom.combine("&", [base, *leaves]) or [])
        if lazy and len(groups) > 1:
            row["__context"] = {"group_by": [g.spec for g in groups[1:]]}
        if ranges:
            row["__range"] = ranges
        rows.append(row)
    return rows


def _aggregates(
    model: BaseModel, specs: list[Any], grouped: set[str]
) -> list[tuple[str, Field, str]]:
    result = []
    for spec in specs:
        if spec == "__count":
            continue
        match = _SPEC.match(spec) if isinstance(spec, str) else None
        if match is None:
            raise ValueError(f"Invalid field specification {spec!r}.")
        alias, func, source = match.groups()
        name = source or alias
        field = model._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
        if func and func not in AGGREGATES:
            raise ValueError(f"Invalid aggregate function {func!r}.")
        func = func or field.aggregator
        if name in grouped or not func or not field.store:
            continue
        result.append((alias, field, func))
    return result


def _aggregate(model: BaseModel, field: Field, func: str, ids: list[int]) -> Any:
    values = list(field_values(model, field, ids).values())
    present = [v for v in values if v is not None and v is not False]
    if func == "count":
        return len(present)
    if func == "count_distinct":
        return len(set(present))
    if func == "array_agg":
        return values
    if func == "bool_and":
        return all(values)
    if func == "bool_or":
        return any(values)
    if func == "sum":
        total = sum(present)
        return float(total) if field.type in ("float", "monetary") else total
    if not present:
        return False
    if func == "avg":
        return float(sum(present)) / len(present)
    return max(present) if func == "max" else min(present)


def _timezone(name: Any) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _bucket(granularity: str, day: date) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if granularity == "year":
        return date(day.year, 1, 1)
    return day


def _next(granularity: str, start: date) -> date:
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def _key_function(
    model: BaseModel, group: GroupBy, ids: list[int], tz: ZoneInfo | None
) -> Callable[[int], list[Any]]:
    field = group.field
    values = field_values(model, field, ids)
    if field.type == "many2many":
        return lambda rid: list(values.get(rid) or ()) or [None]
    if group.granularity:
        granularity = group.granularity
        is_datetime = field.type == "datetime"

        def key(rid: int) -> list[Any]:
            raw = values.get(rid)
            if not raw:
                return [None]
            if is_datetime:
                moment = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")
                if tz is not None:
                    moment = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz)
                return [_bucket(granularity, moment.date())]
            return [_bucket(granularity, date.fromisoformat(raw))]

        return key
    if field.type in ("char", "text", "selection"):
        return lambda rid: [values.get(rid) or None]
    return lambda rid: [values.get(rid)]


def _label(granularity: str, start: date, lang: str) -> str:
    months = _MONTHS.get(lang, _MONTHS["en_US"]).split()
    if granularity == "day":
        short = _SHORT.get(lang, _SHORT["en_US"]).split()
        return f"{start.day:02d} {short[start.month - 1]} {start.year}"
    if granularity == "week":
        year, week, _ = start.isocalendar()
        return f"W{week} {year}"
    if granularity == "quarter":
        prefix = "T" if lang == "es_ES" else "Q"
        return f"{prefix}{(start.month - 1) // 3 + 1} {start.year}"
    if granularity == "year":
        return str(start.year)
    return f"{months[start.month - 1]} {start.year}"


def _format(model: BaseModel, group: GroupBy, value: Any, tz: ZoneInfo | None) -> tuple[Any, ...]:
    field = group.field
    name = field.name
    if group.granularity:
        if value is None:
            return False, [(name, "=", False)], False
        end = _next(group.granularity, value)
        if field.type == "datetime":
            start_text, end_text = _utc(value, tz), _utc(end, tz)
        else:
            start_text, end_text = value.isoformat(), end.isoformat()
        label = _label(group.granularity, value, model.env.lang)
        leaves = ["&", (name, ">=", start_text), (name, "<", end_text)]
        return label, leaves, {"from": start_text, "to": end_text}
    if field.type in ("many2one", "many2many"):
        if value is None:
            return False, [(name, "=", False)], None
        names = model.env[str(field.relation)].sudo()._display_names([value])
        return [value, names.get(value, "")], [(name, "=", value)], None
    if value is None:
        return False, [(name, "=", False)], None
    return value, [(name, "=", value)], None


def _utc(day: date, tz: ZoneInfo | None) -> str:
    moment = datetime(day.year, day.month, day.day)
    if tz is not None:
        moment = moment.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _sort(
    model: BaseModel,
    used: list[GroupBy],
    aggregates: list[tuple[str, Field, str]],
    buckets: dict[tuple[Any, ...], list[int]],
    orderby: Any,
) -> list[tuple[Any, ...]]:
    combos = list(buckets)
    if not used:
        return combos
    specs = {g.spec: i for i, g in enumerate(used)}
    specs.update({g.field.name: i for i, g in enumerate(used)})
    terms = parse(orderby) if isinstance(orderby, str) and orderby.strip() else []
    plan: list[tuple[Callable[[tuple[Any, ...]], Any], bool, bool]] = []
    for term in terms:
        spec = f"{term.name}:{term.func}" if term.func else term.name
        if spec in specs:
            plan.append(
                (_group_key(model, used[specs[spec]], specs[spec]), term.desc, term.nulls_first)
            )
        elif term.name == "__count":
            plan.append((lambda c: len(buckets[c]), term.desc, term.nulls_first))
        else:
            match = [a for a in aggregates if a[0] == term.name]
            if not match:
                raise ValueError(f"Invalid field {term.name!r} on model {model._name!r}")
            _alias, field, func = match[0]
            plan.append((_aggregate_key(model, field, func, buckets), term.desc, term.nulls_first))
    for index, group in enumerate(used):
        plan.append((_group_key(model, group, index), False, False))
    for key, desc, nulls_first in reversed(plan):
        flag_null = (1 if nulls_first else 0) if desc else (0 if nulls_first else 1)

        def full_key(combo: tuple[Any, ...], key: Any = key, flag: int = flag_null) -> Any:
            value = key(combo)
            return (flag, 0) if value is None else (1 - flag, value)

        combos.sort(key=full_key, reverse=desc)
    return combos


def _aggregate_key(
    model: BaseModel, field: Field, func: str, buckets: dict[tuple[Any, ...], list[int]]
) -> Callable[[tuple[Any, ...]], Any]:
    return lambda combo: _aggregate(model, field, func, buckets[combo])


def _group_key(model: BaseModel, group: GroupBy, index: int) -> Callable[[tuple[Any, ...]], Any]:
    field = group.field
    if field.relational:
        rank = model.env[str(field.relation)]._order_rank()
        return lambda combo: None if combo[index] is None else rank.get(combo[index], 0)
    if field.type in ("char", "text", "selection") and not group.granularity:
        return lambda combo: None if combo[index] is None else collate(str(combo[index]))
    return lambda combo: combo[index]
