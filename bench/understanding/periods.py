"""Calendar periods as the business definitions of docs/understanding.md name them.

`period_range(name, today)` → (first day, day after the last). Weeks run Monday–Sunday;
quarters and Q1–Q4 are calendar quarters of the current year; "by_friday" is today up to
the coming Friday inclusive (today itself on a Friday).
"""

from __future__ import annotations

from datetime import date, timedelta


def _month(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def period_range(name: str, today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    if name == "today":
        return today, today + timedelta(days=1)
    if name == "tomorrow":
        return today + timedelta(days=1), today + timedelta(days=2)
    if name == "this_week":
        return monday, monday + timedelta(days=7)
    if name == "next_week":
        return monday + timedelta(days=7), monday + timedelta(days=14)
    if name == "this_month":
        return _month(today.year, today.month)
    if name == "last_month":
        first = today.replace(day=1) - timedelta(days=1)
        return _month(first.year, first.month)
    if name == "next_month":
        after = _month(today.year, today.month)[1]
        return _month(after.year, after.month)
    if name in ("this_quarter", "q1", "q2", "q3", "q4"):
        quarter = (today.month - 1) // 3 + 1 if name == "this_quarter" else int(name[1])
        start = date(today.year, 3 * quarter - 2, 1)
        return start, _month(today.year, 3 * quarter)[1]
    if name == "last_quarter":
        start = period_range("this_quarter", today)[0]
        before = start - timedelta(days=1)
        return period_range("this_quarter", before)[0], start
    if name == "this_year":
        return date(today.year, 1, 1), date(today.year + 1, 1, 1)
    if name == "last_year":
        return date(today.year - 1, 1, 1), date(today.year, 1, 1)
    if name == "by_friday":
        return today, today + timedelta(days=(4 - today.weekday()) % 7 + 1)
    raise KeyError(name)
