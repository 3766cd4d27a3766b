"""Encrypts the Odoo secrets of logged-in people while they are kept in memory.

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a key derived from
`SERVER_SECRET_KEY`; without that setting a random key is made at each start, so logins
end at a restart (they live in memory anyway). A memory dump or a stray log of a login
record shows ciphertext only; the plain secret exists only while a call is made.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    def __init__(self, key: str | None) -> None:
        if key:
            digest = hashlib.sha256(b"daniel-login-secrets-v1\0" + key.encode()).digest()
            self._fernet = Fernet(base64.urlsafe_b64encode(digest))
        else:
            self._fernet = Fernet(Fernet.generate_key())

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, sealed: bytes) -> str | None:
        """The secret, or None when it was sealed with another key."""
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            return None
