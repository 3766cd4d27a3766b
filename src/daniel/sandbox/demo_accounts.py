"""`GET /daniel/demo-accounts`: the sandbox's people, so a login page can offer them.

Read live from the sandbox's `res.users` (whatever dataset it was seeded with): every
active internal user with their name, job position, a role derived from their groups
(a key: administrator, sales_manager, project_manager, salesperson,
restricted_salesperson, employee; the login page words it), and the password when it is
still the published demo one (the login itself). Only the sandbox serves this; a real
Odoo has no such route.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from daniel.sandbox.database import Database

_ROLES = (  # first match wins: (group, role key; the login page words it)
    ("base.group_system", "administrator"),
    ("sales_team.group_sale_manager", "sales_manager"),
    ("project.group_project_manager", "project_manager"),
    ("sales_team.group_sale_salesman_all_leads", "salesperson"),
    ("sales_team.group_sale_salesman", "restricted_salesperson"),
    ("base.group_user", "employee"),
)


def demo_accounts(sandbox: Database) -> list[dict[str, Any]]:
    """Runs in the database thread."""
    store = sandbox.store
    users = store.table("res.users")
    found: list[dict[str, Any]] = []
    for uid, row in sorted(users.rows.items()):
        login = row.get("login")
        if not row.get("active") or not isinstance(login, str) or login.startswith("__"):
            continue
        groups = set(row.get("groups_id") or ())
        xmlids = {store.xmlid_of("res.groups", g) for g in groups}
        if "base.group_user" not in xmlids:
            continue
        role = next((r for g, r in _ROLES if g in xmlids), "employee")
        partner = store.get("res.partner", row.get("partner_id") or 0) or {}
        found.append(
            {
                "login": login,
                "name": partner.get("name") or login,
                "job": partner.get("function") or row.get("function") or "",
                "role": role,
                "password": login if sandbox.check_secret(uid, login) else None,
            }
        )
    return found


def make_handler(sandbox: Database) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        accounts = await sandbox.run(lambda: demo_accounts(sandbox))
        return web.json_response({"accounts": accounts})

    return handler
