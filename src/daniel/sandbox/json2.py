"""Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with a bearer API key.

Named arguments in a JSON object body (`ids`, `context`, then the method's parameters);
the result as plain JSON. Errors are JSON objects (`name`, `message`, `arguments`,
`context`, `debug`) with the status Odoo 19 gives them: 400 malformed body, 401 missing or
invalid key, 403 AccessError, 404 unknown model/method/record, 405 not POST, 422 wrong
arguments or UserError/ValidationError, 500 anything else.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from aiohttp import web

from daniel.sandbox import rpc
from daniel.sandbox.exceptions import HttpError, UserError, serialize_exception
from daniel.sandbox.httputil import Handler, dump_json, json_body

if TYPE_CHECKING:
    from daniel.sandbox.database import Database

log = logging.getLogger("daniel.sandbox.json2")

_BEARER = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE)


Answer = tuple[int, bytes, dict[str, str] | None]


def _error(exc: BaseException) -> Answer:
    if isinstance(exc, HttpError):
        status = exc.status
    elif isinstance(exc, UserError):
        status = int(exc.http_status)
    else:
        status = 500
        log.debug("JSON-2 internal error: %s", exc)
    headers = {"WWW-Authenticate": 'Bearer realm="sandbox"'} if status == 401 else None
    return status, dump_json(serialize_exception(exc)), headers


def respond(sandbox: Database, model: str, method: str, token: str | None, body: bytes) -> Answer:
    """One JSON-2 call, encoded (in the database thread)."""
    try:
        return 200, dump_json(process(sandbox, model, method, token, body)), None
    except Exception as exc:  # every error becomes an Odoo 19 JSON error body
        return _error(exc)


def _answer(answer: Answer) -> web.Response:
    status, body, headers = answer
    return json_body(body, status, headers)


def process(sandbox: Database, model: str, method: str, token: str | None, body: bytes) -> Any:
    """Authenticate and run one call (in the database thread); raises on error."""
    if token is None:
        raise HttpError(401, 'User not authenticated, use the "Authorization" header')
    uid = sandbox.uid_for_api_key(token)
    if uid is None:
        raise HttpError(401, "Invalid apikey")
    params: Any = {}
    if body:
        try:
            params = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise HttpError(400, f"could not parse the body as json: {exc}") from None
        if not isinstance(params, dict):
            raise HttpError(400, "could not parse the body, expecting a json object")
    ids = params.pop("ids", ())
    context = params.pop("context", {})
    if isinstance(ids, int) and not isinstance(ids, bool):
        ids = [ids]
    if not isinstance(ids, (list, tuple)):
        raise HttpError(422, "ids must be a list of record ids")
    return rpc.call_json2(sandbox, uid, model, method, list(ids), context, params)


def make_handler(sandbox: Database) -> Handler:
    from daniel.sandbox.database import DB_NAME

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.method != "POST":
            exc = HttpError(405, "The method is not allowed for the requested URL.")
            return _answer(_error(exc))
        database = request.headers.get("X-Odoo-Database")
        if database is not None and database != DB_NAME:
            return _answer(_error(HttpError(404, f"database {database!r} not found")))
        body = await request.read()
        if body and request.content_type != "application/json":
            exc = HttpError(415, "expected a body of type application/json")
            return _answer(_error(exc))
        header = request.headers.get("Authorization", "")
        match = _BEARER.match(header.strip())
        token = match.group(1).strip() if match else None
        model, method = request.match_info["model"], request.match_info["method"]
        return _answer(await sandbox.run(lambda: respond(sandbox, model, method, token, body)))

    return handle


def make_fallback_handler() -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        return _answer(_error(HttpError(404, "Did you mean POST /json/2/<model>/<method>?")))

    return handle
