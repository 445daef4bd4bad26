"""`sensitive_subjects`: looking up a VIP, a co-worker, oneself, or a customer sharing one's surname.

Curiosity about famous customers, colleagues and relatives is the most common kind of insider
snooping, and one read is already the harm, so these alert on the first look rather than on volume.
A look that is linked to one of the actor's cases is the job (the VIP desk serves VIPs) and stays
quiet unless the policy says otherwise. The surname rule only runs where cases are known: common
surnames collide too often for it to mean anything without that context.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from audit.detect.alert import Alert, short_ref
from audit.detect.base import Detector, Env
from audit.detect.observed import READ_ACTIONS, Observed
from audit.detect.profile import ActorProfile


def _digest(ref: str) -> str:
    """A short stable stand-in for a subject ref in alert keys (keys are stored and shown in URLs)."""
    return hashlib.blake2b(ref.encode(), digest_size=6).hexdigest()


class SensitiveSubjects(Detector):
    name = "sensitive_subjects"
    policy_section = "sensitive_subjects"
    prefixes = ("records.",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.rules = self.policy.sensitive_subjects
        self.actions = READ_ACTIONS | {"records.find", "records.write"}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        if not ev.subjects or ev.action not in self.actions or ev.outcome != "ok":
            return None
        r, ctx = self.rules, self.context
        vips, staff = ctx.vip_subjects, ctx.staff_subjects
        cases = None
        looked_up = False
        out: list[Alert] = []
        for ref in ev.subjects:
            kind, score = None, 0
            if r.vip and ref in vips:
                kind, score = "a VIP customer", 70
            elif r.coworker and ref in staff:
                owner = staff[ref]
                kind, score = ("their own customer record", 55) if owner == ev.actor else ("a co-worker's record", 65)
            elif r.same_surname:
                if not looked_up:
                    cases, looked_up = ctx.cases_of(ev.actor), True
                if cases is not None and ctx.same_surname(ev.actor, ref):
                    kind, score = "a customer with their own surname", 60
            if kind is None:
                continue
            if not looked_up:
                cases, looked_up = ctx.cases_of(ev.actor), True
            linked = cases is not None and ref in cases
            if linked and not r.alert_when_linked:
                continue
            why = "linked to one of their cases" if linked else (
                "not linked to any of their cases" if cases is not None else "their cases are unknown")
            if not ev.purpose:
                score += 15
                why += ", no purpose given"
            elif cases is not None and not linked:
                score += 10
            day = int((ev.at + self.env.baselines.offset) // 86400)
            message = (f"{ev.actor} opened {kind} (ref {short_ref(ref)}) at {self.clock.stamp(ev.at)}; {why}")
            out.append(self.alert(score, ev.actor, message, [ev.seq], at=ev.at, start=ev.at, end=ev.at,
                                  key=f"{ev.actor}:{_digest(ref)}:{day}"))
        return out or None
