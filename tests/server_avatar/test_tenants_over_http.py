"""`TENANTS` with `MCP_CONNECTION=http`: each tenant's own MCP server, nothing mixed.

Two companies on two sandboxes: `acme` (the Spanish dataset, its restricted salesperson
`laura`) and `beta` (the English dataset, `megan`). Each has its own `daniel mcp
--transport http` server (its `MCP_TENANT`, its own audit log); the avatar server reaches
each tenant's at the `mcp_url` of its `TENANTS` entry. Everything runs for real: logins,
cookies, WebSockets, both MCP HTTP servers on loopback sockets and both sandboxes.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from avatar_client import Conversation, make_app
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from prometheus_client.parser import text_string_to_metric_families

from daniel.launcher import _mcp_http
from daniel.mcp_odoo.core.identity import Caller
from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.services.base import ProviderError
from daniel.server_avatar.tools.mcp_client import McpToolRunner
from daniel.settings import Settings, load_settings
from login_helpers import log_in

TOKEN = "tenant-mcp-token-for-tests-0000"
ACME = {"Host": "acme.localhost"}
BETA = {"Host": "beta.localhost"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Company:
    """One tenant: its sandbox, its MCP server's settings and URL."""

    def __init__(self, name: str, sandbox: Any, tmp_path: Path) -> None:
        self.name = name
        self.sandbox = sandbox
        self.audit = tmp_path / f"mcp-{name}" / "audit.jsonl"
        port = _free_port()
        self.mcp_url = f"http://127.0.0.1:{port}/mcp"
        self.mcp_settings = load_settings(
            _env_file=None,
            odoo_url=sandbox.url,
            odoo_db=sandbox.db,
            odoo_user=sandbox.login,
            odoo_api_key=sandbox.api_key,
            mcp_port=port,
            mcp_token=TOKEN,
            mcp_tenant=name,
            mcp_audit_log=self.audit,
        )

    def spec(self) -> dict[str, Any]:
        return {
            "url": self.sandbox.url,
            "db": self.sandbox.db,
            "hosts": [f"{self.name}.localhost"],
            "mcp_url": self.mcp_url,
        }


@pytest.fixture
async def companies(
    sandbox: Any, sandbox_of: Any, tmp_path: Path
) -> AsyncIterator[tuple[Company, Company]]:
    acme = Company("acme", sandbox, tmp_path)
    beta = Company("beta", sandbox_of("en"), tmp_path)
    async with _mcp_http(acme.mcp_settings), _mcp_http(beta.mcp_settings):
        yield acme, beta


def _avatar_settings(acme: Company, beta: Company, tmp_path: Path) -> Settings:
    return load_settings(
        _env_file=None,
        tenants={"acme": acme.spec(), "beta": beta.spec()},
        mcp_connection="http",
        mcp_client_token=TOKEN,
        odoo_user=acme.sandbox.login,
        odoo_api_key=acme.sandbox.api_key,
        mcp_audit_log=tmp_path / "avatar-audit.jsonl",
        daniel_lang="es",
        tts="none",
        stt="none",
    )


async def _person(aiohttp_client: Any, app: Any, login: str, tenant: str) -> Any:
    client = await aiohttp_client(app, login=False)
    await log_in(client, login, login, tenant=tenant)  # sandbox demo password = login
    return client


@contextlib.asynccontextmanager
async def _another(client: Any, login: str, tenant: str) -> AsyncIterator[Any]:
    """A second person's browser on the same server (a cookie jar of their own)."""
    async with aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as other:
        await log_in(other, login, login, tenant=tenant)
        yield other


async def _talk(client: Any, host: dict[str, str], lang: str) -> Conversation:
    talk = Conversation(await client.ws_connect("/ws", headers=host))
    await talk.start(lang=lang)
    return talk


def _leads(turn: Any) -> list[dict[str, Any]]:
    found = [
        record
        for message in turn.of("tool")
        if message["status"] == "done"
        for record in message.get("records", [])
        if record.get("model") == "crm.lead"
    ]
    assert found, f"no leads shown by {[m['name'] for m in turn.of('tool')]}"
    return found


Series = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def _scrape(client: Any) -> Series:
    """/metrics as Prometheus reads it: (sample name, labels) → value."""
    text = await (await client.get("/metrics", headers=ACME)).text()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _sum(series: Series, name: str, **labels: str) -> float:
    wanted = frozenset(labels.items())
    return sum(v for (n, have), v in series.items() if n == name and wanted <= have)


@contextlib.asynccontextmanager
async def _runner(url: str, bearer: str, tenant: str | None = None) -> AsyncIterator[McpToolRunner]:
    runner = McpToolRunner(Client(StreamableHttpTransport(url, auth=bearer)), call_timeout=20)
    runner.tenant = tenant
    try:
        yield runner
    finally:
        await runner.close()


async def test_each_tenants_people_see_only_their_companys_odoo(
    aiohttp_client: Any, companies: tuple[Company, Company], tmp_path: Path
) -> None:
    acme, beta = companies
    app = make_app(_avatar_settings(acme, beta, tmp_path), probe_providers=False)
    client = await _person(aiohttp_client, app, "laura", "acme")
    laura = await _talk(client, ACME, "es")
    async with _another(client, "megan", "beta") as browser:
        megan = await _talk(browser, BETA, "en")
        await _compare(acme, beta, laura, megan)


async def _compare(acme: Company, beta: Company, laura: Conversation, megan: Conversation) -> None:

    # Who each one is, asked of their own company's MCP server directly.
    async with _runner(acme.mcp_url, TOKEN) as direct:
        who = await direct.call_as("user_context", {}, Caller("laura", "laura").as_meta())
        laura_name = who.structured["user"]["name"]
    async with _runner(beta.mcp_url, TOKEN) as direct:
        who = await direct.call_as("user_context", {}, Caller("megan", "megan").as_meta())
        megan_name = who.structured["user"]["name"]
    assert laura_name != megan_name

    hers = _leads(await laura.ask("¿Qué oportunidades tengo abiertas?"))
    assert {r["fields"]["salesperson"] for r in hers} == {laura_name}
    theirs = _leads(await megan.ask("Which opportunities do I have open?"))
    assert {r["fields"]["salesperson"] for r in theirs} == {megan_name}
    # The English company's leads are not the Spanish company's.
    assert not {r["name"] for r in hers} & {r["name"] for r in theirs}


async def test_a_tenants_cookie_and_bearer_are_refused_by_the_other_tenant(
    aiohttp_client: Any, companies: tuple[Company, Company], tmp_path: Path
) -> None:
    acme, beta = companies
    app = make_app(_avatar_settings(acme, beta, tmp_path), probe_providers=False)
    client = await _person(aiohttp_client, app, "laura", "acme")
    assert (await client.get("/auth/me", headers=ACME)).status == 200
    assert (await client.get("/auth/me", headers=BETA)).status == 401
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=BETA)
    assert refused.value.status == 401

    # laura's own bearer works on her company's MCP server, not on the other's.
    async with _runner(acme.mcp_url, "laura:laura") as mine:
        me = await mine.call("user_context", {})
        assert me.structured["user"]["login"] == "laura"
    async with _runner(beta.mcp_url, "laura:laura") as other:
        with pytest.raises(ProviderError) as no_entry:
            await other.call("user_context", {})
    assert no_entry.value.service == "mcp"


async def test_a_call_meant_for_another_tenant_is_refused_before_odoo_is_asked(
    companies: tuple[Company, Company],
) -> None:
    acme, _beta = companies
    # An avatar server that believes acme's URL is beta's (a misconfigured mcp_url).
    async with _runner(acme.mcp_url, TOKEN, tenant="beta") as misrouted:
        answer = await misrouted.call_as(
            "crm_list_leads", {"lang": "en"}, Caller("megan", "megan").as_meta()
        )
    assert answer.is_error
    assert "acme" in answer.text
    assert "beta" in answer.text
    assert "records" not in answer.structured
    async with _runner(acme.mcp_url, TOKEN, tenant="acme") as right:
        answer = await right.call("crm_list_leads", {"lang": "en"})
    assert not answer.is_error


async def test_writes_are_audited_and_counted_under_their_own_tenant(
    aiohttp_client: Any, companies: tuple[Company, Company], tmp_path: Path
) -> None:
    acme, beta = companies
    recorder = LatencyRecorder()
    app = make_app(_avatar_settings(acme, beta, tmp_path), probe_providers=False, recorder=recorder)
    client = await _person(aiohttp_client, app, "laura", "acme")
    before = await _scrape(client)
    talk = await _talk(client, ACME, "es")
    preview = await talk.ask("Crea una tarea «Revisar el alta por HTTP» en Proyectos internos")
    done = await talk.confirm(preview.one("confirm.request")["confirmation_id"])
    assert any(m["status"] == "done" for m in done.of("confirm.result")), done.messages
    after = await _scrape(client)

    assert recorder.turns
    assert {turn.tenant for turn in recorder.turns} == {"acme"}
    entry = json.loads(acme.audit.read_text().splitlines()[-1])
    assert (entry["tenant"], entry["login"]) == ("acme", "laura")
    assert not beta.audit.exists()

    def grew(name: str, **labels: str) -> float:
        return _sum(after, name, **labels) - _sum(before, name, **labels)

    turns = "daniel_turn_latency_seconds_count"
    assert grew(turns, stage="end", tenant="acme") >= 1
    assert grew(turns, stage="end", tenant="beta") == 0
    calls = "daniel_external_call_duration_seconds_count"
    assert grew(calls, service="mcp", operation="confirm_action", tenant="acme") == 1
    assert grew(calls, service="mcp", tenant="beta") == 0
    served = "daniel_mcp_tool_calls_total"  # both MCP servers run in this test's process
    assert grew(served, tool="confirm_action", outcome="ok", tenant="acme") == 1
    assert grew(served, tenant="beta") == 0
    assert {labels for name, labels in after if name == turns} <= {
        frozenset({("stage", s), ("tenant", t)})
        for s in ("transcript_final", "first_text", "first_audio", "end")
        for t in ("acme", "beta", "default", "other")
    }


def test_http_tenants_each_need_their_own_mcp_url(
    sandbox: Any, sandbox_of: Any, tmp_path: Path
) -> None:
    from daniel.server_avatar.auth.tenants import check_mcp_urls, tenants_from
    from daniel.settings import SettingsError

    acme, beta = Company("acme", sandbox, tmp_path), Company("beta", sandbox_of("en"), tmp_path)
    settings = _avatar_settings(acme, beta, tmp_path)
    check_mcp_urls(settings, tenants_from(settings))  # as configured: fine
    shared = settings.model_copy(
        update={"tenants": {**settings.tenants, "beta": settings.tenants["acme"]}}
    )
    with pytest.raises(SettingsError, match="same mcp_url"):
        check_mcp_urls(shared, tenants_from(shared))
    spec = settings.tenants["beta"].model_copy(update={"mcp_url": None})
    missing = settings.model_copy(update={"tenants": {**settings.tenants, "beta": spec}})
    with pytest.raises(SettingsError, match='needs "mcp_url"'):
        check_mcp_urls(missing, tenants_from(missing))


@pytest.mark.slow
async def test_stdio_gives_each_tenant_a_subprocess_of_its_own(
    aiohttp_client: Any, sandbox: Any, sandbox_of: Any, tmp_path: Path
) -> None:
    acme, beta = Company("acme", sandbox, tmp_path), Company("beta", sandbox_of("en"), tmp_path)
    settings = _avatar_settings(acme, beta, tmp_path).model_copy(update={"mcp_connection": "stdio"})
    app = make_app(settings, probe_providers=False)
    client = await _person(aiohttp_client, app, "laura", "acme")
    laura = await _talk(client, ACME, "es")
    async with _another(client, "megan", "beta") as browser:
        megan = await _talk(browser, BETA, "en")
        hers = _leads(await laura.ask("¿Qué oportunidades tengo abiertas?", wait=60))
        theirs = _leads(await megan.ask("Which opportunities do I have open?", wait=60))
    assert len({r["fields"]["salesperson"] for r in hers}) == 1
    assert len({r["fields"]["salesperson"] for r in theirs}) == 1
    assert not {r["name"] for r in hers} & {r["name"] for r in theirs}
    assert {r["fields"]["salesperson"] for r in hers} != {
        r["fields"]["salesperson"] for r in theirs
    }


async def test_health_names_the_tenant_whose_mcp_server_is_down(
    aiohttp_client: Any, sandbox: Any, sandbox_of: Any, tmp_path: Path
) -> None:
    acme, beta = Company("acme", sandbox, tmp_path), Company("beta", sandbox_of("en"), tmp_path)
    async with _mcp_http(acme.mcp_settings):  # beta's MCP server is not running
        app = make_app(_avatar_settings(acme, beta, tmp_path), probe_providers=False)
        client = await aiohttp_client(app, login=False)
        answer = await client.get("/health", headers=ACME)
        body = await answer.json()
        # acme's people can still work: the server stays in the load balancer
        assert answer.status == 200
        assert body["status"] == "degraded"
        assert body["checks"]["mcp"]["state"] == "degraded"
        assert body["checks"]["mcp"]["tenants"] == {"acme": "ok", "beta": "down"}
        assert "beta" in body["checks"]["mcp"]["detail"]
        assert body["checks"]["odoo"]["tenants"]["acme"] == "ok"
        await log_in(client, "laura", "laura", tenant="acme")
        laura = await _talk(client, ACME, "es")
        assert _leads(await laura.ask("¿Qué oportunidades tengo abiertas?"))
