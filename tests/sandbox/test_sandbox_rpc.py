"""XML-RPC and JSON-RPC as real Odoo serves them: services, results and fault shapes."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

import aiohttp
import pytest
from sandbox_helpers import Rpc, fetch, restricted, unique


def test_common_service(sandbox: Any) -> None:
    common = xmlrpc.client.ServerProxy(f"{sandbox.url}/xmlrpc/2/common")
    version = common.version()
    assert version["server_serie"] == "19.0"
    assert version["protocol_version"] == 1
    assert version["server_version_info"][:2] == [19, 0]
    assert common.authenticate(sandbox.db, "admin", sandbox.password, {}) == 2
    assert common.authenticate(sandbox.db, "admin", sandbox.api_key, {}) == 2
    assert common.authenticate(sandbox.db, "admin", "wrong", {}) is False
    assert common.authenticate(sandbox.db, "ADMIN", sandbox.password, {}) is False
    assert common.authenticate(sandbox.db, "admin", "", {}) is False
    user, password, _key = restricted(sandbox.dataset)
    assert common.login(sandbox.db, user, password) == 8  # uid 8, as in the recorded corpus
    assert common.about() == "See http://openerp.com"
    with pytest.raises(xmlrpc.client.Fault) as caught:
        common.authenticate(sandbox.db, "admin", sandbox.password)
    assert caught.value.faultCode == 1
    assert caught.value.faultString.rstrip().endswith(
        "TypeError: exp_authenticate() missing 1 required positional argument: 'user_agent_env'"
    )
    with pytest.raises(xmlrpc.client.Fault) as caught:
        common.authenticate("no_such_db", "admin", sandbox.password, {})
    assert caught.value.faultCode == 1
    assert "psycopg2.OperationalError" in caught.value.faultString


def test_create_returns_an_id_or_ids(admin: Rpc) -> None:
    one = admin("res.partner", "create", {"name": unique("Uno")})
    many = admin("res.partner", "create", [{"name": unique("Dos")}, {"name": unique("Tres")}])
    assert isinstance(one, int)
    assert isinstance(many, list)
    assert len(many) == 2
    assert admin("res.partner", "write", many, {"city": "Madrid"}) is True
    assert admin("res.partner", "unlink", many) is True
    assert admin("res.partner", "read", many, fields=["name"]) == []


@pytest.mark.parametrize(
    ("call", "code", "last_line"),
    [
        (("no.such.model", "search_read", [[]]), 2, "Object no.such.model doesn't exist"),
        (
            ("res.partner", "search_read", [[["no_such_field", "=", 1]]]),
            1,
            "ValueError: Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)",
        ),
        (
            ("res.partner", "search_read", [[]], {"fields": ["name", "nope"]}),
            1,
            "ValueError: Invalid field 'nope' on model 'res.partner'",
        ),
        (
            ("res.partner", "no_such_method", [[]]),
            1,
            "AttributeError: The method 'no_such_method' does not exist on the model 'res.partner'",
        ),
        (
            ("res.partner", "name_get", [[1]]),
            1,
            "AttributeError: The method 'name_get' does not exist on the model 'res.partner'",
        ),
        (
            ("res.partner", "_search", [[]]),
            4,
            "Private methods (such as _search) cannot be called remotely.",
        ),
        (("res.partner", "read", []), 1, "IndexError: tuple index out of range"),
        (
            ("res.partner", "search_count", [[], 1, 2, 3]),
            1,
            "TypeError: BaseModel.search_count() takes from 2 to 3 positional arguments but 5 "
            "were given",
        ),
        (
            ("res.partner", "search", [[]], {"count": True}),
            1,
            "TypeError: BaseModel.search() got an unexpected keyword argument 'count'",
        ),
        (
            ("res.partner", "search_read", [[]], {"no_such_kwarg": 1}),
            1,
            "TypeError: BaseModel._read_format() got an unexpected keyword argument "
            "'no_such_kwarg'",
        ),
        (
            ("res.partner", "write", [[999999], {"name": "x"}]),
            2,
            "(Record: res.partner(999999,), User: 2)",
        ),
        (
            ("res.partner", "read", [[1]], {"context": {"lang": "fr_FR"}}),
            2,
            "Invalid language code: fr_FR",
        ),
    ],
)
def test_faults_have_odoo_codes_and_texts(
    admin: Rpc, call: tuple[Any, ...], code: int, last_line: str
) -> None:
    model, method, args, *rest = call
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin.proxy().execute_kw(admin.db, admin.uid, admin.password, model, method, args, *rest)
    assert caught.value.faultCode == code
    assert caught.value.faultString.rstrip().splitlines()[-1] == last_line
    if code == 1:
        assert caught.value.faultString.startswith("Traceback (most recent call last):")


def test_authentication_faults(admin: Rpc) -> None:
    proxy = admin.proxy()
    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.execute_kw(admin.db, admin.uid, "bad", "res.partner", "search_count", [[]])
    assert (caught.value.faultCode, caught.value.faultString) == (3, "Access Denied")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.execute_kw(admin.db, False, admin.password, "res.partner", "search_count", [[]])
    assert caught.value.faultCode == 3
    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.execute_kw(admin.db, 999, admin.password, "res.partner", "search_count", [[]])
    assert caught.value.faultCode == 2
    assert caught.value.faultString.endswith("(Record: res.users(999,), User: 999)")
    count = proxy.execute_kw(admin.db, "2", admin.password, "res.partner", "search_count", [[]])
    assert count == proxy.execute_kw(
        admin.db, 2, "sandbox-admin-api-key-0000", "res.partner", "search_count", [[]]
    )


def test_execute_takes_positional_arguments(admin: Rpc) -> None:
    rows = admin.proxy().execute(
        admin.db,
        admin.uid,
        admin.password,
        "res.partner",
        "search_read",
        [["is_company", "=", True]],
        ["name"],
    )
    assert rows
    assert set(rows[0]) == {"id", "name"}


def test_none_results_cannot_be_marshalled_but_are_committed(admin: Rpc) -> None:
    partner = admin("res.partner", "create", {"name": unique("Archivable")})
    fault = admin.fault("res.partner", "action_archive", [partner])
    assert fault.faultString.rstrip().endswith(
        "TypeError: cannot marshal None unless allow_none is enabled"
    )
    assert admin("res.partner", "search", [("id", "=", partner)]) == []
    assert admin("res.partner", "read", [partner], fields=["active"]) == [
        {"id": partner, "active": False}
    ]


def test_a_failed_call_changes_nothing(admin: Rpc) -> None:
    name = unique("Atómico")
    fault = admin.fault("project.task", "create", [{"name": name}, {"project_id": False}])
    assert fault.faultCode == 2
    assert "mandatory field is not set" in fault.faultString
    assert admin("project.task", "search_count", [("name", "=", name)]) == 0


def test_legacy_endpoint_uses_string_fault_codes(admin: Rpc) -> None:
    legacy = xmlrpc.client.ServerProxy(f"{admin.url}/xmlrpc/object")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        legacy.execute_kw(admin.db, admin.uid, admin.password, "no.such.model", "search", [[]])
    assert caught.value.faultCode == "warning -- UserError\n\nObject no.such.model doesn't exist"
    with pytest.raises(xmlrpc.client.Fault) as caught:
        legacy.execute_kw(admin.db, admin.uid, "bad", "res.partner", "search", [[]])
    assert (caught.value.faultCode, caught.value.faultString) == ("AccessDenied", "Access Denied")


def test_http_level_answers(sandbox: Any) -> None:
    assert fetch(f"{sandbox.url}/xmlrpc/2/object").status == 405
    response = fetch(f"{sandbox.url}/xmlrpc/2/common", "POST", b"<not xml")
    body = response.text
    assert response.status == 200
    assert "<name>faultCode</name>" in body
    assert "<int>1</int>" in body


async def _jsonrpc(url: str, params: dict[str, Any]) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http:
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 7}
        async with http.post(f"{url}/jsonrpc", json=payload) as response:
            assert response.status == 200
            result: dict[str, Any] = await response.json()
            return result


async def test_jsonrpc_results_and_error_envelope(sandbox: Any) -> None:
    ok = await _jsonrpc(sandbox.url, {"service": "common", "method": "version", "args": []})
    assert ok["jsonrpc"] == "2.0"
    assert ok["id"] == 7
    assert ok["result"]["server_serie"] == "19.0"
    args = [sandbox.db, 2, sandbox.password, "res.partner", "search_count", [[]]]
    count = await _jsonrpc(sandbox.url, {"service": "object", "method": "execute_kw", "args": args})
    assert isinstance(count["result"], int)
    assert count["result"] > 40
    args = [sandbox.db, 2, sandbox.password, "res.partner", "_search", [[]]]
    error = await _jsonrpc(sandbox.url, {"service": "object", "method": "execute_kw", "args": args})
    assert error["error"]["code"] == 200
    assert error["error"]["message"] == "Odoo Server Error"
    data = error["error"]["data"]
    assert data["name"] == "odoo.exceptions.AccessError"
    assert data["message"] == "Private methods (such as _search) cannot be called remotely."
    assert data["arguments"] == [data["message"]]
    assert data["context"] == {}
    assert data["debug"].startswith("Traceback")
    args = [sandbox.db, 2, "bad", "res.partner", "search_count", [[]]]
    denied = await _jsonrpc(
        sandbox.url, {"service": "object", "method": "execute_kw", "args": args}
    )
    assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    unknown = await _jsonrpc(sandbox.url, {"service": "nosuchservice", "method": "x", "args": []})
    assert unknown["error"]["data"]["name"] == "builtins.KeyError"
    assert unknown["error"]["data"]["message"] == "nosuchservice"
    dbs = await _jsonrpc(sandbox.url, {"service": "db", "method": "list", "args": []})
    assert dbs["result"] == ["sandbox"]


async def test_jsonrpc_rejects_malformed_requests(sandbox: Any) -> None:
    async with aiohttp.ClientSession() as http:
        headers = {"Content-Type": "application/json"}
        async with http.post(f"{sandbox.url}/jsonrpc", data=b'{"jsonrpc": ', headers=headers) as r:
            assert r.status == 400
            assert "Invalid JSON data" in await r.text()
        async with http.post(
            f"{sandbox.url}/jsonrpc", data=b"{}", headers={"Content-Type": "text/plain"}
        ) as r:
            assert r.status == 400
        async with http.get(f"{sandbox.url}/jsonrpc") as r:
            assert r.status == 400


def test_web_search_read_gives_a_page_and_its_length_at_once(admin: Rpc) -> None:
    """Odoo 17+: many2one as {id, display_name} when asked for, else its id; `length` is
    the page's end unless the page came back full, then the whole count."""
    total = admin("crm.lead", "search_count", [])
    spec = {"name": {}, "stage_id": {"fields": {"display_name": {}}}, "user_id": {}}
    plain = admin("crm.lead", "search_read", [], fields=["name", "stage_id", "user_id"], limit=3)
    full = admin("crm.lead", "web_search_read", [], spec, limit=3)
    assert full["length"] == total
    first, row = plain[0], full["records"][0]
    assert row["stage_id"] == {"id": first["stage_id"][0], "display_name": first["stage_id"][1]}
    assert row["user_id"] == (first["user_id"][0] if first["user_id"] else False)
    tail = admin("crm.lead", "web_search_read", [], spec, offset=total - 2, limit=5)
    assert (tail["length"], len(tail["records"])) == (total, 2)
    past = admin("crm.lead", "web_search_read", [], spec, offset=total + 1, limit=5)
    assert past == {"length": 0, "records": []}
