"""A page that reconnects resumes its conversation: the brain keeps its context."""

from __future__ import annotations

import asyncio
from typing import Any

from avatar_client import Conversation, SettingsFactory, make_app, open_conversation

from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.services.local.avatar import LocalAvatar
from daniel.server_avatar.services.provider_registry import ProviderOverrides


async def _wait_parked(client: Any) -> None:
    """The server parks the session once it has seen the socket close."""
    for _ in range(100):
        health = await (await client.get("/health")).json()
        if health["sessions"]["active"] == 0:
            return
        await asyncio.sleep(0.02)


async def test_reconnecting_with_resume_keeps_the_conversation(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    first = await open_conversation(client, lang="es")
    listing = await first.ask("oportunidades en negociación")
    records = listing.shown("leads")["records"]
    await first.ws.close()
    await _wait_parked(client)

    again = await open_conversation(client, lang="es", resume=first.session_id)
    assert again.ready["resumed"] is True
    assert again.session_id == first.session_id
    detail = await again.ask("la segunda")
    assert detail.turn_id == "t2", "turn numbering continues"
    assert detail.shown("leads")["records"][0]["id"] == records[1]["id"]


async def test_an_unknown_or_expired_session_starts_afresh_with_a_notice(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    app = make_app(
        avatar_settings(), tuning=ServerTuning(resume_seconds=0.0), probe_providers=False
    )
    client = await aiohttp_client(app)
    first = await open_conversation(client, lang="es")
    await first.ws.close()
    await _wait_parked(client)
    for resume in (first.session_id, "s-never-existed"):
        talk = await open_conversation(client, lang="en", resume=resume)
        assert talk.ready["resumed"] is False
        assert talk.session_id != resume
        assert any("starting a new one" in n.get("message", "") for n in talk.notices)


async def test_resuming_a_session_still_open_elsewhere_takes_it_over(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    old = await open_conversation(client, lang="es")
    await old.ask("oportunidades en negociación")
    new = Conversation(await client.ws_connect("/ws"))
    ready = await new.start(lang="es", resume=old.session_id)
    assert ready["resumed"] is True
    while await old.receive() is not None:
        pass
    assert old.close_frame == (1000, "session resumed elsewhere")
    detail = await new.ask("la primera")
    assert detail.shown("leads")["status"] == "done"


class _SlowToCloseAvatar(LocalAvatar):
    """A local avatar whose close takes as long as stopping a HeyGen session may."""

    closing_now = 0

    async def close(self) -> None:
        _SlowToCloseAvatar.closing_now += 1
        try:
            await asyncio.sleep(0.3)
        finally:
            _SlowToCloseAvatar.closing_now -= 1


async def test_reconnecting_while_the_avatar_is_still_closing_resumes_the_conversation(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    overrides = ProviderOverrides(avatar=_SlowToCloseAvatar)
    client = await aiohttp_client(
        make_app(avatar_settings(), overrides=overrides, probe_providers=False)
    )
    first = await open_conversation(client, lang="es")
    listing = await first.ask("oportunidades en negociación")
    records = listing.shown("leads")["records"]
    await first.ws.close()
    await _wait_parked(client)  # the server dropped the live session...
    assert _SlowToCloseAvatar.closing_now == 1  # ...and is still closing its avatar

    again = await open_conversation(client, lang="es", resume=first.session_id)
    assert again.ready["resumed"] is True
    assert again.session_id == first.session_id
    assert not any("starting a new one" in n.get("message", "") for n in again.notices)
    detail = await again.ask("la segunda")
    assert detail.shown("leads")["records"][0]["id"] == records[1]["id"]
