"""Settings: environment and .env, validation messages, masking, the embedded default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from daniel.settings import Settings, SettingsError, load_settings, mask_secret

REPO = Path(__file__).resolve().parents[1]


def test_defaults_run_against_the_sandbox() -> None:
    settings = load_settings()
    conn = settings.odoo_connection()
    assert settings.uses_sandbox
    assert conn.url == "http://127.0.0.1:8069"
    assert conn.db == "sandbox"
    assert conn.user == "admin"


def test_real_odoo_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "https://acme.odoo.com/")
    monkeypatch.setenv("ODOO_DB", "acme")
    monkeypatch.setenv("ODOO_USER", "ana@acme.es")
    monkeypatch.setenv("ODOO_API_KEY", "k" * 40)
    conn = load_settings().odoo_connection()
    assert conn.url == "https://acme.odoo.com"
    assert conn.secret == "k" * 40
    assert "k" * 40 not in repr(conn)


def test_api_key_wins_over_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "https://acme.odoo.com")
    monkeypatch.setenv("ODOO_DB", "acme")
    monkeypatch.setenv("ODOO_USER", "ana")
    monkeypatch.setenv("ODOO_PASSWORD", "the-password")
    monkeypatch.setenv("ODOO_API_KEY", "the-api-key")
    assert load_settings().odoo_connection().secret == "the-api-key"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "SERVER_PORT=9191\nDANIEL_LANG=en\nMCP_ALLOWED_MODELS=hr.employee, stock.picking\n"
    )
    settings = load_settings()
    assert settings.server_port == 9191
    assert settings.daniel_lang == "en"
    assert settings.mcp_allowed_models == ["hr.employee", "stock.picking"]


def test_empty_values_mean_default(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ODOO_URL=\nSANDBOX_ADMIN_PASSWORD=\nODOO_PROTOCOL=\n")
    settings = load_settings()
    assert settings.uses_sandbox
    assert settings.sandbox_admin_password.get_secret_value() == "admin"


def test_malformed_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "not a url")
    with pytest.raises(SettingsError, match="ODOO_URL") as info:
        load_settings()
    assert "\n" not in str(info.value)


def test_out_of_range_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVER_PORT", "99999")
    with pytest.raises(SettingsError, match="SERVER_PORT"):
        load_settings()


def test_incomplete_odoo_group_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "https://acme.odoo.com")
    with pytest.raises(SettingsError, match=r"ODOO_DB.*ODOO_USER.*ODOO_PASSWORD or ODOO_API_KEY"):
        load_settings().odoo_connection()


def test_malformed_secret_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "https://acme.odoo.com")
    monkeypatch.setenv("ODOO_TIMEOUT", "-1")
    monkeypatch.setenv("ODOO_API_KEY", "super-secret-value-123")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "super-secret-value-123" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, ""), ("", ""), ("admin", "****"), ("abcdefghijklmnop", "****mnop")],
)
def test_mask_secret(value: str | None, shown: str) -> None:
    assert mask_secret(value) == shown


def test_env_example_lists_every_setting() -> None:
    text = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M))
    expected = {name.upper() for name in Settings.model_fields}
    assert listed == expected
    for line in text.splitlines():
        if line.startswith(tuple(f"{n}=" for n in expected)):
            continue
        assert not line or line.startswith("#"), line
