"""Voice input end to end: Chromium's fake microphone (fed from a generated recording)
→ AudioWorklet → 16 kHz PCM16 frames over the WebSocket → the real avatar server, whose
speech-to-text is a test recogniser (the only fake: it "hears" a fixed phrase when the
audio it gets is not silence) → the local brain's answer in the page."""

from __future__ import annotations

import array
import math
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from web_harness import avatar_server, open_page, sandbox_settings, screenshot, until

from daniel.server_avatar.server import AppOptions
from daniel.server_avatar.services.base import Lang, SpeechToText, Transcript
from daniel.server_avatar.services.provider_registry import ProviderOverrides

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]

PHRASE = "how is the pipeline"
SAMPLE_RATE = 16000


def pcm_rms(pcm16: bytes) -> float:
    samples = array.array("h", pcm16[: len(pcm16) // 2 * 2])
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def tone_strength(pcm16: bytes, freq: float, rate: int = SAMPLE_RATE) -> float:
    """Goertzel magnitude of `freq` in the audio, read as `rate` Hz PCM16."""
    samples = array.array("h", pcm16[: len(pcm16) // 2 * 2])
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return math.sqrt(max(0.0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / max(1, len(samples))


class HearingSTT(SpeechToText):
    """Test recogniser: keeps what it was given; "hears" PHRASE in non-silent audio."""

    name = "test-stt"

    def __init__(self) -> None:
        self.utterances: list[tuple[bytes, int]] = []

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        self.utterances.append((pcm16, sample_rate))
        return Transcript(PHRASE if pcm_rms(pcm16) > 300 else "")


@pytest.fixture(scope="module")
def stt() -> HearingSTT:
    return HearingSTT()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(
    sandbox: Any, tmp_path_factory: pytest.TempPathFactory, stt: HearingSTT
) -> AsyncIterator[str]:
    settings = sandbox_settings(sandbox, tmp_path_factory.mktemp("voice"), daniel_lang="en")
    options = AppOptions(overrides=ProviderOverrides(stt=lambda: stt), probe_providers=False)
    async with avatar_server(settings, options) as url:
        yield url


async def test_holding_the_microphone_sends_16khz_speech_and_gets_an_answer(
    browser: Browser, server: str, stt: HearingSTT
) -> None:
    ctx, rec = await open_page(browser, server + "?lang=en", locale="en-US")
    page = rec.page
    try:
        mic = page.locator("#mic-button")
        assert await mic.is_enabled()
        assert await mic.get_attribute("title") == "Hold to talk"
        await mic.hover()
        pressed_at = time.monotonic()
        await page.mouse.down()
        await page.wait_for_selector("#avatar[data-state=listening]")
        await page.wait_for_timeout(1200)
        assert int(await page.get_attribute("#mic-meter", "aria-valuenow") or 0) > 20
        assert await mic.get_attribute("aria-pressed") == "true"
        await screenshot(page, "listening")
        await page.mouse.up()
        held = time.monotonic() - pressed_at

        user = page.locator(".turn--user", has=page.get_by_text(PHRASE, exact=True))
        await user.wait_for()
        assert await user.get_attribute("data-turn-id")
        assert "is-partial" not in (await user.get_attribute("class") or "")
        await page.wait_for_selector(".tool--done >> text=opportunities")

        # On the wire: audio.start (16 kHz), 40 ms PCM16 frames, audio.end.
        await until(lambda: "audio.end" in rec.order, what="audio.end")
        order = rec.order
        first, last = order.index("audio.start"), order.index("audio.end")
        assert set(order[first + 1 : last]) == {"audio"}
        assert next(m for m in rec.sent if m["type"] == "audio.start")["sample_rate"] == 16000
        frames = rec.audio_sent
        assert len(frames) >= 25, "about 1.2 s of 40 ms frames"
        assert all(size == 1280 for size in frames[:-1])
        assert 0 < frames[-1] <= 1280
        assert frames[-1] % 2 == 0

        # What the server got is the recording, at 16 kHz: 180 Hz stays 180 Hz.
        pcm, rate = stt.utterances[-1]
        assert rate == SAMPLE_RATE
        seconds = len(pcm) / 2 / SAMPLE_RATE
        assert abs(seconds - sum(frames) / 2 / SAMPLE_RATE) < 0.01, "all frames arrived"
        assert held - 0.8 <= seconds <= held + 0.1, (seconds, held)
        strengths = {f: tone_strength(pcm, f) for f in (120, 150, 180, 210, 240)}
        assert max(strengths, key=strengths.__getitem__) == 180, strengths

        # The keyboard works the same: hold Space (outside the text box) to talk.
        await page.evaluate("document.activeElement.blur()")
        heard = len(stt.utterances)
        await page.keyboard.down(" ")
        await page.wait_for_selector("#avatar[data-state=listening]")
        await page.wait_for_timeout(500)
        await page.keyboard.up(" ")
        await until(lambda: len(stt.utterances) > heard, what="the second utterance")
        # (Playwright reports sent frames asynchronously: wait for it to catch up.)
        await until(lambda: rec.sent_types().count("audio.end") == 2, what="audio.end")
        assert [t for t in rec.order if t != "audio"][-2:] == ["audio.start", "audio.end"]
        assert len(stt.utterances[-1][0]) / 2 / SAMPLE_RATE >= 0.3
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_hands_free_resumes_the_session_in_hands_free_mode_and_streams(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(browser, server + "?lang=en", locale="en-US")
    page = rec.page
    try:
        session_id = rec.received_of("session.ready")[0]["session_id"]
        await page.click("#handsfree")
        await page.wait_for_selector("#handsfree[aria-checked=true]")
        await until(lambda: len(rec.received_of("session.ready")) == 2, what="the new session")
        await until(lambda: rec.sent_types().count("session.start") == 2, what="session.start")
        start = [m for m in rec.sent if m["type"] == "session.start"][-1]
        assert start == {
            "type": "session.start",
            "lang": "en",
            "resume": session_id,
            "mode": "hands_free",
        }
        ready = rec.received_of("session.ready")[-1]
        assert (ready["session_id"], ready["resumed"]) == (session_id, True)
        before = len(rec.audio_sent)
        await page.wait_for_timeout(600)
        assert len(rec.audio_sent) - before >= 8, "frames stream without audio.start"
        assert "audio.start" not in rec.sent_types()
        assert rec.errors == []
    finally:
        await ctx.close()
