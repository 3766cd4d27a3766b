"""JSON schemas and argument validation of registered functions, without FastMCP.

`input_schema(fn)` is what FastMCP lists for the same function: the pydantic schema of
the signature with `$defs` inlined and titles pruned (a test keeps the two equal).
Building those schemas takes a noticeable part of a cold start, so the schemas of the
built-in tools and prompts are also kept precomputed in `schema_manifest.py`, each with
a fingerprint of its function's signature: an entry whose fingerprint no longer matches
is ignored (and a test fails until the manifest is refreshed with
`python -m daniel.mcp_odoo.schemas --write`).

`call(fn, arguments)` validates the arguments against the signature and calls `fn`.
Type adapters are built on first use and cached.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

MANIFEST_FILE = Path(__file__).with_name("schema_manifest.py")


@functools.cache
def adapter(fn: Callable[..., Any]) -> TypeAdapter[Any]:
    function: Any = fn  # a callable: pydantic validates its arguments, then calls it
    return TypeAdapter(function)


def call(fn: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """Validate `arguments` (raises pydantic's ValidationError) and call `fn` with them."""
    return adapter(fn).validate_python(arguments)


def key(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def fingerprint(fn: Callable[..., Any]) -> str:
    """Changes whenever a parameter, its annotation or its default changes."""
    return hashlib.sha1(str(inspect.signature(fn)).encode(), usedforsecurity=False).hexdigest()


def computed_schema(fn: Callable[..., Any]) -> dict[str, Any]:
    raw = adapter(fn).json_schema()
    defs = raw.pop("$defs", {})
    cleaned: dict[str, Any] = _clean(raw, defs, in_properties=False)
    return cleaned


@functools.cache
def input_schema(fn: Callable[..., Any]) -> dict[str, Any]:
    """The schema of `fn`'s arguments, as FastMCP lists it."""
    entry = _manifest().get(key(fn))
    if entry is not None and entry["fingerprint"] == fingerprint(fn):
        schema: dict[str, Any] = entry["schema"]
        return schema
    return computed_schema(fn)


@functools.cache
def _manifest() -> dict[str, dict[str, Any]]:
    try:
        from daniel.mcp_odoo.schema_manifest import SCHEMAS
    except ImportError:
        return {}
    return SCHEMAS


def _clean(node: Any, defs: dict[str, Any], *, in_properties: bool) -> Any:
    if isinstance(node, list):
        return [_clean(item, defs, in_properties=False) for item in node]
    if not isinstance(node, dict):
        return node
    if not in_properties and isinstance(node.get("$ref"), str):
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _clean(merged, defs, in_properties=False)
    out: dict[str, Any] = {}
    for name, value in node.items():
        if name == "title" and not in_properties and isinstance(value, str):
            continue
        out[name] = _clean(value, defs, in_properties=name == "properties" and not in_properties)
    return out


def render_manifest(functions: list[Callable[..., Any]]) -> str:
    """The source of `schema_manifest.py` for `functions`."""
    entries = {
        key(fn): {"fingerprint": fingerprint(fn), "schema": computed_schema(fn)} for fn in functions
    }
    data = json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True)
    return (
        '"""Precomputed argument schemas of the built-in tools and prompts (generated).\n\n'
        "Refresh with `python -m daniel.mcp_odoo.schemas --write`; see `schemas.py`.\n"
        '"""\n\n'
        "# ruff: noqa: E501\n"
        "import json\n"
        "from typing import Any\n\n"
        f'SCHEMAS: dict[str, dict[str, Any]] = json.loads(\n    r"""{data}"""\n)\n'
    )


def builtin_functions() -> list[Callable[..., Any]]:
    """Every tool and prompt function of the built-in plugins (no Odoo call is made)."""
    from daniel.mcp_odoo.deps import ServerDeps
    from daniel.mcp_odoo.listing import offline_config
    from daniel.mcp_odoo.server import build_registry

    registry = build_registry(ServerDeps(offline_config()))
    return [spec.fn for spec in registry.tools.values()] + [
        spec.fn for spec in registry.prompts.values()
    ]


if __name__ == "__main__":
    MANIFEST_FILE.write_text(render_manifest(builtin_functions()), encoding="utf-8")
    print(f"{MANIFEST_FILE}: written")
