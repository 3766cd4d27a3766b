"""The registry: every sandbox model class, its fields (with Odoo's magic fields added),
and the relations between models the ORM needs (who references whom)."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator

from daniel.sandbox.orm.fields import Char, Datetime, Field, Integer, Many2one
from daniel.sandbox.orm.model import BaseModel
from daniel.sandbox.orm.store import Store


def _magic_fields(model: type[BaseModel]) -> dict[str, Field]:
    rec = model._rec_name if model._rec_name else None
    return {
        "id": Integer("ID", readonly=True),
        "display_name": Char(
            "Display Name",
            store=False,
            compute="_compute_display_name",
            search="_search_display_name",
            depends=[rec] if rec else [],
        ),
        "create_uid": Many2one("res.users", "Created by", readonly=True),
        "create_date": Datetime("Created on", readonly=True),
        "write_uid": Many2one("res.users", "Last Updated by", readonly=True),
        "write_date": Datetime("Last Updated on", readonly=True),
    }


def _all_subclasses(cls: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


class Registry:
    """Model name -> model class, set up once per process."""

    def __init__(self, classes: list[type[BaseModel]]) -> None:
        self.models: dict[str, type[BaseModel]] = {}
        for cls in classes:
            if cls._name:
                self.models[cls._name] = cls
        for cls in self.models.values():
            self._setup_fields(cls)
        #: model -> [(referring model, many2one/many2many field)]
        self.referrers: dict[str, list[tuple[str, Field]]] = {name: [] for name in self.models}
        for cls in self.models.values():
            for field in cls._fields.values():
                if field.store and field.type in ("many2one", "many2many"):
                    if field.relation not in self.models:
                        raise ValueError(f"{field!r} refers to unknown model {field.relation}")
                    self.referrers[str(field.relation)].append((cls._name, field))
        self.order_depends = {name: self._order_tables(cls) for name, cls in self.models.items()}

    @classmethod
    def from_loaded_models(cls) -> Registry:
        return cls(list(_all_subclasses(BaseModel)))

    def __getitem__(self, name: str) -> type[BaseModel]:
        return self.models[name]

    def __contains__(self, name: object) -> bool:
        return name in self.models

    def __iter__(self) -> Iterator[str]:
        return iter(self.models)

    @staticmethod
    def _setup_fields(cls: type[BaseModel]) -> None:
        fields: dict[str, Field] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Field):
                    fields[name] = value
        fields.update(_magic_fields(cls))
        final: dict[str, Field] = {}
        for name, field in fields.items():
            field = copy.copy(field)
            field.name = name
            field.model_name = cls._name
            final[name] = field
        cls._fields = final

    def _order_tables(self, cls: type[BaseModel]) -> tuple[str, ...]:
        tables = [cls._name]
        for part in (cls._order or "").split(","):
            name = part.strip().split(" ")[0].strip('"')
            field = cls._fields.get(name)
            model = cls
            while field is not None and field.related:
                hop = model._fields[field.related[0]]
                model = self.models[str(hop.relation)]
                if model._name not in tables:
                    tables.append(model._name)
                field = model._fields.get(field.related[1]) if len(field.related) > 1 else None
        return tuple(tables)

    def make_store(self, conn: sqlite3.Connection | None) -> Store:
        store = Store(conn)
        for name, cls in self.models.items():
            columns = [f for f in cls._fields.values() if f.column and f.name != "id"]
            store.add_table(name, columns, cls._persist)
        return store
