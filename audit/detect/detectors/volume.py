"""`volume`: more records than the actor's own history, or than the peer group, explains.

Three rules on the same counts. Hourly: a closed hour far above the actor's median hour (robust z on
median/MAD, and a minimum ratio so that a very regular agent is not flagged for a busy morning); or
far above the peer group's hours, which also covers new agents and an agent whose own history was
always inflated. Daily: one day far above the usual day. Slow leak: an agent who reads 1.5-2x their
usual total day after day stays under any hourly or daily threshold, so each active day's robust z
(minus an allowance) is added up in a CUSUM, the textbook detector of a small sustained shift; a
single busy day adds little and is forgotten, several days in a row cross the threshold. The run's
days are left out of the baseline they are compared with.
"""

from __future__ import annotations

import math

from audit.detect.alert import Alert, hour_ranges
from audit.detect.base import Detector, Env
from audit.detect.profile import ActorProfile, Window
from audit.detect.robust import excess_score


class Volume(Detector):
    name = "volume"
    policy_section = "volume"

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.rules = self.policy.volume
        self._runs: dict[str, _Run] = {}
        self._hour_alerted: dict[str, int] = {}

    def hour_closed(self, prof: ActorProfile, w: Window) -> Alert | None:
        r, pol = self.rules, self.policy
        if w.records < r.hourly_min_records:
            return None
        reasons: list[str] = []
        threshold = math.inf
        own = None
        if len(prof.hour_history) >= pol.min_history_hours and prof.history_days >= pol.min_history_days:
            med, sigma = prof.hourly(r.min_spread_ratio)
            own = med
            limit = max(med + r.hourly_k * sigma, med * r.hourly_min_ratio)
            if w.records > limit:
                usual = hour_ranges(prof.usual_hours(pol.off_hours.usual_min_day_fraction))
                reasons.append(f"usual is {med:.0f}/h, {usual}")
                threshold = min(threshold, limit)
        peer = self.env.baselines.peer_of(prof)
        stats = peer.stats(r.min_spread_ratio) if len(peer.actors) >= r.peer_min_actors else None
        if stats is not None and (own is None or reasons):
            # Peers judge an actor without a baseline of their own; with one, they only add context,
            # since a legitimately busy agent is always above the group.
            pmed, psigma = stats
            limit = max(pmed + r.peer_k * psigma, pmed * r.peer_min_ratio)
            if w.records > limit:
                reasons.append(f"peers ({prof.group}) usually read {pmed:.0f}/h")
                threshold = min(threshold, limit)
        if not reasons:
            return None
        span = self.clock.span(w.first_at, w.last_at)
        message = f"{prof.actor} read {w.records} customer records {span}; " + "; ".join(reasons)
        self._hour_alerted[prof.actor] = w.bucket // 24
        score = excess_score(w.records, threshold, base=55) + (10 if len(reasons) == 2 else 0)
        if own is None:
            score -= 5  # peer comparison only: less certain
        return self.alert(score, prof.actor, message, w.evidence, at=w.end, start=w.start, end=w.end,
                          key=f"{prof.actor}:h{w.bucket // 24}")

    def day_closed(self, prof: ActorProfile, w: Window) -> Alert | None:
        r, pol = self.rules, self.policy
        if w.records <= 0 or prof.history_days < pol.min_history_days:
            return None
        daily = prof.daily(r.daily_min_spread_ratio)
        if daily is None:
            return None
        med, sigma = daily
        limit = max(med + r.daily_k * sigma, med * r.daily_min_ratio)
        day = self.clock.day(w.start)
        if w.records > limit:
            self._runs.pop(prof.actor, None)
            if self._hour_alerted.get(prof.actor) == w.bucket:
                return None  # the hour that made this day is already reported
            message = (f"{prof.actor} read {w.records} customer records on {day}; "
                       f"usual is {med:.0f}/day over {prof.history_days} active days")
            return self.alert(excess_score(w.records, limit, base=55), prof.actor, message, w.evidence,
                              at=w.end, start=w.start, end=w.end, key=f"{prof.actor}:d{w.bucket}")
        return self._slow(prof, w)

    def _slow(self, prof: ActorProfile, w: Window) -> Alert | None:
        """CUSUM of the days' robust z against the history before the current run."""
        r = self.rules
        run = self._runs.get(prof.actor)
        if run is None:
            run = self._runs[prof.actor] = _Run()
        if len(prof.day_history) - len(run.days) < r.slow_min_baseline_days:
            return None
        base = prof.daily(r.daily_min_spread_ratio, skip_last=len(run.days))
        if base is None:
            return None
        med, sigma = base
        run.total = max(0.0, run.total + (w.records - med) / sigma - r.slow_allowance)
        if run.total <= 0:
            run.days.clear()
            return None
        run.days.append((w.bucket, w.records))
        mean = sum(n for _, n in run.days) / len(run.days)
        if run.total <= r.slow_threshold or mean < med * r.slow_min_ratio:
            return None
        first_day, n_days, total = run.days[0][0], len(run.days), sum(n for _, n in run.days)
        run.total, run.days = 0.0, []
        start = first_day * 86400.0 - self.env.baselines.offset
        message = (f"{prof.actor} read {total} customer records over {n_days} active days "
                   f"({self.clock.day(start)} to {self.clock.day(w.start)}), {mean / med:.1f}x the usual "
                   f"{med:.0f}/day: a sustained rise")
        score = 50 + 30 * (mean / med - r.slow_min_ratio)
        return self.alert(min(score, 85), prof.actor, message, w.evidence, at=w.end, start=start, end=w.end,
                          key=f"{prof.actor}:slow{w.bucket}")


class _Run:
    """The CUSUM of one actor: the sum and the active days it has been positive."""

    __slots__ = ("total", "days")

    def __init__(self) -> None:
        self.total = 0.0
        self.days: list[tuple[int, int]] = []
