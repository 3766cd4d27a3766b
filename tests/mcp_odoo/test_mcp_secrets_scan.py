"""No secret in the MCP server's logs or HTTP answers, on good and bad paths.

`daniel mcp --transport http` runs as a subprocess at LOG_LEVEL=DEBUG with a distinctive
value for every secret setting, against a sandbox whose API key is the configured
ODOO_API_KEY. A representative session (health, metrics, refused and accepted MCP
requests, reads, refusals, a write preview and a bad confirmation, then Odoo going away)
is run; every response body and every stderr line is searched for every secret value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
from fastmcp import Client

from daniel.sandbox.server import SandboxThread
from secret_values import SANDBOX_ADMIN_PASSWORD, SECRETS, daniel_process, free_port, leaks

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "scan", "version": "0"},
    },
}
ACCEPT = {"Accept": "application/json, text/event-stream"}
TOOL_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("user_context", {}),
    ("crm_pipeline_summary", {}),
    ("crm_list_leads", {"limit": 3}),
    ("odoo_read", {"model": "res.users", "fields": ["login", "password"]}),
    ("odoo_read", {"model": "ir.config_parameter"}),
    ("crm_get_lead", {"lead_id": 999_999}),
    ("crm_list_leads", {"date_from": "not a date"}),
    ("crm_mark_won", {"lead_id": 1}),
    ("confirm_action", {"confirmation_token": "forged-token"}),
]


def _dump(result: Any) -> str:
    texts = [getattr(block, "text", "") for block in result.content]
    return json.dumps({"content": texts, "structured": result.structured_content}, default=str)


async def _raw_requests(base: str, bodies: list[str]) -> None:
    token = {"Authorization": f"Bearer {SECRETS['MCP_TOKEN']}"}
    async with aiohttp.ClientSession() as http:
        for method, path, headers, payload in (
            ("GET", "/health", {}, None),
            ("GET", "/metrics", {}, None),
            ("GET", "/no-such-page", {}, None),
            ("POST", "/mcp", ACCEPT, INITIALIZE),
            ("POST", "/mcp", {**ACCEPT, "Authorization": "Bearer wrong-token"}, INITIALIZE),
            ("POST", "/mcp", {**ACCEPT, **token}, {"jsonrpc": "2.0", "id": 2, "method": 7}),
            ("POST", "/mcp", {**ACCEPT, **token, "Origin": "http://evil.example"}, INITIALIZE),
        ):
            async with http.request(method, base + path, headers=headers, json=payload) as resp:
                bodies.append(f"{resp.status} {dict(resp.headers)} {await resp.text()}")


async def _mcp_session(base: str, bodies: list[str]) -> None:
    async with Client(f"{base}/mcp", auth=SECRETS["MCP_TOKEN"]) as client:
        tools = await client.list_tools()
        bodies.append(json.dumps([tool.model_dump(mode="json") for tool in tools]))
        for name, args in TOOL_CALLS:
            bodies.append(_dump(await client.call_tool_mcp(name, args)))


async def test_mcp_http_session_leaks_no_secret(tmp_path: Path) -> None:
    sandbox = SandboxThread(
        tmp_path / "sandbox",
        api_key=SECRETS["ODOO_API_KEY"],
        admin_password=SANDBOX_ADMIN_PASSWORD,
    )
    sandbox.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **SECRETS,
        "ODOO_URL": sandbox.url,
        "ODOO_DB": "sandbox",
        "ODOO_USER": "admin",
        "MCP_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": "json",
    }
    bodies: list[str] = []
    try:
        args = ["mcp", "--transport", "http", "--host", "127.0.0.1", "--port", str(port)]
        async with daniel_process(args, env, tmp_path, f"{base}/health") as stderr_path:
            await _raw_requests(base, bodies)
            await _mcp_session(base, bodies)
            sandbox.stop()  # Odoo goes away: the error paths log and answer too
            await _raw_requests(base, bodies)
            await _mcp_session(base, bodies)
    finally:
        sandbox.stop()
    log_lines = stderr_path.read_text(encoding="utf-8").splitlines()
    assert len(log_lines) >= 5, "the server logged (at DEBUG) what it did"
    assert any('"level": "debug"' in line for line in log_lines)
    assert any("503" in body for body in bodies), "the Odoo-down path was exercised"
    assert len(bodies) >= 2 * (7 + 1 + len(TOOL_CALLS))
    assert leaks(bodies) == []
    assert leaks(log_lines) == []
    assert (
        leaks(
            [(tmp_path / "audit.jsonl").read_text()] if (tmp_path / "audit.jsonl").exists() else []
        )
        == []
    )
