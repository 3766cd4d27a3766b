"""`daniel run` and `daniel serve` as a user runs them: a real process, real ports,
Ctrl-C to stop, no traceback."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        SANDBOX_DATA_DIR=str(tmp_path / "sandbox"),
        MCP_AUDIT_LOG=str(tmp_path / "audit.jsonl"),
        LOG_FORMAT="json",
        **values,
    )
    return env


async def _start(args: list[str], env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "daniel",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop(process: asyncio.subprocess.Process, twice: bool = False) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    if twice:
        await asyncio.sleep(0.05)
        process.send_signal(signal.SIGINT)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    return int(process.returncode or 0), stderr.decode()


async def test_daniel_run_starts_everything_and_ctrl_c_stops_it_cleanly(tmp_path: Path) -> None:
    ports = {name: _free_port() for name in ("SANDBOX_PORT", "MCP_PORT", "SERVER_PORT")}
    env = _env(tmp_path, **{name: str(port) for name, port in ports.items()})
    process = await _start(["run"], env, tmp_path)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        url = f"http://127.0.0.1:{ports['SERVER_PORT']}"
        assert line.decode().strip() == f"Daniel is ready: open {url}"
        # unsafe: keep the login cookie of an IP address (127.0.0.1), as a browser does
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            health = await (await http.get(f"{url}/health")).json()
            assert health["status"] == "ok"
            assert health["checks"]["odoo"]["state"] == "ok"
            page = await http.get(url)
            assert page.status == 200
            mcp = await http.get(f"http://127.0.0.1:{ports['MCP_PORT']}/health")
            assert mcp.status == 200
            login = {"login": "admin", "password": "admin"}  # the sandbox's admin
            assert (await http.post(f"{url}/auth/login", json=login)).status == 200
            async with http.ws_connect(f"{url}/ws") as ws:
                await ws.send_json({"type": "session.start", "lang": "es"})
                kinds: list[str] = []
                await ws.send_json({"type": "user.text", "text": "¿cómo va el pipeline?"})
                while "turn.end" not in kinds:
                    message = await ws.receive(timeout=20)
                    if message.type == aiohttp.WSMsgType.TEXT:
                        kinds.append(json.loads(message.data)["type"])
                assert "tool" in kinds
                assert "agent.text" in kinds
    finally:
        code, stderr = await _stop(process, twice=True)
    assert code == 0
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr
    assert "Daniel stopped" in stderr


async def test_daniel_run_on_a_busy_port_explains_itself(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env = _env(
            tmp_path,
            SANDBOX_PORT=str(busy.getsockname()[1]),
            MCP_PORT=str(_free_port()),
            SERVER_PORT=str(_free_port()),
        )
        process = await _start(["run", "--no-mcp-http"], env, tmp_path)
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert "cannot listen" in stderr.decode()
    assert "Traceback" not in stderr.decode()


async def test_daniel_serve_serves_the_page_and_stops_on_ctrl_c(
    tmp_path: Path, sandbox: Any
) -> None:
    port = _free_port()
    env = _env(
        tmp_path,
        ODOO_URL=sandbox.url,
        ODOO_DB=sandbox.db,
        ODOO_USER=sandbox.login,
        ODOO_API_KEY=sandbox.api_key,
    )
    process = await _start(["serve", "--port", str(port)], env, tmp_path)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    response = await http.get(f"http://127.0.0.1:{port}/api/config")
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
                    continue
                assert (await response.json())["providers"]["brain"] == "local"
                break
            else:
                pytest.fail("daniel serve did not start")
    finally:
        code, stderr = await _stop(process)
    assert code == 0
    assert "Traceback" not in stderr
