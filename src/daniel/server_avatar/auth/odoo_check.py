"""Checks a person's login and password (or API key) against their tenant's Odoo.

One short-lived `OdooClient` per attempt: authenticate (Odoo's own check, so API keys,
2FA-exempt keys and disabled users behave as in Odoo), then read the person's name and
allowed companies as that person. Works on Odoo 16-18 (JSON-RPC/XML-RPC, password or API
key) and 19+ (JSON-2 with an API key; a password falls back to JSON-RPC).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from daniel.odoo import OdooClient
from daniel.odoo.errors import OdooAuthenticationError, OdooError
from daniel.settings import OdooConnection


@dataclass(frozen=True, slots=True)
class Person:
    uid: int
    #: The login as Odoo has it (an API key alone may name its user on JSON-2).
    login: str
    name: str
    companies: list[dict[str, Any]] = field(default_factory=list)
    company: dict[str, Any] | None = None


class OdooUnavailable(Exception):
    """Odoo could not be asked (down, timeout): not the person's fault."""


async def check_login(connection: OdooConnection, login: str, secret: str) -> Person | None:
    """The person when Odoo accepts `login` + `secret`; None when it refuses."""
    client = OdooClient(
        connection.url,
        connection.db,
        login,
        secret,
        protocol=connection.protocol,
        timeout=min(connection.timeout, 20.0),
        retries=0,
    )
    try:
        try:
            uid = await client.authenticate()
        except OdooAuthenticationError:
            return None
        fields = ["login", "name", "company_id", "company_ids"]
        rows = await client.read("res.users", [uid], fields)
        row = rows[0] if rows else {}
        if str(row.get("login") or "").lower() != login.lower():
            return None  # the secret belongs to someone else
        company_ids = [int(c) for c in row.get("company_ids") or []]
        companies: list[dict[str, Any]] = []
        if company_ids:
            found = await client.read("res.company", company_ids, ["name"])
            companies = [{"id": int(c["id"]), "name": str(c["name"])} for c in found]
        current = row.get("company_id")
        company = (
            {"id": int(current[0]), "name": str(current[1])}
            if isinstance(current, list | tuple) and len(current) > 1
            else None
        )
        own = str(row.get("login") or login)
        return Person(int(uid), own, str(row.get("name") or login), companies, company)
    except OdooError as exc:
        raise OdooUnavailable(exc.message) from None
    finally:
        await client.close()
