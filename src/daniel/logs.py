"""Logging for every Daniel process, configured once at start-up.

- One line per event: coloured text on a terminal, JSON lines otherwise.
- `session_id` and `request_id` context variables are stamped on every record.
- `RedactingFilter` masks configured secret values and anything that looks like a
  credential, whatever the call site, so secrets are redacted by a filter, not by discipline.
- Output goes to stderr: on the MCP stdio transport stdout carries protocol only.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, TextIO

session_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("session_id", default="-")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REDACTED = "[redacted]"

REQUEST_ID_HEADER = "X-Request-ID"
_CLEAN_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a short safe token, otherwise a new one."""
    if header and _CLEAN_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex[:16]


AsgiScope = MutableMapping[str, Any]
AsgiReceive = Callable[[], Awaitable[MutableMapping[str, Any]]]
AsgiSend = Callable[[MutableMapping[str, Any]], Awaitable[None]]
AsgiApp = Callable[[AsgiScope, AsgiReceive, AsgiSend], Awaitable[None]]


class RequestIdMiddleware:
    """ASGI middleware: every log line of an HTTP request carries its request id, and
    the response says it in `X-Request-ID` (so a user's report can be found in the logs)."""

    def __init__(self, app: AsgiApp) -> None:
        self.app = app

    async def __call__(self, scope: AsgiScope, receive: AsgiReceive, send: AsgiSend) -> None:
        if scope.get("type") not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER.lower().encode())
        rid = request_id_from(given.decode("latin-1") if given else None)
        token = request_id_var.set(rid)

        async def send_with_id(message: MutableMapping[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                headers = list(message.get("headers") or [])
                headers.append((REQUEST_ID_HEADER.lower().encode(), rid.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


# key=value / "key": "value" pairs whose key names a credential.
_CREDENTIAL_PAIR = re.compile(
    r"(?i)(\b[\w-]*(?:password|passwd|secret|token|api[_-]?key|authorization|xi-api-key)"
    r"[\w-]*\b[\"']?\s*[:=]\s*[\"']?)(bearer\s+)?([^\s\"',;}&]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer\s+)([A-Za-z0-9._~+/=-]{6,})")

_EMOJI = {
    "DEBUG": "🔍",
    "INFO": "✅",
    "WARNING": "⚠️ ",
    "ERROR": "❌",
    "CRITICAL": "🔥",
}
_COLOR = {
    "DEBUG": "\x1b[2m",
    "INFO": "\x1b[36m",
    "WARNING": "\x1b[33m",
    "ERROR": "\x1b[31m",
    "CRITICAL": "\x1b[1;31m",
}
_RESET = "\x1b[0m"


class RedactingFilter(logging.Filter):
    """Masks secrets in the final message and arguments of every record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        for value in secrets:
            if value and len(value) >= 4 and value not in self._secrets:
                self._secrets.append(value)
        self._secrets.sort(key=len, reverse=True)

    def redact(self, text: str) -> str:
        for value in self._secrets:
            if value in text:
                text = text.replace(value, REDACTED)
        text = _CREDENTIAL_PAIR.sub(lambda m: m.group(1) + (m.group(2) or "") + REDACTED, text)
        return _BEARER.sub(lambda m: m.group(1) + REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.session_id = session_id_var.get()
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "session_id": getattr(record, "session_id", "-"),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_text:
            payload["exc"] = record.exc_text
        return json.dumps(payload, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self, color: bool) -> None:
        super().__init__()
        self._color = color

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        session = getattr(record, "session_id", "-")
        where = f" [{session}]" if session != "-" else ""
        line = (
            f"{stamp} {_EMOJI.get(record.levelname, '')} {record.name}{where}: "
            f"{record.getMessage()}"
        )
        if record.exc_text:
            line += "\n" + record.exc_text
        if self._color:
            return f"{_COLOR.get(record.levelname, '')}{line}{_RESET}"
        return line


_filter = RedactingFilter()


def redaction_filter() -> RedactingFilter:
    """The process-wide filter (secrets can be added after start-up)."""
    return _filter


def setup_logging(
    level: str = "INFO",
    fmt: str = "auto",
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Configure the root logger once: one handler on stderr with redaction."""
    out = stream or sys.stderr
    _filter.add_secrets(secrets)
    use_json = fmt == "json" or (fmt == "auto" and not out.isatty())
    handler = logging.StreamHandler(out)
    handler.addFilter(_filter)
    handler.setFormatter(JsonFormatter() if use_json else TextFormatter(color=out.isatty()))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("aiohttp.access", "httpx2", "httpcore2", "mcp.server.lowlevel.server"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
