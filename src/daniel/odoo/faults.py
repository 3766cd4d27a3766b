"""Turn Odoo faults, whatever the transport, into the typed errors of `errors.py`.

Three shapes reach us:

- XML-RPC faults: `faultCode` 1 (any other exception, `faultString` is the traceback),
  2 (UserError family, the message), 3 (AccessDenied), 4 (AccessError, the message).
  The legacy `/xmlrpc/` endpoint uses string codes instead ("AccessDenied",
  "warning -- MissingError\\n\\nmessage", or the message itself with the traceback as string).
- JSON-RPC errors: `error.data` = {name: "odoo.exceptions.AccessError", message, arguments,
  debug: traceback, context}.
- JSON-2 errors: an HTTP 4xx/5xx status with the same object as the body (Odoo 19), or a
  bare JSON string message on some builds.

`message` is always a short text safe to show a user; tracebacks only go to `debug`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from daniel.odoo.errors import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooMissingError,
    OdooServerError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooUserError,
    OdooValidationError,
)

MAX_MESSAGE = 1000

_TRACEBACK_HEAD = "Traceback (most recent call last):"
_FRAME = re.compile(r'^\s+File "')
_CLASS_PREFIX = re.compile(r"^([A-Za-z_][\w.]*)(?::\s?(.*))?$")
_UNKNOWN_MODEL = re.compile(r"^Object \S+ doesn't exist")
_MISSING_RECORD = "Record does not exist or has been deleted"
_INVALID_FIELD = re.compile(r"^Invalid field\b")
_WRONG_VALUE = re.compile(r"^Wrong value for\b")
_VALIDATION_HINT = "The operation cannot be completed"
_PG_FATAL = re.compile(r"FATAL:\s+(.*)$")

_BY_NAME: dict[str, type[OdooServerError]] = {
    "odoo.exceptions.AccessDenied": OdooAuthenticationError,
    "odoo.http.SessionExpiredException": OdooAuthenticationError,
    "werkzeug.exceptions.Unauthorized": OdooAuthenticationError,
    "odoo.exceptions.AccessError": OdooAccessError,
    "werkzeug.exceptions.Forbidden": OdooAccessError,
    "odoo.exceptions.MissingError": OdooMissingError,
    "odoo.exceptions.ValidationError": OdooValidationError,
    "odoo.exceptions.UserError": OdooUserError,
    "odoo.exceptions.RedirectWarning": OdooUserError,
    "odoo.exceptions.CacheMiss": OdooServerError,
}

#: Titles of the legacy `/xmlrpc/` "warning -- <Title>" fault codes.
_LEGACY_TITLES: dict[str, type[OdooServerError]] = {
    "UserError": OdooUserError,
    "ValidationError": OdooValidationError,
    "MissingError": OdooMissingError,
    "AccessError": OdooAccessError,
    "AccessDenied": OdooAuthenticationError,
    "Warning": OdooUserError,
}

#: JSON-2 status codes when the body names no exception.
_BY_STATUS: dict[int, type[OdooServerError]] = {
    401: OdooAuthenticationError,
    403: OdooAccessError,
    404: OdooServerError,
    422: OdooUserError,
}


def _shorten(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_MESSAGE:
        return text[: MAX_MESSAGE - 1].rstrip() + "…"
    return text


def _full_name(name: str | None) -> str | None:
    """`ValueError` → `builtins.ValueError`; dotted names are kept."""
    if not name:
        return None
    return name if "." in name else f"builtins.{name}"


def summarize_traceback(text: str) -> tuple[str | None, str]:
    """The exception class and the human message of a Python traceback.

    Text that is not a traceback is returned as the message, with no class. For chained
    exceptions the last one wins. Only the first line of the exception text is kept
    (database errors continue with SQL excerpts), without its `Class: ` prefix.
    """
    stripped = text.strip()
    if not stripped.startswith(_TRACEBACK_HEAD):
        return None, stripped
    lines = stripped.splitlines()
    last_frame = max((i for i, line in enumerate(lines) if _FRAME.match(line)), default=0)
    start = last_frame + 1
    while start < len(lines) and (not lines[start].strip() or lines[start][:1].isspace()):
        start += 1
    if start >= len(lines):
        return None, lines[-1].strip()
    first = lines[start].strip()
    match = _CLASS_PREFIX.match(first)
    if match is None:
        return None, first
    exception_class, message = match.group(1), (match.group(2) or "").strip()
    if not message:
        message = exception_class
    return exception_class, message


def _polish(name: str | None, message: str) -> str:
    """Make known technical messages readable (database connection failures)."""
    if name and name.startswith("psycopg2") and (fatal := _PG_FATAL.search(message)):
        return fatal.group(1).strip()
    return message


def classify(name: str | None, message: str) -> type[OdooServerError]:
    """The error class for a fully qualified Odoo/Python exception name and its message."""
    full = _full_name(name)
    if full == "werkzeug.exceptions.NotFound" and "model" in message and "exist" in message:
        return OdooUnknownModelError
    if full == "odoo.exceptions.UserError" and _UNKNOWN_MODEL.match(message):
        return OdooUnknownModelError
    if full in _BY_NAME:
        return _BY_NAME[full]
    if full in {"builtins.ValueError", "builtins.KeyError"} and _INVALID_FIELD.match(message):
        return OdooUnknownFieldError
    if full == "builtins.ValueError" and _WRONG_VALUE.match(message):
        return OdooValidationError
    if full and full.startswith("odoo.exceptions."):
        return OdooUserError
    return OdooServerError


def _classify_user_message(message: str) -> type[OdooServerError]:
    """XML-RPC code 2 carries no class name: tell the UserError family apart by message."""
    if _UNKNOWN_MODEL.match(message):
        return OdooUnknownModelError
    if message.startswith(_MISSING_RECORD):
        return OdooMissingError
    if message.startswith(_VALIDATION_HINT):
        return OdooValidationError
    return OdooUserError


def from_xmlrpc_fault(code: int | str, fault_string: str) -> OdooServerError:
    """The error for an XML-RPC fault (`/xmlrpc/2/*`, or the legacy `/xmlrpc/*`)."""
    text = fault_string or ""
    if isinstance(code, str) and not code.isdigit():
        return _from_legacy_fault(code, text)
    number = int(code)
    if number == 3:
        return OdooAuthenticationError(
            _shorten(text) or "Access Denied", code=3, exception_name="odoo.exceptions.AccessDenied"
        )
    if number == 4:
        return OdooAccessError(_shorten(text), code=4, exception_name="odoo.exceptions.AccessError")
    if number == 2:
        message = _shorten(text)
        cls = _classify_user_message(message)
        return cls(message, code=2, exception_name=None)
    name, message = summarize_traceback(text)
    message = _polish(name, message)
    debug = text if text.strip().startswith(_TRACEBACK_HEAD) else None
    cls = classify(name, message)
    return cls(
        _shorten(message) or "Odoo server error",
        debug=debug,
        code=number,
        exception_name=_full_name(name),
    )


def _from_legacy_fault(code: str, text: str) -> OdooServerError:
    if code == "AccessDenied":
        return OdooAuthenticationError(
            _shorten(text) or "Access Denied", code=3, exception_name="odoo.exceptions.AccessDenied"
        )
    if code.startswith("warning -- "):
        title, _, message = code[len("warning -- ") :].partition("\n")
        cls = _LEGACY_TITLES.get(title.strip(), OdooUserError)
        message = message.strip() or title.strip()
        if cls is OdooUserError:
            cls = _classify_user_message(message)
        return cls(_shorten(message), code=None, exception_name=f"odoo.exceptions.{title.strip()}")
    # Any other exception: the code is the message, the string the traceback.
    name, traced = summarize_traceback(text)
    message = _polish(name, traced if name else code)
    cls = classify(name, message)
    return cls(
        _shorten(message),
        debug=text or None,
        code=None,
        exception_name=_full_name(name),
    )


def from_json_error(error: Mapping[str, Any]) -> OdooServerError:
    """The error for a JSON-RPC `error` member ({code, message, data: {name, message...}})."""
    data = error.get("data")
    if not isinstance(data, Mapping):
        return OdooServerError(_shorten(str(error.get("message") or "Odoo server error")))
    return from_exception_object(data)


def from_exception_object(
    data: Mapping[str, Any], *, http_status: int | None = None
) -> OdooServerError:
    """The error for Odoo's serialized exception {name, message, arguments, debug}."""
    name = data.get("name") if isinstance(data.get("name"), str) else None
    debug = data.get("debug") if isinstance(data.get("debug"), str) else None
    message = _message_of(data)
    if not message and debug:
        traced_name, message = summarize_traceback(debug)
        name = name or traced_name
    message = _polish(name, message)
    cls = classify(name, message)
    if cls is OdooServerError and name is None and http_status in _BY_STATUS:
        cls = _BY_STATUS[http_status]
    return cls(
        _shorten(message) or "Odoo server error",
        debug=debug,
        code=http_status,
        exception_name=_full_name(name),
    )


def _message_of(data: Mapping[str, Any]) -> str:
    message = data.get("message")
    if isinstance(message, str) and message.strip():
        _, text = summarize_traceback(message)
        return text
    arguments = data.get("arguments")
    if isinstance(arguments, list) and arguments and isinstance(arguments[0], str):
        return arguments[0].strip()
    return ""


def from_json2_error(status: int, body: Any) -> OdooServerError:
    """The error for a JSON-2 answer with status >= 400 and a JSON body."""
    if isinstance(body, Mapping):
        return from_exception_object(body, http_status=status)
    message = body if isinstance(body, str) else ""
    _, message = summarize_traceback(message)
    cls = _BY_STATUS.get(status, OdooServerError)
    if status == 404 and "model" in message and "exist" in message:
        cls = OdooUnknownModelError
    return cls(_shorten(message) or f"Odoo answered HTTP {status}", code=status)
