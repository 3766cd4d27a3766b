"""`daniel tools`: the tool list, generated from the server itself.

Formats: a markdown table (name, description, parameters), the MCP tool JSON, or the
ElevenLabs client-tool definitions (`type: "client"`, JSON-schema `parameters`,
`expects_response: true`) to paste into an ElevenLabs agent.

`python -m daniel.mcp_odoo.present.tool_list --write-docs docs/mcp.md` refreshes the table between
the `<!-- tools:start -->` and `<!-- tools:end -->` markers of the documentation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.server import create_server
from daniel.settings import OdooConnection, Settings

START = "<!-- tools:start -->"
END = "<!-- tools:end -->"
_ELEVENLABS_TYPES = {"string", "number", "integer", "boolean", "array", "object"}


def offline_config() -> ServerConfig:
    """A config for listing only: no Odoo call is ever made."""
    connection = OdooConnection(
        url="http://127.0.0.1:8069",
        db="-",
        user="-",
        secret="-",  # noqa: S106 - never used: listing makes no Odoo call
        protocol="auto",
        timeout=1,
        retries=0,
    )
    return ServerConfig(connection=connection)


async def tool_specs(config: ServerConfig | None = None) -> list[dict[str, Any]]:
    """Every tool as MCP lists it: name, description, inputSchema."""
    mcp = create_server(config=config or offline_config())
    tools = await mcp.list_tools()
    specs = []
    for tool in sorted(tools, key=lambda t: t.name):
        wire = tool.to_mcp_tool()
        specs.append(
            {
                "name": wire.name,
                "description": wire.description or "",
                "inputSchema": wire.input_schema,
            }
        )
    return specs


def first_sentence(text: str) -> str:
    line = " ".join(text.strip().split("\n\n")[0].split())
    return line


def _type_of(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "|".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = str(schema.get("type", "any"))
    if kind == "array":
        inner = _type_of(schema.get("items", {}))
        return f"list of ({inner})" if " or " in inner else f"list of {inner}"
    return kind


def render_markdown(specs: list[dict[str, Any]]) -> str:
    lines = ["| tool | what it does | parameters |", "|---|---|---|"]
    for spec in specs:
        schema = spec["inputSchema"]
        required = set(schema.get("required", []))
        params = []
        for name, prop in schema.get("properties", {}).items():
            mark = "" if name in required else "?"
            params.append(f"`{name}{mark}`: {_type_of(prop)}")
        description = first_sentence(spec["description"]).replace("|", "\\|")
        params_text = ", ".join(params).replace("|", "\\|")
        lines.append(f"| `{spec['name']}` | {description} | {params_text} |")
    return "\n".join(lines) + "\n"


def elevenlabs_schema(schema: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    """A JSON-schema property in the subset ElevenLabs accepts (no anyOf/null/defaults)."""
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        strings = [s for s in options if s.get("type") == "string"]
        chosen = dict(strings[0] if strings else options[0]) if options else {"type": "string"}
        return elevenlabs_schema(chosen, description or schema.get("description"))
    kind = schema.get("type", "string")
    if kind not in _ELEVENLABS_TYPES:
        kind = "string"
    out: dict[str, Any] = {"type": kind}
    text = description or schema.get("description")
    if kind == "object":
        props = schema.get("properties", {})
        out["properties"] = {name: elevenlabs_schema(prop) for name, prop in props.items()}
        out["required"] = [name for name in schema.get("required", []) if name in props]
        out["description"] = text or ""
        return out
    if kind == "array":
        out["items"] = elevenlabs_schema(schema.get("items", {"type": "string"}))
    if "enum" in schema:
        out["enum"] = [str(v) for v in schema["enum"]]
    out["description"] = text or "See the tool description."
    return out


def render_elevenlabs(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tools = []
    for spec in specs:
        parameters = elevenlabs_schema(spec["inputSchema"], first_sentence(spec["description"]))
        tools.append(
            {
                "type": "client",
                "name": spec["name"],
                "description": spec["description"].strip(),
                "parameters": parameters,
                "expects_response": True,
                "response_timeout_secs": 20,
            }
        )
    return tools


def update_docs(path: Path, table: str) -> bool:
    """Replace the table between the markers; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{path}: markers {START} / {END} not found")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = f"{head}{START}\n{table}{END}{tail}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        return True
    return False


def main(settings: Settings, args: argparse.Namespace) -> int:
    """`daniel tools [--format markdown|json|elevenlabs]`."""
    config = ServerConfig.from_settings(settings)
    specs = asyncio.run(tool_specs(config))
    fmt = getattr(args, "format", "markdown")
    if fmt == "json":
        print(json.dumps(specs, indent=2, ensure_ascii=False))
    elif fmt == "elevenlabs":
        print(json.dumps(render_elevenlabs(specs), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_markdown(specs))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Refresh the tool table in the docs.")
    parser.add_argument("--write-docs", type=Path, required=True)
    options = parser.parse_args()
    changed = update_docs(options.write_docs, render_markdown(asyncio.run(tool_specs())))
    print(f"{options.write_docs}: {'updated' if changed else 'already up to date'}")
