"""The analytics database: one async engine, migrated at start, pruned by age.

SQLite (through aiosqlite) in the data folder by default, PostgreSQL (asyncpg) when
`DATABASE_URL` is set. Alembic applies `migrations/` at start-up; no SQL dialect is
written by hand. The URL holds a password: it is never logged or shown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import logging
from pathlib import Path
from typing import IO

from sqlalchemy import delete, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from daniel.admin.tables import Conversation, Turn, Write, utcnow
from daniel.settings import Settings, SettingsError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_SQLITE = Path(".daniel/daniel.db")


class AnalyticsUnavailable(SettingsError):
    """The database cannot be opened or migrated (the message names no secret): the
    server does not start, with this one line."""


def database_url(settings: Settings) -> str:
    """The SQLAlchemy URL with its async driver."""
    if settings.database_url is None or not settings.database_url.get_secret_value():
        return f"sqlite+aiosqlite:///{DEFAULT_SQLITE.resolve()}"
    raw = settings.database_url.get_secret_value()
    try:
        url = make_url(raw)
    except ArgumentError:
        raise AnalyticsUnavailable("DATABASE_URL is not a database URL") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+asyncpg")
    elif backend == "sqlite":
        url = url.set(drivername="sqlite+aiosqlite")
    else:
        raise AnalyticsUnavailable(f"DATABASE_URL: {backend} is not supported (postgresql, sqlite)")
    return url.render_as_string(hide_password=False)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            path = make_url(url).database
            if path:
                try:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise AnalyticsUnavailable(
                        f"DATABASE_URL: cannot create {Path(path).parent} for the SQLite "
                        f"database ({exc.strerror or exc}); set DATABASE_URL to a writable place"
                    ) from None
        self.engine: AsyncEngine = create_async_engine(url, pool_pre_ping=True)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def kind(self) -> str:
        return self.engine.dialect.name

    async def migrate(self) -> None:
        """Bring the schema to the newest migration (runs once at start)."""
        logging.getLogger("alembic").setLevel(logging.WARNING)  # not a line per plugin
        # Several workers (`daniel serve --workers N`) or replicas start at once and the
        # migrations must run one at a time: PostgreSQL serialises them with an advisory
        # lock, SQLite with a lock file beside the database; the later ones find the
        # schema already at its newest.
        lock = await asyncio.to_thread(_file_lock, self.engine.url.database, self.kind)
        try:
            async with self.engine.begin() as connection:
                if self.kind == "postgresql":
                    await connection.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))
                await connection.run_sync(_upgrade)
        except Exception as exc:
            raise AnalyticsUnavailable(
                f"DATABASE_URL: the analytics database ({self.kind}) cannot be opened or "
                f"migrated ({type(exc).__name__})"
            ) from None
        finally:
            if lock is not None:
                lock.close()  # closing the file releases its lock

    async def prune(self, days: int) -> int:
        """Delete turns, conversations and writes older than `days`; how many rows went."""
        before = utcnow() - dt.timedelta(days=days)
        gone = 0
        async with self.sessions.begin() as session:
            for statement in (
                delete(Turn).where(Turn.at < before),
                delete(Write).where(Write.at < before),
                delete(Conversation).where(Conversation.started_at < before),
            ):
                result = await session.execute(statement)
                gone += int(getattr(result, "rowcount", 0) or 0)
        return gone

    async def close(self) -> None:
        await self.engine.dispose()


_LOCK = 0x44414E49  # "DANI": the advisory lock the migrations take on PostgreSQL


def _file_lock(database: str | None, kind: str) -> IO[bytes] | None:
    """An exclusive lock on `<database>.lock` (blocks until free); None when not SQLite
    on a file."""
    if kind != "sqlite" or not database or database == ":memory:":
        return None
    handle = open(f"{database}.lock", "ab")  # noqa: SIM115 - closed by the caller
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _upgrade(connection: Connection) -> None:
    from alembic import command  # imported here: its import logs, after the level is set
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
