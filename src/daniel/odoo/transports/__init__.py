"""Odoo's three external APIs, one small module each, behind the `Transport` interface."""

from __future__ import annotations

from typing import Any

from daniel.odoo.channel import HttpChannel
from daniel.odoo.errors import OdooProtocolError
from daniel.odoo.transports import jsonrpc
from daniel.odoo.transports.base import Transport, decode_json, normalize_version
from daniel.odoo.transports.json2 import Json2Transport
from daniel.odoo.transports.jsonrpc import JsonRpcTransport
from daniel.odoo.transports.xmlrpc import XmlRpcTransport

TRANSPORTS: dict[str, type[Transport]] = {
    "xmlrpc": XmlRpcTransport,
    "jsonrpc": JsonRpcTransport,
    "json2": Json2Transport,
}


async def probe_version(channel: HttpChannel) -> dict[str, Any]:
    """The version in one request on Odoo 8-21 (`/jsonrpc`), or from `/web/version` after."""
    try:
        return normalize_version(await jsonrpc.call_service(channel, "common", "version", []))
    except OdooProtocolError as exc:
        if exc.code != 404:
            raise
    answer = await channel.request("GET", "/web/version", headers={"Accept": "application/json"})
    channel.check_status(answer, "/web/version")
    return normalize_version(decode_json(answer, channel, "/web/version"))


__all__ = [
    "TRANSPORTS",
    "Json2Transport",
    "JsonRpcTransport",
    "Transport",
    "XmlRpcTransport",
    "probe_version",
]
