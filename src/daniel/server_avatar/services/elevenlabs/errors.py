"""How ElevenLabs failures become `ProviderError(service="elevenlabs")`.

    ProviderError("elevenlabs", retryable=False)
        401 invalid key / exhausted quota, 402, 403, 404 (agent, voice or model),
        400/422 request refused, WebSocket close 1008 (contract: overrides, variables)
    ProviderError("elevenlabs", retryable=True)
        408, 429 (rate or concurrency limit), 5xx, timeouts, refused or dropped
        connections, WebSocket close 1002 (agent LLM timeout, silence) and 1011

ElevenLabs answers errors as `{"detail": {"code"|"status": ..., "message": ...}}`
(`status` is the legacy name of `code`). Messages are in the conversation language,
say what to do, and never contain the API key (`scrub` removes it from vendor text).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import Lang, ProviderError

SERVICE = "elevenlabs"


def say(lang: Lang, es: str, en: str) -> str:
    """The text in the conversation language."""
    return es if lang == "es" else en


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """`text` without any of `secrets`, cut to a readable length."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text[:200]


def is_retryable_status(status: int) -> bool:
    """livekit-agents convention: 4xx is final except 408 and 429; 5xx can be retried."""
    return status in (408, 429) or status >= 500


def detail_of(body: Any) -> tuple[str, str]:
    """(`code`, `message`) from an ElevenLabs error body, empty strings when absent."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, dict):
        code = detail.get("code") or detail.get("status") or ""
        return str(code), str(detail.get("message") or "")
    if isinstance(detail, str):
        return "", detail
    return "", ""


def http_error(
    status: int, body: Any, *, lang: Lang, what: str, secrets: tuple[str, ...] = ()
) -> ProviderError:
    """The error for an HTTP answer `status`; `what` names the resource ("the voice X")."""
    code, vendor_message = detail_of(body)
    vendor = scrub(vendor_message, secrets)
    retryable = is_retryable_status(status)
    if code == "quota_exceeded" or status == 402:
        message = say(
            lang,
            "Se ha agotado la cuota de ElevenLabs; amplía el plan o espera a que se renueve.",
            "The ElevenLabs quota is used up; upgrade the plan or wait for it to renew.",
        )
    elif status == 401 or code in ("invalid_api_key", "needs_authorization"):
        message = say(
            lang,
            "ElevenLabs rechazó la clave de API: revisa ELEVENLABS_API_KEY.",
            "ElevenLabs rejected the API key: check ELEVENLABS_API_KEY.",
        )
    elif status == 403:
        message = say(
            lang,
            "La clave de ElevenLabs no tiene permiso para esto: revisa sus permisos en ElevenLabs.",
            "The ElevenLabs API key lacks the permission for this: check its scopes in ElevenLabs.",
        )
    elif status == 404 or code.endswith("not_found"):
        message = say(
            lang,
            f"ElevenLabs no encuentra {what}: revisa la configuración.",
            f"ElevenLabs cannot find {what}: check the configuration.",
        )
    elif status == 429:
        message = say(
            lang,
            "ElevenLabs limita las peticiones (demasiadas a la vez); inténtalo en unos segundos.",
            "ElevenLabs is rate limiting (too many requests at once); try again in a few seconds.",
        )
    elif status >= 500:
        message = say(
            lang,
            f"ElevenLabs tiene un problema temporal (HTTP {status}); inténtalo de nuevo.",
            f"ElevenLabs has a temporary problem (HTTP {status}); try again.",
        )
    else:
        message = say(
            lang,
            f"ElevenLabs rechazó la petición (HTTP {status}){': ' + vendor if vendor else ''}.",
            f"ElevenLabs refused the request (HTTP {status}){': ' + vendor if vendor else ''}.",
        )
    return ProviderError(SERVICE, message, retryable=retryable)


def network_error(exc: BaseException, *, lang: Lang) -> ProviderError:
    """Timeouts and connection failures: retryable, with a plain explanation."""
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError, aiohttp.ServerTimeoutError)):
        message = say(
            lang,
            "ElevenLabs no respondió a tiempo; inténtalo de nuevo.",
            "ElevenLabs did not answer in time; try again.",
        )
    else:
        message = say(
            lang,
            "No se pudo conectar con ElevenLabs (revisa la conexión); inténtalo de nuevo.",
            "Could not reach ElevenLabs (check the internet connection); try again.",
        )
    return ProviderError(SERVICE, message, retryable=True)


async def read_body(response: aiohttp.ClientResponse) -> Any:
    """The JSON body of an error answer, or `None` when it is not JSON."""
    try:
        return await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return None
