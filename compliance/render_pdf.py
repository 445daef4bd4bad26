"""The checklist report as a paginated A4 PDF: what an auditor files or a DPO signs and sends on.

Why reportlab: pure Python on PyPI (no browser, no system libraries to install on the server), and
its platypus layer does what a report needs: tables whose header row repeats on every page and whose
rows split across pages, wrapped cell text, vector charts. Layout: A4 landscape (seven-column tables
stay readable); a title page with the header and one bar chart per framework (count per status, and
the score), then each framework's items from a new page. Every page carries a header and a footer
with the system, the content hash and "page X of Y" (drawn when the page count is known).

Text goes through `pdf_text` first: the built-in Helvetica knows only the Windows-1252 characters,
so accented letters it lacks lose their accent and other characters (CJK, emoji) become "?" rather
than black boxes or an error. The document is built with `invariant=1`: no creation time or random
file id, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle

from audit.formats import iso_utc
from compliance.report import owner_note
from compliance.status import STATUSES, Status

if TYPE_CHECKING:
    from compliance.evaluate import Checklist, ChecklistItem
    from compliance.report import Engagement, Report

__all__ = ["pdf_text", "render_pdf"]

PAGE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 14 * mm, 20 * mm, 16 * mm
#: Item table columns (points); they add up to the frame width (842 - 2 x 14 mm ~ 762).
COLUMNS = (("Item", 84), ("Requirement", 136), ("Status", 78), ("Evidence", 124), ("Detail", 178),
           ("Remediation / attestation", 162))
INK, MUTED, RULE, BAND = (colors.HexColor(c) for c in ("#1f2328", "#57606a", "#c8cfd6", "#eef1f4"))
_FONT, _BOLD = "Helvetica", "Helvetica-Bold"
#: Letters and dashes with no decomposition to a Windows-1252 character, and what to show instead.
_NEAREST = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h", "\u2010": "-",
                          "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def pdf_text(text: str) -> str:
    """*text* reduced to what the core fonts can show: accents dropped where needed, the rest "?"."""
    out = []
    for ch in unicodedata.normalize("NFC", text).translate(_NEAREST):
        if ch in "\n\r\t" or unicodedata.category(ch) == "Zs":  # every kind of space
            out.append(" ")
        elif unicodedata.category(ch).startswith("C"):  # control, format, private use, unassigned
            continue
        else:
            try:
                ch.encode("cp1252")
                out.append(ch)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode("cp1252")
                out.append(base if base.strip() else "?")
    return "".join(out)


def _markup(text: str) -> str:
    """Safe inside a Paragraph: Paragraph text is markup, so user text is escaped after reduction."""
    return escape(pdf_text(text))


_STYLES = {
    "title": ParagraphStyle("title", fontName=_BOLD, fontSize=20, leading=24, textColor=INK, spaceAfter=4),
    "subtitle": ParagraphStyle("subtitle", fontName=_FONT, fontSize=12, leading=15, textColor=MUTED, spaceAfter=10),
    "h2": ParagraphStyle("h2", fontName=_BOLD, fontSize=14, leading=18, textColor=INK, spaceAfter=4),
    "body": ParagraphStyle("body", fontName=_FONT, fontSize=9, leading=12, textColor=INK),
    "note": ParagraphStyle("note", fontName=_FONT, fontSize=8.5, leading=11, textColor=MUTED),
    "cell": ParagraphStyle("cell", fontName=_FONT, fontSize=7.5, leading=9.2, textColor=INK),
    "cell_id": ParagraphStyle("cell_id", fontName=_BOLD, fontSize=7.5, leading=9.2, textColor=INK),
    "head": ParagraphStyle("head", fontName=_BOLD, fontSize=7.5, leading=9.2, textColor=INK),
    "status": ParagraphStyle("status", fontName=_BOLD, fontSize=7.5, leading=9.2, textColor=colors.white,
                             alignment=TA_CENTER),
}


def render_pdf(report: Report) -> bytes:
    """*report* as PDF bytes (A4 landscape, the same bytes for the same report)."""
    buffer = io.BytesIO()
    names = ", ".join(c.framework_name for c in report.checklists)
    doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                          bottomMargin=MARGIN_BOTTOM, invariant=1, title=pdf_text(f"Compliance report: {names}"),
                          author=pdf_text(report.generated_by), subject=report.content_hash,
                          creator=pdf_text(report.system))
    doc.addPageTemplates([PageTemplate("page", [Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                                                      id="body", leftPadding=0, rightPadding=0)])])
    story: list[Any] = _title_page(report, names, doc.width)
    if report.engagement is not None:
        story += [PageBreak(), *_engagement_page(report.engagement)]
    for checklist in report.checklists:
        story += [PageBreak(), *_framework_pages(checklist)]
    story += [PageBreak(), *_appendix(report)]
    doc.build(story, canvasmaker=_canvas_maker(report))
    return buffer.getvalue()


def _title_page(report: Report, names: str, width: float) -> list[Any]:
    rows = [("System", report.system), ("Tenant", report.tenant), ("Period", report.period),
            ("Generated", f"{iso_utc(report.generated_at)} by {report.generated_by}"), ("Content hash", report.content_hash)]
    meta = Table([[Paragraph(f"<b>{k}</b>", _STYLES["body"]), Paragraph(_markup(v), _STYLES["body"])] for k, v in rows],
                 colWidths=(90, width - 90), hAlign="LEFT",
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    charts = [_chart(c, width / 2 - 8) for c in report.checklists]
    grid = [charts[i:i + 2] + [""] * (2 - len(charts[i:i + 2])) for i in range(0, len(charts), 2)]
    return [
        Paragraph("Compliance report", _STYLES["title"]),
        Paragraph(_markup(names), _STYLES["subtitle"]),
        meta, Spacer(1, 6),
        Paragraph("The content hash is a SHA-256 of the report's header and every item with its evidence (canonical "
                  "JSON, the same whatever the format). It is recorded in the audit chain (reports.generated), so an "
                  "auditor can check that this document is the one the system produced.", _STYLES["note"]),
        Spacer(1, 10),
        Table(grid, colWidths=(width / 2, width / 2), hAlign="LEFT",
              style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])),
    ]


def _engagement_page(engagement: Engagement) -> list[Any]:
    def bullets(lines: Sequence[str]) -> list[Any]:
        return [Paragraph("&#8226; " + _markup(line), _STYLES["body"]) for line in lines]

    return [Paragraph("Scope, method and sign-off", _STYLES["h2"]),
            Paragraph(f"This tenant acts as <b>{_markup(engagement.data_role)}</b>.", _STYLES["body"]), Spacer(1, 4),
            Paragraph("<b>Covered</b> (evidence measured on)", _STYLES["body"]), *bullets(engagement.covered), Spacer(1, 4),
            Paragraph("<b>Not covered</b> (holds personal data, not measured here)", _STYLES["body"]),
            *bullets(engagement.not_covered), Spacer(1, 4),
            Paragraph("<b>Methodology.</b> " + _markup(engagement.methodology), _STYLES["body"]), Spacer(1, 4),
            Paragraph("<b>Limitations</b>", _STYLES["body"]), *bullets(engagement.limitations), Spacer(1, 8),
            Paragraph(f"<b>Prepared by</b> {_markup(engagement.prepared_by)}", _STYLES["body"]),
            Paragraph(f"<b>Approver</b> {_markup(engagement.approver or '(none named)')}: approval is a detached "
                      "signature over this file (kawal audit sign-report), checked with kawal audit verify-report.",
                      _STYLES["body"])]


def _appendix(report: Report) -> list[Any]:
    story: list[Any] = [Paragraph("Appendix: evidence", _STYLES["h2"]),
                        Paragraph("Every measurement the items rest on, with the figures measured.", _STYLES["note"]),
                        Spacer(1, 6)]
    for evidence in report.evidence_appendix():
        where = f", resource {evidence.resource}" if evidence.resource else ""
        story.append(Paragraph(f"<b>{_markup(evidence.evidence_id)}</b>: {_markup(evidence.outcome)}. "
                               f"{_markup(evidence.summary)} (taken {iso_utc(evidence.taken_at)}{_markup(where)})",
                               _STYLES["body"]))
        if evidence.details:
            figures = json.dumps(dict(evidence.details), sort_keys=True, default=str)
            story.append(Paragraph(_markup(figures[:3000]), _STYLES["note"]))
        story.append(Spacer(1, 4))
    return story


def _chart(checklist: Checklist, width: float) -> Drawing:
    """Horizontal bars, one per status, with its count; the framework and its score above them."""
    counts, row_h, label_w = checklist.counts(), 16.0, 96.0
    bar_w = width - label_w - 34
    height = 36 + row_h * len(STATUSES) + 4
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, _fit(checklist.framework_name, _BOLD, 10, width), fontName=_BOLD, fontSize=10,
                       fillColor=INK))
    drawing.add(String(0, height - 25, f"score {checklist.score:g}% of applicable items pass, {len(checklist.items)} items",
                       fontName=_FONT, fontSize=8.5, fillColor=MUTED))
    top = max(counts.values()) or 1
    for n, status in enumerate(STATUSES):
        y = height - 36 - row_h * (n + 1) + 3
        drawing.add(String(label_w - 6, y + 3.5, Status(status).label, fontName=_FONT, fontSize=8.5, fillColor=INK,
                           textAnchor="end"))
        drawing.add(Rect(label_w, y, bar_w, row_h - 4, fillColor=BAND, strokeColor=None))
        filled = bar_w * counts[status] / top
        if filled:
            drawing.add(Rect(label_w, y, filled, row_h - 4, fillColor=colors.HexColor(Status(status).colour),
                             strokeColor=None))
        drawing.add(String(label_w + filled + 4, y + 3.5, str(counts[status]), fontName=_BOLD, fontSize=8.5,
                           fillColor=INK))
    return drawing


def _fit(text: str, font: str, size: float, width: float) -> str:
    """*text* (reduced for the core fonts), cut with "..." to fit *width* points."""
    text = pdf_text(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


def _framework_pages(checklist: Checklist) -> list[Any]:
    counts = checklist.counts()
    summary = ", ".join(f"{Status(s).label.lower()} {counts[s]}" for s in STATUSES)
    header = [Paragraph(name, _STYLES["head"]) for name, _ in COLUMNS]
    rows: list[list[Any]] = [header]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), BAND), ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#fafbfc")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for n, item in enumerate(checklist.items, start=1):
        rows.append(_row(item))
        style.append(("BACKGROUND", (2, n), (2, n), colors.HexColor(Status(item.status).colour)))
    table = Table(rows, colWidths=[w for _, w in COLUMNS], repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    reviewed = f" Requirements reviewed against the law on {checklist.as_of or 'an unknown date'}."
    return [Paragraph(_markup(f"{checklist.framework_name}: {checklist.score:g}% of applicable items pass"), _STYLES["h2"]),
            Paragraph(_markup(f"{len(checklist.items)} items: {summary}.{reviewed}"), _STYLES["note"]), Spacer(1, 6), table]


def _row(item: ChecklistItem) -> list[Any]:
    cell = _STYLES["cell"]
    evidence = item.evidence
    if evidence is not None:
        parts = [f"<b>{_markup(evidence.evidence_id)}</b>", f"taken {iso_utc(evidence.taken_at)}"]
        if evidence.resource:
            parts.append(f"resource {_markup(evidence.resource)}")
        evidence_cell = "<br/>".join(parts)
    else:
        evidence_cell = "manual: attestation" if item.kind == "attestation" else "none"
    notes = []
    if item.remediation and item.status != "pass":
        notes.append(f"<b>Remediation:</b> {_markup(item.remediation)}")
    if item.owner:
        notes.append(f"<b>Owner:</b> {_markup(owner_note(item))}")
    if item.attested is not None:
        verb = "Declared not applicable" if item.attested.not_applicable else "Attested"
        expires = f"; expires {iso_utc(item.expires_at)}" if item.expires_at else ""
        notes.append(f"<b>{verb} by</b> {_markup(item.attested.signed_by)}, {iso_utc(item.attested.signed_at)}{expires}")
    elif item.kind == "attestation":
        notes.append("<b>Not attested yet</b>")
    return [Paragraph(_markup(item.requirement_id), _STYLES["cell_id"]),
            Paragraph(f"{_markup(item.title)}<br/><font color='#57606a'>{_markup(item.citation)}</font>", cell),
            Paragraph(Status(item.status).label, _STYLES["status"]),
            Paragraph(evidence_cell, cell), Paragraph(_markup(item.detail), cell),
            Paragraph("<br/>".join(notes), cell)]


def _canvas_maker(report: Report) -> type[Canvas]:
    """A canvas that keeps its pages until the end, then draws header and footer with "page X of Y"."""
    system, content_hash, tenant = pdf_text(report.system), report.content_hash, pdf_text(report.tenant)
    title = pdf_text("Compliance report: " + ", ".join(c.framework_id.upper() for c in report.checklists))

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = PAGE
            self.saveState()
            self.setFillColor(INK)
            self.setFont(_BOLD, 9)
            self.drawString(MARGIN_X, height - 12 * mm, _fit(title, _BOLD, 9, width / 2))
            self.setFont(_FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN_X, height - 12 * mm, _fit(f"{system} - tenant {tenant}", _FONT, 8, width / 3))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, height - 14 * mm, width - MARGIN_X, height - 14 * mm)
            self.line(MARGIN_X, 11 * mm, width - MARGIN_X, 11 * mm)
            self.setFont(_FONT, 7.5)
            self.drawString(MARGIN_X, 7 * mm, f"{system} - content hash {content_hash}")
            self.drawRightString(width - MARGIN_X, 7 * mm, f"page {self.getPageNumber()} of {total}")
            self.restoreState()

    return NumberedCanvas
