"""What FastMCP lists for the built-in tools, prompts and resources, as a generated file.

FastMCP derives each tool's input (and output) schema from the function's signature and
docstring with pydantic: about 0.3 s for the 31 tools it had then, at every start of `daniel mcp`.
`resources/mcp_tool_schemas.json` keeps, per tool, prompt and resource, the entry
FastMCP lists for it (`tools/list`, `prompts/list`, `resources/templates/list` or
`resources/list`) beside a fingerprint of the function it came
from (module, name, signature, docstring, description). The FastMCP server builds a
tool whose fingerprint matches from the file, any other (a changed or new tool, another
plugin package) is derived as before, so a stale file costs time, never a wrong schema.
The lean stdio server (`transport/stdio.py`) lists exactly these entries, and serves
only when every tool, prompt and resource has a current one. Arguments are always validated from
the function itself when it is called. `tests/mcp_odoo/test_mcp_tool_schemas.py` fails
when the file no longer matches; regenerate it with

    .venv/bin/python -m daniel.mcp_odoo.write_tool_schemas
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

from daniel.mcp_odoo.core.tool_registry import (
    PromptSpec,
    ResourceSpec,
    ToolRegistry,
    ToolSpec,
    unbound,
)

SCHEMAS_PATH = Path(__file__).resolve().parents[2] / "resources" / "mcp_tool_schemas.json"

Spec = ToolSpec | PromptSpec | ResourceSpec
#: The file's sections: each component kind, its entries by `key`.
KINDS = ("tools", "prompts", "resources")
Stored = dict[str, dict[str, dict[str, Any]]]


def components(registry: ToolRegistry) -> list[Spec]:
    """Every tool, prompt and resource of `registry`, in registration order per kind."""
    return [*registry.tools.values(), *registry.prompts.values(), *registry.resources]


def kind_of(spec: Spec) -> str:
    if isinstance(spec, ToolSpec):
        return "tools"
    return "prompts" if isinstance(spec, PromptSpec) else "resources"


def key(spec: Spec) -> str:
    """A component's name in its section (a resource's is its URI template)."""
    return spec.uri_template if isinstance(spec, ResourceSpec) else spec.name


def fingerprint(spec: Spec) -> str:
    """What the listed entry depends on, as a short hash."""
    target = unbound(spec.fn)
    parts = [
        spec.name,
        getattr(target, "__module__", ""),
        getattr(target, "__qualname__", ""),
        str(inspect.signature(spec.fn)),
        inspect.getdoc(target) or "",
        spec.description,
    ]
    if isinstance(spec, ToolSpec):
        parts += [json.dumps(spec.annotations, sort_keys=True), ",".join(sorted(spec.tags))]
    if isinstance(spec, ResourceSpec):
        parts += [spec.uri_template, spec.mime_type]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def load(path: Path = SCHEMAS_PATH) -> Stored:
    """The stored entries of each kind, by `key`; none when the file is missing or
    unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    return {kind: dict(data.get(kind) or {}) for kind in KINDS}


def cached(spec: Spec, stored: Stored) -> dict[str, Any] | None:
    """The listed entry stored for this component, if it was made from it as it is now."""
    entry = stored[kind_of(spec)].get(key(spec))
    if entry is None or entry.get("fingerprint") != fingerprint(spec):
        return None
    listed: dict[str, Any] = entry["listed"]
    return listed


def entry(spec: Spec, listed: dict[str, Any]) -> dict[str, Any]:
    """One component's record in the file."""
    return {"fingerprint": fingerprint(spec), "listed": listed}
