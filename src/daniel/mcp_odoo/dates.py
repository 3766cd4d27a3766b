"""Dates as people say them: "2026-11-27", "27/11", "hoy", "tomorrow", "el viernes"."""

from __future__ import annotations

import datetime as dt
import re

from daniel.mcp_odoo.config import Lang
from daniel.mcp_odoo.helpers import fold
from daniel.mcp_odoo.i18n import t
from daniel.mcp_odoo.registry import ToolError, shorten

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
}
_RELATIVE = {
    "today": 0,
    "hoy": 0,
    "tomorrow": 1,
    "manana": 1,
    "day after tomorrow": 2,
    "pasado manana": 2,
    "yesterday": -1,
    "ayer": -1,
}
_NEXT_WEEK = {"next week", "la semana que viene", "la proxima semana", "semana que viene"}
_FILLER = re.compile(r"^(el|la|this|este|esta|on|next|proximo|proxima)\s+")
_IN_DAYS = re.compile(r"^(?:in|en|\+)\s*(\d{1,3})\s*(?:d|days?|dias?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$")

DATE_HINT = "a date like 2026-11-27, 27/11, 'today', 'tomorrow' or a weekday ('friday', 'viernes')"


def parse_day(text: str, *, param: str, lang: Lang, today: dt.date | None = None) -> dt.date:
    """The calendar day `text` names, or a clear tool error naming `param`."""
    today = today or dt.date.today()
    raw = text.strip()
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    words = fold(raw)
    if words in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[words])
    if words in _NEXT_WEEK:
        return today + dt.timedelta(days=7 - today.weekday())
    match = _IN_DAYS.match(words)
    if match:
        return today + dt.timedelta(days=int(match.group(1)))
    bare = _FILLER.sub("", words)
    if bare in _WEEKDAYS:
        ahead = (_WEEKDAYS[bare] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    match = _DMY.match(words)
    if match:
        day, month, year = match.groups()
        full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
        try:
            found = dt.date(full_year, int(month), int(day))
        except ValueError:
            pass
        else:
            if year is None and found < today - dt.timedelta(days=180):
                found = found.replace(year=found.year + 1)
            return found
    problem = f"cannot read {shorten(text)!r} as a date; use {DATE_HINT}"
    raise ToolError(t(lang, "bad_value", param=param, problem=problem))


def week_bounds(today: dt.date, weeks_ahead: int = 0) -> tuple[dt.date, dt.date]:
    """[Monday, next Monday) of the week `weeks_ahead` weeks from `today`'s."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)
    return monday, monday + dt.timedelta(days=7)


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """First day of this month and first day of the next one."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following
