"""Odoo 19's JSON-2 API: bearer authentication, named arguments, HTTP statuses and bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sandbox_helpers import unique

from daniel.resources.odoo import datasets


class Json2:
    def __init__(self, http: aiohttp.ClientSession, url: str, key: str) -> None:
        self.http = http
        self.url = url
        self.key = key

    async def call(
        self, model: str, method: str, body: Any = None, **headers: str
    ) -> tuple[int, Any]:
        sent = {"Authorization": f"bearer {self.key}", **headers}
        async with self.http.post(
            f"{self.url}/json/2/{model}/{method}",
            json=body if body is not None else {},
            headers=sent,
        ) as response:
            assert response.content_type == "application/json"
            return response.status, await response.json()


@pytest.fixture
async def api(sandbox: Any) -> AsyncIterator[Json2]:
    async with aiohttp.ClientSession() as http:
        yield Json2(http, sandbox.url, sandbox.api_key)


async def test_crud_with_named_arguments(api: Json2, sandbox: Any) -> None:
    demo = datasets.load(sandbox.dataset)
    home = next(c.name for c in demo.countries if c.code == demo.company.country)
    status, rows = await api.call(
        "res.partner",
        "search_read",
        {
            "domain": [["is_company", "=", True]],
            "fields": ["name", "country_id"],
            "limit": 3,
            "order": "name",
            "context": {"lang": demo.company.lang},
        },
        **{"X-Odoo-Database": "sandbox"},
    )
    assert status == 200
    assert len(rows) == 3
    assert set(rows[0]) == {"id", "name", "country_id"}
    assert rows[0]["country_id"][1] == home
    status, created = await api.call("res.partner", "create", {"vals_list": {"name": unique("J2")}})
    assert status == 200
    assert isinstance(created, list)
    assert len(created) == 1
    status, done = await api.call(
        "res.partner", "write", {"ids": created, "vals": {"city": "Vigo"}}
    )
    assert (status, done) == (200, True)
    status, read = await api.call("res.partner", "read", {"ids": created, "fields": ["city"]})
    assert read == [{"id": created[0], "city": "Vigo"}]
    status, note = await api.call("res.partner", "message_post", {"ids": created, "body": "hola"})
    assert status == 200
    assert isinstance(note, list)
    assert len(note) == 1
    status, archived = await api.call("res.partner", "action_archive", {"ids": created})
    assert (status, archived) == (200, None)
    status, done = await api.call("res.partner", "unlink", {"ids": created})
    assert (status, done) == (200, True)


async def test_unauthenticated_calls_get_401(sandbox: Any) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{sandbox.url}/json/2/res.partner/search_count"
        async with http.post(url, json={"domain": []}) as response:
            body = await response.json()
            assert response.status == 401
            assert body["name"] == "werkzeug.exceptions.Unauthorized"
            assert "Authorization" in body["message"]
        headers = {"Authorization": "bearer not-a-valid-key"}
        async with http.post(url, json={"domain": []}, headers=headers) as response:
            body = await response.json()
            assert response.status == 401
            assert body["message"] == "Invalid apikey"
            assert body["arguments"] == ["Invalid apikey", 401]
            assert "not-a-valid-key" not in await response.text()
        headers = {"Authorization": f"bearer {sandbox.password}"}
        async with http.post(url, json={"domain": []}, headers=headers) as response:
            assert response.status == 401  # a password is not an API key


@pytest.mark.parametrize(
    ("model", "method", "body", "status", "name", "message"),
    [
        (
            "no.such",
            "search",
            {"domain": []},
            404,
            "werkzeug.exceptions.NotFound",
            "the model 'no.such' does not exist",
        ),
        (
            "res.partner",
            "no_such",
            {},
            404,
            "werkzeug.exceptions.NotFound",
            "The method 'no_such' does not exist on the model 'res.partner'",
        ),
        (
            "res.partner",
            "_search",
            {"domain": []},
            403,
            "odoo.exceptions.AccessError",
            "Private methods (such as _search) cannot be called remotely.",
        ),
        (
            "res.partner",
            "search",
            {"ids": [1], "domain": []},
            422,
            "werkzeug.exceptions.UnprocessableEntity",
            "cannot call res.partner.search with ids",
        ),
        (
            "res.partner",
            "search",
            {"domian": []},
            422,
            "werkzeug.exceptions.UnprocessableEntity",
            "missing a required argument: 'domain'",
        ),
        (
            "res.partner",
            "create",
            {"vals_list": {"name": False}},
            422,
            "odoo.exceptions.ValidationError",
            "The operation cannot be completed: Contacts require a name",
        ),
        (
            "res.partner",
            "write",
            {"ids": [999999], "vals": {"name": "x"}},
            404,
            "odoo.exceptions.MissingError",
            "Record does not exist or has been deleted.",
        ),
        (
            "res.partner",
            "search",
            {"domain": [["nope", "=", 1]]},
            500,
            "builtins.ValueError",
            "Invalid field res.partner.nope in leaf ('nope', '=', 1)",
        ),
        (
            "sale.order",
            "search",
            {"domain": [], "order": "name;"},
            422,
            "odoo.exceptions.UserError",
            'Invalid "order" specified (name;)',
        ),
    ],
)
async def test_errors_have_odoo19_statuses(
    api: Json2, model: str, method: str, body: Any, status: int, name: str, message: str
) -> None:
    got_status, error = await api.call(model, method, body)
    assert got_status == status
    assert error["name"] == name
    assert message in error["message"]
    assert set(error) == {"name", "message", "arguments", "context", "debug"}


async def test_malformed_requests(api: Json2, sandbox: Any) -> None:
    headers = {"Authorization": f"bearer {sandbox.api_key}", "Content-Type": "application/json"}
    url = f"{sandbox.url}/json/2/res.partner/search_count"
    async with api.http.post(url, data=b'{"domain": [', headers=headers) as response:
        body = await response.json()
        assert response.status == 400
        assert body["message"].startswith("could not parse the body")
    async with api.http.post(url, data=b"[1, 2]", headers=headers) as response:
        assert response.status == 400
        assert (await response.json())["message"] == (
            "could not parse the body, expecting a json object"
        )
    async with api.http.get(url, headers=headers) as response:
        assert response.status == 405
    async with api.http.post(f"{sandbox.url}/json/2/res.partner", headers=headers) as response:
        assert response.status == 404
        assert "POST /json/2/<model>/<method>" in (await response.json())["message"]
    status, body = await api.call(
        "res.partner", "search_count", {"domain": []}, **{"X-Odoo-Database": "other"}
    )
    assert status == 404
