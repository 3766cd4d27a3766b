"""Projects: the list with their task counts (one request for the page)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import PROJECT_FIELDS, Card, project_card
from daniel.mcp_odoo.present.text import like_text
from daniel.mcp_odoo.toolkit import (
    DEFAULT,
    READ_ONLY,
    LangParam,
    Limit,
    NameOrId,
    Offset,
    m2o_leaf,
    my_uid,
    read_result,
    search_page,
)


async def project_list(
    deps: ServerDeps,
    query: Annotated[
        str | None, Field(max_length=200, description="Words in the project's name.")
    ] = None,
    manager: Annotated[
        NameOrId | None, Field(description="Project manager: name, id or 'me'.")
    ] = None,
    customer: Annotated[NameOrId | None, Field(description="Customer: name or id.")] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    lang: LangParam = None,
) -> ToolOutput:
    """List projects with their number of tasks."""
    call = deps.call(lang)
    uid = await my_uid(call, manager)
    domain: list[Any] = []
    if query:
        domain.append(["name", "ilike", like_text(query)])
    if manager is not None:
        domain.append(m2o_leaf("user_id", manager, uid))
    if customer is not None:
        domain.append(m2o_leaf("partner_id", customer, uid))
    rows, count = await search_page(
        call,
        "project.project",
        domain,
        PROJECT_FIELDS,
        limit=limit,
        offset=offset,
        order="name",
    )
    cards = [project_card(row, call.base_url) for row in rows]
    tasks_word = "tareas" if call.lang == "es" else "tasks"

    def describe(card: Card) -> str:
        return f"{card['name']} ({card['task_count']} {tasks_word})"

    return read_result(
        call,
        kind="projects",
        what="projects",
        cards=cards,
        count=count,
        offset=offset,
        describe=describe,
    )


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    mcp.tool(annotations=READ_ONLY, tags={"projects"})(partial(project_list, deps))
