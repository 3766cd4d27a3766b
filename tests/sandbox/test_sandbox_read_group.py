"""read_group: counts, sums, date granularities and Odoo 17/18's row format (demo data)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from daniel.sandbox.orm.env import Env


def test_lazy_group_by_stage_sums_and_counts(demo: Env) -> None:
    leads = demo["crm.lead"]
    rows = leads.read_group([], ["expected_revenue:sum"], ["stage_id"])
    records = leads.search_read([], ["stage_id", "expected_revenue"])
    assert sum(r["stage_id_count"] for r in rows) == len(records)
    for row in rows:
        stage = row["stage_id"]
        members = [r for r in records if r["stage_id"] == stage]
        assert row["stage_id_count"] == len(members)
        assert row["expected_revenue"] == pytest.approx(sum(r["expected_revenue"] for r in members))
        assert isinstance(stage, list)
        assert isinstance(stage[0], int)
        assert isinstance(stage[1], str)
        assert row["__domain"] == [["stage_id", "=", stage[0]]]
        assert "__count" not in row
    stages = demo["crm.stage"].browse([r["stage_id"][0] for r in rows])
    sequences = [s["sequence"] for s in stages.read(["sequence"])]
    assert sequences == sorted(sequences)  # many2one groups follow the stage order


def test_group_domain_finds_the_group_again(demo: Env) -> None:
    orders = demo["sale.order"]
    base = [("amount_total", ">", 100)]
    for row in orders.read_group(base, ["amount_total:sum"], ["partner_id"]):
        assert orders.search_count(row["__domain"]) == row["partner_id_count"]
        assert row["__domain"][0] == "&"


def test_not_lazy_counts_every_combination(demo: Env) -> None:
    rows = demo["sale.order"].read_group([], ["amount_total:sum"], ["state", "user_id"], lazy=False)
    assert all("__count" in row and "state_count" not in row for row in rows)
    assert sum(row["__count"] for row in rows) == demo["sale.order"].search_count([])
    assert all("__context" not in row for row in rows)


def test_lazy_with_more_groupbys_gives_the_rest_in_context(demo: Env) -> None:
    rows = demo["sale.order"].read_group([], ["amount_total"], ["state", "user_id"])
    assert rows[0]["__context"] == {"group_by": ["user_id"]}
    assert [r["state"] for r in rows] == sorted(r["state"] for r in rows)


def test_date_granularity_month(demo: Env) -> None:
    orders = demo["sale.order"]
    rows = orders.read_group([], ["amount_total:sum"], ["date_order:month"])
    assert sum(r["date_order_count"] for r in rows) == orders.search_count([])
    starts = [r["__range"]["date_order:month"]["from"] for r in rows]
    assert starts == sorted(starts)
    for row in rows:
        span = row["__range"]["date_order:month"]
        assert re.fullmatch(r"[A-Z][a-z]+ \d{4}", row["date_order:month"])
        assert re.fullmatch(r"\d{4}-\d{2}-01 00:00:00", span["from"])
        assert row["__domain"] == [
            "&",
            ["date_order", ">=", span["from"]],
            ["date_order", "<", span["to"]],
        ]
        assert orders.search_count(row["__domain"]) == row["date_order_count"]


@pytest.mark.parametrize(
    ("granularity", "pattern"),
    [
        ("day", r"\d{2} [A-Z][a-z]{2} \d{4}"),
        ("week", r"W\d{1,2} \d{4}"),
        ("quarter", r"Q[1-4] \d{4}"),
        ("year", r"\d{4}"),
    ],
)
def test_other_granularities(demo: Env, granularity: str, pattern: str) -> None:
    rows = demo["crm.lead"].read_group([], ["expected_revenue"], [f"date_deadline:{granularity}"])
    labels = [r[f"date_deadline:{granularity}"] for r in rows]
    assert any(label is False for label in labels)  # leads without a deadline
    assert all(re.fullmatch(pattern, label) for label in labels if label)
    assert sum(r["date_deadline_count"] for r in rows) == demo["crm.lead"].search_count([])


def test_month_labels_follow_the_context_language(demo: Env) -> None:
    leads = demo["crm.lead"].with_env(demo.with_context(lang="es_ES"))
    rows = leads.read_group([("date_deadline", "!=", False)], [], ["date_deadline:month"])
    months = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
    assert all(r["date_deadline:month"].split()[0] in f"{months} diciembre" for r in rows)
    this_month = date.today().replace(day=1).isoformat()
    assert any(r["__range"]["date_deadline:month"]["from"] == this_month for r in rows)


def test_orderby_aggregate_and_count(demo: Env) -> None:
    leads = demo["crm.lead"]
    by_revenue = leads.read_group(
        [], ["expected_revenue:sum"], ["user_id"], orderby="expected_revenue desc"
    )
    sums = [r["expected_revenue"] for r in by_revenue]
    assert sums == sorted(sums, reverse=True)
    by_count = leads.read_group([], [], ["user_id"], orderby="__count desc", lazy=False)
    counts = [r["__count"] for r in by_count]
    assert counts == sorted(counts, reverse=True)


def test_many2many_groups_and_limits(demo: Env) -> None:
    leads = demo["crm.lead"]
    rows = leads.read_group([], [], ["tag_ids"])
    tagged = [r for r in rows if r["tag_ids"]]
    assert tagged
    assert all(leads.search_count(r["__domain"]) == r["tag_ids_count"] for r in tagged)
    assert leads.read_group([], [], ["tag_ids"], offset=1, limit=2) == rows[1:3]


def test_no_groupby_gives_one_total_row(demo: Env) -> None:
    rows = demo["sale.order.line"].read_group([], ["price_subtotal:sum", "product_uom_qty:avg"], [])
    assert len(rows) == 1
    assert rows[0]["__count"] == demo["sale.order.line"].search_count([])
    assert isinstance(rows[0]["price_subtotal"], float)


def test_aliases_and_explicit_aggregates(demo: Env) -> None:
    rows = demo["sale.order"].read_group(
        [], ["biggest:max(amount_total)", "orders:count(id)"], ["state"], lazy=False
    )
    for row in rows:
        assert row["orders"] == row["__count"]
        assert isinstance(row["biggest"], float)


def test_errors(demo: Env) -> None:
    leads = demo["crm.lead"]
    with pytest.raises(ValueError, match=r"Invalid\ field\ 'nope'\ on\ model\ 'crm\.lead'"):
        leads.read_group([], ["expected_revenue"], ["nope"])
    with pytest.raises(ValueError, match="Invalid aggregate function 'median'"):
        leads.read_group([], ["expected_revenue:median"], ["stage_id"])
    with pytest.raises(ValueError, match="not a stored field"):
        leads.read_group([], [], ["quotation_count"])
