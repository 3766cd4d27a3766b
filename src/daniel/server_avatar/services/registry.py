"""Provider names → lazily imported classes, built by small factories from `Settings`.

Each table maps the name used in the settings (`BRAIN=llm`, `TTS=local`...) to a
`"module:Class"` string; the module is imported only when a session needs it, so a
missing optional dependency only disables that provider (`ProviderUnavailable` naming
what is missing). The factories in `services.factories` turn settings into plain
constructor arguments, one short function per provider.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

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

Kind = Literal["brain", "stt", "tts", "avatar"]
_PKG = "daniel.server_avatar.services"

BRAINS: dict[str, str] = {
    "local": f"{_PKG}.local.brain:LocalBrain",
    "llm": f"{_PKG}.openai.brain:LlmBrain",
    "elevenlabs": f"{_PKG}.elevenlabs.convai:ConvAIBrain",
}
TTS: dict[str, str] = {
    "local": f"{_PKG}.local.tts:LocalTTS",
    "elevenlabs": f"{_PKG}.elevenlabs.tts:ElevenLabsTTS",
    "none": f"{_PKG}.none:NoTTS",
}
STT: dict[str, str] = {
    "local": f"{_PKG}.local.stt:WhisperSTT",
    "openai": f"{_PKG}.openai.stt:OpenAISTT",
    "elevenlabs": f"{_PKG}.elevenlabs.stt:ElevenLabsSTT",
    "none": f"{_PKG}.none:NoSTT",
}
AVATARS: dict[str, str] = {
    "local": f"{_PKG}.local.avatar:LocalAvatar",
    "heygen": f"{_PKG}.heygen.avatar:HeyGenAvatar",
    "liveavatar": f"{_PKG}.liveavatar.avatar:LiveAvatarAvatar",
}
TABLES: dict[Kind, dict[str, str]] = {
    "brain": BRAINS,
    "stt": STT,
    "tts": TTS,
    "avatar": AVATARS,
}


def load_class(kind: Kind, name: str) -> type[Any]:
    """Import the class registered as `name`; `ProviderUnavailable` if it cannot be."""
    spec = TABLES[kind].get(name)
    if spec is None:
        raise ProviderUnavailable(kind, f"there is no {kind} provider called {name!r}")
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
        cls: type[Any] = getattr(module, attribute)
    except ImportError as exc:
        missing = exc.name or module_name
        raise ProviderUnavailable(
            kind, f"the {name} {kind} is not installed (cannot import {missing})"
        ) from exc
    except AttributeError as exc:
        raise ProviderUnavailable(kind, f"the {name} {kind} is not available yet") from exc
    return cls


@dataclass(frozen=True, slots=True)
class ProviderOverrides:
    """Replace how a provider kind is built (tests, embedding). `None`: the registry."""

    brain: Callable[[BrainContext], Brain] | None = None
    stt: Callable[[], SpeechToText] | None = None
    tts: Callable[[], TextToSpeech] | None = None
    avatar: Callable[[], Avatar] | None = None


class Registry:
    """Builds providers by name for sessions; one per process."""

    def __init__(self, shared: SharedServices, overrides: ProviderOverrides | None = None) -> None:
        self._shared = shared
        self._overrides = overrides or ProviderOverrides()

    def brain(self, name: str, context: BrainContext) -> Brain:
        if self._overrides.brain is not None and name == self._shared.settings.brain:
            return self._overrides.brain(context)
        from daniel.server_avatar.services import factories

        brain: Brain = factories.BRAIN_FACTORIES[name](
            load_class("brain", name), self._shared, context
        )
        return brain

    def stt(self, name: str) -> SpeechToText:
        if self._overrides.stt is not None and name == self._shared.settings.stt:
            return self._overrides.stt()
        from daniel.server_avatar.services import factories

        stt: SpeechToText = factories.STT_FACTORIES[name](load_class("stt", name), self._shared)
        return stt

    def tts(self, name: str) -> TextToSpeech:
        if self._overrides.tts is not None and name == self._shared.settings.tts:
            return self._overrides.tts()
        from daniel.server_avatar.services import factories

        tts: TextToSpeech = factories.TTS_FACTORIES[name](load_class("tts", name), self._shared)
        return tts

    def avatar(self, name: str) -> Avatar:
        if self._overrides.avatar is not None and name == self._shared.settings.avatar:
            return self._overrides.avatar()
        from daniel.server_avatar.services import factories

        avatar: Avatar = factories.AVATAR_FACTORIES[name](load_class("avatar", name), self._shared)
        return avatar
