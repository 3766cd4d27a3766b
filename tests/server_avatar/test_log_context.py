"""Every log line of a conversation names its session and request, in JSON off a terminal."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.logs import REQUEST_ID_HEADER, setup_logging


async def test_log_lines_carry_the_session_and_request_ids(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    out = io.StringIO()
    setup_logging("DEBUG", "json", stream=out)
    try:
        client = await aiohttp_client(make_app(avatar_settings(), probe_providers=False))
        page = await client.get("/api/config", headers={REQUEST_ID_HEADER: "support-ticket-42"})
        assert page.headers[REQUEST_ID_HEADER] == "support-ticket-42"
        fresh = await client.get("/api/config")
        assert len(fresh.headers[REQUEST_ID_HEADER]) == 16
        talk = await open_conversation(client, "/ws", lang="es")
        session_id = talk.session_id
        await talk.ws.close()
    finally:
        logging.getLogger().handlers.clear()
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert lines, "nothing was logged"
    session_lines = [line for line in lines if line["session_id"] == session_id]
    assert session_lines, lines
    for line in session_lines:
        assert line["request_id"] not in ("", "-"), line
    hostile = await client.get("/api/config", headers={REQUEST_ID_HEADER: "x\u00e9; drop"})
    assert hostile.headers[REQUEST_ID_HEADER] != "x\u00e9; drop"
