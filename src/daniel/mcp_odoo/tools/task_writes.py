"""Task writes: create a task, assign it, move it to a stage, set its deadline."""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps, ToolCall
from daniel.mcp_odoo.core.resolve import KINDS, as_id, find, pick, rank_rows
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import TASK_FIELDS, m2o_id
from daniel.mcp_odoo.present.dates import parse_day
from daniel.mcp_odoo.present.i18n import fmt_date, join_names, label, t
from daniel.mcp_odoo.present.text import like_text
from daniel.mcp_odoo.present.typed_cards import task_cards
from daniel.mcp_odoo.toolkit import (
    WRITE,
    DateParam,
    IdempotencyKey,
    LangParam,
    NameOrId,
    RecordId,
    WriteTarget,
    change,
    old_stage,
    read_task,
    start_write,
)

Assignees = Annotated[
    list[NameOrId] | NameOrId,
    Field(description="User(s) to assign: names, ids, or 'me'."),
]


async def _users(call: ToolCall, value: list[NameOrId] | NameOrId | None) -> list[tuple[int, str]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    found = await asyncio.gather(*(call.resolve("user", item) for item in items))
    unique: dict[int, str] = {}
    for user_id, name in found:
        unique.setdefault(user_id, name)
    return list(unique.items())


async def _tags(call: ToolCall, names: list[str]) -> tuple[list[Any], list[str]]:
    """m2m commands linking existing tags by name and creating the missing ones."""
    commands: list[Any] = []
    shown: list[str] = []
    for name in names:
        text = name.strip()
        if not text:
            continue
        candidates = await find(call.odoo, ("task_tag",), text)
        exact = [c for c in candidates if c.rank <= 1]
        if exact:
            commands.append([4, exact[0].id, 0])
            shown.append(exact[0].name)
        else:
            commands.append([0, 0, {"name": text}])
            shown.append(text)
    return commands, shown


async def _deadline_value(call: ToolCall, day: dt.date) -> str:
    """The task deadline as Odoo stores it: a datetime on Odoo 17+, a date before."""
    fields = await call.odoo.fields_get("project.task")
    if fields.get("date_deadline", {}).get("type") == "datetime":
        return f"{day.isoformat()} 12:00:00"
    return day.isoformat()


TASKS = WriteTarget("project.task", TASK_FIELDS, task_cards)


async def task_create(
    deps: ServerDeps,
    name: Annotated[str, Field(min_length=1, max_length=200, description="Task title.")],
    project: Annotated[NameOrId, Field(description="Project: name or id.")],
    assignees: Annotated[
        list[NameOrId] | NameOrId | None, Field(description="User(s): names, ids or 'me'.")
    ] = None,
    deadline: DateParam = None,
    priority: Annotated[
        Literal["high", "normal"], Field(description="high (starred) or normal.")
    ] = "normal",
    description: Annotated[
        str | None, Field(max_length=5000, description="What the task is about.")
    ] = None,
    tags: Annotated[
        list[str] | None, Field(description="Tag names; missing tags are created.")
    ] = None,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Create a task in a project."""
    call = start_write(deps, "task_create", lang)
    day = parse_day(deadline, param="deadline", lang=call.lang) if deadline else None
    (project_id, project_name), users, (tag_commands, tag_names) = await asyncio.gather(
        call.resolve("project", project), _users(call, assignees), _tags(call, tags or [])
    )
    values: dict[str, Any] = {"name": name.strip(), "project_id": project_id}
    changes = [
        change("name", label(call.lang, "name"), None, values["name"]),
        change("project_id", label(call.lang, "project_id"), None, project_name),
    ]
    details = ""
    if users:
        values["user_ids"] = [[6, 0, [u[0] for u in users]]]
        names = [u[1] for u in users]
        changes.append(change("user_ids", label(call.lang, "user_ids"), None, names))
        details += t(call.lang, "for_user", user=join_names(names, call.lang))
    if day is not None:
        values["date_deadline"] = await _deadline_value(call, day)
        changes.append(
            change("date_deadline", label(call.lang, "date_deadline"), None, day.isoformat())
        )
        details += t(call.lang, "due", date=fmt_date(day, call.lang))
    if priority == "high":
        values["priority"] = "1"
        changes.append(change("priority", label(call.lang, "priority"), None, "high"))
        details += t(call.lang, "priority_part", value="alta" if call.lang == "es" else "high")
    if tag_commands:
        values["tag_ids"] = tag_commands
        changes.append(change("tag_ids", label(call.lang, "tag_ids"), None, tag_names))
        details += t(call.lang, "tags_part", tags=join_names(tag_names, call.lang))
    if description:
        values["description"] = description
        changes.append(change("description", label(call.lang, "description"), None, description))
    summary = t(
        call.lang, "create_task", name=values["name"], project=project_name, details=details
    )
    return await TASKS.create(
        call,
        tool="task_create",
        values=values,
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def task_assign(
    deps: ServerDeps,
    task_id: RecordId,
    assignees: Assignees,
    add: Annotated[
        bool, Field(description="Add to the current assignees instead of replacing them.")
    ] = False,
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Assign a task to one or more users (replaces the assignees unless add=true)."""
    call = start_write(deps, "task_assign", lang)
    row, users = await asyncio.gather(read_task(call, task_id), _users(call, assignees))
    old_ids = list(row.get("user_ids") or [])
    old_names_map = await deps.user_names.names(call.odoo, old_ids)
    old_names = [old_names_map.get(i, f"#{i}") for i in old_ids]
    new_ids = list(dict.fromkeys((old_ids if add else []) + [u[0] for u in users]))
    new_map = {**old_names_map, **dict(users)}
    new_names = [new_map.get(i, f"#{i}") for i in new_ids]
    values = {"user_ids": [[6, 0, new_ids]]}
    summary = t(
        call.lang, "assign_task", name=row.get("name"), users=join_names(new_names, call.lang)
    )
    changes = [change("user_ids", label(call.lang, "user_ids"), old_names, new_names)]
    return await TASKS.update(
        call,
        tool="task_assign",
        record_id=task_id,
        values=values,
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def task_set_stage(
    deps: ServerDeps,
    task_id: RecordId,
    stage: Annotated[NameOrId, Field(description="Stage name (of the task's project) or id.")],
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Move a task to another stage of its project."""
    call = start_write(deps, "task_set_stage", lang)
    row = await read_task(call, task_id)
    stage_id, stage_name = await _task_stage(call, stage, m2o_id(row.get("project_id")))
    old = old_stage(call, row, stage_id)  # a move to where it is: refused
    summary = t(call.lang, "task_stage", name=row.get("name"), old=old, new=stage_name)
    changes = [change("stage_id", label(call.lang, "stage_id"), old, stage_name)]
    return await TASKS.update(
        call,
        tool="task_set_stage",
        record_id=task_id,
        values={"stage_id": stage_id},
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


async def task_set_deadline(
    deps: ServerDeps,
    task_id: RecordId,
    deadline: Annotated[str, Field(description="New deadline: 2026-11-27, 'friday', ...")],
    idempotency_key: IdempotencyKey = None,
    lang: LangParam = None,
) -> ToolOutput:
    """Set or change a task's deadline."""
    call = start_write(deps, "task_set_deadline", lang)
    day = parse_day(deadline, param="deadline", lang=call.lang)
    row, value = await asyncio.gather(read_task(call, task_id), _deadline_value(call, day))
    old = str(row.get("date_deadline") or "")[:10] or None
    summary = t(call.lang, "task_deadline", name=row.get("name"), date=fmt_date(day, call.lang))
    changes = [change("date_deadline", label(call.lang, "date_deadline"), old, day.isoformat())]
    return await TASKS.update(
        call,
        tool="task_set_deadline",
        record_id=task_id,
        values={"date_deadline": value},
        changes=changes,
        summary=summary,
        idempotency_key=idempotency_key,
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        task_create,
        task_assign,
        task_set_stage,
        task_set_deadline,
    ):
        mcp.tool(annotations=WRITE, tags={"projects", "write"})(partial(tool, deps))


async def _task_stage(call: ToolCall, stage: NameOrId, project_id: int | None) -> tuple[int, str]:
    """A stage by id, or by name preferring the stages of the task's project."""
    if as_id(stage) is not None or project_id is None:
        return await call.resolve("task_stage", stage)
    rows = await call.odoo.search_read(
        "project.task.type",
        [["project_ids", "in", [project_id]], ["name", "ilike", like_text(str(stage))]],
        ["name"],
        limit=20,
    )
    if not rows:
        return await call.resolve("task_stage", stage)
    candidates = rank_rows(KINDS["task_stage"], rows, str(stage))
    return pick(candidates, kind="task_stage", text=str(stage), lang=call.lang)
