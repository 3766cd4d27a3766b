"""JSON-RPC: `POST /jsonrpc` with Odoo's error envelope, plus `/web/webclient/version_info`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from daniel.sandbox import rpc
from daniel.sandbox.exceptions import serialize_exception
from daniel.sandbox.httputil import Handler, dump_json, html_error, json_body, json_response

if TYPE_CHECKING:
    from daniel.sandbox.database import Database


def _not_json(path: str) -> web.Response:
    return html_error(
        400,
        "Bad Request",
        f"Request inferred type is compatible with ['http'] but '{path}' is type='json'.",
    )


def jsonrpc(service: Any, method: Any, args: Any, **_ignored: Any) -> tuple[Any, Any, Any]:
    """Mirror Odoo's route signature so missing parameters fail the same way."""
    return service, method, args


def process(sandbox: Database, payload: Any) -> dict[str, Any]:
    """Run one JSON-RPC request (in the database thread) and build the response."""
    request_id = payload.get("id") if isinstance(payload, dict) else None
    try:
        params = payload.get("params") if isinstance(payload, dict) else None
        if not isinstance(params, dict):
            params = {}
        service, method, args = jsonrpc(**params)
        result = rpc.dispatch(sandbox, service, method, args)
    except Exception as exc:  # every error becomes Odoo's error envelope
        error = {"code": 200, "message": "Odoo Server Error", "data": serialize_exception(exc)}
        return {"jsonrpc": "2.0", "id": request_id, "error": error}
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def _decode(body: bytes) -> tuple[Any, str | None]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, "Invalid JSON data"
    if not isinstance(payload, dict):
        return None, "Invalid JSON-RPC data"
    return payload, None


def respond(sandbox: Database, body: bytes) -> tuple[bytes | None, str | None]:
    """Decode, run and encode one request (in the database thread)."""
    payload, error = _decode(body)
    if error is not None:
        return None, error
    return dump_json(process(sandbox, payload)), None


def make_handler(sandbox: Database) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.method != "POST" or request.content_type != "application/json":
            return _not_json(request.path)
        body = await request.read()
        answer, error = await sandbox.run(lambda: respond(sandbox, body))
        if answer is None:
            return html_error(400, "Bad Request", error or "Bad Request")
        return json_body(answer)

    return handle


def make_version_handler() -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.method != "POST" or request.content_type != "application/json":
            return _not_json(request.path)
        payload, error = _decode(await request.read())
        if error is not None:
            return html_error(400, "Bad Request", error)
        request_id = payload.get("id")
        return json_response({"jsonrpc": "2.0", "id": request_id, "result": rpc.version_info()})

    return handle
