"""`off_hours`: data access at an hour of the day the actor does not work.

Usual hours are learnt, not configured: an hour of the day is usual when the actor accessed data in
it on a fair share of their days (night teams have night hours). Hours right next to a usual hour
are tolerated (`margin_hours`), since staying late to finish a call is normal; reading records at
02:00 when you always work 08:00-17:00 is what bulk theft at night looks like.
"""

from __future__ import annotations

from audit.detect.alert import Alert, hour_ranges
from audit.detect.base import Detector, Env
from audit.detect.profile import ActorProfile, Window
from audit.detect.robust import excess_score


def hour_distance(hour: int, usual: set[int]) -> int:
    """Circular distance in hours from *hour* to the nearest usual hour."""
    return min(min((hour - u) % 24, (u - hour) % 24) for u in usual)


class OffHours(Detector):
    name = "off_hours"
    policy_section = "off_hours"

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.rules = self.policy.off_hours

    def hour_closed(self, prof: ActorProfile, w: Window) -> Alert | None:
        r = self.rules
        if w.records < r.min_records or prof.history_days < self.policy.min_history_days:
            return None
        usual = prof.usual_hours(r.usual_min_day_fraction)
        if not usual or len(usual) == 24:
            return None
        hod = w.bucket % 24
        distance = hour_distance(hod, usual)
        if distance <= r.margin_hours:
            return None
        span = self.clock.span(w.first_at, w.last_at)
        message = (f"{prof.actor} read {w.records} customer records {span}, outside their usual hours "
                   f"({hour_ranges(usual)})")
        score = excess_score(w.records, r.min_records, base=45, per_doubling=8) + 4 * (distance - r.margin_hours)
        return self.alert(score, prof.actor, message, w.evidence, at=w.end, start=w.start, end=w.end,
                          key=f"{prof.actor}:b{w.bucket // 6}")
