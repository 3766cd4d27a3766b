"""Each MCP call runs as the person it carries (issue 10).

In-process (`_meta` credential, as the avatar server sends it) and over streamable HTTP
(the bearer `<login>:<api key>`): Odoo's own rules apply, "me" is the person, a
confirmation token only works for the person it was given to, and the audit log names
them. The sandbox's `laura` is the restricted salesperson; `ana` manages sales.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
from fastmcp import Client
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_session import make_config, unique
from test_mcp_transports import TOKEN, http_server_with

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.identity import Caller
from daniel.mcp_odoo.server import create_server
from daniel.mcp_odoo.transport.http import check_exposure, needs_bearer
from daniel.resources.odoo.datasets.es import RESTRICTED_API_KEY as LAURA_API_KEY

LAURA = Caller("laura", "laura").as_meta()
ANA = Caller("ana", "ana").as_meta()


async def _call(client: Client[Any], tool: str, meta: Any = None, **args: Any) -> Any:
    return await client.call_tool(tool, args, raise_on_error=False, meta=meta)


async def test_in_process_calls_run_as_the_person_in_their_meta(
    sandbox: Any, tmp_path: Path
) -> None:
    async with Client(create_server(config=make_config(sandbox, tmp_path, lang="en"))) as client:
        laura = await _call(client, "user_context", LAURA)
        assert laura.structured_content["user"]["login"] == "laura"
        server = await _call(client, "user_context")
        assert server.structured_content["user"]["login"] == "admin"

        anas = await _call(client, "crm_list_leads", ANA, salesperson="me")
        lead = anas.structured_content["records"][0]
        assert lead["salesperson"] == "Ana García"
        refused = await _call(client, "crm_get_lead", LAURA, lead_id=lead["id"])
        assert refused.is_error
        assert lead["name"] not in json.dumps(refused.structured_content or {})
        allowed = await _call(client, "crm_get_lead", ANA, lead_id=lead["id"])
        assert not allowed.is_error

        wrong = await _call(client, "user_context", Caller("laura", "not-her-password").as_meta())
        assert wrong.is_error


async def test_a_confirmation_token_works_only_for_its_person_and_the_audit_names_them(
    sandbox: Any, tmp_path: Path
) -> None:
    config = make_config(sandbox, tmp_path, lang="en")
    async with Client(create_server(config=config)) as client:
        name = unique("Call back")
        preview = await _call(client, "task_create", LAURA, name=name, project="Proyectos internos")
        token = preview.structured_content["confirmation_token"]
        stolen = await _call(client, "confirm_action", ANA, confirmation_token=token)
        assert stolen.is_error
        assert stolen.structured_content["status"] == "unknown"
        by_server = await _call(client, "confirm_action", None, confirmation_token=token)
        assert by_server.is_error
        done = await _call(client, "confirm_action", LAURA, confirmation_token=token)
        assert not done.is_error
        assert done.structured_content["status"] == "done"
    entry = json.loads((tmp_path / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["login"] == "laura"
    assert entry["uid"] == 8


async def test_http_bearers_map_to_odoo_people(sandbox: Any, tmp_path: Path) -> None:
    config = make_config(sandbox, tmp_path, lang="en")
    async with http_server_with(ServerDeps(config), TOKEN) as base:

        async def who(bearer: str) -> Any:
            headers = {"Authorization": f"Bearer {bearer}"}
            async with (
                httpx2.AsyncClient(headers=headers, timeout=30) as http,
                streamable_http_client(f"{base}/mcp", http_client=http) as (read, write),
                ClientSession(read, write) as client,
            ):
                await client.initialize()
                result = await client.call_tool("user_context", {})
                return result.structured_content["user"]["login"]

        assert await who(f"laura:{LAURA_API_KEY}") == "laura"
        assert await who(TOKEN) == "admin"  # the static token: the service account
        async with httpx2.AsyncClient(timeout=30) as http:
            for bearer in ("laura:wrong-key", "nobody:" + LAURA_API_KEY, "garbage"):
                answer = await http.post(
                    f"{base}/mcp",
                    headers={
                        "Authorization": f"Bearer {bearer}",
                        "Accept": "application/json, text/event-stream",
                    },
                    json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                )
                assert answer.status_code == 401, bearer


async def test_an_idempotency_key_never_replays_another_persons_write(
    sandbox: Any, tmp_path: Path
) -> None:
    config = make_config(sandbox, tmp_path, lang="en", write_mode="allow")
    async with Client(create_server(config=config)) as client:
        args = {"name": unique("Shared key"), "project": "Proyectos internos"}
        key = unique("key")
        anas = await _call(client, "task_create", ANA, idempotency_key=key, **args)
        again = await _call(client, "task_create", ANA, idempotency_key=key, **args)
        assert again.structured_content["ids"] == anas.structured_content["ids"]
        lauras = await _call(client, "task_create", LAURA, idempotency_key=key, **args)
        assert not lauras.is_error
        assert lauras.structured_content["ids"] != anas.structured_content["ids"]


async def test_mcp_auth_odoo_needs_each_persons_bearer(sandbox: Any, tmp_path: Path) -> None:
    config = make_config(sandbox, tmp_path, lang="en")
    async with (
        http_server_with(ServerDeps(config), None, require=True) as base,
        httpx2.AsyncClient(timeout=30) as http,
    ):
        ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        accept = {"Accept": "application/json, text/event-stream"}
        anonymous = await http.post(f"{base}/mcp", headers=accept, json=ping)
        assert anonymous.status_code == 401
        person = {**accept, "Authorization": f"Bearer laura:{LAURA_API_KEY}"}
        assert (await http.post(f"{base}/mcp", headers=person, json=ping)).status_code != 401


def test_off_loopback_each_persons_bearer_is_enough() -> None:
    check_exposure("0.0.0.0", None, "odoo")
    assert needs_bearer(None, "odoo")
    assert not needs_bearer(None, "token")
