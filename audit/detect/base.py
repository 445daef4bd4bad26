"""The shape every detector has, and the shared things it is built with.

A detector is a small class with one job. It sees each event it subscribed to (by action prefix)
together with the actor's profile, and optionally each closed hour or day window of an actor. It
returns alerts; the engine de-duplicates them and drops them during warm-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from audit.detect.alert import Alert, Clock, make_alert
from audit.detect.context import DetectionContext
from audit.detect.observed import Observed
from audit.detect.profile import ActorProfile, Baselines, Window
from policies.audit import AuditPolicy


@dataclass(frozen=True)
class Env:
    """What a detector is built with: the policy, the organisation's knowledge, baselines, a clock."""

    policy: AuditPolicy
    context: DetectionContext
    baselines: Baselines
    clock: Clock


class Detector:
    """Base class. Subclasses set `name` and `prefixes` and override what they need."""

    name: ClassVar[str] = "detector"
    #: Its section of `policies/audit.yaml` (the `AuditPolicy` field holding its rules and `enabled`).
    #: Declared, not derived from the name: `sensitive_classes` names the watched classes there.
    policy_section: ClassVar[str] = ""
    #: Action prefixes whose events reach `observe` ("records.", "auth."; "" for every event).
    prefixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, env: Env) -> None:
        self.env = env
        self.policy = env.policy
        self.context = env.context
        self.clock = env.clock

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        return None

    def hour_closed(self, prof: ActorProfile, w: Window) -> Alert | None:
        return None

    def day_closed(self, prof: ActorProfile, w: Window) -> Alert | None:
        return None

    def alert(self, score: float, actor: str | None, message: str, evidence: Sequence[int] | set[int], *,
              at: float, start: float, end: float, key: str, source_ip: str | None = None) -> Alert:
        return make_alert(self.name, score, actor, message, evidence, at=at, start=start, end=end,
                          key=f"{self.name}:{key}", max_evidence=self.policy.max_evidence, source_ip=source_ip)
