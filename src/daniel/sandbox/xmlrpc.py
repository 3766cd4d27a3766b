"""XML-RPC: `/xmlrpc/2/<service>` (integer faultCodes) and the legacy `/xmlrpc/<service>`
(string faultCodes), with the standard library's marshaller as Odoo uses it."""

from __future__ import annotations

import logging
import xmlrpc.client
from typing import TYPE_CHECKING

from aiohttp import web

from daniel.sandbox import rpc
from daniel.sandbox.exceptions import fault_info, legacy_fault
from daniel.sandbox.httputil import Handler, html_error

if TYPE_CHECKING:
    from daniel.sandbox.database import Database

log = logging.getLogger("daniel.sandbox.xmlrpc")

XML_CONTENT_TYPE = "text/xml"


def process(sandbox: Database, service: str, body: bytes, legacy: bool) -> bytes:
    """Decode, dispatch and encode one call (in the database thread)."""
    try:
        params, method = xmlrpc.client.loads(body, use_datetime=True)
        result = rpc.dispatch(sandbox, service, method, list(params))
        return xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False).encode()
    except Exception as exc:  # every error becomes a fault, as in Odoo
        if legacy:
            code, text = legacy_fault(exc)
            fault = xmlrpc.client.Fault(code, text)  # type: ignore[arg-type]
        else:
            info = fault_info(exc)
            if info.code == 1:
                log.debug("XML-RPC %s fault: %s", service, info.message)
            fault = xmlrpc.client.Fault(info.code, info.xmlrpc_string())
        return xmlrpc.client.dumps(fault, allow_none=False).encode()


def make_handler(sandbox: Database, legacy: bool) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.method != "POST":
            return html_error(
                405, "Method Not Allowed", "The method is not allowed for the requested URL."
            )
        service = request.match_info["service"]
        body = await request.read()
        payload = await sandbox.run(lambda: process(sandbox, service, body, legacy))
        return web.Response(body=payload, content_type=XML_CONTENT_TYPE, charset="utf-8")

    return handle
