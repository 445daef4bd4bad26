"""The server's audit tick: time-based checkpoints, the live detectors, webhook delivery.

One daemon thread per server process, so request handling never waits for the detectors. With
several server processes each runs its own tick; checkpoints are serialised in the database and
alerts de-duplicated by key, so the only cost is repeated work.
"""

from __future__ import annotations

import threading

import structlog

from kawal.services import Services

__all__ = ["AuditTicker"]

_log = structlog.get_logger("kawal.audit")


class AuditTicker:
    def __init__(self, services: Services, interval: float) -> None:
        self._services = services
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kawal-audit-tick", daemon=True)

    def start(self) -> None:
        if self._services.alerting is not None:
            self._services.alerting.mark_start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def tick(self) -> None:
        """One round; every step's failure is logged and retried next round, never raised."""
        services = self._services
        for name, step in (("checkpoint", services.trail.tick if services.trail else None),
                           ("detect", services.alerting.poll if services.alerting else None),
                           ("webhook", services.alerting.deliver if services.alerting else None)):
            if step is None:
                continue
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - the tick must survive a database hiccup
                _log.error("audit_tick_failed", step=name, error=type(exc).__name__)

    def _run(self) -> None:
        self.tick()  # at once: the live detectors warm up now, not one interval late
        while not self._stop.wait(self._interval):
            self.tick()
