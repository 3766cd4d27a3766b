"""Value conversions between the wire and the stored form, as Odoo's fields do.

Stored form: char/text/html/selection `str | None`; integer `int`; float/monetary
`float`; boolean `bool`; date `"YYYY-MM-DD" | None`; datetime `"YYYY-MM-DD HH:MM:SS" | None`
(UTC); many2one `int | None`; many2many `tuple[int, ...]`; binary base64 `str | None`;
json any JSON value or `None`.
"""

from __future__ import annotations

import base64
import binascii
import xmlrpc.client
from datetime import date, datetime
from typing import Any

from daniel.sandbox.orm.fields import Field

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _wrong(field: Field, value: Any) -> ValueError:
    return ValueError(f"Wrong value for {field.model_name}.{field.name}: {value!r}")


def to_date(value: Any) -> str | None:
    """Odoo's `Date.to_date`: accepts a date, a datetime or a string starting with one."""
    if value is None or value is False or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, xmlrpc.client.DateTime):
        return _xmlrpc_datetime(value).date().isoformat()
    if not isinstance(value, str):
        raise TypeError(
            f"{value!r} (field.Date) must be string or date, not {type(value).__name__}"
        )
    text = value[:10]
    datetime.strptime(text, DATE_FORMAT)  # raises ValueError like Odoo
    return text


def _xmlrpc_datetime(value: xmlrpc.client.DateTime) -> datetime:
    return datetime.strptime(str(value.value)[:17], "%Y%m%dT%H:%M:%S")


def to_datetime(value: Any) -> str | None:
    """Odoo's `Datetime.to_datetime`: a date-only string means midnight."""
    if value is None or value is False or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat() + " 00:00:00"
    if isinstance(value, xmlrpc.client.DateTime):
        return _xmlrpc_datetime(value).strftime(DATETIME_FORMAT)
    if not isinstance(value, str):
        raise TypeError(f"{value!r} (field.Datetime) must be string or datetime")
    text = value[:19]
    if len(text) == 10:
        datetime.strptime(text, DATE_FORMAT)
        return text + " 00:00:00"
    datetime.strptime(text, DATETIME_FORMAT)
    return text


def to_cache(field: Field, value: Any) -> Any:
    """Convert one written value to its stored form (x2many handled by the model)."""
    kind = field.type
    if kind in ("char", "text", "html"):
        if value is None or value is False:
            return None
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode()
        return value if isinstance(value, str) else str(value)
    if kind == "selection":
        if value is None or value is False:
            return None
        keys = {k for k, _ in field.selection or ()}
        if value not in keys:
            raise _wrong(field, value)
        return value
    if kind == "integer":
        if value is None or value is False:
            return 0
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _wrong(field, value) from None
    if kind in ("float", "monetary"):
        if value is None or value is False:
            return 0.0
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _wrong(field, value) from None
    if kind == "boolean":
        return bool(value)
    if kind == "date":
        return to_date(value)
    if kind == "datetime":
        return to_datetime(value)
    if kind == "binary":
        return to_binary(value)
    if kind == "json":
        return None if value is False else value
    if kind == "many2one":
        return to_id(field, value)
    raise ValueError(f"cannot convert a value for {field.model_name}.{field.name}")


def to_id(field: Field, value: Any) -> int | None:
    if value is None or value is False:
        return None
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise _wrong(field, value)
    return value


def to_binary(value: Any) -> str | None:
    if value is None or value is False or value == "":
        return None
    if isinstance(value, xmlrpc.client.Binary):
        return base64.b64encode(value.data).decode()
    if isinstance(value, (bytes, bytearray)):
        try:
            base64.b64decode(bytes(value), validate=True)
            return bytes(value).decode()
        except (binascii.Error, ValueError):
            return base64.b64encode(bytes(value)).decode()
    return str(value)


def to_read(field: Field, value: Any) -> Any:
    """The wire form of a stored scalar (relational fields are formatted by the model)."""
    kind = field.type
    if kind in ("float", "monetary"):
        return float(value or 0.0)
    if kind == "integer":
        return int(value or 0)
    if kind == "boolean":
        return bool(value)
    if kind == "json":
        return False if value is None else value
    if kind == "many2many" or kind == "one2many":
        return list(value or ())
    if value is None or (value == "" and kind in ("date", "datetime", "selection", "binary")):
        return False
    return value
