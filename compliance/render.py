"""Render a checklist report in any format: JSON, CSV and Markdown here; HTML, PDF and OCSF in their modules.

`render` gives text (every format but PDF); `render_bytes` gives the bytes to write or send for any
format, PDF included, and is what the CLI and the API use. HTML, PDF and OCSF are imported only
when asked for (a JSON report never loads reportlab or jinja2): those imports sit inside
`render` and `render_bytes` on purpose. The CSV keeps the remediation, the owner and due date and
the measured resource in their own columns; manual rows (attestations) stay in every format.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from audit.chain import canonical
from audit.formats import iso_utc, spreadsheet_safe
from compliance.report import Engagement, Report, owner_note
from compliance.status import Status

__all__ = ["BINARY_FORMATS", "CSV_COLUMNS", "FORMATS", "render", "render_bytes"]

#: Every output format, in the order the CLI and the API list them.
FORMATS = ("json", "csv", "md", "html", "pdf", "ocsf")
#: Formats that are bytes, not text: `render` refuses them, `render_bytes` gives them.
BINARY_FORMATS = frozenset({"pdf"})

CSV_COLUMNS = ("framework", "requirement_id", "citation", "title", "category", "kind", "status", "detail",
               "remediation", "owner", "due_at", "resource", "evidence_id", "evidence_taken_at", "attested_by", "attested_at",
               "expires_at")


def _iso(at: float | None) -> str:
    return iso_utc(at) or ""


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
        from compliance.render_html import render_html  # deferred: jinja2 only for HTML

        return render_html(report)
    if fmt == "ocsf":
        from compliance.ocsf import render_ocsf  # deferred: only for OCSF

        return render_ocsf(report)
    raise ValueError(f"unknown report format {fmt!r}: {', '.join(FORMATS)}")


def render_bytes(report: Report, fmt: str) -> bytes:
    """*report* in any format as the bytes to write or send (text formats in UTF-8)."""
    if fmt == "pdf":
        from compliance.render_pdf import render_pdf  # deferred: reportlab only for PDF

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
                  " | ".join(f"{Status(k).mark} {v}" for k, v in counts.items()), "",
                  "| item | citation | status | evidence / detail | remediation | owner, due |", "|---|---|---|---|---|---|"]
        for item in checklist.items:
            taken = f" (taken {_iso(item.evidence.taken_at)})" if item.evidence else ""
            lines.append(f"| {item.requirement_id}: {_cell(item.title)} | {_cell(item.citation)} | **{Status(item.status).mark}** | "
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
