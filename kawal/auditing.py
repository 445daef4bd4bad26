"""The audit trail's wiring: vault accesses and auth events become audit events, fail closed.

The vault calls `AuditTrail.vault_access` before it returns or changes data, auth calls
`AuditTrail.auth_event` for every sign-in fact, and the shell calls `record` for what only it sees
(alert handling, reports, key operations). A failed append raises `AuditWriteFailed` from here,
which stops the access it describes; the HTTP layer turns it into a 503.

Checkpoints are signed every N events (checked after each append) or T seconds (checked by the
server's background tick), and each is also written as a file to an export directory when one is
configured, so that a copy of the chain's head lives outside the database.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import structlog

from audit import AuditEvent, AuditLog, Checkpoint, Checkpoints, GroupCommit
from auth import AuthEvent
from kawal.files import write_private
from vault import AccessEvent

__all__ = ["AuditTrail", "auth_action", "vault_action"]

_log = structlog.get_logger("kawal.audit")

_VAULT_ACTIONS = {"put": "records.write", "update": "records.update", "get": "records.read", "find": "records.find",
                  "shred": "subjects.shred", "expire": "records.expire", "expire_keys": "keys.expire",
                  "verify": "records.verify"}
_FAILED = {"login_failed", "mfa_failed", "mfa_replayed", "api_key_rejected"}
_DENIED = {"ip_throttled", "account_locked"}


def vault_action(event: AccessEvent) -> AuditEvent:
    """One vault access as an audit event: subjects as the vault's keyed references, no values."""
    context = event.context
    records = len(event.record_ids)
    detail: dict[str, object] = {"records": records}
    if event.field:
        detail["kind" if event.action in ("expire", "expire_keys") else "field"] = event.field
    return AuditEvent(
        action=_VAULT_ACTIONS[event.action],
        actor=context.actor,
        role=context.role,
        session_id=context.session_id,
        resource=f"record:{event.record_ids[0]}" if records == 1 else None,
        subjects=event.subject_refs,
        data_classes=event.data_classes,
        purpose=context.purpose,
        source_ip=context.source,
        user_agent=context.user_agent,
        detail=detail,
    )


def auth_action(event: AuthEvent) -> AuditEvent:
    """One auth fact as an audit event. The actor is the account it is about; `detail.by` who did it."""
    detail: dict[str, object] = {}
    if event.actor and event.actor != event.username:
        detail["by"] = event.actor
    if event.reason:
        detail["reason"] = event.reason
    if event.user_id:
        detail["user_id"] = event.user_id
    outcome = "failed" if event.kind in _FAILED else "denied" if event.kind in _DENIED else "ok"
    return AuditEvent(
        action=f"auth.{event.kind}",
        actor=event.username or event.actor or "anonymous",
        session_id=event.session_id,
        source_ip=event.ip,
        user_agent=event.user_agent,
        outcome=outcome,
        detail=detail,
        at=event.at,
    )


class AuditTrail:
    """Append events for one tenant, and sign checkpoints when they are due."""

    def __init__(
        self,
        log: AuditLog,
        checkpoints: Checkpoints,
        *,
        every_events: int = 1_000,
        every_seconds: float = 300.0,
        export_dir: Path | None = None,
        on_checkpoint: Callable[[Checkpoint], None] | None = None,
    ) -> None:
        self.log = log
        self._writer = GroupCommit(log)  # concurrent requests share commits; each still waits for its own
        self.checkpoints = checkpoints
        self.every_events = every_events
        self.every_seconds = every_seconds
        self.export_dir = export_dir
        self._on_checkpoint = on_checkpoint
        self._since_checkpoint = 0
        self._lock = threading.Lock()

    # -- sinks the domain packages call ------------------------------------------------------

    def vault_access(self, event: AccessEvent) -> None:
        """The vault's `AccessObserver`: raises `AuditWriteFailed` to stop the access."""
        self.record(vault_action(event))

    def auth_event(self, event: AuthEvent) -> None:
        """Auth's `AuthEventSink`: persisted, and a short line in the structured log (no secrets)."""
        self.record(auth_action(event))
        _log.info("auth_event", kind=event.kind, user=event.username, ip=event.ip, reason=event.reason)

    def record(self, event: AuditEvent) -> int:
        seq = self._writer.append(event)
        with self._lock:
            self._since_checkpoint += 1
            due = self._since_checkpoint >= self.every_events
            if due:
                self._since_checkpoint = 0
        if due:
            self.checkpoint()
        return seq

    def note_policies(self, digests: Mapping[str, str], actor: str) -> bool:
        """Record `policies.changed` when the policy files differ from the last ones recorded.

        Policies are files read at start, so a change shows up as a new set of digests at the next
        start of any Kawal process; True when an event was written.
        """
        last = self.log.latest("policies.changed")
        if last is not None and last.fields().get("detail", {}).get("digests") == dict(digests):
            return False
        previous = last.fields().get("detail", {}).get("digests", {}) if last is not None else {}
        changed = sorted(name for name in set(digests) | set(previous) if digests.get(name) != previous.get(name))
        self.record(AuditEvent(action="policies.changed", actor=actor, detail={"digests": dict(digests), "changed": changed}))
        return True

    def close(self) -> None:
        """Let checkpoint publications in flight finish (an anchor with a `close`)."""
        close = getattr(self._on_checkpoint, "close", None)
        if close is not None:
            close()

    # -- checkpoints ------------------------------------------------------------------------

    def tick(self) -> Checkpoint | None:
        """Sign a checkpoint if N events or T seconds have passed (the server calls this periodically)."""
        if self.checkpoints.due(every_events=self.every_events, every_seconds=self.every_seconds):
            return self.checkpoint()
        return None

    def checkpoint(self) -> Checkpoint | None:
        """Sign one now (if there are new events) and export it. Failures are logged, not raised:
        the events themselves are written, and the next tick tries again."""
        try:
            checkpoint = self.checkpoints.create()
        except Exception as exc:  # noqa: BLE001 - a checkpoint failure must not fail the access
            _log.error("audit_checkpoint_failed", error=type(exc).__name__)
            return None
        if checkpoint is not None:
            self.export(checkpoint)
            if self._on_checkpoint:
                self._on_checkpoint(checkpoint)
        return checkpoint

    def export(self, checkpoint: Checkpoint) -> Path | None:
        """Write *checkpoint* to the export directory, atomically; None when none is configured."""
        if self.export_dir is None:
            return None
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path = self.export_dir / f"{checkpoint.tenant}-{checkpoint.last_seq:012d}.json"
            write_private(path, json.dumps(checkpoint.to_dict(), sort_keys=True) + "\n")
            key_file = self.export_dir / f"{checkpoint.tenant}.pub.pem"
            if not key_file.exists():
                write_private(key_file, self.checkpoints.signer.public_pem())
        except OSError as exc:
            _log.error("audit_checkpoint_export_failed", error=exc.strerror, directory=str(self.export_dir))
            return None
        return path
