"""The sandbox HTTP server: Odoo's external API on aiohttp, backed by `Database`.

- `start_sandbox(...)` serves it inside the caller's event loop (the launcher);
- `SandboxThread(...)` serves it from a daemon thread with its own loop (tests, tools);
- `main(settings, args)` is the `daniel sandbox` command.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import threading
from pathlib import Path
from typing import TypeVar

from aiohttp import web

from daniel.resources.odoo import datasets
from daniel.resources.odoo.datasets import DEFAULT as DEFAULT_DATASET
from daniel.sandbox import demo_accounts, json2, jsonrpc, viewer, xmlrpc
from daniel.sandbox.database import DB_NAME, Database, SandboxDataError
from daniel.sandbox.httputil import json_response
from daniel.settings import (
    SANDBOX_ADMIN_API_KEY,
    SANDBOX_ADMIN_LOGIN,
    SANDBOX_ADMIN_PASSWORD,
    Settings,
)

log = logging.getLogger("daniel.sandbox")

MAX_BODY = 32 * 1024 * 1024
T = TypeVar("T")


def client_host(host: str) -> str:
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104


def build_app(sandbox: Database) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    xml2 = xmlrpc.make_handler(sandbox, legacy=False)
    xml1 = xmlrpc.make_handler(sandbox, legacy=True)
    view = viewer.make_handler(sandbox)

    async def health(request: web.Request) -> web.StreamResponse:
        return json_response({"status": "pass"})

    async def home(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/odoo")

    app.router.add_route("*", "/xmlrpc/2/{service}", xml2)
    app.router.add_route("*", "/xmlrpc/{service}", xml1)
    app.router.add_route("*", "/jsonrpc", jsonrpc.make_handler(sandbox))
    app.router.add_route("*", "/json/2/{model}/{method}", json2.make_handler(sandbox))
    app.router.add_route("*", "/json/2", json2.make_fallback_handler())
    app.router.add_route("*", "/json/2/{tail:.*}", json2.make_fallback_handler())
    app.router.add_route("*", "/web/webclient/version_info", jsonrpc.make_version_handler())
    app.router.add_get("/web/health", health)
    app.router.add_get("/daniel/demo-accounts", demo_accounts.make_handler(sandbox))
    app.router.add_get("/", home)
    app.router.add_get("/odoo", view)
    app.router.add_get("/odoo/{model}", view)
    app.router.add_get("/odoo/{model}/{id}", view)
    return app


class Sandbox:
    """A running sandbox: its URL, port and database."""

    def __init__(self, database: Database, runner: web.AppRunner, host: str, port: int) -> None:
        self.database = database
        self._runner = runner
        self.host = host
        self.port = port
        self.url = f"http://{client_host(host)}:{port}"
        self.db_name = DB_NAME

    async def close(self) -> None:
        try:
            await self._runner.cleanup()
        finally:
            await self.database.close()


async def start_sandbox(
    data_dir: Path,
    host: str,
    port: int,
    *,
    admin_password: str,
    api_key: str,
    reset: bool = False,
    dataset: str = DEFAULT_DATASET,
) -> Sandbox:
    """Open (or seed) the database of `dataset` and start serving; returns once listening."""
    database = Database(
        Path(data_dir), admin_password=admin_password, api_key=api_key, reset=reset, dataset=dataset
    )
    await database.open()
    # In-flight calls get 5 s to finish on shutdown (aiohttp waits 60 s by default).
    runner = web.AppRunner(build_app(database), access_log=None, shutdown_timeout=5.0)
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
    except BaseException:
        await runner.cleanup()
        await database.close()
        raise
    real_port = port
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            real_port = int(address[1])
            break
    return Sandbox(database, runner, host, real_port)


class SandboxThread:
    """A sandbox served from a daemon thread with its own event loop."""

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        admin_password: str = SANDBOX_ADMIN_PASSWORD,
        api_key: str = SANDBOX_ADMIN_API_KEY,
        reset: bool = False,
        dataset: str = DEFAULT_DATASET,
    ) -> None:
        self._args = (Path(data_dir), host, port, admin_password, api_key, reset)
        self._dataset = dataset
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sandbox: Sandbox | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        if self._sandbox is None:
            raise RuntimeError("the sandbox is not started")
        return self._sandbox.url

    @property
    def port(self) -> int:
        if self._sandbox is None:
            raise RuntimeError("the sandbox is not started")
        return self._sandbox.port

    def start(self) -> None:
        """Start serving; returns when the server listens (raises if it cannot start)."""
        self._thread = threading.Thread(target=self._run, name="sandbox-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            loop.close()

    async def _serve(self) -> None:
        data_dir, host, port, password, api_key, reset = self._args
        self._stopped = asyncio.Event()
        try:
            self._sandbox = await start_sandbox(
                data_dir,
                host,
                port,
                admin_password=password,
                api_key=api_key,
                reset=reset,
                dataset=self._dataset,
            )
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            await self._sandbox.close()

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(timeout=10)


def _given(args: argparse.Namespace, name: str, default: T) -> T:
    value = getattr(args, name, None)
    return default if value is None else value


def main(settings: Settings, args: argparse.Namespace) -> int:
    """`daniel sandbox [--host H] [--port P] [--data-dir D] [--dataset NAME] [--reset]`."""
    from daniel.lifecycle import run_forever

    host = _given(args, "host", settings.sandbox_host)
    port = _given(args, "port", settings.sandbox_port)
    data_dir = _given(args, "data_dir", settings.sandbox_data_dir)
    reset = bool(getattr(args, "reset", False))
    try:
        dataset = datasets.resolve(_given(args, "dataset", settings.sandbox_dataset))
    except ValueError as exc:
        log.error("%s", exc)
        return 2

    async def serve() -> None:
        sandbox = await start_sandbox(
            Path(data_dir),
            host,
            port,
            admin_password=settings.sandbox_admin_password.get_secret_value(),
            api_key=settings.sandbox_api_key.get_secret_value(),
            reset=reset,
            dataset=dataset,
        )
        company = datasets.load(dataset).company.name
        log.info(
            "Odoo sandbox listening on %s (database '%s', dataset '%s': %s)",
            sandbox.url,
            sandbox.db_name,
            dataset,
            company,
        )
        default = settings.sandbox_admin_password.get_secret_value() == SANDBOX_ADMIN_PASSWORD
        shown = SANDBOX_ADMIN_PASSWORD if default else "the value of SANDBOX_ADMIN_PASSWORD"
        log.info("Login: %s / %s", SANDBOX_ADMIN_LOGIN, shown)
        log.info("API key (JSON-2 API, Authorization header): the value of SANDBOX_API_KEY")
        log.info("Open %s/odoo to browse the demo data; Ctrl-C stops the sandbox", sandbox.url)
        try:
            await asyncio.Event().wait()
        finally:
            await sandbox.close()
            log.info("Odoo sandbox stopped")

    try:
        return run_forever(serve())
    except (OSError, SandboxDataError) as exc:
        log.error("cannot start the sandbox on %s:%s: %s", host, port, exc)
        return 1
