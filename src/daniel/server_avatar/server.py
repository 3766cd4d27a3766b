"""The avatar server: `create_app()` and `serve()` (the seed's `server.py`).

`create_app(settings)` builds the aiohttp application: routes (front end, `/ws`,
`/health`, `/api/config`), security headers, and one lifecycle context that creates the
process-wide resources at start-up and closes them at shutdown: the one aiohttp
`ClientSession`, the MCP client (in-process MCP server by default), the OpenAI-compatible
clients, the assistant prompt, the provider registry, the session store and the latency
recorder. Settings are checked at start-up; optional providers that cannot work degrade
with one log line each.

`serve()` serves until Ctrl-C / SIGTERM (`daniel serve` runs it, in one process or in
`--workers N`, see `workers.py`). SIGTERM drains: the port stops accepting,
`/health` answers 503, turns in progress finish (`SERVER_DRAIN_SECONDS`), every browser
is told to reconnect (`server.reconnect`; with `REDIS_URL` its conversation resumes on
another replica), then every resource is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from daniel import metrics
from daniel.admin import add_admin
from daniel.logs import REQUEST_ID_HEADER, request_id_from, request_id_var
from daniel.mcp_odoo.core.config import ServerConfig
from daniel.mcp_odoo.core.identity import GatewayPool
from daniel.server_avatar.app_state import STATE, ServerState
from daniel.server_avatar.assistant_prompt import load_prompt
from daniel.server_avatar.auth.access import Access
from daniel.server_avatar.auth.guard import exposure_problem
from daniel.server_avatar.auth.logins import Login
from daniel.server_avatar.auth.routes import access_middleware, add_auth_routes
from daniel.server_avatar.auth.tenants import Tenant, check_mcp_urls, tenants_from
from daniel.server_avatar.config import ServerTuning, check_settings
from daniel.server_avatar.handlers.http_handler import add_routes
from daniel.server_avatar.handlers.websocket_handler import websocket_handler
from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.provider_status import probe_providers
from daniel.server_avatar.security import add_security_headers
from daniel.server_avatar.services.base import ProviderError, ToolRunner
from daniel.server_avatar.services.provider_registry import ProviderOverrides, Registry
from daniel.server_avatar.services.shared import SharedServices
from daniel.server_avatar.session_store import SessionStore
from daniel.server_avatar.shared_state import MemoryState, SharedState
from daniel.server_avatar.shared_state_redis import RedisState
from daniel.server_avatar.tools.mcp_client import McpToolRunner, build_client, build_inprocess
from daniel.settings import Settings, SettingsError
from daniel.understanding.engine import invalidate_shared_indexes

log = logging.getLogger("daniel.server_avatar")

SWEEP_SECONDS = 30.0
#: A process says it is alive this often (its conversations are handed over, not taken).
BEAT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class AppOptions:
    """What `create_app` may be given besides settings (tests, embedding)."""

    tuning: ServerTuning = field(default_factory=ServerTuning)
    overrides: ProviderOverrides | None = None
    #: An already-open tool runner to use instead of building one from the settings.
    tools: ToolRunner | None = None
    recorder: LatencyRecorder | None = None
    probe_providers: bool = True


def create_app(settings: Settings, options: AppOptions | None = None) -> web.Application:
    opts = options or AppOptions()
    app = web.Application(
        client_max_size=64 * 1024, middlewares=[request_id_middleware, access_middleware]
    )

    async def headers(request: web.Request, response: web.StreamResponse) -> None:
        add_security_headers(request, response, settings)

    app.on_response_prepare.append(headers)
    app.router.add_get("/ws", websocket_handler)
    app.router.add_get("/metrics", metrics.metrics_handler)
    add_auth_routes(app)
    add_routes(app)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        async with _resources(settings, opts) as state:
            app[STATE] = state
            yield

    add_admin(app, settings)  # before `lifecycle`: its database outlives the sessions
    app.cleanup_ctx.append(lifecycle)
    return app


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def request_id_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every log line of a request (and of a WebSocket's whole life) carries its id."""
    rid = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    token = request_id_var.set(rid)
    try:
        response = await handler(request)
        if not response.prepared:
            response.headers[REQUEST_ID_HEADER] = rid
        return response
    finally:
        request_id_var.reset(token)


@contextlib.asynccontextmanager
async def _resources(settings: Settings, opts: AppOptions) -> AsyncIterator[ServerState]:
    for warning in check_settings(settings):
        log.warning("%s", warning)
    own_tools = opts.tools is None
    tenants = tenants_from(settings)
    metrics.configure_tenants(tenants)  # the only tenant names metrics may carry
    if opts.tools is None:
        check_mcp_urls(settings, tenants)
    people: dict[str, GatewayPool] = {}
    runners: dict[str, ToolRunner] = {}
    timeouts = {
        "call_timeout": opts.tuning.mcp_call_timeout,
        "write_settle": opts.tuning.write_settle_seconds,
    }
    for name, tenant in tenants.items():
        if opts.tools is not None:
            runners[name] = opts.tools
        elif settings.mcp_connection == "inprocess":
            client, deps = build_inprocess(
                tenant.settings, ServerConfig.from_settings(tenant.settings, tenant.connection)
            )
            people[name] = deps.people
            runners[name] = McpToolRunner(client, **timeouts)
        else:
            remote = McpToolRunner(build_client(tenant.settings), **timeouts)
            remote.tenant = name if settings.tenants else None  # named in each call's _meta
            runners[name] = remote
    tools: ToolRunner = next(iter(runners.values()))
    shared_state = _shared_state(settings)
    await shared_state.start()
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60, connect=10))
    sweeper: asyncio.Task[None] | None = None
    watcher: asyncio.Task[None] | None = None
    shared: SharedServices | None = None
    store: SessionStore | None = None
    try:
        prompt = await asyncio.to_thread(load_prompt)
        shared = SharedServices(
            settings,
            http=http,
            tools=tools,
            prompt=prompt,
            tuning=opts.tuning,
        )
        registry = Registry(shared, opts.overrides)
        store = SessionStore(settings.server_max_sessions, opts.tuning.resume_seconds, shared_state)
        state = ServerState(
            settings, opts.tuning, shared, registry, store, opts.recorder or LatencyRecorder()
        )
        state.shared_state = shared_state
        if settings.server_secret_key is not None:  # the same on every replica
            secret = settings.server_secret_key.get_secret_value().encode()
            state.secret_key = hashlib.sha256(b"daniel-confirmation-ids-v1\0" + secret).digest()
        state.recorder.add_listener(lambda turn: metrics.record_turn_marks(turn.marks))
        state.access = _access(state, tenants, runners, people, http)
        for runner in runners.values():
            if isinstance(runner, McpToolRunner):
                try:
                    await runner.start()
                    log.info("MCP connection: %s", settings.mcp_connection)
                except ProviderError as exc:
                    log.error("MCP unreachable (%s): conversations cannot use Odoo", exc.message)
        if opts.probe_providers:
            state.providers = await probe_providers(state)
        else:
            state.providers = await probe_providers(state, quick=True)
        sweeper = asyncio.create_task(_sweep(state))
        watcher = asyncio.create_task(state.gate.watch())
        yield state
    finally:
        for task in (sweeper, watcher):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if store is not None:
            await store.close_all()
        await _stop_leftover_remote_avatars()
        if shared is not None:
            await shared.aclose()
        if own_tools:
            for runner in runners.values():
                if isinstance(runner, McpToolRunner):
                    await runner.close()
        await http.close()
        await shared_state.aclose()


def _shared_state(settings: Settings) -> SharedState:
    """Redis with `REDIS_URL` (refused without a shared `SERVER_SECRET_KEY`), else memory."""
    url = settings.redis_url.get_secret_value() if settings.redis_url else None
    if url and settings.auth == "odoo" and settings.server_secret_key is None:
        raise SettingsError(
            "REDIS_URL shares logins between processes: set SERVER_SECRET_KEY (the same on "
            "every replica) so each can open the sealed Odoo credentials"
        )
    shared: SharedState = RedisState(url) if url else MemoryState()
    shared.listen(_names_changed)
    return shared


def _names_changed(kind: str, _value: str) -> None:
    if kind == "names":  # a change applied by another process: reload names before use
        invalidate_shared_indexes()


def _access(
    state: ServerState,
    tenants: dict[str, Tenant],
    runners: dict[str, ToolRunner],
    people: dict[str, GatewayPool],
    http: aiohttp.ClientSession,
) -> Access:
    """Who may use the server; an ended login ends its conversations and Odoo link."""
    access = Access(state.settings, tenants, runners, http, state.shared_state)
    closing: set[asyncio.Task[None]] = set()

    def ended(record: Login) -> None:
        if not access.logins.still_used(record.tenant, record.login):
            pool = people.get(record.tenant)
            if pool is not None:
                pool.forget(record.login)
        task = asyncio.get_running_loop().create_task(
            state.store.drop_owner(access.owner_of(record))
        )
        closing.add(task)
        task.add_done_callback(closing.discard)

    access.logins.on_end.append(ended)
    return access


async def _stop_leftover_remote_avatars() -> None:
    """Remote avatar sessions bill until stopped: stop any a cancelled session left."""
    try:
        from daniel.server_avatar.services.remote_sessions import stop_all_remote_sessions
    except ImportError:  # pragma: no cover - the vendor package is part of the tree
        return
    try:
        await asyncio.wait_for(stop_all_remote_sessions(), 15)
    except Exception as exc:
        log.warning("could not stop every remote avatar session: %s", exc)


async def _sweep(state: ServerState) -> None:
    beats = 0
    while True:
        await asyncio.sleep(min(SWEEP_SECONDS, BEAT_SECONDS))
        beats += 1
        if state.shared_state.shared:
            with contextlib.suppress(Exception):
                await state.shared_state.beat()
        if beats * BEAT_SECONDS < SWEEP_SECONDS:
            continue
        beats = 0
        await state.store.sweep()
        if state.access is not None:
            state.access.logins.sweep()
            await state.access.renew()


# --------------------------------------------------------------------------- running
async def start_site(
    app: web.Application, host: str, port: int, *, reuse_port: bool = False
) -> tuple[web.AppRunner, str]:
    """Start serving `app`; returns the runner (for cleanup) and the URL to open.
    `reuse_port`: several worker processes listen on the same port (SO_REUSEPORT)."""
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None)
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise SettingsError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    return runner, f"http://{shown}:{port}"


class StopSignals:
    """SIGINT/SIGTERM (Ctrl-C) set an event instead of raising KeyboardInterrupt.

    The handlers stay installed until the `with` block ends, so a second Ctrl-C during
    the shutdown is absorbed instead of interrupting the cleanup with a traceback.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._installed: list[signal.Signals] = []

    def __enter__(self) -> StopSignals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._event.set)
                self._installed.append(sig)
        return self

    def __exit__(self, *exc: object) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._installed:
            loop.remove_signal_handler(sig)
        self._installed.clear()

    async def wait(self) -> None:
        await self._event.wait()


def bound_addresses(runner: web.AppRunner) -> list[str]:
    """The addresses the server actually listens on."""
    return [str(a[0]) for a in runner.addresses if isinstance(a, tuple) and a]


async def serve(settings: Settings, host: str, port: int, *, reuse_port: bool = False) -> None:
    with StopSignals() as stop:
        app = create_app(settings)
        runner, url = await start_site(app, host, port, reuse_port=reuse_port)
        problem = exposure_problem(settings, bound_addresses(runner))
        if problem is not None:
            await runner.cleanup()
            raise SettingsError(problem)
        access = app[STATE].access
        if access is not None:
            access.bound_to(host)
        if settings.auth == "none":
            log.warning(
                "AUTH=none: no login; everyone who reaches %s uses Odoo as %s",
                url,
                settings.odoo_user or "the sandbox's admin",
            )
        log.info("avatar server ready: open %s", url)
        try:
            await stop.wait()
            await drain(runner, app[STATE])
        finally:
            await runner.cleanup()


async def drain(runner: web.AppRunner, state: ServerState) -> None:
    """Stop accepting, let turns finish, tell every browser to reconnect."""
    seconds = state.settings.server_drain_seconds
    log.info(
        "draining: finishing turns (at most %.0f s), then asking browsers to reconnect", seconds
    )
    state.draining = True
    for site in list(runner.sites):
        await site.stop()
    await state.store.drain(seconds)
    log.info("stopping the avatar server")
