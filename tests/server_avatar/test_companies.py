"""A multi-company person sees their allowed companies and works within one.

The fresh sandbox gets a second company that only `ana` may use. She picks it (at login
or later with `POST /auth/company`); her conversation's Odoo calls then carry Odoo's
`allowed_company_ids` for it. Someone else's company is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avatar_client import make_app, open_conversation

from daniel.mcp_odoo.core.identity import Caller, GatewayPool, caller_from_meta
from daniel.odoo import OdooClient
from daniel.settings import OdooConnection, load_settings


async def _second_company(sandbox: Any) -> int:
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as admin:
        partner = await admin.create("res.partner", {"name": "Daniel Demo Portugal"})
        first = await admin.search_read("res.company", [], ["currency_id"], limit=1)
        values = {
            "name": "Daniel Demo Portugal",
            "partner_id": partner,
            "currency_id": first[0]["currency_id"][0],
        }
        company = await admin.create("res.company", values)
        company_id = company if isinstance(company, int) else int(company[0])
        ana = await admin.search_read("res.users", [["login", "=", "ana"]], ["company_ids"])
        ids = [*ana[0]["company_ids"], company_id]
        await admin.write("res.users", [ana[0]["id"]], {"company_ids": [[6, 0, ids]]})
        return company_id


async def test_a_person_works_within_one_of_their_companies(
    aiohttp_client: Any, fresh_sandbox: Any, tmp_path: Path
) -> None:
    portugal = await _second_company(fresh_sandbox)
    settings = load_settings(
        _env_file=None,
        odoo_url=fresh_sandbox.url,
        odoo_db=fresh_sandbox.db,
        odoo_user="admin",
        odoo_api_key=fresh_sandbox.api_key,
        mcp_audit_log=tmp_path / "audit.jsonl",
        tts="none",
        stt="none",
    )
    client = await aiohttp_client(make_app(settings, probe_providers=False), login=False)
    answer = await client.post("/auth/login", json={"login": "ana", "password": "ana"})
    user = (await answer.json())["user"]
    assert {c["name"] for c in user["companies"]} >= {"Daniel Demo Portugal"}
    assert len(user["companies"]) == 2
    switched = await client.post("/auth/company", json={"company": portugal})
    assert (await switched.json())["user"]["company"] == {
        "id": portugal,
        "name": "Daniel Demo Portugal",
    }
    talk = await open_conversation(client, lang="es")
    assert (await talk.ask("¿Qué oportunidades tengo abiertas?")).of("tool")
    refused = await client.post("/auth/company", json={"company": 9999})
    assert refused.status == 400
    assert (await refused.json())["error"] == "No tienes acceso a esa empresa."
    # laura has one company: asking for Portugal at login is refused
    other = await aiohttp_client(make_app(settings, probe_providers=False), login=False)
    denied = await other.post(
        "/auth/login", json={"login": "laura", "password": "laura", "company": portugal}
    )
    assert denied.status == 400


def test_the_chosen_company_goes_with_every_call() -> None:
    meta = Caller("ana", "ana", 7).as_meta()
    caller = caller_from_meta(meta)
    assert caller == Caller("ana", "ana", 7)
    base = OdooConnection(
        url="http://odoo.invalid",
        db="x",
        user="svc",
        secret="s",
        protocol="auto",
        timeout=5,
        retries=0,
    )
    pool = GatewayPool(base)
    assert pool.get(caller).context == {"allowed_company_ids": [7]}
    assert pool.get(Caller("ana", "ana")).context == {}
    assert Caller("ana", "ana", 7).owner == Caller("ana", "ana").owner
