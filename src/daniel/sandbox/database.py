"""The sandbox database: one SQLite file per demo dataset, one worker thread, the demo data.

Every ORM call runs in the database's single worker thread (`run`), so concurrent requests
are serialized without ever blocking the event loop, and each call is one transaction
(`call`): committed to SQLite when it succeeds, rolled back in memory when it fails.

Each dataset has its own file in the data folder (`sandbox.sqlite3` for `es`,
`sandbox-en.sqlite3` for `en`), and the file records the dataset it was seeded with, so
switching datasets never mixes their records.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from daniel.resources.odoo import datasets
from daniel.sandbox import models
from daniel.sandbox.exceptions import AccessDenied, missing_error
from daniel.sandbox.models.users import hash_password, verify_password
from daniel.sandbox.orm.env import SUPERUSER_ID, Env
from daniel.sandbox.orm.registry import Registry
from daniel.sandbox.orm.store import Store

log = logging.getLogger("daniel.sandbox")
T = TypeVar("T")

DB_NAME = "sandbox"
FILE_NAME = "sandbox.sqlite3"
SCHEMA_VERSION = "1"
ADMIN_UID = 2

_registry: Registry | None = None
_registry_lock = threading.Lock()


def registry() -> Registry:
    """The model registry, built once per process (sandboxes may start in parallel)."""
    global _registry
    with _registry_lock:
        if _registry is None:
            assert models.__all__
            _registry = Registry.from_loaded_models()
        return _registry


def file_name(dataset: str) -> str:
    """The database file of `dataset` in the data folder."""
    return FILE_NAME if dataset == datasets.DEFAULT else f"sandbox-{dataset}.sqlite3"


def seed_store(
    registry: Registry, store: Store, today: date, dataset: str = datasets.DEFAULT
) -> None:
    """Load the demo data into an empty store (in memory; the caller persists it)."""
    tz = datasets.load(dataset).company.tz
    env = Env(registry, store, ADMIN_UID, {"tz": tz}, su=True, seeding=True)

    def create(model: str, vals: dict[str, Any], xmlid: str | None = None) -> int:
        rid = env[model].create(vals)[0]
        if xmlid:
            store.xmlids[xmlid] = (model, rid)
        return rid

    store.begin()
    try:
        datasets.seed_dataset(dataset, create, today)
    except BaseException:
        store.rollback()
        raise
    store.keep_without_writing()


class SandboxDataError(Exception):
    """The data folder holds something that is not a sandbox database."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Database:
    """The store of the sandbox plus its worker thread and credentials."""

    def __init__(
        self,
        data_dir: Path,
        *,
        admin_password: str,
        api_key: str,
        reset: bool,
        dataset: str = datasets.DEFAULT,
    ) -> None:
        self.dataset = datasets.resolve(dataset)
        self.path = Path(data_dir) / file_name(self.dataset)
        self.registry = registry()
        self._admin_password = admin_password
        self._admin_api_key = api_key
        self._reset = reset
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-db")
        self._conn: sqlite3.Connection | None = None
        self.store: Store = self.registry.make_store(None)
        self._api_keys: dict[str, int] = {}
        self._checked: dict[tuple[int, str, str], bool] = {}

    # --- worker thread ------------------------------------------------------------------
    async def run(self, func: Callable[[], T]) -> T:
        """Run `func` in the database thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, func)

    def transaction(self, func: Callable[[], T]) -> T:
        """Call `func` (in the database thread) as one all-or-nothing transaction."""
        self.store.begin()
        try:
            result = func()
        except BaseException:
            self.store.rollback()
            raise
        self.store.commit()
        return result

    async def open(self) -> None:
        await self.run(self._open)

    async def close(self) -> None:
        try:
            await self.run(self._close)
        finally:
            self._executor.shutdown(wait=True)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- opening and seeding ------------------------------------------------------------
    def _open(self) -> None:
        started = time.perf_counter()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._reset:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            conn = sqlite3.connect(self.path, isolation_level="DEFERRED")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._conn = conn
            self.store = self.registry.make_store(conn)
            self.store.create_schema()
            seeded = self.store.meta("seeded_on")
            stored = self.store.meta("dataset") or datasets.DEFAULT
        except sqlite3.DatabaseError as exc:
            raise SandboxDataError(
                f"{self.path} is not a sandbox database ({exc}); start with --reset to recreate it"
            ) from None
        if seeded is not None and stored != self.dataset:
            raise SandboxDataError(
                f"{self.path} holds the '{stored}' demo dataset, not '{self.dataset}'; "
                f"reseed it with `daniel sandbox --dataset {self.dataset} --reset`"
            )
        if seeded is None:
            self._seed()
            action = f"seeded the '{self.dataset}' demo data"
        else:
            self.store.load()
            action = f"loaded data seeded on {seeded}"
        models.ir.populate(self.env(SUPERUSER_ID, su=True))
        self._apply_credentials()
        elapsed = (time.perf_counter() - started) * 1000
        log.info("sandbox database %s: %s in %.0f ms", self.path, action, elapsed)

    def _seed(self) -> None:
        seed_store(self.registry, self.store, date.today(), self.dataset)
        self.store.write_all()
        self.store.set_meta("schema", SCHEMA_VERSION)
        self.store.set_meta("dataset", self.dataset)
        self.store.set_meta("seeded_on", date.today().isoformat())

    def _apply_credentials(self) -> None:
        """The configured admin password replaces the stored one; API keys are in memory."""
        admin = self.store.get("res.users", ADMIN_UID)
        if admin is not None and not verify_password(self._admin_password, admin.get("password")):
            self.store.begin()
            self.store.update(
                "res.users", ADMIN_UID, {"password": hash_password(self._admin_password)}
            )
            self.store.commit()
        self._api_keys = {_digest(self._admin_api_key): ADMIN_UID}
        demo = datasets.load(self.dataset)
        restricted = self.user_by_login(demo.restricted_login)
        if restricted is not None:
            self._api_keys[_digest(demo.restricted_api_key)] = restricted

    # --- environments and credentials ---------------------------------------------------
    def env(self, uid: int, context: dict[str, Any] | None = None, *, su: bool = False) -> Env:
        return Env(self.registry, self.store, uid, context, su=su)

    def user_by_login(self, login: str) -> int | None:
        for rid, row in self.store.table("res.users").rows.items():
            if row.get("login") == login and row.get("active"):
                return rid
        return None

    def uid_for_api_key(self, key: str) -> int | None:
        uid = self._api_keys.get(_digest(key))
        if uid is None:
            return None
        row = self.store.get("res.users", uid)
        return uid if row is not None and row.get("active") else None

    def check_secret(self, uid: int, secret: str) -> bool:
        """True when `secret` is the user's password or one of their API keys."""
        if not isinstance(secret, str) or not secret:
            return False
        row = self.store.get("res.users", uid)
        if row is None or not row.get("active"):
            return False
        if self.uid_for_api_key(secret) == uid:
            return True
        key = (uid, str(row.get("password") or ""), _digest(secret))
        known = self._checked.get(key)
        if known is None:
            known = verify_password(secret, row.get("password"))
            if len(self._checked) > 1000:
                self._checked.clear()
            self._checked[key] = known
        return known

    def authenticate(self, login: Any, secret: Any) -> int | bool:
        if not isinstance(login, str) or not isinstance(secret, str):
            return False
        uid = self.user_by_login(login)
        if uid is None or not self.check_secret(uid, secret):
            return False
        return uid

    def check_uid(self, uid: Any, secret: Any) -> int:
        """The user of an `execute_kw` call, or Odoo's error for a bad uid/password."""
        if isinstance(uid, str) and uid.strip().isdigit():
            uid = int(uid)
        if not uid or isinstance(uid, bool) or not isinstance(uid, int):
            raise AccessDenied()
        if self.store.get("res.users", uid) is None:
            raise missing_error("res.users", [uid], uid)
        if not self.check_secret(uid, secret):
            raise AccessDenied()
        return uid
