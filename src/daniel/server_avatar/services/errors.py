"""The error tree of the providers, and the one rule for when a retry can help.

    ProviderError(service, kind, status)   a provider failed
    ├── ProviderUnavailable                it cannot run here (missing key, library or
    │                                      device): the session uses a fallback
    ├── AudioRejected                      speech-to-text will not take this utterance
    └── ConversationClosed                 (elevenlabs) the agent closed its socket

An error carries what went wrong (`kind`), the HTTP `status` when there was one, and
`values` for the sentence (an error `code`, the `resource` not found, a scrubbed vendor
`detail`), never a sentence in a language: vendor clients do not know the user's
language. The session renders the user's sentence with `error.localized(lang)` (the
sentences are in `error_texts`); `message` is the English one, for logs and operators.

`retryable` follows one rule for every vendor client (livekit-agents' convention): an
HTTP 4xx is final except 408 and 429; 5xx, timeouts and connection failures can be
retried. Errors without a status are retryable when their kind says the service may
answer next time (`RETRYABLE_KINDS`).
"""

from __future__ import annotations

import asyncio
from typing import Literal

import aiohttp

from daniel.server_avatar import error_texts

Kind = Literal[
    "auth",  # the API key was refused
    "forbidden",  # the key lacks the permission
    "quota",  # the plan's quota is used up
    "plan",  # the plan does not include the feature
    "not_found",  # `values["resource"]` does not exist
    "rate_limited",  # too many requests
    "concurrency",  # too many simultaneous sessions
    "refused",  # any other 4xx (`values["detail"]`: the vendor's own words, scrubbed)
    "server",  # 5xx or 408
    "timeout",  # no answer in time
    "connection",  # could not connect
    "dropped",  # an open connection was lost
    "unavailable",  # the circuit breaker is open (`values["seconds"]`)
    "malformed",  # the answer could not be read
    "session_ended",  # the vendor's session is over (idle timeout, closed on its side)
    "not_started",  # used before `start`
    "failed",  # anything else: `message` says what (not translated)
    "agent_timeout",  # (elevenlabs) the agent closed with 1002
    "settings_refused",  # (elevenlabs) the agent refused the overrides (1008)
    "internal",  # (elevenlabs) 1011
    "url_refused",  # (elevenlabs) the signed URL was refused twice
    "audio_format",  # (elevenlabs) the agent expects other user audio
    "transcription_failed",  # (elevenlabs) the realtime transcriber reported `code`
    "closed_early",  # (elevenlabs) the transcriber closed before the final text
    "oversized",  # the vendor sent an answer larger than accepted
]

#: Kinds without an HTTP status that a retry can help.
RETRYABLE_KINDS: frozenset[str] = frozenset(
    {
        "rate_limited",
        "server",
        "timeout",
        "connection",
        "dropped",
        "unavailable",
        "malformed",
        "agent_timeout",
        "internal",
        "closed_early",
        "oversized",
    }
)


def is_retryable_status(status: int) -> bool:
    """4xx is final except 408 (timeout) and 429 (rate limit); 5xx can be retried."""
    return status in (408, 429) or status >= 500


def is_retryable(kind: str, status: int | None = None) -> bool:
    """The one rule: by HTTP status when there is one, otherwise by kind."""
    if status:
        return is_retryable_status(status)
    return kind in RETRYABLE_KINDS


class ProviderError(Exception):
    """A provider failed. Never holds a secret; `localized(lang)` is what a user reads."""

    def __init__(
        self,
        service: str,
        message: str = "",
        *,
        kind: Kind = "failed",
        status: int | None = None,
        retryable: bool | None = None,
        values: dict[str, str | int] | None = None,
    ) -> None:
        self.service = service
        self.kind: Kind = kind
        self.status = status
        self.values = dict(values or {})
        self.retryable = is_retryable(kind, status) if retryable is None else retryable
        self._message = message
        self.message = message or error_texts.render(self, "en")
        super().__init__(f"{service}: {self.message}")

    def localized(self, lang: str) -> str:
        """The user's sentence in `lang` (`es` or `en`)."""
        return error_texts.render(self, lang) if not self._message else self._message


class ProviderUnavailable(ProviderError):
    """The provider cannot run here (missing key, library or device); use a fallback."""


AudioProblem = Literal["busy", "too_long", "bad_audio"]


class AudioRejected(ProviderError):
    """Speech-to-text will not transcribe this utterance: it is busy (`busy`, retry in a
    moment), the utterance is longer than it accepts (`too_long`) or it is not audio it
    can read (`bad_audio`). `problem` picks the message the user sees."""

    def __init__(self, service: str, problem: AudioProblem, message: str) -> None:
        super().__init__(service, message, retryable=problem == "busy")
        self.problem: AudioProblem = problem


# --------------------------------------------------------------------------- builders
def status_kind(status: int) -> Kind:
    """The kind of an HTTP refusal by status alone."""
    if status == 401:
        return "auth"
    if status == 402:
        return "quota"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "not_found"
    if status == 429:
        return "rate_limited"
    if status >= 500 or status == 408:
        return "server"
    return "refused"


def http_error(
    service: str,
    status: int,
    *,
    kind: Kind | None = None,
    resource: str = "",
    detail: str = "",
    code: str | int | None = None,
) -> ProviderError:
    """An HTTP refusal: `kind` defaults to what the status says (`status_kind`)."""
    values: dict[str, str | int] = {"status": status}
    if resource:
        values["resource"] = resource
    if detail:
        values["detail"] = detail[:200]
    if code is not None:
        values["code"] = code
    return ProviderError(service, kind=kind or status_kind(status), status=status, values=values)


def network_error(service: str, exc: BaseException | None = None) -> ProviderError:
    """A timeout or a failed connection: retryable."""
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError, aiohttp.ServerTimeoutError)):
        return ProviderError(service, kind="timeout")
    return ProviderError(service, kind="connection")


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """`text` without any of `secrets`, cut to a readable length."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text[:200]
