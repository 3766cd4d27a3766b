"""JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>` with an API key as bearer token.

The body is a JSON object of *named* arguments plus `ids` (the records a method runs on)
and `context`; the answer is the method's JSON result (recordsets become id lists), or an
HTTP 4xx/5xx with Odoo's serialized exception {name, message, arguments, debug}.
The version comes from `GET /web/version`; the uid from `res.users/context_get`.

Positional arguments are named from the signatures of the ORM methods the client uses;
for any other method the first positional argument is taken as the record ids and the
rest must be given by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from daniel.odoo.errors import (
    OdooAuthenticationError,
    OdooProtocolError,
    OdooRequestError,
)
from daniel.odoo.faults import from_json2_error
from daniel.odoo.transports import jsonrpc
from daniel.odoo.transports.base import (
    JSON_CONTENT_TYPE,
    Transport,
    decode_json,
    encode_json,
    normalize_version,
    uid_or_none,
)

IDS = "ids"
_ACCEPT_JSON = {"Accept": "application/json"}

#: Parameter names of ORM methods, in positional order (Odoo 19). `ids` = the records.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "search": ("domain", "offset", "limit", "order"),
    "search_read": ("domain", "fields", "offset", "limit", "order"),
    "web_search_read": ("domain", "specification", "offset", "limit", "order", "count_limit"),
    "search_count": ("domain", "limit"),
    "read": (IDS, "fields", "load"),
    "create": ("vals_list",),
    "write": (IDS, "vals"),
    "unlink": (IDS,),
    "copy": (IDS, "default"),
    "fields_get": ("allfields", "attributes"),
    "name_search": ("name", "domain", "operator", "limit"),
    "name_create": ("name",),
    "read_group": ("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"),
}

#: Keyword names older Odoo versions used, renamed in 19.
_RENAMED = {("name_search", "args"): "domain"}


def _is_ids(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, list | tuple) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    )


def _as_ids(value: Any) -> list[int]:
    return [value] if isinstance(value, int) else list(value)


def named_arguments(method: str, args: list[Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-2 body for `method(*args, **kwargs)`: every argument by name."""
    body = {_RENAMED.get((method, key), key): value for key, value in kwargs.items()}
    names = SIGNATURES.get(method)
    if names is None:
        positional = list(args)
        if positional and _is_ids(positional[0]):
            body[IDS] = positional.pop(0)
        if positional:
            raise OdooRequestError(
                f"JSON-2 passes arguments by name: call {method} with keyword arguments "
                "(only the record ids may be positional)"
            )
    else:
        if len(args) > len(names):
            raise OdooRequestError(
                f"{method} takes at most {len(names)} positional arguments ({len(args)} given)"
            )
        for name, value in zip(names, args, strict=False):
            if name in body:
                raise OdooRequestError(f"{method} got {name!r} both by position and by name")
            body[name] = value
    if IDS in body:
        if not _is_ids(body[IDS]):
            raise OdooRequestError(f"{method}: record ids must be integers")
        body[IDS] = _as_ids(body[IDS])
    return body


class Json2Transport(Transport):
    name = "json2"

    def _headers(self) -> dict[str, str]:
        return {
            "Content-Type": JSON_CONTENT_TYPE,
            "Accept": "application/json",
            "Authorization": f"bearer {self._secret}",
            "X-Odoo-Database": self.db,
        }

    async def post(self, model: str, method: str, body: Mapping[str, Any]) -> Any:
        path = f"/json/2/{model}/{method}"
        answer = await self.channel.request(
            "POST", path, body=encode_json(body), headers=self._headers()
        )
        if answer.status == 200:
            return decode_json(answer, self.channel, path)
        where = self.channel.display_url
        if 300 <= answer.status < 400 or (answer.status == 404 and not answer.is_json):
            raise OdooProtocolError(
                f"Odoo at {where} has no JSON-2 API (HTTP {answer.status} to {path}); it needs "
                "Odoo 19 or later: use the protocol auto, jsonrpc or xmlrpc",
                code=answer.status,
            )
        if answer.is_json:
            raise from_json2_error(answer.status, decode_json(answer, self.channel, path))
        if answer.status == 401:
            raise OdooAuthenticationError(
                f"Odoo at {where} refused the API key (HTTP 401)", code=401
            )
        self.channel.check_status(answer, path)
        raise OdooProtocolError(f"Odoo at {where} answered HTTP {answer.status} to {path}")

    async def version(self) -> dict[str, Any]:
        answer = await self.channel.request(
            "GET", "/web/version", headers={"Accept": "application/json"}
        )
        if answer.status == 404:
            return normalize_version(
                await jsonrpc.call_service(self.channel, "common", "version", [])
            )
        self.channel.check_status(answer, "/web/version")
        return normalize_version(decode_json(answer, self.channel, "/web/version"))

    async def authenticate(self) -> int | None:
        try:
            context = await self.post("res.users", "context_get", {})
        except OdooAuthenticationError:
            return None
        uid = context.get("uid") if isinstance(context, Mapping) else None
        if uid is None:
            found = await self.post(
                "res.users", "search", {"domain": [["login", "=", self.login]], "limit": 1}
            )
            uid = found[0] if isinstance(found, list) and found else None
        return uid_or_none(uid, self.channel)

    async def execute_kw(
        self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        result = await self.post(model, method, named_arguments(method, args, kwargs))
        if (
            method == "create"
            and args
            and isinstance(args[0], Mapping)
            and isinstance(result, list)
            and len(result) == 1
        ):
            return result[0]  # one dict in, one id out, like XML-RPC and JSON-RPC
        return result
