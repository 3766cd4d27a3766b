"""Whole conversations through the real WebSocket: local brain, local voice, real MCP
server on the sandbox. What the browser receives is what is checked."""

from __future__ import annotations

import random
import string
from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.odoo import OdooClient


def _word(prefix: str) -> str:
    return prefix + "".join(random.choices(string.ascii_uppercase, k=5))


async def test_a_question_is_answered_with_tool_cards_text_speech_and_latency(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"] == {
        "brain": "local",
        "stt": "local",
        "tts": "local",
        "avatar": "local",
    }
    assert talk.ready["voice_input"]["enabled"] is False  # Spanish needs another STT
    assert "STT=openai" in talk.ready["voice_input"]["reason"]
    assert talk.ready["audio_out"] == {"format": "pcm_s16le", "sample_rate": 22050}

    turn = await talk.ask("¿Cómo va el pipeline?")

    kinds = [m["type"] for m in turn.messages]
    assert kinds[:2] == ["turn.start", "state"]
    assert turn.messages[1]["state"] == "thinking"
    assert kinds[-1] == "turn.end"
    assert {"state": "speaking"}.items() <= next(m for m in turn.of("state")[1:]).items()
    tool = turn.shown("summary")
    assert tool["records"]
    assert all(card["url"].startswith("http") for card in tool["records"])
    assert tool["label"] == "Consultando oportunidades…"
    assert turn.outcome == "answered"
    assert "oportunidades" in turn.text
    segments = turn.of("speech.segment")
    assert segments, "the answer is spoken"
    assert all(len(turn.audio[s["segment"]]) > 1000 for s in segments)
    marks = turn.marks
    assert marks["user_end"] == 0
    assert 0 <= marks["first_text"] <= marks["first_audio"] <= marks["end"]


async def test_a_follow_up_uses_the_previous_answer(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="es")
    listing = await talk.ask("oportunidades en negociación")
    records = listing.shown("leads")["records"]
    assert len(records) >= 2
    detail = await talk.ask("la segunda")
    # Asking while the first answer still plays cuts it (barge-in).
    cut = {"type": "interrupted", "turn_id": listing.turn_id, "reason": "barge_in"}
    assert cut in detail.before
    opened = detail.shown("leads")
    assert opened["records"][0]["id"] == records[1]["id"]
    assert records[1]["name"] in detail.text


async def test_a_write_is_previewed_then_confirmed_and_lands_in_odoo(
    aiohttp_client: Any, avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="es")
    name = f"Renovación de flota {_word('Avatar')}"
    preview = await talk.ask(f"nueva oportunidad: {name} para Bodegas Valdemar, 8.000 €")
    request = preview.one("confirm.request")
    assert request["tool"] == "crm_create_lead"
    assert name in request["summary"]
    assert any(change["new"] == name for change in request["changes"])
    assert request["expires_in"] > 0
    assert "confirmation_token" not in str(preview.messages)  # the token stays server-side

    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 0
        done = await talk.confirm(request["confirmation_id"], True)
        result = done.one("confirm.result")
        assert (result["confirmation_id"], result["status"]) == (
            request["confirmation_id"],
            "done",
        )
        assert name in done.text
        rows = await odoo.search_read("crm.lead", [["name", "=", name]], ["expected_revenue"])
    assert [r["expected_revenue"] for r in rows] == [8000.0]


async def test_a_spoken_or_typed_yes_confirms_and_a_no_cancels(
    aiohttp_client: Any, avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="es")
    kept, dropped = _word("Sí"), _word("No")
    first = await talk.ask(f"nueva oportunidad: {kept} para Bodegas Valdemar")
    request = first.one("confirm.request")
    yes = await talk.ask("sí")
    assert yes.one("confirm.result")["status"] == "done"
    assert yes.one("confirm.result")["confirmation_id"] == request["confirmation_id"]
    await talk.ask(f"nueva oportunidad: {dropped} para Bodegas Valdemar")
    no = await talk.ask("no, mejor no")
    assert no.one("confirm.result")["status"] == "cancelled"
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        assert await odoo.search_count("crm.lead", [["name", "=", kept]]) == 1
        assert await odoo.search_count("crm.lead", [["name", "=", dropped]]) == 0


async def test_english_session_answers_in_english_and_allows_voice(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="en")
    assert talk.ready["voice_input"] == {"enabled": True, "reason": None}
    turn = await talk.ask("how is the pipeline")
    assert turn.shown("summary")["label"] == "Looking at opportunities…"
    assert "opportunit" in turn.text or "lead" in turn.text


async def test_switching_language_mid_conversation_tells_why_voice_is_off(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings()))
    talk = await open_conversation(client, lang="en")
    await talk.send("lang", lang="es")
    notice = await talk.until("notice")
    assert "español" in notice["message"]
    turn = await talk.ask("¿cómo va el pipeline?")
    assert "oportunidades" in turn.text


async def test_text_only_when_speech_is_off(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(tts="none"), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["tts"] == "none"
    turn = await talk.ask("¿cómo va el pipeline?")
    assert "oportunidades" in turn.text
    assert not turn.of("speech.segment")
    assert "first_audio" not in turn.marks
