"""The sandbox's Odoo models. Importing this package registers them all."""

from daniel.sandbox.models import base, crm, ir, mail, product, project, sale, users

__all__ = ["base", "crm", "ir", "mail", "product", "project", "sale", "users"]
