"""Odoo down then back, and Odoo slow, seen through Daniel's WebSocket.

The avatar server runs in-process with the local brain and the in-process MCP server;
Odoo is the built-in sandbox on a port we control (stopped and started again on the
same data), or that sandbox behind a proxy that answers too late.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_tools import (
    SlowProxy,
    StoppableSandbox,
    answered,
    close,
    errors,
    make_app,
    open_conversation,
    still_usable,
    told_the_user,
)

from daniel.server_avatar.config import ServerTuning
from daniel.settings import Settings, load_settings

QUESTION = "¿cómo va el pipeline?"
TUNING = ServerTuning(mcp_call_timeout=5.0, health_probe_timeout=1.0)


def settings_for(odoo_url: str, tmp_path: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "odoo_url": odoo_url,
        "odoo_db": "sandbox",
        "odoo_user": "admin",
        "odoo_api_key": "sandbox-admin-api-key-0000",
        "odoo_timeout": 1.0,
        "odoo_retries": 0,
        "mcp_audit_log": tmp_path / "audit.jsonl",
        "daniel_lang": "es",
        "brain": "local",
        "tts": "none",
        "stt": "none",
        "avatar": "local",
    }
    values.update(changes)
    return load_settings(**values)


@pytest.fixture
def odoo(tmp_path: Path) -> Iterator[StoppableSandbox]:
    sandbox = StoppableSandbox(tmp_path / "odoo-data")
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


def has_numbers(text: str) -> bool:
    return bool(re.search(r"\d", text))


async def test_odoo_down_then_back(
    aiohttp_client: Any, odoo: StoppableSandbox, tmp_path: Path
) -> None:
    client = await aiohttp_client(
        make_app(settings_for(odoo.url, tmp_path), tuning=TUNING, probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    before = await talk.ask(QUESTION)
    assert answered(before), before.messages
    assert has_numbers(before.text), before.messages
    assert not errors(before)

    await asyncio.to_thread(odoo.stop)
    started = time.perf_counter()
    down = await talk.ask(QUESTION, wait=15)
    assert time.perf_counter() - started < 10
    said = told_the_user(talk, down) + ([down.text] if answered(down) else [])
    assert said, f"the user was told nothing: {down.messages}"
    assert not (answered(down) and down.text == before.text), "stale numbers shown as fresh"
    await still_usable(talk)

    await asyncio.to_thread(odoo.start)
    back = await talk.ask(QUESTION)
    assert answered(back), back.messages
    assert has_numbers(back.text), back.messages
    assert not errors(back)
    assert back.text == before.text  # the same data, read again from Odoo
    await close(talk)


async def test_odoo_slow(
    aiohttp_client: Any, aiohttp_server: Any, sandbox: Any, tmp_path: Path
) -> None:
    proxy = SlowProxy(sandbox.url)
    server = await aiohttp_server(proxy.app)
    url = str(server.make_url("")).rstrip("/")
    client = await aiohttp_client(
        make_app(settings_for(url, tmp_path), tuning=TUNING, probe_providers=False)
    )
    talk = await open_conversation(client, lang="es")
    proxy.delay = 4.0  # well beyond ODOO_TIMEOUT=1
    started = time.perf_counter()
    slow = await talk.ask(QUESTION, wait=15)
    elapsed = time.perf_counter() - started
    assert elapsed < 4.0, f"the user waited {elapsed:.1f}s for a 1s Odoo timeout"
    said = told_the_user(talk, slow) + ([slow.text] if answered(slow) else [])
    assert said, f"the user was told nothing: {slow.messages}"
    await still_usable(talk)

    proxy.delay = 0.0
    fast = await talk.ask(QUESTION)
    assert answered(fast), fast.messages
    assert has_numbers(fast.text), fast.messages
    assert not errors(fast)
    assert not (answered(slow) and slow.text == fast.text), "a timeout passed off as an answer"
    await close(talk)
