"""ToolRunners for the vendor tests: real MCP servers through fastmcp's in-memory Client.

`McpTools` is the avatar server's `McpToolRunner` (server_avatar/tools/mcp_client.py) recording the
calls it makes.
`demo_server()` is a small MCP server with an Odoo-like read tool and a write that asks
for confirmation (`confirm_action` / `cancel_action` carry it out), for tests that need
tool calls without the sandbox. `odoo_server(sandbox)` is the project's real MCP server
against the sandbox, or `None` when it is not importable yet.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastmcp import Client, FastMCP
from fastmcp.tools.base import ToolResult as McpResult
from mcp_types import TextContent

from daniel.server_avatar.services.base import ToolResult
from daniel.server_avatar.tools.mcp_client import McpToolRunner

PROJECTS = [
    {"model": "project.project", "id": 1, "name": "Implantación Odoo Talleres Ruiz"},
    {"model": "project.project", "id": 2, "name": "Web corporativa"},
]


class McpTools(McpToolRunner):
    """The avatar server's own ToolRunner, recording every call for assertions."""

    def __init__(self, client: Client[Any]) -> None:
        super().__init__(client, call_timeout=5.0)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        self.calls.append((name, dict(arguments)))
        return await super().call(name, arguments)


def demo_server() -> FastMCP:
    """Two projects, and a lead update that must be confirmed."""
    mcp = FastMCP("demo-odoo")
    pending: dict[str, str] = {}

    @mcp.tool
    def list_projects() -> McpResult:
        """List the user's projects."""
        names = ", ".join(p["name"] for p in PROJECTS)
        summary = f"2 proyectos: {names}."
        return McpResult(
            content=[TextContent(type="text", text=summary)],
            structured_content={"summary": summary, "kind": "projects", "records": PROJECTS},
        )

    @mcp.tool
    def mark_lead_won(lead: str) -> McpResult:
        """Mark a lead as won (asks for confirmation first)."""
        token = secrets.token_hex(4)
        pending[token] = lead
        summary = f"Marcar como ganada «{lead}»"
        return McpResult(
            content=[TextContent(type="text", text=summary + " ¿Lo confirmo?")],
            structured_content={
                "status": "needs_confirmation",
                "confirmation_token": token,
                "summary": summary,
                "changes": [
                    {"field": "stage_id", "label": "Etapa", "old": "Propuesta", "new": "Ganado"}
                ],
                "expires_in": 120,
            },
        )

    @mcp.tool
    def confirm_action(confirmation_token: str, lang: str | None = None) -> McpResult:
        """Carry out a confirmed write."""
        lead = pending.pop(confirmation_token, None)
        if lead is None:
            text = "No conozco esa confirmación; no se ha cambiado nada."
            return McpResult(
                content=[TextContent(type="text", text=text)],
                structured_content={"status": "error", "summary": text},
                is_error=True,
            )
        text = f"Hecho: «{lead}» está ganada."
        return McpResult(
            content=[TextContent(type="text", text=text)],
            structured_content={"status": "done", "summary": text, "records": []},
        )

    @mcp.tool
    def cancel_action(confirmation_token: str, lang: str | None = None) -> McpResult:
        """Drop a proposed write."""
        pending.pop(confirmation_token, None)
        text = "Cancelado: no se ha cambiado nada."
        return McpResult(
            content=[TextContent(type="text", text=text)],
            structured_content={"status": "cancelled", "summary": text},
        )

    return mcp
