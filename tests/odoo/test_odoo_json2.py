"""JSON-2 (Odoo 19): named arguments, bearer key, and how `auto` chooses it."""

from __future__ import annotations

import pytest
from odoo_fakes import ScriptedOdoo, ServerFactory

from daniel.odoo import OdooAuthenticationError, OdooClient, OdooRequestError
from daniel.odoo.transports.json2 import named_arguments

KEY = "0123456789abcdef-api-key"


async def _serve(aiohttp_server: ServerFactory, fake: ScriptedOdoo) -> str:
    server = await aiohttp_server(fake.app())
    return str(server.make_url("")).rstrip("/")


def test_positional_arguments_of_orm_methods_get_their_names() -> None:
    assert named_arguments("search_read", [[["a", "=", 1]]], {"fields": ["name"], "limit": 5}) == {
        "domain": [["a", "=", 1]],
        "fields": ["name"],
        "limit": 5,
    }
    assert named_arguments("read", [7, ["name"]], {}) == {"ids": [7], "fields": ["name"]}
    assert named_arguments("write", [[1, 2], {"name": "x"}], {"context": {"lang": "es_ES"}}) == {
        "ids": [1, 2],
        "vals": {"name": "x"},
        "context": {"lang": "es_ES"},
    }
    assert named_arguments("create", [{"name": "x"}], {}) == {"vals_list": {"name": "x"}}
    assert named_arguments("name_search", ["deco", [], "ilike", 8], {}) == {
        "name": "deco",
        "domain": [],
        "operator": "ilike",
        "limit": 8,
    }
    # Odoo 18 named name_search's domain `args`; Odoo 19 calls it `domain`
    assert named_arguments("name_search", [], {"name": "a", "args": [["x", "=", 1]]}) == {
        "name": "a",
        "domain": [["x", "=", 1]],
    }


def test_other_methods_take_record_ids_first_and_the_rest_by_name() -> None:
    assert named_arguments("action_confirm", [[5]], {}) == {"ids": [5]}
    assert named_arguments("message_post", [3], {"body": "hola"}) == {"ids": [3], "body": "hola"}
    assert named_arguments("get_views", [], {"views": [[False, "list"]]}) == {
        "views": [[False, "list"]]
    }
    with pytest.raises(OdooRequestError, match="keyword arguments"):
        named_arguments("message_post", [3, "hola"], {})
    with pytest.raises(OdooRequestError, match="keyword arguments"):
        named_arguments("some_model_method", ["text"], {})
    with pytest.raises(OdooRequestError, match="at most 4"):
        named_arguments("search", [[], 0, 5, "id", "extra"], {})
    with pytest.raises(OdooRequestError, match="both by position and by name"):
        named_arguments("search", [[]], {"domain": []})


async def test_auto_on_odoo_19_uses_json2_with_the_key(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(version="19.0", password="a-password", api_key=KEY)
    async with OdooClient(await _serve(aiohttp_server, fake), "db19", "admin", KEY) as odoo:
        assert await odoo.search_read("res.partner", [["is_company", "=", True]], ["name"]) == [
            {"id": 1, "name": "Azure Interior"}
        ]
        assert await odoo.create("res.partner", {"name": "X"}) == 42  # [42] from JSON-2
        assert await odoo.create("res.partner", [{"name": "Y"}]) == [42]
        assert odoo.protocol == "json2"
        assert odoo.uid == 2
        assert odoo.server_version == "19.0"
    assert fake.calls == [
        "common.version",
        "res.users.context_get",
        "res.partner.search_read",
        "res.partner.create",
        "res.partner.create",
    ]
    assert fake.received[0] == {"domain": [["is_company", "=", True]], "fields": ["name"]}
    assert fake.received[1] == {"vals_list": {"name": "X"}}


async def test_auto_falls_back_to_jsonrpc_when_the_key_is_refused(
    aiohttp_server: ServerFactory,
) -> None:
    fake = ScriptedOdoo(version="19.0", password="a-password", api_key=KEY)
    url = await _serve(aiohttp_server, fake)
    async with OdooClient(url, "db19", "admin", "a-password") as odoo:
        assert await odoo.search_count("res.partner") == 3
        assert odoo.protocol == "jsonrpc"
    assert fake.calls == [
        "common.version",
        "res.users.context_get",  # 401: not an API key
        "common.authenticate",
        "res.partner.search_count",
    ]


async def test_explicit_json2_with_a_bad_key_is_an_authentication_error(
    aiohttp_server: ServerFactory,
) -> None:
    fake = ScriptedOdoo(version="19.0", api_key=KEY)
    url = await _serve(aiohttp_server, fake)
    async with OdooClient(url, "db19", "admin", "wrong-key", protocol="json2") as odoo:
        with pytest.raises(OdooAuthenticationError, match="rejected the login") as raised:
            await odoo.search("res.partner")
        assert odoo.request_count == 1
    assert "wrong-key" not in str(raised.value)


async def test_json2_version_comes_from_web_version(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(version="19.0", api_key=KEY)
    url = await _serve(aiohttp_server, fake)
    async with OdooClient(url, "db19", "admin", KEY, protocol="json2") as odoo:
        version = await odoo.version()
        assert await odoo.version() == version  # cached
        assert odoo.request_count == 1
    assert version["server_version"] == "19.0"
    assert version["server_version_info"][0] == 19
