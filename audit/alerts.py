"""Alerts as the security officer handles them: stored once, then open -> acknowledged -> closed.

The detectors may raise the same alert again (a batch scan over a window the live monitor already
saw); the (tenant, dedup key) unique constraint keeps one. Status changes record who and why;
the shell also writes each change into the audit chain, so alert handling is itself audited.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from audit.detect import Alert
from audit.log import AuditError
from audit.models import audit_alerts

__all__ = ["AlertNotFound", "AlertStatusError", "AlertStore", "StoredAlert", "Status"]

Status = Literal["open", "acknowledged", "closed"]
_NEXT: dict[str, set[str]] = {"open": {"acknowledged", "closed"}, "acknowledged": {"closed"}, "closed": set()}
_SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


class AlertNotFound(AuditError):
    """No alert with that id."""


class AlertStatusError(AuditError):
    """A status change that is not allowed (closing twice, no reason given ...)."""


@dataclass(frozen=True)
class StoredAlert:
    alert_id: str
    dedup_key: str
    detector: str
    severity: str
    score: int
    actor: str | None
    message: str
    evidence: tuple[int, ...]
    raised_at: float
    window_start: float
    window_end: float
    status: str
    status_by: str | None
    status_reason: str | None
    status_at: float | None
    notified_at: float | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "evidence": list(self.evidence)}


class AlertStore:
    """One tenant's alerts."""

    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def save(self, alerts: Sequence[Alert]) -> list[StoredAlert]:
        """Store *alerts*; return those that were new (a known dedup key is skipped)."""
        new: list[StoredAlert] = []
        for alert in alerts:
            row = {
                "alert_id": uuid.uuid4().hex, "tenant": self.tenant, "dedup_key": alert.key[:255],
                "detector": alert.detector, "severity": alert.severity, "score": alert.score, "actor": alert.actor,
                "message": alert.message, "evidence": json.dumps(list(alert.evidence)), "raised_at": alert.at,
                "window_start": alert.window_start, "window_end": alert.window_end, "status": "open",
            }
            try:
                with self._engine.begin() as conn:
                    conn.execute(audit_alerts.insert().values(**row))
            except IntegrityError:
                continue  # raised before: keep the first, with its status
            except SQLAlchemyError as exc:
                raise AuditError(f"alert not stored ({type(exc).__name__})") from None
            new.append(_stored({**row, "status_by": None, "status_reason": None, "status_at": None, "notified_at": None}))
        return new

    def get(self, alert_id: str) -> StoredAlert:
        with self._engine.connect() as conn:
            row = conn.execute(select(audit_alerts).where(audit_alerts.c.tenant == self.tenant,
                                                          audit_alerts.c.alert_id == alert_id)).first()
        if row is None:
            raise AlertNotFound(f"no alert {alert_id}")
        return _stored(row._mapping)

    def list(
        self,
        *,
        status: str | None = None,
        detector: str | None = None,
        actor: str | None = None,
        min_severity: str | None = None,
        since: float | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[StoredAlert]:
        """Newest first."""
        query = select(audit_alerts).where(audit_alerts.c.tenant == self.tenant)
        if status:
            query = query.where(audit_alerts.c.status == status)
        if detector:
            query = query.where(audit_alerts.c.detector == detector)
        if actor:
            query = query.where(audit_alerts.c.actor == actor)
        if min_severity:
            allowed = [s for s, rank in _SEVERITY_RANK.items() if rank >= _SEVERITY_RANK[min_severity]]
            query = query.where(audit_alerts.c.severity.in_(allowed))
        if since is not None:
            query = query.where(audit_alerts.c.raised_at >= since)
        query = query.order_by(audit_alerts.c.raised_at.desc(), audit_alerts.c.alert_id).limit(limit).offset(offset)
        with self._engine.connect() as conn:
            return [_stored(row._mapping) for row in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """Alerts by status."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(audit_alerts.c.status, func.count()).where(audit_alerts.c.tenant == self.tenant)
                                .group_by(audit_alerts.c.status)).all()
        return {status: int(n) for status, n in rows}

    def check_change(self, alert_id: str, status: str, reason: str | None) -> StoredAlert:
        """The alert as it is, if it may move to *status* with *reason*; `AlertStatusError` otherwise."""
        if status not in _NEXT:
            raise AlertStatusError(f"unknown status {status!r}: open, acknowledged or closed")
        if status == "closed" and not (reason and reason.strip()):
            raise AlertStatusError("closing an alert needs a reason (what was found, or why it is benign)")
        current = self.get(alert_id)
        if status not in _NEXT[current.status]:
            raise AlertStatusError(f"alert {alert_id} is {current.status}; it cannot become {status}")
        return current

    def set_status(self, alert_id: str, status: Status, *, by: str, reason: str | None = None) -> StoredAlert:
        """Move an alert on; closing needs a reason. Compare-and-set, so two officers cannot both close it."""
        current = self.check_change(alert_id, status, reason)
        with self._engine.begin() as conn:
            changed = conn.execute(
                update(audit_alerts)
                .where(audit_alerts.c.alert_id == alert_id, audit_alerts.c.tenant == self.tenant,
                       audit_alerts.c.status == current.status)
                .values(status=status, status_by=by, status_reason=(reason or "").strip()[:2000] or None,
                        status_at=self._clock())
            ).rowcount
        if changed != 1:
            raise AlertStatusError(f"alert {alert_id} changed meanwhile; look again")
        return self.get(alert_id)

    def unnotified(self, limit: int = 100) -> list[StoredAlert]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(audit_alerts).where(audit_alerts.c.tenant == self.tenant,
                                                           audit_alerts.c.notified_at.is_(None))
                                .order_by(audit_alerts.c.raised_at).limit(limit)).all()
        return [_stored(r._mapping) for r in rows]

    def mark_notified(self, alert_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(audit_alerts).where(audit_alerts.c.alert_id == alert_id)
                         .values(notified_at=self._clock()))


def _stored(row: Any) -> StoredAlert:
    evidence = row["evidence"]
    return StoredAlert(
        alert_id=row["alert_id"], dedup_key=row["dedup_key"], detector=row["detector"], severity=row["severity"], score=int(row["score"]),
        actor=row["actor"], message=row["message"],
        evidence=tuple(json.loads(evidence) if isinstance(evidence, str) else evidence),
        raised_at=row["raised_at"], window_start=row["window_start"], window_end=row["window_end"],
        status=row["status"], status_by=row["status_by"], status_reason=row["status_reason"],
        status_at=row["status_at"], notified_at=row["notified_at"],
    )
