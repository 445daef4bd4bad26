"""Compliance workflows the CLI, the API and the demo share: frameworks, breaches, attestations.

Reports are built in `kawal.reports`, which brings the evidence providers in; this module does not
import them, so the providers may import it (no import circle).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from audit import AuditEvent
from audit.registers import row_digest
from compliance.attestations import AttestationError, AttestationStore, attestation_row
from compliance.evaluate import Attested
from kawal.services import Services
from policies import OrganisationPolicy, TenantRole, load_organisation_policy
from policies.frameworks import Framework, UnknownFramework, load_frameworks
from privacy.breaches import (
    Assessment,
    Breach,
    BreachError,
    BreachRegister,
    NoticeRule,
    assessment_due,
    obligations,
    register_row,
    rules_from,
)
from vault import AccessContext

__all__ = [
    "assess_breach", "attest", "attestations", "breach_problems", "breach_rules", "breach_view", "breaches",
    "framework", "frameworks", "notify_breach", "record_breach", "tenant_role",
]

def frameworks(services: Services) -> dict[str, Framework]:
    """The frameworks in force, read once per process like every policy file (parsing costs ~50 ms).

    Their ids come from the files, never from a list in code: adding a law is adding a file.
    """
    directory = services.settings.policies_dir / "frameworks" if services.settings.policies_dir else None
    return dict(_frameworks(directory))


def framework(services: Services, framework_id: str) -> Framework:
    """The loaded framework *framework_id*, or `UnknownFramework` naming those that are loaded."""
    known = frameworks(services)
    if framework_id not in known:
        raise UnknownFramework(f"unknown framework {framework_id!r}: {', '.join(sorted(known))}")
    return known[framework_id]


@lru_cache(maxsize=8)
def _frameworks(directory: Path | None) -> dict[str, Framework]:
    return load_frameworks(directory)


def attestations(services: Services) -> AttestationStore:
    return AttestationStore(services.engine, tenant=services.settings.tenant)


def breaches(services: Services) -> BreachRegister:
    return BreachRegister(services.engine, tenant=services.settings.tenant)


def tenant_role(services: Services) -> TenantRole:
    """Whether this tenant is a controller or a processor, and for whom (`policies/organisation.yaml`)."""
    return _organisation(services.settings.policies_dir).role_of(services.settings.tenant)


@lru_cache(maxsize=8)
def _organisation(directory: Path | None) -> OrganisationPolicy:
    return load_organisation_policy(directory)


def breach_rules(services: Services) -> dict[str, list[NoticeRule]]:
    """Each framework's breach notices (recipient, the law's test, clock), for this tenant's role.

    A processor owes its controller a notice; the authority and the individuals are the controller's.
    """
    role = tenant_role(services)
    return {framework.id: rules_from(framework.id, framework.deadlines, processor=role.role == "processor",
                                     processor_hours=role.notify_controller_hours)
            for framework in frameworks(services).values()}


def breach_view(services: Services, breach: Breach) -> dict[str, Any]:
    """*breach* with, per law, every notice it owes (state, due time) and the assessment's own clock."""
    now = time.time()
    known = frameworks(services)
    laws = {}
    processor = tenant_role(services).role == "processor"  # tells its controller; the assessment is the controller's
    for framework_id, rules in sorted(breach_rules(services).items()):
        owed = obligations(rules, breach, now)
        state, due = assessment_due(breach, None if processor else known[framework_id].deadlines.breach_assessment_days)
        laws[framework_id] = {"assessment": {"state": state, "due_at": due},
                              "notices": [o.to_dict() for o in owed]}
    return {**breach.to_dict(), "deadlines": laws}


def breach_problems(services: Services, framework_id: str, now: float | None = None) -> list[tuple[Breach, str]]:
    """(breach, what is wrong) under one law: an assessment or a notice overdue or late."""
    moment = time.time() if now is None else now
    rules = breach_rules(services).get(framework_id, [])
    assessment_days = frameworks(services)[framework_id].deadlines.breach_assessment_days
    found = []
    for breach in breaches(services).all():
        state, _ = assessment_due(breach, assessment_days)
        if state in ("overdue", "late"):
            found.append((breach, f"assessment {state}"))
        for owed in obligations(rules, breach, moment):
            if owed.state in ("overdue", "late"):
                found.append((breach, f"{owed.recipient} notice {owed.state}"))
    return found


def _register_event(services: Services, action: str, context: AccessContext, resource: str,
                    row: Mapping[str, Any], **detail: Any) -> None:
    """A register change as a chained event, with the digest of the row it leaves behind.

    `kawal audit verify` compares each register row with the digest of its last event, so a row
    edited in SQL (a late notice made on time) no longer matches the chain.
    """
    assert services.trail is not None
    services.trail.record(AuditEvent(action=action, actor=context.actor, role=context.role,
                                     session_id=context.session_id, source_ip=context.source, resource=resource,
                                     detail={**detail, "row_digest": row_digest(row)}))


def record_breach(services: Services, context: AccessContext, title: str, description: str, *, detected_at: float,
                  affected_subjects: int = 0, data_classes: Sequence[str] = ()) -> Breach:
    """Record an incident (the one workflow the CLI, the API and the demo share)."""
    breach = breaches(services).record(title, description, detected_at=detected_at, by=context.actor,
                                       affected_subjects=affected_subjects, data_classes=data_classes)
    _register_event(services, "breaches.recorded", context, f"breach:{breach.breach_id}", register_row(breach),
                    affected=breach.affected_subjects, detected_at=breach.detected_at)
    return breach


def assess_breach(services: Services, context: AccessContext, breach_id: str, assessment: Assessment, *,
                  assessed_at: float | None = None, affected_subjects: int | None = None) -> Breach:
    """Record the assessment's facts; each law then applies its own test to them."""
    breach = breaches(services).assess(breach_id, assessment, by=context.actor, assessed_at=assessed_at,
                                       affected_subjects=affected_subjects)
    _register_event(services, "breaches.assessed", context, f"breach:{breach_id}", register_row(breach),
                    **assessment.facts, affected=breach.affected_subjects, assessed_at=breach.assessed_at)
    return breach


def notify_breach(services: Services, context: AccessContext, breach_id: str, framework: str, *, reference: str,
                  recipient: str = "authority", notified_at: float | None = None) -> Breach:
    """Record a notice sent under *framework* to *recipient* (authority, subjects, public, attorney_general)."""
    rules = breach_rules(services)
    if framework not in rules:
        raise UnknownFramework(f"unknown framework {framework!r}: {', '.join(sorted(rules))}")
    recipients = {r.recipient for r in rules[framework]} or {"authority"}
    if recipient not in recipients:
        raise BreachError(f"{framework} requires no {recipient} notice; it requires: {', '.join(sorted(recipients))}")
    breach = breaches(services).notify(breach_id, framework, reference=reference, by=context.actor,
                                       notified_at=notified_at, recipient=recipient)
    _register_event(services, "breaches.notified", context, f"breach:{breach_id}", register_row(breach),
                    framework=framework, recipient=recipient)
    return breach


def attest(services: Services, context: AccessContext, framework: str, requirement: str, *, statement: str,
           not_applicable: bool = False, role: str | None = None) -> Attested:
    """A person confirms a requirement in a named capacity; the chained event vouches for the row."""
    known = frameworks(services)
    if framework not in known or requirement not in {r.id for r in known[framework].requirements}:
        raise AttestationError(f"unknown framework or requirement: {framework} {requirement}")
    attested = attestations(services).attest(framework, requirement, by=context.actor, statement=statement,
                                             not_applicable=not_applicable, role=role)
    _register_event(services, "compliance.attested", context, f"attestation:{attested.attestation_id}",
                    attestation_row(attested), framework=framework, requirement=requirement,
                    not_applicable=not_applicable, signer_role=role)
    return attested
