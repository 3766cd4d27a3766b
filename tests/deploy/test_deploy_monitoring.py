"""Prometheus, alert rules and the Grafana dashboard use exactly the metrics Daniel exposes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from deploy_files import DEPLOY, exposed_series, load_yaml, series_in

from daniel import metrics

promql_parser = pytest.importorskip("promql_parser", reason="pip install promql-parser")

REQUIRED_ALERTS = {
    "DanielServiceErrorRate",  # error rate per service
    "DanielTurnLatencyHigh",  # p95 turn latency
    "DanielOdooUnreachable",
    "DanielCircuitBreakerOpen",
    "DanielMCPDown",
}


def _rules() -> list[dict[str, Any]]:
    groups = load_yaml(DEPLOY / "prometheus" / "alerts.yml")["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DEPLOY / "grafana" / "dashboards" / "daniel.json").read_text(encoding="utf-8")
    )
    return data


def _dashboard_exprs() -> list[str]:
    return [
        target["expr"] for panel in _dashboard()["panels"] for target in panel.get("targets", [])
    ]


def test_prometheus_scrapes_both_servers_where_compose_runs_them() -> None:
    config = load_yaml(DEPLOY / "prometheus" / "prometheus.yml")
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    compose = load_yaml(DEPLOY / "docker-compose.yml")["services"]
    for job, service, port in (("daniel-server", "server", 8080), ("daniel-mcp", "mcp", 8000)):
        assert jobs[job]["metrics_path"] == "/metrics"
        assert jobs[job]["static_configs"][0]["targets"] == [f"{service}:{port}"]
        assert compose[service]["environment"][f"{service.upper()}_PORT"] == str(port)
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    assert "./prometheus:/etc/prometheus:ro" in compose["prometheus"]["volumes"]


def test_the_required_alerts_exist_with_severity_and_summary() -> None:
    rules = {rule["alert"]: rule for rule in _rules()}
    assert set(rules) >= REQUIRED_ALERTS
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"warning", "critical"}, name
        assert rule["annotations"]["summary"], name
        assert rule["for"], f"{name} fires on a single bad scrape"


def test_every_alert_expression_parses_and_reads_existing_metrics() -> None:
    known = exposed_series()
    for rule in _rules():
        promql_parser.parse(rule["expr"])
        used = series_in(rule["expr"])
        assert used, f"{rule['alert']} reads no metric"
        assert used <= known, f"{rule['alert']} reads unknown {used - known}"


def test_every_dashboard_query_parses_and_reads_existing_metrics() -> None:
    known = exposed_series()
    exprs = _dashboard_exprs()
    assert len(exprs) >= 15
    for expr in exprs:
        promql_parser.parse(expr.replace("$__rate_interval", "1m"))
        assert series_in(expr) <= known, f"unknown metric in {expr}"


def test_the_dashboard_shows_every_daniel_metric() -> None:
    used = set().union(*(series_in(expr) for expr in _dashboard_exprs()))
    for info in metrics.CATALOG:
        if info.kind == "info":
            continue
        assert used & set(info.series), f"{info.name} is on no dashboard panel"


def test_the_checks_catch_a_misspelt_metric() -> None:
    assert series_in('sum(rate(daniel_turn_latency_second_bucket{stage="end"}[5m]))') == {
        "daniel_turn_latency_second_bucket"
    }
    assert not {"daniel_turn_latency_second_bucket"} <= exposed_series()
    with pytest.raises(ValueError, match="parenthesis"):
        promql_parser.parse("sum(rate(daniel_ws_messages_total[5m])")


def test_dashboard_panels_use_the_templated_data_source_and_fit_the_grid() -> None:
    dashboard = _dashboard()
    assert dashboard["uid"] == "daniel-overview"
    variables = {var["name"]: var for var in dashboard["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]


def test_grafana_provisioning_points_at_the_mounted_dashboards() -> None:
    provider = load_yaml(DEPLOY / "grafana" / "provisioning" / "dashboards" / "daniel.yml")
    path = provider["providers"][0]["options"]["path"]
    grafana = load_yaml(DEPLOY / "docker-compose.yml")["services"]["grafana"]
    assert f"./grafana/dashboards:{path}:ro" in grafana["volumes"]
    sources = load_yaml(DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml")
    assert sources["datasources"][0]["url"] == "http://prometheus:9090"
