"""Limits and logins shared through a real Redis (`REDIS_URL`) by two in-process replicas,
a Redis outage told in plain words, and how many workers `daniel serve` runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from avatar_client import Conversation, make_app

from daniel.cli import main as cli
from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.workers import usable_cpus, worker_count
from daniel.settings import Settings, SettingsError, load_settings
from login_helpers import log_in

SECRET = "shared-state-test-secret-key-000000"


def _settings(sandbox: Any, tmp_path: Path, redis_url: str, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "odoo_url": sandbox.url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "mcp_audit_log": tmp_path / "audit.jsonl",
        "daniel_lang": "es",
        "brain": "local",
        "tts": "none",
        "stt": "none",
        "avatar": "local",
        "redis_url": redis_url,
        "server_secret_key": SECRET,
    }
    values.update(changes)
    return load_settings(**values)


async def _replica(aiohttp_client: Any, settings: Settings) -> Any:
    app = make_app(settings, probe_providers=False, tuning=ServerTuning(start_timeout_seconds=30))
    return await aiohttp_client(app, login=False)


async def test_login_throttle_and_per_person_limits_hold_across_replicas(
    aiohttp_client: Any, sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    settings = _settings(sandbox, tmp_path, redis_server.url, server_max_sessions_per_user=1)
    a = await _replica(aiohttp_client, settings)
    b = await _replica(aiohttp_client, settings)

    for attempt in range(5):  # wrong guesses on A ...
        wrong = await a.post("/auth/login", json={"login": "laura", "password": f"g{attempt}"})
        assert wrong.status == 401
    locked = await b.post("/auth/login", json={"login": "laura", "password": "laura"})
    assert locked.status == 429  # ... lock the account on B too

    await log_in(a, "ana", "ana")
    await log_in(b, "ana", "ana")
    first = Conversation(await a.ws_connect("/ws"))
    await first.start(lang="es")
    second = Conversation(await b.ws_connect("/ws"))
    await second.send("session.start", lang="es")
    refused = await second.until("error")
    assert refused["retryable"] is True
    assert "demasiadas conversaciones" in refused["message"]
    assert await second.receive() is None
    assert second.close_frame is not None
    assert second.close_frame[0] == 1013

    await first.stop()  # her first conversation ends: B lets her start one
    third = Conversation(await b.ws_connect("/ws"))
    ready = await third.start(lang="es")
    assert ready["session_id"]


async def test_a_redis_outage_refuses_new_logins_clearly_and_keeps_known_ones(
    aiohttp_client: Any, sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    client = await _replica(aiohttp_client, _settings(sandbox, tmp_path, redis_server.url))
    await log_in(client, "ana", "ana")
    redis_server.process.terminate()
    redis_server.process.wait(10)

    me = await client.get("/auth/me")  # a login this process knows keeps working
    assert me.status == 200
    answer = await client.post(
        "/auth/login",
        json={"login": "laura", "password": "laura"},
        headers={"Accept-Language": "en"},
    )
    assert answer.status == 503
    message = (await answer.json())["error"]
    assert "Redis" in message
    assert "try again" in message


def test_more_than_one_worker_needs_redis(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    alone = load_settings()
    assert worker_count(alone, None) == 1  # the embedded default stays one process
    with pytest.raises(SettingsError, match="REDIS_URL"):
        worker_count(alone, 2)
    assert cli(["serve", "--workers", "2"]) == 2
    assert "2 workers need REDIS_URL" in capsys.readouterr().err
    shared = load_settings(redis_url="redis://127.0.0.1:1/0")
    assert worker_count(shared, None) == usable_cpus()
    assert worker_count(load_settings(redis_url="redis://x/0", server_workers=3), None) == 3


def test_the_default_worker_count_follows_a_cgroup_cpu_limit(tmp_path: Path) -> None:
    limit = tmp_path / "cpu.max"
    limit.write_text("150000 100000\n")  # 1.5 CPUs
    assert usable_cpus(limit) == min(2, usable_cpus(tmp_path / "absent"))
    limit.write_text("max 100000\n")
    assert usable_cpus(limit) == usable_cpus(tmp_path / "absent")


async def test_a_login_in_use_for_hours_on_one_replica_works_on_another(
    aiohttp_client: Any, sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    import json
    import time

    from redis.asyncio import Redis

    settings = _settings(sandbox, tmp_path, redis_server.url)
    a = await _replica(aiohttp_client, settings)
    b = await _replica(aiohttp_client, settings)
    await log_in(a, "ana", "ana")
    cookie = next(iter(a.session.cookie_jar)).value
    async with Redis.from_url(redis_server.url) as redis:  # used on A for three hours
        key = f"daniel:av:rec:login:{cookie}"
        record = json.loads(await redis.get(key))
        record["last_seen"] = time.time() - 3 * 3600
        await redis.set(key, json.dumps(record), keepttl=True)
        assert record["sealed"].startswith("gAAAAA")  # a Fernet token, not the password
    me = await b.get("/auth/me", cookies={"daniel_session": cookie})
    assert me.status == 200  # Redis's TTL is the idle clock, not a replica's copy
    assert (await me.json())["user"]["login"] == "ana"


async def test_a_broadcast_reaches_every_other_process_once_and_not_its_sender(
    redis_server: Any,
) -> None:
    import asyncio

    from daniel.server_avatar.shared_state_redis import RedisState

    sender, other = RedisState(redis_server.url), RedisState(redis_server.url)
    heard_by_sender: list[tuple[str, str]] = []
    heard: list[tuple[str, str]] = []
    sender.listen(lambda kind, value: heard_by_sender.append((kind, value)))
    other.listen(lambda kind, value: heard.append((kind, value)))
    await sender.start()
    await other.start()
    try:
        async with asyncio.timeout(30):
            while not heard:  # the listener subscribes in the background
                await sender.publish("names", "acme")
                await asyncio.sleep(0.2)
        assert set(heard) == {("names", "acme")}
        assert heard_by_sender == []
        assert await other.alive(sender.process_id)
    finally:
        await sender.aclose()
        await other.aclose()
    probe = RedisState(redis_server.url)
    try:
        assert not await probe.alive(sender.process_id)  # its heartbeat went with it
    finally:
        await probe.aclose()


async def test_a_redis_outage_refuses_a_confirmed_write_in_plain_words_and_writes_nothing(
    aiohttp_client: Any, sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    from daniel.odoo import OdooClient

    client = await _replica(aiohttp_client, _settings(sandbox, tmp_path, redis_server.url))
    await log_in(client, sandbox.login, sandbox.password)
    talk = Conversation(await client.ws_connect("/ws"))
    await talk.start(lang="es")
    name = f"Sin Redis {tmp_path.name[-6:]}"
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        customer = await odoo.search_read(
            "res.partner", [["is_company", "=", True]], ["name"], limit=1
        )
        turn = await talk.ask(f"nueva oportunidad: {name} para {customer[0]['name']}")
        request = turn.one("confirm.request")
        redis_server.process.terminate()
        redis_server.process.wait(10)
        await talk.send("confirm", confirmation_id=request["confirmation_id"], accept=True)
        answer = await talk.collect_turn(60)
        results = answer.of("confirm.result") + [
            m for m in answer.before if m["type"] == "confirm.result"
        ]
        assert [r["status"] for r in results] == ["error"]
        assert "Redis" in answer.text  # the user is told why, in their language
        assert "Traceback" not in answer.text
        assert await odoo.search("crm.lead", [["name", "=", name]]) == []  # nothing written


async def test_an_llm_conversation_resumes_on_another_replica_with_its_history(
    aiohttp_client: Any, aiohttp_server: Any, sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    from daniel.odoo import OdooClient
    from fakes import FakeOpenAI

    fake = FakeOpenAI()
    llm = await aiohttp_server(fake.app)
    settings = _settings(
        sandbox,
        tmp_path,
        redis_server.url,
        brain="llm",
        llm_base_url=str(llm.make_url("/v1")),
        llm_model="fake-model",
        llm_api_key="sk-test",
    )
    a = await _replica(aiohttp_client, settings)
    b = await _replica(aiohttp_client, settings)
    await log_in(a, sandbox.login, sandbox.password)
    cookie = next(iter(a.session.cookie_jar)).value
    on_a = Conversation(await a.ws_connect("/ws"))
    await on_a.start(lang="es")
    name = f"LLM movida {tmp_path.name[-6:]}"
    proposal = (await on_a.ask(f"crea la oportunidad {name}")).one("confirm.request")
    await on_a.ws.close()

    on_b = Conversation(await b.ws_connect("/ws", headers={"Cookie": f"daniel_session={cookie}"}))
    await on_b.start(lang="es", resume=on_a.session_id)
    assert on_b.ready["resumed"] is True
    await on_b.ask("¿y ahora qué?")
    sent = [m.get("content") for m in fake.requests[-1]["messages"]]
    assert f"crea la oportunidad {name}" in sent  # the model sees the conversation so far
    # The MCP servers share their previews in Redis: B confirms A's proposal, once.
    await on_b.send("confirm", confirmation_id=proposal["confirmation_id"], accept=True)
    turn = await on_b.collect_turn(60)
    results = turn.of("confirm.result") + [m for m in turn.before if m["type"] == "confirm.result"]
    assert [r["status"] for r in results] == ["done"]
    again = await on_b.confirm(proposal["confirmation_id"])  # pressed once more
    assert all(r["status"] != "error" for r in again.of("confirm.result"))
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        assert len(await odoo.search("crm.lead", [["name", "=", name]])) == 1
