"""JSON-RPC: `POST /jsonrpc` with a {service, method, args} envelope (Odoo 8 to 21)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from daniel.odoo.channel import HttpChannel
from daniel.odoo.errors import OdooProtocolError
from daniel.odoo.faults import from_json_error
from daniel.odoo.transports.base import (
    JSON_CONTENT_TYPE,
    Transport,
    decode_json,
    encode_json,
    normalize_version,
    uid_or_none,
)

PATH = "/jsonrpc"
_HEADERS = {"Content-Type": JSON_CONTENT_TYPE, "Accept": "application/json"}
_ids = itertools.count(1)


async def call_service(channel: HttpChannel, service: str, method: str, args: list[Any]) -> Any:
    """One JSON-RPC call; Odoo errors are raised as typed `OdooServerError`s."""
    envelope = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": args},
        "id": next(_ids),
    }
    answer = await channel.request("POST", PATH, body=encode_json(envelope), headers=_HEADERS)
    channel.check_status(answer, PATH)
    reply = decode_json(answer, channel, PATH)
    if not isinstance(reply, Mapping):
        raise OdooProtocolError(
            f"Odoo at {channel.display_url} sent a JSON-RPC answer that is not an object"
        )
    if "error" in reply:
        error = reply["error"]
        raise from_json_error(error if isinstance(error, Mapping) else {"message": str(error)})
    if "result" not in reply:
        raise OdooProtocolError(
            f"Odoo at {channel.display_url} sent a JSON-RPC answer without result or error"
        )
    return reply["result"]


class JsonRpcTransport(Transport):
    name = "jsonrpc"

    async def version(self) -> dict[str, Any]:
        return normalize_version(await call_service(self.channel, "common", "version", []))

    async def authenticate(self) -> int | None:
        uid = await call_service(
            self.channel, "common", "authenticate", [self.db, self.login, self._secret, {}]
        )
        return uid_or_none(uid, self.channel)

    async def execute_kw(
        self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        params: list[Any] = [self.db, uid, self._secret, model, method, args]
        if kwargs:
            params.append(kwargs)
        return await call_service(self.channel, "object", "execute_kw", params)
