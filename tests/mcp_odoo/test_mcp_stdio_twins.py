"""The two servers `daniel mcp` can put on stdio, line for line: the lean one (the default)
and FastMCP's (`MCP_STDIO=fastmcp`) answer the same raw JSON-RPC messages the same way,
from the handshake to tool errors, so a desktop client cannot tell them apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp_session import StdioPeer, server_env, spawn_stdio

from daniel.odoo import OdooClient

CLIENT = {"capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}
OTHER_TENANT = (
    "tools/list",
    "resources/list",
    "resources/templates/list",
    "prompts/list",
    "ping",
    "logging/setLevel",
    "initialize",
)


def battery(lead_id: int, task_id: int) -> list[tuple[str, dict[str, Any] | None]]:
    """Requests in the order sent; every one of them gets an answer from both servers."""
    return [
        ("initialize", {"protocolVersion": "2025-06-18", **CLIENT}),
        ("initialize", {"protocolVersion": "2099-01-01", **CLIENT}),
        ("initialize", {"protocolVersion": "2024-11-05", **CLIENT}),
        ("ping", None),
        ("sampling/createMessage", {}),
        ("tools/list", {}),
        ("resources/list", {}),
        ("resources/templates/list", {}),
        ("prompts/list", {}),
        ("prompts/get", {"name": "pipeline_review", "arguments": {"salesperson": "me"}}),
        ("prompts/get", {"name": "my_tasks_today", "arguments": {"lang": "es"}}),
        ("prompts/get", {"name": "nope", "arguments": {}}),
        ("prompts/get", {"name": "pipeline_review", "arguments": {"lang": 5}}),
        ("resources/read", {"uri": "odoo://crm.lead/fields"}),
        ("resources/read", {"uri": f"odoo://project.task/{task_id}"}),
        ("resources/read", {"uri": "odoo://ir.model/1"}),
        ("resources/read", {"uri": "nothing://x"}),
        ("tools/call", {"name": "crm_list_leads", "arguments": {"limit": 3, "lang": "es"}}),
        ("tools/call", {"name": "crm_get_lead", "arguments": {"lead_id": lead_id}}),
        ("tools/call", {"name": "task_get", "arguments": {"task_id": task_id, "lang": "en"}}),
        ("tools/call", {"name": "crm_pipeline_summary", "arguments": {}}),
        ("tools/call", {"name": "crm_get_lead", "arguments": {"lead_id": "abc", "bogus": 1}}),
        ("tools/call", {"name": "crm_get_lead"}),
        ("tools/call", {"name": "crm_get_lead", "arguments": [1]}),
        ("tools/call", {"name": "crm_get_lead", "arguments": {"lead_id": 999999}}),
        ("tools/call", {"name": "crm_list_leads", "arguments": {"limit": 100000}}),
        ("tools/call", {"name": "odoo_read", "arguments": {"model": "ir.model", "ids": [1]}}),
        ("tools/call", {"name": "no_such_tool", "arguments": {}}),
        ("tools/call", {"name": "task_create", "arguments": {"name": "x", "project": "zz9"}}),
        ("tools/call", {"name": "crm_list_leads", "_meta": {"daniel/tenant": "beta"}}),
        ("resources/read", {"uri": "odoo://crm.lead/fields", "_meta": {"daniel/tenant": "x"}}),
        ("prompts/get", {"name": "my_tasks_today", "_meta": {"daniel/tenant": "beta"}}),
        *[(method, {"_meta": {"daniel/tenant": "beta"}}) for method in OTHER_TENANT],
        ("logging/setLevel", {"level": "info"}),
    ]


async def conversation(
    env: dict[str, str], folder: Path, requests: list[tuple[str, dict[str, Any] | None]]
) -> list[dict[str, Any]]:
    """Each request's answer from one `daniel mcp` child process, sent one at a time."""
    peer = StdioPeer(await spawn_stdio(env, folder))
    answers = []
    try:
        for method, params in requests:
            answers.append(await peer.answer(method, params))
            if len(answers) == 1:
                peer.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    finally:
        await peer.close()
    return answers


@pytest.mark.asyncio(loop_scope="module")
async def test_the_lean_and_the_fastmcp_stdio_servers_answer_alike(
    sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    [lead] = await odoo.search("crm.lead", [], limit=1)
    [task] = await odoo.search("project.task", [], limit=1)
    requests = battery(lead, task)
    answers = {}
    for server in ("lean", "fastmcp"):
        folder = tmp_path / server
        folder.mkdir()
        env = {**server_env(sandbox, folder), "MCP_STDIO": server}
        answers[server] = await conversation(env, folder, requests)
    different = [
        (method, params, lean, fastmcp)
        for (method, params), lean, fastmcp in zip(
            requests, answers["lean"], answers["fastmcp"], strict=True
        )
        if lean != fastmcp
    ]
    assert not different
    # the battery reaches what it means to: data, tool errors, protocol errors
    results = [answer.get("result", {}) for answer in answers["lean"]]
    assert any(result.get("structuredContent", {}).get("records") for result in results)
    assert sum(result.get("isError") is True for result in results) >= 8
    assert sum("error" in answer for answer in answers["lean"]) >= 6
