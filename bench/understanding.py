"""Understanding benchmark: the question bank, asked over the WebSocket, judged by an oracle.

Against a running Daniel (and the Odoo it uses, for the oracle):

    .venv/bin/python bench/understanding.py --url ws://127.0.0.1:8080/ws \\
        --odoo-url http://127.0.0.1:8069 --odoo-db sandbox --odoo-login admin --odoo-password admin

With no --url it starts its own stack on free loopback ports, in subprocesses: the
sandbox (`daniel sandbox --dataset es|en`) and `daniel serve` (local brain, or
`--brain llm --llm-url ... --llm-model ...` for any OpenAI-compatible endpoint):

    .venv/bin/python bench/understanding.py --dataset es [--per 3] [--category counts]

Prints accuracy by category and language, confident-wrong answers, the worst failures and
the latency per turn (text in → first agent text), and writes a JSON report
(--json, default .daniel/understanding-report.json). See docs/understanding-bank.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from daniel.odoo import OdooClient
from daniel.settings import SANDBOX_ADMIN_PASSWORD, SANDBOX_DB
from understanding.bank import load_bank, representative
from understanding.erp import load_snapshot
from understanding.oracle import Oracle
from understanding.report import render_text, summarise
from understanding.runner import ServerError, login, run_all
from understanding.slots import SlotFiller

SANDBOX_LOGIN = "admin"


@dataclass
class Stack:
    ws_url: str
    odoo_url: str
    odoo_db: str
    odoo_login: str
    odoo_password: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _has_dataset_flag() -> bool:
    shown = subprocess.run(
        [sys.executable, "-m", "daniel", "sandbox", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "--dataset" in shown.stdout


async def _wait_http(url: str, deadline: float) -> None:
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing answered at {url}")
            await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def started_stack(args: argparse.Namespace) -> AsyncIterator[Stack]:
    """Sandbox + `daniel serve` in subprocesses, in a temporary folder (no .env read)."""
    dataset_flag = await asyncio.to_thread(_has_dataset_flag)
    if args.dataset != "es" and not dataset_flag:
        raise SystemExit(f"this Daniel has no sandbox dataset {args.dataset!r} (only es)")
    with tempfile.TemporaryDirectory(prefix="daniel-understanding-") as folder:
        sandbox_port, server_port = _free_port(), _free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ODOO_", "LLM_", "SANDBOX_", "SERVER_", "MCP_", "BRAIN"))
            and k not in ("STT", "TTS", "AVATAR")
        }
        env.update(
            SANDBOX_PORT=str(sandbox_port),
            SANDBOX_DATA_DIR=str(Path(folder) / "sandbox"),
            SERVER_PORT=str(server_port),
            MCP_AUDIT_LOG=str(Path(folder) / "audit.jsonl"),
            BRAIN=args.brain,
            TTS=args.tts,
            STT="none",
            AVATAR="local",
            LOG_LEVEL="WARNING",
        )
        if dataset_flag:
            env["SANDBOX_DATASET"] = args.dataset
        if args.brain == "llm":
            env.update(LLM_BASE_URL=args.llm_url or "", LLM_MODEL=args.llm_model or "")
            if os.environ.get("LLM_API_KEY"):
                env["LLM_API_KEY"] = os.environ["LLM_API_KEY"]
        sandbox_cmd = [sys.executable, "-m", "daniel", "sandbox", "--reset"]
        if dataset_flag:
            sandbox_cmd += ["--dataset", args.dataset]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        processes = [
            await asyncio.create_subprocess_exec(*sandbox_cmd, env=env, cwd=folder, **quiet)
        ]
        try:
            odoo_url = f"http://127.0.0.1:{sandbox_port}"
            await _wait_http(f"{odoo_url}/web/webclient/version_info", time.monotonic() + 120)
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "daniel", "serve", env=env, cwd=folder, **quiet
                )
            )
            base = f"http://127.0.0.1:{server_port}"
            await _wait_http(f"{base}/health", time.monotonic() + 120)
            yield Stack(
                f"ws://127.0.0.1:{server_port}/ws", odoo_url, SANDBOX_DB, SANDBOX_LOGIN,
                SANDBOX_ADMIN_PASSWORD,
            )  # fmt: skip
        finally:
            for process in reversed(processes):
                if process.returncode is None:
                    process.terminate()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(process.wait(), 20)
                    if process.returncode is None:
                        process.kill()
                        await process.wait()


@contextlib.asynccontextmanager
async def given_stack(args: argparse.Namespace) -> AsyncIterator[Stack]:
    missing = [
        n for n in ("odoo_url", "odoo_db", "odoo_login", "odoo_password") if not getattr(args, n)
    ]
    if missing:
        flags = ", ".join("--" + n.replace("_", "-") for n in missing)
        raise SystemExit(f"--url needs the Odoo the server uses, for the oracle: {flags}")
    yield Stack(args.url, args.odoo_url, args.odoo_db, args.odoo_login, args.odoo_password)


async def _authenticate(
    http: aiohttp.ClientSession, args: argparse.Namespace, stack: Stack
) -> None:
    """Log in first when --login is given, or when /ws answers 401."""
    if args.login:
        await login(http, stack.ws_url, args.login, args.password or "")
        return
    try:
        async with http.ws_connect(stack.ws_url) as ws:
            await ws.close()
    except aiohttp.WSServerHandshakeError as exc:
        if exc.status != 401:
            raise SystemExit(f"cannot open {stack.ws_url}: HTTP {exc.status}") from exc
        await login(http, stack.ws_url, stack.odoo_login, args.password or stack.odoo_password)


def _progress(result: object) -> None:
    turns = getattr(result, "turns", [])
    marks = "".join({"correct": ".", "wrong": "x", "unsure": "?"}[t.verdict.verdict] for t in turns)
    print(marks or "s", end="", flush=True, file=sys.stderr)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="ws://host:port/ws of a running Daniel")
    parser.add_argument("--odoo-url")
    parser.add_argument("--odoo-db")
    parser.add_argument("--odoo-login")
    parser.add_argument("--odoo-password", help="password or API key of the assistant's user")
    parser.add_argument("--login", help="log in to the server as this user first")
    parser.add_argument("--password", help="password for --login")
    parser.add_argument("--dataset", default="es", help="sandbox dataset when starting one")
    parser.add_argument("--brain", choices=["local", "llm"], default="local")
    parser.add_argument("--llm-url", help="OpenAI-compatible base URL (--brain llm)")
    parser.add_argument("--llm-model", help="model name (--brain llm); key from LLM_API_KEY")
    parser.add_argument("--tts", choices=["none", "local"], default="none")
    parser.add_argument("--category", action="append", help="only these categories")
    parser.add_argument("--lang", choices=["es", "en"], help="only questions in this language")
    parser.add_argument("--per", type=int, help="a representative subset: N per category+lang")
    parser.add_argument("--seed", type=int, default=13, help="slot choice seed")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per turn")
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument(
        "--json", type=Path, default=Path(".daniel/understanding-report.json"), help="report"
    )
    args = parser.parse_args()
    if args.brain == "llm" and not (args.url or (args.llm_url and args.llm_model)):
        parser.error("--brain llm needs --llm-url and --llm-model")

    questions = load_bank()
    if args.category:
        questions = [q for q in questions if q.category in args.category]
    if args.lang:
        questions = [q for q in questions if q.lang == args.lang]
    if args.per:
        questions = representative(questions, args.per, args.seed)
    stack_of = given_stack if args.url else started_stack
    started = time.perf_counter()
    async with (
        stack_of(args) as stack,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
        OdooClient(stack.odoo_url, stack.odoo_db, stack.odoo_login, stack.odoo_password) as odoo,
    ):
        snap = await load_snapshot(odoo)
        oracle = Oracle(odoo, snap)
        filler = SlotFiller(snap, args.seed)
        try:
            await _authenticate(http, args, stack)
        except ServerError as exc:
            raise SystemExit(str(exc)) from exc
        print(f"{len(questions)} questions on {stack.ws_url}", file=sys.stderr)
        results = await run_all(
            http, stack.ws_url, questions, filler, oracle,
            concurrency=args.concurrency, wait=args.timeout, progress=_progress,
        )  # fmt: skip
    elapsed = time.perf_counter() - started
    print(file=sys.stderr)
    summary = summarise(results, worst=100)
    print(f"brain: {args.brain}; dataset: {args.dataset if not args.url else args.url}; "
          f"{os.cpu_count()} CPUs; {elapsed:.0f} s")  # fmt: skip
    print(render_text(summary, args.worst))
    report = {
        "brain": args.brain,
        "dataset": None if args.url else args.dataset,
        "url": args.url,
        "seed": args.seed,
        "today": snap.today.isoformat(),
        "currency": snap.currency,
        "summary": summary.to_json(),
        "questions": [r.to_json() for r in results],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"report: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
