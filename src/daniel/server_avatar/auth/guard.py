"""The Host allowlist, the Origin check and the bound-address rules.

- Host: every HTTP and WebSocket request must name a host this server answers to: the
  loopback names, `SERVER_ALLOWED_HOSTS`, the tenants' host names and the specific
  address it was bound to. Anything else gets 421 (DNS rebinding: a foreign web page whose
  name resolves to 127.0.0.1 still sends its own name as Host).
- Origin: a browser's WebSocket (and login) request must come from a page of an allowed
  host (or `SERVER_ALLOWED_ORIGINS`); clients that send no Origin are not browsers.
- Binding: with `AUTH=none`, only loopback addresses may be bound (decided on the
  addresses actually bound, not on the setting), unless `SERVER_ACCESS_TOKEN` is set for
  machine use.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from daniel.server_avatar.auth.tenants import Tenant, host_name
from daniel.settings import Settings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def allowed_hosts(settings: Settings, tenants: Iterable[Tenant], bound: str) -> frozenset[str]:
    names = set(LOOPBACK_NAMES)
    names.update(host_name(h) for h in settings.server_allowed_hosts)
    for tenant in tenants:
        names.update(tenant.hosts)
    if bound and bound not in ("0.0.0.0", "::", ""):  # noqa: S104 - a wildcard, not a name
        names.add(host_name(bound))
    return frozenset(names)


def host_allowed(host: str | None, allowed: frozenset[str]) -> bool:
    if not host:
        return False
    name = host_name(host)
    if name in allowed:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.endswith(".localhost") and "localhost" in allowed


def origin_allowed(origin: str | None, allowed: frozenset[str], extra: Iterable[str]) -> bool:
    """True for no Origin (not a browser), an allowed host's page or a listed origin."""
    if origin is None:
        return True
    if origin.rstrip("/").lower() in {o.rstrip("/").lower() for o in extra}:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return host_allowed(parts.netloc, allowed)


def is_loopback(address: str) -> bool:
    name = address.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_problem(settings: Settings, bound: Iterable[str]) -> str | None:
    """Why serving on these actually bound addresses is refused (None: it is fine)."""
    exposed = [a for a in bound if not is_loopback(a)]
    if not exposed or settings.auth == "odoo":
        return None
    if settings.server_access_token is not None:
        return None
    return (
        f"AUTH=none serves one person on their own machine, but the server is bound to "
        f"{', '.join(exposed)}: set AUTH=odoo (everyone logs in), or SERVER_ACCESS_TOKEN for "
        "machine use, or bind to 127.0.0.1"
    )
