"""Writes made by an MCP client (not a conversation) reach the dashboard's database when
DATABASE_URL is set: the real MCP server, its audit log and the sandbox (both databases)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from avatar_client import SettingsFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mcp_odoo"))

from mcp_session import make_config, mcp_session, unique
from sqlalchemy import select

from daniel.admin.database import Database, database_url
from daniel.admin.mcp_writes import McpWriteSink
from daniel.admin.tables import Write


async def test_a_confirmed_mcp_write_is_recorded_with_its_record(
    sandbox: Any, tmp_path: Path, admin_settings: SettingsFactory
) -> None:
    settings = admin_settings()
    sink = McpWriteSink(settings)
    name = unique("MCP lead")
    async with mcp_session(make_config(sandbox, tmp_path)) as mcp:
        mcp.deps.audit.listeners.append(sink)
        done = await mcp.write("crm_create_lead", name=name, expected_revenue=1200)
        await mcp.write("crm_update_lead", lead_id=done["ids"][0], expected_revenue=3400)
        preview = await mcp.ok("crm_create_lead", name=unique("never confirmed"))
        assert preview["status"] == "needs_confirmation"  # nothing written: no row
    await sink.aclose()
    database = Database(database_url(settings))
    try:
        async with database.sessions() as db:
            rows = (await db.scalars(select(Write))).all()
    finally:
        await database.close()
    # each write is recorded in its own background task: in either order
    rows = sorted(rows, key=lambda w: w.tool)
    assert [(w.via, w.tool, w.model, w.status) for w in rows] == [
        ("mcp", "crm_create_lead", "crm.lead", "done"),
        ("mcp", "crm_update_lead", "crm.lead", "done"),
    ]
    created, updated = rows
    assert created.record_id == done["ids"][0]
    assert created.login == sandbox.login
    assert any(c["new"] == name for c in created.changes)
    # a change shows what the record held before it, as the preview did
    revenue = [c for c in updated.changes if c["field"] == "expected_revenue"]
    assert revenue
    assert (revenue[0]["old"], revenue[0]["new"]) == (1200, 3400)
