"""Async client for Odoo's external API (XML-RPC, JSON-RPC, JSON-2) and its typed errors."""

from daniel.odoo.client import READ_METHODS, OdooClient
from daniel.odoo.errors import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooConnectionError,
    OdooError,
    OdooMissingError,
    OdooProtocolError,
    OdooRequestError,
    OdooServerError,
    OdooTimeoutError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooUserError,
    OdooValidationError,
)

__all__ = [
    "READ_METHODS",
    "OdooAccessError",
    "OdooAuthenticationError",
    "OdooClient",
    "OdooConnectionError",
    "OdooError",
    "OdooMissingError",
    "OdooProtocolError",
    "OdooRequestError",
    "OdooServerError",
    "OdooTimeoutError",
    "OdooUnknownFieldError",
    "OdooUnknownModelError",
    "OdooUserError",
    "OdooValidationError",
]
