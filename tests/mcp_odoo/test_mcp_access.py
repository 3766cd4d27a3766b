"""Odoo's own rights apply: a restricted salesperson gets a clear "lacks the rights" error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp_session import make_config, mcp_session

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

LAURA = "laura"
LAURA_KEY = "sandbox-laura-api-key-0000"  # documented demo credential of the sandbox


async def test_restricted_user_gets_a_clear_access_error(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    laura = (await odoo.search_read("res.users", [["login", "=", LAURA]], ["id"]))[0]["id"]
    other = await odoo.search_read(
        "crm.lead", [["user_id", "not in", [laura, False]]], ["name"], limit=1
    )
    config = make_config(sandbox, tmp_path, login=LAURA, secret=LAURA_KEY, write_mode="allow")
    async with mcp_session(config) as s:
        mine = await s.ok("crm_list_leads", limit=100, status="all")
        text = await s.error("crm_get_lead", lead_id=other[0]["id"], lang="en")
        write = await s.error("crm_update_lead", lead_id=other[0]["id"], name="mía", lang="en")
        context = await s.ok("user_context")
    assert text.startswith(f"The Odoo user {LAURA} lacks the rights to read crm.lead:")
    assert text.endswith("Ask an Odoo administrator for access.")
    assert "lacks the rights" in write
    assert context["user"]["uid"] == laura
    assert all(card["salesperson"] in {None, "Laura Sánchez"} for card in mine["records"])
