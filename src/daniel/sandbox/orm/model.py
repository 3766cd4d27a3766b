"""`BaseModel`: the public methods external clients call, with Odoo's signatures.

Method signatures match Odoo's so a wrong call fails with the same TypeError text
("BaseModel.search_count() takes from 2 to 3 positional arguments..."). Public methods
check access rights and record rules; the underscored helpers are the sandbox's own
internals (never callable over RPC, like Odoo's private methods).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Self, TypeVar

from daniel.sandbox.exceptions import AccessError, UserError
from daniel.sandbox.orm import access, ordering, read, write
from daniel.sandbox.orm import domain as dom
from daniel.sandbox.orm.env import Env
from daniel.sandbox.orm.fields import Field, describe
from daniel.sandbox.orm.read_group import read_group
from daniel.sandbox.orm.store import Table

F = TypeVar("F", bound=Callable[..., Any])


def rpc(method: F) -> F:
    """Mark a method as callable through the external API."""
    method._rpc = True  # type: ignore[attr-defined]
    return method


def api_model(method: F) -> F:
    """Mark an `@api.model` method: called without ids."""
    method._rpc = True  # type: ignore[attr-defined]
    method._api_model = True  # type: ignore[attr-defined]
    return method


class RecordIds(list[int]):
    """A recordset result: JSON-2 sends its ids; XML-RPC/JSON-RPC one id when `single`."""

    def __init__(self, ids: list[int], *, single: bool = False) -> None:
        super().__init__(ids)
        self.single = single


class BaseModel:
    _name: ClassVar[str] = ""
    _description: ClassVar[str] = ""
    _order: ClassVar[str] = "id"
    _rec_name: ClassVar[str | None] = "name"
    _rec_names_search: ClassVar[tuple[str, ...]] = ()
    _parent_name: ClassVar[str | None] = None
    _inherits: ClassVar[dict[str, str]] = {}
    _mail_thread: ClassVar[bool] = False
    _persist: ClassVar[bool] = True
    _fields: ClassVar[dict[str, Field]] = {}
    #: Fields the HTML viewer shows (defaults to the first stored business fields).
    _viewer_fields: ClassVar[tuple[str, ...]] = ()
    #: Messages for recursive hierarchies (`_parent_name` set).
    _recursion_message: ClassVar[str] = "Recursion Detected."

    def __init__(self, env: Env, ids: tuple[int, ...] | list[int] = ()) -> None:
        self.env = env
        self.ids: list[int] = list(ids)

    def __repr__(self) -> str:
        return f"{self._name}{tuple(self.ids)!r}"

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def browse(self, ids: Any) -> Self:
        if isinstance(ids, int) and not isinstance(ids, bool):
            ids = [ids]
        return type(self)(self.env, list(ids or ()))

    def sudo(self) -> Self:
        return type(self)(self.env.sudo(), self.ids)

    def with_env(self, env: Env) -> Self:
        return type(self)(env, self.ids)

    @property
    def _table(self) -> Table:
        return self.env.store.table(self._name)

    @classmethod
    def has_rpc_method(cls, name: str) -> bool:
        method = getattr(cls, name, None)
        if not getattr(method, "_rpc", False):
            return False
        if name in ("message_post",) and not cls._mail_thread:
            return False
        return not (name in ("action_archive", "action_unarchive") and "active" not in cls._fields)

    # --- search -------------------------------------------------------------------------
    @api_model
    def search(
        self, domain: Any, offset: int = 0, limit: int | None = None, order: str | None = None
    ) -> list[int]:
        access.check_model_access(self.env, self, "read")
        return self._search(domain, offset, limit, order)

    @api_model
    def search_count(self, domain: Any, limit: int | None = None) -> int:
        access.check_model_access(self.env, self, "read")
        count = len(self._search_ids(domain))
        return min(count, limit) if limit else count

    @api_model
    def search_read(
        self,
        domain: Any = None,
        fields: Any = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        **read_kwargs: Any,
    ) -> list[dict[str, Any]]:
        access.check_model_access(self.env, self, "read")
        records = self.browse(self._search(domain or [], offset, limit, order))
        return records._read_format(fnames=fields, **read_kwargs)

    @api_model
    def web_search_read(
        self,
        domain: Any,
        specification: dict[str, Any],
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        count_limit: int | None = None,
    ) -> dict[str, Any]:
        """Odoo 17+: a page in `web_read` form and its `length`, counted only when the page
        comes back full (a many2one reads `{id, display_name}` when its spec asks for
        fields, else its id)."""
        access.check_model_access(self.env, self, "read")
        records = self.browse(self._search(domain or [], offset, limit, order))
        rows = records._read_format(fnames=list(specification))
        return read.web_read_page(self, rows, specification, domain, offset, limit, count_limit)

    @api_model
    def name_search(
        self,
        name: str = "",
        args: Any = None,
        operator: str = "ilike",
        limit: int = 100,
        domain: Any = None,
    ) -> list[list[Any]]:
        access.check_model_access(self.env, self, "read")
        base = list(args or domain or [])
        search = dom.combine("&", [base, [("display_name", operator, name)]]) if name else base
        ids = self._search(search, 0, limit, None)
        names = self._display_names(ids)
        return [[rid, names[rid]] for rid in ids]

    @api_model
    def read_group(
        self,
        domain: Any,
        fields: Any,
        groupby: Any,
        offset: int = 0,
        limit: int | None = None,
        orderby: Any = False,
        lazy: bool = True,
    ) -> list[dict[str, Any]]:
        access.check_model_access(self.env, self, "read")
        return read_group(self, domain, fields, groupby, offset, limit, orderby, lazy)

    # --- read ---------------------------------------------------------------------------
    @rpc
    def read(self, fields: Any = None, load: str = "_classic_read") -> list[dict[str, Any]]:
        access.check_model_access(self.env, self, "read")
        existing = [rid for rid in self.ids if rid in self._table.rows]
        access.check_rules(self, existing, "read")
        return self.browse(existing)._read_format(fnames=fields, load=load)

    def _read_format(self, fnames: Any, load: str = "_classic_read") -> list[dict[str, Any]]:
        return read.read_records(self, fnames, load)

    @api_model
    def fields_get(self, allfields: Any = None, attributes: Any = None) -> dict[str, Any]:
        wanted = set(allfields) if allfields else None
        return {
            name: describe(field, attributes)
            for name, field in self._fields.items()
            if wanted is None or name in wanted
        }

    @api_model
    def default_get(self, fields_list: Any) -> dict[str, Any]:
        return write.default_values(self, list(fields_list or []))

    # --- write --------------------------------------------------------------------------
    @api_model
    def create(self, vals_list: Any) -> RecordIds:
        access.check_model_access(self.env, self, "create")
        single = isinstance(vals_list, dict)
        ids = write.create_records(self, [vals_list] if single else list(vals_list))
        access.check_rules(self.browse(ids), ids, "create")
        return RecordIds(ids, single=single)

    @rpc
    def write(self, vals: Any) -> bool:
        access.check_model_access(self.env, self, "write")
        write.check_existing(self)
        access.check_rules(self, self.ids, "write")
        write.write_records(self, vals)
        return True

    @rpc
    def unlink(self) -> bool:
        access.check_model_access(self.env, self, "unlink")
        write.check_existing(self)
        access.check_rules(self, self.ids, "unlink")
        write.unlink_records(self)
        return True

    @api_model
    def name_create(self, name: str) -> list[Any]:
        if not self._rec_name:
            raise UserError(f"Cannot execute name_create, no _rec_name defined on {self._name}")
        field = self._fields.get(self._rec_name)
        target = (
            "name"
            if field is not None and field.compute and "name" in self._fields
            else self._rec_name
        )
        ids = self.create({target: name})
        return [ids[0], self._display_names(list(ids))[ids[0]]]

    @rpc
    def copy(self, default: Any = None) -> RecordIds:
        access.check_model_access(self.env, self, "create")
        write.check_existing(self)
        return RecordIds([write.copy_record(self, rid, dict(default or {})) for rid in self.ids])

    @rpc
    def action_archive(self) -> None:
        self.write({"active": False})

    @rpc
    def action_unarchive(self) -> None:
        self.write({"active": True})

    # --- access -------------------------------------------------------------------------
    @api_model
    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        if operation not in ("read", "write", "create", "unlink"):
            raise ValueError(f"Invalid access mode {operation!r}")
        if raise_exception:
            access.check_model_access(self.env, self, operation)
            return True
        return access.has_model_access(self.env, self._name, operation)

    @rpc
    def check_access(self, operation: str) -> bool:
        self.check_access_rights(operation)
        access.check_rules(self, [r for r in self.ids if r in self._table.rows], operation)
        return True

    @rpc
    def has_access(self, operation: str) -> bool:
        try:
            self.check_access(operation)
        except AccessError:
            return False
        return True

    @rpc
    def exists(self) -> RecordIds:
        return RecordIds([rid for rid in self.ids if rid in self._table.rows])

    @rpc
    def get_metadata(self) -> list[dict[str, Any]]:
        access.check_model_access(self.env, self, "read")
        existing = [rid for rid in self.ids if rid in self._table.rows]
        rows = read.read_records(
            self.browse(existing), ["create_uid", "create_date", "write_uid", "write_date"]
        )
        for row in rows:
            xmlid = self.env.store.xmlid_of(self._name, row["id"])
            row.update(xmlid=xmlid or False, noupdate=False, xmlids=[])
            if xmlid:
                row["xmlids"] = [{"xmlid": xmlid, "noupdate": False}]
        return rows

    # --- internals ----------------------------------------------------------------------
    def _search_ids(self, domain: Any, active_test: bool | None = None) -> set[int]:
        """Ids matching `domain` (+ active filter, + the user's record rules)."""
        normalized = dom.normalize(domain)
        if active_test is None:
            active_test = self.env.active_test
        parts: list[Any] = [normalized]
        if active_test and "active" in self._fields and not dom.mentions(normalized, "active"):
            parts.append([("active", "=", True)])
        rules = access.rule_domain(self.env, self._name)
        if rules is not None:
            parts.append(rules)
        full = dom.combine("&", parts) if len(parts) > 1 else normalized
        return dom.Evaluator(self).ids(full or [dom.TRUE_LEAF])

    def _search(
        self,
        domain: Any,
        offset: Any = 0,
        limit: Any = None,
        order: Any = None,
        active_test: bool | None = None,
    ) -> list[int]:
        if order is not None and order is not False and not isinstance(order, str):
            raise TypeError(f"order must be a string, not {type(order).__name__}")
        ids = ordering.sort_ids(self, self._search_ids(domain, active_test), order or None)
        start = _int_param(offset, "offset") or 0
        count = _int_param(limit, "limit")
        return ids[start : start + count] if count else ids[start:]

    def _values(self, field: Field, ids: list[int]) -> dict[int, Any]:
        return read.field_values(self, field, ids)

    def _display_names(self, ids: list[int]) -> dict[int, str]:
        return self._compute_display_name(ids)

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        name = self._rec_name
        if name and name in self._fields and self._fields[name].store:
            return {rid: rows[rid].get(name) or "" for rid in ids if rid in rows}
        if name and name in self._fields:
            values = self._values(self._fields[name], ids)
            return {rid: values.get(rid) or "" for rid in ids}
        return {rid: f"{self._name},{rid}" for rid in ids}

    def _search_display_name(self, operator: str, value: Any) -> list[Any]:
        names = self._rec_names_search or ((self._rec_name,) if self._rec_name else ("id",))
        leaves = [(name, operator, value) for name in names]
        joiner = "&" if operator in dom.NEGATIVE else "|"
        return [joiner] * (len(leaves) - 1) + leaves

    def _one2many_index(self, field: Field) -> dict[int, tuple[int, ...]]:
        return read.one2many_index(self, field)

    def _order_rank(self) -> dict[int, int]:
        return read.order_rank(self)

    # --- hooks for models ---------------------------------------------------------------
    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        """Adjust the values of one new record (after defaults) before it is stored."""
        return vals

    def _after_create(self, ids: list[int]) -> None:
        """Computed stored fields and side effects of new records."""

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        """Computed stored fields and side effects of changed records."""

    def _before_unlink(self, ids: list[int]) -> None:
        """Refuse or prepare the deletion of records."""

    def _after_unlink(self, rows: list[dict[str, Any]]) -> None:
        """Side effects of deleted records (their last values are given)."""

    def _check_constraints(self, ids: list[int], fnames: set[str]) -> None:
        """Raise ValidationError when records break a model constraint."""

    def _copy_suffix(self) -> bool:
        """Whether `copy` appends " (copy)" to the record name."""
        return True


def _int_param(value: Any, name: str) -> int | None:
    if value is None or value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f'invalid input syntax for type bigint: "{value}"')
    return value
