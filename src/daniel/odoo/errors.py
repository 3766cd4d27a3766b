"""Errors raised by the Odoo client.

Every Odoo fault, whatever the transport, becomes one of these. `message` is a short
human sentence safe to show a user; `debug` keeps Odoo's traceback for logs only.

    OdooError
    ├── OdooConnectionError        cannot reach Odoo (refused, DNS, TLS, HTTP 5xx); retryable
    │   └── OdooTimeoutError       no answer within the configured timeout; retryable
    ├── OdooProtocolError          the answer is not Odoo's (bad XML/JSON, HTTP 4xx page)
    ├── OdooRequestError           the call cannot be sent as given (refused before any request)
    └── OdooServerError            Odoo answered with a fault
        ├── OdooAuthenticationError  wrong login/password/API key/database, or code 3
        ├── OdooAccessError          access rights / record rules / private methods (code 4)
        ├── OdooUserError            UserError family (code 2)
        │   ├── OdooValidationError  constraint or value refused
        │   ├── OdooMissingError     record does not exist (any more)
        │   └── OdooUnknownModelError  "Object x.y doesn't exist"
        └── OdooUnknownFieldError    "Invalid field 'x' on model 'y'" (code 1 ValueError)

Faults of code 1 that are none of the above (ValueError, TypeError...) are `OdooServerError`,
except `ValueError: Wrong value for model.field: ...` (a selection value refused), which is an
`OdooValidationError` like the constraint errors it reads as.
"""

from __future__ import annotations


class OdooError(Exception):
    """Base of every error from the Odoo client."""

    retryable: bool = False

    def __init__(self, message: str, *, debug: str | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.debug = debug
        self.code = code

    def __str__(self) -> str:
        return self.message


class OdooConnectionError(OdooError):
    """Odoo cannot be reached.

    `sent` is False when the request certainly never reached Odoo (the connection could
    not be opened, or the client refused to send); otherwise Odoo may have run it."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        debug: str | None = None,
        code: int | None = None,
        sent: bool = True,
    ) -> None:
        super().__init__(message, debug=debug, code=code)
        self.sent = sent


class OdooTimeoutError(OdooConnectionError):
    """Odoo did not answer in time."""


class OdooProtocolError(OdooError):
    """The server's answer is not a valid Odoo RPC answer."""


class OdooRequestError(OdooError):
    """The call cannot be sent as given, e.g. positional arguments JSON-2 cannot name.

    Raised before any request is made; nothing reached Odoo.
    """


class OdooServerError(OdooError):
    """Odoo answered with a fault."""

    #: Fully qualified Odoo exception class when known, e.g. "odoo.exceptions.AccessError".
    exception_name: str | None = None

    def __init__(
        self,
        message: str,
        *,
        debug: str | None = None,
        code: int | None = None,
        exception_name: str | None = None,
    ) -> None:
        super().__init__(message, debug=debug, code=code)
        self.exception_name = exception_name


class OdooAuthenticationError(OdooServerError):
    """Login, password or API key refused, unknown database, or the session is no longer valid."""


class OdooAccessError(OdooServerError):
    """The user may not do this (access rights, record rules, private method)."""


class OdooUserError(OdooServerError):
    """Odoo refused the operation with a message meant for the user."""


class OdooValidationError(OdooUserError):
    """A value or constraint was refused."""


class OdooMissingError(OdooUserError):
    """The record does not exist or was deleted."""


class OdooUnknownModelError(OdooUserError):
    """The model does not exist on this server."""


class OdooUnknownFieldError(OdooServerError):
    """A field named in the request does not exist on the model."""
