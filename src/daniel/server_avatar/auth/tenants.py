"""One Odoo database per tenant: `TENANTS`, or the plain `ODOO_*` settings as one tenant.

A tenant is chosen by the request's host name when one of its `hosts` matches, else at
login (the login page lists the tenants). Each tenant has its own MCP server (its own
Odoo connection, name caches, pending confirmations and audit log file), so nothing
crosses from one company to another; a login belongs to one tenant and is refused on
any other. Its MCP server runs in this process (`MCP_CONNECTION=inprocess`), as a
subprocess of its own (`stdio`), or is the tenant's own `daniel mcp --transport http`
at its `mcp_url` (`http`), which serves that tenant only (`MCP_TENANT`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daniel.settings import OdooConnection, Settings, SettingsError

DEFAULT_TENANT = "default"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True, slots=True)
class Tenant:
    name: str
    label: str
    #: The tenant's Odoo, with the service account (`ODOO_USER`) when one is set.
    connection: OdooConnection
    hosts: frozenset[str]
    #: The settings its MCP server is built from (its own audit log file).
    settings: Settings


def tenants_from(settings: Settings) -> dict[str, Tenant]:
    """Every tenant by name; one named `default` when `TENANTS` is empty."""
    if not settings.tenants:
        return {
            DEFAULT_TENANT: Tenant(
                DEFAULT_TENANT, "Odoo", settings.odoo_connection(), frozenset(), settings
            )
        }
    service = settings.odoo_api_key or settings.odoo_password
    found: dict[str, Tenant] = {}
    for name, spec in settings.tenants.items():
        if not _NAME.match(name):
            raise SettingsError(
                f"TENANTS: {name!r} is not a tenant name (lowercase letters, digits, - and _)"
            )
        url = str(spec.url).rstrip("/")
        audit = settings.mcp_audit_log
        own = settings.model_copy(
            update={
                "odoo_url": spec.url,
                "odoo_db": spec.db,
                "mcp_audit_log": audit.with_name(f"{audit.stem}-{name}{audit.suffix}"),
                "mcp_url": spec.mcp_url,
                "mcp_tenant": name,
                "tenants": {},
            }
        )
        connection = OdooConnection(
            url=url,
            db=spec.db,
            user=settings.odoo_user or "",
            secret=service.get_secret_value() if service else "",
            protocol=settings.odoo_protocol,
            timeout=settings.odoo_timeout,
            retries=settings.odoo_retries,
        )
        hosts = frozenset(h.strip().lower() for h in spec.hosts if h.strip())
        found[name] = Tenant(name, spec.label or name, connection, hosts, own)
    return found


def check_mcp_urls(settings: Settings, tenants: dict[str, Tenant]) -> None:
    """With `MCP_CONNECTION=http` and `TENANTS`, each tenant names its own MCP server:
    one MCP server serves one Odoo database, so two tenants never share a URL."""
    if not settings.tenants or settings.mcp_connection != "http":
        return
    seen: dict[str, str] = {}
    for name, tenant in tenants.items():
        url = tenant.settings.mcp_url
        if url is None:
            raise SettingsError(
                f'TENANTS: tenant {name!r} needs "mcp_url" (its own MCP server, '
                f"daniel mcp --transport http with MCP_TENANT={name}) when MCP_CONNECTION=http"
            )
        key = str(url).rstrip("/").lower()
        if key in seen:
            raise SettingsError(
                f"TENANTS: tenants {seen[key]!r} and {name!r} have the same mcp_url; "
                "each tenant needs its own MCP server"
            )
        seen[key] = name


def host_name(host: str) -> str:
    """ "Example.COM:8080" → "example.com"; "[::1]:80" → "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.rsplit(":", 1)[0]
    return host


def tenant_for_host(tenants: dict[str, Tenant], host: str) -> Tenant | None:
    """The tenant whose `hosts` name this host; the only tenant when there is one."""
    if len(tenants) == 1:
        return next(iter(tenants.values()))
    name = host_name(host)
    for tenant in tenants.values():
        if name in tenant.hosts:
            return tenant
    return None
