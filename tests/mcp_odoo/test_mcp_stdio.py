"""`daniel mcp` over stdio, message by message: the lean stdio server in a child process,
spoken to in raw JSON lines, answers like the same server in-process."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastmcp import Client
from mcp_session import StdioPeer, make_config, server_env, spawn_stdio

from daniel.mcp_odoo.server import create_server
from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

TENANT = "acme"


async def rpc(peer: StdioPeer, method: str, params: dict[str, Any] | None = None) -> Any:
    response = await peer.answer(method, params)
    return response.get("result", response.get("error"))


def initialize(version: str) -> dict[str, Any]:
    return {
        "protocolVersion": version,
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    }


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stdio(sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[StdioPeer]:
    folder = tmp_path_factory.mktemp("stdio")
    process = await spawn_stdio({**server_env(sandbox, folder), "MCP_TENANT": TENANT}, folder)
    peer = StdioPeer(process)
    await rpc(peer, "initialize", initialize("2025-06-18"))
    peer.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    yield peer
    await peer.close()
    assert sandbox.api_key not in (folder / "stderr.log").read_text()


def in_process(sandbox: Any, tmp_path: Path) -> Client[Any]:
    config = dataclasses.replace(make_config(sandbox, tmp_path, lang="en"), tenant=TENANT)
    return Client(create_server(config=config))


async def test_handshake_negotiates_a_known_version(stdio: StdioPeer) -> None:
    result = await rpc(stdio, "initialize", initialize("2025-06-18"))
    assert result["protocolVersion"] == "2025-06-18"
    assert set(result["capabilities"]) >= {"tools", "resources", "prompts"}
    newer = await rpc(stdio, "initialize", initialize("2099-01-01"))
    assert newer["protocolVersion"] == "2025-11-25"
    assert await rpc(stdio, "ping") == {}
    missing = await rpc(stdio, "sampling/createMessage")
    assert missing["code"] == -32601


async def test_tools_are_listed_as_in_process(
    stdio: StdioPeer, sandbox: Any, tmp_path: Path
) -> None:
    ours = {tool["name"]: tool for tool in (await rpc(stdio, "tools/list"))["tools"]}
    async with in_process(sandbox, tmp_path) as client:
        theirs = {tool.name: tool for tool in await client.list_tools()}
    assert {"crm_list_leads", "task_get", "confirm_action"} <= set(ours)
    assert set(ours) == set(theirs)
    for name, tool in theirs.items():
        assert ours[name]["inputSchema"] == tool.input_schema, name
        assert ours[name]["description"] == tool.description, name
        hints = (
            tool.annotations.model_dump(by_alias=True, exclude_none=True)
            if tool.annotations
            else {}
        )
        assert ours[name].get("annotations", {}) == hints, name


async def test_tool_results_and_errors_are_those_of_the_server_in_process(
    stdio: StdioPeer, sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    lead = (await odoo.search_read("crm.lead", [], ["id"], limit=1))[0]
    calls = [
        ("crm_get_lead", {"lead_id": lead["id"], "lang": "en"}),
        ("crm_list_leads", {"limit": 500}),
        ("crm_get_lead", {"lead_id": "abc", "bogus": 1}),
        ("crm_get_lead", {"lead_id": 999999, "lang": "en"}),
        ("no_such_tool", {}),
    ]
    async with in_process(sandbox, tmp_path) as client:
        for name, args in calls:
            ours = await rpc(stdio, "tools/call", {"name": name, "arguments": args})
            theirs = await client.call_tool_mcp(name, args)
            assert ours["isError"] is theirs.is_error, name
            assert [c["text"] for c in ours["content"]] == [c.text for c in theirs.content], name
            assert ours.get("structuredContent") == theirs.structured_content, name
    bad = await rpc(stdio, "tools/call", {"name": "crm_get_lead", "arguments": {"lead_id": "x"}})
    assert bad["content"][0]["text"].startswith("Invalid arguments for crm_get_lead: lead_id")


async def test_resources_and_prompts(stdio: StdioPeer, odoo: OdooClient) -> None:
    templates = (await rpc(stdio, "resources/templates/list"))["resourceTemplates"]
    assert [t["uriTemplate"] for t in templates] == ["odoo://{model}/fields", "odoo://{model}/{id}"]
    fields = await rpc(stdio, "resources/read", {"uri": "odoo://crm.lead/fields"})
    assert "expected_revenue" in json.loads(fields["contents"][0]["text"])["fields"]
    record = await rpc(stdio, "resources/read", {"uri": f"odoo://res.users/{odoo.uid}"})
    assert json.loads(record["contents"][0]["text"])["id"] == odoo.uid
    refused = await rpc(stdio, "resources/read", {"uri": "odoo://ir.model/1"})
    assert "not allowed" in refused["message"]
    prompts = {p["name"]: p for p in (await rpc(stdio, "prompts/list"))["prompts"]}
    assert {a["name"] for a in prompts["pipeline_review"]["arguments"]} == {"salesperson", "lang"}
    got = await rpc(stdio, "prompts/get", {"name": "my_tasks_today", "arguments": {"lang": "es"}})
    assert "hoy" in got["messages"][0]["content"]["text"]


async def test_the_server_answers_out_of_order_and_survives_garbage(stdio: StdioPeer) -> None:
    ping, listing = stdio.expect(1), stdio.expect(2)
    stdio.send(b"this is not json\n")
    # a message over the 32 MiB a line may hold: skipped, answered with a parse error
    stdio.send(b'{"jsonrpc": "2.0", "id": 3, "method": "ping", "params": {"x": "')
    stdio.send(b"y" * 33_554_432 + b'"}}\n')
    stdio.send({"jsonrpc": "2.0", "id": 1, "method": "ping"})
    stdio.send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    stdio.send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}})
    answers = await asyncio.wait_for(asyncio.gather(ping, listing), 60)
    assert answers[0]["result"] == {}
    assert answers[1]["result"]["tools"]
    assert await rpc(stdio, "ping") == {}  # still serving
    errors = [json.loads(line) for line in stdio.lines if b'"id":null' in line.replace(b" ", b"")]
    # the garbage line, then the long one (its tail too when it arrived in pieces)
    assert len(errors) >= 2
    assert {error["error"]["code"] for error in errors} == {-32700}
    assert not [line for line in stdio.lines if json.loads(line).get("id") == 3]


async def test_a_tool_result_line_carries_the_same_result_as_the_call(stdio: StdioPeer) -> None:
    call = {"name": "crm_list_leads", "arguments": {"limit": 5, "lang": "es"}}
    answer = await stdio.answer("tools/call", call)
    [line] = [line for line in stdio.lines if json.loads(line).get("id") == answer["id"]]
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert answer["jsonrpc"] == "2.0"
    result = answer["result"]
    assert result == await rpc(stdio, "tools/call", call)
    assert result["structuredContent"] == json.loads(result["content"][1]["text"])
    assert result["structuredContent"]["records"]
    assert result["isError"] is False
    assert "€" in line.decode()  # non-ASCII travels as UTF-8, not as \u escapes


async def test_a_call_meant_for_another_tenant_is_refused(
    stdio: StdioPeer, sandbox: Any, tmp_path: Path
) -> None:
    args = {"name": "crm_list_leads", "arguments": {}}
    async with in_process(sandbox, tmp_path) as client:
        for tenant, refused in (("beta", True), (TENANT, False)):
            meta = {"daniel/tenant": tenant}
            ours = await rpc(stdio, "tools/call", {**args, "_meta": meta})
            theirs = await client.call_tool_mcp("crm_list_leads", {}, meta=meta)
            assert ours["isError"] is refused, tenant
            assert theirs.is_error is refused, tenant
            if refused:
                assert "'acme', not 'beta'" in ours["content"][0]["text"]
                assert "'acme', not 'beta'" in theirs.content[0].text


async def test_a_change_is_previewed_then_made_once_over_stdio(
    stdio: StdioPeer, odoo: OdooClient
) -> None:
    name = f"Stdio lead {uuid.uuid4().hex[:8]}"
    preview = await rpc(
        stdio, "tools/call", {"name": "crm_create_lead", "arguments": {"name": name}}
    )
    assert preview["isError"] is False
    assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 0  # only a preview
    token = preview["structuredContent"]["confirmation_token"]
    confirm = {"name": "confirm_action", "arguments": {"confirmation_token": token}}
    first, second = await asyncio.gather(
        rpc(stdio, "tools/call", confirm), rpc(stdio, "tools/call", confirm)
    )
    assert first["isError"] is False
    assert first == second
    assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 1
