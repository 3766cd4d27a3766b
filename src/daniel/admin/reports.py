"""The dashboard's figures, each one query aggregated in the database (both dialects).

`Filters` come from the query string (`from`, `to`, `user`, `tenant`, `model`, `page`,
`per_page`); every report is limited to one tenant. Lists are paginated; per-day and
per-person figures are `GROUP BY`s; percentiles are read with `ORDER BY … OFFSET`, which
SQLite and PostgreSQL both do without loading the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from daniel.admin.tables import Conversation, Turn, Write

MAX_PER_PAGE = 500
NOT_UNDERSTOOD = ("not_understood", "out_of_scope")
STAGES = {
    "transcript": Turn.ms_transcript,
    "first_text": Turn.ms_first_text,
    "first_audio": Turn.ms_first_audio,
    "end": Turn.ms_end,
}


class BadFilter(ValueError):
    """A query-string value that cannot be used; `key` names it for the message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class Filters:
    tenant: str
    start: dt.datetime
    end: dt.datetime
    user: str | None = None
    model: str | None = None
    outcome: str | None = None
    page: int = 1
    per_page: int = 50

    @classmethod
    def parse(cls, query: Any, tenant: str, today: dt.date) -> Filters:
        """From `?from=YYYY-MM-DD&to=…&user=…&model=…&page=…&per_page=…` (dates
        inclusive; the last 30 days by default)."""
        end_day = _day(query.get("to"), "to") or today
        start_day = _day(query.get("from"), "from") or end_day - dt.timedelta(days=29)
        if start_day > end_day:
            raise BadFilter("from")
        return cls(
            tenant=tenant,
            start=dt.datetime.combine(start_day, dt.time()),
            end=dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time()),
            user=(query.get("user") or "").strip() or None,
            model=(query.get("model") or "").strip() or None,
            outcome=(query.get("outcome") or "").strip() or None,
            page=_int(query.get("page"), "page", 1, 1, 1_000_000),
            per_page=_int(query.get("per_page"), "per_page", 50, 1, MAX_PER_PAGE),
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _day(raw: str | None, key: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise BadFilter(key) from None


def _int(raw: str | None, key: str, default: int, low: int, high: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise BadFilter(key) from None
    if not low <= value <= high:
        raise BadFilter(key)
    return value


def _turns_where(f: Filters) -> ColumnElement[bool]:
    where = and_(Turn.tenant == f.tenant, Turn.at >= f.start, Turn.at < f.end)
    if f.user:
        where = and_(where, Turn.login == f.user)
    return where


def _day_of(column: Any) -> Any:
    return func.date(column)


def _day_str(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value is not None else None


async def usage(db: AsyncSession, f: Filters) -> dict[str, Any]:
    where = _turns_where(f)
    missed = func.sum(case((Turn.outcome.in_(NOT_UNDERSTOOD), 1), else_=0))
    empty = func.sum(case((Turn.empty.is_(True), 1), else_=0))
    totals = (
        await db.execute(
            select(
                func.count(Turn.id),
                func.count(distinct(Turn.login)),
                func.count(distinct(Turn.conversation_id)),
                missed,
                empty,
            ).where(where)
        )
    ).one()
    turns = int(totals[0] or 0)
    days = await db.execute(
        select(
            _day_of(Turn.at).label("day"),
            func.count(Turn.id),
            func.count(distinct(Turn.login)),
            func.count(distinct(Turn.conversation_id)),
            missed,
        )
        .where(where)
        .group_by("day")
        .order_by("day")
    )
    writes_where = and_(Write.tenant == f.tenant, Write.at >= f.start, Write.at < f.end)
    if f.user:
        writes_where = and_(writes_where, Write.login == f.user)
    writes = await db.scalar(
        select(func.count(Write.id)).where(writes_where, Write.status == "done")
    )
    return {
        "from": f.start.date().isoformat(),
        "to": (f.end.date() - dt.timedelta(days=1)).isoformat(),
        "tenant": f.tenant,
        "totals": {
            "turns": turns,
            "people": int(totals[1] or 0),
            "conversations": int(totals[2] or 0),
            "not_understood": int(totals[3] or 0),
            "not_understood_rate": round(int(totals[3] or 0) / turns, 4) if turns else 0.0,
            "empty_answers": int(totals[4] or 0),
            "writes": int(writes or 0),
        },
        "per_day": _every_day(f, days),
        "per_person": await _counted(db, where, Turn.login, "login"),
        "per_language": await _counted(db, where, Turn.lang, "lang"),
        "per_channel": await _counted(db, where, Turn.channel, "channel"),
        "per_outcome": await _counted(db, where, Turn.outcome, "outcome"),
        "latency": {name: await _percentiles(db, where, column) for name, column in STAGES.items()},
    }


def _every_day(f: Filters, rows: Any) -> list[dict[str, Any]]:
    """One entry per day of the range, days without turns included (a chart's x axis)."""
    found = {
        _day_str(row[0]): {
            "turns": int(row[1]),
            "people": int(row[2]),
            "conversations": int(row[3]),
            "not_understood": int(row[4] or 0),
        }
        for row in rows
    }
    empty = {"turns": 0, "people": 0, "conversations": 0, "not_understood": 0}
    out, day = [], f.start.date()
    while day < f.end.date():
        out.append({"day": day.isoformat(), **found.get(day.isoformat(), empty)})
        day += dt.timedelta(days=1)
    return out


async def _counted(
    db: AsyncSession, where: ColumnElement[bool], column: Any, key: str, limit: int = 100
) -> list[dict[str, Any]]:
    rows = await db.execute(
        select(column, func.count(Turn.id).label("n"))
        .where(where)
        .group_by(column)
        .order_by(func.count(Turn.id).desc(), column)
        .limit(limit)
    )
    return [{key: row[0], "turns": int(row[1])} for row in rows]


async def _percentiles(db: AsyncSession, where: ColumnElement[bool], column: Any) -> dict[str, Any]:
    """p50 and p95 (nearest rank) in one ordered pass: window functions, both dialects."""
    ranked = (
        select(
            column.label("v"),
            func.row_number().over(order_by=column).label("rn"),
            func.count().over().label("n"),
        )
        .where(where, column.is_not(None))
        .subquery()
    )
    # the 0-based rank of percentile p is floor((n - 1) * p + 0.5), in integer arithmetic
    k50 = ((ranked.c.n - 1) * 50 + 50) // 100
    k95 = ((ranked.c.n - 1) * 95 + 50) // 100
    rows = await db.execute(
        select(ranked.c.v, ranked.c.rn, ranked.c.n, k50, k95).where(
            or_(ranked.c.rn - 1 == k50, ranked.c.rn - 1 == k95)
        )
    )
    out: dict[str, Any] = {"n": 0, "p50": None, "p95": None}
    for value, rn, n, at50, at95 in rows:
        out["n"] = int(n)
        if rn - 1 == at50:
            out["p50"] = value
        if rn - 1 == at95:
            out["p95"] = value
    return out


async def _page(db: AsyncSession, query: Any, f: Filters) -> tuple[int, list[Any]]:
    total = int(await db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = list((await db.execute(query.offset(f.offset).limit(f.per_page))).all())
    return total, rows


def _paged(f: Filters, total: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"page": f.page, "per_page": f.per_page, "total": total, "items": items}


async def questions(db: AsyncSession, f: Filters) -> dict[str, Any]:
    where = _turns_where(f)
    categories = await _counted(db, where, Turn.category, "category")
    asked = func.lower(Turn.question)
    top = await db.execute(
        select(func.min(Turn.question), func.count(Turn.id))
        .where(where, Turn.question.is_not(None))
        .group_by(asked)
        .order_by(func.count(Turn.id).desc(), asked)
        .limit(20)
    )
    if f.outcome == "empty":
        wanted: ColumnElement[bool] = Turn.empty.is_(True)
    elif f.outcome:
        wanted = Turn.outcome == f.outcome
    else:  # what a product owner works from: not understood, or answered with "none"
        wanted = or_(Turn.outcome.in_(NOT_UNDERSTOOD), Turn.empty.is_(True))
    missed = select(Turn).where(where, wanted).order_by(Turn.at.desc(), Turn.id.desc())
    total, rows = await _page(db, missed, f)
    return {
        "by_category": categories,
        "top": [{"question": row[0], "turns": int(row[1])} for row in top],
        "not_understood": _paged(f, total, [_turn(row[0]) for row in rows]),
    }


def _turn(t: Turn) -> dict[str, Any]:
    return {
        "at": _iso(t.at),
        "login": t.login,
        "conversation_id": t.conversation_id,
        "lang": t.lang,
        "channel": t.channel,
        "outcome": t.outcome,
        "empty": t.empty,
        "category": t.category,
        "question": t.question,
    }


async def audit(db: AsyncSession, f: Filters) -> dict[str, Any]:
    where = and_(Write.tenant == f.tenant, Write.at >= f.start, Write.at < f.end)
    if f.user:
        where = and_(where, Write.login == f.user)
    if f.model:
        where = and_(where, or_(Write.model == f.model, Write.tool == f.model))
    query = select(Write).where(where).order_by(Write.at.desc(), Write.id.desc())
    total, rows = await _page(db, query, f)
    return _paged(f, total, [_write(row[0]) for row in rows])


def _write(w: Write) -> dict[str, Any]:
    return {
        "at": _iso(w.at),
        "login": w.login,
        "person": w.person,
        "via": w.via,
        "tool": w.tool,
        "model": w.model,
        "record_id": w.record_id,
        "url": w.url or None,
        "summary": w.summary,
        "changes": w.changes,
        "status": w.status,
        "conversation_id": w.conversation_id,
    }


async def sessions(db: AsyncSession, f: Filters) -> dict[str, Any]:
    where = and_(
        Conversation.tenant == f.tenant,
        Conversation.started_at >= f.start,
        Conversation.started_at < f.end,
    )
    if f.user:
        where = and_(where, Conversation.login == f.user)
    query = select(Conversation).where(where).order_by(Conversation.started_at.desc())
    total, rows = await _page(db, query, f)
    return _paged(f, total, [_conversation(row[0]) for row in rows])


def _conversation(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.id,
        "login": c.login,
        "person": c.person,
        "lang": c.lang,
        "channel": c.channel,
        "mode": c.mode,
        "started_at": _iso(c.started_at),
        "ended_at": _iso(c.ended_at),
        "turns": c.turns,
    }


async def people(db: AsyncSession, f: Filters) -> dict[str, Any]:
    where = _turns_where(f)
    missed = func.sum(case((Turn.outcome.in_(NOT_UNDERSTOOD), 1), else_=0))
    query = (
        select(
            Turn.login,
            func.count(Turn.id),
            func.count(distinct(Turn.conversation_id)),
            missed,
            func.max(Turn.at),
        )
        .where(where)
        .group_by(Turn.login)
        .order_by(func.max(Turn.at).desc(), Turn.login)
    )
    total, rows = await _page(db, query, f)
    logins = [row[0] for row in rows]
    names: dict[str, str] = {}
    writes: dict[str, int] = {}
    if logins:
        named = await db.execute(
            select(Conversation.login, func.max(Conversation.person))
            .where(Conversation.tenant == f.tenant, Conversation.login.in_(logins))
            .group_by(Conversation.login)
        )
        names = {row[0]: row[1] for row in named}
        counted = await db.execute(
            select(Write.login, func.count(Write.id))
            .where(
                Write.tenant == f.tenant,
                Write.login.in_(logins),
                Write.at >= f.start,
                Write.at < f.end,
                Write.status == "done",
            )
            .group_by(Write.login)
        )
        writes = {row[0]: int(row[1]) for row in counted}
    items = [
        {
            "login": row[0],
            "person": names.get(row[0], ""),
            "turns": int(row[1]),
            "conversations": int(row[2]),
            "not_understood": int(row[3] or 0),
            "writes": writes.get(row[0], 0),
            "last_at": _iso(row[4]),
        }
        for row in rows
    ]
    return _paged(f, total, items)
