"""How the page looks and handles: dark theme, English, a phone, the keyboard alone.
These tests also write screenshots of the main states (test-artifacts/screenshots/;
`make screenshots` writes the ones the docs show, docs/screenshots/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from web_harness import PHONE, ask, avatar_server, open_page, sandbox_settings, screenshot, until

from daniel.server_avatar.server import AppOptions

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    settings = sandbox_settings(sandbox, tmp_path_factory.mktemp("looks"))
    async with avatar_server(settings, AppOptions(probe_providers=False)) as url:
        yield url


async def background_luminance(page: Any) -> float:
    rgb = await page.evaluate(
        "getComputedStyle(document.querySelector('.chat')).backgroundColor"
        ".match(/\\d+/g).slice(0, 3).map(Number)"
    )
    r, g, b = (c / 255 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


async def test_dark_system_theme_english_switch_and_manual_toggle(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES", color_scheme="dark")
    page = rec.page
    try:
        assert await page.get_attribute("html", "data-effective-theme") == "dark"
        assert await background_luminance(page) < 0.2
        await page.click("button[data-lang=en]")
        assert await page.text_content("#status-text") == "Connected"
        assert await page.get_attribute("#composer-input", "placeholder") == ("Type your question…")
        assert await page.get_attribute("html", "lang") == "en"
        await until(lambda: {"type": "lang", "lang": "en"} in rec.sent, what="lang")
        # The offline recogniser understands English: the microphone is usable now.
        assert await page.locator("#mic-button").is_enabled()
        await ask(page, "how is the pipeline")
        await page.locator(".turn--agent .agent-text", has_text="opportunit").wait_for()
        await page.locator(".result--summary").wait_for()
        await page.evaluate("document.activeElement.blur()")
        await screenshot(page, "dark")
        toggle = page.locator("#theme-toggle")
        assert await toggle.get_attribute("aria-label") == "Switch to light theme"
        await toggle.click()
        assert await page.get_attribute("html", "data-theme") == "light"
        assert await background_luminance(page) > 0.8
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_on_a_phone_the_avatar_sits_above_the_conversation(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(
        browser,
        server,
        viewport=PHONE,
        locale="es-ES",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = rec.page
    try:
        await ask(page, "¿Cómo va el pipeline?")
        await page.locator(".result--summary").wait_for()
        await page.wait_for_selector("#avatar[data-state=speaking]", timeout=10000)
        stage = await page.locator("#stage").bounding_box()
        chat = await page.locator(".chat").bounding_box()
        composer = await page.locator("#composer").bounding_box()
        assert stage
        assert chat
        assert composer
        assert stage["y"] + stage["height"] <= chat["y"] + 1, "avatar above the transcript"
        assert composer["y"] + composer["height"] <= PHONE["height"] + 1, "composer on screen"
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await page.evaluate("document.activeElement.blur()")
        await screenshot(page, "phone")
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_the_keyboard_alone_reaches_every_control_with_a_visible_focus_ring(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(browser, server + "?lang=en", locale="en-US")
    page = rec.page
    try:
        focused: list[str] = []
        for _ in range(16):
            await page.keyboard.press("Tab")
            focused.append(
                await page.evaluate(
                    "(document.activeElement.id || document.activeElement.dataset.lang"
                    " || document.activeElement.dataset.suggest || document.activeElement.tagName)"
                )
            )
        for control in (
            "en",
            "theme-toggle",
            "composer-input",
            "mic-button",
            "send-button",
            "handsfree",
        ):
            assert control in focused, (control, focused)
        outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        # Enter sends from the text box; the question shows at once.
        await page.focus("#composer-input")
        await page.keyboard.type("how is the pipeline")
        await page.keyboard.press("Enter")
        await page.locator(".turn--user .bubble", has_text="how is the pipeline").wait_for()
        assert await page.input_value("#composer-input") == ""
        await page.locator(".tool--done").first.wait_for()
        assert rec.errors == []
    finally:
        await ctx.close()


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_every_suggestion_gets_an_answer_with_results(
    browser: Browser, server: str, lang: str
) -> None:
    ctx, rec = await open_page(browser, f"{server}?lang={lang}")
    page = rec.page
    try:
        chips = await page.locator("[data-suggest]").all_text_contents()
        assert len(chips) == 3
        await page.locator("[data-suggest]").first.click()
        for i, chip in enumerate(chips):
            if i:
                await ask(page, chip)
            turn = page.locator(".turn--agent").nth(i)
            await turn.locator(".result .record__name").first.wait_for()
            await turn.locator(".agent-text:not(:empty)").wait_for()
        assert await page.is_hidden("#welcome")
        assert rec.errors == []
    finally:
        await ctx.close()
