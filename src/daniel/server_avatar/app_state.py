"""The typed application state of the avatar server (one per process)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.latency import LatencyRecorder
from daniel.server_avatar.load_gate import LoadGate
from daniel.server_avatar.services.provider_registry import Registry
from daniel.server_avatar.services.shared import SharedServices
from daniel.server_avatar.session_store import SessionStore
from daniel.server_avatar.shared_state import MemoryState, SharedState
from daniel.settings import Settings


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """How a provider kind looked at start-up: `ok`, `degraded` (with why) or `off`."""

    name: str
    state: str
    detail: str = ""


@dataclass(slots=True)
class ServerState:
    settings: Settings
    tuning: ServerTuning
    shared: SharedServices
    #: Builds each conversation's providers by name from `shared`.
    registry: Registry
    store: SessionStore
    recorder: LatencyRecorder
    providers: dict[str, ProviderStatus] = field(default_factory=dict)
    started_at: float = field(default_factory=time.monotonic)
    #: (when, (mcp check, odoo check)) of the last /health probe.
    health_cache: tuple[float, tuple[dict[str, Any], dict[str, Any]]] | None = None
    #: Key of the HMACs this process hands out (confirmation ids).
    secret_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    #: Who may use the server: tenants, logins, throttles, allowed hosts; set at start-up.
    access: Access | None = None
    #: What processes share (Redis with `REDIS_URL`, else this process's memory).
    shared_state: SharedState = field(default_factory=MemoryState)
    #: Set while the server drains (SIGTERM): no new conversations, turns finish.
    draining: bool = False
    #: Answers "busy" when this process has fallen behind (see load_gate).
    gate: LoadGate = field(default_factory=LoadGate)


if TYPE_CHECKING:
    from daniel.server_avatar.auth.access import Access

STATE: web.AppKey[ServerState] = web.AppKey("daniel_server_state", ServerState)
