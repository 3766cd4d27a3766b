"""Fixtures of the browser tests: one headless Chromium per test module (with a fake
microphone fed from a generated recording) and the voice recording itself.

The browser is module-scoped (starting it is the slow part), so every test in these
modules runs on the module's event loop: `pytest.mark.asyncio(loop_scope="module")`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright
from web_harness import CHROMIUM, CHROMIUM_ARGS, fake_microphone_args, write_voice_wav


@pytest.fixture(scope="session")
def voice_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_voice_wav(tmp_path_factory.mktemp("mic") / "voice.wav")


@pytest.fixture(scope="module")
def extra_browser_args() -> list[str]:
    """Chromium flags a test module needs on top of the usual ones (override it)."""
    return []


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(
    voice_wav: Path, extra_browser_args: list[str], whisper: Any
) -> AsyncIterator[Browser]:
    # `whisper`: the offline recogniser (STT=local) is loaded before any page opens.
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS + fake_microphone_args(voice_wav) + extra_browser_args,
        )
        try:
            yield chromium
        finally:
            await chromium.close()
