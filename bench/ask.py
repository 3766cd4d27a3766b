"""Ask the local brain questions on the built-in sandbox, from the command line.

    .venv/bin/python bench/ask.py "¿Qué oportunidades tengo abiertas este mes?" "¿y la mayor?"

Each argument is one turn of the same conversation (`--lang en` for English, `--new`
between questions to start a new conversation with `--`). Prints the answer, the outcome
and the tools called, with the time each turn took. A quick way to see what Daniel
understands without starting the web page.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from fastmcp import Client

from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.server import create_server
from daniel.sandbox.server import SandboxThread
from daniel.server_avatar.services.base import BrainContext, TextDelta, ToolActivity, TurnDone
from daniel.server_avatar.services.local.brain import LocalBrain
from daniel.server_avatar.tools.mcp_client import McpToolRunner
from daniel.settings import OdooConnection, load_settings


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("turns", nargs="+")
    parser.add_argument("--lang", choices=["es", "en"], default="es")
    parser.add_argument("--dataset", default=None, help="sandbox dataset, when supported")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    settings = load_settings()
    data = Path(tempfile.mkdtemp(prefix="daniel-ask-"))
    extra = {"dataset": args.dataset} if args.dataset else {}
    thread = SandboxThread(data_dir=data, host="127.0.0.1", port=0, **extra)
    thread.start()
    try:
        connection = OdooConnection(
            url=thread.url, db="sandbox", user="admin",
            secret=settings.odoo_api_key.get_secret_value() if settings.odoo_api_key else "admin",
            protocol="auto", timeout=10.0, retries=0,
        )  # fmt: skip
        config = ServerConfig(connection=connection, lang=args.lang, write_mode="confirm",
                              audit_log=data / "audit.jsonl")  # fmt: skip
        runner = McpToolRunner(Client(create_server(deps=ServerDeps(config))))
        await runner.start()
        brain = LocalBrain(BrainContext("ask", args.lang, runner), today=date.today())
        for text in args.turns:
            if text == "--new":
                brain = LocalBrain(BrainContext("ask", args.lang, runner), today=date.today())
                continue
            started = time.perf_counter()
            first = None
            answer, outcome, tools = [], None, []
            async for event in brain.respond(text):
                if isinstance(event, TextDelta):
                    first = first or time.perf_counter()
                    answer.append(event.text)
                elif isinstance(event, ToolActivity) and event.status != "running":
                    tools.append(f"{event.name}:{event.status}:{len(event.records)}")
                elif isinstance(event, TurnDone):
                    outcome = event.outcome
            took = ((first or time.perf_counter()) - started) * 1000
            print(f"> {text}\n  [{outcome}, {took:.0f} ms] {''.join(answer).strip()}")
            if args.verbose:
                print("   tools:", ", ".join(tools))
        await runner.close()
    finally:
        thread.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
