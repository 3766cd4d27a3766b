"""Retry policy, re-login and session handling, against a scripted fake Odoo on a socket."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from odoo_fakes import ScriptedOdoo, ServerFactory

from daniel.odoo import (
    OdooAuthenticationError,
    OdooClient,
    OdooConnectionError,
    OdooMissingError,
    OdooTimeoutError,
)

SECRET = "pa55-w0rd-never-shown"


async def _serve(aiohttp_server: ServerFactory, fake: ScriptedOdoo) -> str:
    server = await aiohttp_server(fake.app())
    return str(server.make_url("")).rstrip("/")


def _client(url: str, protocol: str = "jsonrpc", **options: Any) -> OdooClient:
    options.setdefault("retries", 2)
    options.setdefault("backoff", 0.01)
    return OdooClient(url, "demo", "admin", SECRET, protocol=protocol, **options)


READS: dict[str, Callable[[OdooClient], Awaitable[Any]]] = {
    "search": lambda odoo: odoo.search("res.partner"),
    "search_read": lambda odoo: odoo.search_read("res.partner", [], ["name"]),
    "read": lambda odoo: odoo.read("res.partner", [1], ["name"]),
    "search_count": lambda odoo: odoo.search_count("res.partner"),
    "fields_get": lambda odoo: odoo.fields_get("res.partner"),
}
WRITES: dict[str, Callable[[OdooClient], Awaitable[Any]]] = {
    "create": lambda odoo: odoo.create("res.partner", {"name": "X"}),
    "write": lambda odoo: odoo.write("res.partner", [1], {"name": "Y"}),
    "unlink": lambda odoo: odoo.unlink("res.partner", [1]),
    "action_confirm": lambda odoo: odoo.call("sale.order", "action_confirm", [1]),
}


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
@pytest.mark.parametrize("method", sorted(READS))
async def test_reads_are_retried_after_dropped_connections(
    aiohttp_server: ServerFactory, protocol: str, method: str
) -> None:
    fake = ScriptedOdoo(["ok", "drop", "drop"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake), protocol) as odoo:
        result = await READS[method](odoo)
        assert odoo.request_count == 4  # login, two dropped attempts, the answer
    assert result
    assert fake.calls[1:] == [fake.calls[1]] * 3


async def test_reads_give_up_after_the_configured_retries(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(["ok", "drop", "drop", "drop", "drop"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake), retries=2) as odoo:
        with pytest.raises(OdooConnectionError, match=r"cannot reach Odoo at http://127\.0\.0\.1"):
            await odoo.search("res.partner")
        assert odoo.request_count == 4  # login + 1 try + 2 retries


async def test_reads_are_retried_after_a_timeout(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(["ok", "slow"], password=SECRET, slow_seconds=1.0)
    url = await _serve(aiohttp_server, fake)
    async with _client(url, timeout=0.2) as odoo:
        assert await odoo.search("res.partner") == [1, 2, 3]
        assert odoo.request_count == 3
    fake.script = ["ok", "slow"]
    async with _client(url, timeout=0.2, retries=0) as odoo:
        with pytest.raises(OdooTimeoutError, match=r"did not answer within 0\.2 s"):
            await odoo.search("res.partner")


@pytest.mark.parametrize("method", sorted(WRITES))
async def test_writes_are_never_retried(aiohttp_server: ServerFactory, method: str) -> None:
    fake = ScriptedOdoo(["ok", "drop"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake), retries=5) as odoo:
        with pytest.raises(OdooConnectionError) as raised:
            await WRITES[method](odoo)
        assert odoo.request_count == 2
    assert len(fake.calls) == 2
    # Odoo read the request before the connection dropped: it may have run, and the MCP
    # server reads Odoo back before telling the person whether the change was made.
    assert raised.value.sent
    assert "the server closed the connection" in str(raised.value)


async def test_a_write_that_times_out_is_not_sent_again(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(["ok", "slow"], password=SECRET, slow_seconds=1.0)
    async with _client(await _serve(aiohttp_server, fake), timeout=0.2, retries=5) as odoo:
        with pytest.raises(OdooTimeoutError):
            await odoo.create("res.partner", {"name": "X"})
        assert odoo.request_count == 2


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
async def test_odoo_faults_are_never_retried(aiohttp_server: ServerFactory, protocol: str) -> None:
    fake = ScriptedOdoo(["ok", "fault"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake), protocol, retries=5) as odoo:
        with pytest.raises(OdooMissingError, match="Record does not exist"):
            await odoo.read("res.partner", [1], ["name"])
        assert odoo.request_count == 2


async def test_connection_refused_is_retried_for_the_login_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with _client(f"http://127.0.0.1:{port}", retries=2) as odoo:
        with pytest.raises(OdooConnectionError) as raised:
            await odoo.search("res.partner")
        assert odoo.request_count == 3  # authenticate is a read: tried 3 times
    assert str(raised.value) == f"cannot reach Odoo at http://127.0.0.1:{port}: connection refused"
    assert raised.value.retryable
    assert not raised.value.sent  # nothing reached Odoo: a write here certainly did not happen


async def test_access_denied_logs_in_again_and_retries_once(
    aiohttp_server: ServerFactory,
) -> None:
    fake = ScriptedOdoo(["ok", "denied", "ok", "ok"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake)) as odoo:
        assert await odoo.create("res.partner", {"name": "X"}) == 42
        assert fake.calls == [
            "common.authenticate",
            "res.partner.create",
            "common.authenticate",
            "res.partner.create",
        ]
        fake.script = ["denied", "ok", "denied"]
        with pytest.raises(OdooAuthenticationError, match="Access Denied"):
            await odoo.search("res.partner")
        assert fake.calls[4:] == ["res.partner.search", "common.authenticate", "res.partner.search"]


async def test_bad_password_is_a_clear_error_without_the_secret(
    aiohttp_server: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="daniel.odoo")
    fake = ScriptedOdoo(password="another-password")
    async with _client(await _serve(aiohttp_server, fake)) as odoo:
        with pytest.raises(OdooAuthenticationError) as raised:
            await odoo.search("res.partner")
        assert odoo.uid is None
        assert odoo.request_count == 1
    assert str(raised.value) == (
        "Odoo rejected the login for user 'admin' on database 'demo': "
        "check ODOO_USER and ODOO_PASSWORD/ODOO_API_KEY"
    )
    assert SECRET not in caplog.text
    assert SECRET not in repr(odoo)


async def test_concurrent_calls_share_one_login(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(password=SECRET)
    async with _client(await _serve(aiohttp_server, fake)) as odoo:
        results = await asyncio.gather(*(odoo.search("res.partner") for _ in range(20)))
        assert odoo.request_count == 21
    assert results == [[1, 2, 3]] * 20
    assert fake.calls.count("common.authenticate") == 1


async def test_calls_are_logged_with_model_method_and_time_only(
    aiohttp_server: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="daniel.odoo")
    fake = ScriptedOdoo(["ok", "ok", "fault"], password=SECRET)
    async with _client(await _serve(aiohttp_server, fake)) as odoo:
        await odoo.write("res.partner", [1], {"name": "Top secret name"})
        with pytest.raises(OdooMissingError):
            await odoo.read("res.partner", [1])
    messages = [r.getMessage() for r in caplog.records]
    assert any("res.partner.write via jsonrpc" in m and m.endswith(" ms") for m in messages)
    assert any("res.partner.read" in m and "OdooMissingError" in m for m in messages)
    assert SECRET not in caplog.text
    assert "Top secret name" not in caplog.text


async def test_an_injected_session_is_used_and_left_open(aiohttp_server: ServerFactory) -> None:
    fake = ScriptedOdoo(password=SECRET)
    url = await _serve(aiohttp_server, fake)
    async with aiohttp.ClientSession() as session:
        async with _client(url, session=session) as odoo:
            assert await odoo.search_count("res.partner") == 3
        assert not session.closed
    own = _client(url)
    assert await own.search_count("res.partner") == 3
    await own.close()
    assert await own.search_count("res.partner") == 3  # a closed client opens a new session
    await own.close()
