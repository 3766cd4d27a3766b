"""Several Odoo databases from one server (`TENANTS`): a login belongs to its tenant.

Two tenants on two sandboxes, chosen by host name (acme.localhost, beta.localhost) or,
from any other allowed host, at login. A cookie from one tenant is refused by the other,
and each tenant's writes go to its own audit log.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from avatar_client import Conversation, make_app

from daniel.settings import load_settings

ACME = {"Host": "acme.localhost"}
BETA = {"Host": "beta.localhost"}


def _settings(sandbox: Any, fresh_sandbox: Any, tmp_path: Path) -> Any:
    return load_settings(
        _env_file=None,
        tenants={
            "acme": {"url": sandbox.url, "db": sandbox.db, "hosts": ["acme.localhost"]},
            "beta": {
                "url": fresh_sandbox.url,
                "db": fresh_sandbox.db,
                "hosts": ["beta.localhost"],
                "label": "Beta Corp",
            },
        },
        mcp_audit_log=tmp_path / "audit.jsonl",
        daniel_lang="es",
        tts="none",
        stt="none",
    )


async def test_a_session_cookie_of_one_tenant_is_refused_by_another(
    aiohttp_client: Any, sandbox: Any, fresh_sandbox: Any, tmp_path: Path
) -> None:
    app = make_app(_settings(sandbox, fresh_sandbox, tmp_path), probe_providers=False)
    client = await aiohttp_client(app, login=False)
    answer = await client.post(
        "/auth/login", json={"login": "laura", "password": "laura"}, headers=ACME
    )
    assert answer.status == 200
    assert (await answer.json())["user"]["tenant"] == "acme"
    assert (await client.get("/auth/me", headers=ACME)).status == 200
    # the same cookie, presented to the other company's host
    assert (await client.get("/auth/me", headers=BETA)).status == 401
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=BETA)
    assert refused.value.status == 401
    # acme's conversation works, and its writes are audited in acme's own file
    talk = Conversation(await client.ws_connect("/ws", headers=ACME))
    await talk.start(lang="es")
    preview = await talk.ask("Crea una tarea «Revisar tenant» en Proyectos internos")
    done = await talk.confirm(preview.one("confirm.request")["confirmation_id"])
    assert any(m["status"] == "done" for m in done.of("confirm.result"))
    acme_audit = tmp_path / "audit-acme.jsonl"
    assert json.loads(acme_audit.read_text().splitlines()[-1])["login"] == "laura"
    assert not (tmp_path / "audit-beta.jsonl").exists()


async def test_without_a_host_of_its_own_the_tenant_is_chosen_at_login(
    aiohttp_client: Any, sandbox: Any, fresh_sandbox: Any, tmp_path: Path
) -> None:
    app = make_app(_settings(sandbox, fresh_sandbox, tmp_path), probe_providers=False)
    client = await aiohttp_client(app, login=False)
    options = await (await client.get("/auth/options")).json()
    assert {t["name"]: t["label"] for t in options["tenants"]} == {
        "acme": "acme",
        "beta": "Beta Corp",
    }
    missing = await client.post("/auth/login", json={"login": "ana", "password": "ana"})
    assert missing.status == 400
    assert "empresa" in (await missing.json())["error"].lower()
    chosen = await client.post(
        "/auth/login", json={"login": "ana", "password": "ana", "tenant": "beta"}
    )
    assert (await chosen.json())["user"]["tenant"] == "beta"
    me = await (await client.get("/auth/me")).json()
    assert me["user"]["tenant"] == "beta"
    assert me["user"]["companies"]  # the companies Odoo allows this person
