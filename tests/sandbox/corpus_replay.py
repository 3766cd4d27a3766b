"""Replaying the recorded Odoo 18 corpus against the sandbox.

Requests are adapted to the sandbox's own data: database name and credentials, the
restricted user (`salesown` -> laura or megan, uid 8 in all), the ordinary user (`demo` ->
maria or emily), record ids of the recorded database mapped to sandbox records, and a few
search values ("Deco" -> "Acme", "US" -> "ES"), per demo dataset. Answers are compared by
shape: result types per method,
value formats per field type, faultCode and exception class per error.
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from collections.abc import Callable
from typing import Any

from sandbox_helpers import fetch

from odoo_corpus import load

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
#: Recorded users -> (login, password, uid) of the same role in each dataset.
USERS = {
    "es": {"salesown": ("laura", "laura", 8), "demo": ("maria", "maria", 4)},
    "en": {"salesown": ("megan", "megan", 8), "demo": ("emily", "emily", 4)},
}
#: Search values of the recorded database -> values that exist in each dataset.
VALUES_ES = {
    "Deco": "Acme",
    "deco": "acme",
    "Deco%": "Acme%",
    "deco%": "acme%",
    "Deco Addict": "Acme",
    "_eco addict": "_cme ibérica s.l.",
    "Azure Interior": "Acme Ibérica S.L.",
    "azure": "acme",
    "US": "ES",
    "Desk Manufacturers": "Cliente VIP",
    "Won": "Ganado",
    "office": "erp",
    "desk": "portátil",
    "mitchell": "daniel",
    "1_done": "1_done",
}
VALUES_EN = {
    "Deco": "Pioneer",
    "deco": "pioneer",
    "Deco%": "Pioneer%",
    "deco%": "pioneer%",
    "Deco Addict": "Pioneer",
    "_eco addict": "_ioneer freight lines, inc.",
    "Azure Interior": "Pioneer Freight Lines, Inc.",
    "azure": "pioneer",
    "US": "US",
    "Desk Manufacturers": "Key Account",
    "Won": "Closed Won",
    "office": "crm",
    "desk": "laptop",
    "mitchell": "robert",
    "1_done": "1_done",
}
VALUES = {"es": VALUES_ES, "en": VALUES_EN}


def entry_ids(name: str) -> list[tuple[int, str]]:
    return [(i, e["name"]) for i, e in enumerate(load(name))]


class Outcome:
    def __init__(self, result: Any = None, fault: Any = None) -> None:
        self.result = result
        self.fault = fault

    @property
    def ok(self) -> bool:
        return self.fault is None


class Replayer:
    """Adapts recorded requests, sends them, and remembers created records' ids."""

    def __init__(self, url: str, db: str, password: str, api_key: str, dataset: str) -> None:
        self.users = USERS[dataset]
        self.values = VALUES[dataset]
        self.url = url
        self.db = db
        self.password = password
        self.api_key = api_key
        self.ids: dict[int, int] = {}
        self._proxies: dict[str, xmlrpc.client.ServerProxy] = {}

    # --- adapting -----------------------------------------------------------------------
    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            if value == "demo18":
                return self.db
            if value == "<admin-api-key>":
                return self.api_key
            return self.values.get(value, value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def ids_of(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.ids.get(v, v) if isinstance(v, int) else v for v in value]
        return self.ids.get(value, value) if isinstance(value, int) else value

    def params(self, entry: dict[str, Any]) -> list[Any]:
        args = list(entry["args"])
        login_call = entry.get("method") in ("authenticate", "login")
        users = self.users
        if entry.get("service") == "common" and login_call and len(args) > 2 and args[1] in users:
            login, password, _ = users[str(args[1])]
            args[1], args[2] = login, password
        if entry.get("service") == "object" and len(args) >= 3:
            if args[2] in users:
                _, password, uid = users[str(args[2])]
                args[1], args[2] = uid, password
            if len(args) > 5 and args[4] in (
                "read",
                "write",
                "unlink",
                "copy",
                "get_metadata",
                "action_archive",
                "action_unarchive",
                "message_post",
            ):
                inner = list(args[5])
                if inner:
                    inner[0] = self.ids_of(inner[0])
                if len(inner) > 1 and isinstance(inner[1], dict) and "parent_id" in inner[1]:
                    inner[1] = {**inner[1], "parent_id": self.ids_of(inner[1]["parent_id"])}
                args[5] = inner
        return [self.value(a) for a in args]

    # --- sending ------------------------------------------------------------------------
    def xmlrpc(self, endpoint: str, method: str, params: list[Any]) -> Outcome:
        if endpoint not in self._proxies:
            url = self.url + endpoint
            self._proxies[endpoint] = xmlrpc.client.ServerProxy(url, allow_none=True)
        proxy = self._proxies[endpoint]
        try:
            return Outcome(result=getattr(proxy, method)(*params))
        except xmlrpc.client.Fault as fault:
            return Outcome(fault={"faultCode": fault.faultCode, "faultString": fault.faultString})

    def jsonrpc(self, body: bytes, content_type: str = "application/json") -> tuple[int, Any]:
        answer = fetch(f"{self.url}/jsonrpc", "POST", body, {"Content-Type": content_type})
        if answer.status == 200:
            return answer.status, json.loads(answer.body)
        return answer.status, answer.text

    def replay(self, entry: dict[str, Any]) -> Outcome:
        method = entry.get("method") or "version"
        return self.xmlrpc(entry["endpoint"], method, self.params(entry))


# --- comparing ------------------------------------------------------------------------
def exception_class(fault: dict[str, Any]) -> str:
    text = str(fault.get("faultString_last_line") or fault.get("faultString") or "")
    last = text.rstrip().splitlines()[-1] if text.strip() else ""
    return last.split(":", 1)[0] if ":" in last else ""


def value_fits(ftype: str, value: Any) -> bool:
    """Does `value` look like Odoo sends a value of a field of type `ftype`?"""
    if ftype == "boolean":
        return isinstance(value, bool)
    if ftype in ("one2many", "many2many"):
        return isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        )
    if ftype in ("json", "properties", "properties_definition"):
        return value is False or isinstance(value, (dict, list))
    if value is False:
        return ftype not in ("integer", "float", "monetary")
    checks: dict[str, Callable[[Any], bool]] = {
        "many2one": lambda v: (
            (
                isinstance(v, list)
                and len(v) == 2
                and isinstance(v[0], int)
                and isinstance(v[1], str)
            )
            or (isinstance(v, int) and not isinstance(v, bool))
        ),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, float),
        "monetary": lambda v: isinstance(v, float),
        "date": lambda v: isinstance(v, str) and bool(DATE.match(v)),
        "datetime": lambda v: isinstance(v, str) and bool(DATETIME.match(v)),
        "binary": lambda v: isinstance(v, (str, dict)),
    }
    return checks.get(ftype, lambda v: isinstance(v, str))(value)


def same_kind(recorded: Any, actual: Any) -> bool:
    """Result types per method: both lists, both ints, both dicts with the same keys..."""
    if isinstance(recorded, bool) or isinstance(actual, bool):
        return isinstance(recorded, bool) and isinstance(actual, bool)
    if isinstance(recorded, int):
        return isinstance(actual, int)
    if isinstance(recorded, list):
        if not isinstance(actual, list):
            return False
        if recorded and actual:
            return same_kind(recorded[0], actual[0])
        return True
    if isinstance(recorded, dict):
        return isinstance(actual, dict)
    return type(recorded) is type(actual)
