"""Plain configuration of the MCP-Odoo server.

`ServerConfig` holds plain values only; `ServerConfig.from_settings` is the one place
that reads `daniel.settings.Settings` (start-up code). Tests and the avatar server can
build a `ServerConfig` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from daniel.settings import OdooConnection

if TYPE_CHECKING:
    from daniel.settings import Settings

Lang = Literal["es", "en"]
WriteMode = Literal["read-only", "confirm", "allow"]

#: Business models every tool and resource may touch.
BUSINESS_MODELS: frozenset[str] = frozenset(
    {
        "res.users",
        "res.partner",
        "res.company",
        "crm.lead",
        "crm.stage",
        "crm.tag",
        "crm.team",
        "project.project",
        "project.task",
        "project.task.type",
        "project.tags",
        "product.product",
        "product.category",
        "sale.order",
        "sale.order.line",
    }
)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CONFIRM_TTL_SECONDS = 120.0
TOOLS_PACKAGE = "daniel.mcp_odoo.tools"


@dataclass(frozen=True)
class ServerConfig:
    """Everything the MCP server needs, as plain values."""

    connection: OdooConnection
    lang: Lang = "es"
    write_mode: WriteMode = "confirm"
    extra_models: tuple[str, ...] = ()
    audit_log: Path = Path(".daniel/audit.jsonl")
    confirm_ttl: float = CONFIRM_TTL_SECONDS
    #: After a write's answer is lost, how long Odoo is read back before "not applied".
    write_settle_window: float = 8.0
    #: Redis for the idempotency records (shared by replicas); None: a local file.
    redis_url: str | None = None
    tools_package: str = TOOLS_PACKAGE
    name: str = "daniel-odoo"
    #: The tenant this server serves (`MCP_TENANT`): in audit entries and metrics.
    tenant: str = "default"
    allowed_models: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed_models", BUSINESS_MODELS | frozenset(self.extra_models))

    @property
    def odoo_url(self) -> str:
        """Odoo base URL without a trailing slash (used for record links)."""
        return self.connection.url.rstrip("/")

    @classmethod
    def from_settings(
        cls, settings: Settings, connection: OdooConnection | None = None
    ) -> ServerConfig:
        return cls(
            connection=connection or settings.odoo_connection(),
            lang=settings.mcp_lang,
            write_mode=settings.mcp_write_mode,
            extra_models=tuple(settings.mcp_allowed_models),
            audit_log=settings.mcp_audit_log,
            redis_url=settings.redis_url.get_secret_value() if settings.redis_url else None,
            tenant=settings.mcp_tenant,
        )
