"""MCP over stdio for desktop clients: the FastMCP server on this process's stdin/stdout.

Nothing but protocol goes to stdout (logs go to stderr, see `daniel.logs`). The server
logs in to Odoo while the client finishes its handshake, so the first tool call does
not wait for the login.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastmcp import FastMCP

from daniel.mcp_odoo.core.deps import ServerDeps

log = logging.getLogger("daniel.mcp_odoo.transport.stdio")


async def serve_stdio(mcp: FastMCP, deps: ServerDeps) -> None:
    """Serve MCP on stdin/stdout until stdin closes (or the task is cancelled)."""
    login = asyncio.create_task(_log_in_early(deps))
    try:
        await mcp.run_stdio_async(show_banner=False)
    finally:
        login.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await login


async def _log_in_early(deps: ServerDeps) -> None:
    """Log in to Odoo ahead of the first tool call; a failure surfaces on that call."""
    try:
        await deps.gateway.client()
    except Exception as exc:  # Odoo down or refusing: the tool call will say so
        log.debug("early Odoo login failed: %s", exc)
