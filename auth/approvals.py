"""Four eyes: a second person approves one action on one target before it happens.

Releasing a legal hold, exporting a subject's data and erasing a subject are the actions a single
insider would use to take or destroy data. Each needs an approval granted by someone else, for that
action and that target (`hold:<id>`, `dsar:<id>`, `subject:<ref>`), used once, before it expires.
Using it is one conditional UPDATE (`used_at IS NULL`), so two workers cannot spend the same
approval; the approver can never be the one who uses it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update

from auth.errors import ApprovalRequired
from auth.models import auth_approvals

__all__ = ["Approval", "ApprovalStore", "approval_row"]


@dataclass(frozen=True)
class Approval:
    approval_id: str
    action: str
    target: str
    reason: str
    granted_by: str
    granted_at: float
    expires_at: float
    used_by: str | None = None
    used_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def approval_row(approval: Approval) -> dict[str, Any]:
    """The fields the audit chain vouches for (a use or an expiry rewritten in SQL shows)."""
    return {k: v for k, v in approval.__dict__.items() if k != "reason"}


class ApprovalStore:
    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def grant(self, action: str, target: str, *, by: str, reason: str, ttl_seconds: float) -> Approval:
        if not reason.strip():
            raise ApprovalRequired("an approval states why (the case, the request, the ticket)")
        now = self._clock()
        approval = Approval(uuid.uuid4().hex, action, target, reason.strip()[:500], by, now, now + ttl_seconds)
        with self._engine.begin() as conn:
            conn.execute(auth_approvals.insert().values(tenant=self.tenant, **approval.to_dict()))
        return approval

    def check(self, approval_id: str | None, action: str, target: str, *, by: str) -> Approval:
        """The approval if *by* may use it for *action* on *target* now; `ApprovalRequired` otherwise."""
        if not approval_id:
            raise ApprovalRequired(f"{action} needs a second person's approval: ask someone with approvals.grant "
                                   f"for {target} (kawal approve, POST /v1/approvals), then give its id")
        approval = self.get(approval_id)
        if approval.action != action or approval.target != target:
            raise ApprovalRequired(f"approval {approval_id} is for {approval.action} on {approval.target}, "
                                   f"not {action} on {target}")
        if approval.granted_by == by:
            raise ApprovalRequired("four eyes: the approver cannot be the person acting")
        if approval.used_at is not None:
            raise ApprovalRequired(f"approval {approval_id} was already used")
        if self._clock() >= approval.expires_at:
            raise ApprovalRequired(f"approval {approval_id} has expired: ask for a new one")
        return approval

    def use(self, approval: Approval, *, by: str, at: float) -> Approval:
        """Spend *approval* (checked by `check`) once: a second use, even concurrent, is refused."""
        with self._engine.begin() as conn:
            spent = conn.execute(update(auth_approvals).where(
                auth_approvals.c.approval_id == approval.approval_id, auth_approvals.c.tenant == self.tenant,
                auth_approvals.c.used_at.is_(None)).values(used_by=by, used_at=at)).rowcount
        if spent != 1:
            raise ApprovalRequired(f"approval {approval.approval_id} was already used")
        return self.get(approval.approval_id)

    def get(self, approval_id: str) -> Approval:
        with self._engine.connect() as conn:
            row = conn.execute(select(auth_approvals).where(auth_approvals.c.approval_id == approval_id[:64],
                                                            auth_approvals.c.tenant == self.tenant)).first()
        if row is None:
            raise ApprovalRequired(f"no approval {approval_id[:64]}")
        return _approval(row)

    def all(self) -> list[Approval]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(auth_approvals).where(auth_approvals.c.tenant == self.tenant)
                                .order_by(auth_approvals.c.granted_at)).all()
        return [_approval(r) for r in rows]


def _approval(row: Any) -> Approval:
    return Approval(row.approval_id, row.action, row.target, row.reason, row.granted_by, row.granted_at, row.expires_at,
                    row.used_by, row.used_at)
