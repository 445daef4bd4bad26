"""`kawal demo seed` on a fresh install: every framework's report in every format, with real evidence."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from compliance.render import FORMATS, render_bytes
from kawal.demo import DemoRefused, seed
from kawal.reports import build_report

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def test_seeded_demo_gives_every_report_in_every_format_with_real_evidence(services: Any) -> None:
    summary = seed(services, customers=25)
    assert summary.records > 25 and summary.staff == 12 and not summary.skipped
    assert seed(services).skipped  # --if-empty: never twice

    for framework in ("gdpr", "ccpa", "pdpa", "uupdp"):
        report = build_report(services, framework, actor="dpo.ayu", fmt="json")
        [checklist] = report.checklists
        statuses = {i.status for i in checklist.items}
        assert "unknown" not in statuses, [i.detail for i in checklist.items if i.status == "unknown"]
        assert {"pass", "needs_attestation"} <= statuses
        for item in checklist.items:
            if item.kind == "check":
                assert item.evidence is not None and item.evidence.taken_at > 0
        mfa = next(i for i in checklist.items if i.evidence and i.evidence.evidence_id == "auth.mfa_enrolment")
        assert mfa.status == "fail" and "agent.newhire" in mfa.detail  # the demo's one gap, named
        for fmt in FORMATS:
            body = render_bytes(report, fmt)
            assert len(body) > 500, fmt
            if fmt == "pdf":
                assert len(pdfium.PdfDocument(io.BytesIO(body))) >= 2
            elif fmt in ("json", "ocsf"):
                json.loads(body)
            else:
                assert report.content_hash.encode() in body or fmt == "ocsf"


def test_retention_enforcement_clears_the_demos_expired_records(services: Any) -> None:
    from kawal.retention import enforce

    seed(services, customers=25)
    item = lambda: next(i for c in build_report(services, "gdpr", actor="dpo", fmt="json").checklists  # noqa: E731
                        for i in c.items if i.evidence and i.evidence.evidence_id == "retention.records_past_retention")
    assert item().status == "fail"
    run = enforce(services, actor="dpo.ayu")
    assert run.to_dict()["records_expired"] > 0
    assert item().status == "pass"


def test_the_demo_is_refused_outside_development(services: Any) -> None:
    services.settings.__dict__["environment"] = "production"
    with pytest.raises(DemoRefused):
        seed(services)
    assert services.vault.status().records == 0


@SQLITE_ONLY
def test_cli_demo_seed_is_idempotent(cli_env: dict[str, str]) -> None:
    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, *args], env=cli_env, capture_output=True, text=True, timeout=180, check=False)

    first = kawal("demo", "seed", "--customers", "10", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["customers"] == 10
    assert json.loads(kawal("demo", "seed", "--format", "json").stdout)["skipped"] is True
    refused = subprocess.run([KAWAL, "demo", "seed"], env={**cli_env, "KAWAL_ENVIRONMENT": "production"},
                             capture_output=True, text=True, timeout=180, check=False)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
