"""Users: who the server acts as, and the people in the company."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolOutput, ToolRegistry
from daniel.mcp_odoo.present.cards import USER_FIELDS, m2o_name, text_or_none, user_card
from daniel.mcp_odoo.present.text import like_text
from daniel.mcp_odoo.toolkit import (
    DEFAULT,
    READ_ONLY,
    LangParam,
    Limit,
    Offset,
    read_result,
    search_page,
)


async def user_context(deps: ServerDeps, lang: LangParam = None) -> ToolOutput:
    """The Odoo user this server acts as: name, login, company, time zone, language, uid."""
    call = deps.call(lang)
    uid = await call.odoo.uid()
    rows = await call.odoo.read("res.users", [uid], [*USER_FIELDS, "tz", "lang"])
    row: dict[str, Any] = rows[0] if rows else {"id": uid, "name": call.gateway.login}
    card = user_card(row, call.base_url)
    context = {
        "uid": uid,
        "name": card["name"],
        "login": card.get("login") or call.gateway.login,
        "company": m2o_name(row.get("company_id")),
        "tz": text_or_none(row.get("tz")),
        "lang": text_or_none(row.get("lang")),
    }
    card.update(tz=context["tz"], lang=context["lang"])
    text = call.t(
        "user_context",
        name=context["name"],
        login=context["login"],
        company=context["company"] or "—",
    )
    return read_result(
        call,
        kind="users",
        what="users",
        cards=[card],
        count=1,
        summary=text,
        extra={"user": context},
    )


async def user_list(
    deps: ServerDeps,
    query: Annotated[
        str | None, Field(max_length=200, description="Words in the user's name or login.")
    ] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
    lang: LangParam = None,
) -> ToolOutput:
    """List the company's users (the people tasks and leads can be assigned to)."""
    call = deps.call(lang)
    domain: list[Any] = []
    if query:
        text = like_text(query)
        domain = ["|", ["name", "ilike", text], ["login", "ilike", text]]
    rows, count = await search_page(
        call, "res.users", domain, USER_FIELDS, limit=limit, offset=offset, order="name"
    )
    cards = [user_card(row, call.base_url) for row in rows]
    return read_result(call, kind="users", what="users", cards=cards, count=count, offset=offset)


def register(mcp: ToolRegistry, deps: ServerDeps) -> None:
    for tool in (
        user_context,
        user_list,
    ):
        mcp.tool(annotations=READ_ONLY, tags={"users"})(partial(tool, deps))
