"""Spoken questions end to end, nothing faked: a Spanish and an English question made
with espeak-ng at test time play through Chromium's fake microphone (Spanish hands-free,
English push-to-talk) → AudioWorklet → 16 kHz frames over the WebSocket → the real
avatar server with the offline recogniser (Whisper) → the local brain's answer."""

from __future__ import annotations

import wave
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright
from web_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    avatar_server,
    fake_microphone_args,
    open_page,
    sandbox_settings,
    until,
)

from daniel.server_avatar.pcm import resample, silence
from daniel.server_avatar.services.local.espeak import EspeakEngine

# Speech recognition on a loaded 2-core machine takes seconds: a generous time limit.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(240),
]

QUESTIONS = {"es": ("¿Qué proyectos tenemos?", "es"), "en": ("What projects do we have?", "en-us")}
SECONDS: dict[str, float] = {}  # when each recording's question ends


async def question_wav(folder: Path, lang: str) -> Path:
    """The question, then silence long enough for the end of speech to be detected."""
    text, voice = QUESTIONS[lang]
    speech = await EspeakEngine.shared().synthesize(text, voice, 150)
    pcm = silence(600, 48000) + resample(speech.audio, speech.sample_rate, 48000)
    SECONDS[lang] = len(pcm) / 2 / 48000
    # The fake microphone loops the file: leave time to answer before it speaks again
    # (speaking again while the question is being transcribed would interrupt it).
    pcm += silence(15000, 48000)
    path = folder / f"question-{lang}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(pcm)
    return path


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(
    sandbox: Any, tmp_path_factory: pytest.TempPathFactory, whisper: Any
) -> AsyncIterator[str]:
    settings = sandbox_settings(sandbox, tmp_path_factory.mktemp("spoken"))
    async with avatar_server(settings) as url:
        yield url


@pytest_asyncio.fixture(loop_scope="module")
async def speaking_browser(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Browser]:
    """A browser whose microphone says the question of the test's language."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps)")
    wav = await question_wav(tmp_path, request.param)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + fake_microphone_args(wav)
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.mark.parametrize(
    ("speaking_browser", "lang", "locale", "mode", "heard"),
    [
        ("es", "es", "es-ES", "hands_free", ("proyecto",)),
        ("en", "en", "en-US", "push_to_talk", ("project", "have")),
    ],
    indirect=["speaking_browser"],
)
async def test_a_spoken_question_is_heard_and_answered(
    speaking_browser: Browser,
    server: str,
    lang: str,
    locale: str,
    mode: str,
    heard: tuple[str, ...],
) -> None:
    ctx, rec = await open_page(speaking_browser, f"{server}?lang={lang}", locale=locale)
    page = rec.page
    try:
        if mode == "hands_free":  # the server's voice detector finds the end of speech
            await page.click("#handsfree")
            await page.wait_for_selector("#handsfree[aria-checked=true]")
        else:  # hold to talk while the recording speaks (it starts when the mic opens)
            await page.locator("#mic-button").hover()
            await page.mouse.down()
            await page.wait_for_selector("#avatar[data-state=listening]")
            await page.wait_for_timeout(int(SECONDS[lang] * 1000) + 600)
            await page.mouse.up()
        await until(
            lambda: any(m["final"] for m in rec.received_of("transcript")),
            within=90,
            what="the final transcript",
        )
        # What was heard is shown as the user's turn, and answered (espeak-ng's voice
        # through the browser is not always heard word for word: the key word is).
        user = page.locator(".turn--user:not(.is-partial)").first
        finals = [m for m in rec.received_of("transcript") if m["final"]]
        said = finals[0]["text"].lower()
        assert any(word in said for word in heard), said
        assert said in (await user.text_content() or "").lower()
        turn_id = finals[0]["turn_id"]
        await until(
            lambda: any(m.get("turn_id") == turn_id for m in rec.received_of("turn.end")),
            within=60,
            what="the answer",
        )
        answer = [m for m in rec.received_of("agent.text") if m["turn_id"] == turn_id]
        assert answer, "the spoken question got an answer"
        assert await page.locator(".turn--agent").count() >= 1
        assert rec.errors == []
    finally:
        await ctx.close()
