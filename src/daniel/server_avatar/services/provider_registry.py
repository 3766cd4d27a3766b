"""Provider names → lazily imported classes, built by small factories from `Settings`.

`PROVIDERS`, the one table of provider names, maps the name used in the settings
(`BRAIN=llm`, `TTS=local`...) to a `"module:Class"` string and to the factory in
`services.factories` that turns settings into plain constructor arguments. The module is
imported only when a session needs it, so a missing optional dependency only disables
that provider (`ProviderUnavailable` naming what is missing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from daniel.server_avatar.services import factories
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


@dataclass(frozen=True, slots=True)
class Provider:
    """A provider by name: its class (`"module:Class"`, imported only when a session needs
    it) and the factory in `services.factories` that builds it from settings."""

    cls: str
    build: Callable[..., Any]


#: The one table of provider names (the values of BRAIN, STT, TTS and AVATAR).
PROVIDERS: dict[Kind, dict[str, Provider]] = {
    "brain": {
        "local": Provider(f"{_PKG}.local.brain:LocalBrain", factories.local_brain),
        "llm": Provider(f"{_PKG}.openai.brain:LlmBrain", factories.llm_brain),
        "elevenlabs": Provider(f"{_PKG}.elevenlabs.convai:ConvAIBrain", factories.elevenlabs_brain),
    },
    "tts": {
        "local": Provider(f"{_PKG}.local.tts:LocalTTS", factories.plain_tts),
        "elevenlabs": Provider(f"{_PKG}.elevenlabs.tts:ElevenLabsTTS", factories.elevenlabs_tts),
        "none": Provider(f"{_PKG}.none:NoTTS", factories.plain_tts),
    },
    "stt": {
        "local": Provider(f"{_PKG}.local.stt:WhisperSTT", factories.local_stt),
        "openai": Provider(f"{_PKG}.openai.stt:OpenAISTT", factories.openai_stt),
        "elevenlabs": Provider(f"{_PKG}.elevenlabs.stt:ElevenLabsSTT", factories.elevenlabs_stt),
        "none": Provider(f"{_PKG}.none:NoSTT", factories.plain_stt),
    },
    "avatar": {
        "local": Provider(f"{_PKG}.local.avatar:LocalAvatar", factories.plain_avatar),
        "heygen": Provider(f"{_PKG}.heygen.avatar:HeyGenAvatar", factories.heygen_avatar),
        "liveavatar": Provider(
            f"{_PKG}.liveavatar.avatar:LiveAvatarAvatar", factories.liveavatar_avatar
        ),
    },
}


def load_class(kind: Kind, name: str) -> type[Any]:
    """Import the class registered as `name`; `ProviderUnavailable` if it cannot be."""
    module_name, _, attribute = _provider(kind, name).cls.partition(":")
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


def _provider(kind: Kind, name: str) -> Provider:
    provider = PROVIDERS[kind].get(name)
    if provider is None:
        raise ProviderUnavailable(kind, f"there is no {kind} provider called {name!r}")
    return provider


@dataclass(frozen=True, slots=True)
class ProviderOverrides:
    """Replace how a provider kind is built (tests, embedding). `None`: the registry."""

    brain: Callable[[BrainContext], Brain] | None = None
    stt: Callable[[], SpeechToText] | None = None
    tts: Callable[[], TextToSpeech] | None = None
    avatar: Callable[[], Avatar] | None = None


class Registry:
    """Builds providers by name for sessions from the process-wide `SharedServices`; one
    per process (`ServerState.registry`)."""

    def __init__(self, shared: SharedServices, overrides: ProviderOverrides | None = None) -> None:
        self._shared = shared
        self._overrides = overrides or ProviderOverrides()

    @property
    def shared(self) -> SharedServices:
        return self._shared

    def brain(self, name: str, context: BrainContext) -> Brain:
        if self._overrides.brain is not None and name == self._shared.settings.brain:
            return self._overrides.brain(context)
        built: Brain = _provider("brain", name).build(load_class("brain", name), self, context)
        return built

    def stt(self, name: str) -> SpeechToText:
        if self._overrides.stt is not None and name == self._shared.settings.stt:
            return self._overrides.stt()
        built: SpeechToText = _provider("stt", name).build(load_class("stt", name), self)
        return built

    def tts(self, name: str) -> TextToSpeech:
        if self._overrides.tts is not None and name == self._shared.settings.tts:
            return self._overrides.tts()
        built: TextToSpeech = _provider("tts", name).build(load_class("tts", name), self)
        return built

    def avatar(self, name: str) -> Avatar:
        if self._overrides.avatar is not None and name == self._shared.settings.avatar:
            return self._overrides.avatar()
        built: Avatar = _provider("avatar", name).build(load_class("avatar", name), self)
        return built
