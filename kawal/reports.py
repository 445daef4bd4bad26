"""Build a compliance report: frameworks + measured evidence + vouched attestations -> a recorded report.

The one place that brings the evidence providers (`kawal.evidence`) together with the frameworks
and registers (`kawal.compliance`); the CLI, the API and the demo call `build_report`.
"""

from __future__ import annotations

import time

from audit import AuditEvent
from audit.registers import row_digest
from compliance import EvidenceSet, evaluate
from compliance.attestations import attestation_row
from compliance.evaluate import Attested
from compliance.report import ApprovalRefused, Engagement, Report
from kawal import __version__
from kawal.audit_views import iso
from kawal.compliance import attestations, frameworks, tenant_role
from kawal.evidence import providers
from kawal.services import Services
from policies import load_reporting_policy
from policies.frameworks import UnknownFramework

__all__ = ["build_report", "vouched_attestations"]


def vouched_attestations(services: Services) -> dict[str, dict[str, Attested]]:
    """Per framework, the newest attestation of each requirement among those the audit chain vouches for.

    A signature inserted or edited in SQL has no chained event with its digest: it counts for
    nothing here (the item stays `needs_attestation`), and `kawal audit verify` names the row.
    One pass over the register and the chain serves every framework of a report.
    """
    assert services.trail is not None
    vouched = services.trail.log.vouched(("compliance.attested", "registers.adopted"))
    out: dict[str, dict[str, Attested]] = {}
    for attested in attestations(services).all():  # oldest first: the newest vouched one wins
        if vouched.get(f"attestation:{attested.attestation_id}") == row_digest(attestation_row(attested)):
            out.setdefault(attested.framework, {})[attested.requirement_id] = attested
    return out


def build_report(services: Services, which: str, *, actor: str, fmt: str, period_days: int = 30,
                 approver: str | None = None) -> Report:
    """Evaluate *which* framework (or all), and write the report's content hash into the audit chain.

    The report states its scope, method and limits (`policies/reporting.yaml`), gives every open
    item an owner and a due date, names its preparer (*actor*) and, if given, its *approver*, who
    approves by signing the rendered file (`compliance.signature`).
    """
    if approver is not None and approver.strip() in ("", actor):
        raise ApprovalRefused("the approver must be named, and be someone other than the preparer (four eyes)")
    known = frameworks(services)
    if which != "all" and which not in known:
        raise UnknownFramework(f"unknown framework {which!r}: {', '.join(sorted(known))} or all")
    chosen = list(known.values()) if which == "all" else [known[which]]
    evidence = EvidenceSet(providers(services))  # shared: each fact measured once per report
    now = time.time()
    signed = vouched_attestations(services)
    plan = load_reporting_policy(services.settings.policies_dir)
    checklists = [evaluate(framework, evidence, signed.get(framework.id, {}), now=now, plan=plan) for framework in chosen]
    engagement = Engagement(tuple(plan.scope.covered), tuple(plan.scope.not_covered), plan.methodology,
                            tuple(plan.limitations), prepared_by=actor, approver=(approver or "").strip() or None,
                            data_role=tenant_role(services).describe())
    report = Report(system=f"Kawal {__version__}", tenant=services.settings.tenant, generated_by=actor, generated_at=now,
                    period=f"{iso(now - period_days * 86_400.0)} to {iso(now)}", checklists=checklists,
                    engagement=engagement)
    assert services.trail is not None
    services.trail.record(AuditEvent(action="reports.generated", actor=actor, resource=f"report:{which}",
                                     detail={"frameworks": [c.framework_id for c in checklists], "format": fmt,
                                             "content_hash": report.content_hash, "approver": engagement.approver,
                                             "scores": {c.framework_id: c.score for c in checklists}}))
    return report
