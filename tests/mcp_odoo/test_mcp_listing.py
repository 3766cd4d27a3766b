"""`daniel tools`, the documented tool table, and the HTTP start-up guard."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

import pytest

from daniel.mcp_odoo.present.tool_list import (
    END,
    START,
    main,
    render_elevenlabs,
    render_markdown,
    tool_specs,
)
from daniel.mcp_odoo.server import main as mcp_main
from daniel.settings import SettingsError, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mcp.md"
README = Path(__file__).resolve().parents[2] / "README.md"
CONTRACT = {
    "crm_list_leads",
    "odoo_aggregate",
    "odoo_names",
    "crm_pipeline_summary",
    "crm_get_lead",
    "crm_create_lead",
    "crm_update_lead",
    "crm_move_stage",
    "crm_mark_won",
    "crm_mark_lost",
    "crm_log_note",
    "crm_list_stages",
    "project_list",
    "task_list",
    "task_get",
    "task_create",
    "task_assign",
    "task_set_stage",
    "task_set_deadline",
    "contact_update",
    "sale_list_orders",
    "sale_get_order",
    "sale_summary",
    "sale_create_quotation",
    "sale_confirm_quotation",
    "user_context",
    "user_list",
    "search_records",
    "resolve_name",
    "odoo_read",
    "confirm_action",
    "cancel_action",
}


def run(fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(load_settings(), argparse.Namespace(format=fmt)) == 0
    return capsys.readouterr().out


def test_every_contract_tool_is_listed_with_described_parameters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    specs = json.loads(run("json", capsys))
    assert {spec["name"] for spec in specs} == CONTRACT
    for spec in specs:
        assert spec["description"], spec["name"]
        for name, prop in spec["inputSchema"].get("properties", {}).items():
            if name not in {"lead_id", "task_id", "order_id"}:
                assert prop.get("description"), f"{spec['name']}.{name} has no description"


def test_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    table = run("markdown", capsys)
    lines = table.splitlines()
    assert lines[0] == "| tool | what it does | parameters |"
    assert len(lines) == 2 + len(CONTRACT)
    assert any(
        line.startswith("| `crm_list_leads` |") and "`limit?`: integer" in line for line in lines
    )


def test_elevenlabs_client_tools_use_the_accepted_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tools = json.loads(run("elevenlabs", capsys))
    assert {t["name"] for t in tools} == CONTRACT

    def check(prop: dict[str, object]) -> None:
        assert prop["type"] in {"string", "number", "integer", "boolean", "array", "object"}
        assert "anyOf" not in prop
        assert "default" not in prop
        assert "$ref" not in prop
        assert prop.get("description") is not None
        if prop["type"] == "array":
            check(prop["items"])  # type: ignore[arg-type]
        if prop["type"] == "object":
            for inner in prop["properties"].values():  # type: ignore[attr-defined]
                check(inner)

    for tool in tools:
        assert tool["type"] == "client"
        assert tool["expects_response"] is True
        assert tool["parameters"]["type"] == "object"
        check(tool["parameters"])
    quote = next(t for t in tools if t["name"] == "sale_create_quotation")
    lines = quote["parameters"]["properties"]["lines"]
    assert lines["items"]["properties"]["product"]["type"] == "string"
    assert quote["parameters"]["required"] == ["customer", "lines"]


@pytest.mark.parametrize("doc", [DOCS, README], ids=["docs/mcp.md", "README.md"])
def test_docs_list_the_tools_of_the_server(doc: Path) -> None:
    """Fails when the tool table of docs/mcp.md or README.md is out of date: refresh it
    with `python -m daniel.mcp_odoo.present.tool_list --write-docs <file>`."""
    text = doc.read_text(encoding="utf-8")
    documented = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert documented == render_markdown(asyncio.run(tool_specs())).strip()


def test_readme_shows_how_to_connect_claude_desktop_to_a_real_odoo() -> None:
    text = README.read_text(encoding="utf-8")
    config = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
    server = config["mcpServers"]["odoo"]
    assert server["args"] == ["mcp"]
    assert {"ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY"} <= set(server["env"])
    assert "daniel tools --format elevenlabs" in text


def test_elevenlabs_render_is_stable() -> None:
    specs = asyncio.run(tool_specs())
    assert render_elevenlabs(specs) == render_elevenlabs(specs)


def test_http_off_loopback_needs_a_token() -> None:
    args = argparse.Namespace(transport="http", host="0.0.0.0", port=None)
    with pytest.raises(SettingsError) as refused:
        mcp_main(load_settings(), args)
    message = str(refused.value)
    assert "MCP_TOKEN" in message
    assert "0.0.0.0" in message
    assert "\n" not in message
