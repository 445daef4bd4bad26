"""Compliance checklists filled with evidence from the running system (issue 6, in progress).

Evidence reaches this package as plain `Evidence` values from providers that the shell builds out of
each module's public API (the vault's status, auth's users, the audit log itself), so `audit` never
imports `vault` or `auth`. `evaluate` turns a framework (policies/frameworks/) plus evidence plus
attestations into a checklist: pass, fail, needs attestation, expired, not applicable.
"""

from audit.compliance.evaluate import Checklist, ChecklistItem, evaluate
from audit.compliance.evidence import Evidence, EvidenceSet

__all__ = ["Checklist", "ChecklistItem", "Evidence", "EvidenceSet", "evaluate"]
