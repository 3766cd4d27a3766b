"""Remote avatars: the real avatar server with AVATAR=heygen talks to a fake HeyGen API
(an in-process server speaking HeyGen's protocol) whose LiveKit room URL points at a
local address where nothing listens. The page must try exactly that room, then fall
back to the local avatar with a notice, and keep working."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser
from web_harness import ask, avatar_server, open_page, port_open, sandbox_settings

from daniel.server_avatar.server import AppOptions
from fakes import FakeHeyGen

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


class UnreachableRoomHeyGen(FakeHeyGen):
    """HeyGen whose sessions point at a LiveKit URL where no server listens."""

    def __init__(self, room_url: str) -> None:
        super().__init__()
        self.room_url = room_url

    async def _new(self, request: web.Request) -> web.StreamResponse:
        response = await super()._new(request)
        if response.status != 200 or not isinstance(response, web.Response):
            return response
        body = json.loads(response.body)  # type: ignore[arg-type]
        body["data"]["url"] = self.room_url
        return web.json_response(body)


#: A LiveKit Cloud-looking room (what HeyGen hands out, and what the page's
#: Content-Security-Policy allows), resolved by this test's browser to 127.0.0.1, where
#: nothing listens on the HTTPS port.
ROOM_HOST = "daniel-test-room.livekit.cloud"


@pytest.fixture(scope="module")
def room_url() -> str:
    return f"wss://{ROOM_HOST}"


@pytest.fixture(scope="module")
def extra_browser_args() -> list[str]:
    assert not port_open(443), "something listens on 127.0.0.1:443"
    return [f"--host-resolver-rules=MAP {ROOM_HOST} 127.0.0.1"]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def heygen(room_url: str) -> AsyncIterator[UnreachableRoomHeyGen]:
    async with UnreachableRoomHeyGen(room_url) as fake:
        yield fake


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(
    sandbox: Any, tmp_path_factory: pytest.TempPathFactory, heygen: UnreachableRoomHeyGen
) -> AsyncIterator[str]:
    settings = sandbox_settings(
        sandbox,
        tmp_path_factory.mktemp("remote"),
        avatar="heygen",
        heygen_api_key=heygen.api_key,
        heygen_avatar_id="Daniel_public",
        heygen_base_url=heygen.url,
    )
    async with avatar_server(settings, AppOptions(probe_providers=False)) as url:
        yield url


async def test_an_unreachable_remote_avatar_falls_back_to_the_local_one(
    browser: Browser, server: str, room_url: str
) -> None:
    ctx, rec = await open_page(browser, server, locale="es-ES")
    page = rec.page
    try:
        # avatar.session follows session.ready; the stage shows the failed dial after it.
        await page.wait_for_selector("#stage[data-remote=failed]", timeout=15000)
        [session] = rec.received_of("avatar.session")
        assert (session["provider"], session["livekit_url"]) == ("heygen", room_url)
        # livekit-client was loaded only now, and it dialled exactly that room.
        assert any(url.endswith("/vendor/livekit-client.esm.mjs") for url in rec.requests)
        dialled = [url for url in rec.sockets if url.startswith(room_url + "/rtc")]
        assert dialled, rec.sockets
        assert f"access_token={session['token']}" in dialled[0]
        notice = page.locator(".note--warning", has_text="avatar remoto")
        await notice.wait_for()
        assert "avatar local" in (await notice.text_content() or "")
        assert await page.is_visible("#avatar")
        assert await page.is_hidden("#remote-video")
        # The conversation goes on with the local avatar.
        await ask(page, "¿Cómo va el pipeline?")
        await page.locator(".result--summary a.record__name").first.wait_for()
        await page.locator(".turn--agent.is-done .agent-text", has_text="oportunidades").wait_for()
        assert await page.get_attribute("#stage", "data-avatar") == "local"
    finally:
        await ctx.close()
