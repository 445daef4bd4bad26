"""Per-actor baselines learnt online: hourly and daily volumes, usual hours, peer groups.

Detectors compare a closed window (one hour, one local day) with what the actor did before it, so the
window is handed to them *before* it joins the history: misuse never becomes its own baseline on
the spot. History older than `baseline_days` is forgotten, which is also what lets a restart warm up
from the last `baseline_days` of the log instead of persisting any state.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from audit.detect.context import DetectionContext
from audit.detect.observed import READ_ACTIONS, Observed
from audit.detect.robust import robust
from policies.audit import AuditPolicy

HOUR = 3600.0
DAY = 86400.0
#: Closed actor-hours kept per peer group, and how many new ones before its statistics are recomputed.
PEER_SAMPLE = 20_000
PEER_REFRESH = 500


@dataclass(slots=True)
class Window:
    """A closed hour or day of one actor's data access."""

    bucket: int
    start: float
    end: float
    records: int
    first_at: float
    last_at: float
    evidence: list[int]
    classes: dict[str, int] = field(default_factory=dict)
    hours: set[int] = field(default_factory=set)


class ActorProfile:
    """Everything learnt about one actor; mutated only by `Baselines` and the engine."""

    __slots__ = (
        "actor", "role", "group", "days_seen", "last_day", "first_at",
        "hour", "h_records", "h_first", "h_last", "h_evidence",
        "day", "d_records", "d_first", "d_last", "d_evidence", "d_classes", "d_hours",
        "hour_history", "day_history", "hod_days", "hod_marks", "ips", "devices",
    )

    def __init__(self, actor: str) -> None:
        self.actor = actor
        self.role: str | None = None
        self.group: str | None = None
        self.days_seen = 0
        self.last_day = -1
        self.first_at = 0.0
        self.hour = -1
        self.h_records = 0
        self.h_first = self.h_last = 0.0
        self.h_evidence: list[int] = []
        self.day = -1
        self.d_records = 0
        self.d_first = self.d_last = 0.0
        self.d_evidence: list[int] = []
        self.d_classes: dict[str, int] = {}
        self.d_hours: set[int] = set()
        self.hour_history: deque[tuple[int, int]] = deque()
        self.day_history: deque[tuple[int, int, dict[str, int]]] = deque()
        self.hod_days = [0] * 24
        self.hod_marks: deque[tuple[int, frozenset[int]]] = deque()
        self.ips: dict[str, float] = {}
        self.devices: dict[str, float] = {}

    @property
    def history_days(self) -> int:
        """Closed days with data access in the baseline period."""
        return len(self.day_history)

    def usual_hours(self, min_fraction: float) -> set[int]:
        """Local hours of the day in which the actor accessed data on at least *min_fraction* of days."""
        need = max(2.0, min_fraction * len(self.hod_marks))
        return {h for h, n in enumerate(self.hod_days) if n >= need}

    def hourly(self, floor_ratio: float) -> tuple[float, float]:
        return robust([c for _, c in self.hour_history], floor_ratio=floor_ratio)

    def daily(self, floor_ratio: float, skip_last: int = 0) -> tuple[float, float] | None:
        """(median, sigma) of the active days; sigma at least Poisson noise on top of *floor_ratio*.

        A handful of days under-estimates the spread; counts are at least Poisson-noisy (variance =
        mean), and days vary by some fraction besides (Mondays, queues), so both set a floor.
        """
        days = [r for _, r, _ in self.day_history]
        if skip_last:
            days = days[:-skip_last]
        if not days:
            return None
        med, sigma = robust(days)
        return med, max(sigma, math.sqrt((floor_ratio * med) ** 2 + med))


class PeerStats:
    """Recent closed actor-hours of one peer group and their median/MAD, refreshed every few hundred."""

    __slots__ = ("sample", "actors", "fresh", "cached")

    def __init__(self) -> None:
        self.sample: deque[int] = deque(maxlen=PEER_SAMPLE)
        self.actors: set[str] = set()
        self.fresh = 0
        self.cached: tuple[float, float] | None = None

    def add(self, actor: str, records: int) -> None:
        self.sample.append(records)
        self.actors.add(actor)
        self.fresh += 1

    def stats(self, floor_ratio: float) -> tuple[float, float] | None:
        if not self.sample:
            return None
        if self.cached is None or self.fresh >= PEER_REFRESH:
            self.cached = robust(list(self.sample), floor_ratio=floor_ratio)
            self.fresh = 0
        return self.cached


class Baselines:
    """All actor profiles and peer groups, with the hour/day windows currently open."""

    def __init__(self, policy: AuditPolicy, context: DetectionContext) -> None:
        self.policy = policy
        self.context = context
        self.offset = policy.utc_offset_hours * HOUR
        self.actors: dict[str, ActorProfile] = {}
        self.open: set[str] = set()
        self.peers: dict[str, PeerStats] = {}
        self._keep_hours = policy.baseline_days * 24
        self._keep_days = policy.baseline_days
        self._max_evidence = policy.max_evidence
        self._sensitive = policy.sensitive_classes

    # -- per event -----------------------------------------------------------------------------

    def profile(self, ev: Observed) -> ActorProfile:
        prof = self.actors.get(ev.actor)
        if prof is None:
            prof = self.actors[ev.actor] = ActorProfile(ev.actor)
            prof.first_at = ev.at
        if ev.role is not None and ev.role != prof.role:
            prof.role = ev.role
            prof.group = None
        day = int((ev.at + self.offset) // DAY)
        if day != prof.last_day:
            prof.last_day = day
            prof.days_seen += 1
        return prof

    def hour_of(self, at: float) -> int:
        return int((at + self.offset) // HOUR)

    def day_of(self, at: float) -> int:
        return int((at + self.offset) // DAY)

    def count(self, prof: ActorProfile, ev: Observed) -> None:
        """Add a data-access event to the actor's open hour and day (opening them if needed)."""
        at = ev.at
        if prof.hour < 0:
            prof.hour = int((at + self.offset) // HOUR)
            prof.h_first = at
            self.open.add(prof.actor)
        if prof.day < 0:
            prof.day = int((at + self.offset) // DAY)
            prof.d_first = at
        n = ev.records if ev.action in READ_ACTIONS else 0
        prof.h_records += n
        prof.h_last = at
        prof.d_records += n
        prof.d_last = at
        prof.d_hours.add(prof.hour % 24)
        if n:
            if len(prof.h_evidence) < self._max_evidence:
                prof.h_evidence.append(ev.seq)
            if len(prof.d_evidence) < self._max_evidence:
                prof.d_evidence.append(ev.seq)
            if ev.data_classes:
                classes = prof.d_classes
                for name in ev.data_classes:
                    if name in self._sensitive:
                        classes[name] = classes.get(name, 0) + n

    # -- closing windows -----------------------------------------------------------------------

    def take_hour(self, prof: ActorProfile) -> Window:
        b = prof.hour
        start = b * HOUR - self.offset
        w = Window(b, start, start + HOUR, prof.h_records, prof.h_first, prof.h_last, prof.h_evidence)
        prof.hour, prof.h_records, prof.h_evidence = -1, 0, []
        return w

    def commit_hour(self, prof: ActorProfile, w: Window) -> None:
        if w.records <= 0:
            return
        hist = prof.hour_history
        hist.append((w.bucket, w.records))
        while hist and hist[0][0] <= w.bucket - self._keep_hours:
            hist.popleft()
        self.peer_of(prof).add(prof.actor, w.records)

    def take_day(self, prof: ActorProfile) -> Window:
        b = prof.day
        start = b * DAY - self.offset
        w = Window(b, start, start + DAY, prof.d_records, prof.d_first, prof.d_last, prof.d_evidence,
                   prof.d_classes, prof.d_hours)
        prof.day, prof.d_records, prof.d_evidence, prof.d_classes, prof.d_hours = -1, 0, [], {}, set()
        return w

    def commit_day(self, prof: ActorProfile, w: Window) -> None:
        if w.records > 0:
            prof.day_history.append((w.bucket, w.records, w.classes))
        while prof.day_history and prof.day_history[0][0] <= w.bucket - self._keep_days:
            prof.day_history.popleft()
        if w.hours:
            prof.hod_marks.append((w.bucket, frozenset(w.hours)))
            for h in w.hours:
                prof.hod_days[h] += 1
        while prof.hod_marks and prof.hod_marks[0][0] <= w.bucket - self._keep_days:
            for h in prof.hod_marks.popleft()[1]:
                prof.hod_days[h] -= 1

    def peer_of(self, prof: ActorProfile) -> PeerStats:
        if prof.group is None:
            prof.group = self.context.peer_group(prof.actor, prof.role)
        stats = self.peers.get(prof.group)
        if stats is None:
            stats = self.peers[prof.group] = PeerStats()
        return stats
