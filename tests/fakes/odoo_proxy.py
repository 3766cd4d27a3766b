"""A reverse proxy in front of the Odoo sandbox that sees every request Odoo gets.

It names each request by its Odoo call (`"crm.lead.search_read"`, `"common.authenticate"`,
whatever the transport: JSON-RPC, JSON-2 or XML-RPC) and can behave like the Odoo the
tests need:

- `serial=True`: one request at a time, the next waits (a real Odoo worker);
- `stall(call, seconds)`: pass the request on, then answer it `seconds` late (Odoo
  committed, the answer comes after the client gave up);
- `drop(call)`: pass the request on, then cut the connection without an answer (Odoo
  committed, then died or the network broke);
- `lose(call)`: cut the connection without passing the request on (Odoo died first);
- `down = True`: cut every connection without passing anything on (Odoo is gone);
  `down_after = call`: go down right after passing that call on.

    async with OdooProxy(sandbox.url, serial=True) as proxy:
        ... point the client at proxy.url ...
        assert proxy.calls(since=mark) == ["crm.lead.search_read"]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import xmlrpc.client
from dataclasses import dataclass
from typing import Self

import aiohttp
from aiohttp import web

_PASSED = ("content-type", "authorization", "cookie", "accept", "x-odoo-database")


@dataclass
class _Fault:
    call: str
    kind: str  # stall | drop | lose
    seconds: float
    times: int


def odoo_call(path: str, body: bytes) -> str:
    """`model.method` (or `service.method`) of one Odoo HTTP request."""
    if path.startswith("/json/2/"):
        parts = path.split("/")
        return f"{parts[3]}.{parts[4]}" if len(parts) > 4 else path
    if path == "/jsonrpc":
        with contextlib.suppress(ValueError, KeyError, TypeError, IndexError):
            params = json.loads(body)["params"]
            args = params.get("args") or []
            if params.get("service") == "object" and params.get("method") == "execute_kw":
                return f"{args[3]}.{args[4]}"
            return f"{params.get('service')}.{params.get('method')}"
    if path.startswith("/xmlrpc/"):
        with contextlib.suppress(Exception):
            args, method = xmlrpc.client.loads(body)
            if method == "execute_kw":
                return f"{args[3]}.{args[4]}"
            return f"{path.rsplit('/', 1)[-1]}.{method}"
    return path


class OdooProxy:
    def __init__(self, target: str, *, serial: bool = False) -> None:
        self.target = target.rstrip("/")
        self.serial = serial
        self.down = False
        self.down_after: str | None = None
        #: Every Odoo call passed on, in order.
        self.seen: list[str] = []
        #: Most requests being served at once (1 when `serial`).
        self.max_in_flight = 0
        self._in_flight = 0
        self._faults: list[_Fault] = []
        self._reached: dict[str, asyncio.Event] = {}
        self._lock = asyncio.Lock()
        self._http: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Self:
        self._http = aiohttp.ClientSession()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    def mark(self) -> int:
        return len(self.seen)

    def calls(self, since: int = 0) -> list[str]:
        return self.seen[since:]

    async def reached(self, call: str) -> None:
        """Return once `call` has been passed on to Odoo."""
        await self._reached.setdefault(call, asyncio.Event()).wait()

    def stall(self, call: str, seconds: float, times: int = 1) -> None:
        self._faults.append(_Fault(call, "stall", seconds, times))

    def drop(self, call: str, times: int = 1) -> None:
        self._faults.append(_Fault(call, "drop", 0.0, times))

    def lose(self, call: str, times: int = 1) -> None:
        self._faults.append(_Fault(call, "lose", 0.0, times))

    def _fault_for(self, call: str) -> _Fault | None:
        for fault in self._faults:
            if fault.call == call and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if self.down:
            return _cut(request)
        body = await request.read()
        call = odoo_call(request.path, body)
        fault = self._fault_for(call)
        if fault is not None and fault.kind == "lose":
            return _cut(request)
        if self.serial:
            async with self._lock:
                status, data, kind = await self._pass_on(request, body, call)
        else:
            status, data, kind = await self._pass_on(request, body, call)
        if self.down_after == call:
            self.down, self.down_after = True, None
        if fault is not None and fault.kind == "drop":
            return _cut(request)
        if fault is not None and fault.kind == "stall":
            await asyncio.sleep(fault.seconds)
        return web.Response(body=data, status=status, content_type=kind)

    async def _pass_on(
        self, request: web.Request, body: bytes, call: str
    ) -> tuple[int, bytes, str]:
        assert self._http is not None
        self.seen.append(call)
        self._reached.setdefault(call, asyncio.Event()).set()
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() in _PASSED}
            async with self._http.request(
                request.method, self.target + request.path_qs, data=body, headers=headers
            ) as answer:
                return answer.status, await answer.read(), answer.content_type
        finally:
            self._in_flight -= 1


def _cut(request: web.Request) -> web.StreamResponse:
    """Close the client's connection without an answer."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=502)
