"""Shared helpers of the CLI commands: settings and services, built once per invocation."""

from __future__ import annotations

import getpass

from auth import Forbidden, NotAuthenticated, PurposeRequired
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
    """The OS account at the terminal: for commands that touch no customer data (reports, checks)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return AccessContext(actor=f"cli:{user}", purpose=purpose, source="cli")


def operator_context(services: Services, permission: str, *, purpose: str | None = None,
                     purpose_required: bool = False) -> AccessContext:
    """The person signed in with `kawal login` (password and TOTP), if her role allows *permission*.

    Commands that read, export, erase or hold customer data run as her, with her role, a purpose
    and her session in every audit event; without a live session they refuse (exit 1).
    """
    if purpose_required and not (purpose or "").strip():
        raise PurposeRequired("state the purpose of this access: --purpose CASE-ID")
    try:
        token = services.settings.cli_session_file.read_text(encoding="utf-8").strip()
    except OSError:
        raise NotAuthenticated("no operator signed in: run `kawal login` first") from None
    principal = services.auth.authenticate(token)
    services.auth.require_full(principal)
    if not services.auth.allowed(principal, permission):
        raise Forbidden(f"role {principal.role} may not {permission}")
    return AccessContext(actor=principal.actor, purpose=purpose, role=principal.role, session_id=principal.session_id,
                         source="cli")
