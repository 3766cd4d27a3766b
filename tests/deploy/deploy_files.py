"""Paths and loaders shared by the deployment tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from daniel import metrics
from daniel.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"

#: Setting names Daniel reads (`ODOO_URL`...): a typo in a deployment file is a silent default.
SETTING_NAMES = frozenset(name.upper() for name in Settings.model_fields)

#: Series Prometheus itself adds to every scrape.
PROMETHEUS_SERIES = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})

_SERIES_NAME = re.compile(r"\b((?:daniel|process)_[a-z0-9_]+|up)\b(?!\s*\()")


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def exposed_series() -> set[str]:
    """Every sample name a Daniel process can expose on /metrics."""
    names = {series for info in metrics.CATALOG for series in info.series}
    return names | set(metrics.PROCESS_SERIES) | PROMETHEUS_SERIES


def series_in(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (label values and functions excluded)."""
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    return set(_SERIES_NAME.findall(without_strings))
