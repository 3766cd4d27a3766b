"""One pooled HTTP connection to an Odoo server, shared by every transport of a client.

Owns (or borrows) the httpx2 `AsyncClient` (the HTTP client the MCP SDK already loads, so
the MCP server starts without a second HTTP stack), counts requests, applies the timeout
and turns network failures into `OdooConnectionError` / `OdooTimeoutError`. It never sees
what a request means: the transports build bodies and read answers.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass

import httpx2

from daniel.odoo.errors import OdooConnectionError, OdooProtocolError, OdooTimeoutError

USER_AGENT = "daniel-odoo-client/1.0"


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    """What came back: status, media type (lower case, no parameters) and raw body."""

    status: int
    content_type: str
    body: bytes
    reason: str = ""

    @property
    def is_json(self) -> bool:
        return self.content_type == "application/json" or self.content_type.endswith("+json")

    @property
    def is_xml(self) -> bool:
        return self.content_type in {"text/xml", "application/xml"}


def parse_base_url(url: str) -> httpx2.URL:
    """Validate an Odoo base URL: http(s), a host, no query; the path is kept as a prefix."""
    try:
        parsed = httpx2.URL(url.strip())
    except (TypeError, ValueError, httpx2.InvalidURL) as exc:
        raise ValueError(f"invalid Odoo URL {url!r}") from exc
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise ValueError(
            f"Odoo URL must look like https://mycompany.odoo.com (got {_shown(parsed)!r})"
        )
    return parsed.copy_with(query=None, fragment=None)


def _shown(url: httpx2.URL) -> str:
    """The URL without any user:password part, for messages."""
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    return str(url)


class HttpChannel:
    """POST/GET to paths under an Odoo base URL over one keep-alive connection pool."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float,
        session: httpx2.AsyncClient | None = None,
        pool_size: int = 32,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._base = parse_base_url(url)
        self._prefix = self._base.path.rstrip("/")
        self.display_url = _shown(self._base).rstrip("/")
        self.timeout = timeout
        self._session = session
        self._owns_session = session is None
        self._pool_size = pool_size
        self.request_count = 0

    def _get_session(self) -> httpx2.AsyncClient:
        if self._session is None or (self._owns_session and self._session.is_closed):
            self._session = httpx2.AsyncClient(
                headers={"User-Agent": USER_AGENT},
                timeout=self.timeout,
                limits=httpx2.Limits(max_connections=self._pool_size, keepalive_expiry=30),
                # HTTPS trusts what Python's default context trusts: the system's
                # authorities, or SSL_CERT_FILE / SSL_CERT_DIR (a company's own CA). A
                # plain-HTTP Odoo (the sandbox, a local server) never does TLS: no trust
                # store is loaded for it (25-70 ms measured).
                verify=ssl.create_default_context() if self._base.scheme == "https" else False,
                # Like the aiohttp session it replaces: no proxy settings from the environment.
                trust_env=False,
            )
            self._owns_session = True
        return self._session

    def url_for(self, path: str) -> httpx2.URL:
        return self._base.copy_with(path=self._prefix + path)

    async def close(self) -> None:
        """Close the session if this channel created it; a borrowed one is left open."""
        if self._owns_session and self._session is not None and not self._session.is_closed:
            await self._session.aclose()
        if self._owns_session:
            self._session = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> HttpAnswer:
        """Send one request and read the whole answer; network failures become errors.

        The timeout bounds the whole exchange (connect, send, every byte of the answer),
        not each phase alone: a server dripping bytes still fails after `timeout` s."""
        session = self._get_session()
        self.request_count += 1
        try:
            async with asyncio.timeout(self.timeout):
                response = await session.request(
                    method,
                    self.url_for(path),
                    content=body,
                    headers=headers,
                    follow_redirects=False,
                )
        except (TimeoutError, httpx2.TimeoutException) as exc:
            raise OdooTimeoutError(
                f"Odoo at {self.display_url} did not answer within {self.timeout:g} s",
                debug=repr(exc),
            ) from exc
        except httpx2.ConnectError as exc:
            raise OdooConnectionError(
                f"cannot reach Odoo at {self.display_url}: {_reason(exc)}",
                debug=repr(exc),
                sent=False,
            ) from exc
        except (httpx2.TransportError, httpx2.DecodingError, OSError) as exc:
            # Sent, then cut or answered with broken HTTP (a hang-up before the answer is a
            # RemoteProtocolError): the request may have run, and a read may be tried again.
            raise OdooConnectionError(
                f"cannot reach Odoo at {self.display_url}: {_reason(exc)}", debug=repr(exc)
            ) from exc
        content_type = response.headers.get("content-type", "application/octet-stream")
        return HttpAnswer(
            status=response.status_code,
            content_type=content_type.split(";", 1)[0].strip().lower(),
            body=response.content,
            reason=response.reason_phrase or "",
        )

    def check_status(self, answer: HttpAnswer, path: str) -> None:
        """Refuse answers that are not Odoo RPC answers (HTML error pages, redirects...)."""
        if answer.status >= 500:
            status = f"{answer.status} {answer.reason}".strip()
            raise OdooConnectionError(
                f"Odoo at {self.display_url} answered HTTP {status}",
                debug=answer.body[:2000].decode("utf-8", "replace"),
                code=answer.status,
            )
        if answer.status != 200:
            raise OdooProtocolError(
                f"Odoo at {self.display_url} answered HTTP {answer.status} {answer.reason} "
                f"to {path}: is this the Odoo server URL?",
                debug=answer.body[:2000].decode("utf-8", "replace"),
                code=answer.status,
            )


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what caused it, outermost first (httpx2 wraps the socket's own error)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _reason(exc: BaseException) -> str:
    """A few words on why the connection failed, from the innermost known cause."""
    causes = _causes(exc)
    reasons: tuple[tuple[type[BaseException], str], ...] = (
        (ssl.SSLCertVerificationError, "its TLS certificate is not trusted"),
        (ssl.SSLError, "TLS handshake failed"),
        (socket.gaierror, "host name not found"),
        (ConnectionRefusedError, "connection refused"),
        (ConnectionResetError, "the server closed the connection"),
    )
    for kind, reason in reasons:
        if any(isinstance(cause, kind) for cause in causes):
            return reason
    if isinstance(exc, httpx2.RemoteProtocolError):
        if "disconnected" in str(exc).lower():
            return "the server closed the connection"
        return f"malformed HTTP answer ({exc})"
    text = str(exc).strip()
    return text or type(exc).__name__
