"""Logging in, asking and logging out in headless Chromium (AUTH=odoo, the default).

The login page lists the sandbox's people (read live from its users); picking the
restricted salesperson logs her in, her question is answered with her own
opportunities, and "Log out" ends the conversation and goes back to the login page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from web_harness import PageRecorder, ask, avatar_server, sandbox_settings, screenshot, until

from daniel.server_avatar.server import AppOptions

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    settings = sandbox_settings(sandbox, tmp_path_factory.mktemp("avatar"))
    async with avatar_server(settings, AppOptions(probe_providers=False)) as url:
        yield url


async def test_log_in_ask_and_log_out(browser: Browser, server: str) -> None:
    ctx = await browser.new_context(locale="es-ES")
    page = await ctx.new_page()
    rec = PageRecorder(page)
    rec.attach()
    try:
        await page.goto(server)
        await page.wait_for_url("**/login")
        # a wrong password: one clear sentence, and still on the login page
        await page.fill("#login", "laura")
        await page.fill("#password", "not-her-password")
        await page.click("#login-submit")
        await page.wait_for_selector("#login-error:not([hidden])")
        assert await page.text_content("#login-error") == "Usuario o contraseña incorrectos."
        # the demo accounts come from the sandbox: pick the restricted salesperson
        laura = page.locator("#demo-list button[data-login=laura]")
        assert "Laura Sánchez" in (await laura.text_content() or "")
        await screenshot(page, "login")
        await laura.click()
        await page.wait_for_selector("#status[data-status=ready]", timeout=15000)
        assert await page.text_content("#account-name") == "Laura Sánchez"
        await ask(page, "¿Qué oportunidades tengo abiertas?")

        def leads() -> list[dict[str, Any]]:
            done = [m for m in rec.received_of("tool") if m["status"] == "done"]
            return [r for m in done for r in m["records"] if r.get("model") == "crm.lead"]

        await until(leads, 20, "her opportunities")
        await page.wait_for_selector(".tool--done", timeout=20000)
        shown = leads()
        assert {r["fields"]["salesperson"] for r in shown} == {"Laura Sánchez"}
        await until(lambda: page.is_visible(".agent-text"), 20, "the answer")
        # her login ends elsewhere (another tab logs out): the page goes back and says so
        assert (await ctx.request.post(server + "auth/logout")).status == 200
        await page.wait_for_url("**/login?ended=1")
        await page.wait_for_selector("#login-error:not([hidden])")
        assert await page.text_content("#login-error") == (
            "Tu sesión ha terminado. Vuelve a iniciar sesión."
        )
        # log in again and leave with the button: back to the login page, nothing to explain
        await page.locator("#demo-list button[data-login=laura]").click()
        await page.wait_for_selector("#status[data-status=ready]", timeout=15000)
        await page.click("#logout")
        await page.wait_for_url("**/login")
        assert page.url.endswith("/login")
        assert await page.is_hidden("#login-error")
        answer = await ctx.request.get(server + "auth/me")
        assert answer.status == 401
        # the browser logs each 401 (the wrong password, the ended login): nothing else
        assert [e for e in rec.errors if "status of 401" not in e] == []
    finally:
        await ctx.close()
