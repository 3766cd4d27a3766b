"""At the default level the log says what Daniel does, not every HTTP request a library
makes: the LLM and speech clients (openai, over httpx2) would otherwise log a line per
request at INFO, with its URL."""

from __future__ import annotations

import io
import logging
from typing import Any

import httpx2
from aiohttp import web

from daniel.logs import setup_logging


async def test_http_client_libraries_log_no_line_per_request_at_info(
    aiohttp_server: Any,
) -> None:
    async def models(_request: web.Request) -> web.Response:
        return web.json_response({"data": []})

    app = web.Application()
    app.router.add_get("/v1/models", models)
    server = await aiohttp_server(app)
    out = io.StringIO()
    setup_logging("INFO", "text", stream=out)
    try:
        async with httpx2.AsyncClient() as client:
            answer = await client.get(str(server.make_url("/v1/models")))
        assert answer.status_code == 200
        logging.getLogger("daniel.test").info("asked for the models")
    finally:
        logging.getLogger().handlers.clear()
    assert "asked for the models" in out.getvalue()
    assert "HTTP Request" not in out.getvalue()
    assert "/v1/models" not in out.getvalue()
