"""The async Odoo client: one object per Odoo server and user, safe to share across tasks.

    async with OdooClient(url, db, user, secret) as odoo:
        leads = await odoo.search_read("crm.lead", [["type", "=", "opportunity"]], ["name"])

Protocol `auto` asks the server's version once: Odoo 19+ gets JSON-2 with the secret as
API key (falling back to JSON-RPC with the secret as password if the key is refused);
older servers get JSON-RPC, which measured faster than XML-RPC for the same calls
(JSON parses cheaper than XML; see bench/odoo_client.py).

Reads (search, read, fields_get...) are retried with exponential backoff and jitter on
connection errors and timeouts only; writes and any other method never are, and Odoo
faults never are. The uid is cached; an `Access Denied` fault on a call clears it and the
call is retried once after logging in again. The secret never appears in a message or log.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp

from daniel.metrics import observe_call
from daniel.odoo.channel import HttpChannel
from daniel.odoo.errors import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooConnectionError,
    OdooError,
    OdooRequestError,
    OdooServerError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooUserError,
)
from daniel.odoo.orm import FieldsKey, OrmMethods
from daniel.odoo.transports import TRANSPORTS, JsonRpcTransport, Transport, probe_version
from daniel.odoo.transports.base import major_version
from daniel.resilience import CircuitBreaker, CircuitOpenError

if TYPE_CHECKING:
    from daniel.settings import OdooConnection

logger = logging.getLogger("daniel.odoo")

T = TypeVar("T")

PROTOCOLS = ("auto", "xmlrpc", "jsonrpc", "json2")
#: What `auto` uses below Odoo 19 (measured faster than xmlrpc, see the module docstring).
AUTO_BEFORE_JSON2 = "jsonrpc"
JSON2_SINCE = 19
#: Methods that only read: retried on connection errors and timeouts.
READ_METHODS = frozenset(
    {
        "search",
        "search_read",
        "read",
        "search_count",
        "fields_get",
        "name_search",
        "read_group",
        "web_search_read",
    }
)

_MODEL_NAME = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
_METHOD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Odoo answered, refusing what was asked: the caller's fault, not Odoo's availability.
_ANSWERED = (OdooUserError, OdooAccessError, OdooAuthenticationError, OdooUnknownFieldError)
_NO_DATABASE = re.compile(r"database [\"']?([^\"'\s]+)[\"']? (?:does not exist|not found)")


class OdooClient(OrmMethods):
    """Async client for Odoo's external API over XML-RPC, JSON-RPC or JSON-2."""

    def __init__(
        self,
        url: str,
        db: str,
        user: str,
        secret: str,
        *,
        protocol: str = "auto",
        timeout: float = 30.0,
        retries: int = 2,
        fields_ttl: float = 300.0,
        session: aiohttp.ClientSession | None = None,
        backoff: float = 0.2,
        pool_size: int = 32,
        breaker_threshold: int = 5,
        breaker_reset: float = 15.0,
    ) -> None:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)} (got {protocol!r})")
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        self._channel = HttpChannel(url, timeout=timeout, session=session, pool_size=pool_size)
        self.url = self._channel.display_url
        self.db = db
        self.user = user
        self._secret = secret
        self.requested_protocol = protocol
        self.retries = retries
        self.backoff = backoff
        self.fields_ttl = fields_ttl
        #: Context sent with every call (e.g. `allowed_company_ids`: the company a
        #: multi-company person works in); a call's own context wins over it.
        self.context: dict[str, Any] = {}
        #: The authenticated user's id, cached after the first `authenticate()`.
        self.uid: int | None = None
        #: e.g. "18.0", known after the first `version()` (auto asks it first).
        self.server_version: str | None = None
        self._version: dict[str, Any] | None = None
        self._transport: Transport | None = (
            None if protocol == "auto" else self._make_transport(protocol)
        )
        self._login_lock = asyncio.Lock()
        self._login_generation = 0
        self._fields_cache: dict[FieldsKey, tuple[float, dict[str, Any]]] = {}
        #: Opens after `breaker_threshold` calls in a row could not reach Odoo; calls then
        #: fail at once for `breaker_reset` seconds, then one trial call goes through.
        self.breaker: CircuitBreaker = CircuitBreaker("odoo", breaker_threshold, breaker_reset)

    @classmethod
    def from_connection(
        cls, conn: OdooConnection, session: aiohttp.ClientSession | None = None
    ) -> OdooClient:
        """A client for `Settings.odoo_connection()`."""
        return cls(
            conn.url,
            conn.db,
            conn.user,
            conn.secret,
            protocol=conn.protocol,
            timeout=conn.timeout,
            retries=conn.retries,
            session=session,
        )

    def __repr__(self) -> str:  # never shows the secret
        return (
            f"OdooClient(url={self.url!r}, db={self.db!r}, user={self.user!r}, "
            f"protocol={self.protocol!r})"
        )

    # --- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> OdooClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session (unless it was injected). The client can be used again."""
        await self._channel.close()

    @property
    def protocol(self) -> str:
        """The transport in use: xmlrpc, jsonrpc or json2 ("auto" until the first request)."""
        return self._transport.name if self._transport is not None else self.requested_protocol

    @property
    def request_count(self) -> int:
        """HTTP requests made so far (each retry counts)."""
        return self._channel.request_count

    # --- session ------------------------------------------------------------------------

    def _make_transport(self, name: str) -> Transport:
        return TRANSPORTS[name](self._channel, self.db, self.user, self._secret)

    async def version(self) -> dict[str, Any]:
        """`common.version` of the server (one request, then cached)."""
        if self._version is None:
            transport = self._transport
            get: Callable[[], Awaitable[dict[str, Any]]]
            if transport is not None and self.requested_protocol != "auto":
                get = transport.version
            else:
                channel = self._channel

                async def get() -> dict[str, Any]:
                    return await probe_version(channel)

            info = await self._attempt("common", "version", get, idempotent=True)
            self._version = info
            self.server_version = str(info["server_version"])
        return dict(self._version)

    async def _resolve_transport(self) -> Transport:
        if self._transport is None:
            info = await self.version()
            major = major_version(info)
            name = "json2" if major is not None and major >= JSON2_SINCE else AUTO_BEFORE_JSON2
            self._transport = self._make_transport(name)
            logger.debug(
                "odoo %s is %s: protocol auto uses %s", self.url, self.server_version, name
            )
        return self._transport

    async def authenticate(self) -> int:
        """Log in (once; the uid is cached in `uid`) and return the user id."""
        if self.uid is not None:
            return self.uid
        async with self._login_lock:
            if (cached := self._cached_uid()) is not None:
                return cached  # another task logged in meanwhile
            transport = await self._resolve_transport()
            uid = await self._login(transport)
            if uid is None and self.requested_protocol == "auto" and transport.name == "json2":
                logger.info(
                    "odoo %s refused the secret as API key; trying it as password over JSON-RPC",
                    self.url,
                )
                self._transport = transport = JsonRpcTransport(
                    self._channel, self.db, self.user, self._secret
                )
                uid = await self._login(transport)
            if uid is None:
                raise OdooAuthenticationError(
                    f"Odoo rejected the login for user {self.user!r} on database {self.db!r}: "
                    "check ODOO_USER and ODOO_PASSWORD/ODOO_API_KEY",
                    code=3,
                )
            self.uid = uid
            self._login_generation += 1
            return uid

    def _cached_uid(self) -> int | None:
        return self.uid

    async def _login(self, transport: Transport) -> int | None:
        try:
            return await self._attempt("common", "authenticate", transport.authenticate, True)
        except OdooServerError as exc:
            missing = _NO_DATABASE.search(exc.message)
            if missing is None:
                raise
            raise OdooAuthenticationError(
                f"Odoo has no database {missing.group(1)!r}: check ODOO_DB",
                debug=exc.debug,
                exception_name=exc.exception_name,
            ) from None

    # --- calls --------------------------------------------------------------------------

    async def execute_kw(
        self,
        model: str,
        method: str,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """Call `model.method(*args, **kwargs)` on Odoo as the configured user."""
        _check_names(model, method)
        call_args = list(args) if args is not None else []
        call_kwargs = dict(kwargs) if kwargs else {}
        if self.context:
            call_kwargs["context"] = {**self.context, **(call_kwargs.get("context") or {})}
        idempotent = method in READ_METHODS
        await self.authenticate()
        generation = self._login_generation
        try:
            return await self._execute(model, method, call_args, call_kwargs, idempotent)
        except OdooAuthenticationError:
            # "Access Denied" on a call: the password changed or the key was revoked.
            # Forget the uid (unless another task already logged in again) and retry once.
            if generation == self._login_generation:
                self.uid = None
            return await self._execute(model, method, call_args, call_kwargs, idempotent)

    async def _execute(
        self,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any],
        idempotent: bool,
    ) -> Any:
        uid = await self.authenticate()
        transport = self._transport
        assert transport is not None  # set by authenticate()

        async def run() -> Any:
            return await transport.execute_kw(uid, model, method, args, kwargs)

        return await self._attempt(model, method, run, idempotent)

    async def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """`execute_kw` with Python arguments, e.g. `call("sale.order", "action_confirm", [7])`.

        Over JSON-2 a method returning records answers their ids as a list, where the RPC
        protocols answer what the method returned (e.g. `message_post`: [12] vs 12).
        """
        return await self.execute_kw(model, method, list(args), kwargs)

    async def _attempt(
        self,
        model: str,
        method: str,
        operation: Callable[[], Awaitable[T]],
        idempotent: bool,
    ) -> T:
        """Run one request through the circuit breaker: fail fast while Odoo is down."""
        try:
            self.breaker.before_call()
        except CircuitOpenError as exc:
            seconds = max(1, round(exc.retry_in))
            raise OdooConnectionError(
                f"Odoo at {self.url} is not answering; retrying in {seconds} s", sent=False
            ) from None
        try:
            result = await self._send(model, method, operation, idempotent)
        except BaseException as exc:
            self.breaker.record(exc)
            raise
        self.breaker.record(None)
        return result

    async def _send(
        self,
        model: str,
        method: str,
        operation: Callable[[], Awaitable[T]],
        idempotent: bool,
    ) -> T:
        """Run one request, retrying reads on connection errors; logs model, method, time."""
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                async with observe_call("odoo", method, not_errors=_ANSWERED):
                    result = await operation()
            except OdooConnectionError as exc:
                elapsed = (time.perf_counter() - started) * 1000
                if idempotent and attempt < self.retries:
                    logger.debug(
                        "odoo %s.%s: %s after %.1f ms, retry %d of %d",
                        model,
                        method,
                        type(exc).__name__,
                        elapsed,
                        attempt + 1,
                        self.retries,
                    )
                    await asyncio.sleep(self._backoff_delay(attempt))
                    attempt += 1
                    continue
                self._log_failure(model, method, exc, elapsed)
                raise
            except OdooError as exc:
                self._log_failure(model, method, exc, (time.perf_counter() - started) * 1000)
                raise
            logger.debug(
                "odoo %s.%s via %s: %.1f ms",
                model,
                method,
                self.protocol,
                (time.perf_counter() - started) * 1000,
            )
            return result

    def _backoff_delay(self, attempt: int) -> float:
        ceiling = min(5.0, self.backoff * 2.0**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _log_failure(self, model: str, method: str, exc: OdooError, elapsed: float) -> None:
        self._scrub(exc)
        logger.debug(
            "odoo %s.%s via %s failed after %.1f ms: %s",
            model,
            method,
            self.protocol,
            elapsed,
            type(exc).__name__,
        )

    def _scrub(self, exc: OdooError) -> None:
        """Remove the secret from an error, should Odoo ever echo it."""
        if len(self._secret) < 4:
            return
        if self._secret in exc.message:
            exc.message = exc.message.replace(self._secret, "****")
            exc.args = (exc.message,)
        if exc.debug and self._secret in exc.debug:
            exc.debug = exc.debug.replace(self._secret, "****")


def _check_names(model: Any, method: Any) -> None:
    """Refuse private methods and malformed names before anything is sent."""
    if not isinstance(method, str) or not method:
        raise OdooRequestError("the method name must be a non-empty string")
    if method.startswith("_"):
        raise OdooAccessError(
            f"Private methods (such as {method}) cannot be called remotely.",
            exception_name="odoo.exceptions.AccessError",
        )
    if not _METHOD_NAME.match(method):
        raise OdooRequestError(f"{method!r} is not a valid method name")
    if not isinstance(model, str) or not _MODEL_NAME.match(model):
        raise OdooUnknownModelError(f"{model!r} is not a valid Odoo model name")
