"""Which addresses the avatar server may be bound to, decided on the bound sockets.

`AUTH=none` (no login) is for one person on their own machine: on loopback it starts
with a warning line; bound to any other address it refuses to start, unless a
`SERVER_ACCESS_TOKEN` guards it (machine use). `AUTH=odoo` may listen anywhere.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import pytest
from avatar_client import SettingsFactory

from daniel.server_avatar.auth.guard import exposure_problem
from daniel.server_avatar.server import serve
from daniel.settings import SettingsError


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_auth_none_refuses_a_non_loopback_address(avatar_settings: SettingsFactory) -> None:
    settings = avatar_settings(auth="none", tts="none", stt="none")
    with pytest.raises(SettingsError) as refused:
        await asyncio.wait_for(serve(settings, "0.0.0.0", _free_port()), 60)
    message = str(refused.value)
    assert "AUTH=none" in message
    assert "0.0.0.0" in message
    assert "\n" not in message


async def test_auth_none_on_loopback_starts_with_a_warning(
    avatar_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    settings = avatar_settings(auth="none", tts="none", stt="none")
    caplog.set_level(logging.WARNING, logger="daniel.server_avatar")
    task = asyncio.create_task(serve(settings, "127.0.0.1", _free_port()))
    try:
        for _ in range(600):
            if any("AUTH=none" in r.getMessage() for r in caplog.records):
                break
            assert not task.done(), task
            await asyncio.sleep(0.05)
        warning = next(r for r in caplog.records if "AUTH=none" in r.getMessage())
        assert warning.levelno == logging.WARNING
        assert "no login" in warning.getMessage()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def test_the_decision_uses_the_bound_addresses(avatar_settings: SettingsFactory) -> None:
    none: Any = avatar_settings(auth="none")
    assert exposure_problem(none, ["127.0.0.1", "::1"]) is None
    assert exposure_problem(none, ["127.0.0.1", "192.168.1.20"]) is not None
    assert exposure_problem(avatar_settings(), ["0.0.0.0"]) is None
    token: Any = avatar_settings(auth="none", server_access_token="machine-token-123456")
    assert exposure_problem(token, ["10.0.0.5"]) is None
