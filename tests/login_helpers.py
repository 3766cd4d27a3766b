"""Logging in to the avatar server from tests, the way a person or a program does."""

from __future__ import annotations

from typing import Any


async def log_in(client: Any, login: str, password: str, **extra: Any) -> dict[str, Any]:
    """`POST /auth/login`; fails the test unless the login is accepted."""
    response = await client.post(
        "/auth/login", json={"login": login, "password": password, **extra}
    )
    body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return body
