"""Offline speech recognition (pocketsphinx, English command grammar) on commands spoken
by the offline voice, resampled to 16 kHz as the browser sends them.

The rates asserted here are the ones documented in docs/server.md ("Voice input").
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import pytest

from daniel.server_avatar.audio import resample
from daniel.server_avatar.services.base import ProviderUnavailable
from daniel.server_avatar.services.local.espeak import EspeakEngine
from daniel.server_avatar.services.local.stt import SPANISH_REASON, PocketSphinxSTT, complete
from daniel.server_avatar.services.local.stt_commands import COMMANDS


async def _stt() -> PocketSphinxSTT:
    stt = PocketSphinxSTT()
    try:
        await stt.start()
    except ProviderUnavailable as exc:  # pragma: no cover - the wheel bundles the model
        pytest.skip(f"pocketsphinx model absent: {exc.message}")
    return stt


async def _spoken(command: str, voice: str, rate: int) -> bytes:
    speech = await EspeakEngine.shared().synthesize(command, voice, rate)
    return resample(speech.audio, speech.sample_rate, 16000)


async def accuracy(stt: PocketSphinxSTT, voices: Iterable[tuple[str, int]]) -> tuple[int, int]:
    right = total = 0
    for voice, rate in voices:
        for command in COMMANDS:
            audio = await _spoken(command, voice, rate)
            heard = await stt.transcribe(audio, sample_rate=16000, lang="en")
            right += heard.text == command
            total += 1
    return right, total


async def test_english_commands_are_recognised_at_the_documented_rate() -> None:
    stt = await _stt()
    started = time.perf_counter()
    right, total = await accuracy(stt, [("en-us", 160)])
    elapsed = time.perf_counter() - started
    assert total == len(COMMANDS) == 44
    assert right / total >= 0.93, f"{right}/{total} exact"
    assert elapsed / total < 0.25, "recognition stays fast"


@pytest.mark.slow
async def test_accuracy_holds_across_voices_and_speaking_rates() -> None:
    stt = await _stt()
    right, total = await accuracy(stt, [("en-us+f3", 175), ("en-us+m3", 150)])
    assert total == 88
    assert right / total >= 0.90, f"{right}/{total} exact"


async def test_spanish_is_refused_with_the_reason() -> None:
    stt = await _stt()
    assert stt.unavailable_reason_for("es") == SPANISH_REASON
    assert stt.unavailable_reason_for("en") is None
    with pytest.raises(ProviderUnavailable, match="STT=openai"):
        await stt.transcribe(b"\0" * 3200, sample_rate=16000, lang="es")


async def test_audio_at_another_rate_is_resampled() -> None:
    stt = await _stt()
    speech = await EspeakEngine.shared().synthesize("list my tasks", "en-us", 160)
    heard = await stt.transcribe(speech.audio, sample_rate=speech.sample_rate, lang="en")
    assert heard.text == "list my tasks"


def test_a_hypothesis_cut_short_is_completed_only_when_unambiguous() -> None:
    assert complete("how is the", COMMANDS) == "how is the pipeline"
    assert complete("show the", COMMANDS) == "show the"  # several commands start so
    assert complete("", COMMANDS) == ""
