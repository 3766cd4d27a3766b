"""Circuit breaker, retry and timeout on a real clock, scaled down to milliseconds."""

from __future__ import annotations

import asyncio
import time

import pytest

from daniel.metrics import REGISTRY
from daniel.resilience import (
    CircuitBreaker,
    CircuitOpenError,
    ServiceTimeoutError,
    backoff_delay,
    retry,
    with_timeout,
)

RESET = 0.05


class Flaky:
    """A fake service call: fails with the queued errors, then answers "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


class RefusedByService(Exception):
    retryable = False


def gauge(name: str) -> float | None:
    return REGISTRY.get_sample_value("daniel_circuit_breaker_state", {"breaker": name})


async def test_breaker_opens_after_repeated_failures_and_fails_fast() -> None:
    breaker = CircuitBreaker("odoo-a", failure_threshold=3, reset_timeout=RESET)
    down = Flaky(*[ConnectionRefusedError("refused")] * 10)
    for _ in range(3):
        with pytest.raises(ConnectionRefusedError):
            await breaker.call(down)
    assert gauge("odoo-a") == 2

    start = time.perf_counter()
    with pytest.raises(CircuitOpenError, match="odoo-a is temporarily unavailable") as info:
        await breaker.call(down)
    assert time.perf_counter() - start < 0.01
    assert down.calls == 3  # the open circuit did not call the service
    assert info.value.retryable
    assert "no está disponible temporalmente" in info.value.localized("es")


async def test_half_open_lets_one_trial_through_and_success_closes() -> None:
    breaker = CircuitBreaker("heygen-a", failure_threshold=1, reset_timeout=RESET)
    with pytest.raises(TimeoutError):
        await breaker.call(Flaky(TimeoutError()))
    await asyncio.sleep(RESET * 1.2)
    assert gauge("heygen-a") == 2  # the gauge shows open until someone asks
    assert breaker.state.name == "HALF_OPEN"
    assert gauge("heygen-a") == 1

    release = asyncio.Event()

    async def slow_trial() -> str:
        await release.wait()
        return "ok"

    trial = asyncio.create_task(breaker.call(slow_trial))
    await asyncio.sleep(0)
    with pytest.raises(CircuitOpenError):
        await breaker.call(Flaky())  # a second caller does not pile on the sick service
    release.set()
    assert await trial == "ok"
    assert breaker.state.name == "CLOSED"
    assert gauge("heygen-a") == 0
    assert await breaker.call(Flaky()) == "ok"


async def test_failed_trial_opens_the_circuit_again() -> None:
    breaker = CircuitBreaker("tts-a", failure_threshold=2, reset_timeout=RESET)
    service = Flaky(*[OSError("network down")] * 3)
    for _ in range(2):
        with pytest.raises(OSError, match="network down"):
            await breaker.call(service)
    await asyncio.sleep(RESET * 1.2)
    with pytest.raises(OSError, match="network down"):
        await breaker.call(service)  # the trial
    with pytest.raises(CircuitOpenError):
        await breaker.call(service)
    assert service.calls == 3


async def test_cancelled_trial_frees_the_slot() -> None:
    breaker = CircuitBreaker("stt-a", failure_threshold=1, reset_timeout=RESET)
    with pytest.raises(TimeoutError):
        await breaker.call(Flaky(TimeoutError()))
    await asyncio.sleep(RESET * 1.2)
    trial = asyncio.create_task(breaker.call(asyncio.sleep, 10))
    await asyncio.sleep(0.01)
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    assert await breaker.call(Flaky()) == "ok"


async def test_refusals_and_successes_do_not_open_the_circuit() -> None:
    breaker = CircuitBreaker("odoo-b", failure_threshold=2, reset_timeout=RESET)
    service = Flaky(
        ConnectionResetError("reset"),
        RefusedByService("stage_id is required"),  # the service answered: it is up
        ConnectionResetError("reset"),
        ValueError("bad value"),
        ConnectionResetError("reset"),
    )
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017, PT011 - five different errors
            await breaker.call(service)
    assert breaker.state.name == "CLOSED"
    async with breaker:
        pass


def test_breaker_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker("x", failure_threshold=0)
    with pytest.raises(ValueError, match="reset_timeout"):
        CircuitBreaker("x", reset_timeout=0)


async def test_retry_recovers_from_transient_failures() -> None:
    service = Flaky(ConnectionResetError(), TimeoutError())
    result = await retry(service, attempts=3, base_delay=0.001, max_delay=0.005)
    assert result == "ok"
    assert service.calls == 3


async def test_retry_gives_up_with_the_last_error() -> None:
    service = Flaky(ConnectionResetError("1"), ConnectionResetError("2"), ConnectionResetError("3"))
    with pytest.raises(ConnectionResetError, match="2"):
        await retry(service, attempts=2, base_delay=0.001, max_delay=0.002)
    assert service.calls == 2


async def test_retry_only_retries_what_the_caller_says_is_safe() -> None:
    service = Flaky(RefusedByService("no"))
    with pytest.raises(RefusedByService):
        await retry(service, attempts=5, base_delay=0.001)
    assert service.calls == 1

    service = Flaky(KeyError("a"), KeyError("b"))
    assert await retry(service, attempts=3, base_delay=0.001, retry_on=(KeyError,)) == "ok"

    service = Flaky(ConnectionResetError("x"))
    with pytest.raises(ConnectionResetError):
        await retry(service, attempts=3, base_delay=0.001, retry_on=lambda exc: False)
    assert service.calls == 1


async def test_retry_never_hammers_an_open_circuit() -> None:
    breaker = CircuitBreaker("llm-a", failure_threshold=1, reset_timeout=10)
    with pytest.raises(ConnectionResetError):
        await breaker.call(Flaky(ConnectionResetError()))
    service = Flaky()
    with pytest.raises(CircuitOpenError):
        await retry(lambda: breaker.call(service), attempts=5, base_delay=0.001)
    assert service.calls == 0


async def test_retry_waits_are_capped_by_max_delay() -> None:
    service = Flaky(*[ConnectionResetError()] * 5)
    start = time.perf_counter()
    with pytest.raises(ConnectionResetError):
        await retry(service, attempts=5, base_delay=1.0, max_delay=0.01)
    assert time.perf_counter() - start < 0.5  # 4 waits of at most 10 ms each, plus slack


def test_backoff_is_full_jitter_within_the_exponential_cap() -> None:
    delays = [backoff_delay(3, base_delay=0.1, max_delay=10) for _ in range(500)]
    assert all(0 <= d <= 0.8 for d in delays)
    assert min(delays) < 0.2 < 0.6 < max(delays)  # spread over the range, not a constant
    assert all(backoff_delay(40, 0.1, 2.0) <= 2.0 for _ in range(100))


async def test_with_timeout_names_the_service() -> None:
    assert await with_timeout(asyncio.sleep(0, result="fast"), 1.0, service="Odoo") == "fast"
    start = time.perf_counter()
    with pytest.raises(ServiceTimeoutError, match=r"Odoo did not answer within 0\.05 s") as info:
        await with_timeout(asyncio.sleep(5), 0.05, service="Odoo")
    assert time.perf_counter() - start < 0.5
    assert isinstance(info.value, TimeoutError)
    assert info.value.retryable


async def test_with_timeout_keeps_a_timeout_raised_inside_the_call() -> None:
    async def inner() -> None:
        raise TimeoutError("the vendor's own read timeout")

    with pytest.raises(TimeoutError, match="vendor's own") as info:
        await with_timeout(inner(), 1.0, service="HeyGen")
    assert not isinstance(info.value, ServiceTimeoutError)
