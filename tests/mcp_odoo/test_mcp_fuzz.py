"""Generated tool arguments against the real MCP server and the sandbox ERP.

Whatever a client sends, every call ends in a result or a clear tool error: never a crash
(FastMCP's masked "Error calling tool" message), a traceback, or a leaked credential, and
the server keeps answering afterwards. The server runs in confirm mode, so generated
writes only ever produce previews.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastmcp import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.server import create_server
from fuzz_values import arguments, json_values

EXAMPLES = 500
CRASH_MARKERS = ("Traceback", 'File "', "Error calling tool", "Internal error")


class Fuzzer:
    def __init__(self, client: Client[Any], schemas: dict[str, dict[str, Any]], secret: str):
        self.client = client
        self.schemas = schemas
        self.secret = secret
        self.calls = 0
        self.refused = 0


@pytest.fixture
async def fuzzer(sandbox: Any, tmp_path: Path) -> AsyncIterator[Fuzzer]:
    config = ServerConfig(
        connection=sandbox.connection(timeout=10.0),
        write_mode="confirm",
        audit_log=tmp_path / "audit.jsonl",
    )
    async with Client(create_server(config=config)) as client:
        tools = await client.list_tools()
        schemas = {tool.name: tool.input_schema for tool in tools}
        yield Fuzzer(client, schemas, sandbox.api_key)


def _text(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


async def _call_and_check(fuzzer: Fuzzer, tool: str, args: dict[str, Any]) -> None:
    result = await fuzzer.client.call_tool_mcp(tool, args)
    fuzzer.calls += 1
    text = _text(result)
    assert fuzzer.secret not in text
    if result.is_error:
        fuzzer.refused += 1
        assert text.strip(), f"{tool} refused {args!r:.200} without a message"
        assert len(text) < 2000, f"{tool}: a refusal should be short, got {len(text)} chars"
        for marker in CRASH_MARKERS:
            assert marker not in text, f"{tool} crashed on {args!r:.300}: {text[:300]}"
    else:
        assert isinstance(result.structured_content, dict), f"{tool}: no structured result"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
async def test_generated_arguments_get_a_result_or_a_clear_refusal(
    fuzzer: Fuzzer, data: st.DataObject
) -> None:
    tool = data.draw(st.sampled_from(sorted(fuzzer.schemas)), label="tool")
    args = data.draw(arguments(fuzzer.schemas[tool]), label="arguments")
    await _call_and_check(fuzzer, tool, args)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.text(max_size=80), args=st.dictionaries(st.text(max_size=10), json_values))
async def test_unknown_tools_are_refused_clearly(
    fuzzer: Fuzzer, name: str, args: dict[str, Any]
) -> None:
    if name in fuzzer.schemas:
        return
    result = await fuzzer.client.call_tool_mcp(name, args)
    assert result.is_error
    assert "Traceback" not in _text(result)


async def test_the_server_still_answers_after_hostile_calls(fuzzer: Fuzzer) -> None:
    hostile = [
        ("odoo_read", {"model": "res.users", "fields": ["password", "api_key_ids"]}),
        ("odoo_read", {"model": "crm.lead", "domain": [["password", "=", "x"]], "limit": 2**80}),
        ("crm_get_lead", {"lead_id": 2**63}),
        ("search_records", {"text": "á" * 70_000}),
        ("crm_list_leads", {"date_from": "á" * 5_000}),  # a refusal must not echo it all
        ("confirm_action", {"confirmation_token": "not-a-token"}),
        ("task_set_deadline", {"task_id": -1, "deadline": "2025-13-45"}),
    ]
    for tool, args in hostile:
        await _call_and_check(fuzzer, tool, args)
    result = await fuzzer.client.call_tool_mcp("crm_pipeline_summary", {})
    assert not result.is_error, _text(result)
    assert fuzzer.refused >= 4
