"""Four-eyes workflows: grant an approval, and spend one before a hold release, an export or an erasure.

The stores live in `auth.approvals`; this module adds the policy (which actions need one,
`policies/auth.yaml` `four_eyes`), the approver's permission, and the chained events that vouch
for every approval row, so the CLI, the API and the demo share one path and cannot drift.
"""

from __future__ import annotations

import dataclasses
import time

from audit import AuditEvent
from audit.registers import row_digest
from auth import ApprovalRequired, Forbidden
from auth.approvals import Approval, ApprovalStore, approval_row
from kawal.services import Services
from privacy.desk import hold_target, request_target, subject_target
from vault import AccessContext

__all__ = ["ACTIONS", "approvals", "grant", "hold_target", "request_target", "require", "subject_target", "target_of"]

ACTIONS = ("hold.release", "records.export", "subjects.erase")


def approvals(services: Services) -> ApprovalStore:
    return ApprovalStore(services.engine, tenant=services.settings.tenant)


def target_of(services: Services, *, hold_id: str | None = None, request_id: str | None = None,
              subject_id: str | None = None) -> str:
    """The target string of an approval, from the one id given (a customer id becomes its keyed reference)."""
    if hold_id:
        return hold_target(hold_id)
    if request_id:
        return request_target(request_id)
    if subject_id:
        return subject_target(services.vault.subject_ref(subject_id))
    raise ApprovalRequired("an approval names its target: a hold, a request or a subject")


def _record(services: Services, action: str, actor: str, approval: Approval, role: str | None = None) -> None:
    assert services.trail is not None
    services.trail.record(AuditEvent(action=action, actor=actor, role=role, resource=f"approval:{approval.approval_id}",
                                     detail={"action": approval.action, "target": approval.target,
                                             "row_digest": row_digest(approval_row(approval))}))


def grant(services: Services, context: AccessContext, action: str, target: str, *, reason: str) -> Approval:
    """*context* (someone whose role has approvals.grant) allows one *action* on *target*, once."""
    if action not in ACTIONS:
        raise ApprovalRequired(f"unknown action {action!r}: {', '.join(ACTIONS)}")
    if context.role is None or not services.auth.policy.allows(context.role, "approvals.grant"):
        raise Forbidden(f"role {context.role} may not grant approvals")
    ttl = services.auth.policy.four_eyes.approval_ttl_seconds
    approval = approvals(services).grant(action, target, by=context.actor, reason=reason, ttl_seconds=ttl)
    _record(services, "approvals.granted", context.actor, approval, context.role)
    return approval


def require(services: Services, action: str, target: str, *, actor: str, approval_id: str | None) -> Approval | None:
    """Spend the approval *action* on *target* needs (None when the policy does not ask for one).

    The chained event goes first, vouching for the row the use leaves: if it cannot be written,
    the approval is not spent and the action does not happen.
    """
    if action not in services.auth.policy.four_eyes.actions:
        return None
    store = approvals(services)
    approval = store.check(approval_id, action, target, by=actor)
    at = time.time()
    _record(services, "approvals.used", actor, dataclasses.replace(approval, used_by=actor, used_at=at))
    return store.use(approval, by=actor, at=at)
