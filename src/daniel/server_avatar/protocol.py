"""The conversation WebSocket protocol, server side (mirrors docs/protocol.md).

Incoming text frames are parsed into the pydantic models below (a discriminated union on
`type`) by `parse_message`, which raises `ProtocolError` with a plain sentence for
anything malformed, unknown or oversized. Outgoing messages are built by the small
functions at the end of this module, one per message type, so every field name lives in
one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, TypeAdapter, ValidationError

from daniel.server_avatar.services.base import Viseme, WordTiming

Lang = Literal["es", "en"]
Mode = Literal["push_to_talk", "hands_free"]
State = Literal["idle", "listening", "thinking", "speaking"]
ErrorStage = Literal["protocol", "session", "stt", "brain", "tts", "avatar", "mcp", "odoo"]

#: Limits announced in `session.ready` and enforced by the WebSocket handler.
MAX_TEXT_FRAME = 64 * 1024
MAX_BINARY_FRAME = 64 * 1024
MAX_MESSAGES_PER_SECOND = 50
MAX_USER_TEXT = 2000
INPUT_SAMPLE_RATE = 16000
AUDIO_FORMAT = "pcm_s16le"


class ProtocolError(Exception):
    """An incoming frame that does not follow the protocol; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- incoming
class _Incoming(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class SessionStart(_Incoming):
    type: Literal["session.start"]
    lang: Lang | None = None
    resume: str | None = Field(None, min_length=1, max_length=128)
    mode: Mode | None = None


class SessionStop(_Incoming):
    type: Literal["session.stop"]


class UserText(_Incoming):
    type: Literal["user.text"]
    text: str = Field(min_length=1, max_length=MAX_USER_TEXT)


class AudioStart(_Incoming):
    type: Literal["audio.start"]
    sample_rate: Literal[16000] = 16000


class AudioEnd(_Incoming):
    type: Literal["audio.end"]


class Interrupt(_Incoming):
    type: Literal["interrupt"]


class Confirm(_Incoming):
    type: Literal["confirm"]
    confirmation_id: str = Field(min_length=1, max_length=128)
    accept: StrictBool


class SetLang(_Incoming):
    type: Literal["lang"]
    lang: Lang


class Ping(_Incoming):
    type: Literal["ping"]
    t: float | None = None


#: Why the browser shows the local avatar instead of the remote one.
FallbackReason = Literal["connect_failed", "disconnected"]


class AvatarFallback(_Incoming):
    type: Literal["avatar.fallback"]
    reason: FallbackReason


IncomingMessage = Annotated[
    SessionStart
    | SessionStop
    | UserText
    | AudioStart
    | AudioEnd
    | Interrupt
    | Confirm
    | SetLang
    | Ping
    | AvatarFallback,
    Field(discriminator="type"),
]
_INCOMING: TypeAdapter[IncomingMessage] = TypeAdapter(IncomingMessage)
INCOMING_TYPES = (
    "session.start",
    "session.stop",
    "user.text",
    "audio.start",
    "audio.end",
    "interrupt",
    "confirm",
    "lang",
    "ping",
    "avatar.fallback",
)


def parse_message(raw: str) -> IncomingMessage:
    """Parse one text frame; raise `ProtocolError` saying what is wrong."""
    if len(raw.encode("utf-8")) > MAX_TEXT_FRAME:
        raise ProtocolError(f"message too large (the limit is {MAX_TEXT_FRAME} bytes)")
    try:
        data = json.loads(raw)
    except ValueError:
        raise ProtocolError("message is not valid JSON") from None
    except RecursionError:
        raise ProtocolError("message is nested too deeply") from None
    if not isinstance(data, dict):
        raise ProtocolError("message must be a JSON object with a 'type'")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("message has no 'type'")
    if kind not in INCOMING_TYPES:
        raise ProtocolError(f"unknown message type {kind[:40]!r}")
    try:
        return _INCOMING.validate_python(data)
    except ValidationError as exc:
        raise ProtocolError(_describe(kind, exc)) from None


def _describe(kind: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"][1:]) or "message"
    return f"invalid {kind!r}: {field}: {first['msg']}"


# --------------------------------------------------------------------------- outgoing
Message = dict[str, Any]


def dumps(message: Message) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def session_ready(
    *,
    session_id: str,
    lang: Lang,
    resumed: bool,
    providers: Mapping[str, str],
    voice_input: tuple[bool, str | None],
    sample_rate: int,
) -> Message:
    enabled, reason = voice_input
    return {
        "type": "session.ready",
        "session_id": session_id,
        "lang": lang,
        "resumed": resumed,
        "providers": dict(providers),
        "voice_input": {"enabled": enabled, "reason": reason},
        "audio_out": {"format": AUDIO_FORMAT, "sample_rate": sample_rate},
        "limits": {"max_text": MAX_USER_TEXT, "max_frame": MAX_BINARY_FRAME},
    }


def state(value: State) -> Message:
    return {"type": "state", "state": value}


def turn_start(turn_id: str, source: Literal["text", "voice"]) -> Message:
    return {"type": "turn.start", "turn_id": turn_id, "source": source}


def transcript(turn_id: str, text: str, *, final: bool) -> Message:
    return {"type": "transcript", "turn_id": turn_id, "text": text, "final": final}


def agent_delta(turn_id: str, text: str) -> Message:
    return {"type": "agent.delta", "turn_id": turn_id, "text": text}


def agent_text(turn_id: str, text: str) -> Message:
    return {"type": "agent.text", "turn_id": turn_id, "text": text}


def tool(
    turn_id: str,
    *,
    call_id: str,
    name: str,
    status: Literal["running", "done", "error"],
    label: str = "",
    summary: str = "",
    kind: str = "other",
    records: Iterable[Mapping[str, Any]] = (),
    count: int | None = None,
) -> Message:
    message: Message = {
        "type": "tool",
        "turn_id": turn_id,
        "call_id": call_id,
        "name": name,
        "status": status,
        "label": label,
        "summary": summary,
        "kind": kind,
        "records": [record_card(r) for r in records],
    }
    if count is not None:
        message["count"] = count
    return message


_CARD_KEYS = ("model", "id", "name", "url")


def record_card(record: Mapping[str, Any]) -> Message:
    """A record as a card: `{model, id, name, url, fields}` (other keys go to `fields`)."""
    card: Message = {key: record.get(key) for key in _CARD_KEYS}
    given = record.get("fields")
    fields = dict(given) if isinstance(given, Mapping) else {}
    fields.update({k: v for k, v in record.items() if k not in _CARD_KEYS and k != "fields"})
    card["fields"] = fields
    return card


def confirm_request(
    turn_id: str,
    *,
    confirmation_id: str,
    tool_name: str,
    summary: str,
    changes: Sequence[Mapping[str, Any]],
    expires_in: int,
) -> Message:
    return {
        "type": "confirm.request",
        "turn_id": turn_id,
        "confirmation_id": confirmation_id,
        "tool": tool_name,
        "summary": summary,
        "changes": [dict(c) for c in changes],
        "expires_in": expires_in,
    }


def confirm_result(
    *,
    confirmation_id: str,
    status: Literal["done", "cancelled", "expired", "error"],
    summary: str,
    records: Iterable[Mapping[str, Any]] = (),
) -> Message:
    return {
        "type": "confirm.result",
        "confirmation_id": confirmation_id,
        "status": status,
        "summary": summary,
        "records": [record_card(r) for r in records],
    }


def speech_segment(
    turn_id: str,
    *,
    segment: int,
    text: str,
    sample_rate: int,
    duration_ms: int,
    visemes: Iterable[Viseme],
    words: Iterable[WordTiming],
) -> Message:
    return {
        "type": "speech.segment",
        "turn_id": turn_id,
        "segment": segment,
        "text": text,
        "format": AUDIO_FORMAT,
        "sample_rate": sample_rate,
        "duration_ms": duration_ms,
        "visemes": [{"t": v.t, "v": v.v} for v in visemes],
        "words": [{"t": w.t, "d": w.d, "w": w.w} for w in words],
    }


def speech_segment_end(turn_id: str, segment: int) -> Message:
    return {"type": "speech.segment.end", "turn_id": turn_id, "segment": segment}


def interrupted(turn_id: str, reason: Literal["barge_in", "client"]) -> Message:
    return {"type": "interrupted", "turn_id": turn_id, "reason": reason}


def turn_end(turn_id: str, outcome: str | None = None) -> Message:
    message: Message = {"type": "turn.end", "turn_id": turn_id}
    if outcome:
        message["outcome"] = outcome
    return message


def latency(turn_id: str, marks: Mapping[str, int]) -> Message:
    return {"type": "latency", "turn_id": turn_id, "marks": dict(marks)}


def avatar_session(provider: str, livekit_url: str, token: str) -> Message:
    return {
        "type": "avatar.session",
        "provider": provider,
        "livekit_url": livekit_url,
        "token": token,
    }


def notice(message: str, level: Literal["info", "warning"] = "warning") -> Message:
    return {"type": "notice", "level": level, "message": message}


def error(
    stage: ErrorStage, message: str, *, retryable: bool = False, turn_id: str | None = None
) -> Message:
    out: Message = {"type": "error", "stage": stage, "message": message, "retryable": retryable}
    if turn_id is not None:
        out["turn_id"] = turn_id
    return out


def server_reconnect(session_id: str | None, message: str, retry_ms: int = 500) -> Message:
    """The server is going away (a restart): reconnect and resume `session_id`."""
    return {
        "type": "server.reconnect",
        "session_id": session_id,
        "retry_ms": retry_ms,
        "message": message,
    }


def pong(t: float | None) -> Message:
    return {"type": "pong", "t": t}
