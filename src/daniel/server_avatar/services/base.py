"""The provider interfaces of the avatar server.

A conversation session (one per WebSocket) owns one instance of each provider kind:

    SpeechToText   user audio (PCM16 mono 16 kHz) → transcripts (partial and final)
    Brain          user text (or audio, for speech-to-speech brains) → events:
                   answer text, tool activity, confirmations, and optionally speech
    TextToSpeech   one sentence of text → audio chunks with lip-sync timings
    Avatar         shows the answer: `local` is drawn in the browser from the timings;
                   remote avatars (HeyGen, LiveAvatar) speak the text in a LiveKit room

Implementations live one folder per vendor (`services/local/`, `services/openai/`,
`services/elevenlabs/`, `services/heygen/`, `services/liveavatar/`) and are selected by
name through `services.provider_registry`, which imports them lazily. Providers take plain
constructor arguments and never read the environment.

Errors: every provider raises `ProviderError` (or a subclass, see `services.errors`)
carrying the service name, its kind and HTTP status, and whether a retry can help; the
session renders it in the user's language (`error.localized(lang)`).
"""

from __future__ import annotations

import abc
import contextvars
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from daniel.server_avatar.services.errors import AudioProblem as AudioProblem
from daniel.server_avatar.services.errors import AudioRejected as AudioRejected
from daniel.server_avatar.services.errors import ProviderError as ProviderError
from daniel.server_avatar.services.errors import ProviderUnavailable as ProviderUnavailable

Lang = Literal["es", "en"]


# --------------------------------------------------------------------------- speech
@dataclass(frozen=True, slots=True)
class Viseme:
    """Mouth shape `v` (see docs/protocol.md) from `t` ms after the chunk starts."""

    t: int
    v: str


@dataclass(frozen=True, slots=True)
class WordTiming:
    """Word `w` spoken from `t` ms for `d` ms after the chunk starts."""

    t: int
    d: int
    w: str


@dataclass(slots=True)
class SpeechChunk:
    """Synthesised speech for (part of) one sentence: PCM16LE mono at `sample_rate`."""

    text: str
    audio: bytes
    sample_rate: int
    visemes: list[Viseme] = field(default_factory=list)
    words: list[WordTiming] = field(default_factory=list)

    @property
    def duration_ms(self) -> int:
        return int(len(self.audio) / 2 * 1000 / self.sample_rate)


#: Which sentence of the current answer is being synthesised (0: the first). Set by the
#: session around `TextToSpeech.synthesize`; a busy provider may serve first sentences
#: first, so every conversation starts talking soon.
sentence_index: contextvars.ContextVar[int] = contextvars.ContextVar("sentence_index", default=0)


class TextToSpeech(abc.ABC):
    """Turns one sentence into speech. Implementations must not block the event loop."""

    name: str = "tts"
    sample_rate: int = 22050

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Warm up / check availability; raise `ProviderUnavailable` if it cannot run."""

    @abc.abstractmethod
    def synthesize(self, text: str, lang: Lang) -> AsyncIterator[SpeechChunk]:
        """Yield the speech of `text` in one or more chunks, as soon as each is ready."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""


# --------------------------------------------------------------------------- STT
@dataclass(frozen=True, slots=True)
class Transcript:
    """What was heard. `lang`: the language the words were spoken in, when the recogniser
    knows it (the answer uses it). `unclear`: speech was heard but not made out; `text`
    holds the words heard, which are not answered."""

    text: str
    final: bool = True
    confidence: float | None = None
    lang: Lang | None = None
    unclear: bool = False


PartialCallback = Callable[[str], Awaitable[None]]


class SttStream(abc.ABC):
    """One utterance being recognised incrementally."""

    @abc.abstractmethod
    async def feed(self, pcm16: bytes) -> None:
        """Add audio (PCM16LE mono at the stream's sample rate)."""

    @abc.abstractmethod
    async def finish(self) -> Transcript:
        """No more audio: return the final transcript (empty text if nothing was heard)."""

    async def cancel(self) -> None:  # noqa: B027 - optional hook
        """Drop the utterance."""


class SpeechToText(abc.ABC):
    """Recognises speech. `unavailable_reason` is shown to the user when it cannot run."""

    name: str = "stt"
    unavailable_reason: str | None = None

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Check availability; raise `ProviderUnavailable` (with a plain reason) if not."""

    def unavailable_reason_for(self, lang: Lang) -> str | None:
        """Why voice input cannot work in `lang` (None: it can). Default: any language."""
        return self.unavailable_reason

    @abc.abstractmethod
    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        """Recognise one complete utterance."""

    def stream(
        self, *, sample_rate: int, lang: Lang, on_partial: PartialCallback | None = None
    ) -> SttStream:
        """Incremental recognition; the default buffers and transcribes at the end."""
        return _BufferedStream(self, sample_rate, lang)

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""


class _BufferedStream(SttStream):
    def __init__(self, stt: SpeechToText, sample_rate: int, lang: Lang) -> None:
        self._stt = stt
        self._rate = sample_rate
        self._lang = lang
        self._buf = bytearray()

    async def feed(self, pcm16: bytes) -> None:
        self._buf.extend(pcm16)

    async def finish(self) -> Transcript:
        if not self._buf:
            return Transcript("")
        return await self._stt.transcribe(bytes(self._buf), sample_rate=self._rate, lang=self._lang)

    async def cancel(self) -> None:
        self._buf.clear()


# --------------------------------------------------------------------------- tools
@dataclass(slots=True)
class ToolResult:
    """What an MCP tool returned: structured content (see docs/mcp.md) and its text."""

    name: str
    structured: dict[str, Any]
    text: str
    is_error: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return self.structured.get("status") == "needs_confirmation"


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """An MCP tool as listed by the server (for LLM tool calling)."""

    name: str
    description: str
    input_schema: dict[str, Any]


class ToolRunner(abc.ABC):
    """Calls the MCP server's tools on behalf of one session."""

    @abc.abstractmethod
    async def list_tools(self) -> Sequence[ToolSpec]: ...

    @abc.abstractmethod
    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        """Call a tool. Tool errors come back as `is_error=True`, never raised;
        transport failures raise `ProviderError(service="mcp", retryable=True)`."""

    async def call_as(
        self, name: str, arguments: dict[str, Any], meta: dict[str, Any] | None
    ) -> ToolResult:
        """`call` with request `_meta` (whose credential the call runs with); runners
        that do not reach an MCP server ignore it."""
        return await self.call(name, arguments)


# --------------------------------------------------------------------------- brain events
@dataclass(frozen=True, slots=True)
class TextDelta:
    """The next piece of the answer (sentences may be split across deltas)."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolActivity:
    """A tool call started (`status="running"`) or ended (`done`/`error`)."""

    call_id: str
    name: str
    status: Literal["running", "done", "error"]
    label: str = ""
    summary: str = ""
    kind: str = "other"
    records: tuple[dict[str, Any], ...] = ()
    #: How many records the call matched when it counted them (0: "there are none").
    count: int | None = None


@dataclass(frozen=True, slots=True)
class ConfirmationRequest:
    """A write proposed by the MCP server's preview; nothing changes until confirmed."""

    confirmation_id: str
    tool: str
    summary: str
    changes: tuple[dict[str, Any], ...] = ()
    expires_in: int = 120


@dataclass(frozen=True, slots=True)
class ConfirmationOutcome:
    confirmation_id: str
    status: Literal["done", "cancelled", "expired", "error"]
    summary: str
    records: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class UserTranscript:
    """Speech-to-speech brains report what they heard."""

    text: str
    final: bool


@dataclass(frozen=True, slots=True)
class AgentSpeech:
    """Speech-to-speech brains produce their own audio (with timings when known)."""

    chunk: SpeechChunk


@dataclass(frozen=True, slots=True)
class Interruption:
    """The brain itself detected that the user barged in."""

    reason: str = "barge_in"


@dataclass(frozen=True, slots=True)
class Notice:
    """Tell the user something about the service (e.g. a fallback)."""

    message: str
    level: Literal["info", "warning"] = "warning"


@dataclass(frozen=True, slots=True)
class TurnDone:
    """The brain finished the turn; `text` is the whole answer. `outcome`, when the brain
    knows it: answered, asked (a question back), not_understood, out_of_scope, proposed
    (a change awaits confirmation) or error."""

    text: str
    outcome: str | None = None


BrainEvent = (
    TextDelta
    | ToolActivity
    | ConfirmationRequest
    | ConfirmationOutcome
    | UserTranscript
    | AgentSpeech
    | Interruption
    | Notice
    | TurnDone
)


@dataclass(slots=True)
class BrainContext:
    """What a brain knows about its session."""

    session_id: str
    lang: Lang
    tools: ToolRunner
    user_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Brain(abc.ABC):
    """Turns user input into answer events. One instance per session (keeps context).

    Text brains implement `respond`. Speech-to-speech brains (ElevenLabs ConvAI) set
    `handles_audio = True`, take audio through `send_audio`, and yield everything
    (transcripts, text, speech, tool activity) from `events`.
    """

    name: str = "brain"
    handles_audio: bool = False

    def __init__(self, context: BrainContext) -> None:
        self.context = context

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Connect; raise `ProviderUnavailable` or `ProviderError` if it cannot run."""

    @abc.abstractmethod
    def respond(self, text: str) -> AsyncIterator[BrainEvent]:
        """Handle one user turn given as text; the last event is `TurnDone`.

        A pending `ConfirmationRequest` from an earlier turn is answered by the user's
        next turn ("sí", "yes", "no", "cancela") or by `confirm`."""

    @abc.abstractmethod
    def confirm(self, confirmation_id: str, accept: bool) -> AsyncIterator[BrainEvent]:
        """The user pressed Confirm/Cancel; yields `ConfirmationOutcome`, text, `TurnDone`."""

    async def send_audio(self, pcm16: bytes) -> None:
        """Speech-to-speech brains only: relay user audio (PCM16 mono 16 kHz)."""
        raise NotImplementedError

    def events(self) -> AsyncIterator[BrainEvent]:
        """Speech-to-speech brains only: events not tied to a `respond` call."""
        raise NotImplementedError

    async def interrupt(self) -> None:  # noqa: B027 - optional hook
        """The user barged in: stop producing the current answer."""

    def set_lang(self, lang: Lang) -> None:
        self.context.lang = lang

    def snapshot(self) -> dict[str, Any] | None:
        """The conversation's context as JSON, for another process to resume it (None:
        this brain cannot move; its conversations resume only where they started)."""
        return None

    def restore(self, snapshot: dict[str, Any]) -> bool:
        """Take up a `snapshot` of another process's brain; False if it cannot."""
        return False

    async def close(self) -> None:  # noqa: B027 - optional hook
        """End the session with the brain's backend."""


# --------------------------------------------------------------------------- avatar
@dataclass(frozen=True, slots=True)
class AvatarSession:
    """What the browser needs to show a remote avatar (never holds an API key)."""

    provider: str
    livekit_url: str
    token: str


class Avatar(abc.ABC):  # noqa: B024 - every hook is optional; `local` overrides none
    """Shows the answer. `local` speaks nothing server-side: the browser draws it from
    the TTS timings. Remote avatars speak the text themselves (`speaks_text = True`),
    sentence by sentence, so the local TTS audio is not sent."""

    name: str = "avatar"
    speaks_text: bool = False

    async def start(self, lang: Lang) -> AvatarSession | None:
        """Open the avatar session; remote avatars return the LiveKit details."""
        return None

    async def speak(self, text: str) -> None:  # noqa: B027 - optional hook
        """Say exactly `text` (one sentence)."""

    async def interrupt(self) -> None:  # noqa: B027 - optional hook
        """Stop talking now."""

    async def keep_alive(self) -> None:  # noqa: B027 - optional hook
        """Called periodically while the page is open."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Stop the session (remote sessions cost money: always called)."""
