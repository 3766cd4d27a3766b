"""The local brain on the real MCP server and the sandbox: fixtures' building blocks.

The brain reaches the tools through the avatar server's `McpToolRunner`, over
FastMCP's in-memory transport. `Reply` gathers what one turn produced, the way the
page would see it.
"""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastmcp import Client

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server
from daniel.server_avatar.services.base import (
    BrainContext,
    BrainEvent,
    ConfirmationOutcome,
    ConfirmationRequest,
    TextDelta,
    ToolActivity,
    ToolResult,
    ToolRunner,
    ToolSpec,
    TurnDone,
)
from daniel.server_avatar.services.local.brain import LocalBrain
from daniel.server_avatar.tools.mcp_client import McpToolRunner


def server_config(
    sandbox: Any, audit_dir: Path, *, write_mode: str = "confirm", url: str | None = None
) -> ServerConfig:
    return ServerConfig(
        connection=sandbox.connection(url=url),
        lang="es",
        write_mode=write_mode,  # type: ignore[arg-type]
        audit_log=audit_dir / "audit.jsonl",
    )


@asynccontextmanager
async def mcp_runner(config: ServerConfig) -> AsyncIterator[McpToolRunner]:
    """The avatar server's own tool runner on an in-process MCP server."""
    runner = McpToolRunner(Client(create_server(deps=ServerDeps(config))))
    await runner.start()
    try:
        yield runner
    finally:
        await runner.close()


class WatchedTools(ToolRunner):
    """The real MCP tool runner, keeping the tool calls made through it (name and
    arguments), as the MCP server's log would show them to an operator."""

    def __init__(self, inner: ToolRunner) -> None:
        self.inner = inner
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def list_tools(self) -> Sequence[ToolSpec]:
        return await self.inner.list_tools()

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        self.calls.append((name, dict(arguments)))
        return await self.inner.call(name, arguments)

    def reads_of(self, model: str) -> int:
        """How many calls read records of `model` by name (any tool given the model, or
        the tool that lists them: `crm_list_stages` for `crm.stage`)."""
        listing = {"crm.stage": "crm_list_stages"}.get(model)
        return sum(1 for name, args in self.calls if name == listing or args.get("model") == model)


def new_brain(runner: ToolRunner, lang: str = "es") -> LocalBrain:
    context = BrainContext(session_id="t", lang="es" if lang == "es" else "en", tools=runner)
    return LocalBrain(context, today=date.today())


@dataclass
class Reply:
    """Everything one turn produced."""

    text: str = ""
    deltas: list[str] = field(default_factory=list)
    tools: list[ToolActivity] = field(default_factory=list)
    requests: list[ConfirmationRequest] = field(default_factory=list)
    outcomes: list[ConfirmationOutcome] = field(default_factory=list)
    events: list[BrainEvent] = field(default_factory=list)
    outcome: str | None = None

    def done(self, name: str) -> ToolActivity:
        """The finished call of tool `name` (the last one)."""
        found = [t for t in self.tools if t.name == name and t.status != "running"]
        assert found, f"no finished {name} call in {[t.name for t in self.tools]}"
        return found[-1]

    def cards(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The cards the page shows for this turn (of one `kind` when given)."""
        return [
            card
            for t in self.tools
            if t.status == "done" and (kind is None or t.kind == kind)
            for card in t.records
        ]

    def called(self, name: str) -> bool:
        return any(t.name == name for t in self.tools)


async def collect(events: AsyncIterator[BrainEvent]) -> Reply:
    reply = Reply()
    async for event in events:
        reply.events.append(event)
        if isinstance(event, TextDelta):
            reply.deltas.append(event.text)
        elif isinstance(event, ToolActivity):
            reply.tools.append(event)
        elif isinstance(event, ConfirmationRequest):
            reply.requests.append(event)
        elif isinstance(event, ConfirmationOutcome):
            reply.outcomes.append(event)
        elif isinstance(event, TurnDone):
            reply.text = event.text
            reply.outcome = event.outcome
    assert isinstance(reply.events[-1], TurnDone), "a turn must end with TurnDone"
    assert "Traceback" not in reply.text
    return reply


async def say(brain: LocalBrain, text: str) -> Reply:
    return await collect(brain.respond(text))


def word(prefix: str) -> str:
    """A made-up capitalised name part, unique per test run ("Zafiroqkwd")."""
    return prefix + "".join(random.choices(string.ascii_lowercase, k=5))
