"""res.users: logins, hashed passwords, groups; `_inherits` its contact (res.partner)."""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any, ClassVar

from daniel.sandbox.exceptions import UserError
from daniel.sandbox.models.base import LANGS, TIMEZONES
from daniel.sandbox.orm.fields import (
    Binary,
    Boolean,
    Char,
    Datetime,
    Html,
    Many2many,
    Many2one,
    One2many,
    Selection,
)
from daniel.sandbox.orm.model import BaseModel, api_model, rpc

_ROUNDS = 20_000
#: Fields a user may change on their own record without Access Rights (Odoo's list).
SELF_WRITEABLE = frozenset(
    {"signature", "tz", "lang", "email", "phone", "mobile", "name", "image_1920", "password"}
)


def hash_password(password: str) -> str:
    salt = os.urandom(12).hex()
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ROUNDS)
    return f"$pbkdf2-sha256${_ROUNDS}${salt}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not password:
        return False
    try:
        _, scheme, rounds, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2-sha256":
        return False
    computed = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    return hmac.compare_digest(computed.hex(), digest)


class ResUsers(BaseModel):
    _name = "res.users"
    _description = "User"
    _order = "name, login"
    _inherits: ClassVar[dict[str, str]] = {"res.partner": "partner_id"}
    _rec_names_search = ("name", "login")
    _viewer_fields = ("login", "email", "phone", "company_id", "lang", "tz", "groups_id", "share")

    partner_id = Many2one("res.partner", "Related Partner", required=True, ondelete="restrict")
    login = Char("Login", required=True)
    password = Char("Password", copy=False)
    name = Char("Name", related="partner_id.name", readonly=False)
    email = Char("Email", related="partner_id.email", readonly=False)
    phone = Char("Phone", related="partner_id.phone", readonly=False)
    mobile = Char("Mobile", related="partner_id.mobile", readonly=False)
    function = Char("Job Position", related="partner_id.function", readonly=False)
    lang = Selection(LANGS, "Language", related="partner_id.lang", readonly=False)
    tz = Selection(TIMEZONES, "Timezone", related="partner_id.tz", readonly=False)
    image_1920 = Binary("Image", related="partner_id.image_1920", readonly=False)
    image_128 = Binary("Image 128", related="partner_id.image_128", readonly=True)
    avatar_128 = Binary("Avatar 128", related="partner_id.avatar_128", readonly=True)
    signature = Html("Email Signature")
    company_id = Many2one(
        "res.company", "Company", required=True, default=lambda env: env.company_id or False
    )
    company_ids = Many2many("res.company", "Companies")
    groups_id = Many2many("res.groups", "Groups")
    active = Boolean("Active", default=True)
    share = Boolean("Share User", readonly=True)
    login_date = Datetime("Latest authentication", readonly=True)
    notification_type = Selection(
        [("email", "Handle by Emails"), ("inbox", "Handle in Odoo")],
        "Notification",
        required=True,
        default="inbox",
    )
    sale_order_ids = One2many("sale.order", "user_id", "Sales Order")
    opportunity_ids = One2many("crm.lead", "user_id", "Opportunities")

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        if vals.get("password"):
            vals["password"] = hash_password(str(vals["password"]))
        if vals.get("company_id") and not vals.get("company_ids"):
            vals["company_ids"] = [(6, 0, [vals["company_id"]])]
        return vals

    @rpc
    def write(self, vals: Any) -> bool:
        if isinstance(vals, dict) and vals.get("password"):
            vals = {**vals, "password": hash_password(str(vals["password"]))}
        own = self.ids == [self.env.uid] and isinstance(vals, dict)
        if own and not self.env.su and set(vals) <= SELF_WRITEABLE:
            return bool(BaseModel.write(self.sudo(), vals))
        return bool(super().write(vals))

    def _before_unlink(self, ids: list[int]) -> None:
        if {1, 2} & set(ids):
            raise UserError(
                "You can not remove the admin user as it is used internally for resources "
                "created by Odoo (updates, module installation, ...)"
            )
        if self.env.uid in ids:
            raise UserError("You can not remove the user you are logged in with.")

    def _check_constraints(self, ids: list[int], fnames: set[str]) -> None:
        if "login" not in fnames:
            return
        logins: dict[str, int] = {}
        for rid, row in self._table.rows.items():
            login = row.get("login")
            if login in logins:
                raise UserError("You can not have two users with the same login!")
            logins[str(login)] = rid

    @api_model
    def context_get(self) -> dict[str, Any]:
        user = self.env.user
        partner = self.env.store.get("res.partner", user.get("partner_id") or 0) or {}
        return {
            "lang": partner.get("lang") or "en_US",
            "tz": partner.get("tz") or False,
            "uid": self.env.uid,
        }

    @rpc
    def has_group(self, group_ext_id: str) -> bool:
        if len(self.ids) != 1:
            raise ValueError(f"Expected singleton: {self!r}")
        store = self.env.store
        row = store.get(self._name, self.ids[0]) or {}
        if group_ext_id not in store.xmlids:
            return False
        return store.ref(group_ext_id) in (row.get("groups_id") or ())
