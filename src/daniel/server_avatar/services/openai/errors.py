"""Why an OpenAI-compatible endpoint (`BRAIN=llm`) failed: a `ProviderError("llm")` by
kind and status, said in the user's language by `localized(lang)` (`error_texts`).

    401/403          the endpoint refused the key: check LLM_API_KEY
    404              the model or URL was not found: check LLM_MODEL / LLM_BASE_URL
    429              rate limited: try again later
    5xx              the endpoint has a problem
    timeout          no answer in time
    connection       cannot reach LLM_BASE_URL (the URL is shown without credentials)
    circuit open     failed repeatedly: retried in N s

The text never holds the API key nor the vendor's own error text (which may echo it).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from daniel.resilience import CircuitOpenError
from daniel.server_avatar.services.errors import ProviderError, http_error


def public_url(url: str) -> str:
    """`url` without user, password, query or fragment: safe to show."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "LLM_BASE_URL"
    if not parts.scheme or not host:
        return "LLM_BASE_URL"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def endpoint_error(exc: BaseException, base_url: str) -> ProviderError:
    """What went wrong with the LLM endpoint at `base_url`, as a `ProviderError("llm")`;
    `localized(lang)` says it and what to do about it."""
    import httpx2
    import openai

    if isinstance(exc, CircuitOpenError):
        return ProviderError("llm", kind="unavailable", values={"seconds": _seconds(exc)})
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException | TimeoutError):
        return ProviderError("llm", kind="timeout")
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return ProviderError("llm", kind="connection", values={"url": public_url(base_url)})
    if isinstance(exc, openai.APIStatusError):
        return http_error("llm", exc.status_code)
    if isinstance(exc, httpx2.HTTPStatusError):
        return http_error("llm", exc.response.status_code)
    return ProviderError("llm", kind="malformed")


def _seconds(exc: CircuitOpenError) -> int:
    return max(1, round(exc.retry_in))
