"""Protocol-level fakes of an Odoo server for the client tests (served over real sockets).

`corpus_server` replays the recorded Odoo 18 answers of ../shared/odoo-corpus: the raw
XML of wire_xmlrpc.json and the raw JSON envelopes of jsonrpc.json byte for byte, and the
other recorded results/faults marshalled by the standard library exactly as Odoo does.
A request that was never recorded gets HTTP 418 and is listed in `unmatched`.
"""

from __future__ import annotations

import asyncio
import json
import xmlrpc.client
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

from aiohttp import web
from aiohttp.test_utils import TestServer

RECORD_FILES = (
    "wire_xmlrpc.json",  # raw bodies first: they win over re-marshalled results
    "common.json",
    "crud.json",
    "errors.json",
    "search_read.json",
    "value_kinds.json",
    "fields_get.json",
)

ServerFactory = Callable[[web.Application], Awaitable[TestServer]]


def load(corpus: Path, name: str) -> list[dict[str, Any]]:
    data = json.loads((corpus / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def full_fault_string(fault: dict[str, Any]) -> str:
    """The recorded faultString; long tracebacks were stored as head + tail."""
    text = str(fault["faultString"])
    tail = fault.get("faultString_tail")
    return text + "\n...\n" + tail if tail else text


def _key(service: str, method: str, args: Any) -> str:
    return json.dumps([service, method, args], sort_keys=True)


class CorpusReplay:
    def __init__(self, corpus: Path) -> None:
        self.xml: dict[str, bytes] = {}
        self.json: dict[str, Any] = {}  # key -> recorded JSON envelope (or a bare result)
        self.unmatched: list[str] = []
        self.requests = 0
        for entry in load(corpus, "jsonrpc.json"):  # raw envelopes win
            if entry["endpoint"] == "/jsonrpc" and isinstance(entry.get("raw_response"), dict):
                request = entry["request"]
                params = (json.loads(request) if isinstance(request, str) else request)["params"]
                key = _key(params["service"], params["method"], params["args"])
                self.json.setdefault(key, entry["raw_response"])
        for name in RECORD_FILES:
            for entry in load(corpus, name):
                if entry["endpoint"].startswith("/xmlrpc/2/"):
                    self._add_xml(entry)

    def _add_xml(self, entry: dict[str, Any]) -> None:
        key = _key(entry["service"], entry["method"], entry["args"])
        if entry.get("ok"):
            # The same recorded result answers JSON-RPC (same service, same semantics).
            self.json.setdefault(key, {"jsonrpc": "2.0", "id": None, "result": entry["result"]})
        if key in self.xml:
            return
        if entry.get("raw_response"):
            # The corpus replaced server paths with a bare "<odoo>" after recording, which
            # breaks the XML; Odoo itself sent them escaped.
            body = entry["raw_response"].replace("<odoo>", "&lt;odoo&gt;")
        elif entry.get("ok"):
            body = xmlrpc.client.dumps((entry["result"],), methodresponse=True, allow_none=True)
        elif "fault" in entry:
            fault = entry["fault"]
            body = xmlrpc.client.dumps(
                xmlrpc.client.Fault(fault["faultCode"], full_fault_string(fault)),
                methodresponse=True,
            )
        else:
            return
        self.xml[key] = body.encode("utf-8")

    async def xmlrpc(self, request: web.Request) -> web.Response:
        self.requests += 1
        params, method = xmlrpc.client.loads(await request.read(), use_builtin_types=True)
        key = _key(request.match_info["service"], method, list(params))
        if key not in self.xml:
            self.unmatched.append(key)
            return web.Response(status=418, text="not in the corpus")
        return web.Response(body=self.xml[key], content_type="text/xml", charset="utf-8")

    async def jsonrpc(self, request: web.Request) -> web.Response:
        self.requests += 1
        envelope = await request.json()
        params = envelope["params"]
        key = _key(params["service"], params["method"], params["args"])
        if key not in self.json:
            self.unmatched.append(key)
            return web.Response(status=418, text="not in the corpus")
        answer = dict(self.json[key], id=envelope["id"])
        return web.json_response(answer)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/xmlrpc/2/{service}", self.xmlrpc)
        app.router.add_post("/jsonrpc", self.jsonrpc)
        return app


class CorpusServer:
    def __init__(self, replay: CorpusReplay, server: TestServer) -> None:
        self.replay = replay
        self.url = str(server.make_url("")).rstrip("/")


class ScriptedOdoo:
    """A tiny Odoo over JSON-RPC, XML-RPC and JSON-2 whose answers follow a script.

    Each request takes the next action of `script` ("ok" once it is empty): "ok" answers
    like Odoo, "drop" closes the connection without an answer, "slow" answers after
    `slow_seconds`, "fault" answers a MissingError fault and "denied" an AccessDenied one.
    `calls` lists "common.<method>" or "<model>.<method>" of every request, in order.
    """

    RESULTS: ClassVar[dict[str, Any]] = {
        "search": [1, 2, 3],
        "search_read": [{"id": 1, "name": "Azure Interior"}],
        "read": [{"id": 1, "name": "Azure Interior"}],
        "search_count": 3,
        "create": 42,
        "fields_get": {"name": {"type": "char", "string": "Name"}},
        "name_search": [[1, "Azure Interior"]],
        "read_group": [{"stage_id": [1, "New"], "__count": 3}],
    }
    FAULTS: ClassVar[dict[str, tuple[int, str, str]]] = {
        "fault": (2, "odoo.exceptions.MissingError", "Record does not exist or has been deleted."),
        "denied": (3, "odoo.exceptions.AccessDenied", "Access Denied"),
    }

    def __init__(
        self,
        script: list[str] | None = None,
        *,
        version: str = "18.0",
        password: str = "admin",
        api_key: str | None = None,
        slow_seconds: float = 2.0,
    ) -> None:
        self.script = list(script or [])
        self.version = version
        self.password = password
        self.api_key = api_key
        self.slow_seconds = slow_seconds
        self.calls: list[str] = []
        self.received: list[Any] = []  # arguments of every model call, as decoded

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    def _version(self) -> dict[str, Any]:
        return {
            "server_version": self.version,
            "server_version_info": [self.major, 0, 0, "final", 0, ""],
            "server_serie": self.version,
            "protocol_version": 1,
        }

    async def _next_action(self, label: str) -> str:
        self.calls.append(label)
        action = self.script.pop(0) if self.script else "ok"
        if action == "slow":
            await asyncio.sleep(self.slow_seconds)
        return action

    def _rpc(self, service: str, method: str, args: list[Any], action: str) -> Any:
        """The result of an RPC call, or a `(code, name, message)` fault tuple."""
        if action in self.FAULTS:
            return self.FAULTS[action]
        if method == "version":
            return self._version()
        if method == "authenticate":
            return 2 if args[2] in {self.password, self.api_key} else False
        if args[2] not in {self.password, self.api_key}:
            return self.FAULTS["denied"]
        self.received.append(args)
        return self.RESULTS.get(str(args[4]), True)

    @staticmethod
    def _label(service: str, method: str, args: list[Any]) -> str:
        return f"{args[3]}.{args[4]}" if service == "object" else f"{service}.{method}"

    @staticmethod
    def _drop(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        return web.Response(text="never sent")

    async def jsonrpc(self, request: web.Request) -> web.Response:
        envelope = await request.json()
        params = envelope["params"]
        service, method, args = params["service"], params["method"], params["args"]
        action = await self._next_action(self._label(service, method, args))
        if action == "drop":
            return self._drop(request)
        result = self._rpc(service, method, args, action)
        if isinstance(result, tuple):
            _, name, message = result
            data = {"name": name, "message": message, "arguments": [message],
                    "debug": f"Traceback (most recent call last):\n{name}: {message}\n",
                    "context": {}}  # fmt: skip
            error = {"code": 200, "message": "Odoo Server Error", "data": data}
            return web.json_response({"jsonrpc": "2.0", "id": envelope["id"], "error": error})
        return web.json_response({"jsonrpc": "2.0", "id": envelope["id"], "result": result})

    async def xmlrpc(self, request: web.Request) -> web.Response:
        params, method = xmlrpc.client.loads(await request.read(), use_builtin_types=True)
        service, args = request.match_info["service"], list(params)
        action = await self._next_action(self._label(service, str(method), args))
        if action == "drop":
            return self._drop(request)
        result = self._rpc(service, str(method), args, action)
        if isinstance(result, tuple):
            fault = xmlrpc.client.Fault(result[0], result[2])
            body = xmlrpc.client.dumps(fault, methodresponse=True)
        else:
            body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True)
        return web.Response(text=body, content_type="text/xml")

    async def json2(self, request: web.Request) -> web.Response:
        model, method = request.match_info["model"], request.match_info["method"]
        action = await self._next_action(f"{model}.{method}")
        if action == "drop":
            return self._drop(request)
        if self.api_key is None or request.headers.get("Authorization") != f"bearer {self.api_key}":
            body = {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey",
                    "arguments": ["Invalid apikey", 401], "context": {}, "debug": ""}  # fmt: skip
            return web.json_response(body, status=401)
        payload = await request.json()
        if model == "res.users" and method == "context_get":
            return web.json_response({"lang": "en_US", "tz": "UTC", "uid": 2})
        self.received.append(payload)
        result = self.RESULTS.get(method, True)
        if method == "create":  # Odoo 19 answers a recordset: its ids
            result = [42]
        return web.json_response(result)

    async def web_version(self, request: web.Request) -> web.Response:
        if self.major < 19:
            return web.Response(status=404, text="not found", content_type="text/html")
        version = self._version()
        return web.json_response(
            {"version": version["server_version"], "version_info": version["server_version_info"]}
        )

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/jsonrpc", self.jsonrpc)
        app.router.add_post("/xmlrpc/2/{service}", self.xmlrpc)
        app.router.add_post("/json/2/{model}/{method}", self.json2)
        app.router.add_get("/web/version", self.web_version)
        return app
