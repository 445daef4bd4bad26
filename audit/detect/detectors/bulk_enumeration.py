"""`bulk_enumeration`: harvesting many customers quickly, in one export, or by fishing with `find`.

No agent handles sixty customers in ten minutes; a script or a copy-paste session does. Counting
*distinct* subjects in a sliding window (not events) ignores an agent re-opening the same record.
`find` fishing (many lookups by NIK or phone with mostly no hit) is how someone enumerates values
they do not have; the log holds no searched value, so the hit rate is the signal.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from audit.detect.alert import Alert, plural
from audit.detect.base import Detector, Env
from audit.detect.observed import READ_ACTIONS, Observed
from audit.detect.profile import ActorProfile
from audit.detect.robust import excess_score


class _Reads:
    __slots__ = ("items", "counts", "quiet_until")

    def __init__(self) -> None:
        self.items: deque[tuple[float, str, int]] = deque()
        self.counts: dict[str, int] = {}
        self.quiet_until = 0.0


class _Finds:
    __slots__ = ("items", "hits", "quiet_until")

    def __init__(self) -> None:
        self.items: deque[tuple[float, bool, int]] = deque()
        self.hits = 0
        self.quiet_until = 0.0


class BulkEnumeration(Detector):
    name = "bulk_enumeration"
    policy_section = "bulk_enumeration"
    prefixes = ("records.",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        r = self.rules = self.policy.bulk_enumeration
        self.window = r.window_minutes * 60.0
        self.find_window = r.find_window_minutes * 60.0
        self._reads: dict[str, _Reads] = {}
        self._finds: dict[str, _Finds] = {}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        action = ev.action
        if action in READ_ACTIONS:
            if ev.records >= self.rules.export_min_records:
                return [self._export(ev)]
            if ev.subjects:
                return self._read(ev)
        elif action == "records.find":
            return self._find(ev)
        return None

    def _export(self, ev: Observed) -> Alert:
        message = (f"{ev.actor} received {ev.records} customer records in one request at "
                   f"{self.clock.stamp(ev.at)} ({ev.action})")
        return self.alert(excess_score(ev.records, self.rules.export_min_records, base=65), ev.actor, message,
                          [ev.seq], at=ev.at, start=ev.at, end=ev.at, key=f"{ev.actor}:x{ev.seq}")

    def _read(self, ev: Observed) -> Sequence[Alert] | None:
        state = self._reads.get(ev.actor)
        if state is None:
            state = self._reads[ev.actor] = _Reads()
        at, items, counts = ev.at, state.items, state.counts
        for ref in ev.subjects:
            items.append((at, ref, ev.seq))
            counts[ref] = counts.get(ref, 0) + 1
        horizon = at - self.window
        while items[0][0] < horizon:
            _, ref, _ = items.popleft()
            left = counts[ref] - 1
            if left:
                counts[ref] = left
            else:
                del counts[ref]
        distinct = len(counts)
        if distinct < self.rules.distinct_subjects or at < state.quiet_until:
            return None
        state.quiet_until = at + self.window
        start = items[0][0]
        minutes = max(1, round((at - start) / 60))
        message = (f"{ev.actor} read {distinct} distinct customer records in {plural(minutes, 'minute')} "
                   f"({self.clock.span(start, at)}); the limit is {self.rules.distinct_subjects} "
                   f"per {self.rules.window_minutes} minutes")
        score = excess_score(distinct * self.rules.window_minutes * 60 / max(at - start, 60.0),
                             self.rules.distinct_subjects, base=60)
        return [self.alert(score, ev.actor, message, [s for _, _, s in items], at=at, start=start, end=at,
                           key=f"{ev.actor}:{int(start // 3600)}")]

    def _find(self, ev: Observed) -> Sequence[Alert] | None:
        state = self._finds.get(ev.actor)
        if state is None:
            state = self._finds[ev.actor] = _Finds()
        hit = ev.records > 0
        state.items.append((ev.at, hit, ev.seq))
        state.hits += hit
        horizon = ev.at - self.find_window
        items = state.items
        while items[0][0] < horizon:
            state.hits -= items.popleft()[1]
        n = len(items)
        r = self.rules
        if n < r.find_min_lookups or state.hits > r.find_max_hit_rate * n or ev.at < state.quiet_until:
            return None
        state.quiet_until = ev.at + self.find_window
        start = items[0][0]
        field = ev.detail.get("field")
        what = f" by {field}" if isinstance(field, str) and field.isidentifier() else ""
        message = (f"{ev.actor} ran {n} lookups{what} {self.clock.span(start, ev.at)} and "
                   f"{state.hits} found anything: someone guessing values")
        score = excess_score(n, r.find_min_lookups, base=60) + round(10 * (1 - state.hits / n))
        return [self.alert(score, ev.actor, message, [s for _, _, s in items], at=ev.at, start=start,
                           end=ev.at, key=f"{ev.actor}:f{int(start // 3600)}")]
