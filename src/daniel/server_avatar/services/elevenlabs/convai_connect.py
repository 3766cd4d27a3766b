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
from daniel.server_avatar.services.base import ProviderError
from daniel.server_avatar.services.elevenlabs import convai_protocol as proto
from daniel.server_avatar.services.elevenlabs.errors import SERVICE, http_error, network_error

log = logging.getLogger(__name__)

MAX_MESSAGE = 16 * 1024 * 1024


async def open_conversation(
    http: aiohttp.ClientSession,
    urls: proto.SignedUrls,
    initiation: dict[str, Any],
    *,
    wait: float,
) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any]]:
    """An open conversation socket and its initiation metadata."""
    ws = await _open_socket(http, urls, wait=wait)
    try:
        await ws.send_json(initiation)
        meta = await _await_metadata(ws, wait=wait)
    except BaseException:
        await ws.close()
        raise
    return ws, meta


async def _open_socket(
    http: aiohttp.ClientSession, urls: proto.SignedUrls, *, wait: float
) -> aiohttp.ClientWebSocketResponse:
    for attempt in (1, 2):
        url = await urls.get()
        try:
            async with observe_call("elevenlabs", "convai.connect"), asyncio.timeout(wait):
                return await http.ws_connect(
                    url,
                    timeout=aiohttp.ClientWSTimeout(ws_close=wait),
                    max_msg_size=MAX_MESSAGE,
                )
        except aiohttp.WSServerHandshakeError as exc:
            if exc.status not in (401, 403):
                raise http_error(exc.status or 0, None) from None
            urls.invalidate()
            if attempt == 2:
                raise proto.rejected_url_error() from None
            log.info("ElevenLabs refused the signed URL; fetching a new one")
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("ElevenLabs WebSocket connection failed: %s", type(exc).__name__)
            raise network_error(exc) from None
    raise proto.rejected_url_error()


async def _await_metadata(ws: aiohttp.ClientWebSocketResponse, *, wait: float) -> dict[str, Any]:
    error_type = ""
    while True:
        try:
            msg = await ws.receive(timeout=wait)
        except TimeoutError:
            raise network_error(TimeoutError()) from None
        if msg.type != aiohttp.WSMsgType.TEXT:
            error = proto.close_error(ws.close_code or 1006, error_type)
            raise error or proto.ConversationClosed(1006, "dropped", error_type=error_type)
        data = msg.json()
        kind = data.get("type")
        if kind == "error":
            error_type = str((data.get("error_event") or {}).get("error_type") or "")
        elif kind == "ping":
            await ws.send_json(proto.pong(int(data["ping_event"]["event_id"])))
        elif kind == "conversation_initiation_metadata":
            meta = data.get("conversation_initiation_metadata_event")
            return meta if isinstance(meta, dict) else {}


def agent_audio(meta: dict[str, Any]) -> tuple[str, int]:
    """The agent's audio (encoding, rate); refuses agents that expect other user audio."""
    user_format = str(meta.get("user_input_audio_format") or "pcm_16000")
    if user_format != "pcm_16000":
        raise ProviderError(SERVICE, kind="audio_format", values={"fmt": user_format})
    try:
        return proto.audio_format(str(meta.get("agent_output_audio_format") or "pcm_16000"))
    except ValueError:
        return "pcm", 16000
