"""docs/operations.md stays true to the code it documents."""

from __future__ import annotations

import re

from deploy_files import REPO, load_yaml

from daniel import metrics
from daniel.mcp_odoo.core import config as mcp_config
from daniel.server_avatar import protocol

DOC = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")


def test_metrics_table_is_generated_from_the_code() -> None:
    match = re.search(r"<!-- metrics-table:start -->\n(.*?)<!-- metrics-table:end -->", DOC, re.S)
    assert match, "the metrics table markers are missing"
    assert match.group(1) == metrics.markdown_table(), (
        "docs/operations.md is out of date: paste the output of `python -m daniel.metrics`"
    )


def test_every_alert_is_documented() -> None:
    groups = load_yaml(REPO / "deploy" / "prometheus" / "alerts.yml")["groups"]
    for rule in (rule for group in groups for rule in group["rules"]):
        assert f"`{rule['alert']}`" in DOC, f"{rule['alert']} is not in docs/operations.md"


def test_documented_limits_match_the_code() -> None:
    assert protocol.MAX_TEXT_FRAME == protocol.MAX_BINARY_FRAME == 64 * 1024
    assert "| 64 KiB each |" in DOC
    assert f"| {protocol.MAX_MESSAGES_PER_SECOND} per second |" in DOC
    assert f"| {protocol.MAX_USER_TEXT} characters |" in DOC
    assert f"| {mcp_config.MAX_LIMIT} (default {mcp_config.DEFAULT_LIMIT}) |" in DOC
    assert f"| {int(mcp_config.CONFIRM_TTL_SECONDS)} s, single use |" in DOC
