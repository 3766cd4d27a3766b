"""A small ORM with Odoo's semantics over in-memory rows persisted to SQLite."""
