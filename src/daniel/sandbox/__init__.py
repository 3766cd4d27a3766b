"""The built-in Odoo-compatible sandbox ERP.

An aiohttp server speaking Odoo's external API (XML-RPC, JSON-RPC and Odoo 19's JSON-2)
over a SQLite database seeded with a Spanish demo company, so the whole system runs
without a real Odoo. Entry points live in `daniel.sandbox.server`.
"""
