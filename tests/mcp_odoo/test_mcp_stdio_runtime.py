"""The lean stdio runtime answers like the FastMCP server, message for message."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastmcp import Client
from mcp_session import make_config

from daniel.mcp_odoo.deps import ServerDeps
from daniel.mcp_odoo.server import INSTRUCTIONS, build_registry, create_server
from daniel.mcp_odoo.stdio_runtime import McpStdioServer, run_loop
from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stdio(
    sandbox: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[McpStdioServer]:
    deps = ServerDeps(make_config(sandbox, tmp_path_factory.mktemp("stdio"), lang="en"))
    yield McpStdioServer(build_registry(deps), deps, instructions=INSTRUCTIONS)
    await deps.aclose()


async def rpc(server: McpStdioServer, method: str, params: dict[str, Any] | None = None) -> Any:
    response = await server.handle(
        {"jsonrpc": "2.0", "id": 7, "method": method, "params": params or {}}
    )
    assert response is not None
    assert response["id"] == 7
    return response.get("result", response.get("error"))


async def test_handshake_negotiates_a_known_version(stdio: McpStdioServer) -> None:
    result = await rpc(stdio, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}})
    assert result["protocolVersion"] == "2025-06-18"
    assert set(result["capabilities"]) >= {"tools", "resources", "prompts"}
    newer = await rpc(stdio, "initialize", {"protocolVersion": "2099-01-01"})
    assert newer["protocolVersion"] == "2025-11-25"
    assert await rpc(stdio, "ping") == {}
    missing = await rpc(stdio, "sampling/createMessage")
    assert missing["code"] == -32601
    assert await stdio.handle({"jsonrpc": "2.0", "method": "notifications/initialized"}) is None


async def test_tools_are_listed_exactly_like_fastmcp(
    stdio: McpStdioServer, sandbox: Any, tmp_path: Path
) -> None:
    ours = {tool["name"]: tool for tool in (await rpc(stdio, "tools/list"))["tools"]}
    async with Client(create_server(config=make_config(sandbox, tmp_path))) as client:
        theirs = {tool.name: tool for tool in await client.list_tools()}
    assert set(ours) == set(theirs)
    for name, tool in theirs.items():
        assert ours[name]["inputSchema"] == tool.input_schema, name
        assert ours[name]["description"] == tool.description, name
        assert ours[name]["title"] == tool.title, name
        hints = (
            tool.annotations.model_dump(by_alias=True, exclude_none=True)
            if tool.annotations
            else {}
        )
        assert ours[name]["annotations"] == hints, name


async def test_tool_results_and_errors_match_fastmcp(
    stdio: McpStdioServer, sandbox: Any, tmp_path: Path, odoo: OdooClient
) -> None:
    lead = (await odoo.search_read("crm.lead", [], ["id"], limit=1))[0]
    calls = [
        ("crm_get_lead", {"lead_id": lead["id"], "lang": "en"}),
        ("crm_list_leads", {"limit": 500}),
        ("crm_get_lead", {"lead_id": "abc", "bogus": 1}),
        ("crm_get_lead", {"lead_id": 999999, "lang": "en"}),
        ("no_such_tool", {}),
    ]
    async with Client(create_server(config=make_config(sandbox, tmp_path, lang="en"))) as client:
        for name, args in calls:
            ours = await rpc(stdio, "tools/call", {"name": name, "arguments": args})
            theirs = await client.call_tool_mcp(name, args)
            assert ours["isError"] is theirs.is_error, name
            assert [c["text"] for c in ours["content"]] == [c.text for c in theirs.content], name
            assert ours.get("structuredContent") == theirs.structured_content, name


async def test_resources_and_prompts(stdio: McpStdioServer, odoo: OdooClient) -> None:
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


async def test_the_loop_answers_out_of_order_and_survives_garbage(stdio: McpStdioServer) -> None:
    reader = asyncio.StreamReader()
    lines = [
        b"this is not json\n",
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode() + b"\n",
        json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).encode() + b"\n",
        json.dumps(
            {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}}
        ).encode()
        + b"\n",
    ]
    for line in lines:
        reader.feed_data(line)
    reader.feed_eof()
    written: list[bytes] = []
    await run_loop(stdio, reader, written.append)
    answers = [json.loads(chunk) for chunk in written]
    assert all(chunk.endswith(b"\n") and chunk.count(b"\n") == 1 for chunk in written)
    assert answers[0]["error"]["code"] == -32700
    assert {a.get("id") for a in answers[1:]} == {1, 2}


async def test_a_tool_result_line_carries_the_same_result_as_the_call(
    stdio: McpStdioServer,
) -> None:
    call = {"name": "crm_list_leads", "arguments": {"limit": 5, "lang": "es"}}
    reader = asyncio.StreamReader()
    reader.feed_data(
        json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": call}).encode()
        + b"\n"
    )
    reader.feed_eof()
    written: list[bytes] = []
    await run_loop(stdio, reader, written.append)
    [line] = written
    answer = json.loads(line)
    assert answer["jsonrpc"] == "2.0"
    assert answer["id"] == 3
    result = answer["result"]
    assert result == await rpc(stdio, "tools/call", call)
    assert result["structuredContent"] == json.loads(result["content"][1]["text"])
    assert result["structuredContent"]["records"]
    assert result["isError"] is False
    assert "€" in line.decode()  # non-ASCII travels as UTF-8, not as \u escapes


async def test_both_runtimes_refuse_a_call_meant_for_another_tenant(
    sandbox: Any, tmp_path: Path
) -> None:
    config = dataclasses.replace(make_config(sandbox, tmp_path, lang="en"), tenant="acme")
    deps = ServerDeps(config)
    lean = McpStdioServer(build_registry(deps), deps, instructions=INSTRUCTIONS)
    args = {"name": "crm_list_leads", "arguments": {}}
    try:
        async with Client(create_server(config=config)) as client:
            for tenant, refused in (("beta", True), ("acme", False)):
                meta = {"daniel/tenant": tenant}
                ours = await rpc(lean, "tools/call", {**args, "_meta": meta})
                theirs = await client.call_tool_mcp("crm_list_leads", {}, meta=meta)
                assert ours["isError"] is refused, tenant
                assert theirs.is_error is refused, tenant
                if refused:
                    assert "'acme', not 'beta'" in ours["content"][0]["text"]
                    assert "'acme', not 'beta'" in theirs.content[0].text
    finally:
        await deps.aclose()
