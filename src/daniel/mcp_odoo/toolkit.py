"""Building blocks shared by the tool plugins: parameter types, filters, results.

Read results follow one contract (the avatar server and the browser render it):
`{"summary", "kind", "records": [card...], "count", "has_more"}`; summaries add
`"groups": [{"key", "label", "count", "amount"}]` and `"total"`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.config import DEFAULT_LIMIT, MAX_LIMIT, Lang
from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.gateway import OdooCalls
from daniel.mcp_odoo.core.resolve import as_id, is_me
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolOutput
from daniel.mcp_odoo.core.writes import (
    Describer,
    Runner,
    WriteAction,
    create_runner,
    update_runner,
)
from daniel.mcp_odoo.present.cards import LEAD_FIELDS, TASK_FIELDS, Card, Record, m2o_id, m2o_name
from daniel.mcp_odoo.present.i18n import join_names, noun, t
from daniel.mcp_odoo.present.text import encode_content, like_text

Kind = Literal[
    "leads", "tasks", "projects", "orders", "partners", "users", "summary", "stages", "records"
]

LangParam = Annotated[
    Lang | None,
    Field(description="Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."),
]
Limit = Annotated[
    int, Field(ge=1, le=MAX_LIMIT, description=f"Most records to return (1-{MAX_LIMIT}).")
]
Offset = Annotated[int, Field(ge=0, description="Records to skip, to page through results.")]
IdempotencyKey = Annotated[
    str | None,
    Field(
        max_length=200,
        description="Optional unique key for this write; retrying with the same key returns "
        "the first result instead of writing twice.",
    ),
]
RecordId = Annotated[int, Field(ge=1, description="The record's id.")]
NameOrId = int | Annotated[str, Field(min_length=1, max_length=200)]
Salesperson = Annotated[
    NameOrId | None,
    Field(description="Salesperson: a user's name, id, or 'me' for the connected user."),
]
DateParam = Annotated[
    str | None,
    Field(
        max_length=40,
        description="A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday...",
    ),
]

READ_ONLY = {"readOnlyHint": True, "destructiveHint": False, "openWorldHint": False}
WRITE = {"readOnlyHint": False, "destructiveHint": False, "openWorldHint": False}

DEFAULT = DEFAULT_LIMIT


def m2o_leaf(field: str, value: int | str, uid: int | None) -> list[Any]:
    """A filter on a many2one (or many2many) field from an id, a name or "me"."""
    record_id = as_id(value)
    if record_id is not None:
        return [field, "=", record_id]
    if uid is not None and is_me(str(value)):
        return [field, "=", uid]
    return [field, "ilike", like_text(str(value))]


async def my_uid(call: ToolCall, *values: int | str | None) -> int | None:
    """The caller's Odoo uid when one of `values` says "me" (costs nothing otherwise)."""
    if any(isinstance(v, str) and is_me(v) for v in values):
        return await call.odoo.uid()
    return None


async def search_page(
    call: ToolCall,
    model: str,
    domain: list[Any],
    fields: list[str],
    *,
    limit: int,
    offset: int,
    order: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of records and the total count, in one Odoo request.

    Odoo serves one request at a time per worker, so a count sent alongside the page
    costs its full time. Odoo 17+ answers both at once (`web_search_read`, which counts
    only when the page comes back full). Otherwise the page is read with one row more
    than asked: when fewer come back the total is known (`offset` + rows); only when the
    extra row comes back does a `search_count` follow. A page past the end that comes
    back empty is counted too, so the total stays exact.
    """
    if await call.odoo.pages_in_one_request():
        return await _web_page(call, model, domain, fields, limit, offset, order)
    rows = await call.odoo.search_read(
        model, domain, fields, offset=offset, limit=limit + 1, order=order
    )
    if len(rows) <= limit and (rows or offset == 0):
        return rows, offset + len(rows)
    return rows[:limit], await call.odoo.search_count(model, domain)


async def _web_page(
    call: ToolCall,
    model: str,
    domain: list[Any],
    fields: list[str],
    limit: int,
    offset: int,
    order: str | None,
) -> tuple[list[dict[str, Any]], int]:
    """`search_page` through `web_search_read`; rows as `search_read` shapes them."""
    spec = await web_spec(call, model, fields)
    answer = await call.odoo.web_search_read(
        model, domain, spec, offset=offset, limit=limit, order=order
    )
    rows = [classic_row(row) for row in answer["records"]]
    if not rows and offset:
        return rows, await call.odoo.search_count(model, domain)
    return rows, int(answer.get("length") or 0)


async def web_spec(call: ToolCall, model: str, fields: list[str]) -> dict[str, Any]:
    """The `web_read` specification of `fields` (a many2one with its display name), built
    from the model's field definitions (cached, so no request once warm)."""
    types = {name: spec.get("type") for name, spec in (await call.odoo.fields_get(model)).items()}
    name_only: dict[str, Any] = {"fields": {"display_name": {}}}
    return {name: name_only if types.get(name) == "many2one" else {} for name in fields}


def classic_row(row: dict[str, Any]) -> dict[str, Any]:
    """A `web_read` many2one (`{id, display_name}`) as `read` gives it: `[id, name]`."""
    return {
        name: [value["id"], value.get("display_name")]
        if isinstance(value, dict) and "id" in value
        else value
        for name, value in row.items()
    }


def read_result(
    call: ToolCall,
    *,
    kind: Kind,
    what: str,
    cards: list[Card],
    count: int,
    offset: int = 0,
    describe: Callable[[Card], str] | None = None,
    summary: str | None = None,
    extra: dict[str, Any] | None = None,
) -> ToolOutput:
    """The standard read result, with a short summary naming the first few records."""
    text = summary or list_summary(call.lang, what, count, cards, describe)
    data: dict[str, Any] = {
        "summary": text,
        "kind": kind,
        "records": cards,
        "count": count,
        "has_more": offset + len(cards) < count,
    }
    if extra:
        data.update(extra)
    return encode_content(text, data)


def detail_result(
    call: ToolCall, *, kind: Kind, what: str, card: Card, details: list[str]
) -> ToolOutput:
    """One record as a read result; the summary names it with its non-empty details."""
    text = t(
        call.lang,
        "record_detail",
        name=card["name"],
        details=", ".join(d for d in details if d),
    )
    return read_result(call, kind=kind, what=what, cards=[card], count=1, summary=text)


def list_summary(
    lang: Lang,
    what: str,
    count: int,
    cards: list[Card],
    describe: Callable[[Card], str] | None = None,
) -> str:
    """ "12 oportunidades: Flota Ruiz (Propuesta), Web Acme (Nueva) y 10 más."""
    noun = t(lang, what)
    if count == 0 or not cards:
        return t(lang, "none_found", what=noun)
    shown = [describe(card) if describe else str(card["name"]) for card in cards[:3]]
    rest = count - len(shown)
    if rest > 0:
        shown.append(f"{rest} más" if lang == "es" else f"{rest} more")
    return f"{t(lang, 'found', count=count, what=noun)}: {join_names(shown, lang)}."


def change(field: str, label: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": field, "label": label, "old": old, "new": new}


def start_write(deps: ServerDeps, tool: str, lang: Lang | None) -> ToolCall:
    """Open a write tool's call, refusing at once (no Odoo request) in read-only mode."""
    call = deps.call(lang)
    deps.writes.check_writable(tool, call.lang)
    return call


async def read_one(
    call: ToolCall, model: str, kind: str, record_id: int, fields: list[str]
) -> dict[str, Any]:
    """One record's values, or a clear not-found error naming the `kind` of record."""
    rows = await call.odoo.read(model, [record_id], fields)
    if not rows:
        raise ToolError(t(call.lang, "not_found_id", kind=noun(call.lang, kind), id=record_id))
    return rows[0]


def old_stage(call: ToolCall, row: dict[str, Any], stage_id: int) -> str | None:
    """The name of the stage the record read as `row` is in, before a move to `stage_id`;
    a move to where it already is changes nothing and is refused, never written."""
    old = m2o_name(row.get("stage_id"))
    if stage_id == m2o_id(row.get("stage_id")):
        raise ToolError(t(call.lang, "already_in_stage", name=row.get("name"), stage=old))
    return old


async def read_lead(call: ToolCall, lead_id: int, extra: list[str] | None = None) -> dict[str, Any]:
    """The lead's values (archived ones too), or a clear not-found error."""
    return await read_one(call, "crm.lead", "lead", lead_id, LEAD_FIELDS + (extra or []))


async def read_task(call: ToolCall, task_id: int, extra: list[str] | None = None) -> dict[str, Any]:
    """The task's values, or a clear not-found error."""
    return await read_one(call, "project.task", "task", task_id, TASK_FIELDS + (extra or []))


CardsFor = Callable[[ToolCall, list[dict[str, Any]]], Awaitable[list[Card]]]


def plain_cards(card: Callable[[Record, str], Card]) -> CardsFor:
    """The cards of records whose card needs nothing but the record and the Odoo URL."""

    async def cards(call: ToolCall, rows: list[dict[str, Any]]) -> list[Card]:
        return [card(row, call.base_url) for row in rows]

    return cards


@dataclass(frozen=True)
class WriteTarget:
    """A model the write tools change, and how its records read back after a write.

    Every write goes one way: the tool works out the values, the changes to show and a
    summary; `WriteService` then previews it with a confirmation token (or applies it at
    once in allow mode) and, once done, reports the records as they are now.
    """

    model: str
    fields: list[str]
    cards: CardsFor

    async def create(
        self,
        call: ToolCall,
        *,
        tool: str,
        values: dict[str, Any],
        changes: list[dict[str, Any]],
        summary: str,
        idempotency_key: str | None,
    ) -> ToolOutput:
        """Create one record with `values`."""
        return await self.submit(
            call,
            tool=tool,
            ids=[],
            values=values,
            changes=changes,
            summary=summary,
            run=create_runner(self.model, values),
            idempotency_key=idempotency_key,
        )

    async def update(
        self,
        call: ToolCall,
        *,
        tool: str,
        record_id: int,
        values: dict[str, Any],
        changes: list[dict[str, Any]],
        summary: str,
        idempotency_key: str | None,
    ) -> ToolOutput:
        """Write `values` on one record."""
        return await self.submit(
            call,
            tool=tool,
            ids=[record_id],
            values=values,
            changes=changes,
            summary=summary,
            run=update_runner(self.model, record_id, values),
            idempotency_key=idempotency_key,
        )

    async def update_fields(
        self,
        call: ToolCall,
        *,
        tool: str,
        record_id: int,
        name: str | None,
        values: dict[str, Any],
        changes: list[dict[str, Any]],
        summary_key: str,
        idempotency_key: str | None,
        unchanged: Sequence[str] = (),
    ) -> ToolOutput:
        """Write the fields that changed on the record `name`, summarised as
        "<summary_key>: Label: new, …"; none changed is a clear error, not an empty write:
        what was asked and is `unchanged` already ("Comercial: Carlos Navarro") is said."""
        if not values and unchanged:
            raise ToolError(t(call.lang, "already_so", name=name, details=", ".join(unchanged)))
        if not values:
            raise ToolError(t(call.lang, "nothing_to_change", name=name))
        details = ", ".join(f"{c['label']}: {c['new']}" for c in changes)
        return await self.update(
            call,
            tool=tool,
            record_id=record_id,
            values=values,
            changes=changes,
            summary=t(call.lang, summary_key, name=name, details=details),
            idempotency_key=idempotency_key,
        )

    async def submit(
        self,
        call: ToolCall,
        *,
        tool: str,
        ids: list[int],
        values: dict[str, Any],
        changes: list[dict[str, Any]],
        summary: str,
        run: Runner,
        idempotency_key: str | None,
    ) -> ToolOutput:
        """Any write on this model: `values` is what the audit log and the digest see."""
        action = WriteAction(
            tool, self.model, ids, values, changes, summary, run, self._describer(call, summary)
        )
        return await call.deps.writes.submit(
            action, lang=call.lang, idempotency_key=idempotency_key
        )

    def _describer(self, call: ToolCall, summary: str) -> Describer:
        async def describe(calls: OdooCalls, ids: list[int]) -> tuple[str, list[Card]]:
            rows = await calls.read(self.model, ids, self.fields)
            return summary, await self.cards(call, rows)

        return describe
