"""Data-subject requests and legal holds for the CLI, the API and the demo: `privacy.Desk` wired to this system.

The workflows live in `privacy.desk`; this module builds the desk from the services (the tenant's
vault, the audit trail, the frameworks and policies in force, the four-eyes approvals) and keeps
the call shape the shell uses, so every entry point runs the same code and writes the same events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kawal import approvals
from kawal.compliance import frameworks
from kawal.retention import policy as retention_policy
from kawal.services import Services
from privacy import answer
from privacy.desk import FULFILLED_BY_STATEMENT, IDENTIFIER_FIELDS, Desk, dsar_row, hold_row, request_view
from privacy.requests import DsarRegister, DsarRequest, LegalHold, LegalHolds
from vault import AccessContext

__all__ = [
    "FULFILLED_BY_STATEMENT", "IDENTIFIER_FIELDS", "confirm", "desk", "dsar_row", "erase", "export", "extend",
    "find_subjects", "fulfil", "hold_row", "held_refs", "holds", "open_request", "place_hold", "register", "reject",
    "release_hold", "rectify", "request_view", "requests_of", "shred_subject", "verify",
]


def register(services: Services) -> DsarRegister:
    return DsarRegister(services.engine, tenant=services.settings.tenant)


def holds(services: Services) -> LegalHolds:
    return LegalHolds(services.engine, tenant=services.settings.tenant)


def desk(services: Services) -> Desk:
    """The privacy desk over this process's vault, trail, laws and policies."""
    trail = services.trail
    assert trail is not None

    def approve(action: str, target: str, *, actor: str, approval_id: str | None) -> object:
        return approvals.require(services, action, target, actor=actor, approval_id=approval_id)

    directory = services.settings.policies_dir
    return Desk(vault=services.vault, record=trail.record, log=trail.log, requests=register(services),
                holds=holds(services), frameworks=frameworks(services), approve=approve,
                notice=answer.notice(directory), retention=retention_policy(services),
                tenant=services.settings.tenant)


def find_subjects(services: Services, identifiers: Mapping[str, str], subject_ids: Sequence[str], *,
                  actor: str, purpose: str) -> list[str]:
    return desk(services).find_subjects(identifiers, subject_ids, actor=actor, purpose=purpose)


def open_request(services: Services, kind: str, framework: str, *, identifiers: Mapping[str, str],
                 subject_ids: Sequence[str] = (), actor: str, received_at: float | None = None,
                 reference: str = "") -> DsarRequest:
    return desk(services).open_request(kind, framework, identifiers=identifiers, subject_ids=subject_ids, actor=actor,
                                       received_at=received_at, reference=reference)


def confirm(services: Services, request_id: str, *, actor: str) -> DsarRequest:
    return desk(services).confirm(request_id, actor=actor)


def verify(services: Services, request_id: str, *, actor: str, method: str) -> DsarRequest:
    return desk(services).verify(request_id, actor=actor, method=method)


def extend(services: Services, request_id: str, *, actor: str, reason: str, answer_by: float | None = None) -> DsarRequest:
    return desk(services).extend(request_id, actor=actor, reason=reason, answer_by=answer_by)


def fulfil(services: Services, request_id: str, *, actor: str, action: str) -> DsarRequest:
    return desk(services).fulfil(request_id, actor=actor, action=action)


def reject(services: Services, request_id: str, *, actor: str, reason: str) -> DsarRequest:
    return desk(services).reject(request_id, actor=actor, reason=reason)


def export(services: Services, request_id: str, *, actor: str, role: str | None = None,
           approval_id: str | None = None) -> dict[str, Any]:
    return desk(services).export(request_id, actor=actor, role=role, approval_id=approval_id)


def rectify(services: Services, request_id: str, changes: Sequence[tuple[str, Mapping[str, Any]]], *, actor: str,
            role: str | None = None) -> DsarRequest:
    return desk(services).rectify(request_id, changes, actor=actor, role=role)


def erase(services: Services, request_id: str, *, actor: str, role: str | None = None,
          approval_id: str | None = None) -> DsarRequest:
    return desk(services).erase(request_id, actor=actor, role=role, approval_id=approval_id)


def place_hold(services: Services, *, identifiers: Mapping[str, str], subject_ids: Sequence[str], reason: str,
               actor: str) -> list[LegalHold]:
    return desk(services).place_hold(identifiers=identifiers, subject_ids=subject_ids, reason=reason, actor=actor)


def release_hold(services: Services, hold_id: str, *, reason: str, actor: str, approval_id: str | None = None) -> LegalHold:
    return desk(services).release_hold(hold_id, reason=reason, actor=actor, approval_id=approval_id)


def shred_subject(services: Services, subject_id: str, context: AccessContext, *,
                  approval_id: str | None = None) -> Any:
    return desk(services).shred_subject(subject_id, context, approval_id=approval_id)


def held_refs(services: Services) -> set[str]:
    return holds(services).held_refs()


def requests_of(services: Services, framework: str | None = None, kinds: Iterable[str] | None = None) -> list[DsarRequest]:
    return desk(services).requests_of(framework, kinds)
