"""Adding a law is adding a file: a framework YAML dropped into the policies is reachable everywhere.

Reports (CLI and API), the framework list, data-subject requests and breach notices take their
framework ids from the loaded files, never from a list in code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kawal import dsar
from kawal.app import create_app
from kawal.compliance import notify_breach, record_breach
from kawal.reports import build_report
from vault import AccessContext

ROOT = Path(__file__).resolve().parents[1]
KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    """The bundled policies plus `testlaw.yaml`, a new law (the PDPA's file under another id and name)."""
    target = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    text = (target / "frameworks" / "pdpa.yaml").read_text(encoding="utf-8")
    text = text.replace("id: pdpa\n", "id: testlaw\n").replace("name: Personal Data Protection Act 2012",
                                                               "name: Test Data Protection Act 2026")
    text = text.replace("id: PDPA-", "id: TESTLAW-")
    (target / "frameworks" / "testlaw.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def services(database: Any, key_file: Path, policies: Path, clock: Any) -> Any:
    """The app's services over the test database, reading the policies with the new law."""
    from kawal.services import build_services
    from kawal.settings import Settings

    return build_services(Settings(database_url=database.url, root_key_file=key_file, policies_dir=policies),
                          engine=database.engine, clock=clock)


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@SQLITE_ONLY
def test_a_new_framework_file_is_reachable_from_reports_requests_breaches_api_and_cli(
        services: Any, client: TestClient, sign_in_as: Any, cli_env: dict[str, str], policies: Path) -> None:
    report = build_report(services, "testlaw", actor="dpo", fmt="json")
    assert [c.framework_name for c in report.checklists] == ["Test Data Protection Act 2026"]
    assert "testlaw" in [c.framework_id for c in build_report(services, "all", actor="dpo", fmt="json").checklists]

    services.vault.put("cust-1", {"phone": "0812 8877 4410"})
    request = dsar.open_request(services, "access", "testlaw", identifiers={"phone": "0812 8877 4410"}, actor="dpo")
    assert request.framework == "testlaw" and request.answer_by is not None
    breach = record_breach(services, AccessContext(actor="dpo", role="dpo"), "Lost laptop", "",
                           detected_at=time.time() - 3600, affected_subjects=600)
    noticed = notify_breach(services, AccessContext(actor="dpo", role="dpo"), breach.breach_id, "testlaw",
                            reference="TEST-1", recipient="authority", notified_at=time.time() - 60)
    assert [n.framework for n in noticed.notices] == ["testlaw"]

    officer = sign_in_as("security_officer").headers
    listed = client.get("/v1/audit/frameworks", headers=officer).json()["frameworks"]
    assert "testlaw" in [f["id"] for f in listed]
    assert client.get("/v1/audit/reports/testlaw", headers=officer).status_code == 200
    assert client.get("/v1/audit/reports/hipaa", headers=officer).json()["error"]["type"] == "unknown_framework"
    dpo = sign_in_as("dpo").headers
    opened = client.post("/v1/dsar", json={"kind": "access", "framework": "testlaw", "phone": "0812 8877 4410"},
                         headers=dpo)
    assert opened.status_code == 201, opened.text

    env = {**cli_env, "KAWAL_POLICIES_DIR": str(policies)}
    shown = subprocess.run([KAWAL, "audit", "frameworks", "--format", "json"], env=env, capture_output=True, text=True,
                           timeout=120, check=False)
    assert "testlaw" in [f["id"] for f in json.loads(shown.stdout)], shown.stderr
    cli_report = subprocess.run([KAWAL, "audit", "report", "--framework", "testlaw", "--format", "json"], env=env,
                                capture_output=True, text=True, timeout=120, check=False)
    assert cli_report.returncode in (0, 1) and "Test Data Protection Act 2026" in cli_report.stdout, cli_report.stderr
