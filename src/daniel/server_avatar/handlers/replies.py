"""Short JSON replies of the HTTP endpoints (login, dashboard) in the person's language.

Each endpoint module keeps its own sentences (`Texts`: key → {"es", "en"}); the language
is the one asked for, else the browser's, else the server's `DANIEL_LANG`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from daniel.server_avatar.app_state import STATE

Texts = dict[str, dict[str, str]]


def request_lang(request: web.Request, given: Any = None) -> str:
    """`given` if it is "es" or "en", else the browser's language, else the server's."""
    if given in ("es", "en"):
        return str(given)
    accept = request.headers.get("Accept-Language", "").lower()
    return "en" if accept.startswith("en") else request.app[STATE].settings.daniel_lang


def say(texts: Texts, key: str, lang: str, /, **values: Any) -> str:
    """`values` fill the sentence's `{placeholders}` (positional-only above: a
    placeholder may be called `key`)."""
    text = texts[key]["en" if lang == "en" else "es"]
    return text.format(**values) if values else text


def error(texts: Texts, status: int, key: str, lang: str, /, **values: Any) -> web.Response:
    return web.json_response({"error": say(texts, key, lang, **values)}, status=status)
