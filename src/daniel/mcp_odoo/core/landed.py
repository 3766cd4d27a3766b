"""Writes as Odoo sees them (`Step`), and whether one reached Odoo (`find_write`).

When the answer to a write is lost (a timeout, a cut connection, a dying proxy), Odoo
may or may not have applied it. Before anything is said, the server reads Odoo back:

- a change of fields (`write`, or a method such as `action_confirm` with the fields it
  leaves): the record's fields now hold the new values;
- a new record (`create`): a record of the model with those values, created by this user
  since shortly before the write started, that no earlier write of ours accounts for;
- a chatter note only: a message on the record with the note's words, posted since then.

Only fields that read back as they were written are compared (text, numbers, dates,
selections, many2one ids); html, binary and x2many values are not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from daniel.mcp_odoo.core.gateway import OdooCalls

#: Odoo's and our clocks may differ a little: look this far before the write started.
CLOCK_SLACK = dt.timedelta(minutes=2)
_COMPARABLE = frozenset(
    {"char", "text", "integer", "float", "monetary", "boolean", "selection", "date", "datetime"}
)
_WORDS = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")


@dataclass(frozen=True)
class Step:
    """One write: create `values` (no `record_id`), or on `record_id` write `values` or call
    `method` (whose outcome `values` then describe), then post `note` in its chatter."""

    model: str
    record_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    method: str | None = None
    note: str | None = None

    async def __call__(self, calls: OdooCalls) -> list[int]:
        if self.record_id is None:
            return [await calls.create(self.model, self.values)]
        if self.method:
            await calls.call(self.model, self.method, [self.record_id])
        elif self.values:
            await calls.write(self.model, [self.record_id], self.values)
        if self.note:
            await post_note(calls, self.model, self.record_id, self.note)
        return [self.record_id]

    def to_record(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "record_id": self.record_id,
            "values": self.values,
            "method": self.method,
            "note": self.note,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Step:
        return cls(
            model=str(data["model"]),
            record_id=data.get("record_id"),
            values=dict(data.get("values") or {}),
            method=data.get("method"),
            note=data.get("note"),
        )


async def post_note(calls: OdooCalls, model: str, record_id: int, note: str) -> None:
    await calls.call(
        model,
        "message_post",
        [record_id],
        body=note,
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )


def odoo_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


async def find_write(
    calls: OdooCalls, step: Step, *, uid: int | None, since: dt.datetime, known: set[int]
) -> list[int] | None:
    """The ids the write left in Odoo, or None when Odoo does not have it.

    Raises the gateway's `ToolError` when Odoo cannot be asked."""
    after = odoo_datetime(since - CLOCK_SLACK)
    types = {
        name: str(spec.get("type")) for name, spec in (await calls.fields_get(step.model)).items()
    }
    compared = {
        name: value
        for name, value in step.values.items()
        if types.get(name) in _COMPARABLE | {"many2one"} and not isinstance(value, list | dict)
    }
    if step.record_id is None:
        domain: list[Any] = [[name, "=", value] for name, value in compared.items()]
        domain.append(["create_date", ">=", after])
        if uid is not None:
            domain.append(["create_uid", "=", uid])
        if known:
            domain.append(["id", "not in", sorted(known)])
        rows = await calls.search_read(step.model, domain, ["id"], limit=1, order="id desc")
        return [int(rows[0]["id"])] if rows else None
    if compared:
        rows = await calls.read(step.model, [step.record_id], list(compared))
        if not rows or not all(_same(rows[0].get(k), v) for k, v in compared.items()):
            return None
        return [step.record_id]
    if step.note:
        words = max(_WORDS.findall(step.note), key=len, default="")[:60]
        domain = [
            ["model", "=", step.model],
            ["res_id", "=", step.record_id],
            ["date", ">=", after],
        ]
        if words:
            domain.append(["body", "ilike", words])
        rows = await calls.search_read("mail.message", domain, ["id"], limit=1)
        return [step.record_id] if rows else None
    return None


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(found, list | tuple) and found:  # many2one [id, name]
        found = found[0]
    if found is False and wanted in (None, False, ""):
        return True
    if isinstance(wanted, float) or isinstance(found, float):
        try:
            return abs(float(found) - float(wanted)) < 1e-6
        except (TypeError, ValueError):
            return False
    return bool(found == wanted)
