"""`GET /ws`: the conversation WebSocket (docs/protocol.md).

Checks the access token and the Origin, takes a session slot (refusing extra sessions
with a clear error and close code 1013), then reads frames: text frames are size- and
rate-checked and parsed into protocol messages for the `Session`; binary frames are
audio. Anything malformed, unknown, oversized or over the rate gets an `error`
(`stage: "protocol"`) and the conversation goes on.
"""

from __future__ import annotations

import logging
import time

from aiohttp import WSMsgType, web

from daniel import metrics
from daniel.logs import session_id_var
from daniel.server_avatar import protocol as wire
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.protocol import (
    INPUT_SAMPLE_RATE,
    MAX_BINARY_FRAME,
    MAX_MESSAGES_PER_SECOND,
    MAX_TEXT_FRAME,
    ProtocolError,
    parse_message,
)
from daniel.server_avatar.security import RateLimiter, origin_ok, token_ok
from daniel.server_avatar.session import Session
from daniel.server_avatar.state import STATE
from daniel.server_avatar.texts import text as say

log = logging.getLogger(__name__)

#: aiohttp closes the socket (1009) above this; between the limit and this, we answer
#: with an error and keep the conversation.
HARD_FRAME_LIMIT = 4 * MAX_TEXT_FRAME
CLOSE_TRY_AGAIN_LATER = 1013


class _Limits:
    """Per-connection limits: JSON messages per second, and audio at most N× real time."""

    def __init__(self, audio_factor: float) -> None:
        self.messages = RateLimiter(MAX_MESSAGES_PER_SECOND)
        bytes_per_second = INPUT_SAMPLE_RATE * 2 * audio_factor
        self.audio = RateLimiter(
            bytes_per_second, burst=max(bytes_per_second, 2 * MAX_BINARY_FRAME)
        )
        self._last_warning = 0.0

    def should_warn(self) -> bool:
        now = time.monotonic()
        if now - self._last_warning >= 1.0:
            self._last_warning = now
            return True
        return False


async def websocket_handler(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    settings = state.settings
    if not token_ok(request, settings):
        metrics.session_rejected("unauthorized")
        raise web.HTTPUnauthorized(text="access token required (?token=...)")
    if not origin_ok(request, settings):
        log.warning("WebSocket refused: origin %r not allowed", request.headers.get("Origin"))
        metrics.session_rejected("origin")
        raise web.HTTPForbidden(text="origin not allowed")
    ws = web.WebSocketResponse(
        heartbeat=state.tuning.ws_heartbeat_seconds,
        max_msg_size=HARD_FRAME_LIMIT,
        compress=False,
    )
    await ws.prepare(request)
    outbox = Outbox(ws)
    if not state.store.try_acquire():
        log.warning("WebSocket refused: %d sessions already open", state.store.max_sessions)
        metrics.session_rejected("capacity")
        message = say("server_full", settings.daniel_lang)
        await outbox.send(wire.error("session", message, retryable=True))
        await outbox.close(CLOSE_TRY_AGAIN_LATER, "too many sessions")
        return ws
    session = Session(state, outbox)
    limits = _Limits(state.tuning.audio_realtime_factor)
    token = session_id_var.set("-")
    try:
        with metrics.track_ws_connection():
            await _receive(ws, session, outbox, limits)
    finally:
        try:
            # aiohttp may cancel this handler once the peer is gone; the closing itself
            # runs to completion in its own task (see Session.close).
            await session.close(park=True)
            await outbox.wait_closed()
        finally:
            state.store.release()
            session_id_var.reset(token)
    return ws


async def _receive(
    ws: web.WebSocketResponse, session: Session, outbox: Outbox, limits: _Limits
) -> None:
    """The receive loop: one frame at a time until the peer or the server closes."""
    async for frame in ws:
        try:
            if frame.type == WSMsgType.TEXT:
                await _on_text(session, limits, frame.data)
            elif frame.type == WSMsgType.BINARY:
                await _on_audio(session, limits, frame.data)
            elif frame.type == WSMsgType.ERROR:
                log.info("WebSocket error: %s", ws.exception())
                break
        except Exception:  # a bug must cost one message, not the conversation
            log.exception("message handling failed")
            await outbox.send(wire.error("session", say("brain_failed", session.lang)))
        if outbox.closed:
            break


async def _on_text(session: Session, limits: _Limits, raw: str) -> None:
    if not limits.messages.allow():
        metrics.ws_message("in", metrics.OTHER)
        if limits.should_warn():
            await _protocol_error(session, say("rate_limited", session.lang))
        return
    if len(raw) > MAX_TEXT_FRAME:  # characters ≥ bytes/4: a cheap first check
        detail = f"message too large (the limit is {MAX_TEXT_FRAME} bytes)"
        metrics.ws_message("in", metrics.OTHER)
        await _protocol_error(session, say("protocol_error", session.lang, detail=detail))
        return
    try:
        message = parse_message(raw)
    except ProtocolError as exc:
        metrics.ws_message("in", metrics.OTHER)
        await _protocol_error(session, say("protocol_error", session.lang, detail=exc.message))
        return
    metrics.ws_message("in", message.type)
    await session.handle(message)


async def _on_audio(session: Session, limits: _Limits, data: bytes) -> None:
    metrics.ws_message("in", "audio")
    if len(data) > MAX_BINARY_FRAME:
        detail = f"audio frame too large (the limit is {MAX_BINARY_FRAME} bytes)"
        await _protocol_error(session, say("protocol_error", session.lang, detail=detail))
        return
    if not limits.audio.allow(len(data)):
        if limits.should_warn():
            await _protocol_error(session, say("rate_limited", session.lang))
        return
    await session.handle_audio(data)


async def _protocol_error(session: Session, message: str) -> None:
    await session.outbox.send(wire.error("protocol", message))
