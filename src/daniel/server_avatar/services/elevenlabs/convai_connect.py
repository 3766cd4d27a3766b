"""Opening one ElevenLabs conversation: signed URL → WebSocket → initiation → metadata.

A handshake refused with 401/403 means the signed URL expired (about 15 minutes) or was
already used: a fresh one is fetched once before giving up. The first server message
must be `conversation_initiation_metadata`; pings that arrive before it are answered,
and an `error` event followed by a close becomes the matching `ProviderError`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.services.base import Lang, ProviderError
from daniel.server_avatar.services.elevenlabs import convai_protocol as proto
from daniel.server_avatar.services.elevenlabs.errors import (
    SERVICE,
    http_error,
    network_error,
    say,
)

log = logging.getLogger(__name__)

MAX_MESSAGE = 16 * 1024 * 1024


async def open_conversation(
    http: aiohttp.ClientSession,
    urls: proto.SignedUrls,
    initiation: dict[str, Any],
    *,
    lang: Lang,
    wait: float,
) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any]]:
    """An open conversation socket and its initiation metadata."""
    ws = await _open_socket(http, urls, lang=lang, wait=wait)
    try:
        await ws.send_json(initiation)
        meta = await _await_metadata(ws, lang=lang, wait=wait)
    except BaseException:
        await ws.close()
        raise
    return ws, meta


async def _open_socket(
    http: aiohttp.ClientSession, urls: proto.SignedUrls, *, lang: Lang, wait: float
) -> aiohttp.ClientWebSocketResponse:
    for attempt in (1, 2):
        url = await urls.get(lang)
        try:
            async with observe_call("elevenlabs", "convai.connect"), asyncio.timeout(wait):
                return await http.ws_connect(
                    url,
                    timeout=aiohttp.ClientWSTimeout(ws_close=wait),
                    max_msg_size=MAX_MESSAGE,
                )
        except aiohttp.WSServerHandshakeError as exc:
            if exc.status not in (401, 403):
                raise http_error(exc.status or 0, None, lang=lang, what="") from None
            urls.invalidate()
            if attempt == 2:
                raise proto.rejected_url_error(lang) from None
            log.info("ElevenLabs refused the signed URL; fetching a new one")
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("ElevenLabs WebSocket connection failed: %s", type(exc).__name__)
            raise network_error(exc, lang=lang) from None
    raise proto.rejected_url_error(lang)


async def _await_metadata(
    ws: aiohttp.ClientWebSocketResponse, *, lang: Lang, wait: float
) -> dict[str, Any]:
    error_type = ""
    while True:
        try:
            msg = await ws.receive(timeout=wait)
        except TimeoutError:
            raise network_error(TimeoutError(), lang=lang) from None
        if msg.type != aiohttp.WSMsgType.TEXT:
            error = proto.close_error(ws.close_code or 1006, error_type, lang)
            raise error or proto.close_error(1006, error_type, lang) or ProviderError(SERVICE, "")
        data = msg.json()
        kind = data.get("type")
        if kind == "error":
            error_type = str((data.get("error_event") or {}).get("error_type") or "")
        elif kind == "ping":
            await ws.send_json(proto.pong(int(data["ping_event"]["event_id"])))
        elif kind == "conversation_initiation_metadata":
            meta = data.get("conversation_initiation_metadata_event")
            return meta if isinstance(meta, dict) else {}


def agent_audio(meta: dict[str, Any], lang: Lang) -> tuple[str, int]:
    """The agent's audio (encoding, rate); refuses agents that expect other user audio."""
    user_format = str(meta.get("user_input_audio_format") or "pcm_16000")
    if user_format != "pcm_16000":
        raise ProviderError(
            SERVICE,
            say(
                lang,
                f"El agente de ElevenLabs espera audio {user_format}; configura su formato "
                "de entrada como PCM 16000 Hz.",
                f"The ElevenLabs agent expects {user_format} audio; set its user input "
                "audio format to PCM 16000 Hz.",
            ),
            retryable=False,
        )
    try:
        return proto.audio_format(str(meta.get("agent_output_audio_format") or "pcm_16000"))
    except ValueError:
        return "pcm", 16000
