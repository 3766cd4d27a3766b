"""Who may connect, the headers of the page, the session limit, and no secret leaking."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from avatar_client import Conversation, SettingsFactory, make_app, open_conversation

from daniel.settings import SettingsError

SECRETS = {
    "odoo_api_key": "odoo-key-that-must-not-leak",
    "server_access_token": "access-token-that-must-not-leak",
    "llm_api_key": "llm-key-that-must-not-leak",
    "elevenlabs_api_key": "eleven-key-that-must-not-leak",
    "heygen_api_key": "heygen-key-that-must-not-leak",
    "mcp_client_token": "mcp-token-that-must-not-leak",
}


async def test_websocket_from_a_foreign_origin_is_refused(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings(server_allowed_origins="https://intranet.example.com")
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "https://evil.example.net"})
    assert refused.value.status == 403
    same = f"http://{client.host}:{client.port}"
    for origin in (same, "https://intranet.example.com"):
        ws = await client.ws_connect("/ws", headers={"Origin": origin})
        talk = Conversation(ws)
        assert (await talk.start(lang="es"))["session_id"]
        await ws.close()


async def test_access_token_is_required_on_the_page_and_the_socket(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings(server_access_token="s3cret-token-for-tests")
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    assert (await client.get("/")).status == 401
    assert (await client.get("/?token=wrong")).status == 401
    page = await client.get("/?token=s3cret-token-for-tests")
    assert page.status == 200
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws?token=wrong")
    assert refused.value.status == 401
    talk = await open_conversation(client, "/ws?token=s3cret-token-for-tests", lang="es")
    assert talk.session_id
    assert (await client.get("/health")).status in (200, 503)  # no token needed
    config = await (await client.get("/api/config")).json()
    assert config["auth_required"] is True


async def test_the_page_has_security_headers_and_a_strict_csp(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    page = await client.get("/")
    assert page.status == 200
    assert page.content_type == "text/html"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "media-src 'self' blob: data:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "livekit" not in csp  # only needed for remote avatars
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    remote = await aiohttp_client(make_app(avatar_settings(avatar="heygen"), probe_providers=False))
    remote_csp = (await remote.get("/")).headers["Content-Security-Policy"]
    assert "wss://*.livekit.cloud" in remote_csp


async def test_livekit_hosts_from_the_settings_are_allowed_by_the_pages_csp(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings(
        avatar="liveavatar", server_livekit_hosts="wss://rooms.example.com, *.lk.example.org"
    )
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    csp = dict(
        part.strip().split(" ", 1)
        for part in (await client.get("/")).headers["Content-Security-Policy"].split(";")
    )
    for source in ("wss://rooms.example.com", "wss://*.lk.example.org", "wss://*.livekit.cloud"):
        assert source in csp["connect-src"].split()
    assert "https://rooms.example.com" in csp["media-src"].split()
    with pytest.raises(SettingsError, match="SERVER_LIVEKIT_HOSTS"):
        avatar_settings(server_livekit_hosts="evil.example.com; script-src *")


async def test_the_front_end_files_are_served(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
    page = await (await client.get("/")).text()
    assert "<html" in page
    script = await client.get("/js/app.js")
    assert script.status == 200
    assert "javascript" in script.content_type
    assert (await client.get("/js/../../settings.py")).status == 404


async def test_sessions_over_the_limit_are_refused_with_a_clear_error(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    client = await aiohttp_client(
        make_app(avatar_settings(server_max_sessions=2), probe_providers=False)
    )
    first = await open_conversation(client, lang="es")
    second = await open_conversation(client, lang="en")
    third = Conversation(await client.ws_connect("/ws"))
    await third.send("session.start", lang="es")  # a slot is taken at session.start only
    error = await third.until("error")
    assert error["stage"] == "session"
    assert error["retryable"] is True
    assert "demasiadas conversaciones" in error["message"]
    assert await third.receive() is None
    assert third.ws.close_code == 1013
    await first.ws.close()
    await second.send("ping", t=1)
    assert (await second.until("pong"))["t"] == 1
    for _ in range(100):  # the server releases the slot once the session is closed
        health = await (await client.get("/health")).json()
        if health["sessions"]["active"] < 2:
            break
        await asyncio.sleep(0.02)
    fourth = await open_conversation(client, lang="es")  # a slot was freed
    assert fourth.session_id


async def test_health_and_config_report_state_without_any_secret(
    aiohttp_client: Any, avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    settings = avatar_settings(**{**SECRETS, "odoo_api_key": sandbox.api_key})
    client = await aiohttp_client(make_app(settings))
    health = await client.get("/health")
    body = await health.json()
    assert health.status == 200
    assert body["status"] == "ok"
    assert body["checks"]["stt"]["detail"] == "Spanish and English"  # Whisper, loaded
    assert body["checks"]["mcp"]["state"] == "ok"
    assert body["checks"]["odoo"]["state"] == "ok"
    for kind in ("brain", "stt", "tts", "avatar"):
        assert body["checks"][kind]["provider"] == "local"
    config = await (await client.get("/api/config")).json()
    assert set(config["providers"].values()) == {"local"}
    assert set(config["providers"]) == {"brain", "tts", "stt", "avatar"}
    assert config["languages"] == ["es", "en"]
    for lang in ("es", "en"):  # offline voice input in both languages
        assert config["voice_input_by_lang"][lang] == {"enabled": True, "reason": None}
    assert config["voice_input"] == config["voice_input_by_lang"]["es"]
    assert config["version"]
    everything = json.dumps(body) + json.dumps(config)
    for secret in [*SECRETS.values(), sandbox.api_key]:
        assert secret not in everything
    assert "token" not in json.dumps(config).replace("auth_required", "")


async def test_health_says_down_with_503_when_mcp_cannot_be_reached(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = avatar_settings(mcp_connection="http", mcp_url="http://127.0.0.1:9/mcp")
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    health = await client.get("/health")
    body = await health.json()
    assert health.status == 503
    assert body["status"] == "down"
    assert body["checks"]["mcp"]["state"] == "down"
    talk = await open_conversation(client, lang="es")  # the page still opens
    turn = await talk.ask("¿cómo va el pipeline?")
    assert turn.text  # the local brain says it cannot reach the tools
