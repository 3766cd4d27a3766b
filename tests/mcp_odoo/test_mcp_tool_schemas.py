"""The generated tool-schema file (`resources/mcp_tool_schemas.json`) says what FastMCP
derives from the tools as they are now, and a server built from it lists the same tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolSpec
from daniel.mcp_odoo.present.tool_list import offline_config
from daniel.mcp_odoo.server import build_registry
from daniel.mcp_odoo.transport import tool_schemas
from daniel.mcp_odoo.transport.fastmcp_app import derive_schemas, derived_tool, stored_tool

REGENERATE = "regenerate it: .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas"


@pytest.fixture(scope="module")
def specs() -> list[ToolSpec]:
    return list(build_registry(ServerDeps(offline_config())).tools.values())


def test_the_file_is_what_fastmcp_derives_from_the_tools(specs: list[ToolSpec]) -> None:
    # as text: the order of the properties is the order clients show the parameters in
    assert json.dumps(tool_schemas.load()) == json.dumps(derive_schemas(specs)), REGENERATE


def test_tools_built_from_the_file_are_listed_as_derived_ones(specs: list[ToolSpec]) -> None:
    stored = tool_schemas.load()
    for spec in specs:
        entry = tool_schemas.cached(spec, stored)
        assert entry is not None, f"{spec.name}: {REGENERATE}"
        fast, slow = stored_tool(spec, entry), derived_tool(spec)
        assert fast.to_mcp_tool() == slow.to_mcp_tool(), spec.name
        assert fast.return_type == slow.return_type, spec.name


def test_a_changed_tool_is_derived_again_not_taken_from_a_stale_file(
    specs: list[ToolSpec], tmp_path: Path
) -> None:
    spec = next(s for s in specs if s.name == "crm_get_lead")
    stale = tmp_path / "schemas.json"
    stale.write_text(json.dumps(derive_schemas([spec])), encoding="utf-8")
    stored = tool_schemas.load(stale)
    assert tool_schemas.cached(spec, stored) is not None
    changed = ToolSpec(spec.name, spec.fn, spec.description + " Changed.", spec.annotations)
    assert tool_schemas.cached(changed, stored) is None
    assert tool_schemas.load(tmp_path / "missing.json") == {}
