"""Two `daniel serve` replicas sharing one Redis: any replica serves any request.

Real subprocesses on two ports, with the same `REDIS_URL` and `SERVER_SECRET_KEY`, over
the built-in sandbox (behind `OdooProxy`, which can stall a write). A person logs in on
A and their cookie works on B; a conversation started on A, with a change proposed,
resumes on B and is confirmed there exactly once, also when A is killed in the middle
of the confirmed write. `daniel serve --workers 2` serves concurrent conversations on
one port and drains on SIGTERM: the turn in progress finishes, then the browser is told
to reconnect (`server.reconnect`).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from fault_tools import Conversation, free_port

from daniel.odoo import OdooClient
from fakes.odoo_proxy import OdooProxy

# Real subprocesses: each test starts one or two servers (up to ~20 s each on a loaded
# 2-core machine), and the killed replica's write lock runs out before it is settled.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

CREATE = "crm.lead.create"
SECRET = "replica-test-secret-key-0123456789"
#: Starting a server on a slow, loaded machine can take a while.
START_SECONDS = 90.0


class Replica:
    def __init__(self, name: str, port: int, process: asyncio.subprocess.Process, audit: Path):
        self.name = name
        self.port = port
        self.process = process
        self.audit = audit

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)


def _env(sandbox: Any, odoo_url: str, redis_url: str, audit: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ODOO_", "MCP_", "DANIEL_", "SERVER_", "REDIS_"))
    }
    env.update(
        ODOO_URL=odoo_url,
        ODOO_DB=sandbox.db,
        ODOO_USER=sandbox.login,
        ODOO_API_KEY=sandbox.api_key,
        REDIS_URL=redis_url,
        SERVER_SECRET_KEY=SECRET,
        MCP_AUDIT_LOG=str(audit),
        DANIEL_LANG="es",
        BRAIN="local",
        TTS="none",
        STT="none",
        AVATAR="local",
        SERVER_DRAIN_SECONDS="30",
        SERVER_WORKERS="1",  # one process per replica: killing it kills the conversation
        DATABASE_URL=f"sqlite:///{audit.parent / 'analytics.db'}",  # the replicas' dashboard
        LOG_LEVEL="WARNING",
    )
    return env


async def _started(name: str, port: int, env: dict[str, str], *extra: str) -> Replica:
    audit = Path(env["MCP_AUDIT_LOG"])
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "daniel", "serve", "--host", "127.0.0.1", "--port", str(port), *extra),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    replica = Replica(name, port, process, audit)
    async with aiohttp.ClientSession() as http:
        deadline = asyncio.get_running_loop().time() + START_SECONDS
        while asyncio.get_running_loop().time() < deadline:
            assert process.returncode is None, f"daniel serve ({name}) exited early"
            try:
                async with http.get(replica.url + "/health") as answer:
                    if answer.status == 200:
                        return replica
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.25)
    replica.kill()
    raise AssertionError(f"daniel serve ({name}) did not start in {START_SECONDS:.0f} s")


@asynccontextmanager
async def replicas(
    sandbox: Any, odoo_url: str, redis_url: str, folder: Path, *names: str
) -> AsyncIterator[list[Replica]]:
    started: list[Replica] = []
    try:
        for name in names:
            env = _env(sandbox, odoo_url, redis_url, folder / f"audit-{name}.jsonl")
            started.append(await _started(name, free_port(), env))
        yield started
    finally:
        for replica in started:
            replica.kill()
            await replica.process.wait()


@pytest_asyncio.fixture
async def proxy(sandbox: Any) -> AsyncIterator[OdooProxy]:
    async with OdooProxy(sandbox.url) as opened:
        yield opened


@pytest_asyncio.fixture
async def odoo(sandbox: Any) -> AsyncIterator[OdooClient]:
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as client:
        yield client


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    """One browser: its cookies go to every replica behind the same host name."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield http


async def log_in(http: aiohttp.ClientSession, replica: Replica, sandbox: Any) -> None:
    body = {"login": sandbox.login, "password": sandbox.password}
    async with http.post(replica.url + "/auth/login", json=body) as answer:
        assert answer.status == 200, await answer.text()


async def talk_to(http: aiohttp.ClientSession, replica: Replica, **start: Any) -> Conversation:
    ws = await http.ws_connect(replica.url + "/ws")
    talk = Conversation(ws)
    await talk.start(**start)
    return talk


async def propose(talk: Conversation, odoo: OdooClient, name: str) -> str:
    customer = await odoo.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=1)
    turn = await talk.ask(f"nueva oportunidad: {name} para {customer[0]['name']}", wait=60)
    request = turn.one("confirm.request")
    assert request["tool"] == "crm_create_lead", turn.messages
    return str(request["confirmation_id"])


def done_entries(*audits: Path) -> list[dict[str, Any]]:
    entries = []
    for path in audits:
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            entries += [json.loads(line) for line in lines if line.strip()]
    return [e for e in entries if e["result"].get("status") == "done"]


async def confirmed(talk: Conversation, confirmation: str, wait: float) -> dict[str, Any]:
    """The one `confirm.result` of confirming `confirmation`, and the spoken answer."""
    await talk.send("confirm", confirmation_id=confirmation, accept=True)
    turn = await talk.collect_turn(wait)
    results = turn.of("confirm.result") + [m for m in turn.before if m["type"] == "confirm.result"]
    assert len(results) == 1, turn.messages
    return {**results[0], "said": turn.text}


async def test_a_login_and_a_pending_change_move_to_the_other_replica(
    sandbox: Any,
    proxy: OdooProxy,
    odoo: OdooClient,
    redis_server: Any,
    browser: aiohttp.ClientSession,
    tmp_path: Path,
) -> None:
    async with replicas(sandbox, proxy.url, redis_server.url, tmp_path, "a", "b") as (a, b):
        await log_in(browser, a, sandbox)
        async with browser.get(b.url + "/auth/me") as me:  # the cookie A made works on B
            assert me.status == 200
            assert (await me.json())["user"]["login"] == sandbox.login

        name = f"Replicas {tmp_path.name[-6:]}"
        on_a = await talk_to(browser, a, lang="es")
        confirmation = await propose(on_a, odoo, name)
        await on_a.ws.close()  # the connection drops (a load balancer moves the client)

        on_b = await talk_to(browser, b, lang="es", resume=on_a.session_id)
        assert on_b.ready["resumed"] is True, on_b.notices
        assert on_b.session_id == on_a.session_id
        result = await confirmed(on_b, confirmation, wait=60)
        assert result["status"] == "done", result
        assert name in result["said"]
        again = await confirmed(on_b, confirmation, wait=60)  # pressed once more
        assert again["status"] in ("done", "expired"), again

        created = await odoo.search("crm.lead", [["name", "=", name]])
        assert len(created) == 1, f"{len(created)} leads named {name!r}"
        assert [e["ids"] for e in done_entries(a.audit, b.audit)] == [created]

        async with browser.post(b.url + "/auth/logout") as out:  # logout on B ends it on A
            assert out.status == 200
        async with browser.get(a.url + "/auth/me") as me:
            assert me.status == 401


async def test_a_replica_killed_mid_confirm_the_other_settles_the_write_once(
    sandbox: Any,
    proxy: OdooProxy,
    odoo: OdooClient,
    redis_server: Any,
    browser: aiohttp.ClientSession,
    tmp_path: Path,
) -> None:
    async with replicas(sandbox, proxy.url, redis_server.url, tmp_path, "a", "b") as (a, b):
        await log_in(browser, a, sandbox)
        name = f"Killed {tmp_path.name[-6:]}"
        on_a = await talk_to(browser, a, lang="es")
        confirmation = await propose(on_a, odoo, name)
        proxy.stall(CREATE, 20.0)  # Odoo commits; A dies before it hears so
        await on_a.send("confirm", confirmation_id=confirmation, accept=True)
        await asyncio.wait_for(proxy.reached(CREATE), 60)
        a.kill()
        await a.process.wait()

        on_b = await talk_to(browser, b, lang="es", resume=on_a.session_id)
        assert on_b.ready["resumed"] is True, on_b.notices
        result = await confirmed(on_b, confirmation, wait=120)
        assert result["status"] == "done", result  # the truth: Odoo has it
        assert name in result["said"]
        created = await odoo.search("crm.lead", [["name", "=", name]])
        assert len(created) == 1, f"{len(created)} leads named {name!r}"
        assert [e["ids"] for e in done_entries(a.audit, b.audit)] == [created]


async def test_workers_share_one_port_and_drain_on_sigterm(
    sandbox: Any, odoo: OdooClient, redis_server: Any, tmp_path: Path
) -> None:
    env = _env(sandbox, sandbox.url, redis_server.url, tmp_path / "audit.jsonl")
    # Six conversations of the one sandbox admin at once: over the default of 5 per
    # person, which the workers enforce together (the sixth would be refused).
    env["SERVER_MAX_SESSIONS_PER_USER"] = "20"
    server = await _started("workers", free_port(), env, "--workers", "2")
    try:
        ps = await asyncio.create_subprocess_exec(
            *("ps", "--ppid", str(server.process.pid), "-o", "pid="),
            stdout=asyncio.subprocess.PIPE,
        )
        children = (await ps.communicate())[0].split()
        assert len(children) == 2, children  # two workers under one parent

        async def one_person(number: int) -> tuple[str, str]:
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                await log_in(http, server, sandbox)
                talk = await talk_to(http, server, lang="es")
                turn = await talk.ask("¿cuántas oportunidades hay?", wait=90)
                await talk.ws.close()
                return talk.session_id, turn.text

        answers = await asyncio.gather(*(one_person(n) for n in range(6)))
        assert len({session for session, _ in answers}) == 6
        assert all(text for _, text in answers), answers

        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await log_in(http, server, sandbox)
            talk = await talk_to(http, server, lang="es")
            await talk.send("user.text", text="¿cuántas oportunidades hay?")
            await talk.until("turn.start", wait=60)
            server.process.send_signal(signal.SIGTERM)  # a rolling update stops this pod
            seen: list[dict[str, Any]] = []
            while (message := await talk.receive(wait=90)) is not None:
                seen.append(message)
            kinds = [m["type"] for m in seen]
            assert "turn.end" in kinds, kinds  # the turn in progress finished
            assert "server.reconnect" in kinds, kinds  # then the browser was told
            assert kinds.index("turn.end") < kinds.index("server.reconnect")
            reconnect = seen[kinds.index("server.reconnect")]
            assert reconnect["session_id"] == talk.session_id
            assert talk.close_frame is not None
            assert talk.close_frame[0] == 1012  # "service restart"
        assert await asyncio.wait_for(server.process.wait(), 90) == 0
    finally:
        server.kill()
        await server.process.wait()


async def test_workers_do_not_outlive_a_killed_parent(
    sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    env = _env(sandbox, sandbox.url, redis_server.url, tmp_path / "audit.jsonl")
    server = await _started("orphans", free_port(), env, "--workers", "2")
    server.kill()  # SIGKILL: the parent cannot pass anything on
    await server.process.wait()
    async with aiohttp.ClientSession() as http:
        deadline = asyncio.get_running_loop().time() + 90
        while True:  # the workers drain and stop: the port closes
            try:
                async with http.get(server.url + "/health") as answer:
                    await answer.read()
            except aiohttp.ClientError:
                break
            assert asyncio.get_running_loop().time() < deadline, "workers outlived the parent"
            await asyncio.sleep(0.5)


async def test_an_admin_on_one_replica_sees_and_ends_a_conversation_held_by_another(
    sandbox: Any, redis_server: Any, tmp_path: Path
) -> None:
    async with (
        replicas(sandbox, sandbox.url, redis_server.url, tmp_path, "a", "b") as (a, b),
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as person,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as admin,
    ):
        await log_in(person, a, sandbox)
        talk = await talk_to(person, a, lang="es")
        await log_in(admin, b, sandbox)  # the sandbox admin is in the Settings group
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while True:  # each process publishes its live conversations every few seconds
            async with admin.get(b.url + "/admin/api/sessions") as answer:
                assert answer.status == 200, await answer.text()
                live = [entry["id"] for entry in (await answer.json())["live"]]
            if talk.session_id in live:
                break
            assert loop.time() < deadline, f"not listed on the other replica: {live}"
            await asyncio.sleep(0.5)
        async with admin.delete(f"{b.url}/admin/api/sessions/{talk.session_id}") as answer:
            assert answer.status == 200, await answer.text()
        error = await talk.until("error", wait=60)
        assert error["message"] == "Un administrador ha cerrado esta conversación."
        while await talk.receive(wait=60) is not None:
            pass
        assert talk.close_frame is not None
        assert talk.close_frame[0] == 4403  # ended by an administrator, on replica A
