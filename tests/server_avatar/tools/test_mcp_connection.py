"""The avatar server's three ways to the MCP-Odoo server: in-process (default), a
`daniel mcp` subprocess over stdio, and streamable HTTP with a bearer token."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from avatar_client import SettingsFactory

from daniel.launcher import _mcp_http
from daniel.server_avatar.services.base import ProviderError
from daniel.server_avatar.tools.mcp_client import McpToolRunner, build_client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _pipeline(runner: McpToolRunner) -> str:
    await runner.start()
    try:
        names = {tool.name for tool in await runner.list_tools()}
        assert {"crm_pipeline_summary", "confirm_action", "task_create"} <= names
        assert await runner.list_tools() is await runner.list_tools()  # listed once, cached
        result = await runner.call("crm_pipeline_summary", {"lang": "en"})
        assert not result.is_error
        unknown = await runner.call("no_such_tool", {})
        assert unknown.is_error
        return str(result.structured["summary"])
    finally:
        await runner.close()


async def test_in_process_is_the_default(avatar_settings: SettingsFactory) -> None:
    settings = avatar_settings()
    assert settings.mcp_connection == "inprocess"
    summary = await _pipeline(McpToolRunner(build_client(settings)))
    assert summary.startswith("Pipeline")


@pytest.mark.slow
async def test_stdio_runs_daniel_mcp_in_a_subprocess(avatar_settings: SettingsFactory) -> None:
    settings = avatar_settings(mcp_connection="stdio")
    summary = await _pipeline(McpToolRunner(build_client(settings), call_timeout=20))
    assert summary.startswith("Pipeline")


async def test_streamable_http_with_a_bearer_token(
    avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    port = _free_port()
    server_settings = avatar_settings(mcp_port=port, mcp_token="mcp-token-for-tests-0000")
    url = f"http://127.0.0.1:{port}/mcp"
    async with _mcp_http(server_settings):
        client_settings = avatar_settings(
            mcp_connection="http", mcp_url=url, mcp_client_token="mcp-token-for-tests-0000"
        )
        summary = await _pipeline(McpToolRunner(build_client(client_settings)))
        assert summary.startswith("Pipeline")
        wrong = avatar_settings(mcp_connection="http", mcp_url=url, mcp_client_token="nope-nope")
        runner = McpToolRunner(build_client(wrong))
        with pytest.raises(ProviderError) as refused:
            await runner.start()
        assert refused.value.service == "mcp"
        assert "nope-nope" not in refused.value.message


async def test_the_client_reconnects_after_the_mcp_server_restarts(
    avatar_settings: SettingsFactory,
) -> None:
    port = _free_port()
    server_settings = avatar_settings(mcp_port=port)
    client_settings = avatar_settings(mcp_connection="http", mcp_url=f"http://127.0.0.1:{port}/mcp")
    runner = McpToolRunner(build_client(client_settings), call_timeout=5)
    try:
        async with _mcp_http(server_settings):
            assert not (await runner.call("crm_list_stages", {})).is_error
        with pytest.raises(ProviderError) as down:
            await runner.call("crm_list_stages", {})
        assert down.value.retryable
        async with _mcp_http(server_settings):
            assert not (await runner.call("crm_list_stages", {})).is_error
    finally:
        await runner.close()
