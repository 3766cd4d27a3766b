"""People and access (issue 10): each person logs in and works as themselves in Odoo.

Two sandbox people: `laura`, the restricted salesperson (own documents only), and `ana`,
the sales manager. Everything goes through the real server: `POST /auth/login`, the
session cookie, the WebSocket, the in-process MCP server and the sandbox's own access
rules.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from avatar_client import Conversation, SettingsFactory, make_app, open_conversation

from daniel.mcp_odoo.core.identity import Caller
from daniel.server_avatar.auth.access import FAILURES_PER_ADDRESS
from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.tools.mcp_client import McpToolRunner, build_client
from login_helpers import log_in


async def _as(aiohttp_client: Any, settings: Any, login: str, **options: Any) -> Any:
    client = await aiohttp_client(make_app(settings, probe_providers=False, **options), login=False)
    await log_in(client, login, login)  # sandbox demo password = login
    return client


def _records(turn: Any, model: str) -> list[dict[str, Any]]:
    """The `model` records the turn's finished tool calls showed (whichever tool)."""
    found = [
        record
        for message in turn.of("tool")
        if message["status"] == "done"
        for record in message.get("records", [])
        if record.get("model") == model
    ]
    assert found, f"no {model} records in {[m['name'] for m in turn.of('tool')]}"
    return found


def _salespeople(turn: Any) -> set[str]:
    return {str(r["fields"]["salesperson"]) for r in _records(turn, "crm.lead")}


async def test_my_opportunities_and_tasks_are_each_persons_own(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings()
    laura = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    ana = await open_conversation(await _as(aiohttp_client, settings, "ana"), lang="es")

    hers = await laura.ask("¿Qué oportunidades tengo abiertas?")
    assert _salespeople(hers) == {"Laura Sánchez"}
    mine = await ana.ask("¿Qué oportunidades tengo abiertas?")
    assert _salespeople(mine) == {"Ana García"}

    tasks = _records(await laura.ask("¿Qué tareas tengo?"), "project.task")
    assert tasks
    assert all("Laura Sánchez" in t["fields"]["assignees"] for t in tasks)
    tasks = _records(await ana.ask("¿Qué tareas tengo?"), "project.task")
    assert tasks
    assert all("Ana García" in t["fields"]["assignees"] for t in tasks)


async def test_the_restricted_salesperson_cannot_read_anothers_lead_through_chat(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings()
    ana = await open_conversation(await _as(aiohttp_client, settings, "ana"), lang="es")
    lead = _records(await ana.ask("¿Qué oportunidades tengo abiertas?"), "crm.lead")[0]
    asked = f"Háblame de la oportunidad {lead['name']}"
    seen = await ana.ask(asked)  # the same words work for the person the lead belongs to
    assert any(r.get("id") == lead["id"] for m in seen.of("tool") for r in m.get("records", []))
    laura = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    turn = await laura.ask(asked)
    shown = [r for m in turn.of("tool") for r in m.get("records", [])]
    assert all(r.get("id") != lead["id"] for r in shown), "laura saw ana's lead"
    assert lead["fields"]["customer"] not in turn.text  # nothing of the lead is told


async def test_a_confirmed_change_is_audited_under_the_person_who_made_it(
    aiohttp_client: Any, avatar_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = avatar_settings(mcp_audit_log=tmp_path / "audit.jsonl")
    laura = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    proposal = await laura.ask(
        "Crea una tarea «Llamar a Acme por la renovación» en Proyectos internos"
    )
    request = proposal.one("confirm.request")
    assert request["confirmation_id"].startswith("c_")  # never the MCP token
    done = await laura.confirm(request["confirmation_id"])
    assert any(m["status"] == "done" for m in done.of("confirm.result")), done.messages
    entries = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert entries[-1]["login"] == "laura"
    assert entries[-1]["uid"] == 8


async def test_logout_ends_access_at_once(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await _as(aiohttp_client, avatar_settings(), "laura")
    me = await client.get("/auth/me")
    assert (await me.json())["user"]["name"] == "Laura Sánchez"
    talk = await open_conversation(client, lang="es")
    assert (await client.post("/auth/logout")).status == 200
    error = await talk.until("error")
    assert "sesión" in error["message"]
    assert await talk.receive() is None  # the conversation is closed
    assert (await client.get("/auth/me")).status == 401
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 401


async def test_without_a_login_there_is_no_conversation_and_the_page_asks_to_log_in(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False), login=False)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 401
    page = await client.get("/", allow_redirects=False)
    assert page.status == 302
    assert page.headers["Location"] == "/login"
    login_page = await client.get("/login")
    assert login_page.status == 200
    assert "login.js" in await login_page.text()


async def test_wrong_credentials_get_one_message_that_reveals_nothing(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False), login=False)
    wrong = await client.post("/auth/login", json={"login": "laura", "password": "nope"})
    nobody = await client.post("/auth/login", json={"login": "nobody", "password": "nope"})
    assert wrong.status == nobody.status == 401
    assert (await wrong.json()) == (await nobody.json())
    english = await client.post(
        "/auth/login", json={"login": "laura", "password": "x", "lang": "en"}
    )
    assert (await english.json())["error"] == "Wrong login or password."
    assert "Set-Cookie" not in wrong.headers


async def test_the_session_cookie_is_http_only_and_strict(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False), login=False)
    answer = await client.post("/auth/login", json={"login": "laura", "password": "laura"})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "laura" not in cookie.split(";")[0]  # an opaque id, not the secret
    behind_tls = await client.post(
        "/auth/login",
        json={"login": "laura", "password": "laura"},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "Secure" in behind_tls.headers["Set-Cookie"]


async def test_a_login_flood_is_throttled(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False), login=False)
    statuses = []
    for attempt in range(8):
        answer = await client.post(
            "/auth/login", json={"login": "laura", "password": f"guess-{attempt}"}
        )
        statuses.append(answer.status)
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    # even the right password waits: the account is locked for a while
    locked = await client.post("/auth/login", json={"login": "laura", "password": "laura"})
    assert locked.status == 429
    assert int(locked.headers["Retry-After"]) > 0
    # guesses spread over many accounts: the address itself is throttled
    statuses = []
    for guess in range(FAILURES_PER_ADDRESS + 2):
        login = {"login": f"someone-{guess}", "password": "wrong"}
        statuses.append((await client.post("/auth/login", json=login)).status)
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert (
        await client.post("/auth/login", json={"login": "ana", "password": "ana"})
    ).status == 429


async def test_a_foreign_host_is_refused_on_every_request(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    rebinding = {"Host": "evil.example.net"}
    for path in ("/", "/login", "/js/app.js", "/api/config", "/auth/me"):
        assert (await client.get(path, headers=rebinding)).status == 421, path
    login = {"login": "laura", "password": "laura"}
    assert (await client.post("/auth/login", json=login, headers=rebinding)).status == 421
    # probes and scrapers name the pod by address: monitoring stays reachable
    assert (await client.get("/health", headers={"Host": "10.1.2.3:8080"})).status == 200
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=rebinding)
    assert refused.value.status == 421
    # a page of a foreign origin cannot open the WebSocket either (cross-site hijacking)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example.net"})
    assert refused.value.status == 403
    allowed = await aiohttp_client(
        make_app(avatar_settings(server_allowed_hosts="daniel.example.com"), probe_providers=False)
    )
    assert (await allowed.get("/login", headers={"Host": "daniel.example.com"})).status == 200


async def test_confirmations_of_another_conversation_are_refused(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings()
    laura = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    other = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    request = (await laura.ask("Crea una tarea «Revisar contrato» en Proyectos internos")).one(
        "confirm.request"
    )
    await other.send("confirm", confirmation_id=request["confirmation_id"], accept=True)
    refused = await other.until("confirm.result")
    assert refused["status"] == "expired"
    assert "No se ha cambiado nada" in refused["summary"]
    # the proposal is still there for its own conversation
    done = await laura.confirm(request["confirmation_id"])
    assert any(m["status"] == "done" for m in done.of("confirm.result")), done.messages


async def test_a_superseded_proposal_is_cancelled_at_once(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    laura = await open_conversation(
        await _as(aiohttp_client, avatar_settings(), "laura"), lang="es"
    )
    first = (await laura.ask("Crea una tarea «Primera idea» en Proyectos internos")).one(
        "confirm.request"
    )
    second = await laura.ask("Crea una tarea «Segunda idea» en Proyectos internos")
    cancelled = [
        m
        for m in second.before + second.messages
        if m["type"] == "confirm.result" and m["confirmation_id"] == first["confirmation_id"]
    ]
    assert cancelled
    assert cancelled[0]["status"] == "cancelled"
    assert "más reciente" in cancelled[0]["summary"]
    await laura.send("confirm", confirmation_id=first["confirmation_id"], accept=True)
    assert (await laura.until("confirm.result"))["status"] == "expired"


async def test_idle_sockets_do_not_lock_out_a_logged_in_person(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    tuning = ServerTuning(start_timeout_seconds=30.0)
    settings = avatar_settings(server_max_sessions=3)
    client = await _as(aiohttp_client, settings, "laura", tuning=tuning)
    idle = [await client.ws_connect("/ws") for _ in range(10)]  # never send session.start
    ana = await _as(aiohttp_client, settings, "ana")
    talk = await open_conversation(ana, lang="es")
    assert _records(await talk.ask("¿Qué oportunidades tengo abiertas?"), "crm.lead")
    for ws in idle:
        await ws.close()


async def test_a_socket_that_never_starts_is_closed(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    tuning = ServerTuning(start_timeout_seconds=0.5)
    client = await _as(aiohttp_client, avatar_settings(), "laura", tuning=tuning)
    silent = Conversation(await client.ws_connect("/ws"))
    error = await silent.until("error")
    assert "session.start" in error["message"]
    assert await silent.receive() is None
    assert silent.ws.close_code == 1008


async def test_each_person_has_a_limit_of_open_conversations(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await _as(aiohttp_client, avatar_settings(server_max_sessions_per_user=2), "laura")
    await open_conversation(client, lang="es")
    await open_conversation(client, lang="es")
    third = Conversation(await client.ws_connect("/ws"))
    await third.send("session.start", lang="es")
    error = await third.until("error")
    assert "demasiadas conversaciones abiertas" in error["message"]
    await asyncio.sleep(0)


async def test_a_conversation_cannot_be_resumed_by_another_person(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings()
    laura = await open_conversation(await _as(aiohttp_client, settings, "laura"), lang="es")
    await laura.ws.close()
    ana = Conversation(await (await _as(aiohttp_client, settings, "ana")).ws_connect("/ws"))
    ready = await ana.start(lang="es", resume=laura.session_id)
    assert ready["resumed"] is False
    assert ready["session_id"] != laura.session_id


async def test_the_login_page_lists_the_sandboxs_people_from_its_live_users(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False), login=False)
    options = await (await client.get("/auth/options")).json()
    accounts = {a["login"]: a for a in options["demo_accounts"]}
    assert {"admin", "ana", "laura"} <= set(accounts)
    assert accounts["laura"]["name"] == "Laura Sánchez"
    assert accounts["laura"]["role"] == "restricted_salesperson"
    assert accounts["ana"]["role"] == "sales_manager"
    assert accounts["laura"]["password"] == "laura"


async def test_the_person_travels_to_an_mcp_subprocess_too(
    avatar_settings: SettingsFactory,
) -> None:
    runner = McpToolRunner(build_client(avatar_settings(mcp_connection="stdio")), call_timeout=30)
    try:
        laura = await runner.call_as("user_context", {}, Caller("laura", "laura").as_meta())
        assert laura.structured["user"]["login"] == "laura"
        service = await runner.call("user_context", {})
        assert service.structured["user"]["login"] == "admin"
    finally:
        await runner.close()


async def test_auth_none_needs_no_login_and_uses_the_configured_account(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    app = make_app(avatar_settings(auth="none"), probe_providers=False)
    client = await aiohttp_client(app, login=False)
    assert (await (await client.get("/auth/me")).json())["user"] is None
    assert (await client.get("/login", allow_redirects=False)).headers["Location"] == "/"
    talk = await open_conversation(client, lang="es")
    turn = await talk.ask("¿Qué tareas tengo?")
    tasks = _records(turn, "project.task")
    assert tasks
    assert all("Daniel Martín" in t["fields"]["assignees"] for t in tasks)  # ODOO_USER: admin
