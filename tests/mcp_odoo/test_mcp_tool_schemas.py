"""The generated listing file (`resources/mcp_tool_schemas.json`) says what the FastMCP
server lists for the tools and prompts as they are now, and a server built from it lists
the same tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastmcp import Client

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ResourceSpec, ToolRegistry, ToolSpec
from daniel.mcp_odoo.present.tool_list import offline_config
from daniel.mcp_odoo.server import build_registry
from daniel.mcp_odoo.transport import tool_schemas
from daniel.mcp_odoo.transport.fastmcp_app import build_fastmcp, derived_tool, stored_tool
from daniel.mcp_odoo.transport.stdio import lean_listings
from daniel.mcp_odoo.write_tool_schemas import generated

REGENERATE = "regenerate it: .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas"


@pytest.fixture(scope="module")
def registry() -> ToolRegistry:
    return build_registry(ServerDeps(offline_config()))


def test_the_file_is_what_fastmcp_lists_for_the_tools_and_prompts() -> None:
    # as text: the order of the properties is the order clients show the parameters in
    assert tool_schemas.SCHEMAS_PATH.read_text(encoding="utf-8") == generated(), REGENERATE


async def test_a_server_built_from_the_file_lists_what_a_derived_one_lists(
    registry: ToolRegistry,
) -> None:
    deps = ServerDeps(offline_config())
    listed = {}
    empty: tool_schemas.Stored = {kind: {} for kind in tool_schemas.KINDS}
    for name, stored in (("file", None), ("derived", empty)):
        async with Client(build_fastmcp(registry, deps, "", stored=stored)) as client:
            tools = (await client.list_tools_mcp()).tools
        listed[name] = [tool.model_dump(mode="json", by_alias=True) for tool in tools]
    assert listed["file"] == listed["derived"]
    stored_entries = tool_schemas.load()
    for spec in registry.tools.values():
        entry = tool_schemas.cached(spec, stored_entries)
        assert entry is not None, f"{spec.name}: {REGENERATE}"
        assert stored_tool(spec, entry).return_type == derived_tool(spec).return_type, spec.name


def test_a_changed_tool_is_derived_again_not_taken_from_a_stale_file(
    registry: ToolRegistry, tmp_path: Path
) -> None:
    spec = registry.tools["crm_get_lead"]
    stored = tool_schemas.load()
    assert tool_schemas.cached(spec, stored) is not None
    for changed in (
        ToolSpec(spec.name, spec.fn, spec.description + " Changed.", spec.annotations),
        ToolSpec(spec.name, spec.fn, spec.description, {**spec.annotations, "readOnlyHint": False}),
        ToolSpec(spec.name, spec.fn, spec.description, spec.annotations, frozenset({"new"})),
    ):
        assert tool_schemas.cached(changed, stored) is None
    empty = tool_schemas.load(tmp_path / "missing.json")
    assert tool_schemas.cached(spec, empty) is None


def test_the_lean_stdio_server_serves_only_a_registry_the_file_describes_whole(
    registry: ToolRegistry,
) -> None:
    listings = lean_listings(registry)
    assert listings is not None, REGENERATE
    assert [tool["name"] for tool in listings["tools"]] == list(registry.tools)
    assert [prompt["name"] for prompt in listings["prompts"]] == list(registry.prompts)
    # a tool of another plugin package (not in the file): FastMCP must serve stdio
    spec = registry.tools["crm_get_lead"]
    registry.tools["my_own_tool"] = ToolSpec("my_own_tool", spec.fn, "Not in the file.")
    try:
        assert lean_listings(registry) is None
    finally:
        del registry.tools["my_own_tool"]
    assert json.dumps(lean_listings(registry)) == json.dumps(listings)
    # a resource of another plugin package (not in the file): FastMCP serves stdio
    registry.resources.append(ResourceSpec("odoo://about", spec.fn, "about", "Not a template."))
    try:
        assert lean_listings(registry) is None
    finally:
        registry.resources.pop()
