"""The server itself: plugins, resources, prompts, Odoo down and back."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp_session import make_config, mcp_session

from daniel.odoo import OdooClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

GOOD = '''
from daniel.mcp_odoo.toolkit import READ_ONLY

def register(mcp, deps):
    @mcp.tool(annotations=READ_ONLY)
    async def hello(name: str) -> str:
        """Say hello."""
        return f"hola {name}"
'''


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_broken_plugins_are_skipped_by_name(
    sandbox: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    package = tmp_path / "plugins_under_test"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "good.py").write_text(GOOD)
    (package / "helper.py").write_text("VALUE = 1\n")
    (package / "bad_import.py").write_text("import no_such_module_here\n")
    (package / "bad_register.py").write_text(
        "def register(mcp, deps):\n    raise RuntimeError('boom')\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        config = make_config(sandbox, tmp_path, tools_package="plugins_under_test")
        with caplog.at_level(logging.ERROR, logger="daniel.mcp_odoo.core.plugins"):
            async with mcp_session(config) as s:
                tools = {tool.name for tool in await s.client.list_tools()}
                result = await s.client.call_tool("hello", {"name": "Ana"})
    finally:
        sys.path.remove(str(tmp_path))
    assert tools == {"hello"}
    assert result.data == "hola Ana"
    logged = caplog.text
    assert "plugins_under_test.bad_import" in logged
    assert "plugins_under_test.bad_register" in logged
    assert "helper" not in logged


async def test_resources_and_prompts_are_listed(sandbox: Any, tmp_path: Path) -> None:
    async with mcp_session(make_config(sandbox, tmp_path)) as s:
        templates = {t.uri_template for t in await s.client.list_resource_templates()}
        assert {"odoo://{model}/{id}", "odoo://{model}/fields"} <= templates
        prompts = {p.name for p in await s.client.list_prompts()}
        assert {"pipeline_review", "my_tasks_today", "sales_report"} <= prompts
        spanish = await s.client.get_prompt("my_tasks_today", {})
        english = await s.client.get_prompt("my_tasks_today", {"lang": "en"})
        assert "hoy" in spanish.messages[0].content.text
        assert "today" in english.messages[0].content.text
        review = await s.client.get_prompt("pipeline_review", {"salesperson": "me", "lang": "en"})
        assert "crm_pipeline_summary" in review.messages[0].content.text


async def test_record_resource_matches_odoo(sandbox: Any, tmp_path: Path, odoo: OdooClient) -> None:
    lead = (await odoo.search_read("crm.lead", [], ["name", "expected_revenue"], limit=1))[0]
    async with mcp_session(make_config(sandbox, tmp_path)) as s:
        data = await s.resource(f"odoo://crm.lead/{lead['id']}")
        fields = await s.resource("odoo://crm.lead/fields")
        with pytest.raises(Exception, match="no está permitido"):
            await s.client.read_resource("odoo://ir.model/1")
    assert data["record"]["name"] == lead["name"]
    assert data["record"]["url"].endswith(f"/odoo/crm.lead/{lead['id']}")
    assert fields["fields"]["expected_revenue"]["type"] == "monetary"


async def test_server_starts_and_answers_while_odoo_is_down(sandbox: Any, tmp_path: Path) -> None:
    url = closed_port_url()
    async with mcp_session(make_config(sandbox, tmp_path, url=url)) as s:
        assert len(await s.client.list_tools()) >= 29
        text = await s.error("crm_list_leads", lang="en")
        assert text == f"Odoo is not reachable at {url}; check ODOO_URL or start the sandbox"
        spanish = await s.error("task_get", task_id=1)
        assert spanish.startswith("Odoo no responde en")
        assert len(await s.client.list_tools()) >= 29


async def test_recovers_when_odoo_comes_back(tmp_path: Path, sandbox: Any) -> None:
    from daniel.sandbox.server import SandboxThread

    data_dir = tmp_path / "odoo-data"
    first = SandboxThread(data_dir=data_dir, host="127.0.0.1", port=0)
    first.start()
    url = first.url
    port = int(url.rsplit(":", 1)[1])
    async with mcp_session(make_config(sandbox, tmp_path, url=url, lang="en")) as s:
        before = await s.ok("crm_list_stages")
        first.stop()
        down = await s.error("crm_list_stages")
        assert down.startswith(f"Odoo is not reachable at {url}")
        second = SandboxThread(data_dir=data_dir, host="127.0.0.1", port=port)
        second.start()
        try:
            after = await s.ok("crm_list_stages")
        finally:
            second.stop()
    assert after["records"] == before["records"]


async def test_a_tool_is_a_function_importable_by_name(sandbox: Any, tmp_path: Path) -> None:
    """What the server answers is what the module-level function returns."""
    from fastmcp import Client

    from daniel.mcp_odoo.core.deps import ServerDeps
    from daniel.mcp_odoo.server import create_server
    from daniel.mcp_odoo.tools.crm import crm_list_leads

    deps = ServerDeps(make_config(sandbox, tmp_path, lang="en"))
    try:
        direct = await crm_list_leads(deps, limit=3, lang="en")
        async with Client(create_server(deps=deps)) as client:
            served = await client.call_tool("crm_list_leads", {"limit": 3, "lang": "en"})
    finally:
        await deps.aclose()
    assert direct.data["kind"] == "leads"
    assert len(direct.data["records"]) == 3
    assert served.structured_content == direct.data
    assert [block.text for block in served.content] == list(direct.texts)  # type: ignore[union-attr]
