"""The page in headless Chromium against the real avatar server (local brain, local
voice, in-process MCP server) on the sandbox ERP: what a user sees and clicks."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from web_harness import (
    ask,
    avatar_server,
    mouth_samples,
    open_page,
    sandbox_settings,
    screenshot,
    until,
)

from daniel.odoo import OdooClient
from daniel.server_avatar.server import AppOptions

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    settings = sandbox_settings(sandbox, tmp_path_factory.mktemp("avatar"))
    async with avatar_server(settings, AppOptions(probe_providers=False)) as url:
        yield url


def odoo(sandbox: Any) -> OdooClient:
    return OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key)


async def test_the_page_opens_ready_and_clean(browser: Browser, server: str) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        assert await page.text_content("#status-text") == "Conectado"
        assert "cerebro: local" in (await page.text_content("#providers") or "")
        assert await page.get_attribute("#avatar", "data-state") == "idle"
        assert await page.is_visible("text=Hola, soy Daniel.")
        # The offline recogniser understands Spanish too: the microphone is on.
        mic = page.locator("#mic-button")
        assert await mic.is_enabled()
        assert await mic.get_attribute("title") == "Mantén pulsado para hablar"
        # LiveKit's client is only loaded when a remote avatar is used.
        assert not any("/vendor/" in url for url in rec.requests)
        sent = rec.sent[0]
        assert sent == {"type": "session.start", "lang": "es", "mode": "push_to_talk"}
        await screenshot(page, "idle")
        assert rec.errors == []
    finally:
        await ctx.close()


def _opens_and_closes(mouths: list[float]) -> bool:
    """A talking mouth: several shapes, wide open at least once and nearly closed once."""
    return len(set(mouths)) >= 5 and max(mouths) >= 0.3 and min(mouths) <= 0.2


async def test_a_question_is_answered_with_a_table_linking_to_odoo_and_a_talking_avatar(
    browser: Browser, server: str, sandbox: Any
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        await ask(page, "¿Cómo va el pipeline?")
        await page.wait_for_selector(".tool--done >> text=oportunidades")
        link = page.locator(".result--summary a.record__name").first
        await link.wait_for()
        tool = next(m for m in rec.received_of("tool") if m["status"] == "done")
        first = tool["records"][0]
        assert await link.text_content() == first["name"]
        assert await link.get_attribute("href") == first["url"]
        assert first["url"] == f"{sandbox.url}/odoo/crm.stage/{first['id']}"
        assert (await link.get_attribute("target"), await link.get_attribute("rel")) == (
            "_blank",
            "noopener",
        )
        # The avatar talks: speaking state, and its mouth moves with the audio.
        await page.wait_for_selector("#avatar[data-state=speaking]", timeout=10000)
        assert await page.evaluate("window.__daniel.audio.playing")
        mouths = await mouth_samples(page, enough=_opens_and_closes)
        assert _opens_and_closes(mouths), mouths
        caption = await page.text_content("#caption") or ""
        assert caption
        assert caption in (await page.text_content(".agent-text") or "")
        # Screen readers hear the answer through the polite live region.
        answer = rec.received_of("agent.text")[0]["text"]
        await page.locator("#agent-live", has_text=answer).wait_for()
        await page.wait_for_selector(".latency")
        assert re.fullmatch(r"texto \d+ ms · voz \d+ ms", await page.text_content(".latency") or "")
        await page.evaluate("document.activeElement.blur()")
        await screenshot(page, "answer")
        # Esc interrupts: the voice stops at once and the server is told.
        await page.keyboard.press("Escape")
        assert not await page.evaluate("window.__daniel.audio.playing")
        await until(lambda: "interrupt" in rec.sent_types(), what="interrupt")
        await page.wait_for_selector("#avatar[data-state=idle]")
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_result_cards_open_the_right_odoo_records(
    browser: Browser, server: str, sandbox: Any
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        await ask(page, "oportunidades en negociación")
        cards = page.locator(".result--leads .card")
        await cards.first.wait_for()
        count = await cards.count()
        assert count >= 2
        async with odoo(sandbox) as client:
            for i in range(count):
                card = cards.nth(i)
                record_id = int(await card.get_attribute("data-id") or 0)
                href = await card.locator("a.record__name").get_attribute("href")
                assert href == f"{sandbox.url}/odoo/crm.lead/{record_id}"
                [lead] = await client.read("crm.lead", [record_id], ["name", "stage_id"])
                assert await card.locator("a.record__name").text_content() == lead["name"]
                assert lead["stage_id"][1] == "Negociación"
                assert "Negociación" in (await card.text_content() or "")
        # Typing while the agent talks cuts it off at once, then asks.
        await page.wait_for_selector("#avatar[data-state=speaking]", timeout=10000)
        listing_turn = rec.received_of("turn.start")[0]["turn_id"]
        await page.fill("#composer-input", "la primera")
        # Submit and look at the speaker in the same task: before any new audio can come.
        still_playing = await page.evaluate(
            "document.querySelector('#composer').requestSubmit(), window.__daniel.audio.playing"
        )
        assert still_playing is False
        await until(lambda: rec.sent_types()[-2:] == ["interrupt", "user.text"], what="barge-in")
        await page.wait_for_selector(f".turn--agent.is-interrupted[data-turn-id='{listing_turn}']")
        assert any(m.get("turn_id") == listing_turn for m in rec.received_of("interrupted"))
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_a_write_is_confirmed_with_the_buttons_and_lands_in_odoo(
    browser: Browser, server: str, sandbox: Any
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    name = f"Flota web {secrets.token_hex(3).upper()}"
    try:
        await ask(page, f"nueva oportunidad: {name} para Bodegas Valdemar, 8.000 €")
        card = page.locator(".confirm")
        await card.wait_for()
        assert name in (await card.locator(".confirm__summary").text_content() or "")
        changes = await card.locator(".changes tbody tr").all_text_contents()
        assert any(name in row for row in changes), changes
        async with odoo(sandbox) as client:
            assert await client.search_count("crm.lead", [["name", "=", name]]) == 0
            await card.get_by_role("button", name="Confirmar").click()
            await page.wait_for_selector(".confirm[data-state=done]")
            rows = await client.search_read("crm.lead", [["name", "=", name]], ["expected_revenue"])
        assert [r["expected_revenue"] for r in rows] == [8000.0]
        await until(lambda: "confirm" in rec.sent_types(), what="confirm")
        assert next(m for m in rec.sent if m["type"] == "confirm")["accept"] is True
        assert await card.get_by_role("button", name="Confirmar").is_disabled()
        assert "Hecho" in (await card.locator(".confirm__status").text_content() or "")
        # Confirm stops the proposal being read out, but answering it is no barge-in:
        # the proposal's turn, whose text was complete, is not marked "interrumpido".
        proposal_turn = rec.received_of("confirm.request")[0]["turn_id"]
        assert any(m.get("turn_id") == proposal_turn for m in rec.received_of("interrupted"))
        proposal = page.locator(f".turn--agent[data-turn-id='{proposal_turn}']")
        assert await proposal.locator(".confirm").count() == 1
        assert await proposal.locator(".interrupted").count() == 0
        assert "is-interrupted" not in (await proposal.get_attribute("class") or "")
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_a_dropped_connection_reconnects_and_the_conversation_goes_on(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        await ask(page, "oportunidades en negociación")
        await page.locator(".result--leads .card").first.wait_for()
        listed = next(
            m for m in rec.received_of("tool") if m["kind"] == "leads" and m["status"] == "done"
        )
        session_id = rec.received_of("session.ready")[0]["session_id"]
        turns_before = await page.locator(".turn").count()

        await page.evaluate("window.__daniel.socket.ws.close()")
        await page.wait_for_selector("text=Conexión recuperada", timeout=10000)
        await page.wait_for_selector("#status[data-status=ready]")
        await until(lambda: rec.sent_types().count("session.start") == 2, what="session.start")
        starts = [m for m in rec.sent if m["type"] == "session.start"]
        assert starts[-1]["resume"] == session_id
        ready = rec.received_of("session.ready")[-1]
        assert (ready["session_id"], ready["resumed"]) == (session_id, True)
        assert await page.locator(".turn").count() == turns_before, "the transcript is kept"

        # The server remembers the listing: "the second one" is the second card.
        agents = await page.locator(".turn--agent").count()
        await ask(page, "la segunda")
        opened = page.locator(".turn--agent").nth(agents).locator(".result--leads .card")
        await opened.first.wait_for()  # the new turn's card, not the list's
        assert await opened.first.get_attribute("data-id") == str(listed["records"][1]["id"])
        assert rec.errors == []
    finally:
        await ctx.close()


async def test_a_conversation_that_cannot_be_resumed_goes_on_below_the_old_one(
    browser: Browser, server: str
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        await ask(page, "¿Cómo va el pipeline?")
        await page.locator(".turn--agent.is-done .result--summary").wait_for()
        # The server no longer knows the session (e.g. it restarted): a new one starts,
        # whose turn ids begin again; a question typed meanwhile waits for it.
        await page.evaluate(
            "window.__daniel.sessionId = 's-gone'; window.__daniel.socket.ws.close()"
        )
        await ask(page, "oportunidades en negociación")
        await page.locator(".note", has_text="No se pudo recuperar").wait_for()
        await page.locator(".result--leads .card").first.wait_for()
        starts = [i for i, m in enumerate(rec.sent) if m["type"] == "session.start"]
        texts = [i for i, m in enumerate(rec.sent) if m["type"] == "user.text"]
        assert rec.sent[starts[1]]["resume"] == "s-gone"
        assert texts[1] > starts[1], "the queued question went to the new session"
        agents = page.locator(".turn--agent")
        assert await agents.count() == 2
        assert await agents.nth(0).locator(".result--leads").count() == 0
        assert await agents.nth(1).locator(".result--summary").count() == 0
        users = await page.locator(".turn--user .bubble").all_text_contents()
        assert users == ["¿Cómo va el pipeline?", "oportunidades en negociación"]
    finally:
        await ctx.close()
