"""Compliance reports for the CLI and the API: frameworks + evidence + attestations -> a recorded report."""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from audit import AuditEvent
from audit.compliance import EvidenceSet, evaluate
from audit.compliance.attestations import AttestationStore
from audit.compliance.breaches import Breach, BreachRegister, Clock, notice_status
from audit.compliance.report import Report
from kawal import __version__
from kawal.audit_views import iso
from kawal.evidence import providers
from kawal.services import Services
from policies.frameworks import Framework, load_frameworks

__all__ = ["FRAMEWORK_CHOICES", "attestations", "breach_clocks", "breach_view", "breaches", "build_report", "frameworks"]

FRAMEWORK_CHOICES = ("gdpr", "ccpa", "pdpa", "uupdp", "all")


def frameworks(services: Services) -> dict[str, Framework]:
    """The frameworks in force, read once per process like every policy file (parsing costs ~50 ms)."""
    directory = services.settings.policies_dir / "frameworks" if services.settings.policies_dir else None
    return dict(_frameworks(directory))


@lru_cache(maxsize=8)
def _frameworks(directory: Path | None) -> dict[str, Framework]:
    return load_frameworks(directory)


def attestations(services: Services) -> AttestationStore:
    return AttestationStore(services.engine, tenant=services.settings.tenant)


def breaches(services: Services) -> BreachRegister:
    return BreachRegister(services.engine, tenant=services.settings.tenant)


def breach_clocks(services: Services) -> dict[str, Clock]:
    """Each framework's breach notification clock, from its deadlines."""
    out = {}
    for framework in frameworks(services).values():
        d = framework.deadlines
        out[framework.id] = Clock(framework.id, d.breach_notify_hours, d.breach_clock_starts, d.breach_notify_days,
                                  d.local_utc_offset_hours)
    return out


def breach_view(services: Services, breach: Breach) -> dict[str, Any]:
    """*breach* with, per law, its notification state and due time (what the CLI and the API show)."""
    now = time.time()
    deadlines = {fw: dict(zip(("state", "due_at"), notice_status(clock, breach, now), strict=True))
                 for fw, clock in sorted(breach_clocks(services).items())}
    return {**breach.to_dict(), "deadlines": deadlines}


def build_report(services: Services, which: str, *, actor: str, fmt: str, period_days: int = 30) -> Report:
    """Evaluate *which* framework (or all), and write the report's content hash into the audit chain."""
    known = frameworks(services)
    if which != "all" and which not in known:
        raise ValueError(f"unknown framework {which!r}: {', '.join(sorted(known))} or all")
    chosen = list(known.values()) if which == "all" else [known[which]]
    evidence = EvidenceSet(providers(services))  # shared: each fact measured once per report
    store = attestations(services)
    now = time.time()
    checklists = [evaluate(framework, evidence, store.latest(framework.id), now=now) for framework in chosen]
    report = Report(system=f"Kawal {__version__}", tenant=services.settings.tenant, generated_by=actor, generated_at=now,
                    period=f"{iso(now - period_days * 86_400.0)} to {iso(now)}", checklists=checklists)
    assert services.trail is not None
    services.trail.record(AuditEvent(action="reports.generated", actor=actor, resource=f"report:{which}",
                                     detail={"frameworks": [c.framework_id for c in checklists], "format": fmt,
                                             "content_hash": report.content_hash,
                                             "scores": {c.framework_id: c.score for c in checklists}}))
    return report
