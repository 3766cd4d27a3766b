"""Every setting of Daniel, read once at start-up from the environment and `.env`.

Only start-up code (the CLI) builds a `Settings`; providers and clients take plain
constructor arguments and never read the environment themselves.

Odoo connection settings use the names the Odoo MCP ecosystem already uses
(`ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD`, `ODOO_API_KEY`). When
`ODOO_URL` is empty the whole system runs against the built-in sandbox.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Lang = Literal["es", "en"]
WriteMode = Literal["read-only", "confirm", "allow"]

SANDBOX_DB = "sandbox"
SANDBOX_ADMIN_LOGIN = "admin"
SANDBOX_ADMIN_PASSWORD = "admin"  # noqa: S105 - documented sandbox credential, local only
SANDBOX_ADMIN_API_KEY = "sandbox-admin-api-key-0000"

#: Settings shown by `daniel config` as masked values.
SECRET_NAMES = frozenset(
    {
        "odoo_password",
        "odoo_api_key",
        "sandbox_admin_password",
        "sandbox_api_key",
        "mcp_token",
        "mcp_client_token",
        "redis_url",
        "database_url",
        "server_access_token",
        "server_secret_key",
        "llm_api_key",
        "stt_api_key",
        "elevenlabs_api_key",
        "heygen_api_key",
        "liveavatar_api_key",
    }
)


#: A host for the page's Content-Security-Policy: a name (optionally `*.`-prefixed) and port.
_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_LIVEKIT_HOST = re.compile(rf"(\*\.)?{_LABEL}(\.{_LABEL})*(:\d{{1,5}})?")


class TenantSpec(BaseModel):
    """One company's Odoo in a multi-tenant deployment (`TENANTS`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: AnyHttpUrl
    db: str = Field(min_length=1)
    #: Host names that select this tenant (the login page asks otherwise).
    hosts: tuple[str, ...] = ()
    #: Shown on the login page; the tenant's name when empty.
    label: str = ""
    #: This tenant's own MCP server (`daniel mcp --transport http` run with
    #: `MCP_TENANT=<name>`), used when `MCP_CONNECTION=http`.
    mcp_url: AnyHttpUrl | None = None


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """The effective configuration. Field `foo_bar` is read from `FOO_BAR`."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        validate_default=True,
        env_ignore_empty=True,
    )

    # --- Odoo -------------------------------------------------------------------------
    odoo_url: AnyHttpUrl | None = Field(
        None, description="Odoo base URL, e.g. https://mycompany.odoo.com. Empty: the sandbox."
    )
    odoo_db: str | None = Field(None, description="Odoo database name.")
    odoo_user: str | None = Field(None, description="Odoo login (usually an email).")
    odoo_password: SecretStr | None = Field(None, description="Odoo password.")
    odoo_api_key: SecretStr | None = Field(
        None, description="Odoo API key (used instead of the password when set)."
    )
    odoo_protocol: Literal["auto", "xmlrpc", "jsonrpc", "json2"] = Field(
        "auto", description="Odoo external API: auto picks JSON-2 on Odoo 19+, else JSON-RPC."
    )
    odoo_timeout: float = Field(30.0, gt=0, le=600, description="Seconds per Odoo request.")
    odoo_retries: int = Field(
        2, ge=0, le=10, description="Retries of idempotent reads on connection errors."
    )

    # --- Built-in sandbox ---------------------------------------------------------------
    sandbox_host: str = Field("127.0.0.1", description="Sandbox bind address.")
    sandbox_port: int = Field(8069, ge=1, le=65535, description="Sandbox port.")
    sandbox_data_dir: Path = Field(
        Path(".daniel/sandbox"), description="Folder holding the sandbox SQLite database."
    )
    sandbox_dataset: str = Field(
        "es",
        description="Demo company of the sandbox: es (Spanish, EUR) or en (English, USD).",
    )
    sandbox_admin_password: SecretStr = Field(
        SecretStr(SANDBOX_ADMIN_PASSWORD), description="Password of the sandbox's admin user."
    )
    sandbox_api_key: SecretStr = Field(
        SecretStr(SANDBOX_ADMIN_API_KEY), description="API key of the sandbox's admin user."
    )

    # --- MCP server ---------------------------------------------------------------------
    mcp_host: str = Field("127.0.0.1", description="MCP HTTP transport bind address.")
    mcp_port: int = Field(8000, ge=1, le=65535, description="MCP HTTP transport port.")
    mcp_token: SecretStr | None = Field(
        None, description="Bearer token required by the MCP HTTP transport (required off loopback)."
    )
    mcp_auth: Literal["token", "odoo"] = Field(
        "token",
        description="MCP HTTP bearers: token (MCP_TOKEN, plus login:apikey when it is set) or "
        "odoo (each person's login:apikey always required; MCP_TOKEN optional).",
    )
    mcp_stdio: Literal["lean", "fastmcp"] = Field(
        "lean",
        description="Server behind `daniel mcp` on stdio: lean (starts in about half the "
        "time; handshake revisions up to 2025-11-25) or fastmcp (also the stateless "
        "2026-07-28 revision).",
    )
    mcp_write_mode: WriteMode = Field(
        "confirm", description="read-only, confirm (preview + token, default) or allow."
    )
    mcp_lang: Lang = Field("es", description="Language of tool summaries: es or en.")
    mcp_allowed_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Extra Odoo models the generic read tool may read (comma-separated).",
    )
    mcp_audit_log: Path = Field(
        Path(".daniel/audit.jsonl"), description="Append-only audit log of every write."
    )
    mcp_connection: Literal["inprocess", "stdio", "http"] = Field(
        "inprocess", description="How the avatar server reaches the MCP server."
    )
    mcp_url: AnyHttpUrl | None = Field(
        None, description="MCP streamable-HTTP URL when MCP_CONNECTION=http."
    )
    mcp_client_token: SecretStr | None = Field(
        None, description="Bearer token the avatar server sends to a remote MCP server."
    )
    mcp_tenant: str = Field(
        "default",
        pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        description="The tenant (its TENANTS name) this MCP server serves: in its audit "
        "entries and metrics; calls meant for another tenant are refused.",
    )
    redis_url: SecretStr | None = Field(
        None,
        description="Redis shared by replicas and workers (redis://host:6379/0): login "
        "sessions, resumable conversations, pending confirmations, limits and the "
        "idempotency records of writes. Empty: one process, in memory and files.",
    )

    # --- Avatar server ------------------------------------------------------------------
    server_host: str = Field("127.0.0.1", description="Avatar server bind address.")
    server_port: int = Field(8080, ge=1, le=65535, description="Avatar server port.")
    server_access_token: SecretStr | None = Field(
        None, description="Optional token required to open the web app and its WebSocket."
    )
    auth: Literal["odoo", "none"] = Field(
        "odoo",
        description="odoo: each person logs in with their Odoo account (default); none: "
        "one person on this machine, loopback only (see docs/security.md).",
    )
    server_secret_key: SecretStr | None = Field(
        None,
        description="Key that encrypts the Odoo credentials of logged-in people in memory "
        "and in Redis (random per start when empty: logins then end at a restart). The "
        "same on every replica.",
    )
    server_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host names the server answers to (comma-separated; loopback names "
        "always). Any other Host header gets 421.",
    )
    server_session_hours: float = Field(
        12.0, gt=0, le=24 * 30, description="A login lasts this long (hours)."
    )
    server_max_sessions_per_user: int = Field(
        5, ge=1, le=1000, description="Open conversations per person."
    )
    server_max_sessions_per_address: int = Field(
        100, ge=1, le=100_000, description="Open conversations and unstarted sockets per address."
    )
    tenants: dict[str, TenantSpec] = Field(
        default_factory=dict,
        description='Several Odoo databases: JSON {"name": {"url", "db", "hosts": [..], '
        '"mcp_url"}} (empty: the single ODOO_* connection; "mcp_url": the tenant\'s MCP '
        "server with MCP_CONNECTION=http).",
    )
    server_allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Extra allowed WebSocket Origins (comma-separated); same-origin always is.",
    )
    server_livekit_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Extra LiveKit hosts the page may reach for remote avatars (comma-separated, "
            "e.g. livekit.example.com or *.example.com); *.livekit.cloud always is."
        ),
    )
    server_max_sessions: int = Field(
        200, ge=1, le=100_000, description="Concurrent conversation sessions per process."
    )
    server_workers: int | None = Field(
        None,
        ge=1,
        le=256,
        description="Worker processes of `daniel serve` on one port (empty: the number of "
        "cores with REDIS_URL, 1 without; more than 1 needs REDIS_URL).",
    )
    server_drain_seconds: float = Field(
        20.0,
        ge=0,
        le=600,
        description="On SIGTERM, turns in progress get this long to finish before the "
        "browsers are told to reconnect.",
    )
    daniel_lang: Lang = Field(
        "es", description="Default conversation language: es or en (LANG is the OS locale)."
    )

    # --- Admin dashboard and analytics (docs/admin.md) -----------------------------------
    database_url: SecretStr | None = Field(
        None,
        description="Analytics and preferences database: postgresql://user:password@host/db. "
        "Empty: SQLite in .daniel/daniel.db.",
    )
    analytics_store_text: bool = Field(
        True, description="Keep the text of questions (false: only categories and figures)."
    )
    analytics_retention_days: int = Field(
        90, ge=1, le=3650, description="Turns, conversations and writes older than this go."
    )
    admin_logins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Logins that may open /admin besides Odoo's Settings group (comma-separated).",
    )

    # --- Providers ----------------------------------------------------------------------
    brain: Literal["local", "llm", "elevenlabs"] = Field("local", description="The brain.")
    tts: Literal["local", "elevenlabs", "none"] = Field("local", description="Text-to-speech.")
    stt: Literal["local", "openai", "elevenlabs", "none"] = Field(
        "local", description="Speech-to-text."
    )
    avatar: Literal["local", "heygen", "liveavatar"] = Field("local", description="The avatar.")

    llm_base_url: AnyHttpUrl | None = Field(
        None, description="OpenAI-compatible base URL, e.g. http://localhost:11434/v1."
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name.")
    llm_api_key: SecretStr | None = Field(
        None, description="LLM API key (if the endpoint needs one)."
    )
    llm_max_tool_calls: int = Field(6, ge=1, le=50, description="Tool-call rounds per turn.")

    stt_base_url: AnyHttpUrl | None = Field(
        None, description="OpenAI-compatible transcription base URL (STT=openai)."
    )
    stt_model: str = Field("whisper-1", description="Transcription model (STT=openai).")
    stt_api_key: SecretStr | None = Field(None, description="Transcription API key.")
    stt_max_seconds: float = Field(
        30.0, ge=1.0, le=30.0, description="Longest utterance transcribed, in seconds."
    )
    stt_local_workers: int = Field(
        1, ge=1, le=8, description="Utterances Whisper (STT=local) transcribes at once."
    )
    stt_local_queue: int = Field(
        4, ge=0, le=100, description="Utterances waiting for Whisper before 'busy' is said."
    )
    stt_local_beam_size: int = Field(5, ge=1, le=10, description="Whisper beam search width.")
    stt_local_vocabulary: bool = Field(
        True, description="Correct near-misses of the ERP's names in what Whisper heard."
    )
    stt_local_prompt_names: bool = Field(
        False,
        description="Also give the ERP's names to Whisper as its prompt (measured: no better "
        "answers, +0.15-0.3 s, and names heard in noise; off by default).",
    )
    stt_local_second_pass: bool = Field(
        True,
        description="When words of a transcript are unexplained, decode it once more with "
        "the ERP's names in Whisper's prompt (costs a decode on those utterances only).",
    )
    stt_local_guess_names: bool = Field(
        True,
        description="Where Whisper was unsure and words are still unexplained, replace "
        "one run of them with the ERP name it sounds most like, if the question parser "
        "then explains more (never over clearly heard words).",
    )
    stt_local_rehear: bool = Field(
        True,
        description="Where Whisper was unsure or words are unexplained, and no one else is "
        "waiting for it, hear the utterance again slowed and sped up and keep the hearing "
        "the question parser explains best (two more hearings on those utterances).",
    )
    stt_local_prompt_topic: bool = Field(
        True,
        description="Condition Whisper on the words of ERP questions (opportunities, "
        "quotations, tasks...): measured to give more spoken questions the typed answer.",
    )

    elevenlabs_api_key: SecretStr | None = Field(None, description="ElevenLabs API key.")
    elevenlabs_agent_id: str | None = Field(None, description="ElevenLabs ConvAI agent id.")
    elevenlabs_voice_id: str | None = Field(None, description="ElevenLabs voice id for TTS.")
    elevenlabs_model_id: str = Field("eleven_flash_v2_5", description="ElevenLabs TTS model.")
    elevenlabs_base_url: AnyHttpUrl = Field(
        AnyHttpUrl("https://api.elevenlabs.io"), description="ElevenLabs API base URL."
    )

    heygen_api_key: SecretStr | None = Field(None, description="HeyGen API key.")
    heygen_avatar_id: str | None = Field(None, description="HeyGen streaming avatar id.")
    heygen_voice_id: str | None = Field(None, description="HeyGen voice id.")
    heygen_quality: Literal["high", "medium", "low"] = Field("medium", description="Video quality.")
    heygen_base_url: AnyHttpUrl = Field(
        AnyHttpUrl("https://api.heygen.com"), description="HeyGen API base URL."
    )

    liveavatar_api_key: SecretStr | None = Field(None, description="LiveAvatar API key.")
    liveavatar_avatar_id: str | None = Field(None, description="LiveAvatar avatar id.")
    liveavatar_base_url: AnyHttpUrl = Field(
        AnyHttpUrl("https://api.liveavatar.com/v1"), description="LiveAvatar API base URL."
    )

    # --- Logging ------------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Log level."
    )
    log_format: Literal["auto", "json", "text"] = Field(
        "auto", description="auto: coloured text on a terminal, JSON lines otherwise."
    )

    @field_validator(
        "mcp_allowed_models",
        "server_allowed_origins",
        "server_livekit_hosts",
        "server_allowed_hosts",
        "admin_logins",
        mode="before",
    )
    @classmethod
    def _csv(cls, value: Any) -> Any:
        return _split_csv(value)

    @field_validator("server_livekit_hosts")
    @classmethod
    def _livekit_hosts(cls, hosts: list[str]) -> list[str]:
        clean = [re.sub(r"^(wss|https)://", "", h.strip().lower()).rstrip("/") for h in hosts]
        for host in clean:
            if not _LIVEKIT_HOST.fullmatch(host):
                raise ValueError(f"not a host name (like livekit.example.com): {host!r}")
        return clean

    @field_validator("sandbox_dataset")
    @classmethod
    def _dataset(cls, value: str) -> str:
        from daniel.resources.odoo.datasets import resolve

        return resolve(value)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator(
        "odoo_url", "mcp_url", "llm_base_url", "stt_base_url", "odoo_db", "odoo_user", mode="before"
    )
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    # --- Derived ------------------------------------------------------------------------
    @property
    def uses_sandbox(self) -> bool:
        """True when no `ODOO_URL` is set: the built-in sandbox stands in for Odoo."""
        return self.odoo_url is None

    def odoo_connection(self) -> OdooConnection:
        """Where and how to reach Odoo: the configured server, or the sandbox."""
        if self.odoo_url is None:
            return OdooConnection(
                url=f"http://{_client_host(self.sandbox_host)}:{self.sandbox_port}",
                db=SANDBOX_DB,
                user=SANDBOX_ADMIN_LOGIN,
                # The API key works wherever a password does, and lets `auto` pick JSON-2.
                secret=self.sandbox_api_key.get_secret_value(),
                protocol=self.odoo_protocol,
                timeout=self.odoo_timeout,
                retries=self.odoo_retries,
            )
        secret = self.odoo_api_key or self.odoo_password
        missing = [
            name
            for name, value in (("ODOO_DB", self.odoo_db), ("ODOO_USER", self.odoo_user))
            if not value
        ]
        if secret is None:
            missing.append("ODOO_PASSWORD or ODOO_API_KEY")
        if missing:
            raise SettingsError(
                f"ODOO_URL is set, so {', '.join(missing)} must be set too "
                "(or leave ODOO_URL empty to use the built-in sandbox)"
            )
        return OdooConnection(
            url=str(self.odoo_url).rstrip("/"),
            db=self.odoo_db or "",
            user=self.odoo_user or "",
            secret=secret.get_secret_value() if secret is not None else "",
            protocol=self.odoo_protocol,
            timeout=self.odoo_timeout,
            retries=self.odoo_retries,
        )

    def secret_values(self) -> list[str]:
        """Every configured secret, for the log redaction filter."""
        documented = {SANDBOX_ADMIN_PASSWORD, SANDBOX_ADMIN_API_KEY}  # published, not secret
        values: list[str] = []
        for name in SECRET_NAMES:
            value = getattr(self, name)
            if isinstance(value, SecretStr) and value.get_secret_value():
                secret = value.get_secret_value()
                if not (name.startswith("sandbox_") and secret in documented):
                    values.append(secret)
        return values

    def masked(self) -> dict[str, str]:
        """Effective settings as `ENV_NAME -> printable value`, secrets masked."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name in SECRET_NAMES:
                text = mask_secret(value.get_secret_value() if value is not None else None)
            elif value is None:
                text = ""
            elif isinstance(value, list):
                text = ",".join(str(v) for v in value)
            else:
                text = str(value)
            shown[name.upper()] = text
        return shown


class OdooConnection:
    """Plain connection parameters handed to the Odoo client."""

    __slots__ = ("db", "protocol", "retries", "secret", "timeout", "url", "user")

    def __init__(
        self,
        *,
        url: str,
        db: str,
        user: str,
        secret: str,
        protocol: str,
        timeout: float,
        retries: int,
    ) -> None:
        self.url = url
        self.db = db
        self.user = user
        self.secret = secret
        self.protocol = protocol
        self.timeout = timeout
        self.retries = retries

    def __repr__(self) -> str:  # never shows the secret
        return f"OdooConnection(url={self.url!r}, db={self.db!r}, user={self.user!r})"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and what is expected."""


def mask_secret(value: str | None) -> str:
    """`None` → empty; short secrets fully hidden; long ones keep their last 4 characters."""
    if not value:
        return ""
    if len(value) < 12:
        return "****"
    return "****" + value[-4:]


def _client_host(bind_host: str) -> str:
    return "127.0.0.1" if bind_host in {"0.0.0.0", "::", ""} else bind_host  # noqa: S104


def load_settings(**overrides: Any) -> Settings:
    """Build the settings or raise `SettingsError` with one clear line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]).upper() or "settings"
        got = err.get("input")
        shown = "" if name.lower() in SECRET_NAMES or got is None else f" (got {str(got)[:60]!r})"
        parts.append(f"{name}: {err['msg']}{shown}")
    return "invalid setting " + "; ".join(parts)
