"""The environment of one call: who (uid), with which context, on which store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from daniel.sandbox.exceptions import UserError

if TYPE_CHECKING:
    from daniel.sandbox.orm.model import BaseModel
    from daniel.sandbox.orm.registry import Registry
    from daniel.sandbox.orm.store import Store

SUPERUSER_ID = 1
INSTALLED_LANGS = {"en_US": "English (US)", "es_ES": "Spanish / Español"}


class Env:
    """`env[model]` gives an empty recordset; `sudo()` bypasses access checks."""

    def __init__(
        self,
        registry: Registry,
        store: Store,
        uid: int,
        context: Mapping[str, Any] | None = None,
        *,
        su: bool = False,
        seeding: bool = False,
    ) -> None:
        self.registry = registry
        self.store = store
        self.uid = uid
        self.context: dict[str, Any] = dict(context or {})
        self.su = su or uid == SUPERUSER_ID
        #: True while the demo data is loaded: magic fields (create_date...) may be set.
        self.seeding = seeding

    def __getitem__(self, model: str) -> BaseModel:
        return self.registry[model](self, ())

    def __contains__(self, model: str) -> bool:
        return model in self.registry

    def sudo(self, flag: bool = True) -> Env:
        return Env(self.registry, self.store, self.uid, self.context, su=flag, seeding=self.seeding)

    def with_context(self, **values: Any) -> Env:
        ctx = {**self.context, **values}
        return Env(self.registry, self.store, self.uid, ctx, su=self.su, seeding=self.seeding)

    # --- the user -----------------------------------------------------------------------
    @property
    def user(self) -> dict[str, Any]:
        row = self.store.get("res.users", self.uid)
        return row if row is not None else {}

    @property
    def company_id(self) -> int | None:
        company = self.user.get("company_id")
        return int(company) if company else None

    @property
    def lang(self) -> str:
        lang = self.context.get("lang")
        return lang if isinstance(lang, str) and lang in INSTALLED_LANGS else "en_US"

    @property
    def active_test(self) -> bool:
        return bool(self.context.get("active_test", True))

    def user_groups(self) -> frozenset[str]:
        """The xml ids of the groups of the current user."""
        key = ("groups", self.uid)
        table = self.store.table("res.users")
        cached = table.cache.get(key)
        if cached is None:
            ids = self.user.get("groups_id") or ()
            xmlids = (self.store.xmlid_of("res.groups", g) for g in ids)
            cached = frozenset(x for x in xmlids if x)
            table.cache[key] = cached
        return frozenset(cached)

    def has_group(self, xml_id: str) -> bool:
        return self.su or xml_id in self.user_groups()

    # --- time ---------------------------------------------------------------------------
    @staticmethod
    def now() -> str:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")

    @staticmethod
    def today() -> str:
        return date.today().isoformat()


def check_context(context: Any) -> dict[str, Any]:
    """Validate a call's context like Odoo: a dict, with an installed `lang` if any."""
    if context is None or context is False:
        return {}
    if not isinstance(context, dict):
        raise TypeError(f"context must be a dictionary, not {type(context).__name__}")
    lang = context.get("lang")
    if lang and lang not in INSTALLED_LANGS:
        raise UserError(f"Invalid language code: {lang}")
    return context
