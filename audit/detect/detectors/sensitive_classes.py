"""`sensitive_classes`: card numbers or NIKs read far above the actor's own daily baseline.

Total volume can stay normal while the mix changes: an agent who starts revealing the card number of
every customer they serve is harvesting exactly what fraudsters buy. Each sensitive class is counted
per local day and compared, as soon as the count crosses it, with a threshold from that actor's past
days (median/MAD, a minimum ratio and a minimum count); before a baseline exists a fixed, generous
count applies so that a new account cannot harvest freely during its first days.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.detect.alert import Alert
from audit.detect.base import Detector, Env
from audit.detect.observed import READ_ACTIONS, Observed
from audit.detect.profile import ActorProfile
from audit.detect.robust import excess_score, robust


class _Today:
    __slots__ = ("day", "limits", "evidence", "fired")

    def __init__(self, day: int) -> None:
        self.day = day
        self.limits: dict[str, tuple[float, float]] = {}
        self.evidence: list[int] = []
        self.fired: set[str] = set()


class SensitiveClasses(Detector):
    name = "sensitive_classes"
    policy_section = "sensitive_class_use"
    prefixes = ("records.",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.rules = self.policy.sensitive_class_use
        self.sensitive = self.policy.sensitive_classes
        self._today: dict[str, _Today] = {}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        if not ev.data_classes or ev.action not in READ_ACTIONS or ev.outcome != "ok":
            return None
        hit = [c for c in ev.data_classes if c in self.sensitive]
        if not hit:
            return None
        today = self._today.get(ev.actor)
        if today is None or today.day != prof.day:
            today = self._today[ev.actor] = _Today(prof.day)
        if len(today.evidence) < self.policy.max_evidence:
            today.evidence.append(ev.seq)
        out: list[Alert] = []
        for name in hit:
            if name in today.fired:
                continue
            limit = today.limits.get(name)
            if limit is None:
                limit = today.limits[name] = self._limit(prof, name)
            count = prof.d_classes.get(name, 0)
            if count > limit[0]:
                today.fired.add(name)
                out.append(self._alert(ev, prof, name, count, limit, today))
        return out or None

    def _limit(self, prof: ActorProfile, name: str) -> tuple[float, float]:
        """(threshold, usual per day) for class *name* from the actor's closed days."""
        r = self.rules
        if prof.history_days < self.policy.min_history_days:
            return float(r.no_history_records), -1.0
        med, sigma = robust([classes.get(name, 0) for _, _, classes in prof.day_history], floor=2.0)
        return max(med + r.k * sigma, med * r.min_ratio, float(r.min_records)), med

    def _alert(self, ev: Observed, prof: ActorProfile, name: str, count: int, limit: tuple[float, float],
               today: _Today) -> Alert:
        threshold, usual = limit
        start = prof.d_first
        usual_text = f"usual is {usual:.0f}/day" if usual >= 0 else "no baseline yet"
        message = (f"{ev.actor} read {name} data of {count} customer records "
                   f"{self.clock.span(start, ev.at)}; {usual_text}")
        score = excess_score(count, threshold, base=60) + (5 if name in ("card", "nik") else 0)
        return self.alert(score, ev.actor, message, today.evidence, at=ev.at, start=start, end=ev.at,
                          key=f"{ev.actor}:{name}:{today.day}")
