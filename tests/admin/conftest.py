"""Fixtures of the dashboard tests: the database (SQLite and PostgreSQL, each test runs
on both) and avatar-server settings on the shared sandbox."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server_avatar"))

from avatar_client import SettingsFactory
from postgres import create_database, drop_database

from daniel.settings import Settings, load_settings


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'analytics.db'}"
        return
    name, url = create_database()
    try:
        yield url
    finally:
        drop_database(name)


@pytest.fixture
def admin_settings(sandbox: Any, tmp_path: Path, database_url: str) -> SettingsFactory:
    def build(**changes: Any) -> Settings:
        values: dict[str, Any] = {
            "odoo_url": sandbox.url,
            "odoo_db": sandbox.db,
            "odoo_user": sandbox.login,
            "odoo_api_key": sandbox.api_key,
            "mcp_audit_log": tmp_path / "audit.jsonl",
            "daniel_lang": "es",
            "brain": "local",
            "tts": "none",
            "stt": "none",
            "avatar": "local",
            "database_url": database_url,
        }
        values.update(changes)
        return load_settings(**values)

    return build
