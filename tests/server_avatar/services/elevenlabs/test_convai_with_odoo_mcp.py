"""A ConvAI client tool call answered by the project's real MCP server over the sandbox.

Seed flow 2 at the provider level: the agent (fake) asks for the user's projects with a
client tool call, the brain runs it on `daniel.mcp_odoo` against the built-in Odoo
sandbox, and the agent receives exactly what the MCP server answered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from convai_helpers import collect, make_brain
from fastmcp import Client
from vendor_tools import McpTools

from daniel.server_avatar.services.base import BrainContext, ToolActivity, TurnDone
from fakes import AgentTurn, FakeElevenLabs

pytest.importorskip("daniel.sandbox.server", reason="the sandbox ERP is not built yet")

from daniel.mcp_odoo.server import create_server
from daniel.settings import load_settings


@pytest.fixture
async def odoo_tools(sandbox: Any, tmp_path: Path) -> AsyncIterator[McpTools]:
    settings = load_settings(
        odoo_url=sandbox.url,
        odoo_db=sandbox.db,
        odoo_user=sandbox.login,
        odoo_api_key=sandbox.api_key,
        mcp_audit_log=tmp_path / "audit.jsonl",
        mcp_lang="es",
    )
    async with Client(create_server(settings)) as client:
        yield McpTools(client)


async def test_project_question_is_answered_from_odoo_through_mcp(
    http: aiohttp.ClientSession, elevenlabs: FakeElevenLabs, odoo_tools: McpTools
) -> None:
    context = BrainContext(session_id="s-odoo", lang="es", tools=odoo_tools, user_name="Admin")
    elevenlabs.agent.turns.append(
        AgentTurn(
            tool_calls=[("project_list", {})],
            reply=lambda results: "Aquí tienes tus proyectos." if results else "Nada.",
        )
    )
    brain = make_brain(context, http, elevenlabs)
    await brain.start()
    events = await collect(brain.respond("¿Qué proyectos tengo?"))
    await brain.close()

    direct = await odoo_tools.call("project_list", {})
    sent = elevenlabs.agent.conversations[0].tool_results[0]
    assert sent["is_error"] is False
    assert sent["result"] == direct.text
    done = [e for e in events if isinstance(e, ToolActivity) and e.status == "done"]
    assert done[0].kind == "projects"
    assert done[0].records
    assert all(record.get("name") for record in done[0].records)
    assert events[-1] == TurnDone("Aquí tienes tus proyectos.")
