"""The oracle against a plain reading of the sandbox: every record read once, filtered in
Python by the business definitions of docs/understanding.md. The two paths share nothing
but the definitions, so a wrong domain, period bound or time-zone shift shows up here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bench.understanding.erp import load_snapshot
from bench.understanding.oracle import Oracle
from bench.understanding.slots import SlotValue

from daniel.odoo import OdooClient


def _local_day(stamp: Any, tz: str) -> date | None:
    if not stamp:
        return None
    text = str(stamp)
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).date()


@pytest.fixture
async def plain(sandbox: Any) -> Any:
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        snap = await load_snapshot(odoo)
        everything = {"active_test": False}
        leads = await odoo.search_read(
            "crm.lead", [], ["type", "stage_id", "active", "probability", "expected_revenue",
                             "user_id"], context=everything,
        )  # fmt: skip
        tasks = await odoo.search_read("project.task", [], ["state", "date_deadline", "user_ids"])
        orders = await odoo.search_read("sale.order", [], ["state", "date_order", "amount_untaxed"])
        yield Oracle(odoo, snap), snap, leads, tasks, orders


async def test_opportunities_leads_won_and_lost_follow_the_definitions(plain: Any) -> None:
    oracle, snap, leads, _, _ = plain
    won = set(snap.won_stage_ids)
    opps = [r for r in leads if r["type"] == "opportunity"]
    open_opps = [r for r in opps if r["active"] and r["stage_id"][0] not in won]
    expect = {
        "open": len(open_opps),
        "won": len([r for r in opps if r["active"] and r["stage_id"][0] in won]),
        "lost": len([r for r in opps if not r["active"] and r["probability"] == 0]),
    }
    for state, count in expect.items():
        got = await oracle.expect({"count": "opportunity", "state": state}, {}, "es")
        assert got.count == count, state
    leads_only = [r for r in leads if r["type"] == "lead" and r["active"]]
    assert (await oracle.expect({"count": "lead"}, {}, "es")).count == len(
        [r for r in leads_only if r["stage_id"][0] not in won]
    )
    pipeline = await oracle.expect({"sum": "opportunity"}, {}, "es")
    assert pipeline.amount == pytest.approx(sum(r["expected_revenue"] for r in open_opps))
    assert expect["open"] > 0
    assert len(leads_only) > 0  # the two are told apart on this data


async def test_tasks_overdue_and_due_today_use_the_users_day(plain: Any) -> None:
    oracle, snap, _, tasks, _ = plain
    today = snap.today
    open_tasks = [t for t in tasks if t["state"] not in ("1_done", "1_canceled")]
    days = [_local_day(t["date_deadline"], snap.tz) for t in open_tasks]
    overdue = sum(1 for d in days if d is not None and d < today)
    due_today = sum(1 for d in days if d == today)
    mine = sum(1 for t in open_tasks if snap.uid in t["user_ids"])
    assert (await oracle.expect({"count": "task", "state": "overdue"}, {}, "es")).count == overdue
    got = await oracle.expect({"count": "task", "period": "today"}, {}, "es")
    assert got.count == due_today
    assert (await oracle.expect({"count": "task", "mine": True}, {}, "es")).count == mine
    assert overdue > 0


async def test_sales_are_confirmed_orders_before_tax_in_the_period(plain: Any) -> None:
    oracle, snap, _, _, orders = plain
    today = snap.today
    month = today.replace(day=1)
    last_month = (month - timedelta(days=1)).replace(day=1)
    confirmed = [o for o in orders if o["state"] in snap.order_states]
    for period, start, end in (("this_month", month, None), ("last_month", last_month, month)):
        wanted = [
            o for o in confirmed
            if (day := _local_day(o["date_order"], snap.tz)) is not None and day >= start
            and (end is None or day < end)
        ]  # fmt: skip
        got = await oracle.expect({"sum": "order", "period": period}, {}, "es")
        assert got.amount == pytest.approx(sum(o["amount_untaxed"] for o in wanted)), period
        assert got.tax_basis
    quotations = [o for o in orders if o["state"] in ("draft", "sent")]
    assert (await oracle.expect({"count": "quotation"}, {}, "es")).count == len(quotations)


async def test_the_salesperson_with_the_biggest_pipeline(plain: Any) -> None:
    oracle, snap, leads, _, _ = plain
    won = set(snap.won_stage_ids)
    totals: dict[str, float] = {}
    for r in leads:
        is_open = r["type"] == "opportunity" and r["active"] and r["stage_id"][0] not in won
        if is_open and r["user_id"]:
            totals[r["user_id"][1]] = totals.get(r["user_id"][1], 0) + r["expected_revenue"]
    best = max(totals.values())
    got = await oracle.expect(
        {"group_top": "opportunity", "group": "user", "by": "expected_revenue"}, {}, "es"
    )
    assert got.winners == sorted(n for n, t in totals.items() if t == best)
    someone = next(u for u in snap.users if u["name"] == got.winners[0])
    person = SlotValue(someone["name"], "res.users", someone["id"])
    theirs = await oracle.expect({"sum": "opportunity", "user": "{p}"}, {"p": person}, "es")
    assert theirs.amount == pytest.approx(best)


async def test_what_was_sold_of_a_product_is_its_lines_not_the_orders(plain: Any) -> None:
    oracle, snap, _, _, orders = plain
    confirmed = {o["id"] for o in orders if o["state"] in snap.order_states}
    lines = await oracle.odoo.search_read(
        "sale.order.line", [], ["order_id", "product_id", "price_subtotal", "display_type"]
    )
    sold: dict[int, float] = {}
    for line in lines:
        if line["order_id"][0] in confirmed and line["product_id"] and not line["display_type"]:
            sold[line["product_id"][0]] = (
                sold.get(line["product_id"][0], 0) + line["price_subtotal"]
            )
    pid = max(sold, key=lambda p: (sold[p], -p))
    name = snap.name_of("product.product", pid)
    got = await oracle.expect(
        {"product_sales": "order", "product": "{p}"},
        {"p": SlotValue(name, "product.product", pid)},
        "es",
    )
    assert got.amount == pytest.approx(sold[pid])
    assert got.tax_basis
    top = await oracle.expect({"group_top": "order", "group": "product"}, {}, "en")
    assert top.winners == [name]
