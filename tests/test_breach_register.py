"""The breach register: each law's clock, met or late, and the checklist items it turns."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from audit.compliance.breaches import BreachError, notice_status
from kawal.compliance import breach_clocks, breaches, build_report

KAWAL = str(Path(sys.executable).parent / "kawal")
HOUR, DAY = 3600.0, 86_400.0
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def breach_item(services: Any, framework: str) -> Any:
    report = build_report(services, framework, actor="dpo", fmt="json")
    return next(i for i in report.checklists[0].items
                if i.evidence is not None and i.evidence.evidence_id == "breach.notifications_on_time")


def test_each_law_starts_and_counts_its_own_clock(services: Any) -> None:
    clocks = breach_clocks(services)
    assert (clocks["gdpr"].hours, clocks["gdpr"].starts) == (72, "detected")
    assert (clocks["uupdp"].hours, clocks["uupdp"].starts) == (72, "detected")
    assert (clocks["pdpa"].days, clocks["pdpa"].starts, clocks["pdpa"].utc_offset_hours) == (3, "assessed", 8)
    assert clocks["ccpa"].hours is None
    register = breaches(services)
    now = time.time()
    breach = register.record("Lost laptop with a CRM export", "unencrypted spreadsheet", detected_at=now - 4 * DAY,
                             by="dpo", affected_subjects=1200, data_classes=["phone", "nik"])
    assert notice_status(clocks["gdpr"], breach, now)[0] == "awaiting_assessment"
    breach = register.assess(breach.breach_id, notifiable=True, by="dpo", assessed_at=now - 2 * DAY)
    assert notice_status(clocks["gdpr"], breach, now) == ("overdue", breach.detected_at + 72 * HOUR)
    assert notice_status(clocks["uupdp"], breach, now)[0] == "overdue"
    state, due = notice_status(clocks["pdpa"], breach, now)
    assert state == "pending" and breach.assessed_at + 72 * HOUR <= due < breach.assessed_at + 96 * HOUR
    assert notice_status(clocks["ccpa"], breach, now)[0] == "no_deadline"
    breach = register.notify(breach.breach_id, "pdpa", reference="PDPC case 2026-1187", by="dpo", notified_at=now)
    breach = register.notify(breach.breach_id, "gdpr", reference="CNIL 4471", by="dpo", notified_at=now)
    assert notice_status(clocks["pdpa"], breach, now)[0] == "met"
    assert notice_status(clocks["gdpr"], breach, now)[0] == "late"
    with pytest.raises(BreachError, match="already recorded"):
        register.notify(breach.breach_id, "gdpr", reference="again", by="dpo")


def test_late_and_overdue_notifications_fail_the_right_checklists(services: Any) -> None:
    register = breaches(services)
    now = time.time()
    assert breach_item(services, "gdpr").status == "pass"
    breach = register.record("Agent exported customer list", "found by the detectors", detected_at=now - 5 * DAY, by="dpo")
    register.assess(breach.breach_id, notifiable=True, by="dpo", assessed_at=now - 1 * DAY)
    gdpr, pdpa = breach_item(services, "gdpr"), breach_item(services, "pdpa")
    assert gdpr.status == "fail" and "overdue" in gdpr.detail and gdpr.remediation
    assert pdpa.status == "pass"  # 3 days from the assessment: still in time
    assert breach_item(services, "uupdp").status == "fail"
    quiet = register.record("Misdirected e-mail, recalled", "", detected_at=now - 10 * DAY, by="dpo")
    register.assess(quiet.breach_id, notifiable=False, by="dpo", assessed_at=now - 9 * DAY)
    with pytest.raises(BreachError, match="not notifiable"):
        register.notify(quiet.breach_id, "gdpr", reference="x", by="dpo")


@SQLITE_ONLY
def test_cli_breach_workflow(cli_env: dict[str, str]) -> None:
    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, "audit", "breach", *args], env=cli_env, capture_output=True, text=True, timeout=120,
                              check=False)

    recorded = kawal("record", "--title", "Stolen badge", "--detected", "2026-11-20T09:00:00+07:00", "--affected", "3",
                     "--data-class", "phone", "--format", "json")
    assert recorded.returncode == 0, recorded.stderr
    breach = json.loads(recorded.stdout)
    assert breach["deadlines"]["gdpr"]["state"] == "awaiting_assessment"
    assessed = json.loads(kawal("assess", breach["breach_id"], "--notifiable", "--assessed", "2026-11-21T09:00:00+07:00",
                                "--format", "json").stdout)
    # assessed 2026-11-21 09:00 SGT: "3 calendar days after the day" ends at midnight SGT starting 2026-11-25
    assert assessed["deadlines"]["pdpa"]["due_at"] == datetime(2026, 11, 25, tzinfo=timezone(timedelta(hours=8))).timestamp()
    notified = kawal("notify", breach["breach_id"], "--framework", "uupdp", "--reference", "Komdigi 12/2026",
                     "--notified", "2026-11-22T08:00:00+07:00", "--format", "json")
    assert json.loads(notified.stdout)["deadlines"]["uupdp"]["state"] == "met"
    assert "uupdp  met" in kawal("list").stdout
    assert kawal("notify", breach["breach_id"], "--framework", "hipaa", "--reference", "x").returncode == 2
    assert kawal("record", "--title", "x", "--detected", "someday").returncode == 2
    unknown = kawal("assess", "0" * 32, "--not-notifiable")
    assert unknown.returncode == 1 and "no breach" in unknown.stderr and "Traceback" not in unknown.stderr


@pytest.fixture
def client(services: Any) -> Any:
    from fastapi.testclient import TestClient

    from kawal.app import create_app

    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@SQLITE_ONLY
def test_breach_api(client: Any, services: Any, sign_in_as: Any) -> None:
    officer, agent = sign_in_as("security_officer", username="dpo").headers, sign_in_as("agent").headers
    body = {"title": "Phishing of an agent", "detected_at": "2026-11-20T09:00:00Z", "affected_subjects": 40}
    assert client.post("/v1/audit/breaches", json=body, headers=agent).status_code == 403
    created = client.post("/v1/audit/breaches", json=body, headers=officer)
    assert created.status_code == 201, created.text
    breach_id = created.json()["breach_id"]
    assessed = client.post(f"/v1/audit/breaches/{breach_id}/assessment",
                           json={"notifiable": True, "assessed_at": "2026-11-20T15:00:00Z"}, headers=officer).json()
    assert assessed["deadlines"]["gdpr"]["due_at"] == assessed["detected_at"] + 72 * HOUR
    notice = {"framework": "gdpr", "reference": "DPC 2026-88", "notified_at": "2026-11-22T09:00:00Z"}
    assert client.post(f"/v1/audit/breaches/{breach_id}/notices", json=notice, headers=officer).json()["deadlines"]["gdpr"]["state"] == "met"
    again = client.post(f"/v1/audit/breaches/{breach_id}/notices", json=notice, headers=officer)
    assert again.status_code == 409 and again.json()["error"]["type"] == "breach_register"
    assert client.post("/v1/audit/breaches/nope/assessment", json={"notifiable": False}, headers=officer).status_code == 404
    assert client.post("/v1/audit/breaches", json={**body, "detected_at": "whenever"}, headers=officer).status_code == 422
    assert client.post("/v1/audit/breaches", json={**body, "extra": 1}, headers=officer).status_code == 422
    listed = client.get("/v1/audit/breaches", headers=officer).json()["breaches"]
    assert [b["breach_id"] for b in listed] == [breach_id]
    actions = [e.action for e in services.trail.log.search(action="breaches.", limit=100)]
    assert actions == ["breaches.recorded", "breaches.assessed", "breaches.notified"]


def test_pdpa_counts_calendar_days_after_the_day_in_singapore_time() -> None:
    from audit.compliance.breaches import Breach, Clock, deadline

    clock = Clock("pdpa", None, "assessed", days=3, utc_offset_hours=8)
    sgt = timezone(timedelta(hours=8))
    for assessed in (datetime(2026, 3, 2, 0, 5, tzinfo=sgt), datetime(2026, 3, 2, 23, 55, tzinfo=sgt)):
        breach = Breach("b", "t", "", assessed.timestamp() - 3600, assessed.timestamp(), True, 0, (), "dpo", "dpo", {})
        assert deadline(clock, breach) == datetime(2026, 3, 6, tzinfo=sgt).timestamp()  # end of 5 March, SGT
