"""`GET /ws`: the conversation WebSocket (docs/protocol.md).

Checks the access token, the Origin (against the allowed hosts) and, with AUTH=odoo, the
login cookie (401 before any conversation starts). A socket counts against its address
at once but takes a session slot only at `session.start` (server-wide and per person;
refused with a clear error and close code 1013), which must come within
`start_timeout_seconds` (else close 1008). Then it reads frames: text frames are size- and
rate-checked and parsed into protocol messages for the `Session`; binary frames are
audio. Anything malformed, unknown, oversized or over the rate gets an `error`
(`stage: "protocol"`) and the conversation goes on.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time

from aiohttp import WSMsgType, web

from daniel import metrics
from daniel.admin.hooks import watch_conversation
from daniel.logs import session_id_var
from daniel.server_avatar import protocol as wire
from daniel.server_avatar.app_state import STATE, ServerState
from daniel.server_avatar.auth.access import Access
from daniel.server_avatar.auth.guard import origin_allowed
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.protocol import (
    INPUT_SAMPLE_RATE,
    MAX_BINARY_FRAME,
    MAX_MESSAGES_PER_SECOND,
    MAX_TEXT_FRAME,
    ProtocolError,
    parse_message,
)
from daniel.server_avatar.security import RateLimiter, token_ok
from daniel.server_avatar.session import Session
from daniel.server_avatar.texts import text as say
from daniel.settings import Settings

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
    access = state.access
    if not token_ok(request, settings):
        metrics.session_rejected("unauthorized")
        raise web.HTTPUnauthorized(text="access token required (?token=...)")
    if not origin_ok(request, settings, access):
        log.warning("WebSocket refused: origin %r not allowed", request.headers.get("Origin"))
        metrics.session_rejected("origin")
        raise web.HTTPForbidden(text="origin not allowed")
    record = await access.login_of(request) if access is not None else None
    if access is not None and access.required and record is None:
        metrics.session_rejected("unauthorized")
        raise web.HTTPUnauthorized(text="log in first (POST /auth/login or the /login page)")
    address = request.remote or "?"
    owner = access.owner_of(record) if access is not None else ""
    if access is not None and await access.holding("address", address) >= (
        settings.server_max_sessions_per_address
    ):
        log.warning("WebSocket refused: too many sockets from one address")
        metrics.session_rejected("limit")
        raise web.HTTPTooManyRequests(text="too many connections from this address")
    ws = web.WebSocketResponse(
        heartbeat=state.tuning.ws_heartbeat_seconds,
        max_msg_size=HARD_FRAME_LIMIT,
        compress=False,
    )
    await ws.prepare(request)
    outbox = Outbox(ws)
    session = Session(state, outbox, owner=owner)
    if record is not None and access is not None:
        session.tools = access.person_tools(record, lambda: session.lang)
    tap = await watch_conversation(request, session, record)
    limits = _Limits(state.tuning.audio_realtime_factor)
    slot = _Slot(state, address, owner)
    token = session_id_var.set("-")
    await slot.enter_socket()
    timer = asyncio.create_task(_start_deadline(state.tuning.start_timeout_seconds, session))
    try:
        tenant = record.tenant if record is not None else metrics.DEFAULT_TENANT
        with metrics.track_ws_connection(), metrics.tenant_scope(tenant):
            await _receive(ws, session, outbox, limits, slot)
    finally:
        timer.cancel()
        try:
            # aiohttp may cancel this handler once the peer is gone; the closing itself
            # runs to completion in its own task (see Session.close).
            await session.close(park=True)
            await outbox.wait_closed()
        finally:
            await slot.leave()
            if tap is not None:
                tap.closed()
            session_id_var.reset(token)
    return ws


class _Slot:
    """A socket counts against its address from the start; a session slot (server-wide
    and per person) is taken only at `session.start`."""

    def __init__(self, state: ServerState, address: str, owner: str) -> None:
        self.state = state
        self.address = address
        self.owner = owner
        self.held = False
        #: This socket's name in the shared counters (per address, per person).
        self.member = f"{secrets.token_hex(8)}"
        self._entered = False

    async def enter_socket(self) -> None:
        if self.state.access is not None:
            await self.state.access.hold("address", self.address, self.member)
            self._entered = True

    async def take(self) -> str | None:
        """Take a session slot; the reason (a text key) when it cannot."""
        access = self.state.access
        settings = self.state.settings
        limit = settings.server_max_sessions_per_user
        if access is not None and self.owner and await access.holding("owner", self.owner) >= limit:
            metrics.session_rejected("limit")
            return "too_many_for_you"
        if not self.state.store.try_acquire():
            log.warning("session refused: %d sessions already open", self.state.store.max_sessions)
            metrics.session_rejected("capacity")
            return "server_full"
        self.held = True
        if access is not None and self.owner:
            await access.hold("owner", self.owner, self.member)
        return None

    async def leave(self) -> None:
        access = self.state.access
        if access is not None and self._entered:
            self._entered = False
            await access.let_go("address", self.address, self.member)
        if self.held:
            self.held = False
            self.state.store.release()
            if access is not None and self.owner:
                await access.let_go("owner", self.owner, self.member)


async def _start_deadline(seconds: float, session: Session) -> None:
    """A socket that does not open its conversation in time is closed."""
    await asyncio.sleep(seconds)
    if session.id is None and not session.outbox.closed:
        metrics.session_rejected("start_timeout")
        log.info("closing a socket that sent no session.start in time")
        await session.outbox.send(wire.error("session", say("start_timeout", session.lang)))
        session.outbox.close_soon(1008, "session.start missing")


def origin_ok(request: web.Request, settings: Settings, access: Access | None) -> bool:
    if access is None:
        return True
    return origin_allowed(
        request.headers.get("Origin"), access.allowed, settings.server_allowed_origins
    )


async def _receive(
    ws: web.WebSocketResponse, session: Session, outbox: Outbox, limits: _Limits, slot: _Slot
) -> None:
    """The receive loop: one frame at a time until the peer or the server closes."""
    async for frame in ws:
        try:
            if frame.type == WSMsgType.TEXT:
                await _on_text(session, limits, frame.data, slot)
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


async def _on_text(session: Session, limits: _Limits, raw: str, slot: _Slot) -> None:
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
    for tap in session.outbox.taps:
        tap.seen("in", message)
    if isinstance(message, wire.SessionStart) and session.id is None and not slot.held:
        refused = await slot.take()
        if refused is not None:
            await session.outbox.send(
                wire.error("session", say(refused, session.lang), retryable=True)
            )
            await session.outbox.close(CLOSE_TRY_AGAIN_LATER, "too many sessions")
            return
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
