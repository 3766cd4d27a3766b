"""Creating, writing and deleting records: defaults, conversions, x2many commands,
related write-through, required fields and deletion cascades, as Odoo does them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daniel.sandbox.exceptions import ValidationError, missing_error
from daniel.sandbox.orm.fields import MISSING, Field
from daniel.sandbox.orm.values import to_cache

if TYPE_CHECKING:
    from daniel.sandbox.orm.model import BaseModel

MAGIC = ("id", "display_name", "create_uid", "create_date", "write_uid", "write_date")
_SEEDABLE = ("create_uid", "create_date", "write_uid", "write_date")


def check_existing(model: BaseModel) -> None:
    rows = model._table.rows
    missing = [rid for rid in model.ids if rid not in rows]
    if missing:
        raise missing_error(model._name, missing, model.env.uid)


def _mandatory_error(model: BaseModel, field: Field) -> ValidationError:
    return ValidationError(
        "The operation cannot be completed:\n"
        "- Create/update: a mandatory field is not set.\n"
        "- Delete: another model requires the record being deleted. If possible, archive "
        "it instead.\n\n"
        f"Model: {model._description} ({model._name})\n"
        f"Field: {field.string} ({field.name})\n"
    )


def default_values(model: BaseModel, names: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    context = model.env.context
    for name in names:
        field = model._fields.get(name)
        if field is None or name in MAGIC:
            continue
        key = f"default_{name}"
        value = context[key] if key in context else field.default_value(model.env)
        if value is MISSING:
            continue
        if field.type == "many2many" and isinstance(value, (list, tuple)):
            ids = [v for v in value if isinstance(v, int)]
            value = [[6, 0, ids]] if len(ids) == len(value) else list(value)
        result[name] = value
    return result


def _split(model: BaseModel, vals: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """Stored values, x2many commands and related write-through values of `vals`."""
    if not isinstance(vals, dict):
        raise TypeError(f"values must be a dictionary, not {type(vals).__name__}")
    row: dict[str, Any] = {}
    commands: dict[str, Any] = {}
    related: dict[str, Any] = {}
    seeding = model.env.seeding
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
        if name in MAGIC:
            if seeding and name in _SEEDABLE:
                row[name] = to_cache(field, value)
            continue
        if field.related is not None:
            if not field.readonly:
                related[name] = value
            continue
        if field.compute is not None and not (seeding and field.store):
            continue
        if field.x2many:
            commands[name] = value
            continue
        converted = to_cache(field, value)
        if field.type == "many2one" and converted is not None:
            comodel = model.env[str(field.relation)]
            if converted not in comodel._table.rows:
                raise missing_error(comodel._name, [converted], model.env.uid)
        row[name] = converted
    return row, commands, related


def create_records(model: BaseModel, vals_list: list[Any]) -> list[int]:
    env = model.env
    store = env.store
    now, uid = env.now(), env.uid
    ids: list[int] = []
    pending: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for vals in vals_list:
        if not isinstance(vals, dict):
            raise TypeError(f"values must be a dictionary, not {type(vals).__name__}")
        missing_defaults = [n for n in model._fields if n not in vals]
        full = {**default_values(model, missing_defaults), **vals}
        full = model._prepare_vals(full)
        row, commands, related = _split(model, full)
        _create_parents(model, row, related)
        for field in model._fields.values():
            if field.column and field.name not in row:
                row[field.name] = field.empty()
            if field.required and field.column and field.name not in MAGIC:
                value = row.get(field.name)
                if value is None or (field.type == "many2many" and not value):
                    raise _mandatory_error(model, field)
        rid = store.new_id(model._name)
        row["id"] = rid
        row.setdefault("create_uid", uid)
        row["create_uid"] = row["create_uid"] or uid
        row["create_date"] = row.get("create_date") or now
        row["write_uid"] = row.get("write_uid") or uid
        row["write_date"] = row.get("write_date") or row["create_date"]
        store.insert(model._name, row)
        ids.append(rid)
        pending.append((rid, commands, related))
    for rid, commands, related in pending:
        for name, value in commands.items():
            apply_commands(model, model._fields[name], rid, value)
        if related:
            _write_related(model, [rid], related)
    model._after_create(ids)
    model._check_constraints(ids, set(model._fields))
    return ids


def _create_parents(model: BaseModel, row: dict[str, Any], related: dict[str, Any]) -> None:
    """`_inherits`: create the parent record carrying the delegated fields."""
    for parent_model, link in model._inherits.items():
        if row.get(link):
            continue
        parent_vals = {}
        for name in list(related):
            path = model._fields[name].related
            if path and path[0] == link and len(path) == 2:
                parent_vals[path[1]] = related.pop(name)
        parent = model.env[parent_model].sudo()
        row[link] = create_records(parent, [parent_vals])[0]


def _write_related(model: BaseModel, ids: list[int], related: dict[str, Any]) -> None:
    for name, value in related.items():
        path = model._fields[name].related or ()
        targets = model.sudo().browse(ids)
        for hop in path[:-1]:
            hop_field = targets._fields[hop]
            values = targets._values(hop_field, targets.ids)
            targets = (
                model.env[str(hop_field.relation)]
                .sudo()
                .browse(sorted({v for v in values.values() if v}))
            )
        if targets.ids:
            write_records(targets, {path[-1]: value})


def write_records(model: BaseModel, vals: Any) -> None:
    row, commands, related = _split(model, vals)
    env = model.env
    for field in (model._fields[n] for n in row):
        if field.required and row[field.name] is None:
            raise _mandatory_error(model, field)
    if row or commands or related:
        stamp = {"write_uid": env.uid, "write_date": env.now()}
        for rid in model.ids:
            env.store.update(model._name, rid, {**row, **stamp})
            for name, value in commands.items():
                apply_commands(model, model._fields[name], rid, value)
    if related:
        _write_related(model, model.ids, related)
    fnames = set(vals)
    model._after_write(model.ids, fnames)
    model._check_constraints(model.ids, fnames)


def _commands(value: Any) -> list[tuple[Any, ...]]:
    if value is False or value is None:
        return [(5,)]
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"Wrong value for an x2many field: {value!r}")
    if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return [(6, 0, list(value))]
    result = []
    for command in value:
        if not isinstance(command, (list, tuple)) or not command:
            raise ValueError(f"Invalid x2many command: {command!r}")
        result.append(tuple(command))
    return result


def apply_commands(model: BaseModel, field: Field, rid: int, value: Any) -> None:
    """Odoo's x2many commands (0 create, 1 update, 2 delete, 3 unlink, 4 link, 5 clear, 6 set)."""
    if field.thread_messages:
        return
    comodel = model.env[str(field.relation)]
    store = model.env.store
    if field.type == "many2many":
        current = list(store.get(model._name, rid)[field.name] or ())  # type: ignore[index]
    else:
        current = list(model._one2many_index(field).get(rid, ()))
    inverse = field.inverse_name
    for command in _commands(value):
        code = command[0]
        if code == 0:
            vals = dict(command[2] or {}) if len(command) > 2 else {}
            if inverse:
                vals[inverse] = rid
            new_ids = create_records(comodel, [vals])
            current.append(new_ids[0])
        elif code == 1:
            write_records(comodel.browse([command[1]]), command[2])
        elif code == 2:
            if command[1] in comodel._table.rows:
                unlink_records(comodel.browse([command[1]]))
            current = [c for c in current if c != command[1]]
        elif code in (3, 4):
            target = command[1]
            if code == 4 and target not in comodel._table.rows:
                raise missing_error(comodel._name, [target], model.env.uid)
            if code == 4 and target not in current:
                current.append(target)
                if inverse:
                    write_records(comodel.browse([target]), {inverse: rid})
            elif code == 3:
                current = [c for c in current if c != target]
                if inverse:
                    _detach(comodel, field, [target])
        elif code == 5:
            if inverse:
                _detach(comodel, field, current)
            current = []
        elif code == 6:
            wanted = [i for i in (command[2] or []) if isinstance(i, int)]
            absent = [i for i in wanted if i not in comodel._table.rows]
            if absent:
                raise missing_error(comodel._name, absent, model.env.uid)
            if inverse:
                _detach(comodel, field, [c for c in current if c not in wanted])
                for target in wanted:
                    if target not in current:
                        write_records(comodel.browse([target]), {inverse: rid})
            current = list(dict.fromkeys(wanted))
        else:
            raise ValueError(f"Invalid x2many command: {command!r}")
    if field.type == "many2many":
        store.update(model._name, rid, {field.name: tuple(dict.fromkeys(current))})


def _detach(comodel: BaseModel, field: Field, ids: list[int]) -> None:
    """Command 3/5 on a one2many: delete children whose link is required, else unlink."""
    inverse = comodel._fields[str(field.inverse_name)]
    existing = [i for i in ids if i in comodel._table.rows]
    if not existing:
        return
    if inverse.required or inverse.ondelete == "cascade":
        unlink_records(comodel.browse(existing))
    else:
        write_records(comodel.browse(existing), {inverse.name: False})


def unlink_records(model: BaseModel) -> None:
    env = model.env
    ids = [rid for rid in dict.fromkeys(model.ids) if rid in model._table.rows]
    if not ids:
        return
    model._before_unlink(ids)
    doomed = set(ids)
    for referrer, field in env.registry.referrers[model._name]:
        other = env[referrer].sudo()
        rows = other._table.rows
        if field.type == "many2many":
            for rid, row in list(rows.items()):
                kept = tuple(i for i in row.get(field.name) or () if i not in doomed)
                if len(kept) != len(row.get(field.name) or ()):
                    env.store.update(referrer, rid, {field.name: kept})
            continue
        hits = [rid for rid, row in rows.items() if row.get(field.name) in doomed]
        if referrer == model._name:
            hits = [h for h in hits if h not in doomed]
        if not hits:
            continue
        if field.ondelete == "cascade":
            unlink_records(other.browse(hits))
        elif field.ondelete == "restrict":
            raise ValidationError(
                "The operation cannot be completed: another model requires the record being "
                "deleted. If possible, archive it instead.\n\n"
                f"Model: {other._description} ({other._name})\n"
                f"Constraint: {other._name.replace('.', '_')}_{field.name}_fkey"
            )
        else:
            for rid in hits:
                env.store.update(referrer, rid, {field.name: None})
    gone = [dict(model._table.rows[rid]) for rid in ids]
    for rid in ids:
        env.store.delete(model._name, rid)
    model._after_unlink(gone)


def copy_record(model: BaseModel, rid: int, default: dict[str, Any]) -> int:
    row = model._table.rows[rid]
    vals: dict[str, Any] = {}
    for name, field in model._fields.items():
        if name in MAGIC or not field.copy or field.related or name in default:
            continue
        if field.type == "one2many":
            continue
        value = row.get(name)
        if field.type == "many2many":
            vals[name] = [(6, 0, list(value or ()))]
        elif value is not None:
            vals[name] = value
    label = "name" if "name" in vals else model._rec_name
    if label and label not in default and isinstance(vals.get(label), str) and model._copy_suffix():
        vals[label] = f"{vals[label]} (copy)"
    vals.update(default)
    new_id = create_records(model, [vals])[0]
    for field in model._fields.values():
        if field.type == "one2many" and field.copy and not field.thread_messages:
            comodel = model.env[str(field.relation)]
            for child in model._one2many_index(field).get(rid, ()):
                copy_record(comodel, child, {str(field.inverse_name): new_id})
    return new_id
