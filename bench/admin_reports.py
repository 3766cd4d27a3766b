"""Benchmark: the dashboard's reports over a large history, on SQLite (and PostgreSQL).

Fills a fresh analytics database with `--turns` turns (default 200,000) spread over 90
days in time order, 200 people, both languages and channels, 5 % not understood, plus
one write per 50 turns, then times each report over the whole 90 days (5 runs, median): usage (every
aggregate and the latency percentiles), questions (first page), audit (first page),
people (first page). Everything is aggregated in the database; nothing loads the rows.

Usage: python bench/admin_reports.py [--turns 200000] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from daniel.admin import reports
from daniel.admin.database import Database, database_url
from daniel.admin.tables import Turn, Write
from daniel.settings import load_settings


async def fill(database: Database, turns: int) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rng = random.Random(7)
    outcomes = ["answered"] * 17 + ["asked", "not_understood"] + ["proposed"]
    batch: list[dict[str, object]] = []
    writes: list[dict[str, object]] = []
    # rows arrive in time order, as they do when people talk
    times = sorted(now - dt.timedelta(seconds=rng.randrange(90 * 86400)) for _ in range(turns))
    async with database.engine.begin() as connection:
        for i, at in enumerate(times):
            login = f"user{rng.randrange(200)}"
            batch.append(
                {
                    "conversation_id": f"s-{i // 8}",
                    "turn_id": f"t{i % 8}",
                    "at": at,
                    "tenant": "default",
                    "login": login,
                    "lang": rng.choice(["es", "en"]),
                    "channel": rng.choice(["typed", "voice"]),
                    "outcome": rng.choice(outcomes),
                    "category": rng.choice(["leads", "tasks", "summary", "orders"]),
                    "tools": "crm_list_leads",
                    "question": f"question number {rng.randrange(5000)}",
                    "ms_first_text": rng.randrange(20, 900),
                    "ms_end": rng.randrange(200, 4000),
                }
            )
            if i % 50 == 0:
                writes.append(
                    {
                        "at": at,
                        "tenant": "default",
                        "login": login,
                        "person": login,
                        "conversation_id": f"s-{i // 8}",
                        "via": "chat",
                        "tool": "crm_mark_won",
                        "model": "crm.lead",
                        "record_id": i,
                        "url": f"http://odoo/odoo/crm/{i}",
                        "summary": "won",
                        "changes": [],
                        "status": "done",
                    }
                )
            if len(batch) == 5000:
                await connection.execute(insert(Turn), batch)
                batch = []
        if batch:
            await connection.execute(insert(Turn), batch)
        if writes:
            await connection.execute(insert(Write), writes)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200_000)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.url or f"sqlite:///{folder / 'bench.db'}"
    database = Database(database_url(load_settings(database_url=url)))
    await database.migrate()
    started = time.perf_counter()
    await fill(database, args.turns)
    print(f"{database.kind}: {args.turns} turns written in {time.perf_counter() - started:.1f} s")
    today = dt.datetime.now(dt.UTC).date()
    query = {"from": (today - dt.timedelta(days=89)).isoformat(), "to": today.isoformat()}
    filters = reports.Filters.parse(query, "default", today)
    cpus, python = os.cpu_count(), platform.python_version()
    print(f"machine: {platform.machine()}, {cpus} CPUs, Python {python}")
    for name in ("usage", "questions", "audit", "people"):
        report = getattr(reports, name)
        times = []
        for _ in range(5):
            begin = time.perf_counter()
            async with database.sessions() as session:
                await report(session, filters)
            times.append((time.perf_counter() - begin) * 1000)
        print(f"  {name:<10} median {statistics.median(times):8.1f} ms  (max {max(times):.1f})")
    await database.close()


if __name__ == "__main__":
    asyncio.run(main())
