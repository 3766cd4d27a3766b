"""The `daniel` command: one entry point, one subcommand per job.

Subcommands import their modules lazily so `daniel --help` and `daniel config` stay fast.
Bad settings stop the program with one clear line and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from daniel import __version__
from daniel.logs import setup_logging
from daniel.settings import Settings, SettingsError, load_settings

log = logging.getLogger("daniel.cli")

Runner = Callable[[Settings, argparse.Namespace], int | None]


def _host_port(parser: argparse.ArgumentParser, what: str, env: str) -> None:
    parser.add_argument("--host", help=f"{what} bind address (default: {env}_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"{what} port (default: {env}_PORT)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daniel",
        description=(
            "Daniel: a voice-and-avatar assistant for Odoo ERP. Settings come from the "
            "environment and an optional .env file (see .env.example)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"daniel {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "run",
        help="start everything on embedded defaults (sandbox ERP, MCP server, avatar server)",
        description=(
            "Start the whole system: the built-in Odoo sandbox (unless ODOO_URL is set), the "
            "MCP server over HTTP and the avatar server, then print the URL to open. "
            "Ctrl-C stops all of it."
        ),
    )
    _host_port(p, "avatar server", "SERVER")
    p.add_argument("--no-mcp-http", action="store_true", help="do not expose MCP over HTTP")

    p = sub.add_parser(
        "sandbox",
        help="serve the built-in Odoo-compatible sandbox ERP",
        description=(
            "Serve Odoo's external API (XML-RPC, JSON-RPC, JSON-2) backed by SQLite and a "
            "demo company (Spanish by default, or English with --dataset en). Database "
            "'sandbox', login admin / admin."
        ),
    )
    _host_port(p, "sandbox", "SANDBOX")
    p.add_argument("--data-dir", type=Path, help="folder for the SQLite database")
    p.add_argument(
        "--dataset",
        help="demo company: es (Spanish, EUR; default) or en (English, USD); SANDBOX_DATASET",
    )
    p.add_argument("--reset", action="store_true", help="delete the data and reseed the demo")

    p = sub.add_parser(
        "mcp",
        help="run the MCP-Odoo server (stdio or streamable HTTP)",
        description=(
            "Expose Odoo to MCP clients. stdio (default) is for desktop clients such as "
            "Claude Desktop; http serves streamable HTTP at /mcp plus GET /health."
        ),
    )
    p.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    _host_port(p, "HTTP transport", "MCP")

    p = sub.add_parser(
        "serve",
        help="run the avatar/conversation server (web app + WebSocket)",
        description="Serve the web front end, the conversation WebSocket, /health and /metrics.",
    )
    _host_port(p, "avatar server", "SERVER")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes on the one port (default SERVER_WORKERS, else the number of "
        "cores with REDIS_URL and 1 without; more than 1 needs REDIS_URL)",
    )

    p = sub.add_parser(
        "tools",
        help="list the MCP server's tools",
        description="Print the MCP tools with their descriptions (markdown or JSON).",
    )
    p.add_argument("--format", choices=["markdown", "json", "elevenlabs"], default="markdown")

    sub.add_parser(
        "config",
        help="print the effective settings, secrets masked",
        description="Print every setting as NAME=value; secrets show at most 4 characters.",
    )
    return parser


def _cmd_config(settings: Settings, _args: argparse.Namespace) -> int:
    for name, value in settings.masked().items():
        print(f"{name}={value}")
    if settings.uses_sandbox:
        print("# ODOO_URL is empty: the built-in sandbox stands in for Odoo", file=sys.stderr)
    return 0


_RUNNERS: dict[str, str] = {
    "run": "daniel.launcher:main",
    "sandbox": "daniel.sandbox.server:main",
    "mcp": "daniel.mcp_odoo.server:main",
    "serve": "daniel.server_avatar.workers:main",
    "tools": "daniel.mcp_odoo.present.tool_list:main",
}


def _resolve(command: str) -> Runner:
    if command == "config":
        return _cmd_config
    module_name, func = _RUNNERS[command].split(":")
    module = importlib.import_module(module_name)
    runner: Runner = getattr(module, func)
    return runner


@contextlib.contextmanager
def _start_up() -> Iterator[None]:
    """Start-up without the cyclic garbage collector.

    Importing a command's modules allocates hundreds of thousands of objects (pydantic
    models, FastMCP, the MCP SDK) that all stay alive, so collecting during it only costs
    time: about 0.25 s of CPU, a sixth of `daniel mcp`'s cold start. What start-up leaves
    is then set aside for good (`gc.freeze`, so later collections do not scan it again)
    and collection resumes before the command runs."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    with _start_up():
        args = build_parser().parse_args(argv)
        try:
            settings = load_settings()
            if not settings.uses_sandbox:
                settings.odoo_connection()  # validates the ODOO_* group as a whole
        except SettingsError as exc:
            print(f"daniel: {exc}", file=sys.stderr)
            return 2
        setup_logging(settings.log_level, settings.log_format, settings.secret_values())
        runner = _resolve(args.command)
    try:
        code = runner(settings, args)
    except SettingsError as exc:
        print(f"daniel: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
