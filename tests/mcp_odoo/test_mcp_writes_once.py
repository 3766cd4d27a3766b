"""Writes exactly once when Odoo's answer is lost: stalled, cut, or Odoo gone.

Odoo sits behind `OdooProxy`, which stalls, drops or loses the write request itself;
the checks read the sandbox directly (ground truth) and the audit log.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from mcp_session import McpSession, make_config, mcp_session, unique

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.odoo import OdooClient
from fakes.odoo_proxy import OdooProxy

pytestmark = pytest.mark.asyncio(loop_scope="module")

CREATE = "crm.lead.create"


@pytest_asyncio.fixture(loop_scope="module")
async def proxy(sandbox: Any) -> AsyncIterator[OdooProxy]:
    async with OdooProxy(sandbox.url) as opened:
        yield opened


def config_for(sandbox: Any, proxy: OdooProxy, tmp_path: Path) -> ServerConfig:
    """Odoo through the proxy, a 1 s client timeout, 2 s of reading back."""
    config = make_config(sandbox, tmp_path, url=proxy.url)
    config.connection.timeout = 1.0
    return dataclasses.replace(config, write_settle_window=2.0)


def audit(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "audit.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def leads_named(odoo: OdooClient, name: str) -> list[int]:
    return await odoo.search("crm.lead", [["name", "=", name]])


async def preview(session: McpSession, name: str) -> str:
    data = await session.ok("crm_create_lead", name=name, lang="en")
    assert data["status"] == "needs_confirmation"
    return str(data["confirmation_token"])


async def confirm(session: McpSession, token: str, key: str | None = None) -> Any:
    args: dict[str, Any] = {"confirmation_token": token, "lang": "en"}
    if key:
        args["idempotency_key"] = key
    return await session.raw("confirm_action", **args)


async def test_odoo_stalled_past_the_timeout_is_read_back_and_reported_done(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    name = unique("Stalled")
    async with mcp_session(config_for(sandbox, proxy, tmp_path)) as session:
        token = await preview(session, name)
        proxy.stall(CREATE, 2.5)
        first = await confirm(session, token)
        assert not first.is_error, first.content
        assert first.structured_content["status"] == "done"
        created = await leads_named(odoo, name)
        assert first.structured_content["ids"] == created
        mark = proxy.mark()
        again = await confirm(session, token)
        assert again.structured_content["ids"] == created
        assert CREATE not in proxy.calls(mark)
    assert len(await leads_named(odoo, name)) == 1
    entries = audit(tmp_path)
    assert len(entries) == 1
    assert entries[0]["ids"] == created
    assert entries[0]["result"]["status"] == "done"


async def test_a_cut_answer_after_odoo_committed_is_done_once(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    name = unique("Cut")
    async with mcp_session(config_for(sandbox, proxy, tmp_path)) as session:
        token = await preview(session, name)
        proxy.drop(CREATE)
        first = await confirm(session, token)
        assert first.structured_content["status"] == "done", first.content
    created = await leads_named(odoo, name)
    assert len(created) == 1
    assert [e["ids"] for e in audit(tmp_path)] == [created]


async def test_a_write_that_never_reached_odoo_is_reported_not_applied_then_done_once(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    name = unique("Lost")
    async with mcp_session(config_for(sandbox, proxy, tmp_path)) as session:
        token = await preview(session, name)
        proxy.lose(CREATE)
        first = await confirm(session, token)
        assert first.is_error
        assert "not applied" in first.content[0].text
        assert await leads_named(odoo, name) == []
        second = await confirm(session, token)
        assert second.structured_content["status"] == "done", second.content
    created = await leads_named(odoo, name)
    assert len(created) == 1
    entries = audit(tmp_path)
    assert [e["result"]["status"] for e in entries] == ["error", "done"]
    assert entries[1]["ids"] == created


async def test_odoo_gone_while_checking_says_unknown_then_the_truth(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    name = unique("Unverified")
    async with mcp_session(config_for(sandbox, proxy, tmp_path)) as session:
        token = await preview(session, name)
        proxy.drop(CREATE)
        proxy.down_after = CREATE
        first = await confirm(session, token)
        assert first.is_error
        assert first.structured_content["status"] == "unverified"
        assert "cannot tell yet" in first.content[0].text
        assert audit(tmp_path) == []  # nothing claimed yet
        proxy.down = False
        second = await confirm(session, token)
        assert second.structured_content["status"] == "done", second.content
    created = await leads_named(odoo, name)
    assert len(created) == 1
    assert [e["ids"] for e in audit(tmp_path)] == [created]


async def test_a_restarted_server_settles_a_confirmation_by_its_key(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path
) -> None:
    """The server died with the answer lost: the confirmation's key, sent again to the
    new server, finds the write in Odoo instead of doing it again."""
    name = unique("Restart")
    key = unique("confirm-key").replace(" ", "-")
    config = config_for(sandbox, proxy, tmp_path)
    async with mcp_session(config) as first_server:
        token = await preview(first_server, name)
        proxy.drop(CREATE)
        proxy.down_after = CREATE
        first = await confirm(first_server, token, key)
        assert first.structured_content["status"] == "unverified"
    proxy.down = False
    async with mcp_session(config) as second_server:
        again = await confirm(second_server, token, key)
        assert again.structured_content["status"] == "done", again.content
        assert again.structured_content["ids"] == await leads_named(odoo, name)
        unknown = await confirm(second_server, token)
        assert unknown.structured_content["status"] == "unknown"
    assert len(await leads_named(odoo, name)) == 1
    assert len(audit(tmp_path)) == 1
