"""Field definitions of the sandbox ORM, named and typed as Odoo's.

A `Field` is pure metadata: its type, label and flags as `fields_get` reports them, plus how
the sandbox gets its value (stored column, `related` path, or a model `compute` method).
The factory functions (`Char`, `Many2one`...) mirror `odoo.fields` so model definitions
read like Odoo's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: Marks "no default value".
MISSING: Any = object()

RELATIONAL_TYPES = frozenset({"many2one", "one2many", "many2many"})
X2MANY_TYPES = frozenset({"one2many", "many2many"})

#: SQLite column type per stored field type.
COLUMN_TYPES = {
    "char": "TEXT",
    "text": "TEXT",
    "html": "TEXT",
    "selection": "TEXT",
    "date": "TEXT",
    "datetime": "TEXT",
    "binary": "TEXT",
    "json": "TEXT",
    "many2many": "TEXT",
    "integer": "INTEGER",
    "many2one": "INTEGER",
    "boolean": "INTEGER",
    "float": "REAL",
    "monetary": "REAL",
}


class Field:
    """One field of a model, as `fields_get` describes it."""

    def __init__(
        self,
        type: str,  # Odoo's attribute name
        string: str,
        *,
        relation: str | None = None,
        inverse_name: str | None = None,
        selection: Sequence[tuple[str, str]] | None = None,
        required: bool = False,
        readonly: bool = False,
        store: bool | None = None,
        default: Any = MISSING,
        help: str | None = None,  # Odoo's attribute name
        related: str | None = None,
        compute: str | None = None,
        search: str | None = None,
        ondelete: str | None = None,
        copy: bool | None = None,
        translate: bool = False,
        aggregator: Any = MISSING,
        currency_field: str | None = None,
        thread_messages: bool = False,
        sortable: bool | None = None,
        depends: Sequence[str] = (),
    ) -> None:
        self.type = type
        self.string = string
        self.relation = relation
        self.inverse_name = inverse_name
        self.selection = tuple(selection) if selection is not None else None
        self.required = required
        if store is None:
            store = compute is None and related is None
        #: Stored in the model's own rows (computed fields only when `store=True`).
        self.store = bool(store) and related is None
        self.default = default
        self.help = help
        self.related = tuple(related.split(".")) if related else None
        self.compute = compute
        self.search = search
        self.translate = translate
        self.currency_field = currency_field
        #: one2many `message_ids`: comodel rows are matched on (model, res_id).
        self.thread_messages = thread_messages
        self.readonly = readonly or (compute is not None and related is None)
        if ondelete is None and type == "many2one":
            ondelete = "restrict" if required else "set null"
        self.ondelete = ondelete
        if copy is None:
            copy = type != "one2many" and compute is None and related is None
        self.copy = copy
        if aggregator is MISSING:
            aggregator = "sum" if type in ("float", "monetary") else None
        self.aggregator: str | None = aggregator
        self._sortable = sortable
        self.depends = tuple(depends) or (self.related[:1] if self.related else ())
        self.name = ""
        self.model_name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{self.model_name}.{self.name}"

    # --- classification ------------------------------------------------------------
    @property
    def relational(self) -> bool:
        return self.type in RELATIONAL_TYPES

    @property
    def x2many(self) -> bool:
        return self.type in X2MANY_TYPES

    @property
    def column(self) -> bool:
        """True when the value lives in the model's own table."""
        return self.store and self.type != "one2many"

    @property
    def sortable(self) -> bool:
        if self._sortable is not None:
            return self._sortable
        return (self.store and not self.x2many) or (self.related is not None and not self.x2many)

    @property
    def searchable(self) -> bool:
        return self.store or self.related is not None or self.search is not None

    @property
    def groupable(self) -> bool:
        return self.store and self.type not in ("one2many", "binary", "html", "text", "json")

    def empty(self) -> Any:
        """The stored value of an unset field."""
        if self.type == "integer":
            return 0
        if self.type in ("float", "monetary"):
            return 0.0
        if self.type == "boolean":
            return False
        if self.type == "many2many":
            return ()
        return None

    def default_value(self, env: Any) -> Any:
        if self.default is MISSING:
            return MISSING
        if callable(self.default):
            return self.default(env)
        return self.default


def _f(type_: str) -> Callable[..., Field]:
    def make(string: str, **kw: Any) -> Field:
        return Field(type_, string, **kw)

    make.__name__ = type_.capitalize()
    return make


Char = _f("char")
Text = _f("text")
Html = _f("html")
Integer = _f("integer")
Float = _f("float")
Monetary = _f("monetary")
Boolean = _f("boolean")
Date = _f("date")
Datetime = _f("datetime")
Binary = _f("binary")
Json = _f("json")


def Selection(selection: Sequence[tuple[str, str]], string: str, **kw: Any) -> Field:
    return Field("selection", string, selection=selection, **kw)


def Many2one(comodel: str, string: str, **kw: Any) -> Field:
    return Field("many2one", string, relation=comodel, **kw)


def One2many(comodel: str, inverse_name: str, string: str, **kw: Any) -> Field:
    return Field("one2many", string, relation=comodel, inverse_name=inverse_name, **kw)


def Many2many(comodel: str, string: str, **kw: Any) -> Field:
    return Field("many2many", string, relation=comodel, **kw)


# --- fields_get ---------------------------------------------------------------------


def describe(field: Field, attributes: Sequence[str] | None) -> dict[str, Any]:
    """The `fields_get` description, omitting attributes that do not apply (as Odoo)."""
    full: dict[str, Any] = {
        "change_default": False,
        "company_dependent": False,
        "default_export_compatible": False,
        "depends": list(field.depends),
        "exportable": True,
        "groupable": field.groupable,
        "manual": False,
        "name": field.name,
        "readonly": field.readonly,
        "required": field.required,
        "searchable": field.searchable,
        "sortable": field.sortable,
        "store": field.store,
        "string": field.string,
        "type": field.type,
    }
    if field.help:
        full["help"] = field.help
    if field.type in ("char", "text", "html"):
        full["translate"] = field.translate
    if field.type == "char":
        full["trim"] = True
    if field.relational:
        full["relation"] = field.relation
        full["context"] = {}
        full["domain"] = []
    if field.type == "one2many":
        full["relation_field"] = field.inverse_name
    if field.type == "selection":
        full["selection"] = [list(pair) for pair in field.selection or ()]
    if field.type == "monetary":
        full["currency_field"] = field.currency_field or "currency_id"
    if field.aggregator and field.store:
        full["aggregator"] = field.aggregator
    if attributes is None:
        return dict(sorted(full.items()))
    return {key: full[key] for key in sorted(set(attributes)) if key in full}
