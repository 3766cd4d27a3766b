"""Choosing the demo dataset: `daniel sandbox --dataset`, SANDBOX_DATASET, one database
file per dataset, and a clear refusal instead of mixed data."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sandbox_helpers import Rpc, login, served, unique

from daniel.resources.odoo import datasets
from daniel.sandbox.database import SandboxDataError, file_name
from daniel.sandbox.server import SandboxThread, main, start_sandbox
from daniel.settings import Settings, SettingsError, load_settings


def _company(rpc: Rpc) -> tuple[str, str]:
    row = rpc("res.company", "search_read", [], fields=["name", "currency_id"])[0]
    return row["name"], row["currency_id"][1]


def test_each_dataset_has_its_own_database_file(tmp_path: Path) -> None:
    with served(tmp_path) as rpc:
        assert _company(rpc) == ("Daniel Demo S.L.", "EUR")
        mine = rpc("res.partner", "create", {"name": unique("Solo en español")})
    with served(tmp_path, dataset="english") as rpc:
        assert _company(rpc) == ("Summit Ridge Technologies, Inc.", "USD")
        assert rpc("res.partner", "search_count", [("name", "like", "Solo en español")]) == 0
    assert {p.name for p in tmp_path.glob("*.sqlite3")} == {file_name("es"), file_name("en")}
    with served(tmp_path, dataset="es") as rpc:
        assert rpc("res.partner", "read", [mine], fields=["id"]) == [{"id": mine}]


def test_a_file_of_another_dataset_is_refused_with_the_reset_hint(tmp_path: Path) -> None:
    with served(tmp_path, dataset="es"):
        pass
    shutil.copy(tmp_path / file_name("es"), tmp_path / file_name("en"))
    with pytest.raises(
        SandboxDataError, match=r"holds the 'es' demo dataset.*--dataset en --reset"
    ):
        SandboxThread(tmp_path, dataset="en").start()
    with served(tmp_path, dataset="en", reset=True) as rpc:
        assert _company(rpc)[1] == "USD"


async def test_the_english_company_speaks_english(tmp_path: Path) -> None:
    sandbox = await start_sandbox(
        tmp_path, "127.0.0.1", 0, admin_password="admin", api_key="clave-1234", dataset="en"
    )
    try:
        async with aiohttp.ClientSession(headers={"Authorization": "bearer clave-1234"}) as http:
            url = f"{sandbox.url}/json/2/res.users/context_get"
            async with http.post(url, json={}) as response:
                assert await response.json() == {
                    "lang": "en_US",
                    "tz": "America/New_York",
                    "uid": 2,
                }
            url = f"{sandbox.url}/odoo/sale.order/1"
            async with http.get(url) as response:
                page = await response.text()
        assert "$" in page
        assert "€" not in page
    finally:
        await sandbox.close()


def test_the_user_list_is_readable(admin: Rpc, sandbox: Any) -> None:
    """Logins and names of the demo users, for a login page listing the accounts."""
    users = admin("res.users", "search_read", [], fields=["login", "name"], order="id")
    expected = [u for u in datasets.load(sandbox.dataset).users if u.login != "__system__"]
    assert [(u["login"], u["name"]) for u in users] == [(u.login, u.name) for u in expected]
    for user in expected[1:]:  # password = login for every demo user but admin
        assert login(sandbox.url, sandbox.db, user.login, user.login).uid > 2


def test_the_setting_takes_names_and_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().sandbox_dataset == "es"
    monkeypatch.setenv("SANDBOX_DATASET", "English")
    assert load_settings().sandbox_dataset == "en"
    monkeypatch.setenv("SANDBOX_DATASET", "klingon")
    with pytest.raises(SettingsError, match=r"klingon.*es, en"):
        load_settings()


def test_an_unknown_dataset_option_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    args = Namespace(host=None, port=0, data_dir=tmp_path, reset=False, dataset="fr")
    assert main(load_settings(), args) == 2
    assert "unknown sandbox dataset 'fr'" in caplog.text
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_daniel_run_serves_the_dataset_of_the_setting(tmp_path: Path) -> None:
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        SANDBOX_DATASET="en",
        SANDBOX_DATA_DIR=str(tmp_path / "data"),
        SANDBOX_PORT=str(ports[0]),
        SERVER_PORT=str(ports[1]),
        MCP_AUDIT_LOG=str(tmp_path / "audit.jsonl"),
    )
    command = [sys.executable, "-m", "daniel", "run", "--no-mcp-http"]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Daniel is ready")
        rpc = login(f"http://127.0.0.1:{ports[0]}", "sandbox", "admin", "admin")
        assert _company(rpc) == ("Summit Ridge Technologies, Inc.", "USD")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert (tmp_path / "data" / file_name("en")).is_file()
    assert not (tmp_path / "data" / file_name("es")).exists()
