"""`DetectionEngine`: feeds events to the detectors, closes windows, de-duplicates, handles warm-up.

The same engine serves the live stream (`observe` as events are appended, `flush(now)` from a timer)
and the batch scan (`observe` over the stored log, then `flush(math.inf)`). It keeps no state outside
memory: a restart warms up on the last `policy.baseline_days` of the log with `emit=False`.
Events must arrive in time order (the log's order).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from audit.detect.alert import Alert, Clock
from audit.detect.base import Detector, Env
from audit.detect.context import DetectionContext, StaticContext
from audit.detect.detectors import DETECTORS
from audit.detect.observed import Observed
from audit.detect.profile import DAY, HOUR, ActorProfile, Baselines
from policies.audit import AuditPolicy

Handler = Callable[[Observed, ActorProfile], Sequence[Alert] | None]


class DetectionEngine:
    """Run every enabled detector of *policy* over a time-ordered stream of events."""

    def __init__(self, policy: AuditPolicy, context: DetectionContext | None = None,
                 detectors: Sequence[type[Detector]] | None = None) -> None:
        self.policy = policy
        self.context: DetectionContext = context if context is not None else StaticContext()
        self.baselines = Baselines(policy, self.context)
        env = Env(policy, self.context, self.baselines, Clock(policy.utc_offset_hours))
        chosen = DETECTORS if detectors is None else tuple(detectors)
        self.detectors: list[Detector] = [cls(env) for cls in chosen if _enabled(policy, cls)]
        self._routes: dict[str, tuple[Handler, ...]] = {}
        self._keys: dict[str, float] = {}
        self._offset = self.baselines.offset
        self._next_sweep = -math.inf
        self._last_at = -math.inf
        self._learn_seq = -1
        self.events = 0

    # -- public --------------------------------------------------------------------------------

    def observe(self, event: Observed, *, emit: bool = True) -> list[Alert]:
        """Learn from *event* and return the alerts it raises (none when ``emit`` is False: warm-up)."""
        at = event.at
        out: list[Alert] = []
        if at >= self._next_sweep:
            self._sweep(at, out)
        self._last_at = at
        self.events += 1
        if not emit:
            self._learn_seq = event.seq
        base = self.baselines
        prof = base.profile(event)
        action = event.action
        if action.startswith("records."):
            off = self._offset
            if prof.hour >= 0 and int((at + off) // HOUR) != prof.hour:
                self._close_hour(prof, out)
            if prof.day >= 0 and int((at + off) // DAY) != prof.day:
                self._close_day(prof, out)
            base.count(prof, event)
        handlers = self._routes.get(action)
        if handlers is None:
            handlers = self._route(action)
        for handle in handlers:
            found = handle(event, prof)
            if found:
                out.extend(found)
        return self._release(out, emit) if out else out

    def flush(self, now: float) -> list[Alert]:
        """Close every window that ended by *now* (``math.inf`` at the end of a batch scan)."""
        out: list[Alert] = []
        self._sweep(now, out)
        return self._release(out, True)

    @property
    def detector_names(self) -> list[str]:
        return [d.name for d in self.detectors]

    # -- internals -----------------------------------------------------------------------------

    def _route(self, action: str) -> tuple[Handler, ...]:
        handlers = tuple(
            d.observe for d in self.detectors if any(action.startswith(p) for p in d.prefixes)
        )
        self._routes[action] = handlers
        return handlers

    def _close_hour(self, prof: ActorProfile, out: list[Alert]) -> None:
        base = self.baselines
        w = base.take_hour(prof)
        for d in self.detectors:
            found = d.hour_closed(prof, w)
            if found is not None:
                out.append(found)
        base.commit_hour(prof, w)

    def _close_day(self, prof: ActorProfile, out: list[Alert]) -> None:
        base = self.baselines
        w = base.take_day(prof)
        for d in self.detectors:
            found = d.day_closed(prof, w)
            if found is not None:
                out.append(found)
        base.commit_day(prof, w)

    def _sweep(self, now: float, out: list[Alert]) -> None:
        """Close the windows of every actor whose hour (or day) ended by *now*."""
        base, off = self.baselines, self._offset
        done = []
        for actor in base.open:
            prof = base.actors[actor]
            if prof.hour >= 0 and (prof.hour + 1) * HOUR - off <= now:
                self._close_hour(prof, out)
            if prof.day >= 0 and (prof.day + 1) * DAY - off <= now:
                self._close_day(prof, out)
            if prof.hour < 0 and prof.day < 0:
                done.append(actor)
        base.open.difference_update(done)
        if math.isfinite(now):
            self._next_sweep = (math.floor((now + off) / HOUR) + 1) * HOUR - off
            cutoff = now - 3 * DAY
            if len(self._keys) > 10_000 or self._keys and next(iter(self._keys.values())) < cutoff:
                self._keys = {k: t for k, t in self._keys.items() if t >= cutoff}

    def _release(self, found: list[Alert], emit: bool) -> list[Alert]:
        """De-duplicate by key; nothing during warm-up, nor for windows holding only warm-up events."""
        if not emit:
            return []
        keys, out, learnt = self._keys, [], self._learn_seq
        for a in found:
            if a.evidence and a.evidence[-1] <= learnt:
                continue
            if a.key not in keys:
                keys[a.key] = a.at
                out.append(a)
        return out


def _enabled(policy: AuditPolicy, detector: type[Detector]) -> bool:
    """Whether *detector*'s policy section switches it on; a detector without a section is a wiring
    error, refused at start rather than run with rules nobody can see or change."""
    section = getattr(policy, detector.policy_section, None) if detector.policy_section else None
    if section is None:
        raise ValueError(f"detector {detector.name!r} names no section of policies/audit.yaml "
                         f"(policy_section {detector.policy_section!r})")
    return bool(getattr(section, "enabled", True))
