"""Demo data of the built-in Odoo sandbox."""
