"""The checklist report as OCSF 1.3 Compliance Finding events, one per item, for a SIEM or data lake.

Why OCSF: the security team's tools (Security Lake, Splunk, Sentinel and others) read the Open
Cybersecurity Schema Framework, so compliance results land next to their other findings without a
Kawal-specific parser. Each item becomes one Compliance Finding (category 2 Findings, class 2003,
activity 1 Create, type_uid 200301) as a JSON array.

Mapping (OCSF leaves some of these to the producer; these are Kawal's choices):
- `compliance.status_id` (from `compliance.status`): pass -> 1 Pass; fail -> 3 Fail; needs
  attestation, expired, unknown and not tested -> 2 Warning ("no result due to missing information": nobody has (re)confirmed it, or the system could
  not measure it); not applicable -> 99 Other with status "Not Applicable". Kawal's own status is
  kept in `compliance.status_code`, the item's detail in `status_detail`.
- `severity_id`: a failure is 4 High in the security and breach-notification categories and 3 Medium
  elsewhere; a warning is 2 Low; a pass or not-applicable item is 1 Informational.
- finding `status_id`: pass -> 4 Resolved, not applicable -> 3 Suppressed, everything else 1 New.
- `finding_info.uid`: a SHA-256 of framework, requirement and the report's content hash, so the same
  report always gives the same ids and another report gives new ones. The content hash itself is in
  `metadata.correlation_uid` (it ties every event of one report together, and to the audit chain).
- Kawal specifics (evidence id and time taken, attestation, expiry, the report header) go in
  `unmapped`, as OCSF intends for source attributes without a place in the schema.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from audit.formats import iso_utc
from compliance.status import Status

if TYPE_CHECKING:
    from compliance.evaluate import Checklist, ChecklistItem
    from compliance.report import Report

__all__ = ["OCSF_VERSION", "events", "render_ocsf"]

OCSF_VERSION = "1.3.0"
CATEGORY_UID, CLASS_UID, ACTIVITY_CREATE = 2, 2003, 1
TYPE_UID = CLASS_UID * 100 + ACTIVITY_CREATE
#: Categories whose failures are High (the rest are Medium).
HIGH_CATEGORIES = frozenset({"security_encryption", "security_access_control", "security_mfa", "security_audit",
                             "breach_notification"})
_SEVERITY = {1: "Informational", 2: "Low", 3: "Medium", 4: "High"}


def render_ocsf(report: Report) -> str:
    """*report* as a JSON array of OCSF Compliance Finding events (UTF-8 text)."""
    return json.dumps(events(report), ensure_ascii=False, indent=2, default=str) + "\n"


def events(report: Report) -> list[dict[str, Any]]:
    """One Compliance Finding event per checklist item, frameworks in report order."""
    return [_event(report, checklist, item) for checklist in report.checklists for item in checklist.items]


def _severity(item: ChecklistItem) -> int:
    if item.status == "fail":
        return 4 if item.category in HIGH_CATEGORIES else 3
    return 1 if item.status in ("pass", "not_applicable") else 2


def _product_version(system: str) -> str:
    """"Kawal 0.1.0" -> "0.1.0" (the report's system names the product and its version)."""
    name, _, version = system.rpartition(" ")
    return version if name and version[:1].isdigit() else system


def _event(report: Report, checklist: Checklist, item: ChecklistItem) -> dict[str, Any]:
    content_hash = report.content_hash
    time_ms = int(round(report.generated_at * 1000))
    compliance_id, compliance_status = Status(item.status).ocsf_compliance
    status_id, status = Status(item.status).ocsf_finding
    severity_id = _severity(item)
    uid = hashlib.sha256(f"{checklist.framework_id}\n{item.requirement_id}\n{content_hash}".encode()).hexdigest()[:32]
    evidence, attested = item.evidence, item.attested
    event: dict[str, Any] = {
        "category_uid": CATEGORY_UID, "category_name": "Findings",
        "class_uid": CLASS_UID, "class_name": "Compliance Finding",
        "activity_id": ACTIVITY_CREATE, "activity_name": "Create",
        "type_uid": TYPE_UID, "type_name": "Compliance Finding: Create",
        "time": time_ms, "timezone_offset": 0,
        "severity_id": severity_id, "severity": _SEVERITY[severity_id],
        "status_id": status_id, "status": status,
        "message": f"{checklist.framework_name} {item.requirement_id} {item.title}: {compliance_status}",
        "metadata": {
            "version": OCSF_VERSION,
            "product": {"name": "Kawal", "vendor_name": "Kawal", "version": _product_version(report.system),
                        "feature": {"name": "compliance checklist report"}},
            "correlation_uid": content_hash,
            "labels": ["compliance", checklist.framework_id],
        },
        "finding_info": {
            "uid": uid, "title": f"{item.requirement_id}: {item.title}", "desc": item.summary or item.detail,
            "created_time": time_ms, "types": [f"{checklist.framework_name} checklist item"],
        },
        "compliance": {
            "standards": [checklist.framework_name], "requirements": [item.citation], "control": item.requirement_id,
            "status_id": compliance_id, "status": compliance_status, "status_code": item.status,
            "status_detail": item.detail,
        },
        "unmapped": {
            "framework_id": checklist.framework_id, "category": item.category, "kind": item.kind,
            "evidence": None if evidence is None else {
                "evidence_id": evidence.evidence_id, "outcome": evidence.outcome, "summary": evidence.summary,
                "taken_at": iso_utc(evidence.taken_at), "resource": evidence.resource, "details": dict(evidence.details)},
            "attestation": None if attested is None else {
                "signed_by": attested.signed_by, "signed_at": iso_utc(attested.signed_at),
                "statement": attested.statement, "not_applicable": attested.not_applicable},
            "expires_at": iso_utc(item.expires_at),
            "report": {"content_hash": content_hash, "system": report.system, "tenant": report.tenant,
                       "generated_by": report.generated_by, "period": report.period},
        },
    }
    if evidence is not None and evidence.resource:
        event["resources"] = [{"uid": evidence.resource, "name": evidence.resource,
                               "type": evidence.evidence_id.partition(".")[0]}]
    if item.remediation and item.status != "pass":
        event["remediation"] = {"desc": item.remediation}
    return event
