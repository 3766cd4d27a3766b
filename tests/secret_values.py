"""Distinctive secret values for the secrets-scan tests, and the scan itself."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

#: One distinctive value per configured secret: any of them in a log or a body is a leak.
SECRETS = {
    "ODOO_API_KEY": "odoo-apikey-Q7f3Zc91Lm",
    "ODOO_PASSWORD": "odoo-passwd-V2b8Kq60Tn",
    "MCP_TOKEN": "mcp-token-W4k8Pd22Hx",
    "MCP_CLIENT_TOKEN": "mcp-token-W4k8Pd22Hx",
    "SERVER_ACCESS_TOKEN": "access-token-G8s4Ny13Ur",
    "LLM_API_KEY": "llm-key-J3h6Xe58Ow",
    "STT_API_KEY": "stt-key-B1c9Fa36Qe",
    "ELEVENLABS_API_KEY": "xi-key-T5n1Ls07Zd",
    "HEYGEN_API_KEY": "heygen-key-R9v2Mb44Cy",
    "LIVEAVATAR_API_KEY": "liveavatar-key-N6p3Dw81Ji",
}
SANDBOX_ADMIN_PASSWORD = "sandbox-admin-H2j5Rt77Vo"


def secret_values() -> set[str]:
    return {*SECRETS.values(), SANDBOX_ADMIN_PASSWORD}


def leaks(texts: Iterable[str]) -> list[str]:
    """`where: secret` for every secret found in the texts."""
    found = []
    for index, text in enumerate(texts):
        for value in secret_values():
            if value in text:
                start = text.index(value)
                found.append(f"#{index}: …{text[max(0, start - 80) : start + 40]}…")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_environment() -> dict[str, str]:
    """The test process's environment without any Daniel setting."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH")
    return {name: value for name, value in os.environ.items() if name in keep}


@asynccontextmanager
async def daniel_process(
    args: list[str], env: dict[str, str], cwd: Path, health_url: str
) -> AsyncIterator[Path]:
    """`python -m daniel ARGS` until the block ends; yields the file holding its stderr.

    Waits until `health_url` answers (any HTTP status). The process is stopped when the
    block ends, so the stderr file is complete afterwards.
    """
    stderr_path = cwd / "stderr.log"
    with stderr_path.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "daniel",
            *args,
            env={**clean_environment(), **env},
            cwd=cwd,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(600):
                if proc.returncode is not None:
                    raise AssertionError(f"daniel {args} exited: {stderr_path.read_text()}")
                try:
                    async with http.get(health_url, timeout=aiohttp.ClientTimeout(total=2)):
                        break
                except (aiohttp.ClientError, TimeoutError):
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError(f"daniel {args} did not start: {stderr_path.read_text()}")
        yield stderr_path
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()
