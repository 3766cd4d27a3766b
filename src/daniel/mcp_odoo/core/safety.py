"""What the MCP server refuses to expose, whatever a caller asks.

- Models outside the allowlist (business models + `MCP_ALLOWED_MODELS`).
- Credential fields (passwords, API keys, TOTP secrets, tokens, OAuth, signup data):
  never returned, never usable in a filter (a filter is an oracle on the value).
- Binary fields: replaced by `{"binary": true, "size": n}`, never base64.
- Private methods (leading underscore): never callable.
- Result sizes: limits are clamped to `MAX_LIMIT`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from daniel.mcp_odoo.core.config import MAX_LIMIT, Lang
from daniel.mcp_odoo.core.tool_registry import ToolError
from daniel.mcp_odoo.present.i18n import t

DENIED_FIELD_PATTERN = re.compile(
    r"(password|passwd|token|secret|api_?key|totp|oauth|signup)", re.I
)
DENIED_FIELDS = frozenset(
    {
        "password",
        "password_crypt",
        "new_password",
        "api_key_ids",
        "totp_secret",
        "totp_enabled",
        "totp_trusted_device_ids",
        "signup_token",
        "signup_type",
        "signup_url",
        "signup_valid",
        "oauth_access_token",
        "oauth_provider_id",
        "oauth_uid",
        "access_token",
    }
)
_ORDER_PART = re.compile(r"^[a-z_][a-z0-9_]*(\s+(asc|desc))?$", re.I)
_DOMAIN_OPERATORS = frozenset({"&", "|", "!"})
_LEAF_OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "=like",
        "=ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)


def is_denied(field_name: str) -> bool:
    """True for credential fields, also when reached through a dotted path."""
    return any(
        part in DENIED_FIELDS or bool(DENIED_FIELD_PATTERN.search(part))
        for part in field_name.split(".")
    )


def check_model(model: str, allowed: frozenset[str], lang: Lang) -> None:
    if model not in allowed:
        raise ToolError(
            t(lang, "model_not_allowed", model=model, allowed=", ".join(sorted(allowed)))
        )


def check_method(method: str) -> None:
    if method.startswith("_"):
        raise ToolError(f"Private Odoo methods cannot be called ({method}).")


def clamp_limit(limit: int | None, default: int) -> int:
    if limit is None or limit <= 0:
        return default
    return min(limit, MAX_LIMIT)


def safe_fields(fields: Iterable[str], lang: Lang) -> list[str]:
    """The requested field names, refusing denied ones with a clear error."""
    names = list(fields)
    for name in names:
        if is_denied(name):
            raise ToolError(t(lang, "field_denied", field=name))
    return names


def sanitize(record: Mapping[str, Any], field_types: Mapping[str, str]) -> dict[str, Any]:
    """A record without credential fields, binary values replaced by a size reference."""
    clean: dict[str, Any] = {}
    for name, value in record.items():
        if is_denied(name):
            continue
        if field_types.get(name) == "binary":
            clean[name] = {"binary": True, "size": _binary_size(value)} if value else None
            continue
        clean[name] = value
    return clean


def _binary_size(value: Any) -> int:
    """Decoded size in bytes of a base64 value (without decoding it)."""
    if isinstance(value, bytes):
        return len(value)
    text = str(value).strip()
    padding = text.count("=", max(0, len(text) - 2))
    return max(0, len(text) * 3 // 4 - padding)


def check_domain(domain: Any, lang: Lang) -> list[Any]:
    """A well-formed Odoo domain that never touches a denied field."""
    problem = "expected a list like [['name', 'ilike', 'acme'], ['active', '=', true]]"
    if domain is None:
        return []
    if not isinstance(domain, list):
        raise ToolError(t(lang, "bad_value", param="domain", problem=problem))
    checked: list[Any] = []
    for item in domain:
        if isinstance(item, str) and item in _DOMAIN_OPERATORS:
            checked.append(item)
            continue
        if not isinstance(item, list | tuple) or len(item) != 3 or not isinstance(item[0], str):
            raise ToolError(t(lang, "bad_value", param="domain", problem=problem))
        field_name, operator, value = item
        if not isinstance(operator, str) or operator.lower() not in _LEAF_OPERATORS:
            raise ToolError(
                t(lang, "bad_value", param="domain", problem=f"unknown operator {operator!r}")
            )
        if is_denied(field_name):
            raise ToolError(t(lang, "field_denied", field=field_name))
        if operator.lower() in {"any", "not any"}:
            value = check_domain(value, lang)
        checked.append([field_name, operator, value])
    return checked


def check_order(order: str | None, lang: Lang) -> str | None:
    """`"date_deadline desc, name"`: plain field names with an optional direction."""
    if not order:
        return None
    parts = [part.strip() for part in order.split(",")]
    for part in parts:
        if not _ORDER_PART.match(part):
            problem = f"{part!r} is not 'field' or 'field asc|desc'"
            raise ToolError(t(lang, "bad_value", param="order", problem=problem))
        if is_denied(part.split()[0]):
            raise ToolError(t(lang, "field_denied", field=part.split()[0]))
    return ", ".join(parts)
