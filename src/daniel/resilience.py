"""Staying useful when an outside service misbehaves: circuit breaker, retry, timeout.

    CircuitBreaker(name, failure_threshold, reset_timeout)
        closed     calls go through; consecutive service failures are counted
        open       after `failure_threshold` of them: calls fail at once with
                   `CircuitOpenError` ("<name> is temporarily unavailable") for
                   `reset_timeout` seconds, sparing the user a long wait per turn
        half-open  then one trial call goes through: success closes the circuit,
                   failure opens it again
        The state is exported as `daniel_circuit_breaker_state{breaker=name}`.

    retry(fn, attempts=, base_delay=, max_delay=, retry_on=)
        calls `fn()` again after a failure the caller names as safe to retry (idempotent
        reads, connection refused before a write was sent), sleeping a random time between
        0 and min(max_delay, base_delay * 2**n) ("full jitter"). Never retries an open
        circuit.

    with_timeout(awaitable, seconds, service=)
        raises `ServiceTimeoutError` (a `TimeoutError`) naming the service.

Errors:

    ResilienceError
    ├── CircuitOpenError      the service failed repeatedly; retryable later; `retry_in` s
    └── ServiceTimeoutError   (also a TimeoutError) no answer within the time limit

What counts as a service failure for the breaker: an exception with `retryable = True`
(the project's error trees set it), a `TimeoutError`, a `ConnectionError` or another
`OSError`. A refusal the service answered with (validation, access rights) means the
service is up, so it does not open the circuit.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import ParamSpec, TypeVar

from daniel.metrics import BreakerState, error_kind, set_breaker_state

log = logging.getLogger("daniel.resilience")

T = TypeVar("T")
P = ParamSpec("P")
RetryOn = tuple[type[BaseException], ...] | Callable[[BaseException], bool]


class ResilienceError(Exception):
    """Base of the errors raised by this module. `message` is safe to show a user."""

    retryable: bool = True

    def __init__(self, message: str, *, service: str) -> None:
        super().__init__(message)
        self.message = message
        self.service = service


class CircuitOpenError(ResilienceError):
    """The service failed repeatedly; calls fail fast until `retry_in` seconds pass."""

    unavailable = True  # daniel.metrics counts it as kind="unavailable"

    def __init__(self, service: str, retry_in: float) -> None:
        self.retry_in = max(0.0, retry_in)
        seconds = max(1, round(self.retry_in))
        super().__init__(
            f"{service} is temporarily unavailable after repeated failures; "
            f"trying again in {seconds} s",
            service=service,
        )
        self.message_es = (
            f"{service} no está disponible temporalmente tras varios fallos; "
            f"se volverá a intentar en {seconds} s"
        )

    def localized(self, lang: str) -> str:
        """The message in `es` or `en`."""
        return self.message_es if lang == "es" else self.message


class ServiceTimeoutError(ResilienceError, TimeoutError):
    """No answer from the service within the time limit."""

    def __init__(self, service: str, seconds: float) -> None:
        super().__init__(f"{service} did not answer within {seconds:g} s", service=service)
        self.seconds = seconds


def is_service_failure(exc: BaseException) -> bool:
    """True when `exc` says the service is down or too slow (see the module docstring)."""
    retryable = getattr(exc, "retryable", None)
    if isinstance(retryable, bool) and not isinstance(exc, ResilienceError):
        return retryable
    return isinstance(exc, TimeoutError | OSError)


class CircuitBreaker:
    """Fails fast while a service is down. One instance per service per process.

    Use `await breaker.call(fn, *args)` or `async with breaker: ...`. Safe for many
    concurrent tasks on one event loop (no awaits between state checks and updates).
    """

    def __init__(
        self,
        name: str,
        failure_threshold: int = 5,
        reset_timeout: float = 30.0,
        *,
        is_failure: Callable[[BaseException], bool] = is_service_failure,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if reset_timeout <= 0:
            raise ValueError("reset_timeout must be positive")
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self._is_failure = is_failure
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state = BreakerState.CLOSED
        self._trial_running = False
        set_breaker_state(name, BreakerState.CLOSED)

    @property
    def state(self) -> BreakerState:
        """The current state (an open circuit turns half-open once `reset_timeout` passed)."""
        if self._state is BreakerState.OPEN and self._retry_in() <= 0:
            self._set(BreakerState.HALF_OPEN)
        return self._state

    def _retry_in(self) -> float:
        return self._opened_at + self.reset_timeout - self._clock()

    def _set(self, state: BreakerState) -> None:
        if state is not self._state:
            log.log(
                logging.WARNING if state is BreakerState.OPEN else logging.INFO,
                "circuit %s: %s -> %s",
                self.name,
                self._state.name.lower(),
                state.name.lower(),
            )
        self._state = state
        set_breaker_state(self.name, state)

    def before_call(self) -> None:
        """Raise `CircuitOpenError` if the call must not go through; else let it."""
        state = self.state
        if state is BreakerState.OPEN:
            raise CircuitOpenError(self.name, self._retry_in())
        if state is BreakerState.HALF_OPEN:
            if self._trial_running:
                raise CircuitOpenError(self.name, self.reset_timeout)
            self._trial_running = True

    def record_success(self) -> None:
        if self._state is BreakerState.CLOSED and not self._failures and not self._trial_running:
            return  # the common case, kept cheap: nothing changes
        self._trial_running = False
        self._failures = 0
        self._set(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._trial_running = False
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or self._failures >= self.failure_threshold:
            self._opened_at = self._clock()
            self._set(BreakerState.OPEN)

    def _record(self, exc: BaseException | None) -> None:
        if exc is None:
            self.record_success()
        elif not isinstance(exc, Exception):
            self._trial_running = False  # cancelled: says nothing about the service
        elif self._is_failure(exc):
            self.record_failure()
        else:
            self.record_success()  # the service answered, even if with a refusal

    def record(self, exc: BaseException | None) -> None:
        """Record how a call let through by `before_call` ended (None: it succeeded)."""
        self._record(exc)

    async def call(self, fn: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """`await fn(*args, **kwargs)` through the breaker."""
        async with self:
            return await fn(*args, **kwargs)

    async def __aenter__(self) -> CircuitBreaker:
        self.before_call()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._record(exc)


def is_vendor_failure(exc: BaseException) -> bool:
    """Like `is_service_failure`, for HTTP clients' own errors too (openai, httpx...).

    An HTTP status decides when the error has one: 5xx, 408 and 429 are the service's
    fault, any other 4xx is the caller's. Otherwise connection errors and timeouts are.
    """
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(exc, "status", None)
    if isinstance(status, int) and not isinstance(status, bool) and status >= 400:
        return status >= 500 or status in (408, 429)
    return is_service_failure(exc) or error_kind(exc) != "error"


_BREAKERS: dict[tuple[str, str], CircuitBreaker] = {}


def breaker_for(
    name: str, target: str = "", *, failure_threshold: int = 5, reset_timeout: float = 30.0
) -> CircuitBreaker:
    """The process-wide breaker of service `name` at `target` (e.g. its base URL).

    Created on first use with `is_vendor_failure`; later calls get the same object, so
    every client of a service in the process shares what it learned.
    """
    key = (name, target)
    breaker = _BREAKERS.get(key)
    if breaker is None:
        breaker = CircuitBreaker(
            name, failure_threshold, reset_timeout, is_failure=is_vendor_failure
        )
        _BREAKERS[key] = breaker
    return breaker


def _should_retry(exc: BaseException, retry_on: RetryOn) -> bool:
    if isinstance(exc, CircuitOpenError) or not isinstance(exc, Exception):
        return False
    if isinstance(retry_on, tuple):
        return isinstance(exc, retry_on)
    return retry_on(exc)


def backoff_delay(attempt: int, base_delay: float, max_delay: float) -> float:
    """Full jitter: uniform in [0, min(max_delay, base_delay * 2**attempt)]."""
    return random.uniform(0.0, min(max_delay, base_delay * (2 ** min(attempt, 32))))


async def retry(
    fn: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    base_delay: float = 0.2,
    max_delay: float = 5.0,
    retry_on: RetryOn = is_service_failure,
    service: str = "service",
) -> T:
    """Await `fn()` up to `attempts` times while it fails with what `retry_on` accepts.

    Only for calls the caller knows are safe to repeat (reads; writes refused before
    they were sent). The last error is raised unchanged.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return await fn()
        except Exception as exc:
            if attempt + 1 >= attempts or not _should_retry(exc, retry_on):
                raise
            delay = backoff_delay(attempt, base_delay, max_delay)
            log.info(
                "%s: %s, retry %d/%d in %.2f s",
                service,
                type(exc).__name__,
                attempt + 1,
                attempts - 1,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


async def with_timeout(aw: Awaitable[T], seconds: float, *, service: str) -> T:
    """`await aw`, or raise `ServiceTimeoutError` naming `service` after `seconds`."""
    deadline = asyncio.timeout(seconds)
    try:
        async with deadline:
            return await aw
    except TimeoutError:
        if not deadline.expired():
            raise  # a timeout from inside the call, with its own message
        raise ServiceTimeoutError(service, seconds) from None


__all__: list[str] = [
    "CircuitBreaker",
    "CircuitOpenError",
    "ResilienceError",
    "ServiceTimeoutError",
    "backoff_delay",
    "breaker_for",
    "is_service_failure",
    "is_vendor_failure",
    "retry",
    "with_timeout",
]
