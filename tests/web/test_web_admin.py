"""The admin dashboard and the preferences panel in headless Chromium (issue 12).

An administrator logs in, asks a few questions (one Daniel does not understand) and
confirms a change, then opens /admin: the overview counts the turns, the questions page
shows the words not understood, the changes page the new opportunity with its Odoo link.
The restricted salesperson gets 403. A preference saved in one browser context (another
device) is applied in a second one.
"""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page
from web_harness import PHONE, PageRecorder, ask, avatar_server, sandbox_settings, screenshot, until

from daniel.server_avatar.server import AppOptions

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    folder = tmp_path_factory.mktemp("admin")
    settings = sandbox_settings(
        sandbox, folder, tts="none", stt="none", database_url=f"sqlite:///{folder / 'a.db'}"
    )
    async with avatar_server(settings, AppOptions(probe_providers=False)) as url:
        yield url


async def _log_in(
    ctx: BrowserContext, server: str, login: str, password: str
) -> tuple[Page, PageRecorder]:
    page = await ctx.new_page()
    rec = PageRecorder(page)
    rec.attach()
    await page.goto(server)
    await page.wait_for_url("**/login")
    await page.fill("#login", login)
    await page.fill("#password", password)
    await page.click("#login-submit")
    await page.wait_for_selector("#status[data-status=ready]", timeout=15000)
    return page, rec


async def _turn(page: Page, rec: PageRecorder, text: str) -> None:
    before = len(rec.received_of("turn.end"))
    await ask(page, text)
    await until(lambda: len(rec.received_of("turn.end")) > before, 30, f"the answer to {text!r}")


async def test_an_admin_sees_turns_the_question_not_understood_and_the_write(
    browser: Browser, server: str
) -> None:
    ctx = await browser.new_context(locale="es-ES")
    try:
        page, rec = await _log_in(ctx, server, "admin", "admin")
        await _turn(page, rec, "¿Cómo va el pipeline?")
        await _turn(page, rec, "blorf quux zapatilla")
        name = "Flota " + "".join(random.choices(string.ascii_uppercase, k=6))
        await _turn(page, rec, f"nueva oportunidad: {name} para Bodegas Valdemar, 8.000 €")
        await page.click(".confirm .btn--primary")
        await until(lambda: rec.received_of("confirm.result"), 30, "the write's outcome")
        result = rec.received_of("confirm.result")[0]
        assert result["status"] == "done"
        record = result["records"][0]

        await page.goto(server + "admin")
        await page.wait_for_selector("#view[data-loaded=overview]", timeout=15000)
        turns = await page.text_content("[data-figure=turns] dd")
        assert turns == "4"
        assert await page.text_content("[data-figure=not_understood] dd") == "1"
        assert await page.locator("#chart-days").get_attribute("height")  # drawn by Chart.js
        await screenshot(page, "admin-overview")

        await page.click("[data-tab=questions]")
        await page.wait_for_selector("#view[data-loaded=questions]")
        assert "blorf quux zapatilla" in (await page.text_content("#view") or "")

        await page.click("[data-tab=writes]")
        await page.wait_for_selector("#view[data-loaded=writes]")
        link = page.locator(f"#view a[href='{record['url']}']")
        assert await link.text_content() == f"crm.lead #{record['id']}"
        assert name in (await page.text_content("#view") or "")
        await screenshot(page, "admin-writes")

        # keyboard: the tabs are links, Enter on one opens it
        await page.focus("[data-tab=people]")
        await page.keyboard.press("Enter")
        await page.wait_for_selector("#view[data-loaded=people]")
        assert "admin" in (await page.text_content("#view") or "")

        # a phone: the page fits the width (tables scroll inside their card)
        await page.set_viewport_size(PHONE)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert not rec.errors
    finally:
        await ctx.close()


async def test_a_salesperson_gets_403(browser: Browser, server: str) -> None:
    ctx = await browser.new_context(locale="es-ES")
    try:
        page, _ = await _log_in(ctx, server, "laura", "laura")
        response = await page.goto(server + "admin")
        assert response is not None
        assert response.status == 403
        assert "Solo los administradores" in (await page.text_content("body") or "")
    finally:
        await ctx.close()


async def test_a_preference_saved_in_one_browser_applies_in_another(
    browser: Browser, server: str
) -> None:
    first = await browser.new_context(locale="es-ES")
    second = await browser.new_context(locale="es-ES")
    try:
        page, _ = await _log_in(first, server, "ana", "ana")
        await page.click("#settings-open")
        await page.wait_for_selector("#settings[open]")
        await page.select_option("#settings select[name=lang]", "en")
        await page.select_option("#settings select[name=scope]", "mine")
        await page.uncheck("#settings input[name=voice]")
        await page.click("#settings button[type=submit]")
        await page.wait_for_selector("#settings", state="hidden")
        assert await page.get_attribute("html", "lang") == "en"

        other, _ = await _log_in(second, server, "ana", "ana")
        assert await other.get_attribute("html", "lang") == "en"
        assert await other.evaluate("globalThis.__daniel.audio.muted") is True
        await other.click("#settings-open")
        assert await other.input_value("#settings select[name=scope]") == "mine"
        assert await other.text_content("#settings-title") == "Your preferences"
        await other.keyboard.press("Escape")  # the dialog closes from the keyboard
        await other.wait_for_selector("#settings", state="hidden")
    finally:
        await first.close()
        await second.close()
