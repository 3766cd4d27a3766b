"""Project and task tools through a real MCP session, checked against the sandbox."""

from __future__ import annotations

import datetime as dt

import pytest
from mcp_session import McpSession, unique

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

OPEN_TASKS = [["state", "not in", ["1_done", "1_canceled"]]]


async def test_projects_come_with_their_task_counts(session: McpSession, odoo: OdooClient) -> None:
    data = await session.ok("project_list", limit=100)
    assert data["kind"] == "projects"
    assert data["count"] == await odoo.search_count("project.project")
    for card in data["records"][:3]:
        tasks = await odoo.search_count("project.task", [["project_id", "=", card["id"]]])
        assert card["task_count"] == tasks
    assert "proyectos" in data["summary"]


async def test_task_list_filters_by_project_and_assignee(
    session: McpSession, odoo: OdooClient
) -> None:
    project = (await odoo.search_read("project.project", [], ["name"], limit=1))[0]
    data = await session.ok("task_list", project=project["name"], limit=100)
    expected = await odoo.search_count(
        "project.task", [*OPEN_TASKS, ["project_id", "=", project["id"]]]
    )
    assert data["count"] == expected
    assert all(card["project"] == project["name"] for card in data["records"])
    mine = await session.ok("task_list", assignee="me", limit=100, lang="en")
    me = (await odoo.read("res.users", [odoo.uid or 0], ["name"]))[0]["name"]
    assert all(me in card["assignees"] for card in mine["records"])
    assert mine["count"] == await odoo.search_count(
        "project.task", [*OPEN_TASKS, ["user_ids", "in", [odoo.uid]]]
    )


async def test_deadline_filters_pick_the_right_days(session: McpSession, odoo: OdooClient) -> None:
    today = dt.date.today()
    project = (await odoo.search_read("project.project", [], ["name"], limit=1))[0]
    overdue = await session.write(
        "task_create",
        name=unique("Factura atrasada"),
        project=project["id"],
        deadline=(today - dt.timedelta(days=3)).isoformat(),
    )
    due_today = await session.write(
        "task_create", name=unique("Llamar hoy"), project=project["id"], deadline="hoy"
    )
    listed_overdue = await session.ok("task_list", deadline="overdue", limit=100)
    listed_today = await session.ok("task_list", deadline="today", limit=100)
    overdue_ids = {c["id"] for c in listed_overdue["records"]}
    today_ids = {c["id"] for c in listed_today["records"]}
    assert overdue["ids"][0] in overdue_ids
    assert overdue["ids"][0] not in today_ids
    assert due_today["ids"][0] in today_ids
    assert due_today["ids"][0] not in overdue_ids
    assert all(c["deadline"] == today.isoformat() for c in listed_today["records"])
    assert all(c["deadline"] < today.isoformat() for c in listed_overdue["records"])


async def test_create_task_previews_then_creates(session: McpSession, odoo: OdooClient) -> None:
    project = (await odoo.search_read("project.project", [], ["name"], limit=1))[0]
    name = unique("Preparar demo")
    preview = await session.ok(
        "task_create",
        name=name,
        project=project["name"],
        assignees=["me"],
        deadline="2030-11-29",
        priority="high",
        tags=[unique("demo")],
    )
    assert preview["status"] == "needs_confirmation"
    assert preview["summary"].startswith(f"Crear la tarea «{name}» en {project['name']} para ")
    assert "vence el viernes 29/11/2030" in preview["summary"]
    assert await odoo.search_count("project.task", [["name", "=", name]]) == 0
    done = await session.ok("confirm_action", confirmation_token=preview["confirmation_token"])
    task_id = done["ids"][0]
    got = await session.ok("task_get", task_id=task_id)
    card = got["records"][0]
    assert card["name"] == name
    assert card["project"] == project["name"]
    assert card["deadline"] == "2030-11-29"
    assert card["priority"] == "high"
    assert len(card["tags"]) == 1
    assert odoo.uid in (await odoo.read("project.task", [task_id], ["user_ids"]))[0]["user_ids"]


async def test_assign_stage_and_deadline_change_the_task(
    session: McpSession, odoo: OdooClient
) -> None:
    project = (await odoo.search_read("project.project", [], ["name", "type_ids"], limit=1))[0]
    users = await odoo.search_read("res.users", [["id", "!=", odoo.uid]], ["name"], limit=1)
    task = await session.write("task_create", name=unique("Revisar"), project=project["id"])
    task_id = task["ids"][0]

    assigned = await session.write("task_assign", task_id=task_id, assignees=[users[0]["name"]])
    assert assigned["records"][0]["assignees"] == [users[0]["name"]]
    added = await session.write("task_assign", task_id=task_id, assignees="me", add=True)
    assert len(added["records"][0]["assignees"]) == 2

    stages = await odoo.read("project.task.type", project["type_ids"], ["name", "sequence"])
    target = max(stages, key=lambda stage: (stage["sequence"], stage["id"]))
    moved = await session.write("task_set_stage", task_id=task_id, stage=target["name"])
    assert moved["records"][0]["stage"] == target["name"]

    dated = await session.write("task_set_deadline", task_id=task_id, deadline="2031-01-15")
    assert dated["records"][0]["deadline"] == "2031-01-15"
    row = (await odoo.read("project.task", [task_id], ["stage_id", "date_deadline"]))[0]
    assert row["stage_id"][0] == target["id"]
    assert str(row["date_deadline"]).startswith("2031-01-15")


async def test_bad_deadline_words_are_a_clear_error(session: McpSession, odoo: OdooClient) -> None:
    project = (await odoo.search_read("project.project", [], ["name"], limit=1))[0]
    text = await session.error("task_create", name="x", project=project["id"], deadline="someday")
    assert "deadline" in text
    assert "2026-11-27" in text


async def test_moving_a_record_to_the_stage_it_is_in_is_refused_before_any_preview(
    session: McpSession, odoo: OdooClient
) -> None:
    project = (await odoo.search_read("project.project", [], ["name"], limit=1))[0]
    task = await session.write("task_create", name=unique("Quieta"), project=project["id"])
    task_id = task["ids"][0]
    [row] = await odoo.read("project.task", [task_id], ["stage_id"])
    text = await session.error("task_set_stage", task_id=task_id, stage=row["stage_id"][1])
    assert f"ya está en {row['stage_id'][1]}" in text
    lead = (
        await odoo.search_read("crm.lead", [["type", "=", "opportunity"]], ["stage_id"], limit=1)
    )[0]
    text = await session.error("crm_move_stage", lead_id=lead["id"], stage=lead["stage_id"][1])
    assert f"ya está en {lead['stage_id'][1]}" in text
