"""The MCP-Odoo server: `create_server()` for in-process use, `main()` for `daniel mcp`.

`build_registry` collects the tool plugins of `daniel.mcp_odoo.tools`, the `odoo://`
resources and the prompts. `create_server` turns them into a FastMCP server (with
`GET /health`); the avatar server embeds it and talks to it through
`fastmcp.Client(server)`. Neither makes a network call: the Odoo client is created on
the first request, so the server starts (and lists its tools) even when Odoo is down.

`daniel mcp` serves the same registry over stdio (desktop clients; stdout carries
protocol only) with the lean stdio server, or over streamable HTTP at `/mcp` with the
FastMCP server. The lean server lists what FastMCP lists (`transport/stdio.py`); this
module imports FastMCP, uvicorn and the metrics only on the paths that use them, so a
stdio start never pays for them.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from daniel.lifecycle import run_forever
from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.plugins import load_plugins
from daniel.mcp_odoo.core.tool_registry import ToolRegistry
from daniel.mcp_odoo.prompts import register_prompts
from daniel.mcp_odoo.resources import register_resources
from daniel.mcp_odoo.transport import tool_schemas
from daniel.mcp_odoo.transport.stdio import lean_listings, serve_fastmcp_stdio, serve_lean_stdio
from daniel.settings import Settings

if TYPE_CHECKING:
    from fastmcp import FastMCP

log = logging.getLogger("daniel.mcp_odoo")

INSTRUCTIONS = (
    "Tools for the company's Odoo ERP: CRM (leads, pipeline), projects and tasks, sales "
    "(quotations, orders, totals) and users. Parameters that name a person, customer, "
    "project, stage or product accept a name or an id; use resolve_name when a name is "
    "ambiguous and ask the user which one. 'me' means the connected user. Write tools "
    "return a preview with a confirmation_token: tell the user the summary and call "
    "confirm_action only after they agree (cancel_action otherwise). Every result has a "
    "short 'summary' meant to be read aloud."
)


def _deps(
    settings: Settings | None, config: ServerConfig | None, deps: ServerDeps | None
) -> ServerDeps:
    if deps is not None:
        return deps
    if config is None:
        if settings is None:
            raise TypeError("create_server needs settings, config or deps")
        config = ServerConfig.from_settings(settings)
    return ServerDeps(config)


def build_registry(deps: ServerDeps) -> ToolRegistry:
    """Resources, prompts and every tool plugin, registered in that order."""
    registry = ToolRegistry()
    register_resources(registry, deps)
    register_prompts(registry, deps)
    load_plugins(registry, deps, deps.config.tools_package)
    return registry


def create_server(
    settings: Settings | None = None,
    *,
    config: ServerConfig | None = None,
    deps: ServerDeps | None = None,
) -> FastMCP:
    """A ready FastMCP server; give `settings`, a plain `config`, or prepared `deps`."""
    from daniel.mcp_odoo.transport.fastmcp_app import build_fastmcp

    server_deps = _deps(settings, config, deps)
    return build_fastmcp(build_registry(server_deps), server_deps, INSTRUCTIONS)


def main(settings: Settings, args: argparse.Namespace) -> int:
    """`daniel mcp [--transport stdio|http] [--host H] [--port P]`."""
    transport = getattr(args, "transport", "stdio") or "stdio"
    if transport == "http":
        return _main_http(settings, args)
    deps = _deps(settings, None, None)
    _record_writes(deps, settings)
    registry = build_registry(deps)
    stored = tool_schemas.load()
    listings = lean_listings(registry, stored) if settings.mcp_stdio == "lean" else None
    if listings is not None:
        return run_forever(serve_lean_stdio(registry, deps, listings, instructions=INSTRUCTIONS))
    from daniel.mcp_odoo.transport.fastmcp_app import build_fastmcp, quiet_library_logging

    quiet_library_logging()
    mcp = build_fastmcp(registry, deps, INSTRUCTIONS, stored=stored)
    return run_forever(serve_fastmcp_stdio(mcp, deps))


def _record_writes(deps: ServerDeps, settings: Settings) -> None:
    """With DATABASE_URL, this server's writes also go to the dashboard (docs/admin.md)."""
    if settings.database_url is not None and settings.database_url.get_secret_value():
        from daniel.admin.mcp_writes import McpWriteSink

        deps.audit.listeners.append(McpWriteSink(settings, tenant=settings.mcp_tenant))


def _main_http(settings: Settings, args: argparse.Namespace) -> int:
    from daniel import metrics
    from daniel.mcp_odoo.transport.fastmcp_app import quiet_library_logging
    from daniel.mcp_odoo.transport.http import check_exposure, serve_http

    token = settings.mcp_token.get_secret_value() if settings.mcp_token else None
    host = getattr(args, "host", None) or settings.mcp_host
    port = getattr(args, "port", None) or settings.mcp_port
    check_exposure(host, token, settings.mcp_auth)
    quiet_library_logging()
    deps = _deps(settings, None, None)
    _record_writes(deps, settings)
    mcp = create_server(deps=deps)
    metrics.configure_tenants([settings.mcp_tenant])
    log.info(
        "MCP server on http://%s:%s/mcp (health: /health; tenant %s)",
        host,
        port,
        settings.mcp_tenant,
    )
    return run_forever(
        serve_http(mcp, host=host, port=port, token=token, deps=deps, mode=settings.mcp_auth)
    )
