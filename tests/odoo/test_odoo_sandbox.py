"""The client against the built-in sandbox, over every protocol (integration)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from daniel.odoo import (
    OdooAuthenticationError,
    OdooClient,
    OdooMissingError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
)

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2", "auto"]
LEAD_FIELDS = ["name", "partner_id", "stage_id", "expected_revenue", "user_id"]


def _client(sandbox: Any, protocol: str, secret: str | None = None) -> OdooClient:
    """json2 needs the API key; the RPC protocols get the password unless told otherwise."""
    if secret is None:
        secret = sandbox.api_key if protocol in {"json2", "auto"} else sandbox.password
    return OdooClient(sandbox.url, sandbox.db, sandbox.login, secret, protocol=protocol, retries=0)


@pytest.fixture(params=PROTOCOLS)
async def odoo(request: pytest.FixtureRequest, sandbox: Any) -> AsyncIterator[OdooClient]:
    async with _client(sandbox, request.param) as client:
        yield client


def _major(version: str | None) -> int:
    """19 for "19.0" or "saas~19.1"."""
    return int(str(version).split("~")[-1].split(".")[0])


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


async def test_login_is_done_once_and_cached(odoo: OdooClient) -> None:
    uid = await odoo.authenticate()
    assert isinstance(uid, int)
    assert uid > 0
    after_login = odoo.request_count
    assert await odoo.authenticate() == uid
    await odoo.search_count("res.partner")
    await odoo.search_count("crm.lead")
    assert odoo.request_count == after_login + 2
    assert odoo.protocol in {"xmlrpc", "jsonrpc", "json2"}
    assert odoo.uid == uid


async def test_version_is_asked_once(odoo: OdooClient) -> None:
    version = await odoo.version()
    before = odoo.request_count
    assert await odoo.version() == version
    assert odoo.request_count == before
    assert odoo.server_version == version["server_version"]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
@pytest.mark.parametrize("credential", ["password", "api_key"])
async def test_password_and_api_key_both_log_in(
    sandbox: Any, protocol: str, credential: str
) -> None:
    async with _client(sandbox, protocol, getattr(sandbox, credential)) as odoo:
        assert await odoo.authenticate() > 0


async def test_auto_picks_json2_on_19_and_jsonrpc_before(sandbox: Any) -> None:
    async with _client(sandbox, "auto") as odoo:
        await odoo.authenticate()
        assert odoo.protocol == ("json2" if _major(odoo.server_version) >= 19 else "jsonrpc")


async def test_auto_with_a_password_falls_back_from_json2(sandbox: Any) -> None:
    async with _client(sandbox, "auto", sandbox.password) as odoo:
        assert await odoo.search_count("res.partner") > 0
        assert odoo.protocol == "jsonrpc"
        if _major(odoo.server_version) >= 19:  # the secret was tried as API key first
            # version, JSON-2 login refused (a password is no key), JSON-RPC login, the call
            assert odoo.request_count == 4


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_bad_credentials_are_a_clear_error(sandbox: Any, protocol: str) -> None:
    async with _client(sandbox, protocol, "not-the-secret-123") as odoo:
        with pytest.raises(OdooAuthenticationError) as raised:
            await odoo.search("res.partner")
        assert odoo.uid is None
    assert "Odoo rejected the login for user 'admin' on database" in str(raised.value)
    assert "not-the-secret-123" not in str(raised.value)


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_unknown_database_is_named(sandbox: Any, protocol: str) -> None:
    secret = sandbox.api_key if protocol in {"json2", "auto"} else sandbox.password
    url = sandbox.url
    async with OdooClient(url, "no_such_db", "admin", secret, protocol=protocol) as odoo:
        with pytest.raises(OdooAuthenticationError, match="Odoo has no database 'no_such_db'"):
            await odoo.search_count("res.partner")


async def test_searches_agree_with_each_other(odoo: OdooClient) -> None:
    total = await odoo.search_count("crm.lead")
    ids = await odoo.search("crm.lead", order="id")
    assert len(ids) == total
    assert ids == sorted(ids)
    page = await odoo.search("crm.lead", order="id", offset=2, limit=3)
    assert page == ids[2:5]
    rows = await odoo.search_read("crm.lead", [], LEAD_FIELDS, order="id", limit=5)
    assert [row["id"] for row in rows] == ids[:5]
    assert all(set(row) == {"id", *LEAD_FIELDS} for row in rows)
    many2one = [row["partner_id"] for row in rows if row["partner_id"]]
    assert many2one
    assert all(isinstance(v, list) and isinstance(v[0], int) for v in many2one)
    assert all(isinstance(v[1], str) for v in many2one)
    read = await odoo.read("crm.lead", [ids[1], ids[0]], LEAD_FIELDS)
    assert [row["id"] for row in read] == [ids[1], ids[0]]
    assert read[1] == rows[0]
    assert await odoo.read("crm.lead", [max(ids) + 100000], ["name"]) == []


async def test_domains_filter(odoo: OdooClient) -> None:
    companies = await odoo.search_read(
        "res.partner", [["is_company", "=", True]], ["name", "is_company"]
    )
    assert companies
    assert all(row["is_company"] is True for row in companies)
    assert await odoo.search_count("res.partner", [["is_company", "=", True]]) == len(companies)
    assert await odoo.search("res.partner", [["id", "in", []]]) == []


async def test_fields_get_is_cached(odoo: OdooClient) -> None:
    fields = await odoo.fields_get("crm.lead", ["string", "type", "relation"])
    before = odoo.request_count
    again = await odoo.fields_get("crm.lead", ["string", "type", "relation"])
    assert odoo.request_count == before
    assert again == fields
    assert fields["partner_id"]["type"] == "many2one"
    assert fields["partner_id"]["relation"] == "res.partner"
    everything = await odoo.fields_get("crm.lead")  # another key: another request
    assert odoo.request_count == before + 1
    assert set(everything) == set(fields)
    odoo.clear_cache("crm.lead")
    await odoo.fields_get("crm.lead", ["string", "type", "relation"])
    assert odoo.request_count == before + 2


async def test_name_search_finds_by_name(odoo: OdooClient) -> None:
    partner = (await odoo.search_read("res.partner", [], ["name"], limit=1, order="id"))[0]
    word = partner["name"].split()[0]
    found = await odoo.name_search("res.partner", word, limit=50)
    assert (partner["id"], partner["name"]) in found or any(
        pid == partner["id"] for pid, _ in found
    )
    assert all(isinstance(pid, int) and isinstance(name, str) for pid, name in found)
    companies = await odoo.name_search("res.partner", "", [["is_company", "=", True]], limit=3)
    assert 0 < len(companies) <= 3


async def test_read_group_counts_add_up(odoo: OdooClient) -> None:
    total = await odoo.search_count("crm.lead")
    groups = await odoo.read_group("crm.lead", [], ["expected_revenue:sum"], ["stage_id"])
    assert groups
    counts = [group.get("stage_id_count", group.get("__count")) for group in groups]
    assert sum(counts) == total
    flat = await odoo.read_group("crm.lead", [], ["expected_revenue:sum"], ["stage_id"], lazy=False)
    assert sum(group["__count"] for group in flat) == total


async def test_create_write_unlink_round_trip(odoo: OdooClient) -> None:
    name = _unique("Round trip")
    partner_id = await odoo.create("res.partner", {"name": name, "email": "rt@example.com"})
    assert isinstance(partner_id, int)
    assert await odoo.read("res.partner", partner_id, ["name", "email"]) == [
        {"id": partner_id, "name": name, "email": "rt@example.com"}
    ]
    assert await odoo.write("res.partner", [partner_id], {"email": False}) is True
    assert (await odoo.read("res.partner", [partner_id], ["email"]))[0]["email"] is False
    assert await odoo.search("res.partner", [["name", "=", name]]) == [partner_id]
    assert await odoo.call("res.partner", "read", [partner_id], fields=["name"]) == [
        {"id": partner_id, "name": name}
    ]
    assert await odoo.unlink("res.partner", [partner_id]) is True
    assert await odoo.read("res.partner", [partner_id], ["name"]) == []
    with pytest.raises(OdooMissingError):
        await odoo.unlink("res.partner", [partner_id])


async def test_create_many_returns_ids(odoo: OdooClient) -> None:
    names = [_unique("Batch A"), _unique("Batch B")]
    ids = await odoo.create("res.partner", [{"name": n} for n in names])
    assert isinstance(ids, list)
    assert len(ids) == 2
    assert [row["name"] for row in await odoo.read("res.partner", ids, ["name"])] == names
    assert await odoo.unlink("res.partner", ids) is True


async def test_unknown_model_and_field_are_typed_errors(odoo: OdooClient) -> None:
    with pytest.raises(OdooUnknownModelError):
        await odoo.search("no.such.model")
    with pytest.raises(OdooUnknownFieldError):
        await odoo.search_read("res.partner", [["no_such_field", "=", 1]], ["name"])
    with pytest.raises(OdooUnknownFieldError):
        await odoo.search_read("res.partner", [], ["name", "no_such_field"], limit=1)
    # the session survives the errors
    assert await odoo.search_count("res.partner") > 0


async def test_writes_persist_in_a_fresh_database(fresh_sandbox: Any) -> None:
    async with _client(fresh_sandbox, "jsonrpc") as odoo:
        before = await odoo.search_count("crm.lead")
        lead = await odoo.create("crm.lead", {"name": _unique("Fresh lead")})
    async with _client(fresh_sandbox, "json2") as other:
        assert await other.search_count("crm.lead") == before + 1
        assert await other.read("crm.lead", lead, ["id"]) == [{"id": lead}]
