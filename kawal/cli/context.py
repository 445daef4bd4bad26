"""Shared helpers of the CLI commands: settings and services, built once per invocation."""

from __future__ import annotations

import getpass

from kawal.logging import configure_logging
from kawal.services import Services, build_services
from kawal.settings import Settings
from vault import AccessContext


def load_settings() -> Settings:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    return settings


def open_services(*, check_keys: bool = True) -> Services:
    return build_services(load_settings(), check_keys=check_keys)


def cli_context(purpose: str | None) -> AccessContext:
    """The operator at the terminal, named by their OS account."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return AccessContext(actor=f"cli:{user}", purpose=purpose, source="cli")
