"""Checklist reports: JSON, CSV, Markdown, HTML, PDF and OCSF, with a header and a hash of the content.

The hash covers the header (without the hash) and every item with its evidence, in canonical JSON,
whatever the output format, and the shell writes it into the audit chain: later, an auditor can
show which evidence produced which checklist. Manual rows (attestations) stay in every format.
The CSV keeps the remediation text and the measured resource in their own columns.

`render` gives text (every format but PDF); `render_bytes` gives the bytes to write or send for any
format, PDF included, and is what the CLI and the API use. HTML, PDF and OCSF live in their own
modules (`render_html`, `render_pdf`, `ocsf`), imported only when asked for: a JSON report never
loads reportlab or jinja2.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from audit.formats import iso_utc, spreadsheet_safe
from audit.log import AuditError
from audit.chain import canonical
from audit.compliance.evaluate import Checklist, ChecklistItem
from audit.compliance.evidence import Evidence

__all__ = ["ApprovalRefused", "BINARY_FORMATS", "CSV_COLUMNS", "Engagement", "FORMATS", "STATUSES", "STATUS_COLOURS", "STATUS_LABELS", "Report",
           "owner_note", "render", "render_bytes"]

#: Every output format, in the order the CLI and the API list them.
FORMATS = ("json", "csv", "md", "html", "pdf", "ocsf")
#: Formats that are bytes, not text: `render` refuses them, `render_bytes` gives them.
BINARY_FORMATS = frozenset({"pdf"})
STATUSES = ("pass", "fail", "needs_attestation", "expired", "not_applicable", "unknown", "not_tested")
#: Words and colours for people (HTML and PDF); one colour per status, the same in both.
STATUS_LABELS = {"pass": "Pass", "fail": "Fail", "needs_attestation": "Needs attestation", "expired": "Expired",
                 "not_applicable": "Not applicable", "unknown": "Unknown", "not_tested": "Not tested"}
STATUS_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "needs_attestation": "#b26a00", "expired": "#d84315",
                  "not_applicable": "#757575", "unknown": "#546e7a", "not_tested": "#6d4c41"}

CSV_COLUMNS = ("framework", "requirement_id", "citation", "title", "category", "kind", "status", "detail",
               "remediation", "owner", "due_at", "resource", "evidence_id", "evidence_taken_at", "attested_by", "attested_at",
               "expires_at")
_MARK = {"pass": "PASS", "fail": "FAIL", "needs_attestation": "ATTEST", "expired": "EXPIRED",
         "not_applicable": "N/A", "unknown": "UNKNOWN", "not_tested": "NOT TESTED"}


class ApprovalRefused(AuditError):
    """A report whose named approver is its preparer: approval needs a second person (four eyes)."""


def _iso(at: float | None) -> str:
    return iso_utc(at) or ""


@dataclass(frozen=True)
class Engagement:
    """What a report says about itself, so that an auditor can sign it: scope, method, limits, people.

    The preparer is who generated it; the approver is named here and approves by a detached
    signature over the rendered file (`audit.compliance.signature`), made with her own key.
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


def render(report: Report, fmt: str) -> str:
    """*report* as text in *fmt* (json, csv, md, html or ocsf); PDF is bytes: use `render_bytes`."""
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is a binary format: use render_bytes")
    if fmt == "json":
        body = report.body()
        body["header"]["content_hash"] = report.content_hash
        return canonical(body) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "md":
        return _markdown(report)
    if fmt == "html":
        from audit.compliance.render_html import render_html

        return render_html(report)
    if fmt == "ocsf":
        from audit.compliance.ocsf import render_ocsf

        return render_ocsf(report)
    raise ValueError(f"unknown report format {fmt!r}: {', '.join(FORMATS)}")


def render_bytes(report: Report, fmt: str) -> bytes:
    """*report* in any format as the bytes to write or send (text formats in UTF-8)."""
    if fmt == "pdf":
        from audit.compliance.render_pdf import render_pdf

        return render_pdf(report)
    return render(report, fmt).encode("utf-8")


def _csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("# " + report.system, report.tenant, report.generated_by, _iso(report.generated_at), report.period,
                     report.content_hash))
    writer.writerow(CSV_COLUMNS)
    for checklist in report.checklists:
        for item in checklist.items:
            evidence, attested = item.evidence, item.attested
            writer.writerow([_safe(v) for v in (
                checklist.framework_id, item.requirement_id, item.citation, item.title, item.category, item.kind,
                item.status, item.detail, item.remediation or "", item.owner or "", _iso(item.due_at),
                evidence.resource if evidence else "",
                evidence.evidence_id if evidence else "", _iso(evidence.taken_at) if evidence else "",
                attested.signed_by if attested else "", _iso(attested.signed_at) if attested else "", _iso(item.expires_at))])
    return out.getvalue()


def _safe(value: Any) -> str:
    return spreadsheet_safe(str(value))


def _markdown(report: Report) -> str:
    lines = [f"# Compliance report: {', '.join(c.framework_name for c in report.checklists)}", "",
             f"- System: {report.system}, tenant `{report.tenant}`",
             f"- Period: {report.period}",
             f"- Generated {_iso(report.generated_at)} by {report.generated_by}",
             f"- Content hash: `{report.content_hash}` (also recorded in the audit chain)", ""]
    lines += _engagement_markdown(report.engagement)
    for checklist in report.checklists:
        counts = checklist.counts()
        lines += [f"## {checklist.framework_name}: {checklist.score:g}% of applicable items pass", "",
                  f"Requirements reviewed against the law on {checklist.as_of or 'an unknown date'}.", "",
                  " | ".join(f"{_MARK[k]} {v}" for k, v in counts.items()), "",
                  "| item | citation | status | evidence / detail | remediation | owner, due |", "|---|---|---|---|---|---|"]
        for item in checklist.items:
            taken = f" (taken {_iso(item.evidence.taken_at)})" if item.evidence else ""
            lines.append(f"| {item.requirement_id}: {_cell(item.title)} | {_cell(item.citation)} | **{_MARK[item.status]}** | "
                         f"{_cell(item.detail)}{taken} | {_cell(item.remediation or '')} | {_cell(owner_note(item))} |")
        lines.append("")
    lines += ["## Appendix: evidence", "", "Every measurement the items above rest on, with the figures measured.", ""]
    for evidence in report.evidence_appendix():
        lines += [f"### `{evidence.evidence_id}`: {evidence.outcome}", "",
                  f"{evidence.summary} (taken {_iso(evidence.taken_at)}"
                  + (f", resource `{evidence.resource}`)" if evidence.resource else ")"), ""]
        if evidence.details:
            lines += ["```json", json.dumps(dict(evidence.details), sort_keys=True, indent=1, default=str), "```", ""]
    return "\n".join(lines)


def owner_note(item: ChecklistItem) -> str:
    """"dpo, due 2027-01-02" for an open item; empty for one that passes or does not apply."""
    if item.owner is None:
        return ""
    return f"{item.owner}, due {_iso(item.due_at)[:10]}"


def _engagement_markdown(engagement: Engagement | None) -> list[str]:
    if engagement is None:
        return []
    return ["## Scope, method and sign-off", "", f"This tenant acts as **{engagement.data_role}**.", "",
            "**Covered** (evidence measured on):", "", *[f"- {c}" for c in engagement.covered], "",
            "**Not covered** (holds personal data, not measured here):", "", *[f"- {c}" for c in engagement.not_covered],
            "", f"**Methodology.** {engagement.methodology}", "",
            "**Limitations:**", "", *[f"- {x}" for x in engagement.limitations], "",
            f"- Prepared by: {engagement.prepared_by}",
            f"- Approver: {engagement.approver or '(none named)'}; approval is a detached signature over this file "
            "(`kawal audit sign-report`), checked with `kawal audit verify-report`.", ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
