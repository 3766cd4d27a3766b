"""Helpers of the sandbox tests: in-memory environments and an XML-RPC caller."""

from __future__ import annotations

import http.client
import uuid
import xmlrpc.client
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from daniel.resources.odoo import datasets
from daniel.sandbox.database import ADMIN_UID, registry, seed_store
from daniel.sandbox.models import ir
from daniel.sandbox.orm.env import Env

#: Per dataset: the word two customers' names start with, and the first name of two
#: contacts and a user (the deliberate "which one?" ambiguities).
AMBIGUOUS = {"es": ("Acme", "María"), "en": ("Pioneer", "Emily")}


def restricted(dataset: str) -> tuple[str, str, str]:
    """Login, password and API key of the dataset's restricted salesperson."""
    demo = datasets.load(dataset)
    return demo.restricted_login, demo.restricted_login, demo.restricted_api_key


def memory_env(seed: bool, uid: int = ADMIN_UID, dataset: str = datasets.DEFAULT) -> Env:
    """A sandbox database in memory only (no SQLite, no HTTP), as `uid`."""
    reg = registry()
    store = reg.make_store(None)
    if seed:
        seed_store(reg, store, date.today(), dataset)
    ir.populate(Env(reg, store, 1, su=True))
    return Env(reg, store, uid)


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode()


def fetch(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> Answer:
    """One plain HTTP request (any status is returned, not raised)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


class Rpc:
    """`rpc(model, method, *args, **kwargs)` over XML-RPC `execute_kw`."""

    def __init__(self, url: str, db: str, uid: int, password: str) -> None:
        self.url = url
        self.db = db
        self.uid = uid
        self.password = password
        self._proxies: dict[str, xmlrpc.client.ServerProxy] = {}

    def proxy(self, service: str = "object") -> xmlrpc.client.ServerProxy:
        """One proxy per service: its keep-alive connection is reused."""
        if service not in self._proxies:
            url = f"{self.url}/xmlrpc/2/{service}"
            self._proxies[service] = xmlrpc.client.ServerProxy(url, allow_none=True)
        return self._proxies[service]

    def __call__(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.proxy().execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def fault(self, model: str, method: str, *args: Any, **kwargs: Any) -> xmlrpc.client.Fault:
        with pytest.raises(xmlrpc.client.Fault) as caught:
            self(model, method, *args, **kwargs)
        return caught.value


def login(url: str, db: str, user: str, password: str) -> Rpc:
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(db, user, password, {})
    assert isinstance(uid, int), f"cannot log in as {user}"
    assert uid > 0
    return Rpc(url, db, uid, password)


@contextmanager
def served(data_dir: Path, **options: Any) -> Iterator[Rpc]:
    """A sandbox on `data_dir` (SandboxThread options) for the block, as its admin."""
    from daniel.sandbox.server import SandboxThread

    thread = SandboxThread(data_dir, **options)
    thread.start()
    try:
        yield login(thread.url, "sandbox", "admin", options.get("admin_password", "admin"))
    finally:
        thread.stop()
