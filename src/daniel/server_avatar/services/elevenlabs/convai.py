"""`BRAIN=elevenlabs`: an ElevenLabs Conversational AI agent as the brain.

The server (never the browser) fetches a signed URL with the API key, opens the agent's
WebSocket with aiohttp and keeps it for the whole conversation:

    send_audio(pcm16)  → {"user_audio_chunk": ...} every ~250 ms of 16 kHz PCM16
    respond(text)      → {"type": "user_message"}, then that turn's events until TurnDone
    events()           ← everything else: UserTranscript (tentative and final), TextDelta,
                         AgentSpeech (audio + visemes from the alignment), ToolActivity,
                         ConfirmationRequest, Interruption, Notice, TurnDone

Every `ping` is answered with a `pong` carrying its `event_id`. An `interruption` drops
all audio whose `event_id` is at or below the interruption's. `client_tool_call`s run on
the MCP server through `context.tools` while the socket keeps being read.

Failures end the pending `respond`/`events` with `ProviderError` (see `errors.py` and
`convai_protocol.close_error`) so the session can fall back to a local brain; a normal
close (1000: the agent hung up or the maximum duration was reached) yields a `Notice`
and ends the open turn, and the next user input opens a new conversation.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from daniel.language.labels import tool_label
from daniel.server_avatar.services.base import (
    AgentSpeech,
    Brain,
    BrainContext,
    BrainEvent,
    ConfirmationOutcome,
    Interruption,
    Lang,
    Notice,
    ProviderError,
    SpeechChunk,
    TextDelta,
    ToolActivity,
    UserTranscript,
)
from daniel.server_avatar.services.elevenlabs import alignment, convai_connect, convai_tools
from daniel.server_avatar.services.elevenlabs import convai_protocol as proto
from daniel.server_avatar.services.elevenlabs.convai_turns import (
    Failure,
    Item,
    Stop,
    TurnTracker,
    drain,
)
from daniel.server_avatar.services.elevenlabs.errors import (
    SERVICE,
    network_error,
    say,
)
from daniel.server_avatar.tools.write_confirmations import (
    PendingConfirmations,
    activity_from,
    confirm_pending,
    outcome_from,
)

log = logging.getLogger(__name__)

# The MCP server's confirmation tools and their argument (a name, not a secret).
CONFIRM_TOOL = "confirm_action"
CANCEL_TOOL = "cancel_action"
TOKEN_ARG = "confirmation_token"  # noqa: S105


class ConvAIBrain(Brain):
    """One ElevenLabs conversation per session; speech in, speech and text out."""

    name = "elevenlabs"
    handles_audio = True

    def __init__(
        self,
        context: BrainContext,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        agent_id: str,
        base_url: str = "https://api.elevenlabs.io",
        prompt: str | None = None,
        first_message: str | None = None,
        voice_id: str | None = None,
        override_language: bool = True,
        dynamic_variables: dict[str, str | int | float | bool] | None = None,
        timeout: float = 10.0,
        turn_timeout: float = 45.0,
        turn_quiet: float = 0.8,
        audio_chunk_ms: int = 250,
        trailing_silence_ms: int = 1000,
        signed_url_ttl: float = proto.SIGNED_URL_TTL,
    ) -> None:
        super().__init__(context)
        self._http = http
        self._urls = proto.SignedUrls(
            http=http,
            api_key=api_key,
            agent_id=agent_id,
            base_url=base_url,
            timeout=timeout,
            ttl=signed_url_ttl,
        )
        self._prompt = prompt
        self._first_message = first_message
        self._voice_id = voice_id
        self._override_language = override_language
        self._use_overrides = True
        self._variables = dict(dynamic_variables or {})
        self._timeout = timeout
        self._turn_timeout = turn_timeout
        self._chunk_bytes = 16000 * 2 * audio_chunk_ms // 1000
        self._chunk_delay = audio_chunk_ms / 1000
        self._silence_chunks = trailing_silence_ms // audio_chunk_ms
        self._events: asyncio.Queue[Item] = asyncio.Queue()
        self._turn_queue: asyncio.Queue[Item] | None = None
        self._turn = TurnTracker(turn_quiet, self._deliver)
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._flusher: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._send_lock = asyncio.Lock()
        self._connect_lock = asyncio.Lock()
        self._audio = bytearray()
        self._last_interrupt_id = 0
        self._muted = False
        self._closing = False
        self._error_type = ""
        self._encoding = "pcm"
        self._rate = 16000
        self._pending = PendingConfirmations()
        self._tokens: dict[str, str] = {}  # MCP confirmation token → confirmation id
        self.conversation_id: str | None = None
        #: What was said so far (last `HISTORY` lines), to carry the conversation to
        #: another process (`snapshot`); `_carried`: lines to tell the agent on connect.
        self._history: list[dict[str, str]] = []
        self._carried: list[dict[str, str]] = []

    # --- Brain API ------------------------------------------------------------------------
    async def start(self) -> None:
        await self._connect()

    async def respond(self, text: str) -> AsyncIterator[BrainEvent]:
        await self._connect()
        self._said("user", text)
        queue: asyncio.Queue[Item] = asyncio.Queue()
        self._turn.close()
        self._turn_queue = queue
        self._muted = False
        try:
            await self._send(proto.user_message(text))
            async for event in drain(queue, within=self._turn_timeout):
                yield event
        finally:
            if self._turn_queue is queue:
                self._turn_queue = None

    async def confirm(self, confirmation_id: str, accept: bool) -> AsyncIterator[BrainEvent]:
        lang = self.context.lang
        pending = self._pending.take(confirmation_id)
        if pending is None:
            outcome = ConfirmationOutcome(
                confirmation_id,
                "expired",
                say(
                    lang,
                    "Esa propuesta ya no está pendiente; no se ha cambiado nada.",
                    "That proposal is no longer pending; nothing was changed.",
                ),
            )
        else:
            self._tokens.pop(pending.token, None)
            outcome = await confirm_pending(self.context.tools, pending, accept, lang)
        yield outcome
        async for event in self.respond(convai_tools.screen_note(accept, outcome.summary, lang)):
            yield event

    async def send_audio(self, pcm16: bytes) -> None:
        if not pcm16:
            return
        await self._connect()
        self._audio.extend(pcm16)
        while len(self._audio) >= self._chunk_bytes:
            chunk = bytes(self._audio[: self._chunk_bytes])
            del self._audio[: self._chunk_bytes]
            await self._send(proto.user_audio(chunk))
        if self._flusher is not None:
            self._flusher.cancel()
        self._flusher = asyncio.create_task(self._flush_later())

    async def events(self) -> AsyncIterator[BrainEvent]:
        while True:
            item = await self._events.get()
            if isinstance(item, Stop):
                return
            if isinstance(item, Failure):
                raise item.error
            yield item

    async def interrupt(self) -> None:
        """The browser saw a barge-in: drop the rest of the current answer's audio."""
        self._muted = True
        self._turn.interrupt()

    def snapshot(self) -> dict[str, Any] | None:
        """What was said and the proposals waiting for a yes, to go on in another process:
        a new ElevenLabs conversation there is told the earlier lines (`contextual_update`)."""
        return {"history": list(self._history), "pending": self._pending.snapshot()}

    def restore(self, snapshot: dict[str, Any]) -> bool:
        try:
            lines = [
                {"role": str(line["role"]), "text": str(line["text"])}
                for line in snapshot.get("history") or []
            ]
            pending = list(snapshot.get("pending") or [])
            tokens = {str(p["token"]): str(p["confirmation_id"]) for p in pending}
            self._pending.restore(pending)
        except (KeyError, TypeError, ValueError):
            return False
        self._tokens.update(tokens)
        self._history = lines[-HISTORY:]
        self._carried = list(self._history)
        return True

    def _said(self, role: str, text: str) -> None:
        self._history = [*self._history, {"role": role, "text": text[:1000]}][-HISTORY:]

    def set_lang(self, lang: Lang) -> None:
        super().set_lang(lang)
        if self._ws is not None and not self._ws.closed:
            note = say(
                lang,
                "A partir de ahora el usuario habla español; responde en español.",
                "From now on the user speaks English; answer in English.",
            )
            self._spawn(self._send(proto.contextual_update(note)))

    async def close(self) -> None:
        self._closing = True
        self._turn.cancel()
        for task in [self._flusher, *self._tasks]:
            if task is not None:
                task.cancel()
        ws, self._ws = self._ws, None
        if ws is not None and not ws.closed:
            await ws.close(code=aiohttp.WSCloseCode.OK)
        if self._reader is not None:
            self._reader.cancel()
        if self._turn_queue is not None:
            self._turn_queue.put_nowait(Stop())
        self._events.put_nowait(Stop())

    # --- connection -----------------------------------------------------------------------
    async def _connect(self) -> None:
        async with self._connect_lock:
            if self._ws is not None and not self._ws.closed:
                return
            if self._closing:
                raise ProviderError(SERVICE, kind="session_ended")
            ws, meta = await self._open()
            try:
                self._encoding, self._rate = convai_connect.agent_audio(meta)
            except ProviderError:
                await ws.close()
                raise
            self.conversation_id = str(meta.get("conversation_id") or "")
            log.info(
                "ElevenLabs conversation %s started (%s %d Hz)",
                self.conversation_id,
                self._encoding,
                self._rate,
            )
            self._ws = ws
            self._last_interrupt_id = 0
            self._reader = asyncio.create_task(self._read(ws))
            if self._carried:  # a conversation moved from another process: its context
                lines, self._carried = self._carried, []
                await self._send(proto.contextual_update(carried_context(lines)))

    async def _open(self) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any]]:
        """Open a conversation; if the agent refuses our overrides (1008), open one with
        the agent's own settings and say so, rather than losing the agent altogether."""
        try:
            return await convai_connect.open_conversation(
                self._http, self._urls, self._initiation(), wait=self._timeout
            )
        except proto.ConversationClosed as exc:
            if exc.code != 1008 or not self._initiation()["conversation_config_override"]:
                raise
            log.warning("The ElevenLabs agent refused the overrides; using its own settings")
        self._use_overrides = False
        opened = await convai_connect.open_conversation(
            self._http, self._urls, self._initiation(), wait=self._timeout
        )
        self._deliver(
            Notice(
                say(
                    self.context.lang,
                    "El agente de ElevenLabs no permite cambiar su idioma ni su prompt "
                    "(pestaña Security); uso su configuración propia.",
                    "The ElevenLabs agent does not allow overriding its language or prompt "
                    "(Security tab); using its own settings.",
                )
            )
        )
        return opened

    def _initiation(self) -> dict[str, Any]:
        variables: dict[str, str | int | float | bool] = {
            "user_name": self.context.user_name or "",
            "lang": self.context.lang,
            "session_id": self.context.session_id,
        }
        variables.update(self._variables)
        overrides = self._use_overrides
        return proto.initiation(
            lang=self.context.lang,
            override_language=self._override_language and overrides,
            prompt=self._prompt if overrides else None,
            first_message=self._first_message if overrides else None,
            voice_id=self._voice_id if overrides else None,
            dynamic_variables=variables,
        )

    # --- reading ----------------------------------------------------------------------------
    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    try:
                        await self._handle(msg.json())
                    except (ValueError, KeyError, TypeError) as exc:
                        log.warning("Ignoring a malformed ElevenLabs message: %s", exc)
                elif msg.type == aiohttp.WSMsgType.ERROR:
                    break
        except (aiohttp.ClientError, ConnectionError) as exc:
            log.warning("ElevenLabs WebSocket failed: %s", type(exc).__name__)
        finally:
            if not self._closing and ws is self._ws:
                self._closed(ws)

    def _closed(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = None
        lang = self.context.lang
        code = ws.close_code
        error = proto.close_error(code, self._error_type)
        self._error_type = ""
        log.info("ElevenLabs conversation %s closed (code %s)", self.conversation_id, code)
        if error is None:
            self._deliver(
                Notice(
                    say(
                        lang,
                        "ElevenLabs terminó la conversación; al volver a hablar empezará otra.",
                        "ElevenLabs ended the conversation; speaking again starts a new one.",
                    ),
                    level="info",
                )
            )
            self._turn.close(force=True)
            return
        self._turn.cancel()
        self._fail(error)

    async def _handle(self, data: dict[str, Any]) -> None:
        kind = data.get("type")
        if kind == "ping":
            await self._send(proto.pong(int(data["ping_event"]["event_id"])))
        elif kind == "audio":
            self._audio_event(data["audio_event"])
        elif kind == "user_transcript":
            text = str(data["user_transcription_event"]["user_transcript"]).strip()
            self._turn.close()
            self._muted = False
            self._said("user", text)
            self._deliver(UserTranscript(text, final=True))
        elif kind == "tentative_user_transcript":
            text = str(data["tentative_user_transcription_event"]["user_transcript"]).strip()
            self._deliver(UserTranscript(text, final=False))
        elif kind == "agent_response":
            event = data["agent_response_event"]
            text = str(event["agent_response"]).strip()
            if text and int(event.get("event_id") or 0) > self._last_interrupt_id:
                self._said("agent", text)
                self._turn.add_text(text)
                if not self._turn.streamed_text:
                    self._deliver(TextDelta(text + " "))
        elif kind == "agent_chat_response_part":
            part = data["text_response_part"]
            if part.get("type") == "delta" and part.get("text"):
                self._turn.streamed_text = True
                self._deliver(TextDelta(str(part["text"])))
            self._turn.activity()
        elif kind == "agent_response_correction":
            event = data["agent_response_correction_event"]
            self._turn.correct(
                str(event["original_agent_response"]), str(event["corrected_agent_response"])
            )
        elif kind == "interruption":
            event_id = int(data["interruption_event"]["event_id"])
            self._last_interrupt_id = max(self._last_interrupt_id, event_id)
            self._turn.interrupt()
            self._deliver(Interruption("barge_in"))
        elif kind == "client_tool_call":
            self._turn.tool_started()
            self._spawn(self._run_tool(data["client_tool_call"]))
        elif kind == "error":
            self._note_error(data)

    def _audio_event(self, event: dict[str, Any]) -> None:
        event_id = int(event.get("event_id") or 0)
        if event_id <= self._last_interrupt_id or self._muted:
            return
        audio = base64.b64decode(event.get("audio_base_64") or "")
        if self._encoding == "ulaw":
            audio = proto.ulaw_to_pcm16(audio)
        align = event.get("alignment") or {}
        chars = [str(c) for c in align.get("chars") or []]
        starts = [float(s) for s in align.get("char_start_times_ms") or []]
        durations = [float(d) for d in align.get("char_durations_ms") or []]
        ends = [s + d for s, d in zip(starts, durations, strict=False)]
        visemes, words = alignment.timings(chars, starts, ends)
        self._turn.activity()
        chunk = SpeechChunk("".join(chars), audio, self._rate, visemes, words)
        self._deliver(AgentSpeech(chunk))

    def _note_error(self, data: dict[str, Any]) -> None:
        event = data.get("error_event") or {}
        self._error_type = str(event.get("error_type") or "")
        log.warning(
            "ElevenLabs reported an error: code=%s type=%s", event.get("code"), self._error_type
        )

    # --- tools ------------------------------------------------------------------------------
    async def _run_tool(self, call: dict[str, Any]) -> None:
        lang = self.context.lang
        call_id = str(call["tool_call_id"])
        name = str(call["tool_name"])
        arguments = dict(call.get("parameters") or {})
        label = tool_label(name, lang)
        try:
            self._deliver(ToolActivity(call_id, name, "running", label=label))
            try:
                result = await self.context.tools.call(name, arguments)
            except ProviderError as exc:
                self._deliver(ToolActivity(call_id, name, "error", label, exc.message))
                await self._send(proto.tool_result(call_id, exc.message, is_error=True))
                return
            self._deliver(activity_from(call_id, result, label))
            answer = result.text
            if result.needs_confirmation:
                request = self._pending.register(result)
                token = str(result.structured.get(TOKEN_ARG) or "")
                self._tokens[token] = request.confirmation_id
                self._deliver(request)
                answer = convai_tools.ask_user(result.text, request.summary, token, lang)
            elif name in (CONFIRM_TOOL, CANCEL_TOOL):
                # The user said yes/no and the agent carried it out by voice.
                confirmation_id = self._tokens.pop(str(arguments.get(TOKEN_ARG) or ""), "")
                if self._pending.take(confirmation_id) is not None:
                    accepted = name == CONFIRM_TOOL
                    self._deliver(outcome_from(result, confirmation_id, accepted))
            await self._send(proto.tool_result(call_id, answer, is_error=result.is_error))
        except ProviderError as exc:
            log.warning("Could not answer ElevenLabs tool call %s: %s", name, exc.message)
        finally:
            self._turn.tool_finished()

    # --- plumbing ---------------------------------------------------------------------------
    async def _send(self, message: dict[str, Any]) -> None:
        ws = self._ws
        if ws is None or ws.closed:
            raise proto.close_error(None) or network_error(ConnectionError())
        try:
            async with self._send_lock:
                await ws.send_json(message)
        except (aiohttp.ClientError, ConnectionError) as exc:
            raise network_error(exc) from None

    async def _flush_later(self) -> None:
        """When the audio stops (push-to-talk released), send the tail, then some silence
        so that ElevenLabs' voice detection hears the end of the utterance."""
        await asyncio.sleep(self._chunk_delay)
        try:
            if self._audio:
                chunk = bytes(self._audio)
                self._audio.clear()
                await self._send(proto.user_audio(chunk))
            silence = bytes(self._chunk_bytes)
            for _ in range(self._silence_chunks):
                await self._send(proto.user_audio(silence))
                await asyncio.sleep(self._chunk_delay)
        except ProviderError as exc:
            log.warning("Could not send audio to ElevenLabs: %s", exc.message)

    def _deliver(self, event: BrainEvent) -> None:
        (self._turn_queue or self._events).put_nowait(event)

    def _fail(self, error: ProviderError) -> None:
        """Report `error` once: to the typed turn waiting for an answer if there is one
        (its `respond` raises it), else to `events()` (a spoken turn, or between turns).
        Reporting it to both showed the user the same error twice and ended the
        `events()` stream for good, although the next input reconnects."""
        (self._turn_queue or self._events).put_nowait(Failure(error))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


HISTORY = 20  # lines of the conversation carried to another process


def carried_context(lines: list[dict[str, str]]) -> str:
    """The earlier lines of a conversation that moved to this server, for the agent."""
    said = "\n".join(f"{'User' if line['role'] == 'user' else 'Agent'}: {line['text']}"
                     for line in lines)  # fmt: skip
    return (
        "This conversation continues one the user began a moment ago (it moved to "
        "another server). What was said so far:\n" + said
    )
