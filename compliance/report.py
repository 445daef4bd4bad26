"""The checklist report as data: header, engagement (scope, method, sign-off), checklists, content hash.

The hash covers the header (without the hash) and every item with its evidence, in canonical JSON,
whatever the output format, and the shell writes it into the audit chain: later, an auditor can
show which evidence produced which checklist. Rendering lives in `compliance.render` and the
modules it calls; they import this model, never the reverse, so there is no import circle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from audit.chain import canonical
from audit.formats import iso_utc
from audit.log import AuditError
from compliance.evaluate import Checklist, ChecklistItem
from compliance.evidence import Evidence

__all__ = ["ApprovalRefused", "Engagement", "Report", "owner_note"]


class ApprovalRefused(AuditError):
    """A report whose named approver is its preparer: approval needs a second person (four eyes)."""


def _iso(at: float | None) -> str:
    return iso_utc(at) or ""


@dataclass(frozen=True)
class Engagement:
    """What a report says about itself, so that an auditor can sign it: scope, method, limits, people.

    The preparer is who generated it; the approver is named here and approves by a detached
    signature over the rendered file (`compliance.signature`), made with her own key.
    """

    covered: tuple[str, ...]
    not_covered: tuple[str, ...]
    methodology: str
    limitations: tuple[str, ...]
    prepared_by: str
    approver: str | None = None
    data_role: str = "controller"  # or "processor for <controller>": whose obligations the items are

    def to_dict(self) -> dict[str, Any]:
        return {"data_role": self.data_role,
                "scope": {"covered": list(self.covered), "not_covered": list(self.not_covered)},
                "methodology": self.methodology, "limitations": list(self.limitations),
                "prepared_by": self.prepared_by, "approver": self.approver}


@dataclass(frozen=True)
class Report:
    system: str
    tenant: str
    generated_by: str
    generated_at: float
    period: str
    checklists: Sequence[Checklist]
    engagement: Engagement | None = None

    def body(self) -> dict[str, Any]:
        header: dict[str, Any] = {"system": self.system, "tenant": self.tenant, "generated_by": self.generated_by,
                                  "generated_at": _iso(self.generated_at), "period": self.period,
                                  "frameworks": [c.framework_id for c in self.checklists]}
        if self.engagement is not None:
            header["engagement"] = self.engagement.to_dict()
        return {
            "header": header,
            "checklists": [{"framework": c.framework_id, "name": c.framework_name, "as_of": c.as_of, "score": c.score,
                            "counts": c.counts(), "items": [i.to_dict() for i in c.items]} for c in self.checklists],
        }

    def evidence_appendix(self) -> list[Evidence]:
        """Every measurement the report rests on, once each, in the order items cite them."""
        seen: dict[tuple[str, float], Evidence] = {}
        for checklist in self.checklists:
            for item in checklist.items:
                if item.evidence is not None:
                    seen.setdefault((item.evidence.evidence_id, item.evidence.taken_at), item.evidence)
        return list(seen.values())

    @property
    def content_hash(self) -> str:
        return "sha256:" + hashlib.sha256(canonical(self.body()).encode()).hexdigest()


def owner_note(item: ChecklistItem) -> str:
    """"dpo, due 2027-01-02" for an open item; empty for one that passes or does not apply."""
    if item.owner is None:
        return ""
    return f"{item.owner}, due {_iso(item.due_at)[:10]}"
