"""Opening a session's providers, with the fallbacks that keep a conversation usable.

- brain: the configured one, else the local brain (with a notice); the local brain is
  required (a session without any brain cannot start);
- text-to-speech: the configured voice, else the local voice, else text only;
- speech-to-text: the configured recogniser, else voice input is off (with the reason
  shown to the user in `session.ready`);
- avatar: the configured one (remote avatars open their LiveKit session here), else the
  local avatar (with a notice).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from daniel.server_avatar.services.base import (
    Avatar,
    AvatarSession,
    Brain,
    BrainContext,
    Lang,
    ProviderError,
    SpeechToText,
    TextToSpeech,
)
from daniel.server_avatar.services.local.avatar import LocalAvatar
from daniel.server_avatar.services.provider_registry import Registry
from daniel.server_avatar.texts import text as say

log = logging.getLogger(__name__)

START_TIMEOUT = 15.0
T = TypeVar("T")


@dataclass(slots=True)
class Providers:
    brain: Brain
    tts: TextToSpeech | None
    stt: SpeechToText | None
    avatar: Avatar
    stt_error: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def names(self) -> dict[str, str]:
        return {
            "brain": self.brain.name,
            "stt": self.stt.name if self.stt is not None else "none",
            "tts": self.tts.name if self.tts is not None else "none",
            "avatar": self.avatar.name,
        }


def _reason(exc: BaseException, lang: Lang = "en") -> str:
    """Why a provider failed, in `lang` (English for logs)."""
    if isinstance(exc, ProviderError):
        return exc.localized(lang)
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return "misconfigured"


async def _started(what: str, coro: Awaitable[T]) -> T:
    """Await a provider's start-up with a deadline."""
    try:
        return await asyncio.wait_for(coro, START_TIMEOUT)
    except TimeoutError as exc:
        raise ProviderError(what, "no answer in time", retryable=True) from exc


async def open_brain(
    registry: Registry, name: str, context: BrainContext, notices: list[str]
) -> Brain:
    try:
        brain = registry.brain(name, context)
        await _started("brain", brain.start())
        return brain
    except Exception as exc:
        if name == "local":
            raise
        log.warning("brain %r unavailable (%s); using the local brain", name, _reason(exc))
        if not isinstance(exc, ProviderError):
            log.debug("brain %r failed", name, exc_info=exc)
        notices.append(
            say("brain_fallback", context.lang, name=name, reason=_reason(exc, context.lang))
        )
    brain = registry.brain("local", context)
    await _started("brain", brain.start())
    return brain


async def open_tts(
    registry: Registry, name: str, lang: Lang, notices: list[str]
) -> TextToSpeech | None:
    for candidate in dict.fromkeys((name, "local")):
        try:
            tts = registry.tts(candidate)
            await _started("tts", tts.start())
            return tts
        except Exception as exc:
            log.warning("text-to-speech %r unavailable (%s)", candidate, _reason(exc))
            key = "tts_fallback" if candidate != "local" else "tts_off"
            notices.append(say(key, lang, name=candidate, reason=_reason(exc, lang)))
    return None


async def open_stt(registry: Registry, name: str) -> tuple[SpeechToText | None, str | None]:
    """The recogniser, or None and the plain reason voice input is off."""
    try:
        stt = registry.stt(name)
        await _started("stt", stt.start())
        return stt, None
    except Exception as exc:
        log.info("speech-to-text %r unavailable (%s)", name, _reason(exc))
        return None, _reason(exc)


async def open_avatar(
    registry: Registry, name: str, lang: Lang, notices: list[str]
) -> tuple[Avatar, AvatarSession | None]:
    if name == "local":
        return registry.avatar("local"), None
    avatar: Avatar | None = None
    try:
        avatar = registry.avatar(name)
        session = await _started("avatar", avatar.start(lang))
        return avatar, session
    except Exception as exc:
        log.warning("avatar %r unavailable (%s); using the local avatar", name, _reason(exc))
        notices.append(say("avatar_fallback", lang, reason=_reason(exc, lang)))
        if avatar is not None:
            await close_quietly(avatar.close)
    return LocalAvatar(), None


async def close_quietly(action: Callable[[], Awaitable[None]]) -> None:
    """Run `action` (e.g. `provider.close`); a failure is logged, never raised."""
    try:
        await asyncio.wait_for(action(), 5.0)
    except Exception as exc:
        log.info("closing a provider failed: %s", _reason(exc))
