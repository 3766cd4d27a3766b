"""`daniel serve [--workers N]`: one avatar-server process, or N of them on one port.

Python runs one turn's CPU work (speech synthesis, understanding) on one core at a
time, so one process uses one core. Workers are forked from `daniel serve` after the
settings are read; each runs the whole server (`server.serve`) and listens on the same
port with SO_REUSEPORT, so the kernel spreads new connections over them. A WebSocket
stays in the process that accepted it; logins, resumable conversations, limits and
write records are shared through Redis (`REDIS_URL`), which is why more than one worker
needs it.

The parent only supervises: SIGTERM or Ctrl-C is passed on to every worker (each drains:
turns finish, browsers are told to reconnect); a worker that dies on its own is started
again after a pause; the parent exits when every worker has. If the parent itself is
killed, the kernel sends each worker SIGTERM (Linux `PR_SET_PDEATHSIG`): no orphan keeps
the port.

Default (`SERVER_WORKERS` empty, no `--workers`): the number of cores this process may
use when `REDIS_URL` is set (the CPU affinity, capped by a cgroup CPU limit such as a
Kubernetes `limits.cpu`), 1 without it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import math
import multiprocessing
import os
import signal
import time
from multiprocessing.context import ForkProcess
from pathlib import Path
from typing import Any

from daniel.server_avatar.server import serve
from daniel.settings import Settings, SettingsError

log = logging.getLogger("daniel.server_avatar.workers")

#: A worker that dies on its own is started again after this pause.
RESTART_PAUSE = 1.0
#: Workers get the drain time plus this long to exit before they are killed.
EXIT_GRACE = 15.0
_PR_SET_PDEATHSIG = 1


def worker_count(settings: Settings, given: int | None) -> int:
    """How many workers to run; `SettingsError` when more than one cannot share state."""
    wanted = given if given is not None else settings.server_workers
    if wanted is None:
        return usable_cpus() if settings.redis_url else 1
    if wanted < 1:
        raise SettingsError("--workers must be at least 1")
    if wanted > 1 and not settings.redis_url:
        raise SettingsError(
            f"{wanted} workers need REDIS_URL: logins, resumable conversations and write "
            "records must be shared between processes (or run one worker)"
        )
    return wanted


def usable_cpus(cgroup: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The cores this process may use: its CPU affinity, capped by a cgroup v2 quota."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = cores or 1
    try:
        quota, period = cgroup.read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 limit
    return count


def run_workers(settings: Settings, host: str, port: int, count: int) -> int:
    """Start `count` workers on `host:port` and supervise them until they all exit."""
    if port == 0:
        raise SettingsError("--workers needs a fixed port (SERVER_PORT), not 0")
    context = multiprocessing.get_context("fork")
    stopping = False

    def start(number: int) -> ForkProcess:
        process = context.Process(
            target=_worker,
            args=(settings, host, port, number, os.getpid()),
            name=f"daniel-worker-{number}",
        )
        process.start()
        return process

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for process in workers.values():
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)

    workers = {number: start(number) for number in range(count)}
    log.info("%d avatar-server workers on port %d", count, port)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            time.sleep(0.2)
            for number, process in list(workers.items()):
                if not process.is_alive() and not stopping:
                    if process.exitcode == 2:  # a settings problem: it will not get better
                        stop(signal.SIGTERM, None)
                        break
                    log.error("worker %d exited (%s); starting it again", number, process.exitcode)
                    time.sleep(RESTART_PAUSE)
                    workers[number] = start(number)
        deadline = time.monotonic() + settings.server_drain_seconds + EXIT_GRACE
        for process in workers.values():
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.error("worker %s did not stop in time; killing it", process.name)
                process.kill()
                process.join(5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = [p.exitcode for p in workers.values() if p.exitcode not in (0, None)]
    return 2 if 2 in failed else 0


def _worker(settings: Settings, host: str, port: int, number: int, parent: int) -> None:
    """One worker process: the whole avatar server on the shared port."""
    for sig in (signal.SIGINT, signal.SIGTERM):  # the parent's handlers are not ours
        signal.signal(sig, signal.SIG_DFL)
    _end_with_parent(parent)
    try:
        asyncio.run(serve(settings, host, port, reuse_port=True))
    except SettingsError as exc:
        log.error("worker %d: %s", number, exc)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        pass


def _end_with_parent(parent: int) -> None:
    """A worker whose parent dies (even by SIGKILL) gets SIGTERM and drains (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def main(settings: Settings, args: argparse.Namespace) -> int:
    """`daniel serve [--host H] [--port P] [--workers N]`."""
    host = getattr(args, "host", None) or settings.server_host
    port = getattr(args, "port", None) or settings.server_port
    workers = worker_count(settings, getattr(args, "workers", None))
    if workers > 1:
        return run_workers(settings, host, port, workers)
    asyncio.run(serve(settings, host, port))
    return 0
