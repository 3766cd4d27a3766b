"""Project tasks: list by assignee, project, stage or deadline; read one."""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import TASK_FIELDS, Card
from daniel.mcp_odoo.present.dates import week_bounds
from daniel.mcp_odoo.present.i18n import fmt_date
from daniel.mcp_odoo.present.text import html_to_text, like_text
from daniel.mcp_odoo.present.typed_cards import task_cards
from daniel.mcp_odoo.toolkit import (
    DEFAULT,
    READ_ONLY,
    LangParam,
    Limit,
    NameOrId,
    Offset,
    RecordId,
    detail_result,
    m2o_leaf,
    my_uid,
    read_result,
    read_task,
    search_page,
)
from daniel.odoo import meanings

Deadline = Literal["overdue", "today", "this_week", "next_week", "none"]
CLOSED_STATES = list(meanings.TASK_CLOSED_STATES)


def deadline_domain(deadline: Deadline, today: dt.date) -> list[Any]:
    """Filter on a task's deadline (a datetime in Odoo 18: compare whole days)."""

    def at(day: dt.date) -> str:
        return f"{day.isoformat()} 00:00:00"

    tomorrow = today + dt.timedelta(days=1)
    if deadline == "none":
        return [["date_deadline", "=", False]]
    if deadline == "overdue":
        return [["date_deadline", "<", at(today)], ["date_deadline", "!=", False]]
    if deadline == "today":
        return [["date_deadline", ">=", at(today)], ["date_deadline", "<", at(tomorrow)]]
    start, end = week_bounds(today, 0 if deadline == "this_week" else 1)
    return [["date_deadline", ">=", at(start)], ["date_deadline", "<", at(end)]]


def describe_task(lang: Any) -> Any:
    def describe(card: Card) -> str:
        if card.get("deadline"):
            return f"{card['name']} ({fmt_date(card['deadline'], lang)})"
        return str(card["name"])

    return describe


async def task_list(
    deps: ServerDeps,
    assignee: Annotated[
        NameOrId | None, Field(description="Assigned user: name, id, or 'me'.")
    ] = None,
    project: Annotated[NameOrId | None, Field(description="Project: name or id.")] = None,
    stage: Annotated[NameOrId | None, Field(description="Task stage: name or id.")] = None,
    deadline: Annotated[
        Deadline | None,
        Field(description="overdue, today, this_week, next_week or none (no deadline)."),
    ] = None,
    priority: Annotated[
        Literal["high", "normal"] | None, Field(description="high (starred) or normal.")
    ] = None,
    query: Annotated[
        str | None, Field(max_length=200, description="Words in the task's title.")
    ] = None,
    include_closed: Annotated[
        bool, Field(description="Also list done and cancelled tasks.")
    ] = False,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    lang: LangParam = None,
) -> ToolOutput:
    """List tasks, soonest deadline first. "My tasks today": assignee='me', deadline='today'."""
    call = deps.call(lang)
    uid = await my_uid(call, assignee)
    domain: list[Any] = [] if include_closed else [["state", "not in", CLOSED_STATES]]
    if assignee is not None:
        domain.append(m2o_leaf("user_ids", assignee, uid))
    if project is not None:
        domain.append(m2o_leaf("project_id", project, uid))
    if stage is not None:
        domain.append(m2o_leaf("stage_id", stage, uid))
    if deadline is not None:
        domain += deadline_domain(deadline, dt.date.today())
    if priority is not None:
        domain.append(["priority", "=", "1" if priority == "high" else "0"])
    if query:
        domain.append(["name", "ilike", like_text(query)])
    (rows, count), _, _ = await asyncio.gather(
        search_page(
            call,
            "project.task",
            domain,
            TASK_FIELDS,
            offset=offset,
            limit=limit,
            order="date_deadline asc, priority desc, id desc",
        ),
        deps.user_names.prime(call.odoo),
        deps.task_tag_names.prime(call.odoo),
    )
    cards = await task_cards(call, rows)
    return read_result(
        call,
        kind="tasks",
        what="tasks",
        cards=cards,
        count=count,
        offset=offset,
        describe=describe_task(call.lang),
    )


async def task_get(deps: ServerDeps, task_id: RecordId, lang: LangParam = None) -> ToolOutput:
    """One task with its project, stage, assignees, deadline, tags and description."""
    call = deps.call(lang)
    row = await read_task(call, task_id, ["description"])
    card = (await task_cards(call, [row]))[0]
    card["description"] = html_to_text(row.get("description"))
    details = [str(card.get("project") or ""), str(card.get("stage") or "")]
    if card["assignees"]:
        details.append(", ".join(card["assignees"]))
    if card.get("deadline"):
        details.append(fmt_date(card["deadline"], call.lang))
    return detail_result(call, kind="tasks", what="tasks", card=card, details=details)


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        task_list,
        task_get,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"projects"})(partial(tool, deps))
