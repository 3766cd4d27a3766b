"""The tools' JSON schemas as a generated data file, so a start does not rebuild them.

FastMCP derives each tool's input (and output) schema from the function's signature and
docstring with pydantic: about 0.3 s for the 31 tools at every start of `daniel mcp`.
`resources/mcp_tool_schemas.json` keeps what that derivation gives, per tool, beside a
fingerprint of the function it came from (module, name, signature, docstring,
description). A tool whose fingerprint matches is built from the file; any other (a
changed or new tool, another plugin package) is derived as before, so a stale file costs
time, never a wrong schema. Arguments are still validated by FastMCP from the function
itself when the tool is called. `tests/mcp_odoo/test_mcp_tool_schemas.py` fails when the
file no longer matches; regenerate it with

    .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

from daniel.mcp_odoo.core.tool_registry import ToolSpec, unbound

SCHEMAS_PATH = Path(__file__).resolve().parents[2] / "resources" / "mcp_tool_schemas.json"


def fingerprint(spec: ToolSpec) -> str:
    """What the derived schema depends on, as a short hash."""
    target = unbound(spec.fn)
    parts = [
        spec.name,
        getattr(target, "__module__", ""),
        getattr(target, "__qualname__", ""),
        str(inspect.signature(spec.fn)),
        inspect.getdoc(target) or "",
        spec.description,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def load(path: Path = SCHEMAS_PATH) -> dict[str, dict[str, Any]]:
    """The stored schemas by tool name; none when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def cached(spec: ToolSpec, stored: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The stored entry for this tool, if it was derived from the function as it is now."""
    entry = stored.get(spec.name)
    if entry is None or entry.get("fingerprint") != fingerprint(spec):
        return None
    return entry


def entry(spec: ToolSpec, parameters: dict[str, Any], output_schema: Any) -> dict[str, Any]:
    """One tool's record in the file."""
    return {
        "fingerprint": fingerprint(spec),
        "parameters": parameters,
        "output_schema": output_schema,
    }
