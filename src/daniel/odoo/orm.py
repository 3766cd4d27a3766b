"""The ORM methods of the client (search, read, create...), over `execute_kw`.

Each builds the arguments Odoo expects, leaving defaults out to keep requests small, and
checks the shape of the answer so callers get the types they were promised.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from daniel.odoo.errors import OdooProtocolError, OdooRequestError

Domain = Sequence[Any]
Ids = int | Sequence[int]
FieldsKey = tuple[str, tuple[str, ...] | None]


class OrmMethods(ABC):
    """Typed helpers over `execute_kw`; `fields_get` answers are cached for `fields_ttl` s."""

    fields_ttl: float
    _fields_cache: dict[FieldsKey, tuple[float, dict[str, Any]]]

    @abstractmethod
    async def execute_kw(
        self,
        model: str,
        method: str,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """Call `model.method(*args, **kwargs)` on Odoo."""

    def clear_cache(self, model: str | None = None) -> None:
        """Forget cached `fields_get` answers (of one model, or all)."""
        if model is None:
            self._fields_cache.clear()
        else:
            for key in [k for k in self._fields_cache if k[0] == model]:
                del self._fields_cache[key]

    # --- ORM helpers --------------------------------------------------------------------

    async def search(
        self,
        model: str,
        domain: Domain | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> list[int]:
        kwargs = _options(offset=offset, limit=limit, order=order, context=context)
        result = await self.execute_kw(model, "search", [_domain(domain)], kwargs)
        return _expect_list(result, model, "search")

    async def search_read(
        self,
        model: str,
        domain: Domain | None = None,
        fields: Sequence[str] | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        kwargs = _options(offset=offset, limit=limit, order=order, context=context)
        if fields is not None:
            kwargs["fields"] = _names(fields)
        result = await self.execute_kw(model, "search_read", [_domain(domain)], kwargs)
        return _expect_list(result, model, "search_read")

    async def web_search_read(
        self,
        model: str,
        domain: Domain | None,
        specification: dict[str, Any],
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Odoo 17+: one page of records in `web_read` form and the total `length`, in one
        request (Odoo counts only when the page comes back full)."""
        kwargs = _options(offset=offset, limit=limit, order=order, context=context)
        kwargs.update(domain=_domain(domain), specification=specification)
        result = await self.execute_kw(model, "web_search_read", [], kwargs)
        if not isinstance(result, dict) or not isinstance(result.get("records"), list):
            raise OdooProtocolError(f"{model}.web_search_read answered {type(result).__name__}")
        return result

    async def read(
        self,
        model: str,
        ids: Ids,
        fields: Sequence[str] | None = None,
        *,
        context: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        kwargs = _options(context=context)
        if fields is not None:
            kwargs["fields"] = _names(fields)
        result = await self.execute_kw(model, "read", [_ids(ids)], kwargs)
        return _expect_list(result, model, "read")

    async def search_count(
        self, model: str, domain: Domain | None = None, *, context: dict[str, Any] | None = None
    ) -> int:
        result = await self.execute_kw(
            model, "search_count", [_domain(domain)], _options(context=context)
        )
        if not isinstance(result, int) or isinstance(result, bool):
            raise OdooProtocolError(f"{model}.search_count answered {type(result).__name__}")
        return result

    async def create(
        self,
        model: str,
        values: dict[str, Any] | Sequence[dict[str, Any]],
        *,
        context: dict[str, Any] | None = None,
    ) -> int | list[int]:
        """Create one record (a dict → its id) or several (a list of dicts → their ids)."""
        payload: Any = values if isinstance(values, dict) else list(values)
        result = await self.execute_kw(model, "create", [payload], _options(context=context))
        if isinstance(values, dict):
            if not isinstance(result, int) or isinstance(result, bool):
                raise OdooProtocolError(f"{model}.create answered {type(result).__name__}")
            return result
        return _expect_list(result, model, "create")

    async def write(
        self,
        model: str,
        ids: Ids,
        values: dict[str, Any],
        *,
        context: dict[str, Any] | None = None,
    ) -> bool:
        result = await self.execute_kw(
            model, "write", [_ids(ids), values], _options(context=context)
        )
        return bool(result)

    async def unlink(self, model: str, ids: Ids, *, context: dict[str, Any] | None = None) -> bool:
        result = await self.execute_kw(model, "unlink", [_ids(ids)], _options(context=context))
        return bool(result)

    async def fields_get(
        self, model: str, attributes: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """Field definitions, cached per (model, attributes) for `fields_ttl` seconds.

        Each call returns its own outer and per-field dicts; nested lists (selection
        pairs) are shared with the cache: do not mutate them.
        """
        key = (model, tuple(_names(attributes)) if attributes is not None else None)
        now = time.monotonic()
        cached = self._fields_cache.get(key)
        if cached is not None and cached[0] > now:
            return _copy_fields(cached[1])
        kwargs = {"attributes": _names(attributes)} if attributes is not None else {}
        result = await self.execute_kw(model, "fields_get", [], kwargs)
        if not isinstance(result, dict):
            raise OdooProtocolError(f"{model}.fields_get answered {type(result).__name__}")
        if self.fields_ttl > 0:
            self._fields_cache[key] = (time.monotonic() + self.fields_ttl, result)
        return _copy_fields(result)

    async def name_search(
        self,
        model: str,
        name: str = "",
        domain: Domain | None = None,
        *,
        operator: str = "ilike",
        limit: int = 8,
    ) -> list[tuple[int, str]]:
        # Positional: the domain's keyword is `args` up to Odoo 18 and `domain` from 19.
        result = await self.execute_kw(
            model, "name_search", [name, _domain(domain), operator, limit]
        )
        pairs = _expect_list(result, model, "name_search")
        try:
            return [(int(pair[0]), str(pair[1])) for pair in pairs]
        except (TypeError, ValueError, IndexError) as exc:
            raise OdooProtocolError(f"{model}.name_search answered malformed pairs") from exc

    async def read_group(
        self,
        model: str,
        domain: Domain | None,
        fields: Sequence[str],
        groupby: str | Sequence[str],
        *,
        offset: int = 0,
        limit: int | None = None,
        orderby: str | None = None,
        lazy: bool = True,
    ) -> list[dict[str, Any]]:
        kwargs = _options(offset=offset, limit=limit)
        if orderby:
            kwargs["orderby"] = orderby
        kwargs["lazy"] = lazy
        result = await self.execute_kw(
            model, "read_group", [_domain(domain), _names(fields), _names(groupby)], kwargs
        )
        return _expect_list(result, model, "read_group")


def _options(
    *,
    offset: int = 0,
    limit: int | None = None,
    order: str | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword arguments, leaving out the defaults (smaller requests)."""
    options: dict[str, Any] = {}
    if offset:
        options["offset"] = offset
    if limit is not None:
        options["limit"] = limit
    if order:
        options["order"] = order
    if context:
        options["context"] = context
    return options


def _domain(domain: Domain | None) -> list[Any]:
    """A domain as a list; a string (e.g. "[('a', '=', 1)]") is refused, not split."""
    if domain is None:
        return []
    if isinstance(domain, str | bytes) or not isinstance(domain, Sequence):
        raise OdooRequestError(
            "a domain is a list of conditions such as [['name', 'ilike', 'acme']], "
            f"not {type(domain).__name__}"
        )
    return list(domain)


def _names(names: str | Sequence[str]) -> list[str]:
    """Field names as a list; one name alone is accepted."""
    return [names] if isinstance(names, str) else list(names)


def _ids(ids: Ids) -> list[int]:
    values = [ids] if isinstance(ids, int) else list(ids)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in values):
        raise OdooRequestError("record ids must be integers")
    return values


def _expect_list(result: Any, model: str, method: str) -> list[Any]:
    if not isinstance(result, list):
        raise OdooProtocolError(f"{model}.{method} answered {type(result).__name__}, not a list")
    return result


def _copy_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: dict(spec) if isinstance(spec, dict) else spec for name, spec in fields.items()}
