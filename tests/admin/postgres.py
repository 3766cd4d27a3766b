"""A throwaway PostgreSQL database per test, on Debian's PostgreSQL 15 cluster.

`.ci/run` starts the cluster; here it is started again if needed (as root), a test role
is made once, and each test gets its own database, dropped afterwards. When PostgreSQL
cannot be started or reached the test is skipped, saying why.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import time

import pytest

HOST, PORT = "127.0.0.1", 5432
ROLE = "daniel_test"
PASSWORD = "pg-secret-7Qx4"
_CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
_ROLE_SQL = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
    "CREATE ROLE {role} LOGIN CREATEDB; END IF; END $$; "
    "ALTER ROLE {role} PASSWORD '{password}';"
)


def _listening() -> bool:
    try:
        with socket.create_connection((HOST, PORT), 0.5):
            return True
    except OSError:
        return False


def ensure_server() -> str:
    """The URL of the `postgres` database as the test role; skips when impossible."""
    if not _listening():
        if shutil.which("pg_ctlcluster") is None:
            pytest.skip("PostgreSQL is not installed (Debian postgresql-15): not tested on it")
        if os.geteuid() != 0:
            pytest.skip("PostgreSQL is not running and only root can start it here")
        subprocess.run(_CLUSTER, capture_output=True, check=False, timeout=60)
        deadline = time.monotonic() + 20
        while not _listening():
            if time.monotonic() > deadline:
                pytest.skip(f"PostgreSQL 15 did not start: `{' '.join(_CLUSTER)}` failed")
            time.sleep(0.2)
    if os.geteuid() == 0 and shutil.which("runuser"):
        sql = _ROLE_SQL.format(role=ROLE, password=PASSWORD)
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True,
            check=False,
            timeout=30,
        )
        if done.returncode != 0:
            pytest.skip(f"PostgreSQL: the test role could not be made ({done.stderr[:200]!r})")
    return f"postgresql://{ROLE}:{PASSWORD}@{HOST}:{PORT}/postgres"


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        host=HOST, port=PORT, user=ROLE, password=PASSWORD, database="postgres"
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def create_database() -> tuple[str, str]:
    """(name, URL) of a new empty database."""
    ensure_server()
    name = "daniel_test_" + secrets.token_hex(6)
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        pytest.skip(f"PostgreSQL unreachable as {ROLE}: {exc}")
    return name, f"postgresql://{ROLE}:{PASSWORD}@{HOST}:{PORT}/{name}"


def drop_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
