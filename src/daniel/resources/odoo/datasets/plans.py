"""Schedules every dataset shares: which leads are won or lost, when tasks are due, the
state of orders by age. Dates are relative to `today`, so every start has opportunities
closing this month, tasks overdue / due today / due this week and orders across six months.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

LEADS = 66


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == ".")


def short_name(company: str, suffixes: tuple[str, ...]) -> str:
    """ "Talleres Ruiz S.L." -> "Talleres Ruiz" (the name people say)."""
    for suffix in suffixes:
        if company.endswith(suffix):
            return company[: -len(suffix)]
    return company


def month_bounds(today: date) -> tuple[date, int]:
    """The first day of today's month and the number of days in it."""
    start = today.replace(day=1)
    return start, ((start + timedelta(days=32)).replace(day=1) - start).days


def lead_plan(companies: int, needs: list[str]) -> list[tuple[int | None, str, str]]:
    """(company index or None, need, type) of the generated leads, names all different."""
    plan: list[tuple[int | None, str, str]] = []
    used: set[tuple[int | None, str]] = set()
    for i in range(LEADS):
        company: int | None = None if i % 9 == 4 else (i * 5) % companies
        step = 0
        need = needs[(i * 11) % len(needs)]
        while (company, need) in used:
            step += 1
            need = needs[(i * 11 + step) % len(needs)]
        used.add((company, need))
        kind = "lead" if company is None or i % 11 == 7 else "opportunity"
        plan.append((company, need, kind))
    return plan


def lead_outcome(index: int) -> str:
    if index in (30, 57):
        return "archived"
    if index % 8 == 5:
        return "won"
    if index % 13 == 9:
        return "lost"
    return "open"


def task_schedule(
    counter: int, today: date, week_start: date, rng: random.Random
) -> tuple[int, str, date | None]:
    """(stage index, state, deadline) so that some tasks are overdue, due today, this week."""
    pattern = counter % 10
    if pattern == 0:
        return 3, "1_done", today - timedelta(days=rng.randint(5, 40))
    if pattern == 1:
        return 1, "01_in_progress", today - timedelta(days=rng.randint(1, 10))
    if pattern == 2:
        return 1, "01_in_progress", today
    if pattern == 3:
        return 0, "01_in_progress", week_start + timedelta(days=rng.randint(0, 6))
    if pattern == 4:
        return 1, "01_in_progress", week_start + timedelta(days=counter % 7)
    if pattern == 5:
        return (
            2,
            rng.choice(["02_changes_requested", "03_approved"]),
            today + timedelta(days=rng.randint(1, 14)),
        )
    if pattern == 6:
        return 0, "01_in_progress", today + timedelta(days=rng.randint(8, 45))
    if pattern == 7:
        return 0, "01_in_progress", None
    if pattern == 8:
        return 1, "04_waiting_normal", today + timedelta(days=rng.randint(2, 20))
    return (
        3,
        "1_canceled" if counter % 30 == 9 else "1_done",
        today - timedelta(days=rng.randint(2, 30)),
    )


def own_task_schedule(due: str, today: date, week_start: date) -> tuple[int, str, date | None]:
    """(stage index, state, deadline) of a hand-written task (see `model.OwnTask`)."""
    if due == "overdue":
        return 1, "01_in_progress", today - timedelta(days=3)
    if due == "today":
        return 1, "01_in_progress", today
    if due == "week":  # Friday, or today at the weekend
        return 0, "01_in_progress", max(today, week_start + timedelta(days=4))
    if due == "later":
        return 0, "01_in_progress", today + timedelta(days=12)
    if due == "done":
        return 3, "1_done", today - timedelta(days=6)
    return 0, "01_in_progress", None


RECENT_STATES = ["draft", "sent", "draft", "sale", "sent", "draft", "sale", "draft"]


def order_state(offset: int, newest: int, rng: random.Random) -> str:
    """State of an order `offset` days old (`newest` = 0 for the most recent one)."""
    if newest < len(RECENT_STATES):
        return RECENT_STATES[newest]
    roll = rng.random()
    if offset > 60:
        return "sale" if roll < 0.8 else "cancel"
    if offset > 15:
        return "sale" if roll < 0.6 else "sent" if roll < 0.85 else "cancel"
    return "draft" if roll < 0.5 else "sent" if roll < 0.8 else "sale"
