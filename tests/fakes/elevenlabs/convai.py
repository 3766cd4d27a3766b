"""A fake ElevenLabs Conversational AI agent (signed URL + WebSocket).

Faithful to ElevenLabs' AsyncAPI schema (`agent.asyncapi.yaml`): the signed URL is only
given for the right `xi-api-key` and agent, expires (`signed_url_ttl`), and an expired or
unknown signature is refused at the handshake (401). On the socket the first client
message must be `conversation_initiation_client_data`; the agent answers with
`conversation_initiation_metadata`, then sends pings with increasing event ids and
records the pongs. Each user input (a `user_message`, or an utterance in the
`user_audio_chunk` audio: non-zero samples followed by silence) plays the next scripted
`AgentTurn`: transcripts, `agent_response`, audio events
with character alignment, client tool calls that wait for `client_tool_result`,
interruptions (with a stale audio chunk and a correction), error closes and dropped
sockets.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from fakes.server import FakeServer

MS_PER_CHAR = 40

#: Tool parameters, or a function of the conversation so far (e.g. to reuse a token).
Parameters = dict[str, Any] | Callable[["Conversation"], dict[str, Any]]


@dataclass
class AgentTurn:
    """What the fake agent does for one user input."""

    reply: str | Callable[[list[dict[str, Any]]], str] = "De acuerdo."
    heard: str | None = None
    filler: str | None = None
    tool_calls: list[tuple[str, Parameters]] = field(default_factory=list)
    audio_chunks: int = 2
    interrupt_after: int | None = None
    close_code: int | None = None
    error_type: str = ""
    drop: bool = False
    silent: bool = False


@dataclass
class Conversation:
    """What one conversation saw from the client."""

    conversation_id: str
    initiation: dict[str, Any] | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    pings: list[int] = field(default_factory=list)
    pongs: list[int] = field(default_factory=list)
    audio: bytearray = field(default_factory=bytearray)
    speech_bytes: int = 0
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    user_messages: list[str] = field(default_factory=list)
    closed_by_client: bool = False
    close_code: int | None = None

    def missing_pongs(self) -> list[int]:
        return [p for p in self.pings if p not in self.pongs]


class ConvAIAgent:
    """The agent behind the fake; routes are added to a `FakeServer`."""

    def __init__(
        self,
        server: FakeServer,
        *,
        api_key: str,
        agent_id: str,
        output_format: str = "pcm_16000",
        input_format: str = "pcm_16000",
        ping_interval: float = 0.05,
        signed_url_ttl: float = 900.0,
        min_speech_bytes: int = 8000,
        tool_timeout: float = 5.0,
    ) -> None:
        self.server = server
        self.api_key = api_key
        self.agent_id = agent_id
        self.output_format = output_format
        self.input_format = input_format
        self.ping_interval = ping_interval
        self.signed_url_ttl = signed_url_ttl
        self.min_speech_bytes = min_speech_bytes
        self.tool_timeout = tool_timeout
        self.turns: list[AgentTurn] = []
        self.conversations: list[Conversation] = []
        self.refuse_overrides = False
        self.initiation_close: tuple[int, str] | None = (
            None  # e.g. (1008, "missing_dynamic_variable")
        )
        self.signatures: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._sockets: set[web.WebSocketResponse] = set()
        server.route(
            "GET", "/v1/convai/conversation/get-signed-url", "get-signed-url", self._signed_url
        )
        server.route("GET", "/v1/convai/conversation", "conversation", self._conversation)

    @property
    def rate(self) -> int:
        return int(self.output_format.split("_")[1])

    def expire_signatures(self) -> None:
        """Every signed URL handed out so far stops working (as after 15 minutes)."""
        for signature in self.signatures:
            self.signatures[signature] = 0.0

    async def close_all(self) -> None:
        for ws in list(self._sockets):
            await ws.close()

    # --- HTTP -----------------------------------------------------------------------------
    async def _signed_url(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("xi-api-key") != self.api_key:
            return web.json_response(
                {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}, status=401
            )
        if request.query.get("agent_id") != self.agent_id:
            return web.json_response(
                {"detail": {"status": "agent_not_found", "message": "Agent not found"}},
                status=404,
            )
        signature = secrets.token_urlsafe(16)
        self.signatures[signature] = time.monotonic() + self.signed_url_ttl
        url = (
            f"{self.server.ws_url}/v1/convai/conversation?agent_id={self.agent_id}"
            f"&conversation_signature={signature}"
        )
        return web.json_response({"signed_url": url})

    # --- WebSocket ------------------------------------------------------------------------
    async def _conversation(self, request: web.Request) -> web.StreamResponse:
        expiry = self.signatures.get(request.query.get("conversation_signature", ""), 0.0)
        if expiry < time.monotonic():
            raise web.HTTPUnauthorized(text="invalid or expired conversation signature")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        conv = Conversation(conversation_id=f"conv_{len(self.conversations) + 1}")
        self.conversations.append(conv)
        try:
            await self._serve(ws, conv)
        finally:
            self._sockets.discard(ws)
            conv.close_code = ws.close_code
        return ws

    async def _serve(self, ws: web.WebSocketResponse, conv: Conversation) -> None:
        first = await ws.receive(timeout=5)
        if first.type != WSMsgType.TEXT:
            return
        data = first.json()
        conv.messages.append(data)
        if data.get("type") != "conversation_initiation_client_data":
            await self._close_with_error(ws, 1008, "invalid_message")
            return
        conv.initiation = data
        if self.refuse_overrides and data.get("conversation_config_override"):
            await self._close_with_error(ws, 1008, "override_error")
            return
        if self.initiation_close is not None:
            await self._close_with_error(ws, *self.initiation_close)
            return
        await ws.send_json(
            {
                "type": "conversation_initiation_metadata",
                "conversation_initiation_metadata_event": {
                    "conversation_id": conv.conversation_id,
                    "agent_output_audio_format": self.output_format,
                    "user_input_audio_format": self.input_format,
                },
            }
        )
        pinger = asyncio.create_task(self._ping(ws, conv))
        pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        turns: set[asyncio.Task[None]] = set()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = msg.json()
                conv.messages.append(data)
                trigger = self._receive(data, conv, pending)
                if trigger is not None:
                    task = asyncio.create_task(self._play(ws, conv, trigger, pending))
                    turns.add(task)
                    task.add_done_callback(turns.discard)
            conv.closed_by_client = ws.close_code is not None and not ws.exception()
        finally:
            pinger.cancel()
            for task in turns:
                task.cancel()

    def _receive(
        self,
        data: dict[str, Any],
        conv: Conversation,
        pending: dict[str, asyncio.Future[dict[str, Any]]],
    ) -> str | None:
        """Record one client message; returns the user's input when a turn must start."""
        if "user_audio_chunk" in data:
            # A crude voice detector: speech is any non-zero sample; an utterance of at
            # least `min_speech_bytes` ends at the first chunk of pure silence.
            chunk = base64.b64decode(data["user_audio_chunk"])
            conv.audio.extend(chunk)
            if any(chunk):
                conv.speech_bytes += len(chunk)
            elif conv.speech_bytes >= self.min_speech_bytes:
                conv.speech_bytes = 0
                return "audio"
            return None
        kind = data.get("type")
        if kind == "pong":
            conv.pongs.append(int(data["event_id"]))
        elif kind == "user_message":
            conv.user_messages.append(str(data.get("text")))
            return "text"
        elif kind == "client_tool_result":
            conv.tool_results.append(data)
            future = pending.pop(str(data.get("tool_call_id")), None)
            if future is not None and not future.done():
                future.set_result(data)
        return None

    async def _ping(self, ws: web.WebSocketResponse, conv: Conversation) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            while not ws.closed:
                await asyncio.sleep(self.ping_interval)
                event_id = next(self._ids)
                conv.pings.append(event_id)
                await ws.send_json(
                    {"type": "ping", "ping_event": {"event_id": event_id, "ping_ms": 12}}
                )

    async def _play(
        self,
        ws: web.WebSocketResponse,
        conv: Conversation,
        source: str,
        pending: dict[str, asyncio.Future[dict[str, Any]]],
    ) -> None:
        turn = self.turns.pop(0) if self.turns else AgentTurn()
        if turn.silent:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            if source == "audio" and turn.heard:
                await self._transcripts(ws, turn.heard)
            if turn.filler:
                await self._speak(ws, turn.filler, AgentTurn(audio_chunks=1))
            results: list[dict[str, Any]] = []
            for name, given in turn.tool_calls:
                parameters = given(conv) if callable(given) else given
                call_id = f"call_{secrets.token_hex(4)}"
                future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
                pending[call_id] = future
                await ws.send_json(
                    {
                        "type": "client_tool_call",
                        "client_tool_call": {
                            "tool_name": name,
                            "tool_call_id": call_id,
                            "parameters": parameters,
                            "event_id": next(self._ids),
                        },
                    }
                )
                results.append(await asyncio.wait_for(future, self.tool_timeout))
            reply = turn.reply(results) if callable(turn.reply) else turn.reply
            await self._speak(ws, reply, turn)

    async def _transcripts(self, ws: web.WebSocketResponse, heard: str) -> None:
        event_id = next(self._ids)
        await ws.send_json(
            {
                "type": "tentative_user_transcript",
                "tentative_user_transcription_event": {
                    "user_transcript": heard[: max(1, len(heard) // 2)],
                    "event_id": event_id,
                },
            }
        )
        await ws.send_json(
            {
                "type": "user_transcript",
                "user_transcription_event": {"user_transcript": heard, "event_id": event_id},
            }
        )

    async def _speak(self, ws: web.WebSocketResponse, text: str, turn: AgentTurn) -> None:
        event_id = next(self._ids)
        await ws.send_json(
            {
                "type": "agent_response",
                "agent_response_event": {"agent_response": text, "event_id": event_id},
            }
        )
        pieces = split_text(text, turn.audio_chunks)
        for index, piece in enumerate(pieces, start=1):
            await ws.send_json(self.audio_event(piece, event_id))
            if turn.close_code is not None:
                await self._close_with_error(ws, turn.close_code, turn.error_type)
                return
            if turn.drop:
                transport = ws._req.transport if ws._req is not None else None
                if transport is not None:
                    transport.abort()
                return
            if turn.interrupt_after == index:
                await ws.send_json(
                    {"type": "interruption", "interruption_event": {"event_id": event_id}}
                )
                stale = "".join(pieces[index:]) or "late"
                await ws.send_json(self.audio_event(stale, event_id))
                spoken = "".join(pieces[:index])
                await ws.send_json(
                    {
                        "type": "agent_response_correction",
                        "agent_response_correction_event": {
                            "original_agent_response": text,
                            "corrected_agent_response": spoken,
                            "event_id": event_id,
                        },
                    }
                )
                return
            await asyncio.sleep(0)

    def audio_event(self, text: str, event_id: int) -> dict[str, Any]:
        """An audio event whose length and alignment follow `text` (40 ms a character)."""
        samples = self.rate * MS_PER_CHAR * len(text) // 1000
        pcm = (b"\x10\x00\xf0\xff" * (samples // 2 + 1))[: samples * 2]
        return {
            "type": "audio",
            "audio_event": {
                "audio_base_64": base64.b64encode(pcm).decode("ascii"),
                "event_id": event_id,
                "alignment": {
                    "chars": list(text),
                    "char_start_times_ms": [i * MS_PER_CHAR for i in range(len(text))],
                    "char_durations_ms": [MS_PER_CHAR] * len(text),
                },
            },
        }

    async def _close_with_error(
        self, ws: web.WebSocketResponse, code: int, error_type: str
    ) -> None:
        if error_type:
            await ws.send_json(
                {
                    "type": "error",
                    "error_event": {
                        "code": code,
                        "message": f"fake {error_type}",
                        "error_type": error_type,
                    },
                }
            )
        await ws.close(code=code, message=error_type.encode())


def split_text(text: str, parts: int) -> list[str]:
    """`text` in `parts` consecutive pieces (fewer when the text is short)."""
    parts = max(1, min(parts, len(text) or 1))
    size = -(-len(text) // parts) if text else 1
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]
