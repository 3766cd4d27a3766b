"""Fixtures of the fault tests: every test ends with no traceback in the logs."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_exception_escapes(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.WARNING)
    yield
    gc.collect()  # "Task exception was never retrieved" is logged when a task is collected
    text = caplog.text
    assert "Traceback" not in text, text
    assert "Task exception was never retrieved" not in text, text
    assert "exception was never retrieved" not in text, text
