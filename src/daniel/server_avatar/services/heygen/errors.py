"""How HeyGen failures become `ProviderError(service="heygen")`.

    ProviderError("heygen", retryable=False)
        401 / code 40009 / 400112   the API key is wrong
        code 10013                  the avatar does not exist (HEYGEN_AVATAR_ID)
        code 400006                 the session is not in the right state (not started,
                                    already stopped, or closed by the idle timeout)
        concurrency limit           too many sessions open (no documented code: detected
                                    by its message; trial keys allow about 3)
        code 400599                 the plan does not include the feature
        other 4xx                   the request was refused
    ProviderError("heygen", retryable=True)
        408, 429, 5xx, timeouts, refused or dropped connections

HeyGen errors are HTTP 4xx with `{"code": N, "message": ...}` (the newer API wraps them
as `{"error": {"code", "message"}}`; both are read). Messages are in the conversation
language, say what to do, and never contain the key.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import Lang, ProviderError

SERVICE = "heygen"

INVALID_KEY_CODES = {40009, 400112, 401057, 401056}
AVATAR_NOT_FOUND = 10013
WRONG_STATE = 400006


def say(lang: Lang, es: str, en: str) -> str:
    return es if lang == "es" else en


def error_fields(body: Any) -> tuple[int | None, str]:
    """(`code`, `message`) of a HeyGen error body."""
    if not isinstance(body, dict):
        return None, ""
    inner = body.get("error")
    source = inner if isinstance(inner, dict) else body
    code = source.get("code")
    try:
        number = int(code) if code is not None else None
    except (TypeError, ValueError):
        number = None
    return number, str(source.get("message") or "")


def is_concurrency_limit(message: str) -> bool:
    lowered = message.lower()
    return "concurren" in lowered or "too many sessions" in lowered


def http_error(
    status: int, body: Any, *, lang: Lang, secrets: tuple[str, ...] = ()
) -> ProviderError:
    code, vendor = error_fields(body)
    for secret in secrets:
        vendor = vendor.replace(secret, "[redacted]") if secret else vendor
    if status == 401 or code in INVALID_KEY_CODES:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "HeyGen rechazó la clave de API: revisa HEYGEN_API_KEY.",
                "HeyGen rejected the API key: check HEYGEN_API_KEY.",
            ),
        )
    if code == AVATAR_NOT_FOUND:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "HeyGen no encuentra el avatar: revisa HEYGEN_AVATAR_ID (un Interactive Avatar).",
                "HeyGen cannot find the avatar: check HEYGEN_AVATAR_ID (an Interactive Avatar).",
            ),
        )
    if code == WRONG_STATE:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "La sesión del avatar de HeyGen no está activa (quizá se cerró por inactividad); "
                "vuelve a abrir la conversación.",
                "The HeyGen avatar session is not active (it may have closed after being idle); "
                "open the conversation again.",
            ),
        )
    if is_concurrency_limit(vendor):
        return ProviderError(
            SERVICE,
            say(
                lang,
                "HeyGen no admite más sesiones simultáneas con esta cuenta; cierra otras "
                "pestañas del avatar o espera a que terminen.",
                "HeyGen allows no more simultaneous sessions on this account; close other "
                "avatar tabs or wait for them to end.",
            ),
            retryable=status == 429,
        )
    if status == 429:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "HeyGen limita las peticiones; inténtalo en unos segundos.",
                "HeyGen is rate limiting; try again in a few seconds.",
            ),
            retryable=True,
        )
    if status >= 500 or status == 408:
        return ProviderError(
            SERVICE,
            say(
                lang,
                f"HeyGen tiene un problema temporal (HTTP {status}); inténtalo de nuevo.",
                f"HeyGen has a temporary problem (HTTP {status}); try again.",
            ),
            retryable=True,
        )
    if code == 400599:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "Tu plan de HeyGen no incluye el avatar interactivo.",
                "Your HeyGen plan does not include the interactive avatar.",
            ),
        )
    detail = f": {vendor[:200]}" if vendor else ""
    return ProviderError(
        SERVICE,
        say(
            lang,
            f"HeyGen rechazó la petición (HTTP {status}, código {code}){detail}.",
            f"HeyGen refused the request (HTTP {status}, code {code}){detail}.",
        ),
    )


def network_error(exc: BaseException, *, lang: Lang) -> ProviderError:
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError, aiohttp.ServerTimeoutError)):
        message = say(
            lang,
            "HeyGen no respondió a tiempo; inténtalo de nuevo.",
            "HeyGen did not answer in time; try again.",
        )
    else:
        message = say(
            lang,
            "No se pudo conectar con HeyGen (revisa la conexión); inténtalo de nuevo.",
            "Could not reach HeyGen (check the connection); try again.",
        )
    return ProviderError(SERVICE, message, retryable=True)
