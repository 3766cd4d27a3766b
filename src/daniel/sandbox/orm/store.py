"""In-memory tables mirrored to SQLite, with all-or-nothing transactions.

Every model's rows live in memory (`Table.rows`: id -> stored values) so searches are
evaluated in Python without a round trip; each change is journaled and, when the RPC call
succeeds, written to the model's SQLite table in one transaction (`commit`). A failing
call restores the memory from the journal (`rollback`), exactly as Odoo discards its
transaction. Only the database worker thread touches a `Store`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from daniel.sandbox.orm.fields import COLUMN_TYPES, Field

Row = dict[str, Any]


def table_name(model: str) -> str:
    return model.replace(".", "_")


class Table:
    """The rows of one model, plus caches that die with any change."""

    __slots__ = ("cache", "columns", "model", "next_id", "persist", "rows", "version")

    def __init__(self, model: str, columns: list[Field], persist: bool) -> None:
        self.model = model
        self.columns = columns
        self.persist = persist
        self.rows: dict[int, Row] = {}
        self.next_id = 1
        self.version = 0
        self.cache: dict[Any, Any] = {}

    def touch(self) -> None:
        self.version += 1
        if self.cache:
            self.cache.clear()

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class Store:
    """All tables, the SQLite connection and the current transaction's journal."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self.conn = conn
        self.tables: dict[str, Table] = {}
        self.sequences: dict[str, int] = {}
        #: External ids (Odoo's ir.model.data): "module.name" -> (model, id).
        self.xmlids: dict[str, tuple[str, int]] = {}
        self._undo: dict[tuple[str, int], Row | None] = {}
        self._undo_next: dict[str, int] = {}
        self._undo_sequences: dict[str, int] | None = None
        self.in_transaction = False

    # --- schema -----------------------------------------------------------------------
    def add_table(self, model: str, columns: list[Field], persist: bool) -> Table:
        table = Table(model, columns, persist)
        self.tables[model] = table
        return table

    def create_schema(self) -> None:
        """Create missing tables and columns (a newer sandbox may add fields)."""
        assert self.conn is not None
        cur = self.conn.cursor()
        cur.execute("CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT)")
        for table in self.tables.values():
            if not table.persist:
                continue
            name = table_name(table.model)
            columns = "".join(f', "{f.name}" {COLUMN_TYPES[f.type]}' for f in table.columns)
            cur.execute(f'CREATE TABLE IF NOT EXISTS "{name}" (id INTEGER PRIMARY KEY{columns})')
            have = {r[1] for r in cur.execute(f'PRAGMA table_info("{name}")')}
            for field in table.columns:
                if field.name not in have:
                    ctype = COLUMN_TYPES[field.type]
                    cur.execute(f'ALTER TABLE "{name}" ADD COLUMN "{field.name}" {ctype}')
        self.conn.commit()

    def load(self) -> None:
        """Read every persisted row into memory."""
        assert self.conn is not None
        meta = dict(self.conn.execute("SELECT key, value FROM sandbox_meta").fetchall())
        self.sequences = json.loads(meta.get("sequences", "{}"))
        self.xmlids = {
            k: (v[0], int(v[1])) for k, v in json.loads(meta.get("xmlids", "{}")).items()
        }
        next_ids: dict[str, int] = json.loads(meta.get("next_ids", "{}"))
        for table in self.tables.values():
            if not table.persist:
                continue
            names = [f.name for f in table.columns]
            cols = ", ".join(f'"{n}"' for n in ["id", *names])
            query = f'SELECT {cols} FROM "{table_name(table.model)}"'  # noqa: S608 - registry names
            for record in self.conn.execute(query):
                row: Row = {"id": record[0]}
                for field, raw in zip(table.columns, record[1:], strict=True):
                    row[field.name] = _from_column(field, raw)
                table.rows[row["id"]] = row
            top = max(table.rows, default=0) + 1
            table.next_id = max(top, next_ids.get(table.model, 1))
            table.touch()

    def meta(self, key: str) -> str | None:
        assert self.conn is not None
        found = self.conn.execute("SELECT value FROM sandbox_meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else str(found[0])

    def set_meta(self, key: str, value: str) -> None:
        assert self.conn is not None
        self.conn.execute(
            "INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES (?, ?)", (key, value)
        )
        self.conn.commit()

    # --- rows -------------------------------------------------------------------------
    def table(self, model: str) -> Table:
        return self.tables[model]

    def get(self, model: str, rid: int) -> Row | None:
        return self.tables[model].rows.get(rid)

    def _remember(self, table: Table, rid: int) -> None:
        key = (table.model, rid)
        if self.in_transaction and key not in self._undo:
            old = table.rows.get(rid)
            self._undo[key] = dict(old) if old is not None else None

    def new_id(self, model: str) -> int:
        table = self.tables[model]
        if self.in_transaction and model not in self._undo_next:
            self._undo_next[model] = table.next_id
        rid = table.next_id
        table.next_id += 1
        return rid

    def insert(self, model: str, row: Row) -> None:
        table = self.tables[model]
        self._remember(table, row["id"])
        table.rows[row["id"]] = row
        table.touch()

    def update(self, model: str, rid: int, changes: Row) -> None:
        table = self.tables[model]
        self._remember(table, rid)
        table.rows[rid].update(changes)
        table.touch()

    def delete(self, model: str, rid: int) -> None:
        table = self.tables[model]
        self._remember(table, rid)
        table.rows.pop(rid, None)
        table.touch()

    def next_sequence(self, code: str) -> int:
        if self.in_transaction and self._undo_sequences is None:
            self._undo_sequences = dict(self.sequences)
        value = self.sequences.get(code, 0) + 1
        self.sequences[code] = value
        return value

    def ref(self, xmlid: str) -> int:
        return self.xmlids[xmlid][1]

    def xmlid_of(self, model: str, rid: int) -> str | None:
        key = ("xmlid_index", model)
        index = self.tables[model].cache.get(key)
        if index is None:
            index = {i: x for x, (m, i) in self.xmlids.items() if m == model}
            self.tables[model].cache[key] = index
        found = index.get(rid)
        return str(found) if found is not None else None

    # --- transactions -----------------------------------------------------------------
    def begin(self) -> None:
        self._undo.clear()
        self._undo_next.clear()
        self._undo_sequences = None
        self.in_transaction = True

    def rollback(self) -> None:
        for (model, rid), old in self._undo.items():
            table = self.tables[model]
            if old is None:
                table.rows.pop(rid, None)
            else:
                table.rows[rid] = old
            table.touch()
        for model, next_id in self._undo_next.items():
            self.tables[model].next_id = next_id
        if self._undo_sequences is not None:
            self.sequences = self._undo_sequences
        self._finish()

    def commit(self) -> None:
        """Write the transaction's changes to SQLite; on failure nothing changes at all."""
        if self.conn is not None and (self._undo or self._undo_next):
            try:
                self._write(self._undo.keys())
            except BaseException:
                self.conn.rollback()
                self.rollback()
                raise
        self._finish()

    def keep_without_writing(self) -> None:
        """End the transaction keeping its changes in memory only (seeding, tests)."""
        self._finish()

    def _finish(self) -> None:
        self._undo.clear()
        self._undo_next.clear()
        self._undo_sequences = None
        self.in_transaction = False

    def _write(self, keys: Iterable[tuple[str, int]]) -> None:
        assert self.conn is not None
        cur = self.conn.cursor()
        for model, rid in keys:
            table = self.tables[model]
            if not table.persist:
                continue
            name = table_name(model)
            row = table.rows.get(rid)
            if row is None:
                cur.execute(f'DELETE FROM "{name}" WHERE id = ?', (rid,))  # noqa: S608
                continue
            names = ["id", *(f.name for f in table.columns)]
            values = [rid, *(_to_column(f, row.get(f.name)) for f in table.columns)]
            cols = ", ".join(f'"{n}"' for n in names)
            marks = ", ".join("?" for _ in names)
            sql = f'INSERT OR REPLACE INTO "{name}" ({cols}) VALUES ({marks})'  # noqa: S608
            cur.execute(sql, values)
        next_ids = {m: t.next_id for m, t in self.tables.items() if t.persist}
        cur.execute(
            "INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES ('next_ids', ?)",
            (json.dumps(next_ids),),
        )
        cur.execute(
            "INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES ('sequences', ?)",
            (json.dumps(self.sequences),),
        )
        cur.execute(
            "INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES ('xmlids', ?)",
            (json.dumps(self.xmlids),),
        )
        self.conn.commit()

    def write_all(self) -> None:
        """Persist every row (used once after seeding)."""
        keys = [(m, rid) for m, t in self.tables.items() if t.persist for rid in t.rows]
        self._write(keys)


def _to_column(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.type in ("many2many", "json"):
        return json.dumps(list(value) if field.type == "many2many" else value)
    if field.type == "boolean":
        return 1 if value else 0
    return value


def _from_column(field: Field, raw: Any) -> Any:
    if raw is None:
        return field.empty()
    if field.type == "many2many":
        return tuple(json.loads(raw))
    if field.type == "json":
        return json.loads(raw)
    if field.type == "boolean":
        return bool(raw)
    if field.type in ("float", "monetary"):
        return float(raw)
    return raw
