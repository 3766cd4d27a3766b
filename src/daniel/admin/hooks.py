"""The one call the conversation WebSocket makes into this package.

`watch_conversation` gives the conversation a `ConversationTap` (its messages are
recorded) and the person's pipeline scope (`session.brain_extra["scope"]`, read by the
local brain). Reading the preferences waits at most `PREFERENCES_WAIT` seconds; a slow
or failing database leaves the defaults.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from daniel.admin.recorder import ConversationTap, Person
from daniel.admin.routes import ANALYTICS, load_preferences
from daniel.server_avatar.auth.logins import Login
from daniel.server_avatar.auth.tenants import DEFAULT_TENANT
from daniel.server_avatar.session import Session

log = logging.getLogger(__name__)

PREFERENCES_WAIT = 2.0


async def watch_conversation(
    request: web.Request, session: Session, record: Login | None
) -> ConversationTap | None:
    analytics = request.app.get(ANALYTICS)
    if analytics is None:
        return None
    person = (
        Person(record.tenant, record.login, record.name)
        if record is not None
        else Person(DEFAULT_TENANT, "", "")
    )
    tap = analytics.recorder.tap(person)
    session.outbox.taps.append(tap)
    try:
        prefs = await asyncio.wait_for(
            load_preferences(analytics, person.tenant, person.login), PREFERENCES_WAIT
        )
    except TimeoutError:
        log.warning("preferences not read in time: using the defaults")
    else:
        session.brain_extra["scope"] = prefs.scope
    return tap
