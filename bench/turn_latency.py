"""Conversation turn latency: user text → first agent text, and → first audio byte.

Starts `daniel run --no-mcp-http` (built-in sandbox ERP, in-process MCP server, local
brain, local espeak-ng voice) in a subprocess on loopback ports, then over the real
WebSocket (docs/protocol.md):

1. one session asks 100 questions one after the other (each waits for `turn.end`);
2. 50 sessions ask at the same time (4 questions each).

Client-side times run from sending `user.text` to the first `agent.delta` and to the
first binary audio frame; the server's own marks (`latency` message) are shown too.
Every question reads Odoo through an MCP tool.

    .venv/bin/python bench/turn_latency.py [--turns 100] [--sessions 50] [--per-session 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

QUESTIONS = [
    "¿Cómo va el pipeline?",
    "¿Qué oportunidades tengo abiertas?",
    "¿Qué tareas tengo para hoy?",
    "¿Cuánto hemos vendido este mes?",
    "oportunidades en negociación",
    "¿Qué proyectos tenemos?",
    "¿Qué pedidos hay?",
    "tareas de Ana García",
]


@dataclass
class Samples:
    first_text: list[float] = field(default_factory=list)
    first_audio: list[float] = field(default_factory=list)
    server_text: list[float] = field(default_factory=list)
    server_audio: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    errors: int = 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _start_daniel(folder: Path) -> tuple[asyncio.subprocess.Process, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "LLM_", "STT"))}
    env.update(
        SANDBOX_PORT=str(_free_port()),
        SERVER_PORT=str(port),
        SANDBOX_DATA_DIR=str(folder / "sandbox"),
        MCP_AUDIT_LOG=str(folder / "audit.jsonl"),
        SERVER_MAX_SESSIONS="500",
        BRAIN="local",
        TTS="local",
        STT="none",
        AVATAR="local",
        LOG_LEVEL="WARNING",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "daniel",
        "run",
        "--no-mcp-http",
        env=env,
        cwd=folder,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    if b"Daniel is ready" not in line:
        raise SystemExit(f"daniel run did not start: {line!r}")
    return process, f"ws://127.0.0.1:{port}/ws"


async def _turn(ws: aiohttp.ClientWebSocketResponse, text: str, samples: Samples) -> None:
    sent = time.perf_counter()
    await ws.send_str(json.dumps({"type": "user.text", "text": text}))
    turn_id = None
    first_text = first_audio = None
    while True:
        frame = await ws.receive(timeout=60)
        now = time.perf_counter()
        if frame.type == aiohttp.WSMsgType.BINARY:
            if turn_id is not None and first_audio is None:
                first_audio = now
            continue
        if frame.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"socket closed: {frame.type}")
        message = json.loads(frame.data)
        kind = message["type"]
        if kind == "turn.start" and turn_id is None:
            turn_id = message["turn_id"]
        elif turn_id is None or message.get("turn_id") not in (None, turn_id):
            continue
        elif kind == "agent.delta" and first_text is None:
            first_text = now
        elif kind == "error":
            samples.errors += 1
        elif kind == "latency":
            marks = message["marks"]
            if "first_text" in marks:
                samples.server_text.append(marks["first_text"])
            if "first_audio" in marks:
                samples.server_audio.append(marks["first_audio"])
        elif kind == "turn.end":
            samples.total.append((now - sent) * 1000)
            if first_text is not None:
                samples.first_text.append((first_text - sent) * 1000)
            if first_audio is not None:
                samples.first_audio.append((first_audio - sent) * 1000)
            return


async def _session(url: str, questions: list[str], samples: Samples) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        await ws.send_str(json.dumps({"type": "session.start", "lang": "es"}))
        while True:
            frame = await ws.receive(timeout=60)
            if frame.type == aiohttp.WSMsgType.TEXT and json.loads(frame.data)["type"] == "state":
                break
        for text in questions:
            await _turn(ws, text, samples)
        await ws.send_str(json.dumps({"type": "session.stop"}))


def _pct(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return f"{ordered[index]:.0f}"


def _row(name: str, samples: Samples) -> str:
    cells = [
        name,
        str(len(samples.total)),
        _pct(samples.first_text, 50),
        _pct(samples.first_text, 95),
        _pct(samples.first_audio, 50),
        _pct(samples.first_audio, 95),
        _pct(samples.server_audio, 50),
        _pct(samples.total, 50),
        str(samples.errors),
    ]
    return "| " + " | ".join(cells) + " |"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--per-session", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="daniel-bench-") as folder:
        process, url = await _start_daniel(Path(folder))
        try:
            warm = Samples()
            await _session(url, QUESTIONS, warm)  # warm-up: connections, caches
            single = Samples()
            questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.turns)]
            await _session(url, questions, single)
            crowd = Samples()
            started = time.perf_counter()
            await asyncio.gather(
                *(
                    _session(
                        url,
                        [QUESTIONS[(s + i) % len(QUESTIONS)] for i in range(args.per_session)],
                        crowd,
                    )
                    for s in range(args.sessions)
                )
            )
            elapsed = time.perf_counter() - started
        finally:
            process.send_signal(2)
            await asyncio.wait_for(process.wait(), 30)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print("all times in ms; client-side from sending user.text")
    print()
    print(
        "| scenario | turns | first text p50 | first text p95 | first audio p50 "
        "| first audio p95 | server first_audio p50 | turn end p50 | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(_row("1 session, sequential", single))
    print(_row(f"{args.sessions} concurrent sessions", crowd))
    print()
    turns = len(crowd.total)
    print(f"{args.sessions} sessions: {turns} turns in {elapsed:.1f} s ({turns / elapsed:.1f}/s)")
    print(f"single session mean first audio: {statistics.mean(single.first_audio):.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
