"""The client against recorded Odoo 18 answers, replayed over a real socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from odoo_fakes import CorpusServer, ServerFactory, load

from daniel.odoo import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooClient,
    OdooError,
    OdooProtocolError,
    OdooServerError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooValidationError,
)

pytestmark = pytest.mark.corpus


def _entry(corpus: Path, file: str, name: str) -> dict[str, Any]:
    return next(e for e in load(corpus, file) if e["name"] == name)


def _client(
    server: CorpusServer, protocol: str, user: str = "admin", secret: str = "admin"
) -> OdooClient:
    return OdooClient(server.url, "demo18", user, secret, protocol=protocol, retries=0)


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
async def test_values_decode_exactly_as_recorded(
    corpus: Path, corpus_server: CorpusServer, protocol: str
) -> None:
    recorded = _entry(
        corpus,
        "wire_xmlrpc.json",
        "raw search_read with m2o/m2m/float/date/datetime/selection/bool/html/False",
    )
    domain, options = recorded["args"][5][0], recorded["args"][6]
    async with _client(corpus_server, protocol) as odoo:
        rows = await odoo.search_read("crm.lead", domain, options["fields"], order="id")
    assert rows == recorded["result"]
    first, second = rows
    assert first["partner_id"] == [10, "Deco Addict"]  # many2one: [id, display name]
    assert first["tag_ids"] == [2]  # many2many: ids
    assert first["date_deadline"] == "2026-12-24"  # date: a string
    assert first["create_date"] == "2026-11-23 15:39:23"  # datetime: a UTC string
    assert first["description"] is False  # empty html: False, not None
    assert second["date_deadline"] is False
    assert isinstance(first["expected_revenue"], float)
    assert first["priority"] == "2"  # selection: the key
    assert corpus_server.replay.unmatched == []


async def test_xmlrpc_session_version_login_and_uid_cache(corpus_server: CorpusServer) -> None:
    async with _client(corpus_server, "xmlrpc") as odoo:
        version = await odoo.version()
        assert version["server_version"] == "18.0"
        assert odoo.server_version == "18.0"
        assert await odoo.authenticate() == 2
        assert await odoo.search_count("res.partner") == 59
        assert await odoo.search_count("res.partner", [["is_company", "=", True]]) == 9
        assert await odoo.read("res.partner", [999999], ["name"]) == []
        # version, authenticate, then one request per call: the uid is cached
        assert odoo.request_count == 5
    assert corpus_server.replay.unmatched == []


async def test_auto_on_odoo_18_picks_jsonrpc(corpus_server: CorpusServer) -> None:
    async with _client(corpus_server, "auto") as odoo:
        assert odoo.protocol == "auto"
        assert await odoo.search_count("res.partner") == 59
        assert odoo.protocol == "jsonrpc"
        assert odoo.server_version == "18.0"
        assert odoo.uid == 2
        assert odoo.request_count == 3  # version, authenticate, search_count
    assert corpus_server.replay.unmatched == []


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
async def test_fields_get_is_cached(
    corpus: Path, corpus_server: CorpusServer, protocol: str
) -> None:
    recorded = next(
        e for e in load(corpus, "fields_get.json") if e["args"][3] == "crm.lead" and e["ok"]
    )
    attributes = recorded["kwargs"]["attributes"]
    async with _client(corpus_server, protocol) as odoo:
        fields = await odoo.fields_get("crm.lead", attributes)
        again = await odoo.fields_get("crm.lead", attributes)
        assert odoo.request_count == 2  # authenticate + one fields_get
    assert fields == again == recorded["result"]
    assert fields["partner_id"]["relation"] == "res.partner"
    assert "relation" not in fields["name"]
    again["name"]["string"] = "changed by the caller"
    assert fields["name"]["string"] != "changed by the caller"


async def test_raw_fault_codes_reach_the_caller_typed(corpus_server: CorpusServer) -> None:
    async with _client(corpus_server, "xmlrpc") as odoo:
        with pytest.raises(OdooUnknownModelError, match=r"no\.such\.model doesn't exist"):
            await odoo.search("no.such.model")
        with pytest.raises(OdooServerError) as raised:
            await odoo.execute_kw("res.partner", "no_such_method", [[]])
        assert str(raised.value) == (
            "The method 'no_such_method' does not exist on the model 'res.partner'"
        )
        assert "Traceback" in (raised.value.debug or "")
        # a method returning None cannot be marshalled by Odoo 18 (its change is committed)
        with pytest.raises(OdooServerError, match="cannot marshal None"):
            await odoo.call("res.partner", "action_unarchive", [10])
    async with _client(corpus_server, "xmlrpc", "salesown", "salesown") as restricted:
        with pytest.raises(OdooAccessError, match="top-secret records"):
            await restricted.read("crm.lead", [25], ["name"])
    assert corpus_server.replay.unmatched == []


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
async def test_access_denied_logs_in_again_once(corpus_server: CorpusServer, protocol: str) -> None:
    async with _client(corpus_server, protocol, secret="bad") as odoo:
        odoo.uid = 2  # a uid cached while the password was still right
        call = odoo.search_count if protocol == "jsonrpc" else odoo.search
        with pytest.raises(OdooAuthenticationError) as raised:
            await call("res.partner")
        # the call (Access Denied), then one new login (refused): no loop
        assert odoo.request_count == 2
        assert odoo.uid is None
    message = str(raised.value)
    assert "user 'admin' on database 'demo18'" in message
    assert "ODOO_PASSWORD" in message
    assert "bad" not in message


async def test_jsonrpc_error_envelopes_reach_the_caller_typed(
    corpus: Path, corpus_server: CorpusServer
) -> None:
    expected: dict[str, type[OdooError]] = {
        "jsonrpc unknown model": OdooUnknownModelError,
        "jsonrpc unknown method": OdooServerError,
        "jsonrpc unknown field in domain": OdooUnknownFieldError,
        "jsonrpc create missing required field": OdooValidationError,
        "jsonrpc invalid selection value": OdooValidationError,
        "jsonrpc AccessError (restricted user)": OdooAccessError,
    }
    for name, error in expected.items():
        entry = _entry(corpus, "jsonrpc.json", name)
        _, uid, secret, model, method, args, *rest = entry["args"]
        async with _client(corpus_server, "jsonrpc", secret=secret) as odoo:
            odoo.uid = uid
            with pytest.raises(error) as raised:
                await odoo.execute_kw(model, method, args, rest[0] if rest else None)
        assert str(raised.value) == entry["raw_response"]["error"]["data"]["message"]
        assert "Traceback" not in str(raised.value)
    assert corpus_server.replay.unmatched == []


async def test_private_methods_are_refused_without_a_request(
    corpus_server: CorpusServer,
) -> None:
    async with _client(corpus_server, "jsonrpc") as odoo:
        with pytest.raises(OdooAccessError, match="cannot be called remotely"):
            await odoo.execute_kw("res.partner", "_search", [[]])
        with pytest.raises(OdooAccessError):
            await odoo.call("res.partner", "__init__")
        assert odoo.request_count == 0


async def test_json2_on_odoo_18_is_a_clear_protocol_error(
    corpus: Path, aiohttp_server: ServerFactory
) -> None:
    probe = _entry(corpus, "http_probe.json", "POST /json/2/res.partner/search_read")

    async def recorded_redirect(request: web.Request) -> web.Response:
        headers = {"Location": probe["response_headers"]["Location"]}
        return web.Response(
            status=probe["http_status"], headers=headers, text=probe["body_head"],
            content_type="text/html",
        )  # fmt: skip

    app = web.Application()
    app.router.add_post("/json/2/{model}/{method}", recorded_redirect)
    server = await aiohttp_server(app)
    url = str(server.make_url("")).rstrip("/")
    secret = "s3cr3t-api-key-value"
    async with OdooClient(url, "demo18", "admin", secret, protocol="json2", retries=0) as odoo:
        with pytest.raises(OdooProtocolError, match="no JSON-2 API") as raised:
            await odoo.search_read("res.partner", [], ["name"], limit=1)
    assert "Odoo 19" in str(raised.value)
    assert secret not in str(raised.value)
