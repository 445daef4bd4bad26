"""Service accounts' API keys: creation (shown once), revocation, authentication by scope.

Part of `AuthService` (auth/service.py), split by concern; the methods share the service's state
and helpers, and the public API stays `AuthService`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, insert, select, update

from auth import tokens
from auth.contracts import (
    ApiKeyCreated,
    Principal,
)
from auth.errors import (
    NotAuthenticated,
    UnknownRole,
)
from auth.events import AuthEvent
from auth.models import auth_api_keys
from policies.auth import AuthPolicy


class ApiKeys:
    """Mixed into `AuthService`; not used alone."""

    _engine: Engine
    _clock: Callable[[], float]
    policy: AuthPolicy

    # -- API keys of service accounts ---------------------------------------------------------
    def create_api_key(self, name: str, scopes: Sequence[str], *, actor: str | None = None) -> ApiKeyCreated:
        unknown = [s for s in scopes if s not in self.policy.service_scopes]
        if not scopes or unknown:
            raise UnknownRole(f"unknown scope(s) {unknown or '(none)'}; scopes: {', '.join(sorted(self.policy.service_scopes))}")
        if not 1 <= len(name) <= 64:
            raise UnknownRole("an API key name is 1-64 characters")
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        token = f"{tokens.API_KEY_PREFIX}{key_id}_{secret}"
        with self._transaction() as conn:
            conn.execute(
                insert(auth_api_keys).values(
                    key_id=key_id, tenant=self.tenant, name=name, scopes=" ".join(sorted(set(scopes))),
                    secret_digest=tokens.digest(secret), created_at=self._clock(),
                )
            )
        self._emit(AuthEvent("api_key_created", actor=actor, reason=f"{name}: {' '.join(sorted(set(scopes)))}"))
        return ApiKeyCreated(key_id, name, tuple(sorted(set(scopes))), token)

    def revoke_api_key(self, key_id: str, *, actor: str | None = None) -> bool:
        with self._transaction() as conn:
            done = conn.execute(
                update(auth_api_keys).where(auth_api_keys.c.key_id == key_id, auth_api_keys.c.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            ).rowcount == 1
        if done:
            self._emit(AuthEvent("api_key_revoked", actor=actor, reason=key_id))
        return done

    def _authenticate_api_key(self, token: str) -> Principal:
        body = token[len(tokens.API_KEY_PREFIX):]
        key_id, _, secret = body.partition("_")
        with self._engine.connect() as conn:
            row = conn.execute(
                select(auth_api_keys).where(auth_api_keys.c.key_id == key_id[:32], auth_api_keys.c.tenant == self.tenant)
            ).first()
        presented = tokens.digest(secret)
        stored = row.secret_digest if row is not None else tokens.digest("")
        if row is None or not secrets.compare_digest(bytes(stored), presented) or row.revoked_at is not None:
            self._emit(AuthEvent("api_key_rejected", reason="unknown, wrong or revoked key"))
            raise NotAuthenticated("invalid or revoked API key")
        return Principal(f"service:{row.name}", None, None, "service", scopes=frozenset(row.scopes.split()))
