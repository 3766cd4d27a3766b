"""One small factory per provider: settings → plain constructor arguments.

`services.provider_registry.PROVIDERS` names which factory builds which provider. Each
takes the class the registry imported, the registry itself (`ProviderSource`: the
process-wide `SharedServices` — settings, the one aiohttp session, the OpenAI clients, the
assistant prompt — and the other providers, to fall back on or to speak with) and, for
brains, the session's `BrainContext`. Missing credentials raise `ProviderUnavailable` naming the
setting, so the session falls back instead of failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pydantic import SecretStr

from daniel.server_avatar.services.base import (
    Avatar,
    Brain,
    BrainContext,
    ProviderUnavailable,
    SpeechToText,
    TextToSpeech,
)

if TYPE_CHECKING:
    from daniel.server_avatar.services.shared import SharedServices


class ProviderSource(Protocol):
    """The registry as a factory sees it (`provider_registry.Registry` is one)."""

    @property
    def shared(self) -> SharedServices: ...

    def brain(self, name: str, context: BrainContext) -> Brain: ...

    def tts(self, name: str) -> TextToSpeech: ...


def _secret(value: SecretStr | None, env: str, kind: str) -> str:
    if value is None or not value.get_secret_value():
        raise ProviderUnavailable(kind, f"{env} is not set")
    return value.get_secret_value()


def _required(value: str | None, env: str, kind: str) -> str:
    if not value:
        raise ProviderUnavailable(kind, f"{env} is not set")
    return value


# --------------------------------------------------------------------------- brains
def local_brain(cls: type[Any], registry: ProviderSource, context: BrainContext) -> Brain:
    brain: Brain = cls(context)
    return brain


def llm_brain(cls: type[Any], registry: ProviderSource, context: BrainContext) -> Brain:
    shared = registry.shared
    s = shared.settings
    base_url = str(s.llm_base_url) if s.llm_base_url else None
    key = s.llm_api_key.get_secret_value() if s.llm_api_key else None

    def fallback(ctx: BrainContext) -> Brain:
        return registry.brain("local", ctx)

    brain: Brain = cls(
        context,
        client=shared.openai.get(base_url, key),
        model=s.llm_model,
        system_prompt=shared.prompt,
        max_tool_calls=s.llm_max_tool_calls,
        timeout=shared.tuning.llm_timeout,
        fallback=fallback,
    )
    return brain


def elevenlabs_brain(cls: type[Any], registry: ProviderSource, context: BrainContext) -> Brain:
    shared = registry.shared
    s = shared.settings
    brain: Brain = cls(
        context,
        http=shared.http,
        api_key=_secret(s.elevenlabs_api_key, "ELEVENLABS_API_KEY", "brain"),
        agent_id=_required(s.elevenlabs_agent_id, "ELEVENLABS_AGENT_ID", "brain"),
        base_url=str(s.elevenlabs_base_url),
        prompt=shared.prompt,
        voice_id=s.elevenlabs_voice_id,
    )
    return brain


# --------------------------------------------------------------------------- speech
def plain_tts(cls: type[Any], registry: ProviderSource) -> TextToSpeech:
    tts: TextToSpeech = cls()
    return tts


def elevenlabs_tts(cls: type[Any], registry: ProviderSource) -> TextToSpeech:
    shared = registry.shared
    s = shared.settings
    tts: TextToSpeech = cls(
        http=shared.http,
        api_key=_secret(s.elevenlabs_api_key, "ELEVENLABS_API_KEY", "tts"),
        voice_id=_required(s.elevenlabs_voice_id, "ELEVENLABS_VOICE_ID", "tts"),
        model_id=s.elevenlabs_model_id,
        base_url=str(s.elevenlabs_base_url),
    )
    return tts


def plain_stt(cls: type[Any], registry: ProviderSource) -> SpeechToText:
    stt: SpeechToText = cls()
    return stt


def local_stt(cls: type[Any], registry: ProviderSource) -> SpeechToText:
    """Whisper, shared by the process, biased towards the ERP's names (one cache)."""
    from daniel.server_avatar.services.local.vocabulary import ErpVocabulary
    from daniel.server_avatar.services.local.whisper_model import WhisperRecognizer

    shared = registry.shared
    s = shared.settings
    recognizer = WhisperRecognizer.shared(
        workers=s.stt_local_workers, queue=s.stt_local_queue, beam_size=s.stt_local_beam_size
    )
    if s.stt_local_vocabulary and shared.vocabulary is None:
        shared.vocabulary = ErpVocabulary(shared.tools)
    vocabulary = shared.vocabulary if s.stt_local_vocabulary else None
    stt: SpeechToText = cls(
        recognizer,
        vocabulary=vocabulary,
        max_seconds=s.stt_max_seconds,
        prompt_names=s.stt_local_prompt_names,
        prompt_topic=s.stt_local_prompt_topic,
        second_pass=s.stt_local_second_pass,
        unexplained=vocabulary.unexplained if vocabulary else None,
        parsed_words=vocabulary.words if vocabulary else None,
        guess_names=s.stt_local_guess_names,
        rehear=s.stt_local_rehear,
    )
    return stt


def openai_stt(cls: type[Any], registry: ProviderSource) -> SpeechToText:
    shared = registry.shared
    s = shared.settings
    base_url = str(s.stt_base_url) if s.stt_base_url else None
    key = s.stt_api_key.get_secret_value() if s.stt_api_key else None
    stt: SpeechToText = cls(
        client=shared.openai.get(base_url, key),
        model=s.stt_model,
        timeout=shared.tuning.stt_timeout,
    )
    return stt


def elevenlabs_stt(cls: type[Any], registry: ProviderSource) -> SpeechToText:
    shared = registry.shared
    s = shared.settings
    stt: SpeechToText = cls(
        http=shared.http,
        api_key=_secret(s.elevenlabs_api_key, "ELEVENLABS_API_KEY", "stt"),
        base_url=str(s.elevenlabs_base_url),
    )
    return stt


# --------------------------------------------------------------------------- avatars
def plain_avatar(cls: type[Any], registry: ProviderSource) -> Avatar:
    avatar: Avatar = cls()
    return avatar


def heygen_avatar(cls: type[Any], registry: ProviderSource) -> Avatar:
    shared = registry.shared
    s = shared.settings
    avatar: Avatar = cls(
        http=shared.http,
        api_key=_secret(s.heygen_api_key, "HEYGEN_API_KEY", "avatar"),
        avatar_id=_required(s.heygen_avatar_id, "HEYGEN_AVATAR_ID", "avatar"),
        voice_id=s.heygen_voice_id,
        quality=s.heygen_quality,
        base_url=str(s.heygen_base_url),
    )
    return avatar


def liveavatar_avatar(cls: type[Any], registry: ProviderSource) -> Avatar:
    """LiveAvatar (LITE mode) lip-syncs to audio: it speaks with the configured voice."""
    shared = registry.shared
    s = shared.settings
    api_key = _secret(s.liveavatar_api_key, "LIVEAVATAR_API_KEY", "avatar")
    avatar_id = _required(s.liveavatar_avatar_id, "LIVEAVATAR_AVATAR_ID", "avatar")
    try:
        voice = registry.tts(s.tts if s.tts != "none" else "local")
    except ProviderUnavailable:
        voice = registry.tts("local")
    avatar: Avatar = cls(
        http=shared.http,
        api_key=api_key,
        avatar_id=avatar_id,
        tts=voice,
        base_url=str(s.liveavatar_base_url),
    )
    return avatar
