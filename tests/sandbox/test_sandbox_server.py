"""The sandbox server: health, record viewer, persistence, reset, concurrency, the CLI."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sandbox_helpers import Rpc, fetch, login, unique

from daniel.sandbox.database import Database, SandboxDataError
from daniel.sandbox.server import SandboxThread, start_sandbox
from daniel.sandbox.xmlrpc import process


def _get(url: str) -> tuple[int, str]:
    answer = fetch(url)
    return answer.status, answer.text


def test_health_like_real_odoo(sandbox: Any) -> None:
    status, body = _get(f"{sandbox.url}/web/health")
    assert status == 200
    assert json.loads(body) == {"status": "pass"}


def test_record_links_open_a_readable_page(sandbox: Any, admin: Rpc) -> None:
    lead = admin(
        "crm.lead",
        "search_read",
        [("partner_id", "!=", False)],
        fields=["name", "partner_id"],
        limit=1,
    )[0]
    status, page = _get(f"{sandbox.url}/odoo/crm.lead/{lead['id']}")
    assert status == 200
    assert f"<h1>{html.escape(lead['name'])}</h1>" in page
    assert "Expected Revenue" in page
    assert html.escape(lead["partner_id"][1]) in page
    assert f"/odoo/res.partner/{lead['partner_id'][0]}" in page
    assert _get(f"{sandbox.url}/odoo/crm/{lead['id']}")[0] == 200
    assert _get(f"{sandbox.url}/odoo/crm.lead/999999")[0] == 404
    assert _get(f"{sandbox.url}/odoo/no.such/1")[0] == 404
    status, index = _get(f"{sandbox.url}/odoo")
    assert status == 200
    assert "/odoo/project.task" in index
    first = admin("res.partner", "search_read", [], fields=["name"], order="name", limit=1)[0]
    status, listing = _get(f"{sandbox.url}/odoo/res.partner")
    assert status == 200
    assert html.escape(first["name"]) in listing


def test_changes_survive_a_restart_and_reset_reseeds(tmp_path: Path) -> None:
    first = SandboxThread(tmp_path)
    first.start()
    try:
        rpc = login(first.url, "sandbox", "admin", "admin")
        partners = rpc("res.partner", "search_count", [])
        kept = rpc("res.partner", "create", {"name": unique("Persistente")})
        lead = rpc("crm.lead", "search", [], limit=1)[0]
        rpc("crm.lead", "write", [lead], {"expected_revenue": 123456.0})
        doomed = rpc("res.partner", "create", {"name": unique("Borrado")})
        rpc("res.partner", "unlink", [doomed])
    finally:
        first.stop()
    second = SandboxThread(tmp_path, admin_password="nueva-clave")
    second.start()
    try:
        rpc = login(second.url, "sandbox", "admin", "nueva-clave")
        assert rpc("res.partner", "search_count", []) == partners + 1
        assert rpc("res.partner", "read", [kept], fields=["id"]) == [{"id": kept}]
        assert (
            rpc("crm.lead", "read", [lead], fields=["expected_revenue"])[0]["expected_revenue"]
            == 123456.0
        )
        assert rpc("res.partner", "read", [doomed], fields=["id"]) == []
        # deleted ids are never given again, as in Odoo
        assert rpc("res.partner", "create", {"name": unique("Nuevo")}) > doomed
        common = xmlrpc.client.ServerProxy(f"{second.url}/xmlrpc/2/common")
        assert common.authenticate("sandbox", "admin", "admin", {}) is False
    finally:
        second.stop()
    third = SandboxThread(tmp_path, reset=True)
    third.start()
    try:
        rpc = login(third.url, "sandbox", "admin", "admin")
        assert rpc("res.partner", "search_count", []) == partners
        assert rpc("res.partner", "read", [kept], fields=["id"]) == []
    finally:
        third.stop()


async def test_concurrent_creates_all_land(fresh_sandbox: Any) -> None:
    sandbox = fresh_sandbox
    tag = unique("Concurrente")
    headers = {"Authorization": f"bearer {sandbox.api_key}"}
    async with aiohttp.ClientSession(headers=headers) as http:

        async def create(index: int) -> int:
            url = f"{sandbox.url}/json/2/res.partner/create"
            async with http.post(url, json={"vals_list": {"name": f"{tag} {index}"}}) as response:
                assert response.status == 200
                created: list[int] = await response.json()
                return created[0]

        ids = await asyncio.gather(*(create(i) for i in range(50)))
        url = f"{sandbox.url}/json/2/res.partner/search_count"
        async with http.post(url, json={"domain": [["name", "=like", f"{tag} %"]]}) as response:
            assert await response.json() == 50
    assert len(set(ids)) == 50


async def test_start_sandbox_in_process(tmp_path: Path) -> None:
    sandbox = await start_sandbox(
        tmp_path, "127.0.0.1", 0, admin_password="admin", api_key="clave-de-prueba-123"
    )
    try:
        assert sandbox.port > 0
        assert sandbox.url == f"http://127.0.0.1:{sandbox.port}"
        async with aiohttp.ClientSession() as http:
            headers = {"Authorization": "bearer clave-de-prueba-123"}
            url = f"{sandbox.url}/json/2/res.users/context_get"
            async with http.post(url, json={}, headers=headers) as response:
                assert await response.json() == {"lang": "es_ES", "tz": "Europe/Madrid", "uid": 2}
    finally:
        await sandbox.close()


def test_a_foreign_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "sandbox.sqlite3").write_bytes(b"this is not a database" * 100)
    thread = SandboxThread(tmp_path)
    with pytest.raises(SandboxDataError, match="--reset"):
        thread.start()


async def test_search_read_of_20_leads_is_fast_server_side(tmp_path: Path) -> None:
    db = Database(tmp_path, admin_password="admin", api_key="k" * 20, reset=False)
    await db.open()
    request = xmlrpc.client.dumps(
        (
            "sandbox",
            2,
            "admin",
            "crm.lead",
            "search_read",
            [[]],
            {
                "fields": [
                    "name",
                    "partner_id",
                    "user_id",
                    "stage_id",
                    "expected_revenue",
                    "probability",
                ],
                "limit": 20,
            },
        ),
        "execute_kw",
    ).encode()

    def measure() -> float:
        timings = []
        for _ in range(60):
            started = time.thread_time()  # CPU time of this thread: stable under load
            process(db, "object", request, legacy=False)
            timings.append(time.thread_time() - started)
        return statistics.median(timings) * 1000

    try:
        median_ms = await db.run(measure)
    finally:
        await db.close()
    assert median_ms < 8.0, f"search_read of 20 leads took {median_ms:.2f} ms server-side"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_daniel_sandbox_command_serves_until_interrupted(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """Ctrl-C (also when started in the background, where SIGINT comes in ignored) and
    SIGTERM (containers) both stop it cleanly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANDBOX_", "LOG_"))}
    env["LOG_FORMAT"] = "json"
    command = [
        sys.executable,
        "-m",
        "daniel",
        "sandbox",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path / "data"),
    ]
    proc = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        # As a background job of a non-interactive shell: SIGINT arrives ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    url = None
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 30
        ready = False
        while not ready and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
            url = found.group(1) if found else url
            ready = "Ctrl-C" in line
        assert url, "".join(lines)
        assert json.loads(_get(f"{url}/web/health")[1]) == {"status": "pass"}
        proc.send_signal(stop)
        try:
            rest = proc.communicate(timeout=20)[1]
        except subprocess.TimeoutExpired:
            proc.kill()
            rest = proc.communicate()[1]
            pytest.fail("Ctrl-C did not stop the sandbox:\n" + "".join(lines) + rest)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    logs = "".join(lines) + rest
    assert "database 'sandbox'" in logs
    assert "SANDBOX_API_KEY" in logs
    assert "stopped" in logs
    assert (tmp_path / "data" / "sandbox.sqlite3").is_file()


def test_a_busy_port_is_a_clear_error_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from argparse import Namespace

    from daniel.sandbox.server import main
    from daniel.settings import load_settings

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = Namespace(host=None, port=port, data_dir=tmp_path, reset=False)
        assert main(load_settings(), args) == 1
    assert "address already in use" in caplog.text
