"""The ElevenLabs Conversational AI WebSocket protocol, as the brain needs it.

Authoritative schema: `packages/types/schemas/agent.asyncapi.yaml` in ElevenLabs' public
`packages` repository. What this module covers:

- the signed URL (`GET /v1/convai/conversation/get-signed-url?agent_id=`, header
  `xi-api-key` → `{"signed_url"}`, valid about 15 minutes): fetched server-side, cached,
  re-fetched when stale or when the WebSocket handshake refuses it;
- client messages: `conversation_initiation_client_data` (overrides, dynamic variables),
  `{"user_audio_chunk": b64}` (no `type`), `pong`, `user_message`, `contextual_update`,
  `user_activity`, `client_tool_result`;
- agent audio formats (`pcm_<rate>`, `ulaw_8000`) and μ-law decoding;
- close codes 1000 (normal or max duration), 1002 (operational: LLM timeout, silence),
  1008 (contract: overrides, variables, invalid message), 1011 (internal).
"""

from __future__ import annotations

import base64
import logging
import time
from typing import Any

import aiohttp

from daniel.metrics import observe_call
from daniel.server_avatar.services.base import Lang, ProviderError
from daniel.server_avatar.services.circuits import vendor_circuit
from daniel.server_avatar.services.elevenlabs.errors import (
    SERVICE,
    http_error,
    network_error,
    read_body,
)
from daniel.server_avatar.services.errors import Kind

log = logging.getLogger(__name__)

SIGNED_URL_TTL = 14 * 60.0  # ElevenLabs documents ~15 minutes; refresh a little earlier


class SignedUrls:
    """Fetches and caches the signed conversation URL of one agent."""

    def __init__(
        self,
        *,
        http: aiohttp.ClientSession,
        api_key: str,
        agent_id: str,
        base_url: str,
        timeout: float,
        ttl: float = SIGNED_URL_TTL,
    ) -> None:
        self._http = http
        self._key = api_key
        self._agent_id = agent_id
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._ttl = ttl
        self._url: str | None = None
        self._fetched_at = 0.0
        self.fetches = 0

    def invalidate(self) -> None:
        self._url = None

    async def get(self) -> str:
        """A signed URL that is not older than the TTL."""
        if self._url is None or time.monotonic() - self._fetched_at > self._ttl:
            self._url = await self._fetch()
            self._fetched_at = time.monotonic()
        return self._url

    async def _fetch(self) -> str:
        self.fetches += 1
        try:
            async with (
                vendor_circuit("elevenlabs", self._base_url),
                observe_call("elevenlabs", "convai.signed_url"),
                self._http.get(
                    f"{self._base_url}/v1/convai/conversation/get-signed-url",
                    params={"agent_id": self._agent_id},
                    headers={"xi-api-key": self._key},
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response,
            ):
                body = await read_body(response)
                if response.status != 200:
                    raise http_error(
                        response.status,
                        body,
                        resource="agent",
                        secrets=(self._key,),
                    )
        except ProviderError:
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("ElevenLabs signed URL request failed: %s", type(exc).__name__)
            raise network_error(exc) from None
        url = body.get("signed_url") if isinstance(body, dict) else None
        if not isinstance(url, str) or not url.startswith(("wss://", "ws://")):
            raise ProviderError(SERVICE, kind="malformed")
        return url


# --- client messages ------------------------------------------------------------------
def initiation(
    *,
    lang: Lang,
    override_language: bool,
    prompt: str | None,
    first_message: str | None,
    voice_id: str | None,
    dynamic_variables: dict[str, str | int | float | bool],
) -> dict[str, Any]:
    """`conversation_initiation_client_data`. Only the overrides asked for are sent:
    an override the agent does not allow (Security tab) makes ElevenLabs close with 1008."""
    agent: dict[str, Any] = {}
    if override_language:
        agent["language"] = lang
    if prompt:
        agent["prompt"] = {"prompt": prompt}
    if first_message is not None:
        agent["first_message"] = first_message
    override: dict[str, Any] = {}
    if agent:
        override["agent"] = agent
    if voice_id:
        override["tts"] = {"voice_id": voice_id}
    return {
        "type": "conversation_initiation_client_data",
        "conversation_config_override": override,
        "dynamic_variables": dynamic_variables,
    }


def user_audio(pcm16: bytes) -> dict[str, Any]:
    return {"user_audio_chunk": base64.b64encode(pcm16).decode("ascii")}


def pong(event_id: int) -> dict[str, Any]:
    return {"type": "pong", "event_id": event_id}


def user_message(text: str) -> dict[str, Any]:
    return {"type": "user_message", "text": text}


def contextual_update(text: str) -> dict[str, Any]:
    return {"type": "contextual_update", "text": text}


def tool_result(tool_call_id: str, result: str, *, is_error: bool) -> dict[str, Any]:
    return {
        "type": "client_tool_result",
        "tool_call_id": tool_call_id,
        "result": result,
        "is_error": is_error,
    }


# --- audio ----------------------------------------------------------------------------
def audio_format(name: str) -> tuple[str, int]:
    """`pcm_16000` → ("pcm", 16000); `ulaw_8000` → ("ulaw", 8000)."""
    encoding, _, rate = name.partition("_")
    if encoding not in ("pcm", "ulaw") or not rate.isdigit():
        raise ValueError(f"unknown audio format {name!r}")
    return encoding, int(rate)


def _ulaw_table() -> list[bytes]:
    table = []
    for byte in range(256):
        value = ~byte & 0xFF
        sign = value & 0x80
        exponent = (value >> 4) & 0x07
        mantissa = value & 0x0F
        sample = ((mantissa << 3) + 0x84) << exponent
        sample -= 0x84
        table.append((-sample if sign else sample).to_bytes(2, "little", signed=True))
    return table


_ULAW = _ulaw_table()


def ulaw_to_pcm16(data: bytes) -> bytes:
    """G.711 μ-law → PCM16LE."""
    return b"".join(_ULAW[b] for b in data)


# --- close codes ----------------------------------------------------------------------
class ConversationClosed(ProviderError):
    """ElevenLabs closed the conversation socket with `code` (None: dropped)."""

    def __init__(self, code: int | None, kind: Kind, *, error_type: str = "") -> None:
        super().__init__(SERVICE, kind=kind, values={"code": error_type or str(code or "")})
        self.code = code


def close_error(code: int | None, error_type: str = "") -> ConversationClosed | None:
    """What a WebSocket close means; `None` for a normal end (1000)."""
    if code == 1000:
        return None
    kinds: dict[int, Kind] = {1002: "agent_timeout", 1008: "settings_refused", 1011: "internal"}
    return ConversationClosed(code, kinds.get(code or 0, "dropped"), error_type=error_type)


def rejected_url_error() -> ProviderError:
    return ProviderError(SERVICE, kind="url_refused")
