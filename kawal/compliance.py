"""The laws in force, the tenant's role, and the breach and attestation workflows, wired for the shell.

The breach workflows live in `privacy.breach_desk` (each writes its own chained event); this module
builds the desk from the services and keeps the call shape the CLI, the API and the demo use.
Reports are built in `kawal.reports`, which brings the evidence providers in; this module does not
import them, so the providers may import it (no import circle).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from audit.registers import change_event
from compliance.attestations import AttestationError, AttestationStore, attestation_row
from compliance.evaluate import Attested
from kawal.services import Services
from policies import OrganisationPolicy, TenantRole, load_organisation_policy
from policies.frameworks import Framework, UnknownFramework, load_frameworks
from privacy.breach_desk import BreachDesk
from privacy.breaches import (
    Assessment,
    Breach,
    BreachRegister,
    NoticeRule,
)
from vault import AccessContext

__all__ = [
    "assess_breach", "breach_desk", "attest", "attestations", "breach_problems", "breach_rules", "breach_view", "breaches",
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


def breach_desk(services: Services) -> BreachDesk:
    """The breach workflows over this tenant's register, trail, laws and role."""
    assert services.trail is not None
    return BreachDesk.for_role(breaches(services), services.trail.record, frameworks(services), tenant_role(services))


def breach_rules(services: Services) -> dict[str, list[NoticeRule]]:
    """Each framework's breach notices (recipient, the law's test, clock), for this tenant's role."""
    return dict(breach_desk(services).rules)


def breach_view(services: Services, breach: Breach) -> dict[str, Any]:
    return breach_desk(services).view(breach)


def breach_problems(services: Services, framework_id: str, now: float | None = None) -> list[tuple[Breach, str]]:
    return breach_desk(services).problems(framework_id, now)


def record_breach(services: Services, context: AccessContext, title: str, description: str, *, detected_at: float,
                  affected_subjects: int = 0, data_classes: Sequence[str] = ()) -> Breach:
    return breach_desk(services).record_breach(context, title, description, detected_at=detected_at,
                                               affected_subjects=affected_subjects, data_classes=data_classes)


def assess_breach(services: Services, context: AccessContext, breach_id: str, assessment: Assessment, *,
                  assessed_at: float | None = None, affected_subjects: int | None = None) -> Breach:
    return breach_desk(services).assess(context, breach_id, assessment, assessed_at=assessed_at,
                                        affected_subjects=affected_subjects)


def notify_breach(services: Services, context: AccessContext, breach_id: str, framework: str, *, reference: str,
                  recipient: str = "authority", notified_at: float | None = None) -> Breach:
    return breach_desk(services).notify(context, breach_id, framework, reference=reference, recipient=recipient,
                                        notified_at=notified_at)


def attest(services: Services, context: AccessContext, framework: str, requirement: str, *, statement: str,
           not_applicable: bool = False, role: str | None = None) -> Attested:
    """A person confirms a requirement in a named capacity; the chained event vouches for the row."""
    known = frameworks(services)
    if framework not in known or requirement not in {r.id for r in known[framework].requirements}:
        raise AttestationError(f"unknown framework or requirement: {framework} {requirement}")
    attested = attestations(services).attest(framework, requirement, by=context.actor, statement=statement,
                                             not_applicable=not_applicable, role=role)
    assert services.trail is not None
    services.trail.record(change_event(
        "compliance.attested", f"attestation:{attested.attestation_id}", attestation_row(attested), actor=context.actor,
        role=context.role, session_id=context.session_id, source=context.source, framework=framework,
        requirement=requirement, not_applicable=not_applicable, signer_role=role))
    return attested
