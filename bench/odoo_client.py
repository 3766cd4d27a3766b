"""Benchmark: our async Odoo client over each protocol vs the standard library's ServerProxy.

Starts the built-in sandbox (a `SandboxThread` on a temporary data folder, port 0) in a
child process, so the server's work does not share this process's GIL with the clients,
then times `search_read` on crm.lead (limit 20, 6 fields):

- 500 sequential calls, and 500 calls with 20 in flight, each split into 5 rounds in which
  every client takes its turn (a shared machine's noise then hits all clients alike);
- for `OdooClient` over xmlrpc, jsonrpc and json2, and for `xmlrpc.client.ServerProxy`
  in a ThreadPoolExecutor (1 worker sequential, 20 workers concurrent; one proxy per
  thread since a proxy is not thread-safe).

Prints p50/p95 latency in ms, calls/s and Odoo HTTP requests per call, plus the machine.
Usage: python bench/odoo_client.py [--calls 500] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from daniel.odoo import OdooClient
from daniel.settings import SANDBOX_ADMIN_API_KEY, SANDBOX_ADMIN_PASSWORD, SANDBOX_DB

MODEL = "crm.lead"
FIELDS = ["name", "partner_id", "stage_id", "expected_revenue", "probability", "user_id"]
LIMIT = 20
WARMUP = 20
PROXY = "stdlib ServerProxy+threads"
COLUMNS = (("client", 26, "<"), ("mode", 14, "<"), ("p50 ms", 8, ">"), ("p95 ms", 8, ">"),
           ("calls/s", 9, ">"), ("req/call", 9, ">"))  # fmt: skip


@dataclass
class Result:
    name: str
    mode: str
    latencies_ms: list[float]
    wall_s: float
    requests_per_call: float | None

    def row(self) -> str:
        ordered = sorted(self.latencies_ms)
        p50 = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
        rate = len(ordered) / self.wall_s
        per_call = f"{self.requests_per_call:.2f}" if self.requests_per_call is not None else "1*"
        return (
            f"| {self.name:<26} | {self.mode:<14} | {p50:8.2f} | {p95:8.2f} | {rate:9.0f} "
            f"| {per_call:>9} |"
        )


def _serve_sandbox(data_dir: str, pipe: Connection) -> None:
    """Child process: run the sandbox until the parent closes the pipe."""
    from daniel.sandbox.server import SandboxThread

    thread = SandboxThread(data_dir=Path(data_dir), host="127.0.0.1", port=0)
    thread.start()
    pipe.send(thread.url)
    try:
        pipe.recv()  # EOF when the parent is done
    except EOFError:
        pass
    finally:
        thread.stop()


Runner = Callable[[int, int], Awaitable[tuple[list[float], float]]]


async def _timed_calls(
    call: Callable[[], Awaitable[Any]], calls: int, concurrency: int
) -> tuple[list[float], float]:
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with semaphore:
            started = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(calls)))
    return latencies, time.perf_counter() - started


async def open_client(stack: AsyncExitStack, url: str, protocol: str) -> tuple[OdooClient, Runner]:
    secret = SANDBOX_ADMIN_API_KEY if protocol == "json2" else SANDBOX_ADMIN_PASSWORD
    odoo = await stack.enter_async_context(
        OdooClient(url, SANDBOX_DB, "admin", secret, protocol=protocol)
    )

    async def call() -> Any:
        return await odoo.search_read(MODEL, [], FIELDS, limit=LIMIT)

    rows = await call()
    assert len(rows) == LIMIT, f"the sandbox has fewer than {LIMIT} leads"
    await _timed_calls(call, WARMUP, 1)

    async def run(calls: int, in_flight: int) -> tuple[list[float], float]:
        return await _timed_calls(call, calls, in_flight)

    return odoo, run


def server_proxy_runner(url: str, pools: dict[int, ThreadPoolExecutor]) -> Runner:
    """`xmlrpc.client.ServerProxy` calls in a thread pool (one proxy per thread)."""
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(SANDBOX_DB, "admin", SANDBOX_ADMIN_PASSWORD, {})
    local = threading.local()

    def call(_: int = 0) -> float:
        proxy = getattr(local, "proxy", None)
        if proxy is None:
            proxy = local.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
        started = time.perf_counter()
        proxy.execute_kw(
            SANDBOX_DB, uid, SANDBOX_ADMIN_PASSWORD, MODEL, "search_read", [[]],
            {"fields": FIELDS, "limit": LIMIT},
        )  # fmt: skip
        return (time.perf_counter() - started) * 1000

    def timed(calls: int, workers: int) -> tuple[list[float], float]:
        pool = pools.setdefault(workers, ThreadPoolExecutor(max_workers=workers))
        started = time.perf_counter()
        latencies = list(pool.map(call, range(calls)))
        return latencies, time.perf_counter() - started

    timed(WARMUP, 1)

    async def run(calls: int, in_flight: int) -> tuple[list[float], float]:
        return await asyncio.to_thread(timed, calls, in_flight)

    return run


async def bench(url: str, calls: int, concurrency: int, rounds: int) -> list[Result]:
    """Every client, interleaved in `rounds` rounds so machine noise hits all alike."""
    pools: dict[int, ThreadPoolExecutor] = {}
    async with AsyncExitStack() as stack:
        clients: dict[str, OdooClient | None] = {}
        runners: dict[str, Runner] = {}
        for protocol in ("xmlrpc", "jsonrpc", "json2"):
            name = f"OdooClient {protocol}"
            clients[name], runners[name] = await open_client(stack, url, protocol)
        clients[PROXY], runners[PROXY] = None, server_proxy_runner(url, pools)
        results = []
        for mode, in_flight in (("sequential", 1), (f"{concurrency} in flight", concurrency)):
            latencies: dict[str, list[float]] = {name: [] for name in runners}
            wall = dict.fromkeys(runners, 0.0)
            requests = {name: c.request_count if c else 0 for name, c in clients.items()}
            for round_number in range(rounds):
                share = calls // rounds + (1 if round_number < calls % rounds else 0)
                for name, run in runners.items():
                    got, seconds = await run(share, in_flight)
                    latencies[name] += got
                    wall[name] += seconds
            for name in runners:
                client = clients[name]
                per_call = (client.request_count - requests[name]) / calls if client else None
                results.append(Result(name, mode, latencies[name], wall[name], per_call))
    for pool in pools.values():
        pool.shutdown()
    return results


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"Machine: {model}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.system()} {platform.release()}); sandbox in a child process on loopback"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per mode")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="daniel-bench-") as data_dir:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        server = context.Process(target=_serve_sandbox, args=(data_dir, child), daemon=True)
        server.start()
        try:
            if not parent.poll(60):
                print("the sandbox did not start within 60 s", file=sys.stderr)
                return 1
            url = parent.recv()
            results = asyncio.run(bench(url, options.calls, options.concurrency, options.rounds))
        finally:
            parent.close()
            server.join(10)

    print(f"search_read {MODEL} (limit {LIMIT}, {len(FIELDS)} fields), {options.calls} calls each")
    print()
    print("| " + " | ".join(f"{title:{align}{width}}" for title, width, align in COLUMNS) + " |")
    print("|" + "|".join(("-" * (w + 1) + (":" if a == ">" else "-")) for _, w, a in COLUMNS) + "|")
    for result in sorted(results, key=lambda r: (r.mode != "sequential", r.name)):
        print(result.row())
    print()
    print("* ServerProxy makes one HTTP request per call (login excluded).")
    print(machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
