"""Reading: field values (stored, related, computed, one2many) and the wire format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daniel.sandbox.orm.fields import Field
from daniel.sandbox.orm.values import to_read

if TYPE_CHECKING:
    from daniel.sandbox.orm.model import BaseModel

#: Fields that always read as empty (Odoo never returns a password).
_WRITE_ONLY = {("res.users", "password"): ""}


def field_values(model: BaseModel, field: Field, ids: list[int]) -> dict[int, Any]:
    """Stored-form values of one field for `ids` (missing ids are skipped)."""
    rows = model._table.rows
    if field.related is not None:
        return _related_values(model, field.related, ids)
    if field.type == "one2many":
        index = one2many_index(model, field)
        return {rid: index.get(rid, ()) for rid in ids}
    if field.compute is not None and not field.store:
        computed: dict[int, Any] = getattr(model, field.compute)(ids)
        return computed
    name = field.name
    empty = field.empty()
    return {rid: rows[rid].get(name, empty) for rid in ids if rid in rows}


def _related_values(model: BaseModel, path: tuple[str, ...], ids: list[int]) -> dict[int, Any]:
    head = model._fields[path[0]]
    first = field_values(model, head, ids)
    if len(path) == 1:
        return first
    comodel = model.env[str(head.relation)]
    targets = sorted({v for v in first.values() if v})
    inner = _related_values(comodel, path[1:], targets)
    last = _last_field(comodel, path[1:])
    empty = last.empty() if last.type != "one2many" else ()
    return {rid: inner.get(first[rid], empty) if first.get(rid) else empty for rid in first}


def _last_field(model: BaseModel, path: tuple[str, ...]) -> Field:
    field = model._fields[path[0]]
    if len(path) == 1:
        return field
    return _last_field(model.env[str(field.relation)], path[1:])


def one2many_index(model: BaseModel, field: Field) -> dict[int, tuple[int, ...]]:
    """parent id -> child ids (in id order), cached until the comodel changes."""
    comodel = model.env[str(field.relation)]
    table = comodel._table
    key = ("o2m", model._name, field.name)
    index: dict[int, tuple[int, ...]] | None = table.cache.get(key)
    if index is None:
        groups: dict[int, list[int]] = {}
        if field.thread_messages:
            for rid, row in table.rows.items():
                if row.get("model") == model._name and row.get("res_id"):
                    groups.setdefault(row["res_id"], []).append(rid)
        else:
            inverse = str(field.inverse_name)
            for rid, row in table.rows.items():
                parent = row.get(inverse)
                if parent:
                    groups.setdefault(parent, []).append(rid)
        index = {parent: tuple(children) for parent, children in groups.items()}
        table.cache[key] = index
    return index


def order_rank(model: BaseModel) -> dict[int, int]:
    """Position of every record in the model's default order (for sorting by many2one)."""
    from daniel.sandbox.orm.ordering import sort_ids

    registry = model.env.registry
    versions = tuple(model.env.store.table(m).version for m in registry.order_depends[model._name])
    key = ("rank", versions)
    table = model._table
    rank: dict[int, int] | None = table.cache.get(key)
    if rank is None:
        ordered = sort_ids(model.sudo(), table.rows, None)
        rank = {rid: pos for pos, rid in enumerate(ordered)}
        table.cache[key] = rank
    return rank


def visible_ids(model: BaseModel) -> set[int] | dict[int, Any]:
    """Records an x2many value shows: archived ones are hidden unless active_test is off."""
    rows = model._table.rows
    if "active" not in model._fields or not model.env.active_test:
        return rows
    key = ("visible",)
    cached: set[int] | None = model._table.cache.get(key)
    if cached is None:
        cached = {rid for rid, row in rows.items() if row.get("active")}
        model._table.cache[key] = cached
    return cached


def read_records(
    model: BaseModel, fnames: Any, load: str = "_classic_read"
) -> list[dict[str, Any]]:
    """Odoo's `read` result for the records of `model` (in their order, duplicates kept)."""
    fields = model._fields
    if not fnames:
        names = [n for n in fields if n != "id"]
    else:
        if isinstance(fnames, str):
            fnames = [fnames]
        names = []
        for name in fnames:
            if name not in fields:
                raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
            if name != "id" and name not in names:
                names.append(name)
    ids = model.ids
    unique = list(dict.fromkeys(ids))
    columns: dict[str, dict[int, Any]] = {}
    for name in names:
        field = fields[name]
        if (model._name, name) in _WRITE_ONLY:
            blank = _WRITE_ONLY[(model._name, name)]
            columns[name] = dict.fromkeys(unique, blank)
            continue
        values = field_values(model, field, unique)
        columns[name] = _format(model, field, values, load)
    return [{"id": rid, **{name: columns[name][rid] for name in names}} for rid in ids]


def _format(model: BaseModel, field: Field, values: dict[int, Any], load: str) -> dict[int, Any]:
    kind = field.type
    if kind == "many2one":
        if load != "_classic_read":
            return {rid: v or False for rid, v in values.items()}
        comodel = model.env[str(field.relation)]
        names = comodel.sudo()._display_names(sorted({v for v in values.values() if v}))
        return {rid: [v, names.get(v, "")] if v else False for rid, v in values.items()}
    if kind in ("many2many", "one2many"):
        comodel = model.env[str(field.relation)]
        rank = order_rank(comodel)
        keep = visible_ids(comodel)
        return {
            rid: sorted((i for i in v or () if i in keep), key=rank.__getitem__)
            for rid, v in values.items()
        }
    return {rid: to_read(field, v) for rid, v in values.items()}


def web_read_page(
    model: Any,
    rows: list[dict[str, Any]],
    specification: dict[str, Any],
    domain: Any,
    offset: int,
    limit: int | None,
    count_limit: int | None,
    *,
    nested: bool = False,
) -> dict[str, Any]:
    """`web_search_read`'s answer from `search_read` rows (Odoo 17-18 semantics): a
    many2one whose spec asks for fields reads `{id, display_name}`, else its id; a
    one2many or many2many whose spec asks for fields reads its records in `web_read`
    form (in the spec's `order` when given), else their ids."""
    for row in rows:
        for name, spec in specification.items():
            field = model._fields.get(name)
            value = row.get(name)
            wanted = spec.get("fields") if isinstance(spec, dict) else None
            if field is None or not isinstance(value, list):
                continue
            if field.type == "many2one":
                row[name] = {"id": value[0], "display_name": value[1]} if wanted else value[0]
            elif field.type in ("one2many", "many2many") and wanted:
                row[name] = _x2many_rows(model, field, value, spec)
    if not rows:
        return {"length": 0, "records": []}
    if nested:  # the records of an x2many field: no page, no count
        return {"length": len(rows), "records": rows}
    length = len(rows) + offset
    if limit and len(rows) == limit and not (count_limit and count_limit <= length):
        length = model.search_count(domain or [], limit=count_limit)
    return {"length": length, "records": rows}


def _x2many_rows(
    model: Any, field: Field, ids: list[int], spec: dict[str, Any]
) -> list[dict[str, Any]]:
    """The records of an x2many value, read as its `web_read` sub-specification asks."""
    if not ids:
        return []
    comodel = model.env[str(field.relation)]
    order = spec.get("order")
    if isinstance(order, str) and order:
        ids = comodel.search([("id", "in", ids)], order=order)
    wanted: dict[str, Any] = spec["fields"]
    sub = comodel.browse(ids)._read_format(fnames=list(wanted))
    return list(web_read_page(comodel, sub, wanted, [], 0, None, None, nested=True)["records"])
