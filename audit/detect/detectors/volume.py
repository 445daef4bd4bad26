"""`volume`: more records than the actor's own history, or than the peer group, explains.

Three rules on the same counts. Hourly: a closed hour far above the actor's median hour (robust z on
median/MAD, and a minimum ratio so that a very regular agent is not flagged for a busy morning); or
far above the peer group's hours, which also covers new agents and an agent whose own history was
always inflated. Daily, and over several consecutive active days: the slow leak that stays under
any hourly threshold but reads 1.5-2x the usual total day after day; averaging a few days shrinks
the noise by sqrt(days), which is what makes a modest excess visible.
"""

from __future__ import annotations

import math

from audit.detect.alert import Alert, hour_ranges
from audit.detect.base import Detector, Env
from audit.detect.profile import ActorProfile, Window
from audit.detect.robust import excess_score


class Volume(Detector):
    name = "volume"

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.rules = self.policy.volume
        self._last_slow: dict[str, int] = {}

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
        if stats is not None:
            pmed, psigma = stats
            limit = max(pmed + r.peer_k * psigma, pmed * r.peer_min_ratio)
            if w.records > limit:
                reasons.append(f"peers ({prof.group}) usually read {pmed:.0f}/h")
                threshold = min(threshold, limit)
        if not reasons:
            return None
        span = self.clock.span(w.first_at, w.last_at)
        message = f"{prof.actor} read {w.records} customer records {span}; " + "; ".join(reasons)
        score = excess_score(w.records, threshold, base=55) + (10 if len(reasons) == 2 else 0)
        if own is None:
            score -= 5  # peer comparison only: less certain
        return self.alert(score, prof.actor, message, w.evidence, at=w.end, start=w.start, end=w.end,
                          key=f"{prof.actor}:h{w.bucket}")

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
            self._last_slow[prof.actor] = w.bucket
            message = (f"{prof.actor} read {w.records} customer records on {day}; "
                       f"usual is {med:.0f}/day over {prof.history_days} active days")
            return self.alert(excess_score(w.records, limit, base=55), prof.actor, message, w.evidence,
                              at=w.end, start=w.start, end=w.end, key=f"{prof.actor}:d{w.bucket}")
        return self._slow(prof, w)

    def _slow(self, prof: ActorProfile, w: Window) -> Alert | None:
        """Mean of the last `multiday_days` active days against the history before them."""
        r, pol = self.rules, self.policy
        m = r.multiday_days
        hist = prof.day_history
        if len(hist) < r.multiday_min_baseline_days + m - 1:
            return None
        last = self._last_slow.get(prof.actor)
        if last is not None and w.bucket - last < m:
            return None
        recent = [rec for _, rec, _ in list(hist)[-(m - 1):]] + [w.records]
        first_day = hist[-(m - 1)][0]
        if w.bucket - first_day > 2 * m + 2:  # "consecutive" active days, weekends allowed
            return None
        base = prof.daily(r.daily_min_spread_ratio, skip_last=m - 1)
        if base is None:
            return None
        med, sigma = base
        mean = sum(recent) / m
        z = (mean - med) / (sigma / math.sqrt(m))
        if z <= r.multiday_k or mean < med * r.multiday_min_ratio or min(recent) <= med:
            return None
        self._last_slow[prof.actor] = w.bucket
        start = first_day * 86400.0 - self.env.baselines.offset
        message = (f"{prof.actor} read {sum(recent)} customer records over {m} active days "
                   f"({self.clock.day(start)} to {self.clock.day(w.start)}), {mean / med:.1f}x the usual "
                   f"{med:.0f}/day; every one of those days was above usual")
        score = 50 + 5 * (z - r.multiday_k) + 20 * (mean / med - r.multiday_min_ratio)
        return self.alert(min(score, 85), prof.actor, message, w.evidence, at=w.end, start=start, end=w.end,
                          key=f"{prof.actor}:slow{w.bucket}")
