"""Retention enforcement: each kind's records past its period go, then the keys that protected them.

The periods are `policies/retention.yaml`; subjects under legal hold are skipped (and counted). The
run is recorded in the audit chain at its start and its end (through the `record` callable), and
every batch the vault removes is an audit event of its own (`records.expire`, `keys.expire`),
written before the batch takes effect. A run stopped half-way (crash, power loss) leaves a
consistent state: run it again to finish.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from audit import AuditEvent
from policies import RetentionPolicy
from privacy.requests import LegalHolds
from vault import AccessContext, ExpiryReport, InvalidRecord, Vault

__all__ = ["RetentionRun", "cutoffs", "enforce", "kind_for"]


@dataclass(frozen=True)
class RetentionRun:
    dry_run: bool
    reports: list[ExpiryReport]
    unclassified: dict[str, int]  # kinds stored in the vault that the policy does not name -> records

    def to_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "kinds": [r.to_dict() for r in self.reports],
                "records_expired": sum(r.records_expired for r in self.reports),
                "keys_destroyed": sum(r.keys_destroyed for r in self.reports),
                "records_held": sum(r.records_held for r in self.reports), "unclassified": self.unclassified}


def kind_for(rules: RetentionPolicy, kind: str | None) -> str:
    """The kind a new record is stored as: *kind* if the policy gives it a period, else `InvalidRecord`."""
    chosen = kind or rules.default_kind
    if chosen not in rules.classes:
        raise InvalidRecord(f"unknown record kind {chosen!r}: {', '.join(sorted(rules.classes))} "
                            "(policies/retention.yaml)")
    return chosen


def cutoffs(rules: RetentionPolicy, now: float) -> dict[str, datetime]:
    """Per kind, the moment before which a record has outlived its retention period."""
    at = datetime.fromtimestamp(now, UTC)
    return {kind: at - timedelta(days=rule.retain_days) for kind, rule in rules.classes.items()}


def enforce(vault: Vault, record: Callable[[AuditEvent], object], rules: RetentionPolicy, holds: LegalHolds, *,
            actor: str, dry_run: bool = False, now: float | None = None) -> RetentionRun:
    """Remove (or, *dry_run*, count) every record past its kind's period, except held subjects'."""
    moment = time.time() if now is None else now
    limits = cutoffs(rules, moment)
    keep = holds.held_refs()
    action = "retention.checked" if dry_run else "retention.enforced"
    record(AuditEvent(action=f"{action.split('.')[0]}.started", actor=actor,
                      detail={"dry_run": dry_run, "held_subjects": len(keep)}))
    context = AccessContext(actor=actor, purpose="retention policy")
    reports = [vault.expire(kind, limit, keep=keep, dry_run=dry_run, context=context)
               for kind, limit in sorted(limits.items())]
    stored = vault.kind_stats()
    unclassified = {kind: s.records for kind, s in stored.items() if kind not in rules.classes}
    run = RetentionRun(dry_run, reports, unclassified)
    summary = run.to_dict()
    record(AuditEvent(action=action, actor=actor, detail={
        k: summary[k] for k in ("dry_run", "records_expired", "keys_destroyed", "records_held", "unclassified")}))
    return run
