"""A test client for the conversation WebSocket: what the browser would see.

`Conversation` wraps one `ws_connect` socket: `start()` opens the session, `ask(text)`
sends a typed turn and gathers everything up to its `turn.end` into a `Turn` (messages
by type, the audio of each speech segment as bytes). Nothing here fakes the server: the
real app runs in-process behind aiohttp's test server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient

from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.server import AppOptions, create_app
from daniel.settings import Settings

Message = dict[str, Any]
#: The `avatar_settings` fixture (conftest.py): keyword changes → `Settings`.
SettingsFactory = Callable[..., Settings]


@dataclass
class Turn:
    """Everything one turn produced, in order."""

    turn_id: str = ""
    messages: list[Message] = field(default_factory=list)
    audio: dict[int, bytearray] = field(default_factory=dict)
    before: list[Message] = field(default_factory=list)

    def of(self, kind: str) -> list[Message]:
        return [m for m in self.messages if m["type"] == kind]

    def one(self, kind: str) -> Message:
        found = self.of(kind)
        assert len(found) == 1, f"expected one {kind!r}, got {[m['type'] for m in self.messages]}"
        return found[0]

    @property
    def text(self) -> str:
        return str(self.one("agent.text")["text"])

    def tool(self, name: str, status: str = "done") -> Message:
        found = [m for m in self.of("tool") if m["name"] == name and m["status"] == status]
        assert found, f"no {status} {name!r} tool message in {self.of('tool')}"
        return found[-1]

    def shown(self, kind: str) -> Message:
        """The last finished tool message showing cards of `kind` (leads, tasks, summary…),
        whichever tool produced them: what the page shows."""
        found = [m for m in self.of("tool") if m["kind"] == kind and m["status"] == "done"]
        assert found, f"no done tool message of kind {kind!r} in {self.of('tool')}"
        return found[-1]

    @property
    def outcome(self) -> str | None:
        return self.one("turn.end").get("outcome")

    @property
    def marks(self) -> dict[str, int]:
        return dict(self.one("latency")["marks"])


class Conversation:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.session_id = ""
        self.ready: Message = {}
        self.segment: int | None = None
        self.turn_of_segment: str | None = None
        self.audio: dict[tuple[str, int], bytearray] = {}
        self.seen: list[Message] = []
        self.notices: list[Message] = []
        #: (code, reason) of the close frame the server sent, once it did.
        self.close_frame: tuple[int, str] | None = None

    async def send(self, kind: str, **fields: Any) -> None:
        await self.ws.send_str(json.dumps({"type": kind, **fields}))

    async def start(self, **fields: Any) -> Message:
        await self.send("session.start", **fields)
        self.ready = await self.until("session.ready")
        self.session_id = str(self.ready["session_id"])
        self.notices = []
        while (message := await self.receive()) is not None:
            if message["type"] == "state":
                break
            self.notices.append(message)
        return self.ready

    async def receive(self, wait: float = 10.0) -> Message | None:
        """The next JSON message (binary audio is filed under its segment); None: closed."""
        while True:
            frame = await self.ws.receive(timeout=wait)
            if frame.type == WSMsgType.BINARY:
                assert self.segment is not None, "audio outside a speech segment"
                key = (str(self.turn_of_segment), self.segment)
                self.audio.setdefault(key, bytearray()).extend(frame.data)
                continue
            if frame.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                if frame.type == WSMsgType.CLOSE:
                    self.close_frame = (int(frame.data), str(frame.extra or ""))
                return None
            assert frame.type == WSMsgType.TEXT, frame
            message: Message = json.loads(frame.data)
            if message["type"] == "speech.segment":
                self.segment = int(message["segment"])
                self.turn_of_segment = str(message["turn_id"])
            elif message["type"] == "speech.segment.end":
                self.segment = None
            self.seen.append(message)
            return message

    async def until(self, kind: str, wait: float = 15.0, **match: Any) -> Message:
        async with asyncio.timeout(wait):
            while True:
                message = await self.receive(wait)
                assert message is not None, f"socket closed while waiting for {kind!r}"
                if message["type"] == kind and all(message.get(k) == v for k, v in match.items()):
                    return message

    async def collect_turn(self, wait: float = 20.0) -> Turn:
        """The next turn's messages, from its `turn.start` to its `turn.end` (or its
        `interrupted`); what comes before its start is kept in `Turn.before`."""
        turn = Turn()
        async with asyncio.timeout(wait):
            while True:
                message = await self.receive(wait)
                assert message is not None, "socket closed during a turn"
                if message["type"] == "turn.start" and not turn.turn_id:
                    turn.turn_id = str(message["turn_id"])
                if not turn.turn_id:
                    turn.before.append(message)
                    continue
                turn.messages.append(message)
                ends = message["type"] in ("turn.end", "interrupted")
                if ends and message.get("turn_id") == turn.turn_id:
                    break
        for (turn_id, segment), data in self.audio.items():
            if turn_id == turn.turn_id:
                turn.audio[segment] = data
        return turn

    async def ask(self, text: str, wait: float = 20.0) -> Turn:
        await self.send("user.text", text=text)
        return await self.collect_turn(wait)

    async def stop(self) -> list[Message]:
        """`session.stop`; returns what arrived until the server closed the socket."""
        await self.send("session.stop")
        rest: list[Message] = []
        while (message := await self.receive()) is not None:
            rest.append(message)
        return rest

    async def confirm(self, confirmation_id: str, accept: bool = True) -> Turn:
        await self.send("confirm", confirmation_id=confirmation_id, accept=accept)
        return await self.collect_turn()


async def open_conversation(
    client: TestClient[Any, Any], path: str = "/ws", **start: Any
) -> Conversation:
    ws = await client.ws_connect(path)
    conversation = Conversation(ws)
    await conversation.start(**start)
    return conversation


def make_app(settings: Settings, **options: Any) -> Any:
    options.setdefault("recorder", LatencyRecorder())
    return create_app(settings, AppOptions(**options))
