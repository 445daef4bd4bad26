"""The checklist report as one self-contained HTML page for auditors (print it, or save it as PDF).

Why a template file and jinja2: the page is mostly markup, which reads and reviews better as a
template (templates/report.html.j2, shipped as package data) than as Python strings. Autoescape is
on for the whole template, SVG included: item details carry text people typed (attestation
statements, usernames), and none of it may become markup. The page loads nothing (inline CSS, inline
SVG charts, no script), so it opens the same from an e-mail attachment or an evidence archive years
later; its print CSS gives A4 pages with each framework starting on a new page.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from audit.formats import iso_utc
from compliance.report import owner_note
from compliance.status import STATUSES, Status

if TYPE_CHECKING:
    from compliance.evaluate import Checklist, ChecklistItem
    from compliance.report import Report

__all__ = ["render_html"]

TEMPLATE = "report.html.j2"
#: Summary chart geometry (SVG user units, about pixels): one row per status.
_LABEL_W, _BAR_W, _ROW_H, _TOP = 150, 420, 22, 34


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("compliance", "templates"),
                       autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_html(report: Report) -> str:
    """*report* as a complete HTML document (UTF-8 text)."""
    template = _environment().get_template(TEMPLATE)
    return template.render(
        title="Compliance report: " + ", ".join(c.framework_name for c in report.checklists),
        header={"system": report.system, "tenant": report.tenant, "period": report.period,
                "generated_by": report.generated_by, "generated_at": iso_utc(report.generated_at) or "",
                "content_hash": report.content_hash},
        engagement=None if report.engagement is None else report.engagement.to_dict(),
        appendix=[{"id": e.evidence_id, "outcome": e.outcome, "summary": e.summary, "taken_at": iso_utc(e.taken_at) or "",
                   "resource": e.resource, "details": json.dumps(dict(e.details), sort_keys=True, indent=1, default=str)
                   if e.details else ""} for e in report.evidence_appendix()],
        frameworks=[_framework(c) for c in report.checklists],
        labels={s.value: s.label for s in Status}, colours={s.value: s.colour for s in Status},
        statuses=STATUSES,
    )


def _framework(checklist: Checklist) -> dict[str, Any]:
    counts = checklist.counts()
    return {"id": checklist.framework_id, "name": checklist.framework_name, "score": f"{checklist.score:g}",
            "as_of": checklist.as_of,
            "counts": counts, "total": len(checklist.items), "chart": _chart(counts),
            "entries": [_item(i) for i in checklist.items]}


def _chart(counts: dict[str, int]) -> dict[str, Any]:
    """Bars per status, scaled to the largest count (numbers only: the template writes the SVG)."""
    top = max(counts.values()) or 1
    rows = [{"status": s, "count": counts[s], "y": _TOP + n * _ROW_H,
             "width": round(_BAR_W * counts[s] / top, 1)} for n, s in enumerate(STATUSES)]
    return {"rows": rows, "label_w": _LABEL_W, "bar_w": _BAR_W, "row_h": _ROW_H,
            "width": _LABEL_W + _BAR_W + 50, "height": _TOP + len(STATUSES) * _ROW_H + 6}


def _item(item: ChecklistItem) -> dict[str, Any]:
    evidence, attested = item.evidence, item.attested
    return {
        "id": item.requirement_id, "title": item.title, "citation": item.citation, "category": item.category,
        "kind": item.kind, "status": item.status, "detail": item.detail,
        "remediation": item.remediation if item.status != "pass" else None,
        "evidence": None if evidence is None else {
            "id": evidence.evidence_id, "taken_at": iso_utc(evidence.taken_at) or "", "resource": evidence.resource},
        "attested": None if attested is None else {
            "by": attested.signed_by, "at": iso_utc(attested.signed_at) or "", "not_applicable": attested.not_applicable},
        "expires_at": iso_utc(item.expires_at),
        "owner": owner_note(item),
    }
