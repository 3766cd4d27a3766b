"""Tool plugins: every module of a package that exposes `register(mcp, deps)`.

Modules without `register` are helpers and are skipped. A module that fails to import
or to register is logged by name and skipped (with any tool it registered before
failing): one broken plugin never stops the server. `mcp` is a `ToolRegistry`, whose
`tool` decorator takes the same arguments as FastMCP's.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from daniel.mcp_odoo.core.deps import ServerDeps
    from daniel.mcp_odoo.core.tool_registry import ToolRegistry

log = logging.getLogger("daniel.mcp_odoo.core.plugins")


def load_plugins(mcp: ToolRegistry, deps: ServerDeps, package: str) -> list[str]:
    """Register every plugin module of `package`; returns the names of those loaded."""
    try:
        root = importlib.import_module(package)
    except Exception:
        log.exception("tool package %s cannot be imported; no tools loaded from it", package)
        return []
    loaded: list[str] = []
    for info in sorted(pkgutil.iter_modules(getattr(root, "__path__", [])), key=lambda m: m.name):
        name = f"{package}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            log.error("tool plugin %s failed to import and was skipped: %s", name, exc)
            continue
        register = getattr(module, "register", None)
        if not callable(register):
            continue
        before = set(mcp.tools)
        try:
            register(mcp, deps)
        except Exception as exc:
            mcp.forget(set(mcp.tools) - before)
            log.error("tool plugin %s failed to register and was skipped: %s", name, exc)
            continue
        loaded.append(name)
    log.debug("tool plugins loaded: %s", ", ".join(loaded))
    return loaded
