"""Why an OpenAI-compatible endpoint (`BRAIN=llm`) failed, in plain words for the user.

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
from daniel.server_avatar.services.base import Lang


def _say(lang: Lang, es: str, en: str) -> str:
    return es if lang == "es" else en


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


def endpoint_failure_reason(exc: BaseException, lang: Lang, base_url: str) -> str:
    """What went wrong with the LLM endpoint at `base_url` and what to do about it."""
    import httpx2
    import openai

    if isinstance(exc, CircuitOpenError):
        return exc.localized(lang)
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException | TimeoutError):
        return _say(
            lang,
            "el servicio LLM no respondió a tiempo; inténtalo de nuevo",
            "the LLM endpoint did not answer in time; try again",
        )
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        url = public_url(base_url)
        return _say(
            lang,
            f"no se puede conectar con LLM_BASE_URL ({url}); revisa que el servicio esté en marcha",
            f"cannot reach LLM_BASE_URL ({url}); check that the service is running",
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_reason(exc.status_code, lang)
    if isinstance(exc, httpx2.HTTPStatusError):
        return _status_reason(exc.response.status_code, lang)
    return _say(
        lang,
        "el servicio LLM dio una respuesta no válida",
        "the LLM endpoint gave an invalid answer",
    )


def _status_reason(status: int, lang: Lang) -> str:
    if status in (401, 403):
        return _say(
            lang,
            f"el servicio LLM rechazó la clave de API (HTTP {status}): revisa LLM_API_KEY",
            f"the LLM endpoint refused the API key (HTTP {status}): check LLM_API_KEY",
        )
    if status == 404:
        return _say(
            lang,
            "no se encontró el modelo o la URL (HTTP 404): revisa LLM_MODEL y LLM_BASE_URL",
            "the model or URL was not found (HTTP 404): check LLM_MODEL and LLM_BASE_URL",
        )
    if status == 429:
        return _say(
            lang,
            "el servicio LLM limita las peticiones (HTTP 429); inténtalo más tarde",
            "the LLM endpoint is rate limiting (HTTP 429); try again later",
        )
    if status >= 500:
        return _say(
            lang,
            f"el servicio LLM tiene un problema (HTTP {status}); inténtalo más tarde",
            f"the LLM endpoint has a problem (HTTP {status}); try again later",
        )
    return _say(
        lang,
        f"el servicio LLM rechazó la petición (HTTP {status}): revisa LLM_MODEL y LLM_BASE_URL",
        f"the LLM endpoint refused the request (HTTP {status}): check LLM_MODEL and LLM_BASE_URL",
    )
