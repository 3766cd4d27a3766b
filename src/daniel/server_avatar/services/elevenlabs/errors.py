"""How ElevenLabs failures become `ProviderError(service="elevenlabs", kind=...)`.

    not retryable   401 / invalid_api_key (auth), 402 / quota_exceeded (quota), 403
                    (forbidden), 404 / *_not_found (not_found: agent, voice or model),
                    400/422 (refused), WebSocket close 1008 (settings_refused:
                    overrides, variables), a signed URL refused twice (url_refused)
    retryable       408, 429 (rate or concurrency limit), 5xx, timeouts, refused or
                    dropped connections, WebSocket close 1002 (agent_timeout: agent LLM
                    timeout, silence) and 1011 (internal)

The retry rule is the one of every vendor (`services.errors.is_retryable`). ElevenLabs
answers errors as `{"detail": {"code"|"status": ..., "message": ...}}` (`status` is the
legacy name of `code`). The vendor's words are scrubbed of the API key; the session
renders the user's sentence (`server_avatar.error_texts`).
"""

from __future__ import annotations

from typing import Any

import aiohttp

from daniel.server_avatar.services import errors
from daniel.server_avatar.services.base import Lang, ProviderError
from daniel.server_avatar.services.errors import Kind, scrub

SERVICE = "elevenlabs"
__all__ = ["SERVICE", "detail_of", "http_error", "network_error", "read_body", "say", "scrub"]


def say(lang: Lang, es: str, en: str) -> str:
    """The text in the conversation language (the agent's notes and notices)."""
    return es if lang == "es" else en


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
    status: int, body: Any, *, resource: str = "", secrets: tuple[str, ...] = ()
) -> ProviderError:
    """The error for an HTTP answer `status`; `resource` names what may be missing
    (`agent`, `voice`, `transcription_model`, `realtime_model`)."""
    code, vendor_message = detail_of(body)
    kind: Kind | None = None
    if code == "quota_exceeded":
        kind = "quota"
    elif code in ("invalid_api_key", "needs_authorization"):
        kind = "auth"
    elif code.endswith("not_found"):
        kind = "not_found"
    return errors.http_error(
        SERVICE, status, kind=kind, resource=resource, detail=scrub(vendor_message, secrets)
    )


def network_error(exc: BaseException | None = None) -> ProviderError:
    """Timeouts and connection failures: retryable."""
    return errors.network_error(SERVICE, exc)


async def read_body(response: aiohttp.ClientResponse) -> Any:
    """The JSON body of an error answer, or `None` when it is not JSON."""
    try:
        return await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return None
