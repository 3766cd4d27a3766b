"""What HeyGen and LiveAvatar share: a JSON REST client and a billed remote session.

Both vendors answer JSON with `{"code": N, "data": {...}, "message": ...}`, authenticate
server calls with an API key header and session calls with a bearer token, and bill
every session until it is stopped. `AvatarApiClient` makes one call (through the
vendor's circuit breaker, timed, errors by status); each vendor's client says how its
refusals read (`refusal`). `RemoteAvatar` keeps the session id, registers the session
in `sessions.open_sessions` until it is stopped, and always stops it on `close`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from daniel.metrics import Service, observe_call
from daniel.server_avatar.services.base import Avatar
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.errors import ProviderError, http_error, network_error
from daniel.server_avatar.services.remote_sessions import OpenSessions

log = logging.getLogger(__name__)


class AvatarApiClient:
    """One JSON call to a remote-avatar REST API; subclasses name the vendor."""

    service: Service

    def __init__(
        self, *, http: aiohttp.ClientSession, api_key: str, base_url: str, timeout: float = 10.0
    ) -> None:
        self._http = http
        self._key = api_key
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    async def _request(
        self,
        method: str,
        url: str,
        body: dict[str, Any] | None,
        headers: dict[str, str],
        *,
        operation: str,
    ) -> Any:
        """The JSON payload of a successful call; `ProviderError` otherwise."""
        try:
            async with (
                vendor_circuit(self.service, self._base_url),
                observe_call(self.service, operation),
            ):
                async with self._http.request(
                    method,
                    url,
                    json=body,
                    headers={"accept": "application/json", **headers},
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response:
                    try:
                        payload = await response.json(content_type=None)
                    except ValueError:
                        payload = None
                    status = response.status
                error = self.refusal(status, payload)
                if error is not None:
                    log.warning(
                        "%s %s refused: HTTP %s (%s)", self.service, operation, status, error.kind
                    )
                    raise error
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("%s %s failed: %s", self.service, operation, type(exc).__name__)
            raise network_error(self.service, exc) from None
        return payload

    def refusal(self, status: int, payload: Any) -> ProviderError | None:
        """The error an answer means (`None`: it succeeded). Default: by status."""
        if status == 200:
            return None
        return http_error(self.service, status, detail=self.scrub(vendor_message(payload)))

    def malformed(self) -> ProviderError:
        return ProviderError(self.service, kind="malformed")

    def scrub(self, text: str) -> str:
        return text.replace(self._key, "[redacted]") if self._key else text


def vendor_message(body: Any) -> str:
    """The vendor's own words in an error body (`message`, `error.message` or FastAPI's
    `detail`), empty when there are none."""
    if not isinstance(body, dict):
        return ""
    inner = body.get("error")
    if isinstance(inner, dict):
        return str(inner.get("message") or "")
    detail = body.get("detail")
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("msg") or "")
    return str(body.get("message") or detail or "")


class RemoteAvatar(Avatar):
    """An avatar whose session lives at a vendor: registered while open, always stopped."""

    speaks_text = True

    def __init__(self, registry: OpenSessions) -> None:
        self._registry = registry
        self.session_id: str | None = None

    def _opened(self, session_id: str, stop: Callable[[str], Awaitable[None]]) -> None:
        """The vendor created `session_id` (billed from now on): register how to stop it."""
        self.session_id = session_id
        self._registry.add(self._key(session_id), lambda: stop(session_id))

    async def _stop_session(self, stop: Callable[[str], Awaitable[None]]) -> None:
        """Stop the open session, if any; idempotent, a failure is only logged."""
        session_id, self.session_id = self.session_id, None
        if session_id is None:
            return
        self._registry.discard(self._key(session_id))
        try:
            await stop(session_id)
            log.info("%s session %s stopped", self.name, session_id)
        except ProviderError as exc:
            # A session already closed on the vendor's side (idle timeout) is stopped anyway.
            log.warning("%s session %s: stop failed: %s", self.name, session_id, exc.message)

    def _require_session(self) -> str:
        if self.session_id is None:
            raise ProviderError(self.name, kind="not_started")
        return self.session_id

    def _key(self, session_id: str) -> str:
        return f"{self.name}:{session_id}"
