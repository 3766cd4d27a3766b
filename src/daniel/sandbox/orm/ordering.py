"""`order` specifications: validation like Odoo's and sorting like PostgreSQL's.

Strings sort as a locale collation would (accents and case ignored first), many2one
fields sort by the comodel's own `_order`, NULLs come last ascending and first
descending unless `nulls first|last` says otherwise.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from daniel.sandbox.exceptions import UserError

if TYPE_CHECKING:
    from daniel.sandbox.orm.model import BaseModel

_ORDER_RE = re.compile(
    r"""
    ^
    (\s*
        (?P<term>((?P<field>[a-z0-9_]+|"[a-z0-9_]+")(\.(?P<property>[a-z0-9_]+))?(:(?P<func>[a-z_]+))?))
        (\s+(?P<direction>desc|asc))?
        (\s+(?P<nulls>nulls\ first|nulls\ last))?
        \s*
        (,|$)
    )+
    (?<!,)
    $
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TERM_RE = re.compile(
    r"^\s*(?P<field>[a-z0-9_]+|\"[a-z0-9_]+\")(\.(?P<property>[a-z0-9_]+))?(:(?P<func>[a-z_]+))?"
    r"(\s+(?P<direction>desc|asc))?(\s+nulls\s+(?P<nulls>first|last))?\s*$",
    re.IGNORECASE,
)


class Term:
    __slots__ = ("desc", "func", "name", "nulls_first")

    def __init__(self, name: str, desc: bool, nulls_first: bool, func: str | None) -> None:
        self.name = name
        self.desc = desc
        self.nulls_first = nulls_first
        self.func = func


def parse(order: str) -> list[Term]:
    """Split a valid order string into terms; raise Odoo's UserError when malformed."""
    if not _ORDER_RE.match(order):
        raise UserError(
            f'Invalid "order" specified ({order}). A valid "order" specification is a '
            "comma-separated list of valid field names (optionally followed by asc/desc "
            "for the direction)"
        )
    terms = []
    for part in order.split(","):
        match = _TERM_RE.match(part)
        assert match is not None
        desc = (match["direction"] or "asc").lower() == "desc"
        nulls = (match["nulls"] or "").lower()
        nulls_first = nulls == "first" if nulls else desc
        name = match["field"].strip('"')
        if match["property"]:
            name = f"{name}.{match['property']}"
        terms.append(Term(name, desc, nulls_first, match["func"]))
    return terms


@functools.lru_cache(maxsize=8192)
def collate(text: str) -> tuple[str, str]:
    """A sort key close to a glibc/ICU locale collation."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return ("".join(c for c in stripped.lower() if c.isalnum() or c.isspace()), text)


def _value_key(value: Any) -> Any:
    if isinstance(value, str):
        return collate(value)
    if isinstance(value, bool):
        return int(value)
    return value


def key_function(model: BaseModel, term: Term, ids: list[int]) -> Callable[[int], Any]:
    """The sort key of one term for the given ids (validates the field)."""
    field = model._fields.get(term.name)
    if field is None or term.func:
        raise ValueError(f"Invalid field {term.name!r} on model {model._name!r}")
    if not field.sortable:
        raise ValueError(f"Cannot convert {field!r} to SQL because it is not stored")
    if field.type == "many2one":
        rank = model.env[str(field.relation)]._order_rank()
        values = model._values(field, ids)
        raw: Callable[[int], Any] = lambda rid: rank.get(values[rid]) if values[rid] else None  # noqa: E731
    elif field.store:
        rows = model._table.rows
        name = field.name
        raw = lambda rid: rows[rid].get(name)  # noqa: E731
    else:
        values = model._values(field, ids)
        raw = values.__getitem__
    null_first = term.nulls_first
    if term.desc:
        flag_null, flag_value = (1, 0) if null_first else (0, 1)
    else:
        flag_null, flag_value = (0, 1) if null_first else (1, 0)

    def key(rid: int) -> Any:
        value = raw(rid)
        if value is None:
            return (flag_null, 0)
        return (flag_value, _value_key(value))

    return key


def sort_ids(model: BaseModel, ids: Iterable[int], order: str | None) -> list[int]:
    result = sorted(ids)
    spec = order or model._order
    if not spec:
        return result
    terms = parse(spec)
    keys = [(key_function(model, term, result), term.desc) for term in terms]
    for key, desc in reversed(keys):
        result.sort(key=key, reverse=desc)
    return result
