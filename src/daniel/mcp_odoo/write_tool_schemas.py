"""Write `resources/mcp_tool_schemas.json`: the built-in tools' schemas as FastMCP derives
them (see `daniel.mcp_odoo.transport.tool_schemas`). Run after changing a tool:

    .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas
"""

from __future__ import annotations

import json
from pathlib import Path

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.present.tool_list import offline_config
from daniel.mcp_odoo.server import build_registry
from daniel.mcp_odoo.transport.fastmcp_app import derive_schemas
from daniel.mcp_odoo.transport.tool_schemas import SCHEMAS_PATH


def write(path: Path = SCHEMAS_PATH) -> int:
    """Derive every built-in tool's schemas (the slow way) and write them to `path`."""
    specs = list(build_registry(ServerDeps(offline_config())).tools.values())
    text = json.dumps(derive_schemas(specs), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return len(specs)


if __name__ == "__main__":
    print(f"{write()} tool schemas written to {SCHEMAS_PATH}")
