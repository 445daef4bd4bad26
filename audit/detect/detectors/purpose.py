"""`purpose`: customer data read without a stated purpose, or outside the actor's own cases.

Every read by an agent should name the case it serves. A read without one, or of a customer who is
on none of the agent's cases (when the ticketing system tells us the cases), is the contact-center
form of a hospital chart opened without a care relationship. One such read is usually a slip (a
wrong customer opened); a few distinct customers within a shift is a pattern, hence the counts.
When the actor's cases are unknown the unlinked rule stays silent rather than guessing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from audit.detect.alert import Alert, plural, refs_example
from audit.detect.base import Detector, Env
from audit.detect.observed import Observed
from audit.detect.profile import ActorProfile


class _Window:
    """Distinct subjects seen in a sliding window, with the events that showed them."""

    __slots__ = ("items", "counts", "quiet_until")

    def __init__(self) -> None:
        self.items: deque[tuple[float, str, int]] = deque()
        self.counts: dict[str, int] = {}
        self.quiet_until = 0.0

    def add(self, at: float, refs: Sequence[str], seq: int, horizon: float) -> int:
        items, counts = self.items, self.counts
        for ref in refs:
            items.append((at, ref, seq))
            counts[ref] = counts.get(ref, 0) + 1
        while items and items[0][0] < horizon:
            _, ref, _ = items.popleft()
            left = counts[ref] - 1
            if left:
                counts[ref] = left
            else:
                del counts[ref]
        return len(counts)


class Purpose(Detector):
    name = "purpose"
    policy_section = "purpose"
    prefixes = ("records.",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        r = self.rules = self.policy.purpose
        self.window = r.window_hours * 3600.0
        self._none: dict[str, _Window] = {}
        self._unlinked: dict[str, _Window] = {}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        r = self.rules
        if ev.action not in r.actions or not ev.subjects or ev.outcome != "ok":
            return None
        if (ev.role or prof.role) not in r.roles:
            return None
        if not ev.purpose:
            return self._count(self._none, ev, ev.subjects, r.no_purpose_min_subjects, "without a stated purpose",
                               "n", 55)
        cases = self.context.cases_of(ev.actor)
        if cases is None:
            return None
        outside = [ref for ref in ev.subjects if ref not in cases]
        if not outside:
            return None
        return self._count(self._unlinked, ev, outside, r.unlinked_min_subjects,
                           "that are on none of their cases", "u", 60)

    def _count(self, table: dict[str, _Window], ev: Observed, refs: Sequence[str], need: int, why: str,
               tag: str, base: int) -> Sequence[Alert] | None:
        state = table.get(ev.actor)
        if state is None:
            state = table[ev.actor] = _Window()
        distinct = state.add(ev.at, refs, ev.seq, ev.at - self.window)
        if distinct < need or ev.at < state.quiet_until:
            return None
        state.quiet_until = ev.at + self.window
        start = state.items[0][0]
        refs_seen = list(state.counts)
        message = (f"{ev.actor} read {plural(distinct, 'customer record')} {why} "
                   f"{self.clock.span(start, ev.at)} (refs {refs_example(refs_seen)})")
        # denser is worse: a handful within minutes is a search, spread over a shift more likely slips
        score = base + 5 * (distinct - need) + 10 * (1 - (ev.at - start) / self.window)
        return [self.alert(min(score, 90), ev.actor, message, [s for _, _, s in state.items], at=ev.at,
                           start=start, end=ev.at, key=f"{ev.actor}:{tag}{int(start // self.window)}")]
