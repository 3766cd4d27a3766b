"""`SharedState` in Redis (`REDIS_URL`): what every replica and worker sees.

Keys live under `daniel:av:` (the MCP server's write records are under `daniel:write:`):

    daniel:av:rec:<space>:<key>     a JSON record with a TTL (`SET EX`, `GETDEL` to take)
    daniel:av:win:<space>:<key>     a sorted set of event times (sliding window)
    daniel:av:hold:<space>:<key>    a sorted set of members scored by lease expiry
    daniel:av:alive:<process>       a heartbeat key with a short TTL
    daniel:av:events                the pub/sub channel of broadcasts

Login records hold the person's Odoo secret sealed by `SecretBox` (Fernet, keyed by
`SERVER_SECRET_KEY`), never in plain text. Every Redis error is `SharedStateDown`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from typing import Any

from daniel.server_avatar.shared_state import LEASE_SECONDS, SharedState, SharedStateDown

log = logging.getLogger(__name__)

_PREFIX = "daniel:av:"
CHANNEL = _PREFIX + "events"
_ALIVE_SECONDS = 15.0


class RedisState(SharedState):
    shared = True

    def __init__(self, url: str) -> None:
        super().__init__()
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_timeout=3.0, socket_connect_timeout=3.0)
        self._listener: asyncio.Task[None] | None = None
        self.down_since: float | None = None

    async def start(self) -> None:
        try:
            await self.beat()
        except SharedStateDown as exc:
            log.error("Redis is unreachable at start (%s): conversations cannot move", exc)
        self._listener = asyncio.create_task(self._listen(), name="shared-state-listener")

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._redis.delete(_PREFIX + "alive:" + self.process_id)
        await self._redis.aclose()

    # ------------------------------------------------------------------ records
    async def put(self, space: str, key: str, value: dict[str, Any], ttl: float) -> None:
        async with self._guard():
            await self._redis.set(_rec(space, key), json.dumps(value), px=_ms(ttl))

    async def get(self, space: str, key: str) -> dict[str, Any] | None:
        async with self._guard():
            raw = await self._redis.get(_rec(space, key))
        return _loads(raw)

    async def take(self, space: str, key: str) -> dict[str, Any] | None:
        async with self._guard():
            raw = await self._redis.getdel(_rec(space, key))
        return _loads(raw)

    async def delete(self, space: str, key: str) -> None:
        async with self._guard():
            await self._redis.delete(_rec(space, key))

    async def entries(self, space: str, most: int = 1000) -> list[dict[str, Any]]:
        async with self._guard():
            names = []
            async for name in self._redis.scan_iter(match=_rec(space, "*"), count=200):
                names.append(name)
                if len(names) >= most:
                    break
            raws = await self._redis.mget(names) if names else []
        return [value for value in map(_loads, raws) if value is not None]

    async def touch(self, space: str, key: str, ttl: float) -> None:
        async with self._guard():
            await self._redis.pexpire(_rec(space, key), _ms(ttl))

    # ------------------------------------------------------------------ windows
    async def note(self, space: str, key: str, window: float) -> None:
        now = time.time()
        name = _PREFIX + f"win:{space}:{key}"
        async with self._guard(), self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {f"{now:.6f}:{secrets.token_hex(3)}": now})
            pipe.zremrangebyscore(name, "-inf", now - window)
            pipe.pexpire(name, _ms(window))
            await pipe.execute()

    async def recent(self, space: str, key: str, window: float) -> tuple[int, float]:
        now = time.time()
        name = _PREFIX + f"win:{space}:{key}"
        async with self._guard(), self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(name, "-inf", now - window)
            pipe.zrange(name, 0, 0, withscores=True)
            pipe.zcard(name)
            _, oldest, count = await pipe.execute()
        age = now - float(oldest[0][1]) if oldest else 0.0
        return int(count), age

    async def forget(self, space: str, key: str) -> None:
        async with self._guard():
            await self._redis.delete(_PREFIX + f"win:{space}:{key}")

    # ------------------------------------------------------------------ holders
    async def hold(self, space: str, key: str, member: str) -> None:
        name = _PREFIX + f"hold:{space}:{key}"
        async with self._guard(), self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {member: time.time() + LEASE_SECONDS})
            pipe.pexpire(name, _ms(LEASE_SECONDS))
            await pipe.execute()

    async def let_go(self, space: str, key: str, member: str) -> None:
        async with self._guard():
            await self._redis.zrem(_PREFIX + f"hold:{space}:{key}", member)

    async def holders(self, space: str, key: str) -> int:
        name = _PREFIX + f"hold:{space}:{key}"
        async with self._guard(), self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(name, "-inf", time.time())
            pipe.zcard(name)
            _, count = await pipe.execute()
        return int(count)

    async def renew(self, held: list[tuple[str, str, str]]) -> None:
        if not held:
            return
        until = time.time() + LEASE_SECONDS
        async with self._guard(), self._redis.pipeline(transaction=False) as pipe:
            for space, key, member in held:
                name = _PREFIX + f"hold:{space}:{key}"
                pipe.zadd(name, {member: until})
                pipe.pexpire(name, _ms(LEASE_SECONDS))
            await pipe.execute()

    # ------------------------------------------------------------------ broadcast
    async def publish(self, kind: str, value: str) -> None:
        message = json.dumps({"from": self.process_id, "kind": kind, "value": value})
        async with self._guard():
            await self._redis.publish(CHANNEL, message)

    async def alive(self, process_id: str) -> bool:
        if process_id == self.process_id:
            return True
        async with self._guard():
            return bool(await self._redis.exists(_PREFIX + "alive:" + process_id))

    async def beat(self) -> None:
        async with self._guard():
            await self._redis.set(_PREFIX + "alive:" + self.process_id, "1", px=_ms(_ALIVE_SECONDS))

    async def _listen(self) -> None:
        """Deliver other processes' broadcasts; reconnect after a Redis outage."""
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._up()
                    while True:
                        message = await pubsub.get_message(timeout=5.0)
                        if message is not None:
                            self._on_message(message.get("data"))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._down(exc)
                await asyncio.sleep(1.0)

    def _on_message(self, raw: Any) -> None:
        try:
            message = json.loads(raw)
            if message.get("from") == self.process_id:
                return
            self._deliver(str(message["kind"]), str(message["value"]))
        except Exception:
            log.exception("a broadcast could not be handled")

    # ------------------------------------------------------------------ outages
    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        from redis.exceptions import RedisError

        try:
            yield
        except (RedisError, OSError) as exc:
            self._down(exc)
            raise SharedStateDown(f"Redis: {type(exc).__name__}") from exc
        self._up()

    def _down(self, exc: BaseException) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.error(
                "Redis unavailable (%s): logins and conversations stay on this process; "
                "changes to Odoo are refused until it is back",
                type(exc).__name__,
            )

    def _up(self) -> None:
        if self.down_since is not None:
            self.down_since = None
            log.warning("Redis is reachable again")


def _rec(space: str, key: str) -> str:
    return _PREFIX + f"rec:{space}:{key}"


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def _loads(raw: Any) -> dict[str, Any] | None:
    if not raw:
        return None
    value = json.loads(raw)
    return value if isinstance(value, dict) else None
