"""The security officer's side of detection: batch scans, the live monitor, alert handling, webhooks.

Every step leaves an event in the audit chain (`audit.scan`, `alerts.raised`, `alerts.acknowledged`,
`alerts.closed`), so that alert handling is as tamper-evident as the accesses it is about.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import structlog

from audit import AlertStore, AuditEvent, Monitor, ScanReport, StoredAlert, scan
from audit.detect import DetectionContext
from kawal.auditing import AuditTrail
from kawal.webhook import WebhookSender
from policies.audit import AuditPolicy

__all__ = ["Alerting"]

_log = structlog.get_logger("kawal.alerts")
DETECTOR_ACTOR = "kawal:detectors"


class Alerting:
    def __init__(
        self,
        trail: AuditTrail,
        store: AlertStore,
        policy: AuditPolicy,
        context: Callable[[], DetectionContext | None],
        *,
        webhook: WebhookSender | None = None,
    ) -> None:
        self.trail = trail
        self.store = store
        self.policy = policy
        self._context = context
        self._webhook = webhook
        self._monitor: Monitor | None = None
        self._start_after: int | None = None
        self._lock = threading.Lock()

    def mark_start(self) -> None:
        """Remember the head now: a first live run judges every event from here on, however late it polls."""
        self._start_after = self.trail.log.head()[0]

    def scan(self, since: float, until: float | None = None, *, actor: str,
             context: DetectionContext | None = None) -> ScanReport:
        """Run the detectors over [since, until); new alerts are stored, recorded and sent."""
        chosen = context if context is not None else self._context()
        report = scan(self.trail.log, self.store, self.policy, chosen, since=since, until=until)
        self.trail.record(AuditEvent(action="audit.scan", actor=actor, role="security_officer", detail={
            "since": since, "until": until, "events": report.events, "new_alerts": len(report.alerts)}))
        self._raised(report.alerts)
        return report

    def poll(self) -> list[StoredAlert]:
        """The live monitor's step: events since the last poll -> new alerts (called by the server's tick)."""
        with self._lock:
            if self._monitor is None:
                self._monitor = Monitor(self.trail.log, self.store, self.policy, self._context(),
                                        start_after=self._start_after)
            new = self._monitor.poll()
        self._raised(new)
        return new

    def set_status(self, alert_id: str, status: Any, *, by: str, reason: str | None = None,
                   role: str | None = None, session_id: str | None = None, source_ip: str | None = None) -> StoredAlert:
        current = self.store.check_change(alert_id, status, reason)  # refused changes leave no event
        self.trail.record(AuditEvent(action=f"alerts.{status}", actor=by, role=role, session_id=session_id,
                                     source_ip=source_ip, resource=f"alert:{alert_id}",
                                     detail={"from": current.status, "reason": (reason or "")[:500]}))
        return self.store.set_status(alert_id, status, by=by, reason=reason)

    def deliver(self) -> int:
        """Send stored alerts that have not reached the webhook yet; the number delivered."""
        if self._webhook is None:
            return 0
        sent = 0
        for alert in self.store.unnotified():
            if not self._webhook.send(alert.to_dict()):
                break  # receiver down: keep the order, try again on the next tick
            self.store.mark_notified(alert.alert_id)
            sent += 1
        return sent

    def _raised(self, alerts: list[StoredAlert]) -> None:
        if not alerts:
            return
        self.trail.log.append_many([
            AuditEvent(action="alerts.raised", actor=DETECTOR_ACTOR, resource=f"alert:{a.alert_id}", at=None,
                       detail={"detector": a.detector, "severity": a.severity, "score": a.score, "about": a.actor,
                               "evidence": len(a.evidence)})
            for a in alerts
        ])
        for alert in alerts:
            _log.info("alert_raised", alert_id=alert.alert_id, detector=alert.detector, severity=alert.severity,
                      about=alert.actor)
