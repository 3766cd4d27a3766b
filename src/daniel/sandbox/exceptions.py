"""Odoo's exceptions and how each transport shapes them.

The classes carry Odoo's fully qualified names (`odoo.exceptions.AccessError`...) so a
traceback's last line and JSON-RPC's `data.name` read exactly as real Odoo's. Anything
else raised while serving a call (ValueError, TypeError, KeyError...) is an "application
error": XML-RPC faultCode 1 with the traceback, as Odoo does.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any


class UserError(Exception):
    """Generic error meant for the user (XML-RPC faultCode 2, JSON-2 HTTP 422)."""

    http_status = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ValidationError(UserError):
    """A value or constraint was refused."""


class MissingError(UserError):
    """The record does not exist (any more)."""

    http_status = HTTPStatus.NOT_FOUND


class AccessError(UserError):
    """Access rights, record rules or a private method (faultCode 4)."""

    http_status = HTTPStatus.FORBIDDEN


class AccessDenied(UserError):
    """Wrong login, password or API key (faultCode 3)."""

    http_status = HTTPStatus.FORBIDDEN

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class OperationalError(Exception):
    """Stands for the database driver's error about an unknown database."""


class HttpError(Exception):
    """A werkzeug-style HTTP error of the JSON-2 API (401, 404, 405, 422...)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


for _cls in (UserError, ValidationError, MissingError, AccessError, AccessDenied):
    _cls.__module__ = "odoo.exceptions"
OperationalError.__module__ = "psycopg2"
HttpError.__module__ = "werkzeug.exceptions"

RPC_FAULT_CODE_APPLICATION_ERROR = 1
RPC_FAULT_CODE_WARNING = 2
RPC_FAULT_CODE_ACCESS_DENIED = 3
RPC_FAULT_CODE_ACCESS_ERROR = 4

HTTP_ERROR_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    415: "UnsupportedMediaType",
    422: "UnprocessableEntity",
}


def qualified_name(exc: BaseException) -> str:
    if isinstance(exc, HttpError):
        return f"werkzeug.exceptions.{HTTP_ERROR_NAMES.get(exc.status, 'HTTPException')}"
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def message_of(exc: BaseException) -> str:
    """What Odoo puts in `data.message`: the first argument when there is exactly one."""
    if len(exc.args) == 1:
        return str(exc.args[0])
    return str(exc)


def format_traceback(exc: BaseException) -> str:
    """The traceback with this machine's paths cut to `<sandbox>/daniel/...`."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith('  File "'):
            path_start = len('  File "')
            path_end = line.find('"', path_start)
            path = line[path_start:path_end]
            cut = path.rfind("/daniel/")
            shown = "<sandbox>" + path[cut:] if cut >= 0 else "<python>/" + path.rsplit("/", 1)[-1]
            line = line[:path_start] + shown + line[path_end:]
        lines.append(line)
    return "".join(lines)


@dataclass(frozen=True)
class FaultInfo:
    code: int
    name: str
    message: str
    debug: str

    def xmlrpc_string(self) -> str:
        return self.debug if self.code == RPC_FAULT_CODE_APPLICATION_ERROR else self.message


def fault_info(exc: BaseException) -> FaultInfo:
    """Odoo's `xmlrpc_handle_exception_int` mapping."""
    if isinstance(exc, AccessError):
        code = RPC_FAULT_CODE_ACCESS_ERROR
    elif isinstance(exc, AccessDenied):
        code = RPC_FAULT_CODE_ACCESS_DENIED
    elif isinstance(exc, UserError):
        code = RPC_FAULT_CODE_WARNING
    else:
        code = RPC_FAULT_CODE_APPLICATION_ERROR
    return FaultInfo(code, qualified_name(exc), message_of(exc), format_traceback(exc))


def legacy_fault(exc: BaseException) -> tuple[str, str]:
    """Odoo's `xmlrpc_handle_exception_string` (the old `/xmlrpc/<service>` routes)."""
    if isinstance(exc, MissingError):
        return "warning -- MissingError\n\n" + str(exc), ""
    if isinstance(exc, AccessError):
        return "warning -- AccessError\n\n" + str(exc), ""
    if isinstance(exc, AccessDenied):
        return "AccessDenied", str(exc)
    if isinstance(exc, UserError):
        return "warning -- UserError\n\n" + str(exc), ""
    return str(exc), format_traceback(exc)


def serialize_exception(
    exc: BaseException, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """JSON-RPC `error.data` / JSON-2 error body, in Odoo's key order."""
    args: list[Any] = [message_of(exc)] if len(exc.args) == 1 else [str(a) for a in exc.args]
    if isinstance(exc, HttpError):
        args = [exc.description, exc.status]
    return {
        "name": qualified_name(exc),
        "debug": format_traceback(exc),
        "message": message_of(exc),
        "arguments": args,
        "context": context or {},
    }


# --- messages shaped like Odoo's ------------------------------------------------------


def missing_error(model: str, ids: list[int], uid: int) -> MissingError:
    shown = ", ".join(str(i) for i in ids[:6])
    if len(ids) == 1:
        shown += ","
    label = "Record" if len(ids) == 1 else "Records"
    return MissingError(
        f"Record does not exist or has been deleted.\n({label}: {model}({shown}), User: {uid})"
    )


def private_method_error(method: str) -> AccessError:
    return AccessError(f"Private methods (such as {method}) cannot be called remotely.")


def unknown_method_error(model: str, method: str) -> AttributeError:
    return AttributeError(f"The method '{method}' does not exist on the model '{model}'")
