"""What a session sends to its browser: JSON messages and binary audio frames, in order.

Turn tasks, voice input and the receive loop all send through one `Outbox`. Each
message is one whole WebSocket frame written in call order (aiohttp writes a frame in one
piece), and a closed or broken socket turns every later send into a no-op instead of an
error.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from aiohttp import web

from daniel import metrics
from daniel.server_avatar.protocol import Message, dumps

log = logging.getLogger(__name__)


class Tap(Protocol):
    """Sees every message of the conversation (analytics); must be quick, never raise."""

    def seen(self, direction: str, message: Any) -> None: ...


class Outbox:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self._ws = ws
        self._closed = False
        self._closing: asyncio.Task[bool] | None = None
        #: Observers of the messages sent ("out") and received ("in", parsed).
        self.taps: list[Tap] = []

    @property
    def closed(self) -> bool:
        return self._closed or self._ws.closed

    async def send(self, message: Message) -> bool:
        """Send one JSON message; False when the socket is gone."""
        if not await self._write(dumps(message), None):
            return False
        kind = str(message.get("type"))
        for tap in self.taps:
            tap.seen("out", message)
        metrics.ws_message("out", kind)
        if kind == "error":
            metrics.user_error(message.get("stage", metrics.OTHER))
        return True

    async def send_audio(self, data: bytes) -> bool:
        if not await self._write(None, data):
            return False
        metrics.ws_message("out", "audio")
        return True

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close with `code` and wait for the browser's answer."""
        self.close_soon(code, reason)
        if self._closing is not None:
            await asyncio.shield(self._closing)

    def close_soon(self, code: int = 1000, reason: str = "") -> None:
        """Start closing with `code` without waiting. Safe from any task: the socket's
        handler waits for it (`wait_closed`) so the close frame is sent before the
        connection ends."""
        self._closed = True
        if self._closing is None and not self._ws.closed:
            self._closing = asyncio.create_task(
                self._ws.close(code=code, message=reason.encode()[:120])
            )

    async def wait_closed(self) -> None:
        if self._closing is not None:
            await asyncio.wait([self._closing], timeout=5.0)

    async def _write(self, text: str | None, data: bytes | None) -> bool:
        if self.closed:
            return False
        try:
            if text is not None:
                await self._ws.send_str(text)
            elif data is not None:
                await self._ws.send_bytes(data)
        except (ConnectionError, RuntimeError) as exc:
            log.debug("send failed, socket closing: %s", exc)
            self._closed = True
            return False
        return True
