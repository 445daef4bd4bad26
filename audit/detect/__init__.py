"""Anomaly detection over the audit log: pure functions of the events and a little context.

Events (the stored bodies, as `Observed`) go through `DetectionEngine` in time order, live or in
batch; each enabled detector of `policies/audit.yaml` learns per-actor baselines online and returns
`Alert`s a person can read, with the evidence sequence numbers. Knowledge the log lacks (cases,
VIPs, co-workers, dismissals) comes from a `DetectionContext` such as `StaticContext`.

    engine = DetectionEngine(load_audit_policy(), StaticContext(cases=...))
    for body in warmup_bodies:             # the last policy.baseline_days of the log
        engine.observe(Observed.from_body(body), emit=False)
    for body in new_bodies:
        alerts = engine.observe(Observed.from_body(body))
    alerts += engine.flush(math.inf)       # end of a batch scan: close the open hours and days
"""

from audit.detect.alert import Alert
from audit.detect.context import DetectionContext, StaticContext
from audit.detect.detectors import DETECTORS
from audit.detect.engine import DetectionEngine
from audit.detect.observed import Observed

__all__ = ["DETECTORS", "Alert", "DetectionContext", "DetectionEngine", "Observed", "StaticContext"]
