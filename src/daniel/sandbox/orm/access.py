"""Access rights (per model and group) and record rules, with Odoo's messages.

Groups are referred to by their external ids. A user may do an operation on a model when
one of their groups grants it (`ACL`). Record rules (`RULES`) of the user's groups are
OR-ed together; a user none of whose groups has a rule on a model is not restricted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from daniel.sandbox.exceptions import AccessError

if TYPE_CHECKING:
    from daniel.sandbox.orm.env import Env
    from daniel.sandbox.orm.model import BaseModel

USER = "base.group_user"
CONTACTS = "base.group_partner_manager"
ACCESS_RIGHTS = "base.group_erp_manager"
SETTINGS = "base.group_system"
SALESMAN = "sales_team.group_sale_salesman"
SALESMAN_ALL = "sales_team.group_sale_salesman_all_leads"
SALE_MANAGER = "sales_team.group_sale_manager"
PROJECT_USER = "project.group_project_user"
PROJECT_MANAGER = "project.group_project_manager"
TIMESHEET_USER = "hr_timesheet.group_hr_timesheet_user"
TIMESHEET_APPROVER = "hr_timesheet.group_hr_timesheet_approver"

#: model -> ((group, "rwcu" letters), ...)
ACL: dict[str, tuple[tuple[str, str], ...]] = {
    "res.partner": ((USER, "r"), (CONTACTS, "rwcu")),
    "res.users": ((USER, "r"), (ACCESS_RIGHTS, "rwcu")),
    "res.company": ((USER, "r"), (ACCESS_RIGHTS, "rwcu")),
    "res.groups": ((USER, "r"), (ACCESS_RIGHTS, "rwcu")),
    "res.currency": ((USER, "r"), (SETTINGS, "rwcu")),
    "res.country": ((USER, "r"), (SETTINGS, "rwcu")),
    "res.country.state": ((USER, "r"), (SETTINGS, "rwcu")),
    "res.partner.category": ((USER, "r"), (CONTACTS, "rwcu")),
    "uom.uom": ((USER, "r"), (SETTINGS, "rwcu")),
    "account.tax": ((USER, "r"), (SETTINGS, "rwcu")),
    "crm.team": ((SALESMAN, "r"), (SALE_MANAGER, "rwcu")),
    "crm.stage": ((SALESMAN, "r"), (SALE_MANAGER, "rwcu")),
    "crm.tag": ((SALESMAN, "rwc"), (SALE_MANAGER, "rwcu")),
    "crm.lost.reason": ((SALESMAN, "r"), (SALE_MANAGER, "rwcu")),
    "crm.lead": ((SALESMAN, "rwcu"),),
    "product.category": ((USER, "r"), (SALE_MANAGER, "rwcu")),
    "product.template": ((USER, "r"), (SALE_MANAGER, "rwcu")),
    "product.product": ((USER, "r"), (SALE_MANAGER, "rwcu")),
    "sale.order": ((SALESMAN, "rwcu"),),
    "sale.order.line": ((SALESMAN, "rwcu"),),
    "project.project": ((PROJECT_USER, "r"), (PROJECT_MANAGER, "rwcu")),
    "project.task": ((PROJECT_USER, "rwcu"),),
    "project.task.type": ((PROJECT_USER, "r"), (PROJECT_MANAGER, "rwcu")),
    "project.tags": ((PROJECT_USER, "rwc"), (PROJECT_MANAGER, "rwcu")),
    "account.analytic.line": ((TIMESHEET_USER, "rwcu"),),
    "mail.message": ((USER, "rwc"), (SETTINGS, "rwcu")),
    "mail.message.subtype": ((USER, "r"), (SETTINGS, "rwcu")),
    "ir.model": ((USER, "r"),),
    "ir.model.fields": ((USER, "r"),),
}

_LETTER = {"read": "r", "write": "w", "create": "c", "unlink": "u"}
_VERB = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}

RuleDomain = Callable[["Env"], list[Any]]


def _own_or_unassigned(field: str) -> RuleDomain:
    return lambda env: ["|", (field, "=", env.uid), (field, "=", False)]


def _everything(env: Env) -> list[Any]:
    return [(1, "=", 1)]


def _visible_messages(env: Env) -> list[Any]:
    """Messages on leads and orders follow the visibility of their document."""
    domain: list[Any] = [("model", "not in", ["crm.lead", "sale.order"])]
    for model in ("crm.lead", "sale.order"):
        visible = sorted(env[model]._search_ids([], active_test=False))
        domain = ["|", *domain, "&", ("model", "=", model), ("res_id", "in", visible)]
    return domain


#: model -> ((group, domain builder), ...)
RULES: dict[str, tuple[tuple[str, RuleDomain], ...]] = {
    "crm.lead": ((SALESMAN, _own_or_unassigned("user_id")), (SALESMAN_ALL, _everything)),
    "sale.order": ((SALESMAN, _own_or_unassigned("user_id")), (SALESMAN_ALL, _everything)),
    "sale.order.line": (
        (SALESMAN, _own_or_unassigned("salesman_id")),
        (SALESMAN_ALL, _everything),
    ),
    "account.analytic.line": (
        (TIMESHEET_USER, lambda env: [("user_id", "=", env.uid)]),
        (TIMESHEET_APPROVER, _everything),
    ),
    "mail.message": ((SALESMAN, _visible_messages), (SALESMAN_ALL, _everything)),
}


def group_label(env: Env, xml_id: str) -> str:
    try:
        rid = env.store.ref(xml_id)
    except KeyError:
        return xml_id
    row = env.store.get("res.groups", rid) or {}
    return str(row.get("full_name") or xml_id).replace(" / ", "/")


def has_model_access(env: Env, model: str, operation: str) -> bool:
    if env.su:
        return True
    groups = env.user_groups()
    letter = _LETTER[operation]
    return any(g in groups and letter in perms for g, perms in ACL.get(model, ()))


def check_model_access(env: Env, model: BaseModel, operation: str) -> None:
    if has_model_access(env, model._name, operation):
        return
    granting = [g for g, perms in ACL.get(model._name, ()) if _LETTER[operation] in perms]
    if granting:
        names = "\n".join(f"\t- {group_label(env, g)}" for g in granting)
        info = f"This operation is allowed for the following groups:\n{names}"
    else:
        info = "No group currently allows this operation."
    raise AccessError(
        f"You are not allowed to {_VERB[operation]} '{model._description}' ({model._name}) "
        f"records.\n\n{info}\n\nContact your administrator to request access if necessary."
    )


def rule_domain(env: Env, model: str) -> list[Any] | None:
    """The OR of the user's group rules on `model`, or None when unrestricted."""
    if env.su:
        return None
    groups = env.user_groups()
    domains = [build(env) for group, build in RULES.get(model, ()) if group in groups]
    if not domains:
        return None
    if any(d == [(1, "=", 1)] for d in domains):
        return None
    result: list[Any] = ["|"] * (len(domains) - 1)
    for domain in domains:
        result.extend(domain)
    return result


def rule_error(env: Env, model: BaseModel, operation: str) -> AccessError:
    user = env.sudo()["res.users"]._display_names([env.uid]).get(env.uid, str(env.uid))
    return AccessError(
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        f"Sorry, {user} (id={env.uid}) doesn't have '{operation}' access to:\n"
        f"- {model._description} ({model._name})\n\n"
        "If you really, really need access, perhaps you can win over your friendly "
        "administrator with a batch of freshly baked cookies."
    )


def check_rules(model: BaseModel, ids: list[int], operation: str) -> None:
    """Raise Odoo's record-rule AccessError when one of `ids` is out of the user's reach."""
    domain = rule_domain(model.env, model._name)
    if domain is None or not ids:
        return
    allowed = model.sudo()._search_ids(["&", ("id", "in", list(ids)), *domain], active_test=False)
    if not set(ids) <= allowed:
        raise rule_error(model.env, model, operation)
