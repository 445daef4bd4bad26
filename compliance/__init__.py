"""Compliance checklists filled with evidence from the running system, and the reports an auditor signs.

Between the shell and the features: evidence reaches this package as plain `Evidence` values from
providers that the shell builds out of each module's public API (the vault's status, auth's users,
the audit log, the privacy registers), so it imports no store. `evaluate` turns a framework
(policies/frameworks/) plus evidence plus attestations into a checklist; `report` is the model,
`render` and its modules the formats, `status` the one table of statuses, `signature` the detached
signatures, `attestations` and `registers` the chained-register helpers.
"""

from compliance.evaluate import Checklist, ChecklistItem, evaluate
from compliance.evidence import Evidence, EvidenceSet

__all__ = ["Checklist", "ChecklistItem", "Evidence", "EvidenceSet", "evaluate"]
