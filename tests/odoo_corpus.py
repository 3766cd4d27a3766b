"""The recorded Odoo 18 corpus (../shared/odoo-corpus): one path, one rule when it is
missing. Every corpus test either takes the `corpus` fixture (tests/conftest.py) or is
parametrized with `cases(...)`; without the corpus both skip with `MISSING` as the reason,
so a run shows how many corpus tests did not run instead of collecting zero cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "odoo-corpus"
MISSING = f"recorded Odoo corpus not found at {CORPUS} (it lives in ../shared)"


def require() -> Path:
    """The corpus folder; skips the test when it is missing."""
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    return CORPUS


def load(name: str) -> list[dict[str, Any]]:
    """The entries of one corpus file (none when the corpus is missing)."""
    path = CORPUS / name
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else []


def cases(params: list[Any], arity: int = 1) -> list[Any]:
    """`params` for `pytest.mark.parametrize`, or one case that skips with `MISSING` when
    the corpus is not there (`arity`: how many argument names the test takes)."""
    if CORPUS.is_dir():
        return params
    return [pytest.param(*[None] * arity, id="no-corpus", marks=pytest.mark.skip(reason=MISSING))]
