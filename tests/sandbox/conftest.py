"""Fixtures of the sandbox tests.

- `demo`: the demo data in memory (no HTTP), as the admin, for fast ORM-level tests;
  tests add their own records and never rely on exact totals.
- `blank`: an empty in-memory database (superuser), for domain tests on hand-made records.
- `admin` / `laura`: XML-RPC callers on the session sandbox (real HTTP).
"""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import LAURA_LOGIN, LAURA_PASSWORD, Rpc, login, memory_env

from daniel.sandbox.orm.env import Env


@pytest.fixture(scope="session")
def demo() -> Env:
    return memory_env(seed=True)


@pytest.fixture
def blank() -> Env:
    return memory_env(seed=False, uid=1)


@pytest.fixture(scope="session")
def admin(sandbox: Any) -> Rpc:
    return login(sandbox.url, sandbox.db, sandbox.login, sandbox.password)


@pytest.fixture(scope="session")
def laura(sandbox: Any) -> Rpc:
    return login(sandbox.url, sandbox.db, LAURA_LOGIN, LAURA_PASSWORD)
