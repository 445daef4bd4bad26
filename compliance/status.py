"""A checklist item's status, spelled once: its id, words, colour, mark and OCSF ids.

Renderers (Markdown, CSV, HTML, PDF, OCSF) and the evaluator all read this one table, so a status
added or renamed here reaches every format, and no format keeps its own copy that could drift.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["STATUSES", "Status"]


class Status(str, Enum):
    """pass, fail, needs_attestation, expired, not_applicable, unknown, not_tested, in report order."""

    label: str          # for people (HTML, PDF)
    colour: str         # one colour per status, the same in HTML and PDF
    mark: str           # Markdown
    ocsf_compliance: tuple[int, str]  # OCSF compliance.status_id, status
    ocsf_finding: tuple[int, str]     # OCSF finding status_id, status

    def __new__(cls, value: str, label: str, colour: str, mark: str, compliance: tuple[int, str],
                finding: tuple[int, str]) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label, member.colour, member.mark = label, colour, mark
        member.ocsf_compliance, member.ocsf_finding = compliance, finding
        return member

    # OCSF: needs attestation, expired, unknown and not tested are 2 Warning ("no result due to
    # missing information"); not applicable is 99 Other, "Not Applicable".
    PASS = ("pass", "Pass", "#2e7d32", "PASS", (1, "Pass"), (4, "Resolved"))
    FAIL = ("fail", "Fail", "#c62828", "FAIL", (3, "Fail"), (1, "New"))
    NEEDS_ATTESTATION = ("needs_attestation", "Needs attestation", "#b26a00", "ATTEST", (2, "Warning"), (1, "New"))
    EXPIRED = ("expired", "Expired", "#d84315", "EXPIRED", (2, "Warning"), (1, "New"))
    NOT_APPLICABLE = ("not_applicable", "Not applicable", "#757575", "N/A", (99, "Not Applicable"), (3, "Suppressed"))
    UNKNOWN = ("unknown", "Unknown", "#546e7a", "UNKNOWN", (2, "Warning"), (1, "New"))
    NOT_TESTED = ("not_tested", "Not tested", "#6d4c41", "NOT TESTED", (2, "Warning"), (1, "New"))

    def __str__(self) -> str:
        return self.value


#: The status ids in report order (what counts and charts iterate over).
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
