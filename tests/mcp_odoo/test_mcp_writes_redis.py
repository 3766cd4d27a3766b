"""Idempotency records in a real Redis (`REDIS_URL`): shared by replicas, refused without.

Two MCP servers with their own audit logs (two replicas) share one Redis; Odoo is the
sandbox behind `OdooProxy`, which cuts a write's answer and goes down.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from mcp_session import make_config, mcp_session, unique

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.odoo import OdooClient
from fakes.odoo_proxy import OdooProxy

pytestmark = pytest.mark.asyncio(loop_scope="module")

CREATE = "crm.lead.create"


@pytest_asyncio.fixture(loop_scope="module")
async def proxy(sandbox: Any) -> AsyncIterator[OdooProxy]:
    async with OdooProxy(sandbox.url) as opened:
        yield opened


def replica(sandbox: Any, proxy: OdooProxy, folder: Path, redis_url: str) -> ServerConfig:
    config = make_config(sandbox, folder, url=proxy.url)
    config.connection.timeout = 1.0
    return dataclasses.replace(config, write_settle_window=1.0, redis_url=redis_url)


def audit(folder: Path) -> list[dict[str, Any]]:
    path = folder / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_another_replica_settles_a_write_by_its_key_through_redis(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path, redis_server: Any
) -> None:
    name, key = unique("Replica"), unique("key").replace(" ", "-")
    first, second = tmp_path / "a", tmp_path / "b"
    async with mcp_session(replica(sandbox, proxy, first, redis_server.url)) as one:
        preview = await one.ok("crm_create_lead", name=name, lang="en")
        token = preview["confirmation_token"]
        proxy.drop(CREATE)  # the create lands, then Odoo is gone before answering
        proxy.down_after = CREATE
        lost = await one.raw("confirm_action", confirmation_token=token, idempotency_key=key)
        assert lost.structured_content["status"] == "unverified"
    proxy.down = False
    async with mcp_session(replica(sandbox, proxy, second, redis_server.url)) as other:
        done = await other.raw("confirm_action", confirmation_token=token, idempotency_key=key)
    created = await odoo.search("crm.lead", [["name", "=", name]])
    assert len(created) == 1
    assert done.structured_content["status"] == "done", done.content
    assert done.structured_content["ids"] == created
    assert [e["ids"] for e in audit(first) + audit(second)] == [created]


async def test_without_redis_a_write_is_refused_and_nothing_changes(
    sandbox: Any, proxy: OdooProxy, odoo: OdooClient, tmp_path: Path, redis_server: Any
) -> None:
    name = unique("No Redis")
    async with mcp_session(replica(sandbox, proxy, tmp_path, redis_server.url)) as session:
        preview = await session.ok("crm_create_lead", name=name, lang="en")
        redis_server.process.terminate()
        redis_server.process.wait(10)
        mark = proxy.mark()
        text = await session.error(
            "confirm_action", confirmation_token=preview["confirmation_token"], lang="en"
        )
        assert "Redis" in text
        assert "Nothing was changed" in text
        assert CREATE not in proxy.calls(mark)
    assert await odoo.search("crm.lead", [["name", "=", name]]) == []
