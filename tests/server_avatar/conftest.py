"""Fixtures of the avatar-server tests: settings pointing at the shared sandbox.

`avatar_settings(**changes)` builds the `Settings` a test needs: Odoo is the session's
sandbox (through the in-process MCP server, as in production), Spanish, local
providers, writes in confirm mode, the audit log in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from avatar_client import SettingsFactory

from daniel.settings import Settings, load_settings


@pytest.fixture
def avatar_settings(sandbox: Any, tmp_path: Path, whisper: Any) -> SettingsFactory:
    # `whisper`: the offline recogniser is loaded once, before the first session needs it.
    def build(**changes: Any) -> Settings:
        values: dict[str, Any] = {
            "odoo_url": sandbox.url,
            "odoo_db": sandbox.db,
            "odoo_user": sandbox.login,
            "odoo_api_key": sandbox.api_key,
            "mcp_audit_log": tmp_path / "audit.jsonl",
            "daniel_lang": "es",
            "brain": "local",
            "tts": "local",
            "stt": "local",
            "avatar": "local",
        }
        values.update(changes)
        return load_settings(**values)

    return build
