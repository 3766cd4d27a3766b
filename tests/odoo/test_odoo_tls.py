"""An Odoo behind HTTPS is checked like a browser would: a certificate nobody vouches for
(self-signed) is refused with a sentence that says so, and nothing is sent."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from daniel.odoo import OdooClient, OdooConnectionError


def self_signed(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a freshly made self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "odoo.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture
async def https_odoo(tmp_path: Path) -> AsyncIterator[tuple[str, list[bytes]]]:
    """An HTTPS server with a self-signed certificate; yields its URL and what it read."""
    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, TimeoutError, ssl.SSLError):  # the client hangs up
            received.append(await asyncio.wait_for(reader.read(65536), 5))
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=self_signed(tmp_path))
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"https://127.0.0.1:{port}", received


async def test_a_self_signed_certificate_is_refused_and_nothing_is_sent(
    https_odoo: tuple[str, list[bytes]],
) -> None:
    url, received = https_odoo
    async with OdooClient(url, "demo", "admin", "a-secret-key", retries=0) as odoo:
        with pytest.raises(OdooConnectionError) as raised:
            await odoo.search_count("res.partner")
    assert str(raised.value) == f"cannot reach Odoo at {url}: its TLS certificate is not trusted"
    assert not raised.value.sent
    assert b"a-secret-key" not in b"".join(received)


async def test_a_company_authority_named_in_ssl_cert_file_is_trusted(
    https_odoo: tuple[str, list[bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received = https_odoo
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
    async with OdooClient(url, "demo", "admin", "a-secret-key", retries=0) as odoo:
        with pytest.raises(OdooConnectionError) as raised:
            await odoo.search_count("res.partner")
    # the handshake succeeded and the request went out; this server hangs up without answering
    assert b"POST /" in b"".join(received)
    assert "certificate" not in str(raised.value)
    assert raised.value.sent
