"""HTML, PDF and OCSF compliance reports: the same checklist and the same content hash as JSON/CSV/MD,
readable by an auditor (HTML, PDF) or a SIEM (OCSF), and safe with whatever text people typed."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient

from compliance.ocsf import events
from compliance.render import FORMATS, render, render_bytes
from compliance.render_pdf import pdf_text
from kawal.app import create_app
from kawal.compliance import attest, frameworks
from kawal.reports import build_report
from vault import AccessContext

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
XSS = '<script>alert("kawal")</script>'
#: Indonesian (fine in Helvetica) plus characters the core fonts cannot show (CJK, a check mark, a NUL).
STATEMENT = f"Surat penunjukan DPO tersimpan {XSS} — Pelindungan Data Pribadi, 漢字 ✓\x00 ok"


def seeded_report(services: Any, sign_in_as: Any, which: str = "all", fmt: str = "json") -> Any:
    """A report with a failing item (an agent without MFA) and a signed attestation row with hostile text."""
    sign_in_as("security_officer", username="siti")
    services.auth.create_user("budi", "correct horse battery staple", "agent")  # never enrolled: MFA items fail
    for framework in ("gdpr", "uupdp"):
        manual = next(r for r in frameworks(services)[framework].requirements if r.attestation is not None)
        attest(services, AccessContext(actor=f"dpo{XSS}", role=manual.attestation.owner_role), framework, manual.id,
               statement=STATEMENT, role=manual.attestation.owner_role)
    report = build_report(services, which, actor="dpo", fmt=fmt)
    items = [i for c in report.checklists for i in c.items]
    assert any(i.status == "fail" for i in items) and any(i.attested is not None for i in items)
    return report


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@SQLITE_ONLY
def test_html_is_one_self_contained_page_with_a_chart_per_framework(services: Any, sign_in_as: Any) -> None:
    report = seeded_report(services, sign_in_as)
    document = render(report, "html")
    page = parse_html(document)
    tags = [tag for tag, _ in page.tags]
    text = squash(" ".join(page.text))
    assert tags.count("svg") == len(report.checklists) == 4
    assert tags.count("section") == 4 + 2 and "script" not in tags  # + scope and sign-off, evidence appendix and "link" not in tags and "img" not in tags
    assert not [a for _, attrs in page.tags for k, a in attrs.items() if k in ("src", "href") and a and not a.startswith("#")]
    for checklist in report.checklists:
        assert f"{checklist.score:g}%" in text
        for item in checklist.items:
            assert item.requirement_id in text and item.citation in text
    assert report.content_hash in text and "recorded in the audit chain" in text
    # People's text is escaped, never markup: the statement shows as text, the signer too.
    assert "<script" not in document and "&lt;script&gt;" in document and XSS in text
    assert f"Attested by dpo{XSS}" in text
    assert "budi" in text and "Remediation:" in text  # the failing MFA item names him and says what to do
    assert "@page" in document and "break-before: page" in document


@SQLITE_ONLY
def test_pdf_is_paginated_with_header_footer_and_every_item(services: Any, sign_in_as: Any, tmp_path: Path) -> None:
    report = seeded_report(services, sign_in_as)
    data = render_bytes(report, "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert render_bytes(report, "pdf") == data  # invariant: the same report gives the same bytes
    pages = pdf_pages(data)
    total = len(pages)
    assert total > len(report.checklists) + 1  # a title page, then each framework from a new page
    first = squash(pages[0])
    assert report.system in first and report.content_hash in first and f"page 1 of {total}" in first
    assert all(f"page {n} of {total}" in squash(p) and report.content_hash in squash(p) for n, p in enumerate(pages, 1))
    assert all(c.framework_name in first for c in report.checklists)  # the summary charts
    everything = squash(" ".join(pages))
    for item in (i for c in report.checklists for i in c.items):
        assert item.requirement_id in everything
    # The attestation: escaped markup shows as text, characters Helvetica lacks become "?".
    assert "Surat penunjukan DPO tersimpan" in everything and XSS in everything and "?? ? ok" in everything

    document = pdfium.PdfDocument(data)
    try:
        image = document[0].render(scale=0.5).to_pil()
    finally:
        document.close()
    png = tmp_path / "page-1.png"
    image.save(png)
    assert png.read_bytes().startswith(b"\x89PNG") and image.width > image.height  # A4 landscape
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or ()) > 8  # coloured bars, not a blank page


def test_pdf_text_keeps_latin_and_replaces_what_core_fonts_cannot_show() -> None:
    assert pdf_text("Pelindungan Data Pribadi – “DPO” café €5") == "Pelindungan Data Pribadi – “DPO” café €5"
    assert pdf_text("Łódź ā\tline\nnext\x00\u200b\u2003−1") == "Lódz a line next -1"
    assert pdf_text("漢字 ✓ 🙂") == "?? ? ?"


@SQLITE_ONLY
def test_ocsf_has_one_compliance_finding_per_item(services: Any, sign_in_as: Any) -> None:
    report = seeded_report(services, sign_in_as)
    found = json.loads(render(report, "ocsf"))
    items = [(c, i) for c in report.checklists for i in c.items]
    assert isinstance(found, list) and len(found) == len(items)
    assert found == events(report) and json.loads(render(report, "ocsf")) == found  # stable
    assert len({e["finding_info"]["uid"] for e in found}) == len(found)
    for event, (checklist, item) in zip(found, items, strict=True):
        assert (event["class_uid"], event["category_uid"], event["activity_id"], event["type_uid"]) == (2003, 2, 1, 200301)
        assert event["time"] == int(round(report.generated_at * 1000))
        assert event["metadata"]["correlation_uid"] == report.content_hash
        assert event["metadata"]["product"]["name"] == "Kawal" and event["metadata"]["version"].startswith("1.")
        compliance = event["compliance"]
        assert compliance["standards"] == [checklist.framework_name] and compliance["requirements"] == [item.citation]
        assert compliance["control"] == item.requirement_id and compliance["status_code"] == item.status
        if item.status == "fail":
            assert (compliance["status_id"], compliance["status"]) == (3, "Fail")
            assert event["remediation"]["desc"] == item.remediation and event["severity_id"] in (3, 4)
        elif item.status == "pass":
            assert (compliance["status_id"], event["severity_id"], event["status"]) == (1, 1, "Resolved")
            assert "remediation" not in event
        if item.evidence is not None:
            assert event["unmapped"]["evidence"]["evidence_id"] == item.evidence.evidence_id
            if item.evidence.resource:
                assert event["resources"][0]["uid"] == item.evidence.resource
        if item.attested is not None:
            assert event["unmapped"]["attestation"]["statement"] == item.attested.statement
    mfa = next(e for e in found if e["compliance"]["status"] == "Fail" and e["unmapped"]["category"] == "security_mfa")
    assert mfa["severity"] == "High" and "budi" in mfa["compliance"]["status_detail"]


@SQLITE_ONLY
def test_every_format_carries_the_same_content_hash(services: Any, sign_in_as: Any) -> None:
    report = seeded_report(services, sign_in_as, which="uupdp")
    before = report.content_hash
    assert json.loads(render(report, "json"))["header"]["content_hash"] == before
    for fmt in ("csv", "md", "html"):
        assert before in render(report, fmt)
    assert before in squash(pdf_pages(render_bytes(report, "pdf"))[0])
    assert {e["metadata"]["correlation_uid"] for e in json.loads(render(report, "ocsf"))} == {before}
    assert report.content_hash == before and set(FORMATS) == {"json", "csv", "md", "html", "pdf", "ocsf"}
    with pytest.raises(ValueError, match="render_bytes"):
        render(report, "pdf")
    with pytest.raises(ValueError, match="unknown report format"):
        render_bytes(report, "docx")


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@SQLITE_ONLY
def test_report_api_serves_html_pdf_and_ocsf(client: TestClient, sign_in_as: Any) -> None:
    officer = sign_in_as("security_officer").headers
    html = client.get("/v1/audit/reports/gdpr", params={"format": "html"}, headers=officer)
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["x-kawal-content-hash"] in html.text and "<svg" in html.text

    pdf = client.get("/v1/audit/reports/all", params={"format": "pdf"}, headers=officer)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and "attachment" in pdf.headers["content-disposition"]
    pages = pdf_pages(pdf.content)
    assert len(pages) > 1 and pdf.headers["x-kawal-content-hash"] in squash(pages[0])

    ocsf = client.get("/v1/audit/reports/pdpa", params={"format": "ocsf"}, headers=officer)
    assert ocsf.status_code == 200 and ocsf.headers["content-type"] == "application/json"
    assert {e["metadata"]["correlation_uid"] for e in ocsf.json()} == {ocsf.headers["x-kawal-content-hash"]}

    bad = client.get("/v1/audit/reports/gdpr", params={"format": "docx"}, headers=officer)
    assert bad.status_code == 422 and "pdf" in bad.text


@SQLITE_ONLY
def test_cli_writes_pdf_to_a_file_or_a_pipe_but_not_to_a_terminal(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "gdpr.pdf"
    result = subprocess.run([KAWAL, "audit", "report", "--framework", "gdpr", "--format", "pdf", "-o", str(out)],
                            env=cli_env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr  # no staff yet: the MFA items fail
    content_hash = re.search(r"content hash (sha256:[0-9a-f]{64})", result.stderr)
    assert content_hash and out.read_bytes().startswith(b"%PDF-")
    assert content_hash.group(1) in squash(pdf_pages(out.read_bytes())[0])

    piped = subprocess.run([KAWAL, "audit", "report", "--framework", "ccpa", "--format", "pdf"],
                           env=cli_env, capture_output=True, timeout=120, check=False)
    assert piped.returncode == 1 and piped.stdout.startswith(b"%PDF-")

    leader, follower = pty.openpty()
    try:
        tty = subprocess.run([KAWAL, "audit", "report", "--format", "pdf"], env=cli_env, stdout=follower,
                             stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(follower)
        os.close(leader)
    assert tty.returncode == 2 and b"-o FILE" in tty.stderr and b"Traceback" not in tty.stderr

    unknown = subprocess.run([KAWAL, "audit", "report", "--format", "docx"], env=cli_env, capture_output=True,
                             text=True, timeout=120, check=False)
    assert unknown.returncode == 2 and "html, pdf, ocsf" in unknown.stderr and "Traceback" not in unknown.stderr


def test_statuses_are_spelled_once() -> None:
    """The evaluator's type, every renderer and OCSF read one table (`compliance.status`)."""
    from typing import get_args

    from compliance.evaluate import StatusId
    from compliance.status import STATUSES, Status

    assert get_args(StatusId) == STATUSES
    assert len({s.colour for s in Status}) == len(Status) and all(s.label and s.mark for s in Status)
