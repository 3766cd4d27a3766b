"""`daniel run`: the whole system in one process, on embedded defaults.

1. the built-in Odoo sandbox (only when `ODOO_URL` is empty);
2. the MCP server over streamable HTTP at 127.0.0.1:8000/mcp, for other MCP clients
   (unless `--no-mcp-http`);
3. the avatar server (which reaches MCP in-process), then prints the URL to open.

Ctrl-C or SIGTERM stops everything in reverse order: sessions are closed, servers stop
listening, the sandbox database is closed. No traceback, no task left behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator

import uvicorn

from daniel.server_avatar.server import StopSignals, create_app, start_site
from daniel.settings import Settings, SettingsError

log = logging.getLogger("daniel.launcher")

MCP_START_TIMEOUT = 20.0


def main(settings: Settings, args: argparse.Namespace) -> int:
    host = getattr(args, "host", None) or settings.server_host
    port = getattr(args, "port", None) or settings.server_port
    with_mcp_http = not getattr(args, "no_mcp_http", False)
    asyncio.run(run(settings, host, port, with_mcp_http=with_mcp_http))
    return 0


async def run(settings: Settings, host: str, port: int, *, with_mcp_http: bool = True) -> None:
    async with contextlib.AsyncExitStack() as stack:
        stop = stack.enter_context(StopSignals())  # entered first: removed last
        if settings.uses_sandbox:
            await stack.enter_async_context(_sandbox(settings))
        if with_mcp_http:
            await stack.enter_async_context(_mcp_http(settings))
        runner, url = await start_site(create_app(settings), host, port)
        stack.push_async_callback(runner.cleanup)
        print(f"Daniel is ready: open {url}", flush=True)
        await stop.wait()
        log.info("stopping Daniel")
    log.info("Daniel stopped")


@contextlib.asynccontextmanager
async def _sandbox(settings: Settings) -> AsyncIterator[None]:
    from daniel.sandbox.database import SandboxDataError
    from daniel.sandbox.server import start_sandbox

    try:
        sandbox = await start_sandbox(
            settings.sandbox_data_dir,
            settings.sandbox_host,
            settings.sandbox_port,
            admin_password=settings.sandbox_admin_password.get_secret_value(),
            api_key=settings.sandbox_api_key.get_secret_value(),
            dataset=settings.sandbox_dataset,
        )
    except OSError as exc:
        raise SettingsError(
            f"the Odoo sandbox cannot listen on {settings.sandbox_host}:{settings.sandbox_port} "
            f"({exc.strerror or exc}); set SANDBOX_PORT or stop the other program"
        ) from None
    except SandboxDataError as exc:
        raise SettingsError(f"the Odoo sandbox cannot start: {exc}") from None
    log.info(
        "Odoo sandbox on %s, dataset '%s' (browse the demo data at %s/odoo)",
        sandbox.url,
        settings.sandbox_dataset,
        sandbox.url,
    )
    try:
        yield
    finally:
        await sandbox.close()


@contextlib.asynccontextmanager
async def _mcp_http(settings: Settings) -> AsyncIterator[None]:
    from daniel.mcp_odoo.core.config import ServerConfig
    from daniel.mcp_odoo.core.deps import ServerDeps
    from daniel.mcp_odoo.server import create_server
    from daniel.mcp_odoo.transport.http import build_http_app, check_exposure, needs_bearer
    from daniel.server_avatar.tools.mcp_client import route_library_logs_to_root

    token = settings.mcp_token.get_secret_value() if settings.mcp_token else None
    check_exposure(settings.mcp_host, token, settings.mcp_auth)
    deps = ServerDeps(ServerConfig.from_settings(settings))
    app = build_http_app(
        create_server(deps=deps),
        token=token,
        deps=deps,
        require_bearer=needs_bearer(token, settings.mcp_auth),
    )
    route_library_logs_to_root()
    config = uvicorn.Config(
        app,
        host=settings.mcp_host,
        port=settings.mcp_port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = QuietUvicorn(config)
    task = asyncio.create_task(server.serve(), name="mcp-http")
    try:
        await _until_started(server, task)
        log.info(
            "MCP server for other clients: http://%s:%s/mcp", settings.mcp_host, settings.mcp_port
        )
        yield
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError, SystemExit):
            await asyncio.wait_for(task, 10)


async def _until_started(server: uvicorn.Server, task: asyncio.Task[None]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MCP_START_TIMEOUT
    while not server.started:
        if task.done() or loop.time() > deadline:
            with contextlib.suppress(BaseException):
                task.cancel()
                await task
            raise SettingsError(
                "the MCP HTTP server did not start (is the port in use? set MCP_PORT, "
                "or use --no-mcp-http)"
            )
        await asyncio.sleep(0.05)


class QuietUvicorn(uvicorn.Server):
    """uvicorn without its own signal handlers: the launcher owns Ctrl-C."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
