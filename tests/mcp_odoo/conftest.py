"""Fixtures of the MCP-Odoo tests: one server per module on the shared sandbox.

Tests talk to the server through fastmcp's in-memory `Client`, a real MCP session;
`odoo` is a plain Odoo client on the same sandbox for ground truth. Module-scoped async
fixtures need the tests of the module on the module's event loop:
`pytestmark = pytest.mark.asyncio(loop_scope="module")`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from mcp_session import McpSession, make_config, mcp_session

from daniel.odoo import OdooClient


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(
    sandbox: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[McpSession]:
    """Confirm mode, Spanish summaries."""
    config = make_config(sandbox, tmp_path_factory.mktemp("mcp"))
    async with mcp_session(config) as opened:
        yield opened


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def odoo(sandbox: Any) -> AsyncIterator[OdooClient]:
    """Ground truth: the sandbox through the plain client, as admin."""
    async with OdooClient(
        sandbox.url, sandbox.db, sandbox.login, sandbox.api_key, retries=0
    ) as client:
        await client.authenticate()
        yield client
