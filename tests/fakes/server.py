"""The base of every fake vendor: an in-process aiohttp server on 127.0.0.1, port 0.

A fake records every request it receives (`received`, in order) and can be told to
misbehave (`fail`, `hang`) for all endpoints or one, for a number of requests:

    async with FakeHeyGen(api_key="k") as heygen:
        heygen.fail(429, endpoint="streaming.new", times=1)
        ...
        assert heygen.names() == ["streaming.create_token", "streaming.new", ...]

Subclasses register routes with `self.route(method, path, name, handler)`; the name is
what `received`, `fail` and `hang` refer to. `error_body(status)` gives the vendor's
error body for an injected failure.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Received:
    """One request as the fake saw it."""

    name: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None


@dataclass
class Fault:
    """An injected failure: an HTTP status, or never answering (`hang`)."""

    status: int | None = None
    hang: bool = False
    endpoint: str | None = None
    times: int | None = None

    def applies(self, name: str) -> bool:
        return (self.endpoint is None or self.endpoint == name) and (
            self.times is None or self.times > 0
        )


@dataclass
class _State:
    faults: list[Fault] = field(default_factory=list)


class FakeServer:
    """Starts on `start()` (or `async with`), serves until `close()`."""

    vendor = "fake"

    def __init__(self) -> None:
        self.app = web.Application(client_max_size=32 * 1024 * 1024)
        self.received: list[Received] = []
        self._state = _State()
        self._runner: web.AppRunner | None = None
        self._release = asyncio.Event()
        self.port = 0

    # --- lifecycle ------------------------------------------------------------------------
    async def start(self) -> Self:
        self._runner = web.AppRunner(self.app, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])
        return self

    async def close(self) -> None:
        self._release.set()
        await self.on_close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def on_close(self) -> None:
        """Subclasses close their WebSockets here."""

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    # --- failure switches -----------------------------------------------------------------
    def fail(self, status: int, *, endpoint: str | None = None, times: int | None = None) -> None:
        """Answer with `status` (and the vendor's error body)."""
        self._state.faults.append(Fault(status=status, endpoint=endpoint, times=times))

    def hang(self, *, endpoint: str | None = None, times: int | None = None) -> None:
        """Never answer (until the fake closes): the client must time out."""
        self._state.faults.append(Fault(hang=True, endpoint=endpoint, times=times))

    def heal(self) -> None:
        """Forget every injected failure."""
        self._state.faults.clear()

    def error_body(self, status: int) -> dict[str, Any]:
        return {"error": f"injected failure {status}"}

    # --- records --------------------------------------------------------------------------
    def names(self) -> list[str]:
        """The names of the requests received, in order."""
        return [r.name for r in self.received]

    def requests(self, name: str) -> list[Received]:
        return [r for r in self.received if r.name == name]

    # --- routing --------------------------------------------------------------------------
    def route(self, method: str, path: str, name: str, handler: Handler) -> None:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            body: Any = None
            if request.can_read_body and request.content_type == "application/json":
                try:
                    body = await request.json()
                except json.JSONDecodeError:
                    body = await request.text()
            self.received.append(
                Received(
                    name=name,
                    method=request.method,
                    path=request.path,
                    query=dict(request.query),
                    headers=dict(request.headers),
                    body=body,
                )
            )
            fault = self._take_fault(name)
            if fault is not None:
                if fault.hang:
                    await self._release.wait()
                    raise web.HTTPServiceUnavailable()
                status = fault.status or 500
                return web.json_response(self.error_body(status), status=status)
            return await handler(request)

        self.app.router.add_route(method, path, wrapped)

    def _take_fault(self, name: str) -> Fault | None:
        for fault in self._state.faults:
            if fault.applies(name):
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None


async def json_body(request: web.Request) -> dict[str, Any]:
    """The JSON object of a request (already parsed by `route`), or `{}`."""
    try:
        data = await request.json()
    except (json.JSONDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
