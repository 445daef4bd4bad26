"""The registers the audit chain vouches for: breaches, data-subject requests, legal holds, attestations, approvals.

Each register change writes a chained event carrying `row_digest`, the digest of the row it leaves
(`audit.registers`). `problems` compares every row with the digest of its latest event,
so `kawal audit verify` names a row rewritten in SQL (a late notice made timely, a failed
requirement attested after the fact) even though the chain itself is intact. Rows from before
this check existed are vouched for once with `adopt`, which writes one chained event per row and
says so in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from audit import AuditEvent
from audit.models import audit_events
from audit.registers import RegisterProblem, check, row_digest
from auth.approvals import approval_row
from compliance.attestations import attestation_row
from kawal.approvals import approvals
from kawal.compliance import attestations, breaches
from kawal.dsar import dsar_row, hold_row, holds, register
from kawal.services import Services
from privacy.breaches import register_row

__all__ = ["REGISTERS", "Register", "adopt", "chained_since", "problems", "rows"]


@dataclass(frozen=True)
class Register:
    name: str
    #: The chained events that vouch for its rows (each carries detail.row_digest).
    actions: tuple[str, ...]
    rows: Callable[[Services], Iterator[tuple[str, dict[str, Any]]]]
    #: The row's own time field (when it says it was written), for `adopt`.
    written_at: str


def _breach_rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((f"breach:{b.breach_id}", register_row(b)) for b in breaches(services).all())


def _dsar_rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((f"dsar:{r.request_id}", dsar_row(r)) for r in register(services).all())


def _hold_rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((f"hold:{h.hold_id}", hold_row(h)) for h in holds(services).all())


def _approval_rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((f"approval:{a.approval_id}", approval_row(a)) for a in approvals(services).all())


def _attestation_rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((f"attestation:{a.attestation_id}", attestation_row(a)) for a in attestations(services).all())


REGISTERS: tuple[Register, ...] = (
    Register("breaches", ("breaches.recorded", "breaches.assessed", "breaches.notified", "registers.adopted"),
             _breach_rows, "detected_at"),
    Register("dsar", ("dsar.opened", "dsar.confirmed", "dsar.verified", "dsar.extended", "dsar.rejected",
                      "dsar.completed", "registers.adopted"), _dsar_rows, "received_at"),
    Register("legal_holds", ("legal_hold.placed", "legal_hold.released", "registers.adopted"), _hold_rows, "placed_at"),
    Register("attestations", ("compliance.attested", "registers.adopted"), _attestation_rows, "signed_at"),
    Register("approvals", ("approvals.granted", "approvals.used", "registers.adopted"), _approval_rows, "granted_at"),
)


def rows(services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    for reg in REGISTERS:
        yield from reg.rows(services)


def problems(services: Services) -> list[RegisterProblem]:
    """Every register row that no chained event vouches for, or that differs from its last event."""
    assert services.trail is not None
    found = []
    for reg in REGISTERS:
        found += check(reg.rows(services), services.trail.log.vouched(reg.actions))
    return found


def chained_since(services: Services) -> float | None:
    """When this installation began vouching for register rows: its first workflow register event."""
    assert services.trail is not None
    actions = sorted({a for reg in REGISTERS for a in reg.actions if a != "registers.adopted"})
    with services.engine.connect() as conn:
        return conn.execute(select(func.min(audit_events.c.at)).where(
            audit_events.c.tenant == services.trail.log.tenant, audit_events.c.action.in_(actions))).scalar()


def adopt(services: Services, *, actor: str) -> int:
    """Vouch once for rows no event covers yet (written before this check existed); returns how many.

    Rows that an event already vouches for are left alone, so adopting cannot launder a row edited
    after its last event: that one stays a problem. Nor can it launder a row inserted in SQL after
    the registers began to be chained: a row whose own time is after the first register event is a
    forgery, not history, and stays a problem. (A forged row backdated before that moment would be
    adopted, under the adopting operator's name in the chain: the README says so.)
    """
    assert services.trail is not None
    since = chained_since(services)
    adopted = 0
    for reg in REGISTERS:
        vouched = services.trail.log.vouched(reg.actions)
        for resource, row in reg.rows(services):
            if resource in vouched:
                continue
            written = row.get(reg.written_at)
            if since is not None and (written is None or float(written) >= since):
                continue
            services.trail.record(AuditEvent(action="registers.adopted", actor=actor, resource=resource,
                                             detail={"register": reg.name, "row_digest": row_digest(row)}))
            adopted += 1
    return adopted
