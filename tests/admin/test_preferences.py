"""Per-person preferences: kept by the server across devices, validated, and the
pipeline scope used by the understanding layer (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.odoo import OdooClient
from login_helpers import log_in


async def _as(aiohttp_client: Any, server: Any, login: str) -> Any:
    client = await aiohttp_client(server, login=False)
    await log_in(client, login, login)  # sandbox demo password = login
    return client


def _salespeople(turn: Any) -> set[str]:
    return {
        str(r["fields"]["salesperson"])
        for m in turn.of("tool")
        if m["status"] == "done"
        for r in m.get("records", [])
        if r.get("model") == "crm.lead"
    }


async def test_preferences_follow_the_person_to_another_device(
    aiohttp_client: Any, aiohttp_server: Any, admin_settings: SettingsFactory
) -> None:
    server = await aiohttp_server(make_app(admin_settings(), probe_providers=False))
    phone = await _as(aiohttp_client, server, "laura")
    laptop = await _as(aiohttp_client, server, "laura")
    defaults = await (await phone.get("/api/preferences")).json()
    assert defaults["preferences"]["scope"] == "everyone"
    assert defaults["preferences"]["mode"] == "push_to_talk"
    change = {"lang": "en", "voice": False, "speed": 1.25, "mode": "hands_free", "scope": "mine"}
    saved = await phone.put("/api/preferences", json=change)
    assert saved.status == 200
    seen = (await (await laptop.get("/api/preferences")).json())["preferences"]
    assert {k: seen[k] for k in change} == change
    other = await _as(aiohttp_client, server, "ana")
    assert (await (await other.get("/api/preferences")).json())["preferences"]["scope"] == (
        "everyone"
    )


async def test_bad_preferences_are_refused_with_the_field_named(
    aiohttp_client: Any, aiohttp_server: Any, admin_settings: SettingsFactory
) -> None:
    server = await aiohttp_server(make_app(admin_settings(), probe_providers=False))
    laura = await _as(aiohttp_client, server, "laura")
    bad = await laura.put("/api/preferences", json={"speed": 9, "scope": "mine"})
    assert bad.status == 400
    assert "speed" in (await bad.json())["error"]
    unknown = await laura.put("/api/preferences", json={"password": "x"})
    assert unknown.status == 400
    kept = (await (await laura.get("/api/preferences")).json())["preferences"]
    assert (kept["speed"], kept["scope"]) == (1.0, "everyone")  # nothing half-saved
    stranger = await aiohttp_client(server, login=False)
    assert (await stranger.get("/api/preferences")).status == 401
    assert (await stranger.put("/api/preferences", json={"voice": False})).status == 401


async def test_the_pipeline_scope_decides_whose_opportunities_a_question_covers(
    aiohttp_client: Any, aiohttp_server: Any, admin_settings: SettingsFactory
) -> None:
    server = await aiohttp_server(make_app(admin_settings(), probe_providers=False))
    ana = await _as(aiohttp_client, server, "ana")
    question = "¿Qué oportunidades hay abiertas?"
    first = await open_conversation(ana, lang="es")
    everyone = _salespeople(await first.ask(question))
    assert len(everyone) > 1
    await first.stop()
    await ana.put("/api/preferences", json={"scope": "mine"})
    second = await open_conversation(ana, lang="es")
    assert _salespeople(await second.ask(question)) == {"Ana García"}
    named = await second.ask("¿Qué oportunidades abiertas tiene todo el equipo?")
    await second.stop()
    assert len(_salespeople(named)) > 1  # words that name people win over the default


async def test_the_team_scope_covers_the_persons_sales_teams(
    aiohttp_client: Any, admin_settings: SettingsFactory, sandbox: Any
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    saved = await client.put("/api/preferences", json={"scope": "team"})
    assert saved.status == 200
    turn = await (await open_conversation(client, lang="es")).ask(
        "¿Qué oportunidades hay abiertas?"
    )
    shown = {
        r["id"]
        for m in turn.of("tool")
        if m["status"] == "done"
        for r in m.get("records", [])
        if r.get("model") == "crm.lead"
    }
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        uid = await odoo.authenticate()
        team = await odoo.search("crm.lead", [["team_id.member_ids", "in", [uid]]])
        everyone = await odoo.search_count("crm.lead", [["active", "=", True]])
    assert shown
    assert shown <= set(team)
    assert len(team) < everyone
