"""Idempotency records in Redis (`REDIS_URL`), shared by every MCP replica.

Each record is one JSON string under `daniel:write:<key>` (kept 7 days; a write's
preview, `state: "preview"`, only until 10 minutes after it expires); the ids a
keyed create made are a set per model (`daniel:write-created:<model>`); `lock(key)` is
a Redis lock (`SET NX PX` with a token), so two replicas never run the same key at
once. The lock is short (`LOCK_SECONDS`) and renewed while its holder runs, so a replica
killed mid-write frees the key within seconds and another one settles the write. Any
Redis error becomes `StoreUnavailable`: the write is refused, not doubled.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from daniel.mcp_odoo.core.idempotency import StoreUnavailable

log = logging.getLogger(__name__)

KEEP_SECONDS = 7 * 24 * 3600
#: A key not renewed for this long (its replica died holding it) is free again.
LOCK_SECONDS = 10.0
#: How long a second caller waits for a key held by a running write.
WAIT_SECONDS = 130.0
_PREFIX = "daniel:write:"
_CREATED = "daniel:write-created:"


class RedisIdempotencyStore:
    #: Every replica reads the same records (so previews are shared too, see `writes`).
    shared = True

    def __init__(self, url: str) -> None:
        try:
            from redis.asyncio import Redis
        except ImportError as exc:  # pragma: no cover - redis is a dependency
            raise ImportError("REDIS_URL needs the 'redis' package (pip install redis)") from exc
        self._redis = Redis.from_url(url, socket_timeout=3.0, socket_connect_timeout=3.0)

    async def get(self, key: str) -> dict[str, Any] | None:
        async with _unavailable():
            raw = await self._redis.get(_PREFIX + key)
        return json.loads(raw) if raw else None

    async def put(self, key: str, record: dict[str, Any]) -> None:
        value = json.dumps({**record, "key": key}, ensure_ascii=False, default=str)
        keep = int(record.get("keep_seconds") or KEEP_SECONDS)
        async with _unavailable(), self._redis.pipeline(transaction=True) as pipe:
            pipe.set(_PREFIX + key, value, ex=keep)
            step = record.get("step") or {}
            if record.get("state") == "done" and step.get("record_id") is None:
                for record_id in record.get("ids") or []:
                    pipe.sadd(_CREATED + str(record["model"]), int(record_id))
                pipe.expire(_CREATED + str(record["model"]), KEEP_SECONDS)
            await pipe.execute()

    async def created_ids(self, model: str) -> set[int]:
        async with _unavailable():
            members = await self._redis.smembers(_CREATED + model)
        return {int(member) for member in members}

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock = self._redis.lock(
            f"{_PREFIX}lock:{key}", timeout=LOCK_SECONDS, blocking_timeout=WAIT_SECONDS
        )
        async with _unavailable():
            acquired = await lock.acquire()
        if not acquired:
            raise StoreUnavailable(f"write {key[:12]} is held by another replica")
        renewing = asyncio.create_task(_renew(lock))
        try:
            yield
        finally:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
            async with _unavailable():
                await lock.release()

    async def aclose(self) -> None:
        await self._redis.aclose()


async def _renew(lock: Any) -> None:
    """Keep a held lock alive while its write runs (a dead holder stops renewing)."""
    while True:
        await asyncio.sleep(LOCK_SECONDS / 3)
        try:
            await lock.reacquire()
        except Exception as exc:  # Redis gone: the write's own store calls will fail
            log.warning("could not renew the lock of a running write: %s", type(exc).__name__)
            return


@asynccontextmanager
async def _unavailable() -> AsyncIterator[None]:
    from redis.exceptions import RedisError

    try:
        yield
    except (RedisError, OSError) as exc:
        raise StoreUnavailable(f"Redis: {type(exc).__name__}") from exc
