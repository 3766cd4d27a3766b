"""Start-up checks of the configured providers, for `/health`, `/api/config` and the log.

Nothing here stops the server: a provider that cannot work is reported `degraded` with
the reason (one warning line), and sessions fall back (local brain, local voice, local
avatar, no voice input). Remote avatars are not opened here (a session costs money);
their credentials are checked instead. An LLM endpoint gets one quick `GET /models`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from daniel.server_avatar.app_state import ProviderStatus, ServerState
from daniel.server_avatar.services.base import BrainContext, ProviderError
from daniel.server_avatar.services.provider_registry import load_class

log = logging.getLogger("daniel.server_avatar")

PROBE_TIMEOUT = 5.0
STT_LOAD_TIMEOUT = 60.0


async def probe_providers(state: ServerState, *, quick: bool = False) -> dict[str, ProviderStatus]:
    """`quick`: only check that each provider can be built (no start-up, no network)."""
    settings = state.settings
    results = await asyncio.gather(
        _check("brain", settings.brain, _brain(state, quick)),
        _check("tts", settings.tts, _tts(state, quick)),
        # Loading and warming up Whisper (STT=local) takes a few seconds on a busy machine.
        _check("stt", settings.stt, _stt(state, quick), STT_LOAD_TIMEOUT),
        _check("avatar", settings.avatar, _avatar(state)),
    )
    statuses = dict(zip(("brain", "tts", "stt", "avatar"), results, strict=True))
    for kind, status in statuses.items():
        if status.state == "degraded":
            log.warning("%s %r degraded: %s", kind, status.name, status.detail)
        else:
            log.info("%s: %s (%s)", kind, status.name, status.state)
    return statuses


async def _check(
    kind: str, name: str, probe: Coroutine[Any, Any, str], within: float = PROBE_TIMEOUT
) -> ProviderStatus:
    try:
        detail: str = await asyncio.wait_for(probe, within)
    except ProviderError as exc:
        return ProviderStatus(name, "degraded", exc.message)
    except TimeoutError:
        return ProviderStatus(name, "degraded", "no answer in time")
    except Exception as exc:
        log.debug("%s probe failed", kind, exc_info=exc)
        return ProviderStatus(name, "degraded", f"cannot be built ({type(exc).__name__})")
    state = "off" if name == "none" else "ok"
    return ProviderStatus(name, state, detail)


async def _brain(state: ServerState, quick: bool) -> str:
    settings = state.settings
    name = settings.brain
    context = BrainContext(session_id="probe", lang=settings.daniel_lang, tools=state.shared.tools)
    brain = state.registry.brain(name, context)
    try:
        if name == "llm" and not quick:
            await _llm_reachable(state)
            return f"model {settings.llm_model}"
        return ""
    finally:
        await brain.close()


async def _llm_reachable(state: ServerState) -> None:
    import openai

    settings = state.settings
    base_url = str(settings.llm_base_url) if settings.llm_base_url else None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    client = state.shared.openai.get(base_url, key)
    try:
        await client.models.list(timeout=PROBE_TIMEOUT)
    except openai.APIStatusError as exc:
        if exc.status_code in (404, 405):
            return  # some compatible servers have no /models: not a failure
        raise ProviderError(
            "brain", f"the LLM endpoint answered HTTP {exc.status_code}; turns use the local brain"
        ) from exc
    except openai.OpenAIError as exc:
        raise ProviderError(
            "brain", "the LLM endpoint is unreachable; turns use the local brain"
        ) from exc


async def _tts(state: ServerState, quick: bool) -> str:
    tts = state.registry.tts(state.settings.tts)
    try:
        if not quick:
            await tts.start()
        return ""
    finally:
        await tts.close()


async def _stt(state: ServerState, quick: bool) -> str:
    if state.settings.stt == "none":
        return "voice input switched off"
    stt = state.registry.stt(state.settings.stt)
    try:
        if not quick:
            await stt.start()
        if stt.unavailable_reason_for("es") is not None:
            return "English only"
        return "Spanish and English" if stt.unavailable_reason_for("en") is None else "Spanish only"
    finally:
        await stt.close()


async def _avatar(state: ServerState) -> str:
    name = state.settings.avatar
    load_class("avatar", name)
    state.registry.avatar(name)  # checks the credentials; opens no (paid) session
    return ""
