"""Vendor calls through the process-wide circuit breakers of `daniel.resilience`.

    async with vendor_circuit("heygen", base_url):
        ...one request...

While the vendor's breaker is open the block does not run: it raises
`ProviderError(service, kind="unavailable")` (retryable: "… is temporarily unavailable
…; trying again in N s"), so the caller's fallbacks apply without waiting for another
timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from daniel.resilience import CircuitOpenError, breaker_for
from daniel.server_avatar.services.base import ProviderError


@asynccontextmanager
async def vendor_circuit(service: str, target: str) -> AsyncIterator[None]:
    """Run the block through the breaker of `service` at `target` (its base URL)."""
    breaker = breaker_for(service, target)
    try:
        breaker.before_call()
    except CircuitOpenError as exc:
        seconds = max(1, round(exc.retry_in))
        raise ProviderError(service, kind="unavailable", values={"seconds": seconds}) from None
    try:
        yield
    except BaseException as exc:
        breaker.record(exc)
        raise
    breaker.record(None)
