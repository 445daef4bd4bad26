"""Checklists filled with evidence from the running system: a change in the system turns the right items."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from compliance import EvidenceSet, evaluate
from compliance.render import CSV_COLUMNS, render
from kawal.app import create_app
from kawal.compliance import attestations, frameworks
from kawal.evidence import providers
from kawal.reports import build_report

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def item_for(report: Any, framework: str, evidence_id: str) -> Any:
    checklist = next(c for c in report.checklists if c.framework_id == framework)
    return next(i for i in checklist.items if i.evidence is not None and i.evidence.evidence_id == evidence_id)


def test_every_framework_evaluates_with_real_evidence(services: Any, sign_in_as: Any) -> None:
    sign_in_as("agent")
    services.vault.put("cust-1", {"phone": "0812 8877 4410"})
    report = build_report(services, "all", actor="dpo", fmt="json")
    assert {c.framework_id for c in report.checklists} == {"gdpr", "ccpa", "pdpa", "uupdp"}
    for checklist in report.checklists:
        counts = checklist.counts()
        assert sum(counts.values()) == len(checklist.items) >= 15
        assert counts["needs_attestation"] > 0 and counts["pass"] > 0
        for item in checklist.items:
            if item.kind == "check":
                assert item.evidence is not None and item.evidence.taken_at > 0
            if item.status == "fail":
                assert item.remediation
    coverage = item_for(report, "gdpr", "vault.encryption_coverage")
    assert coverage.status == "pass" and "sampled 1 of 1" in coverage.detail  # measured on the row
    assert item_for(report, "gdpr", "audit.chain_verified").status == "pass"


def test_an_agent_without_mfa_fails_the_mfa_items_by_name(services: Any, sign_in_as: Any) -> None:
    sign_in_as("agent", username="siti")
    assert item_for(build_report(services, "gdpr", actor="dpo", fmt="json"), "gdpr", "auth.mfa_enrolment").status == "pass"
    services.auth.create_user("budi", "correct horse battery staple", "agent")  # never enrolled
    for framework in ("gdpr", "uupdp", "pdpa"):
        item = item_for(build_report(services, framework, actor="dpo", fmt="json"), framework, "auth.mfa_enrolment")
        assert item.status == "fail" and "budi" in item.detail and "siti" not in item.detail.split("missing:")[-1]


def test_a_tampered_audit_row_fails_the_integrity_items(services: Any, database: Any) -> None:
    services.vault.put("cust-1", {"phone": "081288774410"})
    assert item_for(build_report(services, "gdpr", actor="dpo", fmt="json"), "gdpr", "audit.chain_verified").status == "pass"
    with database.engine.begin() as conn:
        if database.kind == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET body = replace(body, 'system', 'sistem') WHERE seq = 2"))
    item = item_for(build_report(services, "gdpr", actor="dpo", fmt="json"), "gdpr", "audit.chain_verified")
    assert item.status == "fail" and "event 2" in item.detail


@SQLITE_ONLY
def test_attestations_pass_then_expire_and_not_applicable_leaves_the_score(services: Any) -> None:
    framework = frameworks(services)["gdpr"]
    manual = next(r for r in framework.requirements if r.attestation is not None)
    store = attestations(services)
    evidence = EvidenceSet(providers(services))
    before = evaluate(framework, evidence, store.latest("gdpr"))
    assert next(i for i in before.items if i.requirement_id == manual.id).status == "needs_attestation"
    signed = store.attest("gdpr", manual.id, by="dpo", statement="DPO appointment letter of 2026-01-05 on file")
    now = signed.signed_at + 1
    item = next(i for i in evaluate(framework, evidence, store.latest("gdpr"), now=now).items if i.requirement_id == manual.id)
    assert item.status == "pass" and item.attested and item.expires_at == signed.signed_at + manual.attestation.max_age_days * 86_400
    later = evaluate(framework, evidence, store.latest("gdpr"), now=item.expires_at + 1)
    assert next(i for i in later.items if i.requirement_id == manual.id).status == "expired"
    store.attest("gdpr", manual.id, by="dpo", statement="we are not established in the EU", not_applicable=True)
    after = evaluate(framework, evidence, store.latest("gdpr"), now=now)
    assert next(i for i in after.items if i.requirement_id == manual.id).status == "not_applicable"
    assert after.counts()["not_applicable"] == 1


@SQLITE_ONLY
def test_formats_keep_every_row_and_the_hash_is_in_the_chain(services: Any) -> None:
    report = build_report(services, "uupdp", actor="dpo", fmt="csv")
    recorded = services.trail.log.search(action="reports.generated")[-1].fields()
    assert recorded["detail"]["content_hash"] == report.content_hash and recorded["actor"] == "dpo"
    as_json = json.loads(render(report, "json"))
    assert as_json["header"]["content_hash"] == report.content_hash
    items = report.checklists[0].items
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert tuple(rows[1]) == CSV_COLUMNS and len(rows) == 2 + len(items)
    by_id = {row[1]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[2:]}
    failing = [i for i in items if i.status == "fail"]
    for item in failing:
        assert by_id[item.requirement_id]["remediation"] == item.remediation
    assert all(by_id[i.requirement_id]["resource"] for i in items if i.evidence is not None and i.evidence.resource)
    markdown = render(report, "md")
    assert all(i.requirement_id in markdown for i in items) and report.content_hash in markdown


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@SQLITE_ONLY
def test_report_api_for_security_officers(client: TestClient, sign_in_as: Any) -> None:
    officer, agent = sign_in_as("security_officer").headers, sign_in_as("agent").headers
    assert client.get("/v1/audit/reports/gdpr", headers=agent).status_code == 403
    response = client.get("/v1/audit/reports/pdpa", params={"format": "md"}, headers=officer)
    assert response.status_code == 200 and response.headers["x-kawal-content-hash"] in response.text
    assert client.get("/v1/audit/reports/hipaa", headers=officer).status_code == 422
    assert client.get("/v1/audit/reports/gdpr", params={"format": "docx"}, headers=officer).status_code == 422


@SQLITE_ONLY
def test_cli_report_and_attest(cli_env: dict[str, str], services: Any, tmp_path: Path) -> None:
    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, *args], env=cli_env, capture_output=True, text=True, timeout=300, check=False)

    out = tmp_path / "all.csv"
    result = kawal("audit", "report", "--framework", "all", "--format", "csv", "-o", str(out))
    assert result.returncode == 1, result.stderr  # no staff yet: the MFA items fail
    assert "content hash sha256:" in result.stderr and out.read_text().count("\n") > 60
    requirement = next(r.id for r in frameworks(services)["pdpa"].requirements if r.attestation is not None)
    attested = kawal("audit", "attest", "pdpa", requirement, "--statement", "DPO named on the website, 2026-10-01")
    assert attested.returncode == 0, attested.stderr
    report = json.loads(kawal("audit", "report", "--framework", "pdpa", "--format", "json").stdout)
    row = next(i for i in report["checklists"][0]["items"] if i["requirement_id"] == requirement)
    assert row["status"] == "pass" and row["attested"]["statement"].startswith("DPO named")
    assert kawal("audit", "attest", "pdpa", "PDPA-NOPE-1", "--statement", "x").returncode == 2
    assert kawal("audit", "report", "--framework", "hipaa").returncode == 2
