"""Write `resources/mcp_tool_schemas.json`: what the FastMCP server lists for the
built-in tools, prompts and resources, every schema derived from the functions (see
`daniel.mcp_odoo.transport.tool_schemas`). Run after changing a tool or a prompt:

    .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.present.tool_list import offline_config
from daniel.mcp_odoo.server import build_registry
from daniel.mcp_odoo.transport.fastmcp_app import derive_listings
from daniel.mcp_odoo.transport.tool_schemas import SCHEMAS_PATH


def generated() -> str:
    """The file's text, derived now (the slow way)."""
    deps = ServerDeps(offline_config())
    listings = asyncio.run(derive_listings(build_registry(deps), deps))
    return json.dumps(listings, indent=1, ensure_ascii=False) + "\n"


def write(path: Path = SCHEMAS_PATH) -> int:
    """Derive every built-in tool's, prompt's and resource's listing, write them to `path`."""
    text = generated()
    path.write_text(text, encoding="utf-8")
    return sum(len(entries) for entries in json.loads(text).values())


if __name__ == "__main__":
    print(f"{write()} tool, prompt and resource listings written to {SCHEMAS_PATH}")
