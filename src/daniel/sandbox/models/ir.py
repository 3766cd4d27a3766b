"""ir.model and ir.model.fields: read-only descriptions generated from the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daniel.sandbox.orm.fields import (
    Boolean,
    Char,
    Many2one,
    One2many,
    Selection,
    Text,
)
from daniel.sandbox.orm.model import BaseModel

if TYPE_CHECKING:
    from daniel.sandbox.orm.env import Env

FIELD_TYPES = [
    (t, t)
    for t in (
        "binary",
        "boolean",
        "char",
        "date",
        "datetime",
        "float",
        "html",
        "integer",
        "json",
        "many2many",
        "many2one",
        "monetary",
        "one2many",
        "selection",
        "text",
    )
]


class IrModel(BaseModel):
    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _persist = False
    _rec_names_search = ("name", "model")
    _viewer_fields = ("model", "info", "state", "transient")

    name = Char("Model Description", required=True, translate=True)
    model = Char("Model", required=True)
    info = Text("Information")
    state = Selection(
        [("manual", "Custom Object"), ("base", "Base Object")], "Type", default="base"
    )
    transient = Boolean("Transient Model")
    order = Char("Order")
    field_id = One2many("ir.model.fields", "model_id", "Fields")


class IrModelFields(BaseModel):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "name"
    _persist = False
    _rec_name = "field_description"
    _rec_names_search = ("name", "field_description")
    _viewer_fields = ("name", "model", "ttype", "relation", "required", "readonly", "store")

    name = Char("Field Name", required=True)
    field_description = Char("Field Label", required=True, translate=True)
    model = Char("Model Name", required=True)
    model_id = Many2one("ir.model", "Model", required=True, ondelete="cascade")
    ttype = Selection(FIELD_TYPES, "Field Type", required=True)
    relation = Char("Related Model")
    relation_field = Char("Relation Field")
    required = Boolean("Required")
    readonly = Boolean("Readonly")
    store = Boolean("Stored", default=True)
    translate = Boolean("Translatable")
    help = Text("Field Help")
    selection = Text("Selection Options")
    related = Char("Related Field Definition")
    state = Selection([("manual", "Custom Field"), ("base", "Base Field")], "Type", default="base")


def populate(env: Env) -> None:
    """Fill the two in-memory tables from the registry (done at every start)."""
    store = env.store
    field_id = 1
    for model_id, name in enumerate(sorted(env.registry), start=1):
        cls = env.registry[name]
        store.insert(
            "ir.model",
            _row(
                IrModel,
                id=model_id,
                name=cls._description or name,
                model=name,
                info=(cls.__doc__ or "").strip() or None,
                state="base",
                transient=False,
                order=cls._order,
            ),
        )
        for field in cls._fields.values():
            selection = repr([list(pair) for pair in field.selection]) if field.selection else None
            store.insert(
                "ir.model.fields",
                _row(
                    IrModelFields,
                    id=field_id,
                    name=field.name,
                    field_description=field.string,
                    model=name,
                    model_id=model_id,
                    ttype=field.type,
                    relation=field.relation,
                    relation_field=field.inverse_name,
                    required=field.required,
                    readonly=field.readonly,
                    store=field.store,
                    translate=field.translate,
                    help=field.help,
                    selection=selection,
                    related=".".join(field.related) if field.related else None,
                    state="base",
                ),
            )
            field_id += 1
    for table in ("ir.model", "ir.model.fields"):
        store.table(table).next_id = max(store.table(table).rows, default=0) + 1


def _row(cls: type[BaseModel], **values: Any) -> dict[str, Any]:
    row = {f.name: f.empty() for f in cls._fields.values() if f.column}
    row.update(values)
    row.update(create_uid=1, write_uid=1, create_date=None, write_date=None)
    return row
