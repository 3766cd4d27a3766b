"""The store: all-or-nothing transactions between memory and SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from daniel.sandbox.database import registry
from daniel.sandbox.orm.env import Env


def _names(env: Env) -> list[str]:
    return sorted(str(r["name"]) for r in env.store.table("res.partner").rows.values())


def test_a_failed_call_leaves_memory_and_disk_untouched(tmp_path: Path) -> None:
    reg = registry()
    conn = sqlite3.connect(tmp_path / "store.sqlite3")
    store = reg.make_store(conn)
    store.create_schema()
    env = Env(reg, store, 1, su=True)
    store.begin()
    env["res.partner"].create({"name": "Guardado"})
    store.commit()
    store.begin()
    env["res.partner"].create({"name": "Descartado"})
    store.rollback()
    assert _names(env) == ["Guardado"]
    conn.execute('DROP TABLE "res_partner"')  # the next write to disk fails
    store.begin()
    env["res.partner"].create({"name": "Perdido"})
    with pytest.raises(sqlite3.OperationalError):
        store.commit()
    assert _names(env) == ["Guardado"]
    assert store.table("res.partner").next_id == 2


def test_reload_gives_back_what_was_committed(tmp_path: Path) -> None:
    reg = registry()
    path = tmp_path / "store.sqlite3"
    store = reg.make_store(sqlite3.connect(path))
    store.create_schema()
    env = Env(reg, store, 1, su=True)
    store.begin()
    tag = env["res.partner.category"].create({"name": "Etiqueta"})[0]
    env["res.partner"].create({"name": "Con etiqueta", "category_id": [(6, 0, [tag])], "color": 4})
    store.commit()
    again = reg.make_store(sqlite3.connect(path))
    again.load()
    row = next(iter(again.table("res.partner").rows.values()))
    assert (row["name"], row["category_id"], row["color"], row["active"]) == (
        "Con etiqueta",
        (tag,),
        4,
        True,
    )
