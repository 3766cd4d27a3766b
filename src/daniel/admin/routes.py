"""`/admin` (the dashboard page), `/admin/api/*` (its JSON and CSV) and `/api/preferences`.

`add_admin(app)` adds the routes and a lifecycle context that opens the database
(migrating it), starts the recorder and a daily retention pruning, and closes them.
Every admin route answers 401 without a login and 403 to anyone who is not an
administrator; reports cover the administrator's own tenant.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from daniel import resilience
from daniel.admin import live, reports
from daniel.admin.admins import Admins
from daniel.admin.database import Database, database_url
from daniel.admin.preferences import Preferences, merged
from daniel.admin.recorder import Recorder
from daniel.admin.tables import Preference, utcnow
from daniel.server_avatar import protocol as wire
from daniel.server_avatar.app_state import STATE
from daniel.server_avatar.auth.guard import origin_allowed
from daniel.server_avatar.auth.logins import Login
from daniel.server_avatar.auth.tenants import DEFAULT_TENANT
from daniel.server_avatar.handlers.http_handler import WEB_DIR
from daniel.server_avatar.handlers.replies import error, request_lang, say
from daniel.settings import Settings

log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 6 * 3600.0
CLOSE_ENDED_BY_ADMIN = 4403

_TEXTS = {
    "not_logged_in": {
        "es": "No has iniciado sesión, o tu sesión ha caducado.",
        "en": "You are not logged in, or your session has expired.",
    },
    "not_admin": {
        "es": "Solo los administradores pueden ver el panel.",
        "en": "Only administrators can open the dashboard.",
    },
    "bad_filter": {
        "es": "El filtro «{key}» no es válido (fechas AAAA-MM-DD, páginas desde 1).",
        "en": "The filter “{key}” is not valid (dates YYYY-MM-DD, pages from 1).",
    },
    "other_tenant": {
        "es": "Solo puedes ver los datos de tu empresa.",
        "en": "You can only see your own company's data.",
    },
    "no_session": {
        "es": "Esa conversación ya no está abierta.",
        "en": "That conversation is no longer open.",
    },
    "ended_by_admin": {
        "es": "Un administrador ha cerrado esta conversación.",
        "en": "An administrator ended this conversation.",
    },
    "bad_preferences": {
        "es": "Preferencias no válidas: {detail}",
        "en": "Invalid preferences: {detail}",
    },
    "origin": {
        "es": "Petición de otro sitio web rechazada.",
        "en": "Request from another web site refused.",
    },
    "unavailable": {
        "es": "La base de datos del panel no responde. Inténtalo en un momento.",
        "en": "The dashboard's database is not answering. Please try again shortly.",
    },
}


class Analytics:
    """The dashboard's process-wide state: database, recorder, administrators."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self.recorder = Recorder(database, store_text=settings.analytics_store_text)
        self.admins = Admins(settings.admin_logins)


ANALYTICS: web.AppKey[Analytics] = web.AppKey("daniel_analytics", Analytics)


def add_admin(app: web.Application, settings: Settings) -> None:
    app.router.add_get("/admin", admin_page)
    app.router.add_get("/admin/api/usage", _report(reports.usage, "per_day"))
    app.router.add_get("/admin/api/questions", _report(reports.questions, "not_understood"))
    app.router.add_get("/admin/api/audit", _report(reports.audit, "items"))
    app.router.add_get("/admin/api/people", _report(reports.people, "items"))
    app.router.add_get("/admin/api/sessions", sessions)
    app.router.add_get("/admin/api/vendors", vendors)
    app.router.add_delete("/admin/api/sessions/{id}", end_session)
    app.router.add_get("/api/preferences", get_preferences)
    app.router.add_put("/api/preferences", put_preferences)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        database = Database(database_url(settings))
        await database.migrate()
        analytics = Analytics(settings, database)
        analytics.recorder.start()
        app[ANALYTICS] = analytics
        pruner = asyncio.get_running_loop().create_task(_prune_forever(analytics))
        sharing = asyncio.get_running_loop().create_task(_share_live(app, analytics))
        log.info("analytics database ready (%s)", database.kind)
        try:
            yield
        finally:
            pruner.cancel()
            sharing.cancel()
            await asyncio.gather(pruner, sharing, return_exceptions=True)
            await analytics.recorder.close()
            await database.close()

    app.cleanup_ctx.append(lifecycle)


async def _share_live(app: web.Application, analytics: Analytics) -> None:
    """Once the server's state exists: listen for ends asked by other processes, and
    publish this process's live conversations (with `REDIS_URL`)."""
    # the server's own lifecycle (which sets STATE) starts after this one, with no event
    while STATE not in app:  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    shared = app[STATE].shared_state

    async def end_here(session_id: str) -> bool:
        return await _end_local(app, session_id)

    live.listen_for_ends(shared, end_here)
    if shared.shared:
        await live.publish_forever(analytics.recorder, shared)


async def _prune_forever(analytics: Analytics) -> None:
    while True:
        try:
            gone = await analytics.database.prune(analytics.settings.analytics_retention_days)
            if gone:
                log.info("analytics: %d row(s) past the retention period deleted", gone)
        except Exception as exc:
            log.warning("analytics: pruning failed (%s)", type(exc).__name__)
        await asyncio.sleep(PRUNE_EVERY_SECONDS)


# --------------------------------------------------------------------------- who
def _lang(request: web.Request) -> str:
    return request_lang(request, request.query.get("lang"))


def _say(text_key: str, lang: str, /, **values: Any) -> str:
    return say(_TEXTS, text_key, lang, **values)


def _error(status: int, text_key: str, lang: str, /, **values: Any) -> web.Response:
    return error(_TEXTS, status, text_key, lang, **values)


@dataclass(frozen=True, slots=True)
class Who:
    tenant: str
    login: str
    name: str
    record: Login | None


async def person_of(request: web.Request) -> Who | None:
    """The logged-in person; with AUTH=none the one local person; None: not logged in."""
    access = request.app[STATE].access
    if access is None or not access.required:
        return Who(DEFAULT_TENANT, "", "", None)
    record = await access.login_of(request)
    if record is None:
        return None
    return Who(record.tenant, record.login, record.name, record)


async def _admin(request: web.Request) -> Who | web.Response:
    lang = _lang(request)
    who = await person_of(request)
    if who is None:
        return _error(401, "not_logged_in", lang)
    access = request.app[STATE].access
    analytics = request.app[ANALYTICS]
    refused = (
        who.record is not None
        and access is not None
        and not await analytics.admins.is_admin(access, who.record)
    )
    if refused:
        log.info("%s is not an administrator: dashboard refused", who.login)
        return _error(403, "not_admin", lang)
    wanted = request.query.get("tenant")
    if wanted and wanted != who.tenant:
        return _error(403, "other_tenant", lang)
    return who


# --------------------------------------------------------------------------- page
async def admin_page(request: web.Request) -> web.StreamResponse:
    who = await _admin(request)
    if isinstance(who, web.Response):
        if who.status == 401:
            raise web.HTTPFound("/login")
        lang = _lang(request)
        return web.Response(
            status=403,
            content_type="text/html",
            text=f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>403</title><main><h1>403</h1><p>{_say('not_admin', lang)}</p>"
            f'<p><a href="/">Daniel</a></p></main></html>',
        )
    return web.FileResponse(
        WEB_DIR / "admin.html", headers={"Content-Type": "text/html; charset=utf-8"}
    )


# --------------------------------------------------------------------------- reports
Report = Callable[[AsyncSession, reports.Filters], Awaitable[dict[str, Any]]]


def _filters(request: web.Request, who: Who) -> reports.Filters:
    return reports.Filters.parse(request.query, who.tenant, dt.datetime.now(dt.UTC).date())


def _report(build: Report, rows_key: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handler(request: web.Request) -> web.StreamResponse:
        who = await _admin(request)
        if isinstance(who, web.Response):
            return who
        lang = _lang(request)
        try:
            filters = _filters(request, who)
        except reports.BadFilter as exc:
            return _error(400, "bad_filter", lang, key=exc.key)
        analytics = request.app[ANALYTICS]
        await analytics.recorder.flush(2.0)  # what was just said is in the figures
        try:
            async with analytics.database.sessions() as db:
                body = await build(db, filters)
        except Exception as exc:
            log.warning("dashboard query failed (%s)", type(exc).__name__)
            return _error(503, "unavailable", lang)
        if request.query.get("format") == "csv":
            rows = body.get(rows_key, [])
            if isinstance(rows, dict):
                rows = rows.get("items", [])
            name = request.path.rsplit("/", 1)[-1]
            return _csv(rows, f"daniel-{name}-{filters.start.date()}.csv")
        return web.json_response(body)

    return handler


def _csv(rows: list[dict[str, Any]], filename: str) -> web.Response:
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return web.Response(
        text=out.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _cell(value: Any) -> Any:
    if isinstance(value, list):  # a write's changes: "Stage: New → Won; …"
        return "; ".join(
            f"{c.get('label') or c.get('field')}: {c.get('old')} → {c.get('new')}"
            if isinstance(c, dict)
            else str(c)
            for c in value
        )
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet must not run a cell as a formula
    return value


async def sessions(request: web.Request) -> web.StreamResponse:
    """Live conversations of every process (`live.everywhere`), and the recent ones
    (paginated)."""
    who = await _admin(request)
    if isinstance(who, web.Response):
        return who
    lang = _lang(request)
    try:
        filters = _filters(request, who)
    except reports.BadFilter as exc:
        return _error(400, "bad_filter", lang, key=exc.key)
    analytics = request.app[ANALYTICS]
    everyone = await live.everywhere(analytics.recorder, request.app[STATE].shared_state)
    now_live = [
        entry
        for entry in everyone
        if entry.get("tenant") == who.tenant
        and (not filters.user or entry.get("login") == filters.user)
    ]
    if request.query.get("format") == "csv" and request.query.get("live"):
        return _csv(now_live, "daniel-live-sessions.csv")
    await analytics.recorder.flush(2.0)
    try:
        async with analytics.database.sessions() as db:
            recent = await reports.sessions(db, filters)
    except Exception as exc:
        log.warning("dashboard query failed (%s)", type(exc).__name__)
        return _error(503, "unavailable", lang)
    if request.query.get("format") == "csv":
        return _csv(recent["items"], f"daniel-sessions-{filters.start.date()}.csv")
    return web.json_response({"live": now_live, "recent": recent})


async def vendors(request: web.Request) -> web.StreamResponse:
    """Each provider as it looked at start, and the circuit breakers of this process."""
    who = await _admin(request)
    if isinstance(who, web.Response):
        return who
    state = request.app[STATE]
    providers = [
        {"kind": kind, "name": status.name, "state": status.state, "detail": status.detail}
        for kind, status in state.providers.items()
    ]
    breakers = getattr(resilience, "_BREAKERS", {})  # the process-wide registry
    circuits = [
        {"service": service, "target": _host(target), "state": breaker.state.name.lower()}
        for (service, target), breaker in sorted(breakers.items())
    ]
    return web.json_response({"providers": providers, "circuits": circuits})


def _host(target: str) -> str:
    """A breaker's target without anything but scheme, host and port (never a secret)."""
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


async def end_session(request: web.Request) -> web.StreamResponse:
    who = await _admin(request)
    if isinstance(who, web.Response):
        return who
    lang = _lang(request)
    state = request.app[STATE]
    access = state.access
    if access is not None and not origin_allowed(
        request.headers.get("Origin"), access.allowed, state.settings.server_allowed_origins
    ):
        return _error(403, "origin", lang)
    session_id = request.match_info["id"]
    everyone = await live.everywhere(request.app[ANALYTICS].recorder, state.shared_state)
    entry = next((e for e in everyone if e.get("id") == session_id), None)
    if entry is None or entry.get("tenant") != who.tenant:
        return _error(404, "no_session", lang)
    log.info("%s ended conversation %s of %s", who.login or "admin", session_id, entry["login"])
    if not await _end_local(request.app, session_id):
        # held by another process (worker or replica): the one that holds it ends it
        await state.shared_state.publish(live.END, session_id)
    return web.json_response({"ended": session_id})


async def _end_local(app: web.Application, session_id: str) -> bool:
    """End a conversation of this process; False when it is not here."""
    session = app[STATE].store.active(session_id)
    if session is None:
        return False
    await session.outbox.send(wire.error("session", _say("ended_by_admin", session.lang)))
    await session.close(park=False)
    await session.outbox.close(CLOSE_ENDED_BY_ADMIN, "ended by an administrator")
    return True


# --------------------------------------------------------------------------- preferences
async def load_preferences(analytics: Analytics, tenant: str, login: str) -> Preferences:
    """The person's preferences (the defaults when none are stored or the database fails)."""
    try:
        async with analytics.database.sessions() as db:
            row = await db.get(Preference, (tenant, login))
        return merged(row.data if row is not None else None, {})
    except Exception as exc:
        log.warning("preferences not read (%s): using the defaults", type(exc).__name__)
        return Preferences()


async def get_preferences(request: web.Request) -> web.StreamResponse:
    who = await person_of(request)
    if who is None:
        return _error(401, "not_logged_in", _lang(request))
    prefs = await load_preferences(request.app[ANALYTICS], who.tenant, who.login)
    return web.json_response({"preferences": prefs.model_dump()})


async def put_preferences(request: web.Request) -> web.StreamResponse:
    lang = _lang(request)
    who = await person_of(request)
    if who is None:
        return _error(401, "not_logged_in", lang)
    state = request.app[STATE]
    access = state.access
    if access is not None and not origin_allowed(
        request.headers.get("Origin"), access.allowed, state.settings.server_allowed_origins
    ):
        return _error(403, "origin", lang)
    try:
        change = await request.json() if request.content_type == "application/json" else None
    except ValueError:
        change = None
    if not isinstance(change, dict):
        return _error(400, "bad_preferences", lang, detail="JSON object")
    analytics = request.app[ANALYTICS]
    try:
        async with analytics.database.sessions.begin() as db:
            row = await db.get(Preference, (who.tenant, who.login))
            try:
                prefs = merged(row.data if row is not None else None, change)
            except ValidationError as exc:
                fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")})
                return _error(400, "bad_preferences", lang, detail=", ".join(fields))
            data = prefs.model_dump()
            if row is None:
                db.add(Preference(tenant=who.tenant, login=who.login, data=data))
            else:
                row.data = data
                row.updated_at = utcnow()
    except Exception as exc:
        log.warning("preferences not saved (%s)", type(exc).__name__)
        return _error(503, "unavailable", lang)
    for conv in list(analytics.recorder.live.values()):  # open conversations follow at once
        if (conv.person.tenant, conv.person.login) == (who.tenant, who.login):
            session = state.store.active(conv.session_id)
            if session is not None:
                session.brain_extra["scope"] = prefs.scope
    return web.json_response({"preferences": data})
