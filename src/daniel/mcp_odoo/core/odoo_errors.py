"""Odoo errors turned into tool errors that say what failed and what to do.

The Odoo traceback (`OdooError.debug`) goes to the log at debug level only; the caller
gets one or two sentences in its language, never a traceback or a secret.
"""

from __future__ import annotations

import logging

from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.tool_registry import ToolError
from daniel.odoo.errors import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooConnectionError,
    OdooError,
    OdooMissingError,
    OdooProtocolError,
    OdooTimeoutError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooUserError,
)

log = logging.getLogger("daniel.mcp_odoo")

_TEXT: dict[str, dict[Lang, str]] = {
    "unreachable": {
        "en": "Odoo is not reachable at {url}; check ODOO_URL or start the sandbox",
        "es": "Odoo no responde en {url}; revisa ODOO_URL o arranca el sandbox",
    },
    "timeout": {
        "en": "Odoo at {url} did not answer in time; try again in a moment or raise ODOO_TIMEOUT",
        "es": "Odoo en {url} no respondió a tiempo; inténtalo de nuevo o sube ODOO_TIMEOUT",
    },
    "auth": {
        "en": "Odoo refused the login {user} on database {db}; check ODOO_USER, ODOO_DB and "
        "ODOO_API_KEY (or ODOO_PASSWORD)",
        "es": "Odoo rechazó el usuario {user} en la base de datos {db}; revisa ODOO_USER, ODOO_DB "
        "y ODOO_API_KEY (u ODOO_PASSWORD)",
    },
    "access": {
        "en": "The Odoo user {user} lacks the rights to {action}: {detail} Ask an Odoo "
        "administrator for access.",
        "es": "El usuario de Odoo {user} no tiene permisos para {action}: {detail} Pide acceso "
        "a un administrador de Odoo.",
    },
    "missing": {
        "en": "Odoo says the record does not exist (any more): {detail}",
        "es": "Odoo dice que el registro no existe (o ya no existe): {detail}",
    },
    "unknown_model": {
        "en": "This Odoo does not have that model ({detail}); is the module installed?",
        "es": "Este Odoo no tiene ese modelo ({detail}); ¿está instalado el módulo?",
    },
    "unknown_field": {
        "en": "Odoo does not know a field used to {action}: {detail}",
        "es": "Odoo no conoce un campo usado para {action}: {detail}",
    },
    "user": {
        "en": "Odoo refused to {action}: {detail}",
        "es": "Odoo no permitió {action}: {detail}",
    },
    "protocol": {
        "en": "The server at {url} did not answer like Odoo; check ODOO_URL",
        "es": "El servidor en {url} no responde como Odoo; revisa ODOO_URL",
    },
    "other": {
        "en": "Odoo failed to {action}: {detail}",
        "es": "Odoo falló al {action}: {detail}",
    },
}


class AnswerLost(ToolError):
    """A write's answer never came back (timeout, cut connection, 5xx from a proxy): Odoo
    may or may not have applied it; only reading Odoo back can tell."""


def answer_lost(exc: OdooError) -> bool:
    """`exc` leaves open whether Odoo applied the write that raised it.

    Not so when the connection could not even be opened, or the client refused to send
    (its circuit breaker open): then nothing reached Odoo."""
    if not isinstance(exc, OdooConnectionError):
        return False  # Odoo answered with a fault: the transaction was rolled back
    return exc.sent


def odoo_tool_error(
    exc: OdooError, *, lang: Lang, url: str, user: str, db: str, action: str
) -> ToolError:
    """The `ToolError` to show for `exc`, raised while trying to `action`."""
    if exc.debug:
        log.debug("Odoo error while trying to %s: %s", action, exc.debug)
    detail = _sentence(exc.message)
    kinds: tuple[tuple[type[OdooError], str], ...] = (
        (OdooTimeoutError, "timeout"),
        (OdooConnectionError, "unreachable"),
        (OdooAuthenticationError, "auth"),
        (OdooAccessError, "access"),
        (OdooMissingError, "missing"),
        (OdooUnknownModelError, "unknown_model"),
        (OdooUnknownFieldError, "unknown_field"),
        (OdooUserError, "user"),
        (OdooProtocolError, "protocol"),
    )
    key = next((key for kind, key in kinds if isinstance(exc, kind)), "other")
    text = _TEXT[key][lang].format(url=url, user=user, db=db, action=action, detail=detail)
    return ToolError(text)


def _sentence(message: str) -> str:
    """Odoo's message trimmed to one short sentence ending with a period."""
    text = " ".join((message or "").split())
    if len(text) > 300:
        text = text[:297].rstrip() + "..."
    if text and text[-1] not in ".!?":
        text += "."
    return text
