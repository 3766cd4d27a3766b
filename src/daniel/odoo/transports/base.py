"""What every transport offers the client, and the helpers they share."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from daniel.odoo.channel import HttpAnswer, HttpChannel
from daniel.odoo.errors import OdooProtocolError, OdooRequestError

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class Transport(ABC):
    """One of Odoo's external APIs. Stateless apart from the credentials it was given."""

    name: ClassVar[str]

    def __init__(self, channel: HttpChannel, db: str, login: str, secret: str) -> None:
        self.channel = channel
        self.db = db
        self.login = login
        self._secret = secret

    def __repr__(self) -> str:  # never shows the secret
        return f"{type(self).__name__}({self.channel.display_url!r}, db={self.db!r})"

    @abstractmethod
    async def version(self) -> dict[str, Any]:
        """The server's version information (`server_version`, `server_version_info`...)."""

    @abstractmethod
    async def authenticate(self) -> int | None:
        """The user id, or None when Odoo refuses the credentials."""

    @abstractmethod
    async def execute_kw(
        self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        """Call `model.method(*args, **kwargs)` as the authenticated user."""


def decode_json(answer: HttpAnswer, channel: HttpChannel, path: str) -> Any:
    """Parse a JSON body or raise `OdooProtocolError` naming what came instead."""
    try:
        return json.loads(answer.body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise OdooProtocolError(
            f"Odoo at {channel.display_url} sent an answer to {path} that is not JSON "
            f"({answer.content_type or 'no content type'})",
            debug=answer.body[:2000].decode("utf-8", "replace"),
        ) from exc


def odoo_text(value: dt.date | bytes | bytearray) -> str:
    """A date, datetime (as UTC) or binary value as the string Odoo reads and writes."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return base64.b64encode(value).decode("ascii")


def _json_default(value: Any) -> Any:
    """Values JSON cannot carry, in the form Odoo reads (dates as Odoo strings...)."""
    if isinstance(value, dt.date | bytes | bytearray):
        return odoo_text(value)
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(type(value).__name__)


def encode_json(payload: Any) -> bytes:
    """Compact JSON bytes; unsupported values raise `OdooRequestError` (nothing is sent)."""
    try:
        return json.dumps(
            payload, default=_json_default, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise OdooRequestError(f"cannot send a value of type {exc} to Odoo") from None


_MAJOR = re.compile(r"(\d+)")


def major_version(info: Mapping[str, Any]) -> int | None:
    """18 for "18.0", "saas~18.3" or server_version_info [18, 0, ...]; None if unknown."""
    parts = info.get("server_version_info")
    if isinstance(parts, list) and parts and isinstance(parts[0], int):
        return parts[0]
    text = info.get("server_version")
    if isinstance(text, str) and (match := _MAJOR.search(text)):
        return int(match.group(1))
    return None


def normalize_version(raw: Any) -> dict[str, Any]:
    """Odoo's `common.version` dict, also from Odoo 19's `/web/version` {version, version_info}."""
    if not isinstance(raw, Mapping):
        raise OdooProtocolError("Odoo's version answer is not an object")
    info = dict(raw)
    if "server_version" not in info and isinstance(info.get("version"), str):
        info["server_version"] = info["version"]
    if "server_version_info" not in info and isinstance(info.get("version_info"), list):
        info["server_version_info"] = info["version_info"]
    if not isinstance(info.get("server_version"), str):
        raise OdooProtocolError("Odoo's version answer has no server_version")
    return info


def uid_or_none(uid: Any, channel: HttpChannel) -> int | None:
    """A uid from `authenticate`, None for Odoo's `False` (credentials refused)."""
    if uid is False or uid is None:
        return None
    if isinstance(uid, int) and not isinstance(uid, bool):
        return uid
    raise OdooProtocolError(f"Odoo at {channel.display_url} answered authenticate with {uid!r}")
