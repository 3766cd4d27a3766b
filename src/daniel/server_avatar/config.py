"""Server configuration derived from `Settings` at start-up (the seed's `core/config`).

`ServerTuning` holds the knobs that are not user settings (timeouts, keep-alive periods,
voice activity detection); tests shorten them. `check_settings` validates the provider
combination once at start-up and returns warnings to log: nothing here stops the
server for an optional provider, which degrades instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from daniel.settings import Settings


@dataclass(frozen=True, slots=True)
class ServerTuning:
    llm_timeout: float = 20.0
    stt_timeout: float = 30.0
    mcp_call_timeout: float = 30.0
    #: A confirmed write whose outcome is not known yet is asked about again (same
    #: idempotency key) for this long before the user is told it is unknown.
    write_settle_seconds: float = 60.0
    #: How long a disconnected session can be resumed (`session.start` + `resume`).
    resume_seconds: float = 300.0
    #: Hands-free mode ends an utterance after this much silence.
    vad_silence_ms: int = 700
    vad_aggressiveness: int = 2
    #: Remote avatars get `keep_alive()` this often.
    avatar_keep_alive_seconds: float = 60.0
    #: /health caches the Odoo probe this long.
    health_cache_seconds: float = 5.0
    health_probe_timeout: float = 3.0
    #: WebSocket heartbeat (ping) period.
    ws_heartbeat_seconds: float = 20.0
    #: A WebSocket must send `session.start` within this many seconds.
    start_timeout_seconds: float = 10.0
    #: Hands-free audio beyond this many seconds per second of wall time is dropped.
    audio_realtime_factor: float = 2.0


def check_settings(settings: Settings) -> list[str]:
    """Warnings about the provider settings (one line each, no secret)."""
    warnings: list[str] = []
    if settings.brain == "llm" and settings.llm_base_url is None and settings.llm_api_key is None:
        warnings.append(
            "BRAIN=llm without LLM_BASE_URL or LLM_API_KEY: OpenAI's API needs a key; "
            "set LLM_BASE_URL for a local server (e.g. http://localhost:11434/v1 for Ollama)"
        )
    if settings.stt == "openai" and settings.stt_base_url is None and settings.stt_api_key is None:
        warnings.append(
            "STT=openai without STT_BASE_URL or STT_API_KEY: OpenAI's API needs a key; "
            "set STT_BASE_URL for a local Whisper server"
        )
    needs = {
        "elevenlabs": settings.elevenlabs_api_key,
        "heygen": settings.heygen_api_key,
        "liveavatar": settings.liveavatar_api_key,
    }
    for kind, name in (
        ("BRAIN", settings.brain),
        ("TTS", settings.tts),
        ("STT", settings.stt),
        ("AVATAR", settings.avatar),
    ):
        if name in needs and needs[name] is None:
            warnings.append(f"{kind}={name} needs {name.upper()}_API_KEY; sessions will fall back")
    if settings.server_host in ("0.0.0.0", "::") and not settings.server_allowed_hosts:  # noqa: S104
        warnings.append(
            f"the avatar server listens on {settings.server_host} but SERVER_ALLOWED_HOSTS is "
            "empty: only loopback host names are answered (others get 421)"
        )
    return warnings
