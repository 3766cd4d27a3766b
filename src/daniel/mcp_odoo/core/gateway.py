"""The MCP server's only way to Odoo.

`OdooGateway` owns one `OdooClient`, created lazily on the first request (the server
starts even when Odoo is down) and authenticated on demand: while Odoo is unreachable
every call fails with a clear error, and the next call after Odoo returns succeeds.
The client is bound to the event loop that created it; a call from another loop (the
avatar server embedding the MCP server, tests) gets a fresh client.

`OdooCalls` is the gateway seen from one tool call: same methods as the client, with
Odoo errors translated into tool errors in the caller's language.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.odoo_errors import AnswerLost, answer_lost, odoo_tool_error
from daniel.mcp_odoo.core.safety import check_method
from daniel.odoo import OdooClient, OdooError
from daniel.settings import OdooConnection

log = logging.getLogger("daniel.mcp_odoo.core.gateway")
T = TypeVar("T")
_WRITE_VERBS = frozenset({"create", "write", "call"})
#: The first Odoo with `web_search_read(domain, specification, ...)`.
WEB_READ_SINCE = 17

_VERBS: dict[str, dict[Lang, str]] = {
    "read": {"en": "read", "es": "leer"},
    "count": {"en": "count", "es": "contar"},
    "group": {"en": "summarize", "es": "resumir"},
    "create": {"en": "create", "es": "crear"},
    "write": {"en": "change", "es": "modificar"},
    "call": {"en": "run an action on", "es": "ejecutar una acción en"},
    "connect": {"en": "connect to", "es": "conectar con"},
}


class OdooGateway:
    """Lazily created, lazily authenticated Odoo client shared by every tool."""

    def __init__(self, connection: OdooConnection, context: dict[str, Any] | None = None) -> None:
        self.connection = connection
        #: Sent with every call (a multi-company person's chosen company).
        self.context: dict[str, Any] = dict(context or {})
        self._client: OdooClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._retired_requests = 0

    @property
    def url(self) -> str:
        return self.connection.url.rstrip("/")

    @property
    def login(self) -> str:
        return self.connection.user

    @property
    def uid(self) -> int | None:
        return self._client.uid if self._client is not None else None

    @property
    def request_count(self) -> int:
        """HTTP requests made to Odoo since this gateway was created."""
        current = self._client.request_count if self._client is not None else 0
        return self._retired_requests + current

    async def client(self) -> OdooClient:
        """The authenticated client; raises `OdooError` when Odoo cannot be used."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._new_client(loop)
        client = self._client
        assert client is not None
        assert self._lock is not None
        if client.uid is None:
            async with self._lock:
                if client.uid is None:
                    await client.authenticate()
                    log.info("connected to Odoo at %s as %s", self.url, self.login)
        return client

    def _new_client(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._client is not None:
            # Bound to another (possibly closed) loop: it cannot be closed from here.
            self._retired_requests += self._client.request_count
        self._client = OdooClient.from_connection(self.connection)
        self._client.context = dict(self.context)
        self._loop = loop
        self._lock = asyncio.Lock()

    async def health(self) -> tuple[bool, str, float]:
        """(reachable, short reason, latency in ms) from one cheap authenticated call."""
        start = time.perf_counter()
        try:
            client = await self.client()
            await client.search_count("res.users", [["id", "=", client.uid]])
        except OdooError as exc:
            reason = type(exc).__name__.removeprefix("Odoo").removesuffix("Error").lower()
            return False, f"{reason}: {exc.message[:120]}", (time.perf_counter() - start) * 1000
        return True, "ok", (time.perf_counter() - start) * 1000

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            self._retired_requests += client.request_count
            await client.close()

    def calls(self, lang: Lang) -> OdooCalls:
        return OdooCalls(self, lang)


class OdooCalls:
    """The client's methods for one tool call, Odoo errors turned into tool errors."""

    def __init__(self, gateway: OdooGateway, lang: Lang) -> None:
        self.gateway = gateway
        self.lang = lang

    async def _run(self, verb: str, model: str, fn: Callable[[OdooClient], Awaitable[T]]) -> T:
        gateway = self.gateway
        try:
            client = await gateway.client()
            return await fn(client)
        except OdooError as exc:
            action = f"{_VERBS[verb][self.lang]} {model}"
            error = odoo_tool_error(
                exc,
                lang=self.lang,
                url=gateway.url,
                user=gateway.login,
                db=gateway.connection.db,
                action=action,
            )
            if verb in _WRITE_VERBS and answer_lost(exc):
                raise AnswerLost(str(error)) from None
            raise error from None

    async def uid(self) -> int:
        client = await self._run("connect", "Odoo", _identity)
        assert client.uid is not None
        return int(client.uid)

    async def search_read(
        self,
        model: str,
        domain: list[Any] | None = None,
        fields: list[str] | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[dict[str, Any]]:
        return await self._run(
            "read",
            model,
            lambda c: c.search_read(
                model, domain or [], fields, offset=offset, limit=limit, order=order
            ),
        )

    async def web_search_read(
        self,
        model: str,
        domain: list[Any],
        specification: dict[str, Any],
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> dict[str, Any]:
        return await self._run(
            "read",
            model,
            lambda c: c.web_search_read(
                model, domain, specification, offset=offset, limit=limit, order=order
            ),
        )

    async def pages_in_one_request(self) -> bool:
        """Whether Odoo answers a page and its total at once (`web_search_read`, Odoo 17+;
        known once the client asked the server's version, as protocol `auto` does)."""
        client = await self._run("connect", "Odoo", _identity)
        version = client.server_version or ""
        major = version.split(".", 1)[0].rsplit("~", 1)[-1]
        return major.isdigit() and int(major) >= WEB_READ_SINCE

    async def read(self, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
        return await self._run("read", model, lambda c: c.read(model, ids, fields))

    async def search_count(self, model: str, domain: list[Any] | None = None) -> int:
        return await self._run("count", model, lambda c: c.search_count(model, domain or []))

    async def read_group(
        self,
        model: str,
        domain: list[Any],
        fields: list[str],
        groupby: list[str],
        *,
        orderby: str | None = None,
        lazy: bool = True,
    ) -> list[dict[str, Any]]:
        return await self._run(
            "group",
            model,
            lambda c: c.read_group(model, domain, fields, groupby, orderby=orderby, lazy=lazy),
        )

    async def fields_get(self, model: str) -> dict[str, dict[str, Any]]:
        attributes = ["string", "type", "relation", "required", "readonly", "selection", "store"]
        return await self._run("read", model, lambda c: c.fields_get(model, attributes))

    async def create(self, model: str, values: dict[str, Any]) -> int:
        created = await self._run("create", model, lambda c: c.create(model, values))
        return created if isinstance(created, int) else int(created[0])

    async def write(self, model: str, ids: list[int], values: dict[str, Any]) -> bool:
        return await self._run("write", model, lambda c: c.write(model, ids, values))

    async def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        check_method(method)
        return await self._run("call", model, lambda c: c.call(model, method, *args, **kwargs))


async def _identity(client: OdooClient) -> OdooClient:
    return client
