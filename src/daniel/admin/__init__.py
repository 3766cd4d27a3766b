"""The admin dashboard, usage analytics and per-person preferences (docs/admin.md).

    tables.py       the database tables (SQLAlchemy 2): conversations, turns, writes,
                    preferences
    database.py     the engine (SQLite in the data folder, PostgreSQL with DATABASE_URL),
                    migrations at start (Alembic, `migrations/`), retention pruning
    recorder.py     `ConversationTap` watches one conversation's messages; `Recorder` writes
                    what it saw in the background (a failure is logged, never felt by a turn)
    reports.py      the figures of the dashboard, aggregated in the database
    admins.py       who is an administrator (Odoo's Settings group or `ADMIN_LOGINS`)
    routes.py       `/admin`, `/admin/api/*`, `/api/preferences`; `add_admin(app)` wires it
    hooks.py        the one call the conversation WebSocket makes: tap + the person's scope
    preferences.py  what a person may choose, validated
    mcp_writes.py   the standalone MCP server's writes, recorded when DATABASE_URL is set

Errors: nothing here raises into a conversation. `AnalyticsUnavailable` (the database
cannot be opened or migrated) stops the server at start with one line naming
`DATABASE_URL`; while running, a failed write is logged (without the URL) and dropped.
"""

from daniel.admin.routes import ANALYTICS, add_admin

__all__ = ["ANALYTICS", "add_admin"]
