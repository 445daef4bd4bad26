"""Running the detectors over the stored log: a batch scan, and a live monitor that follows the tail.

Both warm the engine up on the `baseline_days` before their start (learning only, no alerts), so a
restart or a scan of last week judges each agent against their own history, as the live stream
would have. The live monitor keeps its position in `audit_scan_state`, so it neither skips nor
repeats events across restarts; the dedup keys make a batch scan over the same days harmless.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, update

from audit._rows import event_rows
from audit.alerts import AlertStore, StoredAlert
from audit.detect import DetectionContext, DetectionEngine, Observed
from audit.log import AuditLog
from audit.models import audit_events, audit_scan_state
from policies.audit import AuditPolicy

__all__ = ["Monitor", "ScanReport", "scan"]

DAY = 86_400.0


@dataclass(frozen=True)
class ScanReport:
    events: int
    warmup_events: int
    alerts: list[StoredAlert]
    raised: int  # alerts the detectors raised, including ones already stored
    seconds: float


def _bodies(engine: Engine, tenant: str, first_seq: int, last_seq: int | None) -> Iterator[tuple[int, str]]:
    """(seq, body) from *first_seq* on: only the two columns the detectors need, straight from the driver."""
    return event_rows(engine, tenant, ("seq", "body"), first_seq, last_seq)  # type: ignore[return-value]


def _first_seq_at(engine: Engine, tenant: str, at: float) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(func.min(audit_events.c.seq)).where(
            audit_events.c.tenant == tenant, audit_events.c.at >= at)).scalar_one()


def _parse(body: str) -> Observed:
    return Observed.from_body(json.loads(body))


def scan(
    log: AuditLog,
    store: AlertStore,
    policy: AuditPolicy,
    context: DetectionContext | None = None,
    *,
    since: float,
    until: float | None = None,
) -> ScanReport:
    """Run the detectors over [since, until) after warming up on the baseline days before *since*."""
    started = time.perf_counter()
    engine = log.engine
    detection = DetectionEngine(policy, context)
    warm_from = since - policy.baseline_days * DAY
    first = _first_seq_at(engine, log.tenant, warm_from)
    warm = events = 0
    found = []
    if first is not None:
        for _, body in _bodies(engine, log.tenant, first, None):
            event = _parse(body)
            # The log is in append order; an event written with an explicit older time (an import)
            # may sit among newer ones, so the window is applied per event, not by sequence number.
            if event.at < warm_from or (until is not None and event.at >= until):
                continue
            if event.at < since:
                detection.observe(event, emit=False)
                warm += 1
            else:
                found.extend(detection.observe(event))
                events += 1
    found.extend(detection.flush(until if until is not None else math.inf))
    stored = store.save(found)
    return ScanReport(events, warm, stored, len(found), time.perf_counter() - started)


class Monitor:
    """The live detector: `poll()` reads what was appended since the last poll and stores new alerts."""

    def __init__(self, log: AuditLog, store: AlertStore, policy: AuditPolicy,
                 context: DetectionContext | None = None, *, name: str = "live", clock: Any = time.time,
                 start_after: int | None = None) -> None:
        """*start_after*: on a first run (no saved cursor), judge events after this sequence number
        (the server passes the head at its start, so nothing between start and first poll is missed)."""
        self._engine = log.engine
        self._log = log
        self._store = store
        self._policy = policy
        self._context = context
        self._name = name
        self._clock = clock
        self._detection: DetectionEngine | None = None
        self._cursor = 0
        self._start_after = start_after

    def poll(self) -> list[StoredAlert]:
        """Feed new events to the detectors; close windows that ended; return newly stored alerts."""
        if self._detection is None:
            self._start()
        assert self._detection is not None
        found = []
        last = self._cursor
        for seq, body in _bodies(self._engine, self._log.tenant, self._cursor + 1, None):
            found.extend(self._detection.observe(_parse(body)))
            last = seq
        found.extend(self._detection.flush(self._clock()))
        stored = self._store.save(found)  # before the cursor moves: a crash here repeats, never loses
        if last != self._cursor:
            self._save_cursor(last)
        return stored

    def _start(self) -> None:
        """Warm up on the baseline days up to the saved cursor (learning only)."""
        self._detection = DetectionEngine(self._policy, self._context)
        self._cursor = self._load_cursor()
        if self._cursor == 0:  # first run: judge only what comes from the start on
            self._cursor = self._start_after if self._start_after is not None else self._log.head()[0]
            self._save_cursor(self._cursor)
        start = _first_seq_at(self._engine, self._log.tenant, self._clock() - self._policy.baseline_days * DAY)
        if start is not None and start <= self._cursor:
            for _, body in _bodies(self._engine, self._log.tenant, start, self._cursor):
                self._detection.observe(_parse(body), emit=False)

    def _load_cursor(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(select(audit_scan_state.c.last_seq).where(
                audit_scan_state.c.tenant == self._log.tenant, audit_scan_state.c.name == self._name)).scalar_one_or_none()
        return int(value or 0)

    def _save_cursor(self, seq: int) -> None:
        with self._engine.begin() as conn:
            changed = conn.execute(update(audit_scan_state).where(
                audit_scan_state.c.tenant == self._log.tenant, audit_scan_state.c.name == self._name)
                .values(last_seq=seq)).rowcount
            if not changed:
                conn.execute(audit_scan_state.insert().values(tenant=self._log.tenant, name=self._name, last_seq=seq))
        self._cursor = seq
