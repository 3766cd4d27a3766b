"""Recording never breaks a conversation: with the database failing under it, turns are
answered and the failure is logged without the database URL or its password. A database
that cannot be reached at start stops the server with one line naming DATABASE_URL."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from avatar_client import SettingsFactory, make_app, open_conversation
from postgres import PASSWORD
from sqlalchemy import inspect, text

from daniel.admin import ANALYTICS
from daniel.admin import database as analytics
from daniel.admin.database import AnalyticsUnavailable, Database, database_url
from daniel.settings import load_settings


async def test_turns_go_on_when_the_database_fails(
    aiohttp_client: Any, admin_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client = await aiohttp_client(make_app(admin_settings(), probe_providers=False))
    analytics = client.app[ANALYTICS]
    async with analytics.database.engine.begin() as connection:
        await connection.execute(text("DROP TABLE turns"))  # the database breaks
    talk = await open_conversation(client, lang="es")
    caplog.set_level(logging.WARNING, "daniel.admin")
    first = await talk.ask("¿Cómo va el pipeline?")
    assert first.outcome == "answered"
    assert first.text
    await analytics.recorder.flush(10)
    assert analytics.recorder.failures >= 1
    second = await talk.ask("blorf quux zapatilla")  # and the next turn too
    assert second.outcome == "not_understood"
    await analytics.recorder.flush(10)
    assert "not written" in caplog.text
    assert PASSWORD not in caplog.text
    assert "postgresql://" not in caplog.text


async def test_an_unreachable_database_stops_the_start_with_one_clear_line() -> None:
    settings = load_settings(database_url="postgresql://nobody:hunter2@127.0.0.1:9/none")
    database = Database(database_url(settings))
    try:
        with pytest.raises(AnalyticsUnavailable) as caught:
            await database.migrate()
    finally:
        await database.close()
    assert str(caught.value).startswith("DATABASE_URL:")
    assert "hunter2" not in str(caught.value)
    bad = load_settings(database_url="mysql://x@y/z")
    with pytest.raises(AnalyticsUnavailable, match="DATABASE_URL: mysql is not supported"):
        database_url(bad)


def test_a_sqlite_file_where_no_folder_can_be_made_is_refused_clearly(tmp_path: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings = load_settings(database_url=f"sqlite:///{blocker / 'sub' / 'daniel.db'}")
    with pytest.raises(AnalyticsUnavailable, match="DATABASE_URL: cannot create"):
        Database(database_url(settings))


async def test_workers_starting_together_all_find_the_schema(database_url: str) -> None:
    # `daniel serve --workers N` (or N replicas) migrate the same database at once
    settings = load_settings(_env_file=None, database_url=database_url)
    url = analytics.database_url(settings)
    databases = [Database(url) for _ in range(4)]
    try:
        await asyncio.gather(*(d.migrate() for d in databases))
        async with databases[0].engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert {"turns", "writes", "conversations", "preferences"} <= tables
    finally:
        for d in databases:
            await d.close()
