"""Odoo domains: normalization, validation and evaluation over the in-memory rows.

Evaluation is set based, like Odoo's SQL: every leaf yields the ids that satisfy it,
`&`/`|`/`!` combine the sets, and a path through a relation (`partner_id.country_id.code`)
becomes "records whose relation is in the ids matching the rest of the path on the
comodel" (Odoo 17+'s `any`). NULL semantics follow PostgreSQL as Odoo uses it: negative
operators (`!=`, `not in`, `not ilike`) also match empty values.
"""

from __future__ import annotations

import functools
import operator as operators
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from daniel.sandbox.orm.fields import Field

if TYPE_CHECKING:
    from daniel.sandbox.orm.model import BaseModel

TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<>",
        "<=",
        "<",
        ">",
        ">=",
        "=?",
        "=like",
        "=ilike",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
NEGATIVE = {
    "!=": "=",
    "<>": "=",
    "not like": "like",
    "not ilike": "ilike",
    "not in": "in",
    "not any": "any",
}
LIKE_OPERATORS = frozenset({"like", "ilike", "=like", "=ilike"})
_ARITY = {"!": 1, "&": 2, "|": 2}

Predicate = Callable[[Any], bool]


def normalize(domain: Any) -> list[Any]:
    """Odoo's `normalize_domain`: explicit `&` between leaves, arity checked."""
    if not isinstance(domain, (list, tuple)):
        raise AssertionError(
            "Domains to normalize must have a 'domain' form: a list or tuple of domain components"
        )
    if not domain:
        return [TRUE_LEAF]
    result: list[Any] = []
    expected = 1
    for item in domain:
        if expected == 0:
            result[0:0] = ["&"]
            expected = 1
        if isinstance(item, (list, tuple)):
            expected -= 1
            if len(item) == 3 and item[1] in ("any", "not any"):
                item = (item[0], item[1], normalize(item[2]))
            else:
                item = tuple(item)
        else:
            expected += _ARITY.get(item, 0) - 1
        result.append(item)
    if expected != 0:
        raise ValueError(f"Domain {domain} is syntactically not correct.")
    return result


def combine(operator: str, domains: Iterable[Any]) -> list[Any]:
    """Odoo's `expression.AND` / `expression.OR` (TRUE/empty domains dropped)."""
    parts = [normalize(d) for d in domains if d]
    parts = [p for p in parts if p != [TRUE_LEAF]]
    if not parts:
        return []
    result: list[Any] = [operator] * (len(parts) - 1)
    for part in parts:
        result.extend(part)
    return result


def as_lists(domain: list[Any]) -> list[Any]:
    """Leaves as lists, the way they travel over XML-RPC and JSON."""
    return [list(t) if isinstance(t, tuple) else t for t in domain]


def mentions(domain: list[Any], field_name: str) -> bool:
    return any(isinstance(t, (list, tuple)) and t and t[0] == field_name for t in domain)


@functools.lru_cache(maxsize=512)
def like_regex(pattern: str, icase: bool) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("^" + "".join(out) + "$", re.S | (re.I if icase else 0))


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _like_predicate(operator: str, value: Any) -> Predicate:
    text = _text(value)
    if operator in ("like", "ilike"):
        if text == "":
            return lambda stored: True
        if not any(c in text for c in "%_\\"):
            if operator == "like":
                return lambda stored: stored is not None and text in str(stored)
            lowered = text.lower()
            return lambda stored: stored is not None and lowered in str(stored).lower()
        text = f"%{text}%"
    regex = like_regex(text, operator in ("ilike", "=ilike"))
    return lambda stored: stored is not None and regex.match(str(stored)) is not None


def _coerce(field: Field, value: Any, operator: str = "=") -> Any:
    """A comparison value in the stored form of the field's type."""
    kind = field.type
    if kind in ("integer", "float", "monetary", "many2one") or field.name == "id":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)):
            return value
        try:
            return float(value) if kind in ("float", "monetary") else int(value)
        except (TypeError, ValueError):
            type_name = "integer" if kind in ("integer", "many2one") else "numeric"
            raise ValueError(f'invalid input syntax for type {type_name}: "{value}"') from None
    if kind == "boolean":
        return bool(value)
    if kind == "date":
        return _text(value)[:10]
    if kind == "datetime":
        text = _text(value)
        if len(text) == 10:
            return text + (" 23:59:59" if operator in (">", "<=") else " 00:00:00")
        return text[:19]
    return _text(value)


def _is_null(field: Field, stored: Any) -> bool:
    if stored is None:
        return True
    if field.type in ("char", "text", "html"):
        return bool(stored == "")
    if field.type == "boolean":
        return stored is False
    if field.type in ("integer", "float", "monetary") and field.name != "id":
        return not stored
    return False


def scalar_predicate(field: Field, operator: str, value: Any) -> Predicate:
    """A test on one stored value (scalar fields, and many2one compared with ids)."""
    if operator == "=?":
        if value is None or value is False:
            return lambda stored: True
        operator = "="
    if operator == "<>":
        operator = "!="
    if operator in ("=", "!=") and isinstance(value, (list, tuple)):
        operator = "in" if operator == "=" else "not in"
    if operator in ("in", "not in"):
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if field.type == "boolean":
            wanted = {bool(v) for v in values}
            found: Predicate = lambda stored: bool(stored) in wanted  # noqa: E731
        else:
            want_null = any(v is False or v is None for v in values)
            concrete = {_coerce(field, v) for v in values if v is not False and v is not None}
            found = lambda stored: (  # noqa: E731
                want_null if _is_null(field, stored) else stored in concrete
            )
        return found if operator == "in" else (lambda stored: not found(stored))
    if operator in NEGATIVE:
        positive = scalar_predicate(field, NEGATIVE[operator], value)
        return lambda stored: not positive(stored)
    if operator in LIKE_OPERATORS:
        return _like_predicate(operator, value)
    if value is False or value is None:
        if operator == "=":
            return lambda stored: _is_null(field, stored)
        return lambda stored: False
    if field.type == "boolean" and operator == "=":
        wanted_bool = bool(value)
        return lambda stored: bool(stored) is wanted_bool
    target = _coerce(field, value, operator)
    if operator == "=":
        return lambda stored: stored is not None and stored == target
    compare: Callable[[Any, Any], Any] = {
        "<": operators.lt,
        ">": operators.gt,
        "<=": operators.le,
        ">=": operators.ge,
    }[operator]

    def ordered(stored: Any) -> bool:
        if stored is None:
            return False
        try:
            return bool(compare(stored, target))
        except TypeError:
            return False

    return ordered


class Evaluator:
    """Evaluates normalized domains of one model into sets of ids."""

    def __init__(self, model: BaseModel) -> None:
        self.model = model
        self.table = model._table

    def ids(self, domain: list[Any]) -> set[int]:
        stack: list[set[int]] = []
        universe: set[int] | None = None
        for element in reversed(domain):
            if element == "!":
                if universe is None:
                    universe = set(self.table.rows)
                stack.append(universe - stack.pop())
            elif element == "&":
                first = stack.pop()
                stack.append(first & stack.pop())
            elif element == "|":
                first = stack.pop()
                stack.append(first | stack.pop())
            else:
                stack.append(self.leaf(element))
        return stack.pop() if stack else set(self.table.rows)

    # --- leaves -------------------------------------------------------------------------
    def leaf(self, token: Any) -> set[int]:
        if not isinstance(token, tuple):
            raise ValueError(f"Invalid leaf {token}")
        left, operator, value = token
        if token == TRUE_LEAF:
            return set(self.table.rows)
        if token == FALSE_LEAF:
            return set()
        if operator not in OPERATORS or not isinstance(left, str):
            raise ValueError(f"Invalid leaf {token}")
        model = self.model
        path = left.split(".")
        field = model._fields.get(path[0])
        if field is None:
            raise ValueError(f"Invalid field {model._name}.{path[0]} in leaf {token}")
        rest = ".".join(path[1:])
        if field.related is not None:
            left = ".".join([*field.related, *path[1:]])
            return self.leaf((left, operator, value))
        if not field.store and not field.relational:
            return self._computed(field, operator, value)
        if rest:
            if not field.relational:
                raise ValueError(f"Invalid field {model._name}.{left} in leaf {token}")
            return self._through(field, "any", [(rest, operator, value)])
        if operator in ("any", "not any"):
            if not field.relational:
                raise ValueError(f"Invalid leaf {token}")
            return self._through(field, operator, value)
        if field.name == "id":
            return self._on_ids(operator, value)
        if operator in ("child_of", "parent_of"):
            if not field.relational:
                raise ValueError(f"Invalid leaf {token}")
            return self._hierarchy(field, operator, value)
        if field.type == "many2one":
            return self._many2one(field, operator, value)
        if field.x2many:
            return self._x2many(field, operator, value)
        return self._scan(field.name, scalar_predicate(field, operator, value))

    def _scan(self, name: str, predicate: Predicate) -> set[int]:
        return {rid for rid, row in self.table.rows.items() if predicate(row.get(name))}

    def _computed(self, field: Field, operator: str, value: Any) -> set[int]:
        if field.search is None:
            raise ValueError(f"Non-stored field {field!r} cannot be searched.")
        domain = getattr(self.model, field.search)(operator, value)
        return self.ids(normalize(domain))

    def _on_ids(self, operator: str, value: Any) -> set[int]:
        rows = self.table.rows
        if operator in ("child_of", "parent_of"):
            return self._hierarchy(None, operator, value)
        if operator in ("=", "in") and not isinstance(value, str):
            values = value if isinstance(value, (list, tuple)) else [value]
            wanted = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
            if len(wanted) == len(values):
                return {rid for rid in wanted if rid in rows}
        id_field = self.model._fields["id"]
        return self._scan("id", scalar_predicate(id_field, operator, value))

    def _comodel_ids(self, field: Field, domain: list[Any], active_test: bool) -> set[int]:
        comodel = self.model.env[str(field.relation)]
        return comodel._search_ids(domain, active_test=active_test)

    def _names(self, field: Field, operator: str, value: Any) -> set[int]:
        """Comodel ids whose display name matches (a relational field compared to text)."""
        return self._comodel_ids(field, [("display_name", operator, value)], False)

    def _related_sets(self, field: Field) -> Callable[[int, dict[str, Any]], Iterable[int]]:
        if field.type == "many2many":
            name = field.name
            return lambda rid, row: row.get(name) or ()
        if field.type == "many2one":
            name = field.name
            return lambda rid, row: (row[name],) if row.get(name) else ()
        index = self.model._one2many_index(field)
        return lambda rid, row: index.get(rid, ())

    def _through(self, field: Field, operator: str, subdomain: Any) -> set[int]:
        active_test = field.type != "many2one" and self.model.env.active_test
        matching = self._comodel_ids(field, subdomain, active_test)
        related = self._related_sets(field)
        hit = {
            rid
            for rid, row in self.table.rows.items()
            if not matching.isdisjoint(related(rid, row))
        }
        return hit if operator == "any" else set(self.table.rows) - hit

    def _hierarchy(self, field: Field | None, operator: str, value: Any) -> set[int]:
        comodel = self.model.env[str(field.relation)] if field else self.model
        parent_name = comodel._parent_name
        roots = self._resolve_ids(comodel, value)
        rows = comodel._table.rows
        if parent_name is None:
            expanded = roots
        elif operator == "child_of":
            children: dict[int, list[int]] = {}
            for rid, row in rows.items():
                if row.get(parent_name):
                    children.setdefault(row[parent_name], []).append(rid)
            expanded, todo = set(roots), list(roots)
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in expanded:
                        expanded.add(child)
                        todo.append(child)
        else:
            expanded = set()
            for root in roots:
                current: Any = root
                while current and current in rows and current not in expanded:
                    expanded.add(current)
                    current = rows[current].get(parent_name)
        if field is None:
            return expanded & set(self.table.rows)
        related = self._related_sets(field)
        return {
            rid
            for rid, row in self.table.rows.items()
            if not expanded.isdisjoint(related(rid, row))
        }

    def _resolve_ids(self, comodel: BaseModel, value: Any) -> set[int]:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids: set[int] = set()
        for item in values:
            if isinstance(item, str):
                ids |= comodel._search_ids([("display_name", "ilike", item)], active_test=False)
            elif isinstance(item, int) and not isinstance(item, bool):
                ids.add(item)
        return ids

    def _many2one(self, field: Field, operator: str, value: Any) -> set[int]:
        values = value if isinstance(value, (list, tuple)) else [value]
        if not any(isinstance(v, str) for v in values):
            return self._scan(field.name, scalar_predicate(field, operator, value))
        positive = NEGATIVE.get(operator, operator)
        if positive == "in":
            ids = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
            for text in (v for v in values if isinstance(v, str)):
                ids |= self._names(field, "=", text)
            want_null = any(v is False or v is None for v in values)
        elif positive in ("=", "like", "ilike", "=like", "=ilike"):
            ids, want_null = self._names(field, positive, value), False
        else:
            raise ValueError(f"Invalid leaf {(field.name, operator, value)}")
        name = field.name
        hit = {
            rid
            for rid, row in self.table.rows.items()
            if (row.get(name) in ids) or (want_null and not row.get(name))
        }
        return hit if positive == operator else set(self.table.rows) - hit

    def _visible_related(self, field: Field) -> Callable[[int, dict[str, Any]], Iterable[int]]:
        """Related ids of an x2many, archived comodel records hidden (active_test)."""
        related = self._related_sets(field)
        comodel = self.model.env[str(field.relation)]
        if "active" not in comodel._fields or not self.model.env.active_test:
            return related
        rows = comodel._table.rows
        return lambda rid, row: [i for i in related(rid, row) if rows[i].get("active")]

    def _x2many(self, field: Field, operator: str, value: Any) -> set[int]:
        related = self._visible_related(field)
        rows = self.table.rows
        if operator == "<>":
            operator = "!="
        if (value is False or value is None) and operator in ("=", "!="):
            empty = {rid for rid, row in rows.items() if not any(True for _ in related(rid, row))}
            return empty if operator == "=" else set(rows) - empty
        positive = NEGATIVE.get(operator, operator)
        values = value if isinstance(value, (list, tuple)) else [value]
        if positive in ("=", "in"):
            ids = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
            for text in (v for v in values if isinstance(v, str)):
                ids |= self._names(field, "=", text)
        elif positive in LIKE_OPERATORS:
            ids = self._names(field, positive, value)
        else:
            raise ValueError(f"Invalid leaf {(field.name, operator, value)}")
        hit = {rid for rid, row in rows.items() if not ids.isdisjoint(related(rid, row))}
        return hit if positive == operator else set(rows) - hit
