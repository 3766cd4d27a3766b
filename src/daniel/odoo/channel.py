"""One pooled HTTP connection to an Odoo server, shared by every transport of a client.

Owns (or borrows) the aiohttp `ClientSession`, counts requests, applies the timeout and
turns network failures into `OdooConnectionError` / `OdooTimeoutError`. It never sees
what a request means: the transports build bodies and read answers.
"""

from __future__ import annotations

import errno
import ssl
from dataclasses import dataclass

import aiohttp
from yarl import URL

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


def parse_base_url(url: str) -> URL:
    """Validate an Odoo base URL: http(s), a host, no query; the path is kept as a prefix."""
    try:
        parsed = URL(url.strip())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid Odoo URL {url!r}") from exc
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise ValueError(
            f"Odoo URL must look like https://mycompany.odoo.com (got {_shown(parsed)!r})"
        )
    return parsed.with_query(None).with_fragment(None)


def _shown(url: URL) -> str:
    """The URL without any user:password part, for messages."""
    return str(url.with_user(None)) if url.is_absolute() else str(url)


class HttpChannel:
    """POST/GET to paths under an Odoo base URL over one keep-alive connection pool."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float,
        session: aiohttp.ClientSession | None = None,
        pool_size: int = 32,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._base = parse_base_url(url)
        self._prefix = self._base.path.rstrip("/")
        self.display_url = _shown(self._base).rstrip("/")
        self.timeout = timeout
        self._client_timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._owns_session = session is None
        self._pool_size = pool_size
        self.request_count = 0

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or (self._owns_session and self._session.closed):
            # HTTPS trusts what Python's default context trusts when the session is made:
            # the system's authorities, or SSL_CERT_FILE / SSL_CERT_DIR (a company's own CA).
            verified = ssl.create_default_context() if self._base.scheme == "https" else None
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, keepalive_timeout=30, ssl=verified or True
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._client_timeout,
                headers={"User-Agent": USER_AGENT},
            )
            self._owns_session = True
        return self._session

    def url_for(self, path: str) -> URL:
        return self._base.with_path(self._prefix + path, encoded=False)

    async def close(self) -> None:
        """Close the session if this channel created it; a borrowed one is left open."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
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
        """Send one request and read the whole answer; network failures become errors."""
        session = self._get_session()
        self.request_count += 1
        try:
            async with session.request(
                method,
                self.url_for(path),
                data=body,
                headers=headers,
                timeout=self._client_timeout,
                allow_redirects=False,
            ) as response:
                payload = await response.read()
                return HttpAnswer(
                    status=response.status,
                    content_type=response.content_type.lower(),
                    body=payload,
                    reason=response.reason or "",
                )
        except TimeoutError as exc:
            raise OdooTimeoutError(
                f"Odoo at {self.display_url} did not answer within {self.timeout:g} s",
                debug=repr(exc),
            ) from exc
        except aiohttp.ClientResponseError as exc:
            raise OdooProtocolError(
                f"Odoo at {self.display_url} sent a malformed HTTP answer ({exc.message})",
                debug=repr(exc),
            ) from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise OdooConnectionError(
                f"cannot reach Odoo at {self.display_url}: {_reason(exc)}",
                debug=repr(exc),
                # the connection was never opened (refused, DNS, TLS): nothing was sent
                sent=not isinstance(exc, aiohttp.ClientConnectorError),
            ) from exc

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


def _reason(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return "its TLS certificate is not trusted"
    if isinstance(exc, aiohttp.ClientSSLError):
        return "TLS handshake failed"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "host name not found"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error.errno == errno.ECONNREFUSED:
            return "connection refused"
        return exc.strerror or "connection failed"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    text = str(exc).strip()
    return text or type(exc).__name__
