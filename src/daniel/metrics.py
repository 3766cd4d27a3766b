"""Prometheus metrics of every Daniel process, served at `GET /metrics`.

One registry per process (`REGISTRY`) holds the Daniel metrics below plus the standard
`process_*` series (CPU seconds, resident memory, open file descriptors) of
prometheus-client's process collector. Names follow Prometheus conventions: a `daniel_`
prefix, base units (`_seconds`), `_total` on counters, and labels drawn from small fixed
sets. Free-form label values (operation and tool names, message types) are bounded: past
`MAX_LABEL_VALUES` distinct values per label, or for anything that does not look like an
identifier, the value recorded is `other`, so a hostile client cannot grow the series.

Turn latencies, outside calls and MCP tool calls carry a `tenant` label: the tenant's
name in `TENANTS` (`default` without it; an MCP server's own `MCP_TENANT`). Only the
names given to `configure_tenants` at start-up (and `default`) are ever recorded; any
other value is `other`. The tenant of a call is the one given explicitly, else the one
of the current context (`tenant_scope`: the avatar server sets it for each
conversation, the MCP server for each request).

The call sites use the small API below, never the metric objects:

    ws_message("in", "user.text")            one WebSocket message (binary frames: "audio")
    track_ws_connection(), track_session()   gauges of open connections / live sessions
    set_active_sessions(n)                   ... or set from an authoritative count
    record_turn_marks(marks, tenant)         a `latency` message's marks, ms since user_end
    configure_tenants(names), tenant_scope(name)  the tenants labels may name; the current one
    observe_call("odoo", "search_read")      times a call to an outside service, counts errors
    observe_tool("crm_pipeline_summary")     one MCP tool call, on the MCP server side
    set_breaker_state("odoo", state)         used by `daniel.resilience.CircuitBreaker`
    set_dependency_up("odoo", True)          the last health probe of a dependency

`metrics_handler` serves the exposition from aiohttp, `metrics_route` from Starlette
(FastMCP's `custom_route`).
"""

from __future__ import annotations

import contextvars
import enum
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Final, Literal, get_args

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.exposition import choose_encoder
from prometheus_client.process_collector import ProcessCollector

from daniel import __version__

if TYPE_CHECKING:
    from aiohttp import web
    from fastmcp.server.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import Response

Service = Literal["odoo", "mcp", "elevenlabs", "heygen", "liveavatar", "llm", "stt", "tts"]
Direction = Literal["in", "out"]
TurnStage = Literal["transcript_final", "first_text", "first_audio", "end"]
ErrorStage = Literal["protocol", "session", "stt", "brain", "tts", "avatar", "mcp", "odoo"]
RejectReason = Literal[
    "capacity", "unauthorized", "origin", "host", "limit", "start_timeout", "busy"
]

SERVICES: Final[tuple[str, ...]] = get_args(Service)
TURN_STAGES: Final[tuple[str, ...]] = get_args(TurnStage)
ERROR_STAGES: Final[tuple[str, ...]] = get_args(ErrorStage)

#: Every message type of docs/protocol.md, both directions; binary audio frames are "audio".
WS_MESSAGE_TYPES: Final = frozenset(
    {
        "session.start", "session.stop", "user.text", "audio.start", "audio.end",
        "interrupt", "confirm", "lang", "ping",
        "session.ready", "state", "turn.start", "transcript", "agent.delta", "agent.text",
        "tool", "confirm.request", "confirm.result", "speech.segment", "speech.segment.end",
        "interrupted", "turn.end", "latency", "avatar.session", "notice", "error", "pong",
        "audio",
    }
)  # fmt: skip
OTHER: Final = "other"
MAX_LABEL_VALUES: Final = 64
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class BreakerState(enum.IntEnum):
    """Circuit breaker states as exported by `daniel_circuit_breaker_state`."""

    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """One Daniel metric as an operator sees it (the source of docs/operations.md's table)."""

    name: str  # as exposed: counters end in _total, info metrics in _info
    kind: Literal["counter", "gauge", "histogram", "info"]
    labels: tuple[str, ...]
    help: str

    @property
    def series(self) -> tuple[str, ...]:
        """Every sample name this metric exposes."""
        if self.kind == "histogram":
            return tuple(f"{self.name}{suffix}" for suffix in ("_bucket", "_count", "_sum"))
        return (self.name,)


REGISTRY: Final = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
CATALOG: Final[list[MetricInfo]] = []

_LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 30.0)
_CALL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _counter(name: str, help_: str, labels: tuple[str, ...] = ()) -> Counter:
    CATALOG.append(MetricInfo(name, "counter", labels, help_))
    return Counter(name, help_, labels, registry=REGISTRY)


def _gauge(name: str, help_: str, labels: tuple[str, ...] = ()) -> Gauge:
    CATALOG.append(MetricInfo(name, "gauge", labels, help_))
    return Gauge(name, help_, labels, registry=REGISTRY)


def _histogram(
    name: str, help_: str, labels: tuple[str, ...], buckets: tuple[float, ...]
) -> Histogram:
    CATALOG.append(MetricInfo(name, "histogram", labels, help_))
    return Histogram(name, help_, labels, buckets=buckets, registry=REGISTRY)


_BUILD_HELP = "Daniel version running in this process."
BUILD_INFO: Final = Info("daniel_build", _BUILD_HELP, registry=REGISTRY)
CATALOG.append(MetricInfo("daniel_build_info", "info", ("version",), _BUILD_HELP))
BUILD_INFO.info({"version": __version__})

WS_MESSAGES: Final = _counter(
    "daniel_ws_messages_total",
    "WebSocket messages by direction (in: from browsers, out: to browsers) and protocol type.",
    ("direction", "type"),
)
WS_CONNECTIONS: Final = _gauge("daniel_ws_connections", "WebSocket connections open now.")
SESSIONS_ACTIVE: Final = _gauge(
    "daniel_sessions_active",
    "Conversation sessions alive now (one per WebSocket after session.start), per tenant.",
    ("tenant",),
)
SESSIONS_REJECTED: Final = _counter(
    "daniel_sessions_rejected_total",
    "Sessions refused: capacity (SERVER_MAX_SESSIONS reached), unauthorized, origin, host, "
    "limit (per person or address), start_timeout; and questions answered busy (the "
    "process had fallen behind).",
    ("reason",),
)
USER_ERRORS: Final = _counter(
    "daniel_user_errors_total",
    "`error` messages sent to users, by stage (protocol, session, stt, brain, tts, ...).",
    ("stage", "tenant"),
)
TURN_LATENCY: Final = _histogram(
    "daniel_turn_latency_seconds",
    "Time from the end of user input to each stage of the turn.",
    ("stage", "tenant"),
    _LATENCY_BUCKETS,
)
CALL_DURATION: Final = _histogram(
    "daniel_external_call_duration_seconds",
    "Duration of calls to outside services (Odoo, MCP, vendors), failed ones included.",
    ("service", "operation", "tenant"),
    _CALL_BUCKETS,
)
CALL_ERRORS: Final = _counter(
    "daniel_external_call_errors_total",
    "Failed calls to outside services; kind is timeout, unavailable or error.",
    ("service", "operation", "kind", "tenant"),
)
MCP_TOOL_CALLS: Final = _counter(
    "daniel_mcp_tool_calls_total",
    "MCP tool calls served; outcome is ok, refused (bad arguments, denied) or error.",
    ("tool", "outcome", "tenant"),
)
MCP_TOOL_DURATION: Final = _histogram(
    "daniel_mcp_tool_duration_seconds",
    "Duration of MCP tool calls served, Odoo round trips included.",
    ("tool", "tenant"),
    _CALL_BUCKETS,
)
BREAKER_STATE: Final = _gauge(
    "daniel_circuit_breaker_state",
    "Circuit breaker state per protected service: 0 closed, 1 half-open, 2 open.",
    ("breaker",),
)
DEPENDENCY_UP: Final = _gauge(
    "daniel_dependency_up",
    "1 if the last health probe of a dependency (e.g. odoo) succeeded, else 0.",
    ("service",),
)

#: Series the process collector adds to every Daniel process.
PROCESS_SERIES: Final = (
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_virtual_memory_bytes",
    "process_open_fds",
    "process_max_fds",
    "process_start_time_seconds",
)


# ----------------------------------------------------------------------- label bounds
_seen: dict[str, set[str]] = {}
_seen_lock = threading.Lock()


def bounded_label(kind: str, value: str) -> str:
    """`value` if it is an identifier and among the first `MAX_LABEL_VALUES` seen, else other."""
    if not _IDENTIFIER.match(value):
        return OTHER
    with _seen_lock:
        seen = _seen.setdefault(kind, set())
        if value in seen:
            return value
        if len(seen) >= MAX_LABEL_VALUES:
            return OTHER
        seen.add(value)
        return value


# ----------------------------------------------------------------------- tenants
DEFAULT_TENANT: Final = "default"
_tenants: frozenset[str] = frozenset({DEFAULT_TENANT})
_current_tenant: contextvars.ContextVar[str] = contextvars.ContextVar(
    "daniel_metrics_tenant", default=DEFAULT_TENANT
)


def configure_tenants(names: Iterable[str]) -> None:
    """The tenant names labels may carry (start-up code: `TENANTS`, or `MCP_TENANT`)."""
    global _tenants
    _tenants = frozenset(names) | {DEFAULT_TENANT}


def tenant_label(name: str | None = None) -> str:
    """`name` (default: the current context's tenant) if configured, else `other`."""
    value = _current_tenant.get() if name is None else name
    return value if value in _tenants else OTHER


@contextmanager
def tenant_scope(name: str) -> Iterator[None]:
    """Calls observed inside count for tenant `name` (also in tasks started inside)."""
    token = _current_tenant.set(name or DEFAULT_TENANT)
    try:
        yield
    finally:
        _current_tenant.reset(token)


def _service(service: str) -> str:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    return service


# ----------------------------------------------------------------------- WebSocket
def ws_message(direction: Direction, type_: str) -> None:
    """Count one WebSocket message; unknown types count as `other`."""
    WS_MESSAGES.labels(direction, type_ if type_ in WS_MESSAGE_TYPES else OTHER).inc()


@contextmanager
def track_ws_connection() -> Iterator[None]:
    """`with track_ws_connection():` around the life of one WebSocket."""
    WS_CONNECTIONS.inc()
    try:
        yield
    finally:
        WS_CONNECTIONS.dec()


@contextmanager
def track_session(tenant: str | None = None) -> Iterator[None]:
    """`with track_session():` around the life of one conversation session."""
    gauge = SESSIONS_ACTIVE.labels(tenant_label(tenant))
    gauge.inc()
    try:
        yield
    finally:
        gauge.dec()


def set_ws_connections(count: int) -> None:
    """Set the connections gauge from an authoritative count (instead of the context manager)."""
    WS_CONNECTIONS.set(count)


def set_active_sessions(by_tenant: Mapping[str, int]) -> None:
    """Set the sessions gauge from an authoritative count per tenant (`SessionStore`);
    tenants seen before and absent now go to zero."""
    counts: dict[str, int] = {}
    for tenant, count in by_tenant.items():
        label = tenant_label(tenant)
        counts[label] = counts.get(label, 0) + count
    for label in _sessions_seen - counts.keys():
        SESSIONS_ACTIVE.labels(label).set(0)
    for label, count in counts.items():
        SESSIONS_ACTIVE.labels(label).set(count)
    _sessions_seen.update(counts)


_sessions_seen: set[str] = set()


def session_rejected(reason: RejectReason) -> None:
    SESSIONS_REJECTED.labels(reason).inc()


def user_error(stage: ErrorStage) -> None:
    """Count one `error` message sent to a user."""
    USER_ERRORS.labels(stage if stage in ERROR_STAGES else OTHER, tenant_label()).inc()


def record_turn_marks(marks: Mapping[str, int | float], tenant: str | None = None) -> None:
    """Observe a turn's latency marks (ms since the end of user input, as in `latency`)."""
    label = tenant_label(tenant)
    for stage in TURN_STAGES:
        value = marks.get(stage)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            TURN_LATENCY.labels(stage, label).observe(value / 1000.0)


# ----------------------------------------------------------------------- outside calls
def error_kind(exc: BaseException) -> str:
    """The `kind` label of a failed call: timeout, unavailable or error.

    Decided by type, without importing the clients: `TimeoutError` or a class named
    `*Timeout*` is a timeout; `ConnectionError`, a class named `*Connection*` or
    `*Unavailable*`, or an exception with `unavailable = True` (an open circuit) means the
    service could not be reached; anything else (an answer we could not use) is an error.
    """
    name = type(exc).__name__
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return "timeout"
    if isinstance(exc, ConnectionError) or getattr(exc, "unavailable", False):
        return "unavailable"
    if "Connection" in name or "Unavailable" in name:
        return "unavailable"
    return "error"


#: (service, operation, tenant) -> (service, bounded operation, duration histogram
#: child): the label checks and `labels()` lookups are done once per triple, not per call.
_call_children: dict[tuple[str, str, str], tuple[str, str, Histogram]] = {}


def _call_series(service: str, operation: str, tenant: str) -> tuple[str, str, Histogram]:
    found = _call_children.get((service, operation, tenant))
    if found is None:
        checked = _service(service)
        bounded = bounded_label(f"operation:{service}", operation)
        found = (checked, bounded, CALL_DURATION.labels(checked, bounded, tenant))
        if len(_call_children) < 4 * MAX_LABEL_VALUES * len(SERVICES) * len(_tenants):
            _call_children[(service, operation, tenant)] = found
    return found


class CallObserver:
    """Times one call and counts its failure; usable with `with` and `async with`.

    Cancellation (barge-in) is neither a success nor a failure: nothing is recorded.
    Exceptions listed in `not_errors` (e.g. "record not found") count as answered calls.
    """

    __slots__ = ("_duration", "_not_errors", "_operation", "_service", "_start", "_tenant")

    def __init__(
        self,
        service: str,
        operation: str,
        not_errors: tuple[type[BaseException], ...],
        tenant: str | None = None,
    ) -> None:
        self._tenant = tenant_label(tenant)
        self._service, self._operation, self._duration = _call_series(
            service, operation, self._tenant
        )
        self._not_errors = not_errors
        self._start = 0.0

    def __enter__(self) -> CallObserver:
        self._start = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and not isinstance(exc, Exception):
            return  # CancelledError, KeyboardInterrupt: the call did not finish
        self._duration.observe(time.perf_counter() - self._start)
        if exc is not None and not isinstance(exc, self._not_errors):
            kind = error_kind(exc)
            CALL_ERRORS.labels(self._service, self._operation, kind, self._tenant).inc()

    async def __aenter__(self) -> CallObserver:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)


def observe_call(
    service: Service,
    operation: str,
    *,
    not_errors: tuple[type[BaseException], ...] = (),
    tenant: str | None = None,
) -> CallObserver:
    """`async with observe_call("heygen", "new_session"):` around one outside call.

    `operation` is a short fixed name (an Odoo method, a vendor endpoint, an MCP tool
    name), never a URL, model id or user text. `tenant`: the current context's if None.
    """
    return CallObserver(service, operation, not_errors, tenant)


def record_tool_call(
    tool: str,
    outcome: Literal["ok", "refused", "error"],
    seconds: float,
    tenant: str | None = None,
) -> None:
    """One MCP tool call served (`tool` is bounded; pass "unknown" for unknown tools)."""
    name = bounded_label("tool", tool)
    label = tenant_label(tenant)
    MCP_TOOL_DURATION.labels(name, label).observe(seconds)
    MCP_TOOL_CALLS.labels(name, outcome, label).inc()


@contextmanager
def observe_tool(tool: str, *, refused: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Around one MCP tool call on the server: duration and outcome ok/refused/error."""
    start = time.perf_counter()
    outcome: Literal["ok", "refused", "error"] = "ok"
    try:
        yield
    except Exception as exc:
        outcome = "refused" if isinstance(exc, refused) else "error"
        raise
    finally:
        record_tool_call(tool, outcome, time.perf_counter() - start)


def tool_outcome(exc: BaseException) -> Literal["refused", "error"]:
    """How a failed MCP tool call counts, from the exception FastMCP saw.

    Refused: a `ToolError` the tool raised itself, bad arguments, or a `ToolError` wrapping
    an error that says a retry cannot help (`retryable = False`: a validation or access
    refusal from Odoo). Error: anything else, e.g. a crash FastMCP wrapped in a `ToolError`,
    or Odoo unreachable.
    """
    from fastmcp.exceptions import FastMCPError, ToolError
    from fastmcp.exceptions import ValidationError as ArgumentsError
    from pydantic import ValidationError

    if isinstance(exc, ArgumentsError | ValidationError):
        return "refused"
    if isinstance(exc, ToolError):
        cause = exc.__cause__
        if cause is None or isinstance(cause, FastMCPError | ValidationError):
            return "refused"
        return "refused" if getattr(cause, "retryable", None) is False else "error"
    return "error"


def mcp_tool_metrics_middleware(tenant: str | None = None) -> Middleware:
    """A FastMCP middleware recording every tool call: `FastMCP(..., middleware=[...])`.

    Outcomes as `tool_outcome` decides. Calls to a tool the server does not have are
    recorded under the tool name `unknown`. `tenant`: the one the server serves; the
    Odoo calls a tool makes count for it too.
    """
    from fastmcp.exceptions import NotFoundError
    from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
    from fastmcp.tools import ToolResult
    from mcp_types import CallToolRequestParams

    class ToolMetricsMiddleware(Middleware):
        async def on_call_tool(
            self,
            context: MiddlewareContext[CallToolRequestParams],
            call_next: CallNext[CallToolRequestParams, ToolResult],
        ) -> ToolResult:
            start = time.perf_counter()
            tool = context.message.name
            with tenant_scope(tenant or _current_tenant.get()):
                try:
                    result = await call_next(context)
                except NotFoundError:
                    record_tool_call("unknown", "refused", time.perf_counter() - start, tenant)
                    raise
                except Exception as exc:
                    outcome = tool_outcome(exc)
                    record_tool_call(tool, outcome, time.perf_counter() - start, tenant)
                    raise
            record_tool_call(tool, "ok", time.perf_counter() - start, tenant)
            return result

    return ToolMetricsMiddleware()


def set_breaker_state(breaker: str, state: BreakerState) -> None:
    BREAKER_STATE.labels(bounded_label("breaker", breaker)).set(int(state))


def set_dependency_up(service: Service, up: bool) -> None:
    DEPENDENCY_UP.labels(_service(service)).set(1 if up else 0)


# ----------------------------------------------------------------------- exposition
def render(accept: str | None = None) -> tuple[bytes, str]:
    """The exposition body and its content type, negotiated from an Accept header.

    A few hundred series render in well under a millisecond: fine on the event loop.
    """
    encoder, content_type = choose_encoder(accept or "")
    return encoder(REGISTRY), content_type


async def metrics_handler(request: web.Request) -> web.Response:
    """aiohttp handler: `app.router.add_get("/metrics", metrics_handler)`."""
    from aiohttp import web

    body, content_type = render(request.headers.get("Accept"))
    return web.Response(body=body, headers={"Content-Type": content_type})


async def metrics_route(request: Request) -> Response:
    """Starlette endpoint: `server.custom_route("/metrics", methods=["GET"])(metrics_route)`."""
    from starlette.responses import Response

    body, content_type = render(request.headers.get("accept"))
    return Response(content=body, headers={"Content-Type": content_type})


# ----------------------------------------------------------------------- documentation
def markdown_table() -> str:
    """The metrics table of docs/operations.md (`python -m daniel.metrics` prints it)."""
    lines = ["| metric | type | labels | meaning |", "|---|---|---|---|"]
    for info in CATALOG:
        labels = ", ".join(f"`{label}`" for label in info.labels) or "–"
        lines.append(f"| `{info.name}` | {info.kind} | {labels} | {info.help} |")
    lines.append(
        "| `process_*` | gauge/counter | – | CPU seconds, resident and virtual memory, open "
        "file descriptors, start time (prometheus-client's process collector). |"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
