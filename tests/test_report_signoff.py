"""Reports an auditor signs: scope, method, limits, as_of, owner and due date per open item, an evidence
appendix, a named preparer and approver, and a detached signature by the approver's own key."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient

from compliance.render import render, render_bytes
from compliance.report import ApprovalRefused
from kawal.app import create_app
from kawal.reports import build_report

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
DAY = 86_400.0


def kawal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KAWAL, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return re.sub(r"\s+", " ", " ".join(document[n].get_textpage().get_text_range() for n in range(len(document))))
    finally:
        document.close()


def test_every_open_item_has_an_owner_and_a_due_date_and_the_report_states_its_scope(services: Any) -> None:
    services.auth.create_user("budi", "correct horse battery staple", "agent")  # never enrolled: MFA fails
    report = build_report(services, "gdpr", actor="siti", fmt="json", approver="Ayu Lestari, DPO", period_days=90)
    body = json.loads(render(report, "json"))
    engagement = body["header"]["engagement"]
    assert any("CRM" in line for line in engagement["scope"]["not_covered"]) and engagement["scope"]["covered"]
    assert engagement["methodology"] and engagement["limitations"]
    assert engagement["prepared_by"] == "siti" and engagement["approver"] == "Ayu Lestari, DPO"
    [checklist] = body["checklists"]
    assert checklist["as_of"] == "2026-12-04"
    items = checklist["items"]
    open_items = [i for i in items if i["status"] not in ("pass", "not_applicable")]
    assert open_items and all(i["owner"] and i["due_at"] > report.generated_at for i in open_items)
    assert all(i["owner"] is None and i["due_at"] is None for i in items if i["status"] == "pass")
    mfa = next(i for i in items if i["status"] == "fail" and i["category"] == "security_mfa")
    assert mfa["owner"] == "security_officer" and mfa["due_at"] == pytest.approx(report.generated_at + 30 * DAY)
    manual = next(i for i in items if i["status"] == "needs_attestation")
    framework = next(r for r in services_frameworks(services)["gdpr"].requirements if r.id == manual["requirement_id"])
    assert manual["owner"] == framework.attestation.owner_role  # the role that must attest it
    start, end = report.period.split(" to ")
    assert abs((_parse(end) - _parse(start)) - 90 * DAY) < 2


def services_frameworks(services: Any) -> Any:
    from kawal.compliance import frameworks

    return frameworks(services)


def _parse(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def test_every_human_format_carries_the_sign_off_section_and_the_evidence_appendix(services: Any) -> None:
    report = build_report(services, "pdpa", actor="siti", fmt="md", approver="Ayu Lestari, DPO")
    figures = next(e for e in report.evidence_appendix() if e.details)
    figure = str(next(v for v in figures.details.values() if isinstance(v, int)))
    for text in (render(report, "md"), render(report, "html"), pdf_text(render_bytes(report, "pdf"))):
        assert "Scope, method and sign-off" in text and "Not covered" in text and "Methodology" in text
        assert "Limitations" in text and "Prepared by" in text and "Ayu Lestari, DPO" in text
        assert "Appendix: evidence" in text and figures.evidence_id in text and figure in text
        assert "reviewed against the law on 2026-12-04" in text
        assert "security_officer, due" in text or "dpo, due" in text


def test_the_preparer_cannot_approve_her_own_report(services: Any, sign_in_as: Any) -> None:
    with pytest.raises(ApprovalRefused, match="four eyes"):
        build_report(services, "gdpr", actor="siti", fmt="json", approver="siti")
    officer = sign_in_as("security_officer", username="siti").headers
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        refused = client.get("/v1/audit/reports/gdpr", params={"approver": "siti"}, headers=officer)
        assert refused.status_code == 422 and refused.json()["error"]["type"] == "approval_refused"
        named = client.get("/v1/audit/reports/gdpr", params={"approver": "ayu", "period_days": 7}, headers=officer)
        assert named.status_code == 200 and named.json()["header"]["engagement"]["approver"] == "ayu"


@SQLITE_ONLY
def test_the_approver_signs_the_pdf_with_her_own_key_and_any_change_is_caught(cli_env: dict[str, str],
                                                                              tmp_path: Path) -> None:
    key, other = tmp_path / "ayu.pem", tmp_path / "other.pem"
    made = kawal(cli_env, "audit", "signing-key", "-o", str(key))
    assert made.returncode == 0 and made.stdout.startswith("-----BEGIN PUBLIC KEY-----"), made.stderr
    assert key.stat().st_mode & 0o777 == 0o600
    (tmp_path / "ayu.pub.pem").write_text(made.stdout)
    (tmp_path / "other.pub.pem").write_text(kawal(cli_env, "audit", "signing-key", "-o", str(other)).stdout)
    again = kawal(cli_env, "audit", "signing-key", "-o", str(key))
    assert again.returncode == 2 and "never overwritten" in again.stderr

    pdf = tmp_path / "gdpr.pdf"
    same = kawal(cli_env, "audit", "report", "--framework", "gdpr", "--format", "pdf", "-o", str(pdf), "--approver", "cli:root")
    assert same.returncode == 2 and "four eyes" in same.stderr and "Traceback" not in same.stderr
    generated = kawal(cli_env, "audit", "report", "--framework", "gdpr", "--format", "pdf", "-o", str(pdf),
                      "--approver", "Ayu Lestari, DPO")
    assert generated.returncode in (0, 1) and pdf.exists(), generated.stderr
    signed = kawal(cli_env, "audit", "sign-report", str(pdf), "--key", str(key), "--signer", "Ayu Lestari, DPO")
    assert signed.returncode == 0, signed.stderr
    signature = tmp_path / "gdpr.pdf.sig"
    valid = kawal(cli_env, "audit", "verify-report", str(pdf), "--public-key", str(tmp_path / "ayu.pub.pem"))
    assert valid.returncode == 0 and "signed by Ayu Lestari, DPO" in valid.stdout, valid.stderr

    wrong_key = kawal(cli_env, "audit", "verify-report", str(pdf), "--public-key", str(tmp_path / "other.pub.pem"))
    assert wrong_key.returncode == 1 and "another key" in wrong_key.stdout
    original = signature.read_text()
    signature.write_text(original.replace("Ayu Lestari, DPO", "Someone Else, DPO"))
    forged = kawal(cli_env, "audit", "verify-report", str(pdf), "--public-key", str(tmp_path / "ayu.pub.pem"))
    assert forged.returncode == 1 and "altered" in forged.stdout
    signature.write_text(original)
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    changed = kawal(cli_env, "audit", "verify-report", str(pdf), "--public-key", str(tmp_path / "ayu.pub.pem"))
    assert changed.returncode == 1 and "not the one that was signed" in changed.stdout
    signature.write_text("{not json")
    broken = kawal(cli_env, "audit", "verify-report", str(pdf), "--public-key", str(tmp_path / "ayu.pub.pem"))
    assert broken.returncode == 2 and "not JSON" in broken.stderr and "Traceback" not in broken.stderr
    not_a_key = kawal(cli_env, "audit", "sign-report", str(pdf), "--key", str(pdf), "--signer", "x", "-o",
                      str(tmp_path / "x.sig"))
    assert not_a_key.returncode == 2 and "private key" in not_a_key.stderr


@SQLITE_ONLY
def test_checkpoints_signed_by_a_key_held_apart_from_the_root_key(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Whoever holds only the root key cannot make checkpoints that verify under the published key."""
    key = tmp_path / "audit-signing.pem"
    public = kawal(cli_env, "audit", "signing-key", "-o", str(key)).stdout
    (tmp_path / "audit-signing.pub.pem").write_text(public)
    derived = kawal(cli_env, "audit", "public-key").stdout  # the key the root key derives
    apart = {**cli_env, "KAWAL_AUDIT_SIGNING_KEY_FILE": str(key)}
    assert kawal(apart, "audit", "public-key").stdout == public != derived
    written = kawal(apart, "audit", "checkpoint", "-o", str(tmp_path / "cp.json"))
    assert written.returncode == 0, written.stderr
    assert json.loads((tmp_path / "cp.json").read_text())["key_id"] in written.stdout
    pinned = kawal(cli_env, "audit", "verify", "--public-key", str(tmp_path / "audit-signing.pub.pem"))
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    (tmp_path / "root-only.pub.pem").write_text(derived)
    resigned = kawal(cli_env, "audit", "verify", "--public-key", str(tmp_path / "root-only.pub.pem"))
    assert resigned.returncode == 1  # the root key's own key does not vouch for these checkpoints
    missing = kawal({**cli_env, "KAWAL_AUDIT_SIGNING_KEY_FILE": str(tmp_path / "nope.pem")}, "audit", "verify")
    assert missing.returncode == 3 and "signing key" in missing.stderr and "Traceback" not in missing.stderr


class _Receiver:
    """A webhook receiver on a free local port that keeps what it is sent."""

    def __init__(self) -> None:
        import http.server
        import threading

        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/anchor"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@SQLITE_ONLY
def test_each_checkpoint_is_published_to_an_anchor_outside_kawal(cli_env: dict[str, str], tmp_path: Path) -> None:
    import hashlib
    import hmac

    receiver = _Receiver()
    try:
        env = {**cli_env, "KAWAL_AUDIT_ANCHOR_URL": receiver.url, "KAWAL_AUDIT_ANCHOR_SECRET": "anchor-secret"}
        written = kawal(env, "audit", "checkpoint", "-o", str(tmp_path / "cp.json"))
        assert written.returncode == 0, written.stderr
        [(headers, body)] = receiver.received
        expected = "sha256=" + hmac.new(b"anchor-secret", body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Kawal-Signature"], expected)
        published = json.loads(body)
        assert published["type"] == "kawal.checkpoint"
        assert published["checkpoint"] == json.loads((tmp_path / "cp.json").read_text())
    finally:
        receiver.close()
    down = {**cli_env, "KAWAL_AUDIT_ANCHOR_URL": receiver.url}  # the receiver is gone
    unreachable = kawal(down, "audit", "checkpoint", "-o", str(tmp_path / "cp2.json"))
    assert unreachable.returncode == 0 and (tmp_path / "cp2.json").exists()  # the checkpoint itself is kept
