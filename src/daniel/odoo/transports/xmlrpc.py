"""XML-RPC: `POST /xmlrpc/2/common` and `/xmlrpc/2/object` (Odoo 8 to 21).

Marshalling is the standard library's (`xmlrpc.client` Marshaller with `allow_none`, taught to
send dates and bytes as the strings Odoo reads; `loads` for answers); only the HTTP part is
ours, over the client's pooled HTTP connection. Odoo answers faults with
HTTP 200 and a `<fault>`; they become typed errors through `faults.from_xmlrpc_fault`.
"""

from __future__ import annotations

import datetime as dt
import xmlrpc.client
from collections.abc import Callable
from typing import Any
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

from daniel.odoo.channel import HttpChannel
from daniel.odoo.errors import OdooProtocolError, OdooRequestError
from daniel.odoo.faults import from_xmlrpc_fault
from daniel.odoo.transports.base import Transport, normalize_version, odoo_text, uid_or_none

_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"}


def _dump_as_text(
    marshaller: xmlrpc.client.Marshaller, value: Any, write: Callable[[str], Any]
) -> None:
    marshaller.dump_unicode(odoo_text(value), write)


def _dump_as_list(
    marshaller: xmlrpc.client.Marshaller, value: Any, write: Callable[[str], Any]
) -> None:
    marshaller.dump_array(list(value), write)


#: The standard marshaller's table, plus dates, bytes and sets in the form Odoo reads.
_DISPATCH: dict[Any, Any] = {
    **xmlrpc.client.Marshaller.dispatch,
    dt.date: _dump_as_text,
    dt.datetime: _dump_as_text,
    bytes: _dump_as_text,
    bytearray: _dump_as_text,
    set: _dump_as_list,
    frozenset: _dump_as_list,
}


def dumps_call(method: str, params: tuple[Any, ...]) -> bytes:
    """The XML of a method call (`xmlrpc.client.dumps` with `allow_none`)."""
    try:
        marshaller = xmlrpc.client.Marshaller("utf-8", allow_none=True)
        marshaller.dispatch = _DISPATCH
        data = marshaller.dumps(params)
    except (TypeError, OverflowError) as exc:
        raise OdooRequestError(f"cannot send this value over XML-RPC: {exc}") from None
    return (
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>"
        f"{escape(method)}</methodName>\n{data}</methodCall>\n"
    ).encode()


async def call_service(channel: HttpChannel, service: str, method: str, *params: Any) -> Any:
    """One XML-RPC call; faults are raised as typed `OdooServerError`s."""
    path = f"/xmlrpc/2/{service}"
    answer = await channel.request("POST", path, body=dumps_call(method, params), headers=_HEADERS)
    channel.check_status(answer, path)
    try:
        result, _ = xmlrpc.client.loads(answer.body, use_builtin_types=True)
    except xmlrpc.client.Fault as fault:
        raise from_xmlrpc_fault(fault.faultCode, fault.faultString) from None
    except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError) as exc:
        raise OdooProtocolError(
            f"Odoo at {channel.display_url} sent an answer to {path} that is not XML-RPC",
            debug=answer.body[:2000].decode("utf-8", "replace"),
        ) from exc
    if len(result) != 1:
        raise OdooProtocolError(
            f"Odoo at {channel.display_url} sent an XML-RPC answer with {len(result)} values"
        )
    return result[0]


class XmlRpcTransport(Transport):
    name = "xmlrpc"

    async def version(self) -> dict[str, Any]:
        return normalize_version(await call_service(self.channel, "common", "version"))

    async def authenticate(self) -> int | None:
        uid = await call_service(
            self.channel, "common", "authenticate", self.db, self.login, self._secret, {}
        )
        return uid_or_none(uid, self.channel)

    async def execute_kw(
        self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        if kwargs:
            return await call_service(
                self.channel,
                "object",
                "execute_kw",
                self.db,
                uid,
                self._secret,
                model,
                method,
                args,
                kwargs,
            )
        return await call_service(
            self.channel, "object", "execute_kw", self.db, uid, self._secret, model, method, args
        )
