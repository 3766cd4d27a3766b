"""What the client sends: Odoo's argument shapes, defaults left out, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest
from odoo_fakes import ScriptedOdoo, ServerFactory

from daniel.odoo import OdooClient, OdooRequestError, OdooUnknownModelError

SECRET = "admin-password"


async def _serve(aiohttp_server: ServerFactory, fake: ScriptedOdoo) -> str:
    server = await aiohttp_server(fake.app())
    return str(server.make_url("")).rstrip("/")


async def _client(aiohttp_server: ServerFactory, fake: ScriptedOdoo, protocol: str) -> OdooClient:
    url = await _serve(aiohttp_server, fake)
    return OdooClient(url, "demo", "admin", SECRET, protocol=protocol)


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
async def test_orm_helpers_send_odoo_argument_shapes(
    aiohttp_server: ServerFactory, protocol: str
) -> None:
    fake = ScriptedOdoo(password=SECRET)
    async with await _client(aiohttp_server, fake, protocol) as odoo:
        await odoo.search_read("res.partner")
        await odoo.search_read(
            "res.partner", [["is_company", "=", True]], "name", offset=5, limit=10,
            order="name desc", context={"lang": "es_ES"},
        )  # fmt: skip
        await odoo.read("res.partner", 7)
        await odoo.name_search("res.partner", "deco", [["is_company", "=", True]], limit=3)
        await odoo.read_group("crm.lead", None, ["expected_revenue:sum"], "stage_id", lazy=False)
        await odoo.fields_get("res.partner", "type")
    sent = [
        (args[3], args[4], args[5], args[6] if len(args) > 6 else None) for args in fake.received
    ]
    assert sent == [
        ("res.partner", "search_read", [[]], None),
        (
            "res.partner",
            "search_read",
            [[["is_company", "=", True]]],
            {
                "offset": 5,
                "limit": 10,
                "order": "name desc",
                "context": {"lang": "es_ES"},
                "fields": ["name"],
            },
        ),
        ("res.partner", "read", [[7]], None),
        ("res.partner", "name_search", ["deco", [["is_company", "=", True]], "ilike", 3], None),
        ("crm.lead", "read_group", [[], ["expected_revenue:sum"], ["stage_id"]], {"lazy": False}),
        ("res.partner", "fields_get", [], {"attributes": ["type"]}),
    ]


async def test_bad_input_is_refused_before_any_request(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(password=SECRET)
    async with await _client(aiohttp_server, fake, "jsonrpc") as odoo:
        with pytest.raises(OdooRequestError, match="a domain is a list of conditions"):
            await odoo.search("res.partner", "[('name', '=', 'x')]")  # type: ignore[arg-type]
        with pytest.raises(OdooRequestError, match="ids must be integers"):
            await odoo.read("res.partner", ["7"])  # type: ignore[list-item]
        with pytest.raises(OdooUnknownModelError, match="not a valid Odoo model name"):
            await odoo.search("res partner; drop")
        with pytest.raises(OdooRequestError, match="not a valid method name"):
            await odoo.execute_kw("res.partner", "read/../unlink")
        assert odoo.request_count == 0
    with pytest.raises(ValueError, match="protocol must be one of"):
        OdooClient("http://localhost:8069", "db", "u", "s", protocol="soap")
    with pytest.raises(ValueError, match="Odoo URL must look like"):
        OdooClient("localhost:8069", "db", "u", "s")


async def test_dates_and_bytes_are_sent_as_odoo_strings(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(password=SECRET)
    url = await _serve(aiohttp_server, fake)
    values = {
        "date_deadline": dt.date(2030, 1, 31),
        "create_date": dt.datetime(2030, 1, 31, 12, 30, tzinfo=dt.UTC),
        "image_128": b"\x89PNG",
    }
    for protocol in ("xmlrpc", "jsonrpc"):
        async with OdooClient(url, "demo", "admin", SECRET, protocol=protocol) as odoo:
            await odoo.write("crm.lead", 7, values)
    for received in fake.received:
        assert received[5] == [
            [7],
            {
                "date_deadline": "2030-01-31",
                "create_date": "2030-01-31 12:30:00",
                "image_128": "iVBORw==",
            },
        ]
