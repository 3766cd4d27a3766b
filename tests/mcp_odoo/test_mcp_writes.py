"""Write modes, confirmation tokens, idempotency and the audit log."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from mcp_session import McpSession, make_config, mcp_session, unique

from daniel.mcp_odoo.core.config import WriteMode
from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

WRITE_CALLS: dict[str, dict[str, Any]] = {
    "crm_create_lead": {"name": "x"},
    "crm_update_lead": {"lead_id": 1, "name": "x"},
    "crm_move_stage": {"lead_id": 1, "stage": "x"},
    "crm_mark_won": {"lead_id": 1},
    "crm_mark_lost": {"lead_id": 1},
    "crm_log_note": {"lead_id": 1, "note": "x"},
    "task_create": {"name": "x", "project": "x"},
    "task_assign": {"task_id": 1, "assignees": "me"},
    "task_set_stage": {"task_id": 1, "stage": "x"},
    "task_set_deadline": {"task_id": 1, "deadline": "2030-01-01"},
    "contact_update": {"contact_id": 1, "phone": "600 123 456"},
    "sale_create_quotation": {"customer": "x", "lines": [{"product": "x"}]},
    "sale_confirm_quotation": {"order_id": 1},
}


def session_in(sandbox: Any, tmp_path: Path, mode: WriteMode = "confirm", **kw: Any) -> Any:
    return mcp_session(make_config(sandbox, tmp_path, write_mode=mode, **kw))


async def count(odoo: OdooClient, name: str) -> int:
    return await odoo.search_count("crm.lead", [["name", "=", name]])


async def test_read_only_mode_refuses_every_write_without_touching_odoo(
    sandbox: Any, tmp_path: Path
) -> None:
    async with session_in(sandbox, tmp_path, "read-only") as s:
        for tool, args in WRITE_CALLS.items():
            text = await s.error(tool, **args, lang="en")
            assert "read-only mode" in text
            assert tool in text
        assert s.requests == 0
        assert (await s.ok("crm_list_stages"))["count"] > 0
        assert not (tmp_path / "audit.jsonl").exists()


async def test_allow_mode_writes_at_once(sandbox: Any, tmp_path: Path, odoo: OdooClient) -> None:
    name = unique("Directo")
    async with session_in(sandbox, tmp_path, "allow") as s:
        done = await s.ok("crm_create_lead", name=name)
    assert done["status"] == "done"
    assert done["summary"].startswith("Hecho: ")
    assert await count(odoo, name) == 1


async def test_confirming_twice_writes_once(session: McpSession, odoo: OdooClient) -> None:
    name = unique("Doble")
    preview = await session.ok("crm_create_lead", name=name)
    token = preview["confirmation_token"]
    first, second = await asyncio.gather(
        session.ok("confirm_action", confirmation_token=token),
        session.ok("confirm_action", confirmation_token=token),
    )
    third = await session.ok("confirm_action", confirmation_token=token)
    assert first == second == third
    assert await count(odoo, name) == 1


async def test_cancelled_and_unknown_tokens_change_nothing(
    session: McpSession, odoo: OdooClient
) -> None:
    name = unique("Cancelada")
    preview = await session.ok("crm_create_lead", name=name)
    token = preview["confirmation_token"]
    cancelled = await session.ok("cancel_action", confirmation_token=token, lang="en")
    assert cancelled["status"] == "cancelled"
    result = await session.raw("confirm_action", confirmation_token=token)
    assert result.is_error
    assert result.structured_content["status"] == "cancelled"
    unknown = await session.raw("confirm_action", confirmation_token="not-a-real-token", lang="en")
    assert unknown.is_error
    assert unknown.structured_content["status"] == "unknown"
    assert "nothing was changed" in unknown.content[0].text
    assert await count(odoo, name) == 0


async def test_expired_tokens_change_nothing(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    name = unique("Caducada")
    async with session_in(sandbox, tmp_path, ttl=0.2) as s:
        preview = await s.ok("crm_create_lead", name=name)
        await asyncio.sleep(0.3)
        result = await s.raw(
            "confirm_action", confirmation_token=preview["confirmation_token"], lang="en"
        )
        again = await s.raw("confirm_action", confirmation_token=preview["confirmation_token"])
        cancel = await s.raw("cancel_action", confirmation_token=preview["confirmation_token"])
    assert again.structured_content["status"] == cancel.structured_content["status"] == "expired"
    assert result.is_error
    assert result.structured_content["status"] == "expired"
    assert "expired" in result.content[0].text
    assert await count(odoo, name) == 0


async def test_idempotency_key_prevents_duplicates_across_restarts(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    name = unique("Idempotente")
    key = unique("key")
    async with session_in(sandbox, tmp_path, "allow") as s:
        first = await s.ok("crm_create_lead", name=name, idempotency_key=key)
        retry = await s.ok("crm_create_lead", name=name, idempotency_key=key)
        clash = await s.error(
            "crm_create_lead", name=name + " otra", idempotency_key=key, lang="en"
        )
    assert retry == first
    assert "already used" in clash
    async with session_in(sandbox, tmp_path, "allow") as restarted:
        after_restart = await restarted.ok("crm_create_lead", name=name, idempotency_key=key)
    assert after_restart["ids"] == first["ids"]
    assert await count(odoo, name) == 1


async def test_idempotency_key_in_confirm_mode(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    name = unique("Clave")
    key = unique("key")
    async with session_in(sandbox, tmp_path) as s:
        preview = await s.ok("crm_create_lead", name=name, idempotency_key=key)
        again = await s.ok("crm_create_lead", name=name, idempotency_key=key)
        assert again["confirmation_token"] == preview["confirmation_token"]
        done = await s.ok("confirm_action", confirmation_token=preview["confirmation_token"])
        retried = await s.ok("crm_create_lead", name=name, idempotency_key=key)
    assert retried == done
    assert await count(odoo, name) == 1


async def test_audit_log_records_every_write(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    name = unique("Auditada")
    async with session_in(sandbox, tmp_path, "allow") as s:
        done = await s.ok("crm_create_lead", name=name, expected_revenue=99)
        failed = await s.error("crm_update_lead", lead_id=999999, name="y")
    assert failed
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["tool"] == "crm_create_lead"
    assert entry["model"] == "crm.lead"
    assert entry["ids"] == done["ids"]
    assert entry["values"]["name"] == name
    assert entry["values"]["expected_revenue"] == 99
    assert entry["uid"] == odoo.uid
    assert entry["login"] == sandbox.login
    assert entry["result"]["status"] == "done"
    assert entry["ts"].endswith("+00:00")
    assert sandbox.api_key not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")


async def test_a_write_that_fails_is_audited_with_the_error(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    lead_id = await odoo.create("crm.lead", {"name": unique("Borrada")})
    async with session_in(sandbox, tmp_path) as s:
        preview = await s.ok("crm_update_lead", lead_id=lead_id, expected_revenue=10)
        await odoo.unlink("crm.lead", [lead_id])
        text = await s.error("confirm_action", confirmation_token=preview["confirmation_token"])
    assert "Odoo" in text
    entry = json.loads((tmp_path / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["tool"] == "crm_update_lead"
    assert entry["ids"] == [lead_id]
    assert entry["result"]["status"] == "error"
    assert entry["result"]["error"] == text
