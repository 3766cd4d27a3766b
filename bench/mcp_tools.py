"""Latency of MCP tool calls: Daniel's MCP server next to two published Odoo MCP servers.

One run starts the sandbox ERP and a counting reverse proxy in front of it, then measures
the same read operations through:

- `daniel mcp`, `mcp-server-odoo` 0.9.x and `odoo-mcp` 1.3.x (PyPI, installed by this
  script into `bench/.peers/`, a separate virtual environment), each over stdio and over
  streamable HTTP, with the official `mcp` client;
- plain `xmlrpc.client` calls (the floor: what any server must at least spend),

reporting p50/p95 latency, the Odoo HTTP requests each made per operation (counted at
the proxy), the MCP ping round trip (protocol cost alone) and cold start (process spawn
to first data). All servers run at once and calls are interleaved, so the load of the
machine weighs on each alike.

`--serial` makes the proxy pass on one request at a time, as one Odoo worker serves
them (the sandbox alone answers concurrent requests at once, which hides a second
request sent alongside the first). `--ours-only` leaves the peers out (no PyPI needed).

    .venv/bin/python bench/mcp_tools.py [--calls 40] [--cold 3] [--serial] [--ours-only]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "bench" / ".peers"
PEER_PACKAGES = ["mcp-server-odoo==0.9.*", "odoo-mcp==1.3.*"]
PY = sys.executable
DB, LOGIN, PASSWORD, API_KEY = "sandbox", "admin", "admin", "sandbox-admin-api-key-0000"
OPEN_LEADS = [["active", "=", True], ["probability", "<", 100]]
# fmt: off
LEAD_FIELDS = ["name", "partner_id", "user_id", "stage_id", "expected_revenue", "probability",
               "date_deadline", "type", "email_from", "phone", "priority", "active"]
TASK_FIELDS = ["name", "project_id", "stage_id", "user_ids", "date_deadline", "priority",
               "state", "tag_ids", "partner_id"]
# fmt: on
OPS = ["crm_list_leads", "task_get", "crm_pipeline_summary", "sale_summary"]
DEVNULL = open(os.devnull, "w")  # noqa: SIM115 - peers' logs, for the whole run


# --- processes and the counting proxy ---------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def ensure_peers() -> Path:
    """The peers' virtual environment, created and filled from PyPI on first use."""
    python = PEERS / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    probe = subprocess.run(
        [str(python), "-c", "import mcp_server_odoo, odoo_mcp"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        print("installing the peers into bench/.peers ...", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return PEERS / "bin"


async def run_proxy(upstream: str, port: int, serial: bool = False) -> None:
    """Reverse proxy that counts requests; GET /__bench/stats, POST /__bench/reset.
    `serial`: one request at a time (the next waits), like one Odoo worker."""
    import aiohttp
    from aiohttp import web

    counts: dict[str, int] = {}
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64))
    hop = {"host", "content-length", "transfer-encoding", "connection", "content-encoding"}
    one_at_a_time = asyncio.Lock() if serial else contextlib.nullcontext()

    async def stats(_: web.Request) -> web.Response:
        return web.json_response({"total": sum(counts.values()), "paths": counts})

    async def reset(_: web.Request) -> web.Response:
        counts.clear()
        return web.json_response({"total": 0})

    async def forward(request: web.Request) -> web.Response:
        counts[request.path] = counts.get(request.path, 0) + 1
        headers = {k: v for k, v in request.headers.items() if k.lower() not in hop}
        data = await request.read()
        async with (
            one_at_a_time,
            session.request(
                request.method, upstream + request.path_qs, headers=headers, data=data
            ) as answer,
        ):
            body = await answer.read()
            out = {k: v for k, v in answer.headers.items() if k.lower() not in hop}
            return web.Response(status=answer.status, body=body, headers=out)

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_get("/__bench/stats", stats)
    app.router.add_post("/__bench/reset", reset)
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


class Proxy:
    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"

    def _call(self, method: str, path: str) -> int:
        import urllib.request

        request = urllib.request.Request(self.url + path, method=method)  # noqa: S310 - loopback
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - loopback
            return int(json.load(answer)["total"])

    def reset(self) -> None:
        self._call("POST", "/__bench/reset")

    def total(self) -> int:
        return self._call("GET", "/__bench/stats")


# --- MCP targets ----------------------------------------------------------------------
@dataclass
class Target:
    name: str
    connect: Callable[[], contextlib.AbstractAsyncContextManager[Any]]
    calls: dict[str, tuple[str, dict[str, Any]]]
    results: dict[str, list[float]] = field(default_factory=dict)
    requests: dict[str, float] = field(default_factory=dict)
    ping: list[float] = field(default_factory=list)


def odoo_env(proxy: Proxy) -> dict[str, str]:
    return {
        "ODOO_URL": proxy.url,
        "ODOO_DB": DB,
        "ODOO_USER": LOGIN,
        "ODOO_USERNAME": LOGIN,
        "ODOO_PASSWORD": PASSWORD,
        "ODOO_API_KEY": API_KEY,
        "ODOO_YOLO": "read",
        "LOG_LEVEL": "WARNING",
        "ODOO_MCP_LOG_LEVEL": "WARNING",
    }


@contextlib.asynccontextmanager
async def stdio_session(command: list[str], env: dict[str, str], cwd: str) -> AsyncIterator[Any]:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=cwd)
    async with (
        stdio_client(params, errlog=DEVNULL) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


@contextlib.asynccontextmanager
async def http_session(
    command: Callable[[int], list[str]], env: dict[str, str], cwd: str
) -> AsyncIterator[Any]:
    """Start an HTTP MCP server on a free port (`command(port)`) and connect to /mcp."""
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    port = free_port()
    full_env = {
        **os.environ,
        **env,
        "ODOO_MCP_TRANSPORT": "streamable-http",
        "ODOO_MCP_HOST": "127.0.0.1",
        "ODOO_MCP_PORT": str(port),
    }
    process = await asyncio.to_thread(
        subprocess.Popen,
        command(port),
        env=full_env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await asyncio.to_thread(wait_port, port)
        async with (
            httpx2.AsyncClient(timeout=60) as client,
            streamable_http_client(f"http://127.0.0.1:{port}/mcp", http_client=client) as (r, w),
            ClientSession(r, w) as session,
        ):
            await session.initialize()
            yield session
    finally:
        process.terminate()
        process.wait(10)


def our_calls(task_id: int) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        "crm_list_leads": ("crm_list_leads", {"limit": 20}),
        "task_get": ("task_get", {"task_id": task_id}),
        "crm_pipeline_summary": ("crm_pipeline_summary", {}),
        "sale_summary": ("sale_summary", {"date_from": "2000-01-01", "group_by": "month"}),
    }


def peer_calls(
    task_id: int, read_tool: str, read_id: str, group_key: str, agg_key: str
) -> dict[str, Any]:
    return {
        "crm_list_leads": (
            "search_records",
            {"model": "crm.lead", "domain": OPEN_LEADS, "fields": LEAD_FIELDS, "limit": 20},
        ),
        "task_get": (read_tool, {"model": "project.task", read_id: task_id, "fields": TASK_FIELDS}),
        "crm_pipeline_summary": (
            "aggregate_records",
            {
                "model": "crm.lead",
                group_key: ["stage_id"],
                agg_key: ["expected_revenue:sum"],
                "domain": [["type", "=", "opportunity"], ["active", "=", True]],
            },
        ),
        "sale_summary": (
            "aggregate_records",
            {
                "model": "sale.order",
                group_key: ["date_order:month"],
                agg_key: ["amount_total:sum"],
                "domain": [["state", "=", "sale"], ["date_order", ">=", "2000-01-01 00:00:00"]],
            },
        ),
    }


# --- the floor: plain xmlrpc.client ---------------------------------------------------
def floor_ops(proxy: Proxy, task_id: int) -> dict[str, Callable[[], Any]]:
    common = xmlrpc.client.ServerProxy(f"{proxy.url}/xmlrpc/2/common", allow_none=True)
    uid = common.authenticate(DB, LOGIN, PASSWORD, {})
    models = xmlrpc.client.ServerProxy(f"{proxy.url}/xmlrpc/2/object", allow_none=True)

    def kw(model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Callable[[], Any]:
        return lambda: models.execute_kw(DB, uid, PASSWORD, model, method, args, kwargs)

    return {
        "crm_list_leads": kw(
            "crm.lead", "search_read", [OPEN_LEADS], {"fields": LEAD_FIELDS, "limit": 20}
        ),
        "task_get": kw("project.task", "read", [[task_id]], {"fields": TASK_FIELDS}),
        "crm_pipeline_summary": kw(
            "crm.lead",
            "read_group",
            [
                [["type", "=", "opportunity"], ["active", "=", True]],
                ["expected_revenue:sum"],
                ["stage_id"],
            ],
            {"lazy": True},
        ),
        "sale_summary": kw(
            "sale.order",
            "read_group",
            [
                [["state", "=", "sale"], ["date_order", ">=", "2000-01-01 00:00:00"]],
                ["amount_total:sum"],
                ["date_order:month"],
            ],
            {"lazy": False},
        ),
    }


# --- measuring ------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _call(session: Any, tool: str, args: dict[str, Any]) -> str | None:
    """One tool call; the error text when it failed."""
    result = await session.call_tool(tool, args)
    if result.is_error:
        return " ".join(getattr(c, "text", "") for c in result.content)[:200]
    return None


async def measure(
    targets: list[Target],
    floor: Target,
    ops: dict[str, Callable[[], Any]],
    proxy: Proxy,
    calls: int,
    warmup: int,
) -> None:
    """All servers open at once, calls interleaved (round robin, rotating order), so
    that the load of the machine weighs on every server alike."""
    async with contextlib.AsyncExitStack() as stack:
        sessions = [await stack.enter_async_context(t.connect()) for t in targets]
        working: dict[str, list[int]] = {op: [] for op in OPS}
        for index, (target, session) in enumerate(zip(targets, sessions, strict=True)):
            for op, (tool, args) in target.calls.items():
                errors = [await _call(session, tool, args) for _ in range(warmup)]
                if any(errors):
                    print(
                        f"  {target.name} {op}: ERROR {next(e for e in errors if e)}",
                        file=sys.stderr,
                    )
                    continue
                await asyncio.to_thread(proxy.reset)
                for _ in range(5):
                    await _call(session, tool, args)
                target.requests[op] = await asyncio.to_thread(proxy.total) / 5
                working[op].append(index)
        for op, fn in ops.items():
            for _ in range(warmup):
                fn()
            proxy.reset()
            for _ in range(5):
                fn()
            floor.requests[op] = proxy.total() / 5
        for op in OPS:
            order = [*working[op], -1]
            for turn in range(calls):
                for index in order[turn % len(order) :] + order[: turn % len(order)]:
                    start = time.perf_counter()
                    if index < 0:
                        ops[op]()
                        owner = floor
                    else:
                        tool, args = targets[index].calls[op]
                        await sessions[index].call_tool(tool, args)
                        owner = targets[index]
                    owner.results.setdefault(op, []).append((time.perf_counter() - start) * 1000)
        for target, session in zip(targets, sessions, strict=True):
            target.ping = []
            for _ in range(calls):
                start = time.perf_counter()
                await session.send_ping()
                target.ping.append((time.perf_counter() - start) * 1000)


async def cold_start(connect: Callable[[], Any], tool: str, args: dict[str, Any]) -> float:
    """ms from process spawn to the first tool result with data."""
    start = time.perf_counter()
    async with connect() as session:
        result = await session.call_tool(tool, args)
        assert not result.is_error, result.content
        return (time.perf_counter() - start) * 1000


def report(targets: list[Target], cold: dict[str, float]) -> str:
    names = [t.name for t in targets]
    lines = ["| operation | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for op in OPS:
        cells = []
        for t in targets:
            if op in t.results:
                r = t.results[op]
                cells.append(f"{pct(r, 0.5):.2f} / {pct(r, 0.95):.2f} ms · {t.requests[op]:g} req")
            else:
                cells.append("error")
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    pings = [
        f"{pct(t.ping, 0.5):.2f} / {pct(t.ping, 0.95):.2f} ms" if t.ping else "–" for t in targets
    ]
    lines.append("| MCP ping (protocol only) | " + " | ".join(pings) + " |")
    lines.append("")
    lines.append("| cold start (spawn → first data) | " + " | ".join(cold) + " |")
    lines.append("|---|" + "---|" * len(cold))
    lines.append("| median | " + " | ".join(f"{v:.0f} ms" for v in cold.values()) + " |")
    return "\n".join(lines)


@dataclass
class Stack:
    """The sandbox and the counting proxy, as subprocesses."""

    work: Path
    proxy: Proxy
    processes: list[subprocess.Popen[bytes]]
    env: dict[str, str]
    task_id: int

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(10)


def start_stack(serial: bool = False) -> Stack:
    work = Path(tempfile.mkdtemp(prefix="mcp-bench-"))
    sandbox_port, proxy_port = free_port(), free_port()
    sandbox = [PY, "-m", "daniel", "sandbox", "--port", str(sandbox_port)]
    processes = [
        subprocess.Popen(
            [*sandbox, "--data-dir", str(work / "odoo")], cwd=work, stderr=subprocess.DEVNULL
        )
    ]
    wait_port(sandbox_port)
    upstream = f"http://127.0.0.1:{sandbox_port}"
    proxy_command = [PY, __file__, "--proxy", upstream, "--port", str(proxy_port)]
    processes.append(subprocess.Popen(proxy_command + (["--serial"] if serial else [])))
    wait_port(proxy_port)
    proxy = Proxy(proxy_port)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "MCP_"))},
        **odoo_env(proxy),
        "MCP_AUDIT_LOG": str(work / "audit.jsonl"),
    }
    common = xmlrpc.client.ServerProxy(f"{proxy.url}/xmlrpc/2/common")
    uid = common.authenticate(DB, LOGIN, PASSWORD, {})
    models = xmlrpc.client.ServerProxy(f"{proxy.url}/xmlrpc/2/object")
    found = models.execute_kw(DB, uid, PASSWORD, "project.task", "search", [[]], {"limit": 1})
    return Stack(work, proxy, processes, env, int(found[0]))


async def run_bench(args: argparse.Namespace, stack: Stack, bin_dir: Path) -> None:
    env, cwd, proxy, task_id = stack.env, str(stack.work), stack.proxy, stack.task_id

    def ours_stdio() -> Any:
        return stdio_session([PY, "-m", "daniel", "mcp"], env, cwd)

    def ours_http() -> Any:
        return http_session(
            lambda port: [PY, "-m", "daniel", "mcp", "--transport", "http", "--port", str(port)],
            env,
            cwd,
        )

    def peer_a_http() -> Any:
        return http_session(lambda port: [str(bin_dir / "mcp-server-odoo")], env, cwd)

    def peer_b_http() -> Any:
        return http_session(
            lambda port: [
                str(bin_dir / "odoo-mcp"),
                "--transport",
                "streamable-http",
                "--port",
                str(port),
            ],
            env,
            cwd,
        )

    def peer_a() -> Any:
        return stdio_session([str(bin_dir / "mcp-server-odoo")], env, cwd)

    def peer_b() -> Any:
        return stdio_session([str(bin_dir / "odoo-mcp")], env, cwd)

    peer_a_calls = peer_calls(task_id, "get_record", "record_id", "groupby", "aggregates")
    peer_b_calls = peer_calls(task_id, "read_record", "record_id", "group_by", "measures")
    targets = [
        Target("daniel (stdio)", ours_stdio, our_calls(task_id)),
        Target("mcp-server-odoo 0.9 (stdio)", peer_a, peer_a_calls),
        Target("odoo-mcp 1.3 (stdio)", peer_b, peer_b_calls),
        Target("daniel (HTTP)", ours_http, our_calls(task_id)),
        Target("mcp-server-odoo 0.9 (HTTP)", peer_a_http, peer_a_calls),
        Target("odoo-mcp 1.3 (HTTP)", peer_b_http, peer_b_calls),
    ]
    if args.ours_only:
        targets = [t for t in targets if t.name.startswith("daniel")]
    floor = Target("xmlrpc.client (floor)", contextlib.nullcontext, {})
    print("measuring every server, calls interleaved ...", file=sys.stderr)
    await measure(targets, floor, floor_ops(proxy, task_id), proxy, args.calls, args.warmup)
    cold: dict[str, list[float]] = {}
    starts = [
        ("daniel (stdio)", ours_stdio, *targets[0].calls["task_get"]),
        ("mcp-server-odoo 0.9", peer_a, *peer_a_calls["task_get"]),
        ("odoo-mcp 1.3", peer_b, *peer_b_calls["task_get"]),
    ][: 1 if args.ours_only else 3]
    print("cold starts, interleaved ...", file=sys.stderr)
    for _ in range(args.cold):
        for name, connect, tool, call_args in starts:
            cold.setdefault(name, []).append(await cold_start(connect, tool, call_args))
    medians = {name: statistics.median(values) for name, values in cold.items()}
    print(report([*targets, floor], medians))
    print("\nOverhead over the direct call (median of paired differences, same round):")
    for target in (t for t in targets if t.name.startswith("daniel")):
        for op in OPS:
            if op in target.results and op in floor.results:
                pairs = zip(target.results[op], floor.results[op], strict=True)
                overhead = statistics.median(ours - direct for ours, direct in pairs)
                print(f"- {target.name} {op}: {overhead:+.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=40, help="timed calls per operation")
    parser.add_argument("--warmup", type=int, default=5, help="untimed calls first")
    parser.add_argument("--cold", type=int, default=3, help="cold starts per server")
    parser.add_argument("--serial", action="store_true", help="Odoo serves 1 request at a time")
    parser.add_argument("--ours-only", action="store_true", help="leave the peers out")
    parser.add_argument("--proxy", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.proxy:
        asyncio.run(run_proxy(args.proxy, args.port, args.serial))
        return
    bin_dir = PEERS / "bin" if args.ours_only else ensure_peers()
    stack = start_stack(args.serial)
    try:
        asyncio.run(run_bench(args, stack, bin_dir))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
