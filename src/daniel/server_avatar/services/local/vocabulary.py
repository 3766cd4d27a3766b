"""The live ERP's names, for speech recognition: customers, people, projects, stages and
products, read through the session's MCP tools (`odoo_read`) and cached for a few minutes.

`ErpVocabulary` is the `vocabulary` callable the local speech-to-text takes: it returns
the names (never from lists in code), refreshed at most every `ttl` seconds, one read at
a time for the whole process; a caller that stops waiting does not cancel the read. A
failed read keeps the last names (or none) and is retried after `retry` seconds:
recognition then works without biasing, it never fails because of it.

(The understanding layer will own a shared, cached name index; this reader is the
stand-in until the recogniser is pointed at it.)
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from daniel.server_avatar.services.base import ProviderError, ToolRunner

log = logging.getLogger(__name__)

#: (model, domain, most names read). Sizes keep the decoder prompt short.
SOURCES: tuple[tuple[str, list[Any], int], ...] = (
    ("res.partner", [["is_company", "=", True]], 40),
    ("res.partner", [["is_company", "=", False]], 40),
    ("res.users", [], 30),
    ("project.project", [], 30),
    ("crm.stage", [], 20),
    ("product.product", [], 40),
)


class ErpVocabulary:
    """Names from the live ERP, cached for `ttl` seconds."""

    def __init__(self, tools: ToolRunner, *, ttl: float = 300.0, retry: float = 30.0) -> None:
        self._tools = tools
        self._ttl = ttl
        self._retry = retry
        self._names: list[str] = []
        self._read_at = float("-inf")
        self._reading: asyncio.Task[None] | None = None

    async def __call__(self) -> list[str]:
        if time.monotonic() - self._read_at < self._ttl:
            return self._names
        if self._reading is None or self._reading.done():
            self._reading = asyncio.create_task(self._refresh(), name="erp-vocabulary")
        await asyncio.shield(self._reading)  # a caller that gives up leaves the read running
        return self._names

    async def _refresh(self) -> None:
        names = await self._read()
        if names:
            self._names, self._read_at = names, time.monotonic()
        else:  # nothing read: keep the last names, try again sooner
            self._read_at = time.monotonic() - self._ttl + self._retry

    async def _read(self) -> list[str]:
        results = await asyncio.gather(
            *(self._names_of(model, domain, limit) for model, domain, limit in SOURCES),
            return_exceptions=True,
        )
        names: dict[str, None] = {}
        for result in results:
            if isinstance(result, BaseException):
                log.info("ERP names for speech recognition not read: %s", _short(result))
                continue
            names.update(dict.fromkeys(result))
        return list(names)

    async def _names_of(self, model: str, domain: list[Any], limit: int) -> list[str]:
        arguments = {"model": model, "domain": domain, "fields": ["name"], "limit": limit}
        result = await self._tools.call("odoo_read", arguments)
        if result.is_error:
            raise ProviderError("mcp", f"odoo_read {model}: {result.text[:120]}")
        records = result.structured.get("records") or []
        return [
            str(r["name"]).strip()
            for r in records
            if isinstance(r, dict) and isinstance(r.get("name"), str) and r["name"].strip()
        ]


def _short(exc: BaseException) -> str:
    return exc.message if isinstance(exc, ProviderError) else type(exc).__name__
