"""Small HTTP helpers shared by the sandbox's routes."""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def html_error(status: int, title: str, message: str) -> web.Response:
    """A werkzeug-style HTML error page (what Odoo answers outside its JSON APIs)."""
    text = (
        f"<!doctype html>\n<html lang=en>\n<title>{status} {html.escape(title)}</title>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>\n"
    )
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


def dump_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def json_body(
    body: bytes, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        status=status, body=body, content_type="application/json", charset="utf-8", headers=headers
    )


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A small JSON answer built on the event loop (big ones are encoded in the db thread)."""
    return json_body(dump_json(payload), status, headers)
