"""Fixtures of the understanding tests: the bench package, the datasets, the target switch.

The bench lives in `bench/understanding/` (it is not part of the installed package); it is
imported here as `bench.understanding`. `understanding_target` tests run a representative
subset of the bank (both datasets) through the real server and local brain on every
`make test`, and hold the targets of issue 13 (≥ 97 % correct, no confident-wrong answer);
`-m understanding_target` runs just them.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "tests" / "server_avatar"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def sandbox_has_datasets() -> bool:
    from daniel.sandbox.server import SandboxThread

    return "dataset" in inspect.signature(SandboxThread).parameters


@pytest.fixture(scope="session")
def english_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The sandbox with the English dataset, where this Daniel has one (branch `dataset`)."""
    if not sandbox_has_datasets():
        pytest.skip("this sandbox has only the Spanish dataset (no --dataset yet)")
    from types import SimpleNamespace

    from daniel.sandbox.server import SandboxThread
    from daniel.settings import SANDBOX_ADMIN_API_KEY, SANDBOX_ADMIN_PASSWORD, SANDBOX_DB

    folder = tmp_path_factory.mktemp("sandbox-en")
    thread = SandboxThread(data_dir=folder, host="127.0.0.1", port=0, dataset="en")  # type: ignore[call-arg]
    thread.start()
    try:
        yield SimpleNamespace(
            url=thread.url, db=SANDBOX_DB, login="admin", password=SANDBOX_ADMIN_PASSWORD,
            api_key=SANDBOX_ADMIN_API_KEY, data_dir=folder,
        )  # fmt: skip
    finally:
        thread.stop()
