"""Who may open the dashboard: Odoo users in the Settings group, or `ADMIN_LOGINS`.

The Settings group (`base.group_system`) is asked of the person's own Odoo, as that
person (`res.users.has_group`, Odoo 17+), and remembered for a few minutes per login.
With `AUTH=none` the one person on the machine is its administrator.
"""

from __future__ import annotations

import logging
import time

from daniel.odoo import OdooClient
from daniel.odoo.errors import OdooError
from daniel.server_avatar.auth.access import Access
from daniel.server_avatar.auth.logins import Login

log = logging.getLogger(__name__)

SETTINGS_GROUP = "base.group_system"
REMEMBER_SECONDS = 300.0


class Admins:
    def __init__(self, listed: list[str]) -> None:
        self.listed = {login.strip().lower() for login in listed if login.strip()}
        self._known: dict[str, tuple[float, bool]] = {}

    async def is_admin(self, access: Access, record: Login) -> bool:
        if record.login.lower() in self.listed:
            return True
        known = self._known.get(record.sid)
        now = time.monotonic()
        if known is not None and now - known[0] < REMEMBER_SECONDS:
            return known[1]
        answer = await self._in_settings_group(access, record)
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[record.sid] = (now, answer)
        return answer

    async def _in_settings_group(self, access: Access, record: Login) -> bool:
        caller = access.logins.caller(record)
        tenant = access.tenants.get(record.tenant)
        if caller is None or tenant is None:
            return False
        connection = tenant.connection
        client = OdooClient(
            connection.url,
            connection.db,
            caller.login,
            caller.secret,
            protocol=connection.protocol,
            timeout=min(connection.timeout, 20.0),
            retries=0,
        )
        try:
            answer = await client.execute_kw(
                "res.users", "has_group", [[record.uid]], {"group_ext_id": SETTINGS_GROUP}
            )
            return bool(answer)
        except OdooError as exc:
            log.info("could not ask Odoo whether %s is an administrator: %s", record.login, exc)
            return False
        finally:
            await client.close()
