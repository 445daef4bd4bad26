"""Build the domain objects from settings: the one place that wires Kawal together."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine

from audit import AlertStore, AuditLog, AuditWriteFailed, Checkpoints, CheckpointSigner
from audit.checkpoints import SigningKeyError
from audit.detect import StaticContext
from auth import AuthService
from kawal.alerting import Alerting
from kawal.anchors import WebhookAnchor
from kawal.audit_context import load_context
from kawal.auditing import AuditTrail
from kawal.db import make_engine, require_current_schema
from kawal.keys import key_provider
from kawal.settings import Settings
from kawal.webhook import WebhookSender
from policies import load_audit_policy, load_auth_policy, load_vault_policy
from policies.loader import BUNDLED_DIR
from vault import AccessEvent, Vault


class AuditKeys:
    """The audit key and checkpoint signing key, derived from the vault on first use.

    The vault needs its observer (the audit trail) at construction, and the trail needs keys that
    only the vault can derive: this breaks the cycle. Both keys come from the vault master key, so
    they survive root-key rotation and never touch the database.
    """

    def __init__(self, signing_key_file: Path | None = None) -> None:
        self._vault: Vault | None = None
        self._lock = threading.Lock()
        self._signing_key_file = signing_key_file

    def bind(self, vault: Vault) -> None:
        self._vault = vault

    @cached_property
    def _mac(self) -> Callable[[bytes], bytes]:
        if self._vault is None:
            raise AuditWriteFailed("the audit trail is not ready: no vault bound")
        return self._vault.sealer("audit/chain").digest

    def mac(self, data: bytes) -> bytes:
        with self._lock:
            mac = self._mac
        return mac(data)

    def signer(self) -> CheckpointSigner:
        if self._signing_key_file is not None:
            try:
                return CheckpointSigner.from_pem(self._signing_key_file.read_bytes())
            except OSError as exc:
                raise SigningKeyError(f"cannot read the audit signing key {self._signing_key_file}: {exc.strerror}") from None
        if self._vault is None:
            raise AuditWriteFailed("the audit trail is not ready: no vault bound")
        return CheckpointSigner(self._vault.sealer("audit/checkpoint").digest(b"kawal/v1/ed25519-checkpoint-key"))


class _LateObserver:
    """The vault's observer until the trail exists: refuses (fail closed) rather than let an access pass unlogged."""

    def __init__(self) -> None:
        self.target: Callable[[AccessEvent], None] | None = None

    def __call__(self, event: AccessEvent) -> None:
        if self.target is None:
            raise AuditWriteFailed("the audit trail is not ready; the access is refused")
        self.target(event)


@dataclass
class Services:
    """What the app and the CLI share for one process."""

    settings: Settings
    engine: Engine
    vault: Vault
    auth: AuthService
    trail: AuditTrail | None = None
    alerting: Alerting | None = None

    def close(self) -> None:
        if self.trail is not None:
            self.trail.close()
        self.engine.dispose()


def build_services(
    settings: Settings,
    *,
    check_schema: bool = True,
    check_keys: bool = True,
    engine: Engine | None = None,
    clock: Callable[[], float] | None = None,
) -> Services:
    """Engine, key provider, policy and vault; checks schema and keys unless told not to.

    The checks make a misconfigured process fail at start with a clear message (schema behind,
    wrong or missing root key) rather than on its first customer request. *engine* and *clock*
    let tests run the real wiring over their database and a settable clock.
    """
    engine = engine or make_engine(settings.database_url)
    try:
        if check_schema:
            require_current_schema(engine)
        keys, observer = AuditKeys(settings.audit_signing_key_file), _LateObserver()
        log = AuditLog(engine, keys.mac, tenant=settings.tenant)
        vault = Vault(engine, key_provider(settings), load_vault_policy(settings.policies_dir), tenant=settings.tenant,
                      observer=observer)
        keys.bind(vault)
        if check_keys:
            vault.check_keys()
            if settings.audit_signing_key_file is not None:
                keys.signer()  # an unreadable signing key fails at start, not at the first checkpoint
        trail = build_trail(settings, engine, log, keys)
        observer.target = trail.vault_access
        if check_keys:
            trail.note_policies(policy_digests(settings), actor="system")
        # The sealer opens the vault master key: with a wrong root key this fails here, at start.
        auth = AuthService(
            engine,
            vault.sealer("auth/totp"),
            load_auth_policy(settings.policies_dir),
            tenant=settings.tenant,
            events=trail.auth_event,
            **({"clock": clock} if clock is not None else {}),
        )
    except BaseException:
        engine.dispose()
        raise
    alerting = build_alerting(settings, trail, vault)
    return Services(settings=settings, engine=engine, vault=vault, auth=auth, trail=trail, alerting=alerting)


def build_alerting(settings: Settings, trail: AuditTrail, vault: Vault) -> Alerting:
    """Detectors, alert store and webhook; the context file is read when the detectors first run."""
    webhook = None
    if settings.audit_webhook_url:
        secret = settings.audit_webhook_secret.get_secret_value().encode() if settings.audit_webhook_secret else None
        webhook = WebhookSender(settings.audit_webhook_url, secret)

    def context() -> StaticContext | None:
        return load_context(settings.audit_context_file, vault) if settings.audit_context_file else None

    return Alerting(trail, AlertStore(trail.log.engine, tenant=settings.tenant), load_audit_policy(settings.policies_dir),
                    context, webhook=webhook)


def policy_digests(settings: Settings) -> dict[str, str]:
    """SHA-256 of every policy file in force, so that a change of policy leaves an audit event."""
    directory = settings.policies_dir or BUNDLED_DIR
    return {path.name: "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.glob("*.yaml"))}


def build_trail(settings: Settings, engine: Engine, log: AuditLog, keys: AuditKeys) -> AuditTrail:
    """The audit trail over *log*, with checkpoints signed (by the vault-derived key or the one held apart),
    exported to a directory and published to an anchor webhook when configured."""
    anchor = None
    if settings.audit_anchor_url:
        secret = settings.audit_anchor_secret.get_secret_value().encode() if settings.audit_anchor_secret else None
        anchor = WebhookAnchor(WebhookSender(settings.audit_anchor_url, secret))
    return AuditTrail(
        log,
        Checkpoints(engine, log, keys.signer),
        every_events=settings.audit_checkpoint_every_events,
        every_seconds=settings.audit_checkpoint_every_seconds,
        export_dir=settings.audit_checkpoint_dir,
        on_checkpoint=anchor,
    )
