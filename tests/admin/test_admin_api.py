"""The dashboard's JSON API on a real server, sandbox and database (SQLite and PostgreSQL).

An administrator's conversation (questions, one not understood, a confirmed change) shows
up in /admin/api/usage, /questions, /audit, /people and /sessions, also as CSV; a
salesperson gets 403 and a stranger 401; a live conversation can be ended; what was
recorded survives a restart; old rows go after the retention period.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import string
from typing import Any

from avatar_client import Conversation, SettingsFactory, make_app, open_conversation
from sqlalchemy import select, text

from daniel.admin import reports
from daniel.admin.database import Database, database_url
from daniel.admin.tables import Turn
from login_helpers import log_in


def _word(prefix: str) -> str:
    return prefix + "".join(random.choices(string.ascii_uppercase, k=5))


async def _as(aiohttp_client: Any, settings: Any, login: str) -> Any:
    client = await aiohttp_client(make_app(settings, probe_providers=False), login=False)
    await log_in(client, login, login)  # sandbox demo password = login
    return client


async def _json(client: Any, path: str, status: int = 200) -> Any:
    response = await client.get(path)
    body = await response.json()
    assert response.status == status, body
    return body


async def test_an_admins_turns_questions_and_write_reach_the_dashboard(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    assert (await talk.ask("¿Cómo va el pipeline?")).outcome == "answered"
    assert (await talk.ask("blorf quux zapatilla")).outcome == "not_understood"
    name = f"Flota {_word('Panel')}"
    preview = await talk.ask(f"nueva oportunidad: {name} para Bodegas Valdemar, 8.000 €")
    request = preview.one("confirm.request")
    done = await talk.confirm(request["confirmation_id"], True)
    record = done.one("confirm.result")["records"][0]

    usage = await _json(client, "/admin/api/usage")
    totals = usage["totals"]
    assert totals["turns"] == 4
    assert (totals["people"], totals["conversations"], totals["writes"]) == (1, 1, 1)
    assert totals["not_understood"] == 1
    assert totals["not_understood_rate"] == 0.25
    assert usage["per_day"][-1]["turns"] == 4
    assert usage["per_language"] == [{"lang": "es", "turns": 4}]
    assert usage["per_channel"] == [{"channel": "typed", "turns": 4}]
    assert usage["per_person"] == [{"login": "admin", "turns": 4}]
    assert usage["latency"]["end"]["n"] == 4
    assert 0 <= usage["latency"]["end"]["p50"] <= usage["latency"]["end"]["p95"]

    questions = await _json(client, "/admin/api/questions")
    missed = questions["not_understood"]["items"]
    assert [m["question"] for m in missed] == ["blorf quux zapatilla"]
    assert {q["question"] for q in questions["top"]} >= {"¿Cómo va el pipeline?"}
    assert any(c["category"] == "not_understood" for c in questions["by_category"])

    audit = await _json(client, "/admin/api/audit")
    assert audit["total"] == 1
    write = audit["items"][0]
    assert (write["login"], write["via"], write["status"]) == ("admin", "chat", "done")
    assert (write["model"], write["record_id"]) == ("crm.lead", record["id"])
    assert write["url"] == record["url"]
    assert write["url"].startswith("http")
    assert any(change["new"] == name for change in write["changes"])
    assert (await _json(client, "/admin/api/audit?model=project.task"))["total"] == 0

    people = await _json(client, "/admin/api/people")
    assert people["items"][0]["login"] == "admin"
    assert (people["items"][0]["turns"], people["items"][0]["writes"]) == (4, 1)

    response = await client.get("/admin/api/audit?format=csv")
    assert response.status == 200
    assert response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert rows[0]["model"] == "crm.lead"
    assert name in rows[0]["changes"]

    sessions = await _json(client, "/admin/api/sessions")
    assert [s["id"] for s in sessions["live"]] == [talk.session_id]
    assert sessions["recent"]["items"][0]["id"] == talk.session_id


async def test_filters_pages_and_bad_values(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="en")
    for _ in range(3):
        await talk.ask("blorf quux")
    page = await _json(client, "/admin/api/questions?per_page=2&page=2")
    assert page["not_understood"]["total"] == 3
    assert len(page["not_understood"]["items"]) == 1
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    later = await _json(client, f"/admin/api/usage?from={tomorrow}&to={tomorrow}")
    assert later["totals"]["turns"] == 0
    assert (await _json(client, "/admin/api/usage?user=nobody"))["totals"]["turns"] == 0
    bad = await _json(client, "/admin/api/usage?from=yesterday", status=400)
    assert "from" in bad["error"]
    bad = await _json(client, "/admin/api/audit?per_page=100000", status=400)
    assert "per_page" in bad["error"]
    other = await _json(client, "/admin/api/usage?tenant=elsewhere", status=403)
    assert "empresa" in other["error"]


async def test_a_salesperson_gets_403_and_a_stranger_401(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    settings = admin_settings()
    laura = await _as(aiohttp_client, settings, "laura")
    for path in ("usage", "questions", "audit", "sessions", "people"):
        body = await _json(laura, f"/admin/api/{path}", status=403)
        assert body["error"] == "Solo los administradores pueden ver el panel."
    assert (await laura.delete("/admin/api/sessions/s-x")).status == 403
    page = await laura.get("/admin", allow_redirects=False)
    assert page.status == 403
    stranger = await aiohttp_client(make_app(settings, probe_providers=False), login=False)
    await _json(stranger, "/admin/api/usage", status=401)
    redirect = await stranger.get("/admin", allow_redirects=False)
    assert (redirect.status, redirect.headers["Location"]) == (302, "/login")


async def test_admin_logins_setting_makes_an_administrator(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    laura = await _as(aiohttp_client, admin_settings(admin_logins="laura"), "laura")
    assert (await _json(laura, "/admin/api/usage"))["totals"]["turns"] == 0


async def test_an_admin_ends_a_live_conversation(
    aiohttp_client: Any, aiohttp_server: Any, admin_settings: SettingsFactory
) -> None:
    server = await aiohttp_server(make_app(admin_settings(), probe_providers=False))
    admin = await aiohttp_client(server)
    laura = await aiohttp_client(server, login=False)
    await log_in(laura, "laura", "laura")
    talk = await open_conversation(laura, lang="es")
    live = (await _json(admin, "/admin/api/sessions"))["live"]
    assert [(s["id"], s["login"], s["person"]) for s in live] == [
        (talk.session_id, "laura", "Laura Sánchez")
    ]
    response = await admin.delete(f"/admin/api/sessions/{talk.session_id}")
    assert response.status == 200
    error = await talk.until("error")
    assert error["message"] == "Un administrador ha cerrado esta conversación."
    while await talk.receive() is not None:
        pass
    assert talk.close_frame is not None
    assert talk.close_frame[0] == 4403
    assert (await _json(admin, "/admin/api/sessions"))["live"] == []
    gone = await admin.delete(f"/admin/api/sessions/{talk.session_id}")
    assert gone.status == 404


async def test_what_was_recorded_survives_a_restart(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    settings = admin_settings()
    first = await aiohttp_client(make_app(settings, probe_providers=False))
    talk = await open_conversation(first, lang="es")
    await talk.ask("blorf quux zapatilla")
    await first.close()  # the server stops with the conversation open: it is ended, written
    second = await aiohttp_client(make_app(settings, probe_providers=False))
    questions = await _json(second, "/admin/api/questions")
    assert [m["question"] for m in questions["not_understood"]["items"]] == ["blorf quux zapatilla"]
    recent = (await _json(second, "/admin/api/sessions"))["recent"]["items"]
    assert recent[0]["id"] == talk.session_id
    assert recent[0]["ended_at"] is not None
    assert recent[0]["turns"] == 1


async def test_question_text_is_not_kept_when_switched_off(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(
        make_app(admin_settings(analytics_store_text=False), probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    await talk.ask("blorf quux zapatilla")
    questions = await _json(client, "/admin/api/questions")
    missed = questions["not_understood"]["items"]
    assert [(m["question"], m["outcome"]) for m in missed] == [(None, "not_understood")]
    assert questions["top"] == []


async def test_rows_past_the_retention_period_are_deleted(
    admin_settings: SettingsFactory,
) -> None:
    database = Database(database_url(admin_settings()))
    try:
        await database.migrate()
        await database.migrate()  # a second start finds the schema up to date
        old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=40)
        async with database.sessions.begin() as db:
            db.add(Turn(conversation_id="s-old", turn_id="t1", at=old, tenant="default"))
            db.add(Turn(conversation_id="s-new", turn_id="t1", tenant="default"))
        assert await database.prune(30) == 1
        async with database.sessions() as db:
            kept = (await db.scalars(select(Turn.conversation_id))).all()
        assert list(kept) == ["s-new"]
    finally:
        await database.close()


async def test_a_conversation_taken_over_elsewhere_stays_one_live_conversation(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    old = await open_conversation(client, lang="es")
    await old.ask("¿Cómo va el pipeline?")
    new = Conversation(await client.ws_connect("/ws"))
    assert (await new.start(lang="es", resume=old.session_id))["resumed"] is True
    while await old.receive() is not None:  # the old page is closed
        pass
    await new.ask("blorf quux zapatilla")
    live = (await _json(client, "/admin/api/sessions"))["live"]
    assert [s["id"] for s in live] == [old.session_id]
    await new.stop()
    await _json(client, "/admin/api/usage")
    recent = await _json(client, "/admin/api/sessions")
    assert recent["live"] == []
    assert [(s["id"], s["turns"]) for s in recent["recent"]["items"]] == [(old.session_id, 2)]


async def test_percentiles_and_per_day_figures_are_computed_by_the_database(
    admin_settings: SettingsFactory,
) -> None:
    database = Database(database_url(admin_settings()))
    try:
        await database.migrate()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        async with database.sessions.begin() as db:
            for ms in range(1, 101):  # 1..100 ms, shuffled in time
                db.add(
                    Turn(
                        conversation_id=f"s-{ms % 3}",
                        turn_id="t1",
                        at=now - dt.timedelta(days=ms % 2, minutes=ms),
                        tenant="default",
                        login=f"p{ms % 5}",
                        ms_end=(ms * 37) % 100 + 1,
                        outcome="not_understood" if ms % 10 == 0 else "answered",
                    )
                )
            db.add(Turn(conversation_id="s-x", turn_id="t1", tenant="other", ms_end=999))
        filters = reports.Filters.parse({}, "default", now.date())
        async with database.sessions() as db:
            usage = await reports.usage(db, filters)
    finally:
        await database.close()
    assert usage["latency"]["end"] == {"n": 100, "p50": 51, "p95": 95}
    assert usage["latency"]["first_text"] == {"n": 0, "p50": None, "p95": None}
    assert usage["totals"]["turns"] == 100  # the other tenant's turn is not counted
    assert usage["totals"]["not_understood_rate"] == 0.1
    assert sum(d["turns"] for d in usage["per_day"]) == 100
    assert len(usage["per_day"]) == 30  # every day of the default range, empty ones too
    assert usage["per_day"][-1]["day"] == now.date().isoformat()
    busy = [d for d in usage["per_day"] if d["turns"]]
    assert len(busy) in (2, 3)  # today, yesterday (and the day before near 00:00)
    assert all(d["people"] == 5 for d in usage["per_day"] if d["turns"] > 10)


async def test_answers_of_there_are_none_are_listed_with_the_misunderstood(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    none = await talk.ask("¿Qué pedidos hay de más de 9.000.000 €?")
    assert none.outcome == "answered"
    some = await talk.ask("¿Qué pedidos hay de más de 1.000 €?")
    assert some.outcome == "answered"
    await talk.stop()
    usage = await _json(client, "/admin/api/usage")
    assert usage["totals"]["empty_answers"] == 1
    listed = (await _json(client, "/admin/api/questions"))["not_understood"]["items"]
    assert [(m["question"], m["empty"]) for m in listed] == [
        ("¿Qué pedidos hay de más de 9.000.000 €?", True)
    ]
    only = (await _json(client, "/admin/api/questions?outcome=empty"))["not_understood"]
    assert only["total"] == 1


async def test_a_count_of_none_is_listed_as_there_are_none(
    aiohttp_client: Any, admin_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    talk = await open_conversation(client, lang="es")
    zero = await talk.ask("¿Cuántos pedidos hay de más de 9.000.000 €?")
    assert zero.outcome == "answered"
    done = [m for m in zero.messages if m["type"] == "tool" and m["status"] == "done"]
    assert [m.get("count") for m in done] == [0]  # the card says how many it counted
    many = await talk.ask("¿Cuántos pedidos hay de más de 1.000 €?")
    assert many.outcome == "answered"
    await talk.stop()
    listed = (await _json(client, "/admin/api/questions?outcome=empty"))["not_understood"]
    assert [m["question"] for m in listed["items"]] == [
        "¿Cuántos pedidos hay de más de 9.000.000 €?"
    ]


async def test_an_older_schema_is_upgraded_with_its_rows_kept(
    admin_settings: SettingsFactory,
) -> None:
    from alembic import command
    from alembic.config import Config

    from daniel.admin.database import MIGRATIONS

    def to_first(connection: Any) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")

    database = Database(database_url(admin_settings()))
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(to_first)
            await connection.execute(
                text(
                    "INSERT INTO turns (conversation_id, turn_id, at, tenant, login, lang, "
                    "channel, outcome, category, tools) VALUES ('s-1', 't1', :at, 'default', "
                    "'ana', 'es', 'typed', 'answered', 'leads', '')"
                ),
                {"at": dt.datetime(2026, 12, 1, 10, 0)},
            )
        await database.migrate()
        async with database.sessions() as db:
            kept = (await db.scalars(select(Turn))).all()
    finally:
        await database.close()
    assert [(t.login, t.empty) for t in kept] == [("ana", False)]
