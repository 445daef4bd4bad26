"""Build the domain objects from settings: the one place that wires Kawal together."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from sqlalchemy import Engine

from auth import AuthEvent, AuthService
from kawal.db import make_engine, require_current_schema
from kawal.keys import key_provider
from kawal.settings import Settings
from policies import load_auth_policy, load_vault_policy
from vault import Vault

_auth_log = structlog.get_logger("kawal.auth")


def log_auth_event(event: AuthEvent) -> None:
    """Until the audit log exists (issue 5), auth events go to the structured log (no secrets in them)."""
    _auth_log.info("auth_event", **{k: v for k, v in event.__dict__.items() if v is not None})


@dataclass
class Services:
    """What the app and the CLI share for one process."""

    settings: Settings
    engine: Engine
    vault: Vault
    auth: AuthService

    def close(self) -> None:
        self.engine.dispose()


def build_services(settings: Settings, *, check_schema: bool = True, check_keys: bool = True) -> Services:
    """Engine, key provider, policy and vault; checks schema and keys unless told not to.

    The checks make a misconfigured process fail at start with a clear message (schema behind,
    wrong or missing root key) rather than on its first customer request.
    """
    engine = make_engine(settings.database_url)
    try:
        if check_schema:
            require_current_schema(engine)
        vault = Vault(engine, key_provider(settings), load_vault_policy(settings.policies_dir), tenant=settings.tenant)
        if check_keys:
            vault.check_keys()
        # The sealer opens the vault master key: with a wrong root key this fails here, at start.
        auth = AuthService(
            engine,
            vault.sealer("auth/totp"),
            load_auth_policy(settings.policies_dir),
            tenant=settings.tenant,
            events=log_auth_event,
        )
    except BaseException:
        engine.dispose()
        raise
    return Services(settings=settings, engine=engine, vault=vault, auth=auth)
