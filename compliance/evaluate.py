"""A framework + evidence + attestations -> a checklist with a status per requirement and a score.

Statuses: `pass`, `fail` (with the remediation hint), `needs_attestation` (a person must confirm),
`expired` (confirmed once, too long ago: like InSpec's waivers, an attestation has an end),
`not_applicable` (confirmed as such, with a reason), `unknown` (the system could not measure it:
never silently a pass). The score is passes over everything that applies.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from compliance.evidence import Evidence, EvidenceSet
from compliance.status import STATUSES
from policies.frameworks import UnknownFramework

__all__ = ["Attested", "Checklist", "ChecklistItem", "Plan", "UnknownFramework", "evaluate"]

#: A status id (`compliance.status.Status` carries its words, colour and OCSF ids).
StatusId = Literal["pass", "fail", "needs_attestation", "expired", "not_applicable", "unknown", "not_tested"]
DAY = 86_400.0
#: Evidence whose answer depends on the framework's own deadlines: the provider gets its id.
FRAMEWORK_SCOPED = frozenset({"dsar.deadlines_met", "breach.notifications_on_time"})


@dataclass(frozen=True)
class Attested:
    """The newest attestation of one requirement."""

    requirement_id: str
    signed_by: str
    signed_at: float
    statement: str
    not_applicable: bool = False
    signer_role: str | None = None  # the capacity the person signed in (dpo, management ...)
    attestation_id: str | None = None
    framework: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    requirement_id: str
    title: str
    citation: str
    category: str
    summary: str
    kind: Literal["check", "attestation"]
    status: StatusId
    detail: str
    remediation: str | None
    evidence: Evidence | None = None
    attested: Attested | None = None
    expires_at: float | None = None
    #: For an item left open (fail, expired, to attest, unknown, not tested): who closes it, by when.
    owner: str | None = None
    due_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("evidence", "attested")}
        out["evidence"] = self.evidence.to_dict() if self.evidence else None
        out["attested"] = dict(self.attested.__dict__) if self.attested else None
        return out


@dataclass(frozen=True)
class Checklist:
    framework_id: str
    framework_name: str
    generated_at: float
    items: list[ChecklistItem] = field(default_factory=list)
    as_of: str = ""  # the date the framework's requirements were last reviewed against the law

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for item in self.items:
            out[item.status] += 1
        return out

    @property
    def score(self) -> float:
        """Share of applicable requirements that pass (0-100)."""
        counts = self.counts()
        applicable = len(self.items) - counts["not_applicable"]
        return round(100.0 * counts["pass"] / applicable, 1) if applicable else 100.0


class Plan(Protocol):
    """Who owns an open item and in how many days it is due (`policies.ReportingPolicy`)."""

    def owner_of(self, category: str) -> str: ...

    def due_in(self, status: str) -> int: ...


def evaluate(framework: Any, evidence: EvidenceSet, attestations: Mapping[str, Attested], *,
             now: float | None = None, plan: Plan | None = None) -> Checklist:
    """Fill *framework*'s checklist (a `policies.frameworks.Framework`); *plan* assigns the open items."""
    moment = time.time() if now is None else now
    items = [_item(req, evidence, attestations.get(req.id), moment, framework.id) for req in framework.requirements]
    if plan is not None:
        items = [_assign(item, req, plan, moment) for item, req in zip(items, framework.requirements, strict=True)]
    return Checklist(framework.id, framework.name, moment, items, str(framework.as_of))


def _assign(item: ChecklistItem, req: Any, plan: Plan, now: float) -> ChecklistItem:
    if item.status in ("pass", "not_applicable"):
        return item
    # A manual item belongs to the role that must attest it; a measured one to its category's owner.
    owner = req.attestation.owner_role if req.attestation is not None else plan.owner_of(item.category)
    return replace(item, owner=owner, due_at=now + plan.due_in(item.status) * DAY)


def _item(req: Any, evidence: EvidenceSet, attested: Attested | None, now: float, framework_id: str) -> ChecklistItem:
    base = {"requirement_id": req.id, "title": req.title, "citation": req.citation, "category": str(req.category),
            "summary": req.summary}
    if attested is not None and attested.not_applicable:
        return ChecklistItem(**base, kind="check" if req.check else "attestation", status="not_applicable",
                             detail=f"not applicable: {attested.statement}", remediation=None, attested=attested)
    if req.check is not None:
        params = dict(req.check.params)
        if req.check.evidence in FRAMEWORK_SCOPED:
            params["framework"] = framework_id
        taken = evidence.take(req.check.evidence, params)
        status: StatusId = {"pass": "pass", "fail": "fail", "not_tested": "not_tested"}.get(  # type: ignore[assignment]
            taken.outcome, "unknown")
        return ChecklistItem(**base, kind="check", status=status, detail=taken.summary,
                             remediation=None if status == "pass" else req.remediation, evidence=taken)
    max_age = req.attestation.max_age_days * DAY
    independent_of = req.attestation.independent_of
    if attested is not None and independent_of and attested.signer_role in (independent_of, None):
        signer = f"the {independent_of}" if attested.signer_role else "someone who named no role"
        return ChecklistItem(**base, kind="attestation", status="needs_attestation",
                             detail=f"confirmed by {attested.signed_by} as {signer}, who cannot vouch for this item: to be "
                                    f"confirmed by the {req.attestation.owner_role}, independently of the "
                                    f"{independent_of}: {req.attestation.question}",
                             remediation=req.remediation, attested=attested)
    if attested is None:
        return ChecklistItem(**base, kind="attestation", status="needs_attestation",
                             detail=f"to be confirmed by the {req.attestation.owner_role}: {req.attestation.question}",
                             remediation=req.remediation)
    expires = attested.signed_at + max_age
    if now >= expires:
        return ChecklistItem(**base, kind="attestation", status="expired",
                             detail=f"confirmed by {attested.signed_by}, expired; confirm again: {req.attestation.question}",
                             remediation=req.remediation, attested=attested, expires_at=expires)
    return ChecklistItem(**base, kind="attestation", status="pass", detail=f"confirmed by {attested.signed_by}: {attested.statement}",
                         remediation=None, attested=attested, expires_at=expires)
