"""Runtime settings from `KAWAL_*` environment variables (and an optional `.env` file)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite:///./var/kawal.db"


class Settings(BaseSettings):
    """Everything an operator can set. Secrets are `SecretStr` so that they never print."""

    model_config = SettingsConfigDict(env_prefix="KAWAL_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = DEFAULT_DATABASE_URL
    #: A file holding the database URL (Docker secret); wins over `database_url` when set.
    database_url_file: Path | None = None
    root_key_file: Path = Path("var/root.key")
    #: A root keyring (or a bare base64 key) passed directly; wins over `root_key_file` when set.
    root_key: SecretStr | None = None
    tenant: str = Field(default="default", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    policies_dir: Path | None = None
    #: A spaCy pipeline (a path, or an installed package name) whose NER adds a PERSON/LOCATION
    #: signal to redaction. Unset: rules and name lists only. Never downloaded.
    spacy_model: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    #: Addresses or networks of reverse proxies whose X-Forwarded-For is believed (comma-separated,
    #: e.g. "10.0.0.2,172.18.0.0/16"). Empty: the TCP peer is the client, whatever headers say.
    trusted_proxies: str = ""
    #: Largest HTTP request body accepted, in bytes.
    max_body_bytes: int = Field(default=1024 * 1024, gt=0)
    #: Sign an audit checkpoint after this many events, or this many seconds (the server's tick).
    audit_checkpoint_every_events: int = Field(default=1_000, gt=0)
    audit_checkpoint_every_seconds: float = Field(default=300.0, gt=0)
    #: Also write each signed checkpoint here (another disk, a WORM mount), so the chain's head lives
    #: outside the database.
    audit_checkpoint_dir: Path | None = None
    #: An Ed25519 private key (PEM, from `kawal audit signing-key`) that signs checkpoints instead of
    #: the key derived from the root key: kept by someone else (another host, a security officer's
    #: mount), so that whoever runs the system with the root key cannot re-sign history.
    audit_signing_key_file: Path | None = None
    #: Where `kawal login` keeps the operator's session token (mode 600); commands on customer data
    #: run as that signed-in person, with her role, never as an anonymous OS account.
    cli_session_file: Path = Path.home() / ".config" / "kawal" / "session"
    #: Cases, VIPs, co-workers, surnames and dismissals for the detectors (JSON; see kawal/audit_context.py).
    audit_context_file: Path | None = None
    #: How often the server's background tick runs the live detectors and the time-based checkpoint.
    audit_tick_seconds: float = Field(default=10.0, gt=0)
    #: Where new alerts are POSTed (JSON, signed with HMAC-SHA256 of the body under the secret).
    audit_webhook_url: str | None = None
    audit_webhook_secret: SecretStr | None = None
    #: Where each signed checkpoint is POSTed as it is made: an anchor kept by someone who does not
    #: run Kawal (signed with HMAC-SHA256 of the body under the secret, like the alerts).
    audit_anchor_url: str | None = None
    audit_anchor_secret: SecretStr | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"

    @field_validator("root_key")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip().lower() in {"", "changeme", "change-me", "placeholder"}:
            raise ValueError("KAWAL_ROOT_KEY holds a placeholder, not a key")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value

    def trusted_proxy_list(self) -> list[str]:
        """The proxies as uvicorn's `forwarded_allow_ips` wants them."""
        return [part.strip() for part in self.trusted_proxies.split(",") if part.strip()]

    @model_validator(mode="after")
    def _read_url_file(self) -> Settings:
        if self.database_url_file is not None:
            try:
                self.database_url = self.database_url_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValueError(f"cannot read KAWAL_DATABASE_URL_FILE {self.database_url_file}: {exc.strerror}") from None
        if self.environment == "production" and self.database_url.startswith("sqlite") is False:
            if "changeme" in self.database_url or "password@" in self.database_url:
                raise ValueError("KAWAL_DATABASE_URL holds a placeholder password; refused in production")
        return self

    def redacted_database_url(self) -> str:
        """The database URL with any password replaced, for logs and messages."""
        try:
            return make_url(self.database_url).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - an unparsable URL is reported elsewhere
            return "<unparsable database url>"
