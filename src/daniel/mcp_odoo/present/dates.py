"""Dates as people say them: "2026-11-27", "27/11", "hoy", "tomorrow", "el viernes"."""

from __future__ import annotations

import datetime as dt

from daniel.language.dates import DateMatch, find_dates
from daniel.language.text import fold as fold_text
from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.tool_registry import ToolError, shorten
from daniel.mcp_odoo.present.i18n import t

DATE_HINT = "a date like 2026-11-27, 27/11, 'today', 'tomorrow' or a weekday ('friday', 'viernes')"


def parse_day(text: str, *, param: str, lang: Lang, today: dt.date | None = None) -> dt.date:
    """The calendar day `text` names, or a clear tool error naming `param`.

    ISO dates first; then the shared date grammar of `daniel.language.dates` ("hoy",
    "mañana", "el viernes", "27/11", "in 3 days", "next week" → its Monday), the one the
    understanding engine reads questions with."""
    today = today or dt.date.today()
    raw = text.strip()
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    found = find_dates(fold_text(raw), today, lang, prefer_future=True)
    if len(found) == 1 and _covers(found[0], fold_text(raw)):
        span = found[0].span
        return span.start if span.grain != "day" else span.end
    problem = f"cannot read {shorten(text)!r} as a date; use {DATE_HINT}"
    raise ToolError(t(lang, "bad_value", param=param, problem=problem))


def _covers(match: DateMatch, text: str) -> bool:
    """The date expression is (almost) all the text says: no stray words left."""
    rest = (text[: match.start] + " " + text[match.end :]).split()
    return all(word in _FILLER_WORDS for word in rest)


_FILLER_WORDS = frozenset(
    ["el", "la", "the", "on", "this", "este", "esta", "next", "proximo", "proxima", "for", "para"]
)


def week_bounds(today: dt.date, weeks_ahead: int = 0) -> tuple[dt.date, dt.date]:
    """[Monday, next Monday) of the week `weeks_ahead` weeks from `today`'s."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)
    return monday, monday + dt.timedelta(days=7)


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """First day of this month and first day of the next one."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following
