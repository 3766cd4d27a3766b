"""A minimal browser for the vendor end-to-end tests: one conversation WebSocket.

It sends what the web app sends (`session.start`, `user.text`, `audio.start`, binary
PCM frames, `audio.end`, `session.stop`) and keeps every message the server sends, in
order, plus the number of binary audio bytes received.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from aiohttp import WSMsgType

Message = dict[str, Any]
WAIT = 15.0  # seconds for any expected message


class Browser:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.messages: list[Message] = []
        self.audio_bytes = 0

    async def send(self, kind: str, **fields: Any) -> None:
        await self.ws.send_str(json.dumps({"type": kind, **fields}))

    async def speak(self, pcm16: bytes, frame_bytes: int = 3200) -> None:
        """Push-to-talk: press, stream `pcm16` in 100 ms frames, release."""
        await self.send("audio.start", sample_rate=16000)
        for start in range(0, len(pcm16), frame_bytes):
            await self.ws.send_bytes(pcm16[start : start + frame_bytes])
        await self.send("audio.end")

    async def until(self, kind: str, **match: Any) -> Message:
        async with asyncio.timeout(WAIT):
            while True:
                frame = await self.ws.receive()
                if frame.type == WSMsgType.BINARY:
                    self.audio_bytes += len(frame.data)
                    continue
                assert frame.type == WSMsgType.TEXT, f"socket closed waiting for {kind}"
                message: Message = json.loads(frame.data)
                self.messages.append(message)
                if message["type"] == kind and all(message.get(k) == v for k, v in match.items()):
                    return message

    async def stop(self) -> None:
        """`session.stop`, then wait until the server has closed the socket."""
        await self.send("session.stop")
        async with asyncio.timeout(WAIT):
            while True:
                frame = await self.ws.receive()
                if frame.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                    return
                if frame.type == WSMsgType.TEXT:
                    self.messages.append(json.loads(frame.data))

    def of(self, kind: str, **match: Any) -> list[Message]:
        return [
            m
            for m in self.messages
            if m["type"] == kind and all(m.get(k) == v for k, v in match.items())
        ]
