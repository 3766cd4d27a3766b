"""Shared fixtures.

`sandbox` is one built-in Odoo sandbox for the whole test session, served over real HTTP
on a free port from a background thread (so any test's event loop can call it). Tests
that write to it create their own records. `fresh_sandbox` gives a test its own
database when it needs a known state. Both hold the Spanish demo dataset; tests/sandbox
overrides them to run on every dataset, and `sandbox_of(name)` serves any dataset.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import odoo_corpus
from daniel.settings import (
    SANDBOX_ADMIN_API_KEY,
    SANDBOX_ADMIN_PASSWORD,
    SANDBOX_DB,
    OdooConnection,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read the developer's .env or real credentials."""
    for name in list(os.environ):
        if name.startswith(
            ("ODOO_", "SANDBOX_", "MCP_", "SERVER_", "LLM_", "STT_", "ELEVENLABS_", "HEYGEN_")
        ) or name.startswith(("LIVEAVATAR_", "BRAIN", "TTS", "STT", "AVATAR", "LOG_", "DANIEL_")):
            monkeypatch.delenv(name)
        if name.startswith(("DATABASE_URL", "ANALYTICS_", "ADMIN_LOGINS")):  # the dashboard's
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


class SandboxInfo:
    def __init__(self, url: str, data_dir: Path, dataset: str) -> None:
        self.url = url
        self.dataset = dataset
        self.db = SANDBOX_DB
        self.login = "admin"
        self.password = SANDBOX_ADMIN_PASSWORD
        self.api_key = SANDBOX_ADMIN_API_KEY
        self.data_dir = data_dir

    def connection(
        self,
        *,
        url: str | None = None,
        user: str | None = None,
        secret: str | None = None,
        timeout: float = 5.0,
    ) -> OdooConnection:
        """How an MCP server reaches this sandbox (as admin unless told), no retries."""
        return OdooConnection(
            url=url or self.url,
            db=self.db,
            user=user or self.login,
            secret=secret or self.api_key,
            protocol="auto",
            timeout=timeout,
            retries=0,
        )


def _start(data_dir: Path, dataset: str) -> Iterator[SandboxInfo]:
    from daniel.sandbox.server import SandboxThread

    thread = SandboxThread(data_dir=data_dir, host="127.0.0.1", port=0, dataset=dataset)
    thread.start()
    try:
        yield SandboxInfo(thread.url, data_dir, dataset)
    finally:
        thread.stop()


@pytest.fixture(scope="session")
def sandbox_dataset() -> str:
    """The demo dataset of `fresh_sandbox`."""
    return "es"


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxInfo]:
    """The Spanish dataset. (Not built on `sandbox_dataset`: a session fixture would keep
    the value of a parametrized override and hand it to every later test.)"""
    yield from _start(tmp_path_factory.mktemp("sandbox"), "es")


@pytest.fixture(scope="session")
def sandbox_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], SandboxInfo]]:
    """`sandbox_of("en")`: one more sandbox per dataset, started on first use, for tests
    that run on every dataset outside tests/sandbox."""
    running: dict[str, tuple[Iterator[SandboxInfo], SandboxInfo]] = {}

    def get(dataset: str) -> SandboxInfo:
        if dataset not in running:
            started = _start(tmp_path_factory.mktemp(f"sandbox-of-{dataset}"), dataset)
            running[dataset] = (started, next(started))
        return running[dataset][1]

    yield get
    for started, _info in running.values():
        started.close()


@pytest.fixture
def fresh_sandbox(
    sandbox_dataset: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxInfo]:
    yield from _start(tmp_path_factory.mktemp("fresh-sandbox"), sandbox_dataset)


@pytest.fixture
def corpus() -> Path:
    """The recorded Odoo corpus; the test skips, saying where it was looked for, without it."""
    return odoo_corpus.require()


@pytest.fixture(scope="session")
def whisper() -> Any:
    """The process-wide Whisper recogniser (STT=local), loaded once for the whole run:
    sessions and tests share it, as the sessions of one server do."""
    import asyncio

    from daniel.server_avatar.services.local.whisper_model import WhisperRecognizer

    recognizer = WhisperRecognizer.shared()
    asyncio.run(recognizer.load())
    return recognizer


class RedisInfo:
    def __init__(self, port: int, process: subprocess.Popen[bytes]) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = process


@pytest.fixture
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisInfo]:
    """A real Redis (Debian's redis-server, installed by `make pytest`) on a free port,
    nothing saved to disk; stopped at the end of the test."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make pytest` installs it (Debian redis-server)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    folder = tmp_path_factory.mktemp("redis")
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), 0.2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start in 10 s"
                time.sleep(0.05)
        yield RedisInfo(port, process)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def aiohttp_client(aiohttp_client: Any) -> Any:
    """pytest-aiohttp's `aiohttp_client`, logged in to the avatar server when it asks
    for a login (AUTH=odoo, the default): as the settings' Odoo user, the way a person
    would, through `POST /auth/login`. `aiohttp_client(app, login=False)` stays out."""

    async def make(app: Any, *args: Any, login: bool = True, **kwargs: Any) -> Any:
        client = await aiohttp_client(app, *args, **kwargs)
        if login:
            await log_in_as_configured(client)
        return client

    return make


async def log_in_as_configured(client: Any) -> None:
    from aiohttp import web

    from daniel.server_avatar.app_state import STATE
    from login_helpers import log_in

    app = client.app
    if not isinstance(app, web.Application) or STATE not in app:
        return
    state = app[STATE]
    if state.access is None or not state.access.required:
        return
    settings = state.settings
    secret = settings.odoo_api_key or settings.odoo_password or settings.sandbox_api_key
    await log_in(client, settings.odoo_user or "admin", secret.get_secret_value())
