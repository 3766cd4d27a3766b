"""How LiveAvatar failures become `ProviderError(service="liveavatar")`.

    ProviderError("liveavatar", retryable=False)
        401/403 the API key is wrong (HeyGen keys are not valid here), 404 the avatar does
        not exist, 400/422 request refused, the session ended (closed on LiveAvatar's side)
    ProviderError("liveavatar", retryable=True)
        408, 429, 5xx, timeouts, refused or dropped connections (REST or the LITE socket)

Bodies are `{"code": N, "data": ..., "message": ...}`, or FastAPI's `{"detail": ...}`
for validation errors. Messages never contain the key.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from daniel.server_avatar.services.base import Lang, ProviderError

SERVICE = "liveavatar"


def say(lang: Lang, es: str, en: str) -> str:
    return es if lang == "es" else en


def vendor_message(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    detail = body.get("detail")
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("msg") or "")
    return str(body.get("message") or detail or "")


def http_error(
    status: int, body: Any, *, lang: Lang, secrets: tuple[str, ...] = ()
) -> ProviderError:
    vendor = vendor_message(body)
    for secret in secrets:
        vendor = vendor.replace(secret, "[redacted]") if secret else vendor
    if status in (401, 403):
        return ProviderError(
            SERVICE,
            say(
                lang,
                "LiveAvatar rechazó la clave: revisa LIVEAVATAR_API_KEY (las claves de HeyGen "
                "no sirven aquí).",
                "LiveAvatar rejected the key: check LIVEAVATAR_API_KEY (HeyGen keys do not "
                "work there).",
            ),
        )
    if status == 404:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "LiveAvatar no encuentra el avatar o la sesión: revisa LIVEAVATAR_AVATAR_ID.",
                "LiveAvatar cannot find the avatar or session: check LIVEAVATAR_AVATAR_ID.",
            ),
        )
    if status == 429:
        return ProviderError(
            SERVICE,
            say(
                lang,
                "LiveAvatar limita las peticiones o las sesiones simultáneas; inténtalo en "
                "unos segundos.",
                "LiveAvatar is limiting requests or simultaneous sessions; try again in a "
                "few seconds.",
            ),
            retryable=True,
        )
    if status >= 500 or status == 408:
        return ProviderError(
            SERVICE,
            say(
                lang,
                f"LiveAvatar tiene un problema temporal (HTTP {status}); inténtalo de nuevo.",
                f"LiveAvatar has a temporary problem (HTTP {status}); try again.",
            ),
            retryable=True,
        )
    detail = f": {vendor[:200]}" if vendor else ""
    return ProviderError(
        SERVICE,
        say(
            lang,
            f"LiveAvatar rechazó la petición (HTTP {status}){detail}.",
            f"LiveAvatar refused the request (HTTP {status}){detail}.",
        ),
    )


def network_error(exc: BaseException | None, *, lang: Lang) -> ProviderError:
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError, aiohttp.ServerTimeoutError)):
        message = say(
            lang,
            "LiveAvatar no respondió a tiempo; inténtalo de nuevo.",
            "LiveAvatar did not answer in time; try again.",
        )
    else:
        message = say(
            lang,
            "Se perdió la conexión con LiveAvatar; inténtalo de nuevo.",
            "The connection to LiveAvatar was lost; try again.",
        )
    return ProviderError(SERVICE, message, retryable=True)


def session_ended(lang: Lang) -> ProviderError:
    return ProviderError(
        SERVICE,
        say(
            lang,
            "La sesión de LiveAvatar terminó; vuelve a abrir la conversación.",
            "The LiveAvatar session ended; open the conversation again.",
        ),
    )
