"""Fixtures of the sandbox tests.

Every test here runs once per demo dataset (`sandbox_dataset` is parametrized), so the
sandbox is proven on the Spanish and the English company alike.

- `demo`: the demo data in memory (no HTTP), as the admin, for fast ORM-level tests;
  tests add their own records and never rely on exact totals.
- `blank`: an empty in-memory database (superuser), for domain tests on hand-made records.
- `admin` / `laura`: XML-RPC callers on the session sandbox (real HTTP); `laura` is the
  dataset's restricted salesperson (laura in `es`, megan in `en`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sandbox_helpers import Rpc, login, memory_env, restricted

from daniel.resources.odoo import datasets
from daniel.sandbox.orm.env import Env


@pytest.fixture(scope="session", params=datasets.NAMES)
def sandbox_dataset(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sandbox(sandbox_dataset: str, sandbox_of: Callable[[str], Any]) -> Any:
    """The session sandbox of `sandbox_dataset` (overrides the Spanish-only one)."""
    return sandbox_of(sandbox_dataset)


@pytest.fixture(scope="session")
def demo(sandbox_dataset: str) -> Env:
    return memory_env(seed=True, dataset=sandbox_dataset)


@pytest.fixture
def blank() -> Env:
    return memory_env(seed=False, uid=1)


@pytest.fixture(scope="session")
def admin(sandbox: Any) -> Rpc:
    return login(sandbox.url, sandbox.db, sandbox.login, sandbox.password)


@pytest.fixture(scope="session")
def laura(sandbox: Any) -> Rpc:
    user, password, _key = restricted(sandbox.dataset)
    return login(sandbox.url, sandbox.db, user, password)
