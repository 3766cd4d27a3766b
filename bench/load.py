"""Many concurrent conversation sessions against one Daniel on embedded defaults.

Starts `daniel run` (sandbox ERP, MCP server, avatar server, local providers) in a
subprocess on loopback, opens N WebSocket sessions (docs/protocol.md) that ask the kind of
questions a user asks, each waiting for the whole answer (text, tool cards, speech) before
thinking a moment and asking again, for a bounded time. Then prints turns per second,
turn latency percentiles (client-side: question sent → `turn.end`; and the server's own
`first_text` / `first_audio` marks), errors, and the peak resident memory and CPU time of
the server's process tree.

    .venv/bin/python bench/load.py                         # 200 sessions, 30 s
    .venv/bin/python bench/load.py --sessions 50,100,200,400 --duration 30
    .venv/bin/python bench/load.py --sessions 100 --env TTS=none --json
    .venv/bin/python bench/load.py --sessions 100 --workers 2   # Redis + `serve --workers 2`

With `--workers N` the bench starts Debian's `redis-server`, the sandbox (`daniel
sandbox`) and `daniel serve --workers N` sharing that Redis, instead of `daniel run`
(memory and CPU are then the avatar server's process tree only). Questions answered
"busy" (`turn.end` outcome `busy`: the server had fallen behind) are counted apart from
answered turns.

Every run starts a fresh server in a fresh temporary folder, so nothing from the developer's
.env or sandbox is used and runs do not influence each other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

QUESTIONS = {
    "es": [
        "¿Cómo va el pipeline?",
        "¿Qué oportunidades tengo abiertas?",
        "¿Qué tareas tengo pendientes?",
        "¿Cuáles son mis proyectos?",
        "¿Cuánto hemos vendido este mes?",
        "¿Qué tareas vencen esta semana?",
        "Busca el cliente Talleres Ruiz",
    ],
    "en": [
        "How is the pipeline doing?",
        "Which opportunities are open?",
        "What tasks do I have pending?",
    ],
}


@dataclass
class Stats:
    turn_ms: list[float] = field(default_factory=list)
    first_text_ms: list[float] = field(default_factory=list)
    first_audio_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    connected: int = 0
    turns_in_window: int = 0
    busy: int = 0
    busy_in_window: int = 0
    audio_bytes: int = 0


@dataclass(frozen=True)
class Plan:
    url: str
    origin: str
    lang: str
    think: float
    turn_timeout: float
    window_start: float
    window_end: float
    max_turns: int


class ServerProcess:
    """`daniel run` in a subprocess; samples the resident memory of its process tree."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path) -> None:
        self.argv = argv
        self.env = env
        self.cwd = cwd
        self.peak_rss_mb = 0.0
        self._proc: asyncio.subprocess.Process | None = None
        self._sampler: asyncio.Task[None] | None = None
        self._stderr = cwd / "server.stderr"

    async def __aenter__(self) -> ServerProcess:
        with self._stderr.open("wb") as err:
            self._proc = await asyncio.create_subprocess_exec(
                *self.argv,
                env=self.env,
                cwd=self.cwd,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
        self._sampler = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._sampler:
            self._sampler.cancel()
        proc = self._proc
        if proc and proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()

    def stderr_tail(self, lines: int = 20) -> list[str]:
        """The server's last log lines (warnings and errors: it runs at LOG_LEVEL=WARNING)."""
        return self._stderr.read_text(errors="replace").splitlines()[-lines:]

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    async def wait_healthy(self, url: str, *, within: float) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self._proc and self._proc.returncode is not None:
                    tail = self._stderr.read_text(errors="replace")[-2000:]
                    raise SystemExit(f"the server exited ({self._proc.returncode}):\n{tail}")
                try:
                    async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                        if resp.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.2)
        raise SystemExit(f"the server did not answer {url} within {within:.0f} s")

    def tree(self) -> list[int]:
        """The server's pid and its descendants, from /proc."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def tree_rss_mb(self) -> float:
        total_kb = 0
        for pid in self.tree():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        return total_kb / 1024

    def tree_cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.tree():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    async def _sample(self) -> None:
        while True:
            self.peak_rss_mb = max(self.peak_rss_mb, await asyncio.to_thread(self.tree_rss_mb))
            await asyncio.sleep(0.25)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def one_turn(
    ws: aiohttp.ClientWebSocketResponse, text: str, plan: Plan, stats: Stats
) -> bool | None:
    """Ask one question; True when it was answered, None when the server said "busy",
    False when the turn failed."""
    sent = time.perf_counter()
    await ws.send_str(json.dumps({"type": "user.text", "text": text}))
    async with asyncio.timeout(plan.turn_timeout):
        async for frame in ws:
            if frame.type == aiohttp.WSMsgType.BINARY:
                stats.audio_bytes += len(frame.data)
                continue
            if frame.type != aiohttp.WSMsgType.TEXT:
                stats.errors["socket closed"] += 1
                return False
            message = json.loads(frame.data)
            kind = message.get("type")
            if kind == "error":
                stats.errors[f"error:{message.get('stage')}"] += 1
            elif kind == "latency":
                marks = message.get("marks", {})
                if "first_text" in marks:
                    stats.first_text_ms.append(float(marks["first_text"]))
                if "first_audio" in marks:
                    stats.first_audio_ms.append(float(marks["first_audio"]))
            elif kind == "confirm.request":
                await ws.send_str(
                    json.dumps(
                        {
                            "type": "confirm",
                            "confirmation_id": message["confirmation_id"],
                            "accept": False,
                        }
                    )
                )
            elif kind == "turn.end":
                if message.get("outcome") == "busy":
                    stats.busy += 1
                    return None
                stats.turn_ms.append((time.perf_counter() - sent) * 1000)
                return True
    stats.errors["socket closed"] += 1
    return False


async def user(
    http: aiohttp.ClientSession, plan: Plan, stats: Stats, rng: random.Random, delay: float
) -> None:
    await asyncio.sleep(delay)
    try:
        async with http.ws_connect(
            plan.url, headers={"Origin": plan.origin}, heartbeat=None, max_msg_size=0
        ) as ws:
            await ws.send_str(json.dumps({"type": "session.start", "lang": plan.lang}))
            async with asyncio.timeout(plan.turn_timeout):
                while True:
                    frame = await ws.receive()
                    if frame.type != aiohttp.WSMsgType.TEXT:
                        stats.errors["session refused"] += 1
                        return
                    message = json.loads(frame.data)
                    if message.get("type") == "session.ready":
                        break
                    if message.get("type") == "error":
                        stats.errors[f"session:{message.get('message', '')[:120]}"] += 1
                        return
            stats.connected += 1
            while time.monotonic() < plan.window_end and stats.turns_in_window < plan.max_turns:
                ok = await one_turn(ws, rng.choice(QUESTIONS[plan.lang]), plan, stats)
                if ok is False:
                    return
                if plan.window_start <= time.monotonic() <= plan.window_end:
                    if ok:
                        stats.turns_in_window += 1
                    else:
                        stats.busy_in_window += 1
                await asyncio.sleep(plan.think * rng.uniform(0.5, 1.5))
            await ws.send_str(json.dumps({"type": "session.stop"}))
    except TimeoutError:
        stats.errors["turn timeout"] += 1
    except (aiohttp.ClientError, OSError) as exc:
        stats.errors[f"connect:{type(exc).__name__}"] += 1


async def run_load(args: argparse.Namespace, sessions: int, base: str) -> tuple[Stats, float]:
    stats = Stats()
    ramp = min(args.ramp, args.duration / 3)
    now = time.monotonic()
    plan = Plan(
        url=base.replace("http://", "ws://") + "/ws",
        origin=base,
        lang=args.lang,
        think=args.think,
        turn_timeout=args.turn_timeout,
        window_start=now + ramp,
        window_end=now + ramp + args.duration,
        max_turns=args.max_turns,
    )
    rng = random.Random(args.seed)
    connector = aiohttp.TCPConnector(limit=0)
    jar = aiohttp.CookieJar(unsafe=True)  # keep the login cookie of 127.0.0.1
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as http:
        login = {"login": "admin", "password": "admin"}  # the sandbox's admin (AUTH=odoo)
        async with http.post(base + "/auth/login", json=login) as answer:
            if answer.status != 200:
                raise SystemExit(f"cannot log in to {base}: HTTP {answer.status}")
        users = [
            user(http, plan, stats, random.Random(rng.random()), ramp * i / max(1, sessions))
            for i in range(sessions)
        ]
        await asyncio.gather(*users)
    return stats, args.duration


def clean_env(overrides: list[str], sessions: int, ports: dict[str, int]) -> dict[str, str]:
    prefixes = ("ODOO_", "SANDBOX_", "MCP_", "SERVER_", "LLM_", "STT", "TTS", "BRAIN", "AVATAR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(
        SANDBOX_PORT=str(ports["sandbox"]),
        MCP_PORT=str(ports["mcp"]),
        SERVER_MAX_SESSIONS=str(max(200, sessions * 2)),
        # every simulated person logs in as the sandbox's admin from this one address
        SERVER_MAX_SESSIONS_PER_USER=str(max(200, sessions * 2)),
        SERVER_MAX_SESSIONS_PER_ADDRESS=str(max(200, sessions * 2)),
        LOG_LEVEL="WARNING",
        LOG_FORMAT="json",
    )
    for item in overrides:
        name, _, value = item.partition("=")
        env[name] = value
    return env


async def bench_once(args: argparse.Namespace, sessions: int) -> dict[str, Any]:
    ports = {"server": free_port(), "sandbox": free_port(), "mcp": free_port()}
    base = f"http://127.0.0.1:{ports['server']}"
    with tempfile.TemporaryDirectory(prefix="daniel-load-") as tmp:
        env = clean_env(args.env, sessions, ports)
        if args.workers:
            async with shared_services(env, ports, Path(tmp)):
                server = ServerProcess(
                    [
                        *(sys.executable, "-m", "daniel", "serve", "--workers", str(args.workers)),
                        *("--host", "127.0.0.1", "--port", str(ports["server"])),
                    ],
                    env=env,
                    cwd=Path(tmp),
                )
                return await measure(args, sessions, server, base)
        server = ServerProcess(
            [
                *(sys.executable, "-m", "daniel", "run", "--no-mcp-http"),
                *("--host", "127.0.0.1", "--port", str(ports["server"])),
            ],
            env=env,
            cwd=Path(tmp),
        )
        return await measure(args, sessions, server, base)


@asynccontextmanager
async def shared_services(
    env: dict[str, str], ports: dict[str, int], folder: Path
) -> AsyncIterator[None]:
    """Redis and the sandbox for `daniel serve --workers N`; sets `env` to use them."""
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("--workers needs redis-server (apt-get install redis-server)")
    redis_port = free_port()
    store = ServerProcess(
        [redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
        env=dict(os.environ),
        cwd=folder,
    )
    sandbox = ServerProcess(
        [
            *(sys.executable, "-m", "daniel", "sandbox"),
            *("--host", "127.0.0.1", "--port", str(ports["sandbox"])),
        ],
        env=env,
        cwd=folder,
    )
    async with store, sandbox:
        await sandbox.wait_healthy(f"http://127.0.0.1:{ports['sandbox']}/web/health", within=60)
        env.update(
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            SERVER_SECRET_KEY=secrets.token_urlsafe(32),
            ODOO_URL=f"http://127.0.0.1:{ports['sandbox']}",
            ODOO_DB="sandbox",
            ODOO_USER="admin",
            ODOO_API_KEY="sandbox-admin-api-key-0000",  # the sandbox's documented key
        )
        yield


async def measure(
    args: argparse.Namespace, sessions: int, server: ServerProcess, base: str
) -> dict[str, Any]:
    async with server:
        await server.wait_healthy(base + "/health", within=args.start_timeout)
        idle_rss = server.tree_rss_mb()
        cpu_before = server.tree_cpu_seconds()
        stats, window = await run_load(args, sessions, base)
        cpu = server.tree_cpu_seconds() - cpu_before
        peak = server.peak_rss_mb
        log_tail = server.stderr_tail() if stats.errors else []
    return {
        "sessions": sessions,
        "connected": stats.connected,
        "workers": args.workers or 1,
        "turns": stats.turns_in_window,
        "turns_per_s": stats.turns_in_window / window,
        "busy": stats.busy_in_window,
        "busy_per_s": stats.busy_in_window / window,
        "p50_ms": percentile(stats.turn_ms, 50),
        "p95_ms": percentile(stats.turn_ms, 95),
        "p99_ms": percentile(stats.turn_ms, 99),
        "first_text_p95_ms": percentile(stats.first_text_ms, 95),
        "first_audio_p95_ms": percentile(stats.first_audio_ms, 95),
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        "idle_rss_mb": idle_rss,
        "peak_rss_mb": peak,
        "cpu_s": cpu,
        "cpu_ms_per_turn": cpu * 1000 / max(1, len(stats.turn_ms)),
        "audio_mb": stats.audio_bytes / 1e6,
        "server_log_tail": log_tail,
    }


def fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    print(
        "| sessions | workers | connected | turns/s | busy/s | p50 ms | p95 ms | p99 ms | "
        "first text p95 | first audio p95 | errors | peak RSS MB | CPU s | CPU ms/turn |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['sessions']} | {r['workers']} | {r['connected']} | "
            f"{fmt(r['turns_per_s'], 1)} | {fmt(r['busy_per_s'], 1)} | "
            f"{fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} | "
            f"{fmt(r['first_text_p95_ms'])} | {fmt(r['first_audio_p95_ms'])} | "
            f"{r['errors']} | {fmt(r['peak_rss_mb'])} | {fmt(r['cpu_s'], 1)} | "
            f"{fmt(r['cpu_ms_per_turn'])} |"
        )
    for r in rows:
        if r["error_kinds"]:
            print(f"errors at {r['sessions']} sessions: {r['error_kinds']}", file=sys.stderr)
            for line in r["server_log_tail"]:
                print(f"  server: {line}", file=sys.stderr)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="200", help="sessions, or a list: 50,100,200")
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to open the sessions")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between turns, s")
    parser.add_argument("--max-turns", type=int, default=100_000, help="stop after this many")
    parser.add_argument("--turn-timeout", type=float, default=60.0, help="seconds per turn")
    parser.add_argument("--start-timeout", type=float, default=90.0, help="server start, s")
    parser.add_argument("--lang", choices=sorted(QUESTIONS), default="es")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--env", action="append", default=[], help="NAME=value for the server")
    parser.add_argument("--json", action="store_true", help="print JSON lines, not a table")
    parser.add_argument(
        "--workers", type=int, default=0, help="run `daniel serve --workers N` on Redis"
    )
    args = parser.parse_args(argv)
    try:
        args.session_counts = [int(part) for part in str(args.sessions).split(",")]
    except ValueError:
        parser.error("--sessions takes integers separated by commas, e.g. 50,100,200")
    if any(count < 1 or count > 5000 for count in args.session_counts):
        parser.error("--sessions must be between 1 and 5000")
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = []
    for sessions in args.session_counts:
        row = asyncio.run(bench_once(args, sessions))
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    if not args.json:
        print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
