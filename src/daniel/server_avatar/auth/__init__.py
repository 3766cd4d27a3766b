"""People and access: who may use the avatar server, and as whom it talks to Odoo.

    tenants.py    one or several Odoo databases (`TENANTS`), chosen at login or by host
    secretbox.py  encrypts each person's Odoo secret in memory (`SERVER_SECRET_KEY`)
    logins.py     login sessions (cookie → person), their expiry, the login throttle
    odoo_check.py checks a login and password (or API key) against the tenant's Odoo
    guard.py      the Host allowlist (421), Origin check, bound-address rules
    routes.py     /login, POST /auth/login, POST /auth/logout, GET /auth/me, the middleware
    person.py     the tool runner of one person's conversation (their credential on every
                  MCP call; confirmations bound to it, superseded ones cancelled)

With `AUTH=odoo` (the default) every conversation belongs to a logged-in person and every
Odoo call of it runs as that person; `AUTH=none` is for one person on their own machine
(loopback only). docs/security.md has the threat model and the settings.
"""
