"""The `daniel` command as a user runs it: help, config, bad settings."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from daniel.cli import build_parser, main

SECRETS = {
    "ODOO_API_KEY": "odoo-key-1234567890abcdef",
    "ODOO_PASSWORD": "odoo-password-zyx987",
    "ELEVENLABS_API_KEY": "xi-secret-abcdefghijkl",
    "HEYGEN_API_KEY": "heygen-secret-mnopqrstu",
    "LLM_API_KEY": "sk-llm-secret-0987654321",
    "MCP_TOKEN": "mcp-token-secret-112233",
}


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "https://acme.odoo.com")
    monkeypatch.setenv("ODOO_DB", "acme")
    monkeypatch.setenv("ODOO_USER", "ana@acme.es")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


def test_every_subcommand_has_useful_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    for command in ("run", "sandbox", "mcp", "serve", "config", "tools"):
        with pytest.raises(SystemExit) as info:
            parser.parse_args([command, "--help"])
        assert info.value.code == 0
        out = capsys.readouterr().out
        assert f"daniel {command}" in out
        assert len(out.splitlines()) >= 3


def test_sandbox_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sandbox", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--data-dir", "--reset"):
        assert option in out


@pytest.mark.usefixtures("secret_env")
def test_config_masks_every_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "ODOO_URL=https://acme.odoo.com/" in out
    assert "ODOO_API_KEY=****cdef" in out
    for value in SECRETS.values():
        assert value not in out


@pytest.mark.usefixtures("secret_env")
def test_no_secret_reaches_a_log_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    log = logging.getLogger("daniel.test")
    log.warning("connecting with key %s", SECRETS["ODOO_API_KEY"])
    log.error("headers: {'xi-api-key': '%s'}", SECRETS["ELEVENLABS_API_KEY"])
    log.info("Authorization: Bearer %s", SECRETS["MCP_TOKEN"])
    try:
        raise RuntimeError(f"failed with password={SECRETS['ODOO_PASSWORD']}")
    except RuntimeError:
        log.exception("boom")
    err = capsys.readouterr().err
    assert "connecting with key" in err
    for value in SECRETS.values():
        assert value not in err


def test_bad_setting_is_one_clear_line_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "daniel", "config"],
        env={"ODOO_URL": "ftp://nope", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("daniel: invalid setting ODOO_URL")
    assert "Traceback" not in result.stderr
