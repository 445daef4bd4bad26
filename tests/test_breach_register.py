"""The breach register: each law's own tests and notices, several notices per law, clocks, backdating."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from kawal.compliance import (
    assess_breach,
    breach_problems,
    breach_rules,
    breach_view,
    notify_breach,
    record_breach,
)
from kawal.reports import build_report
from privacy.breaches import Assessment, Breach, BreachError, NoticeRule, obligations
from privacy.deadlines import WorkingDays
from privacy.models import compliance_breach_notices
from vault import AccessContext

KAWAL = str(Path(sys.executable).parent / "kawal")
HOUR, DAY = 3600.0, 86_400.0
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
DPO = AccessContext(actor="dpo", role="dpo")
DOCUMENTED = Assessment(risk=True, consequences="Three customers' phone numbers readable by the finder",
                        remedial_action="Laptop wiped remotely; disk encryption enforced on every laptop")


def item(services: Any, framework: str, evidence_id: str) -> Any:
    report = build_report(services, framework, actor="dpo", fmt="json")
    return next(i for i in report.checklists[0].items
                if i.evidence is not None and i.evidence.evidence_id == evidence_id)


def states(services: Any, breach: Breach, framework: str) -> dict[str, str]:
    return {n["recipient"]: n["state"] for n in breach_view(services, breach)["deadlines"][framework]["notices"]}


def test_each_law_lists_its_own_notices(services: Any) -> None:
    rules = {fw: {(r.recipient, r.required_when, r.hours, r.days, r.starts) for r in found}
             for fw, found in breach_rules(services).items()}
    assert ("authority", "risk", 72, None, "detected") in rules["gdpr"]
    assert ("subjects", "high_risk", None, None, "detected") in rules["gdpr"]
    assert {("authority", "always", 72, None, "detected"), ("subjects", "always", 72, None, "detected")} <= rules["uupdp"]
    assert ("public", "public_impact", None, None, "detected") in rules["uupdp"]
    assert ("authority", "significant_harm_or_scale", None, 3, "assessed") in rules["pdpa"]
    # SB 446 (from 1 January 2026): residents within 30 days of discovery; the Attorney General 15 days after them
    assert rules["ccpa"] == {("subjects", "unencrypted", None, 30, "detected"),
                             ("attorney_general", "unencrypted_over_500", None, 15, "notified_subjects")}


def test_not_notifiable_under_gdpr_does_not_switch_off_uupdp(services: Any) -> None:
    now = time.time()
    breach = record_breach(services, DPO, "Misdirected letter, recalled", "", detected_at=now - 4 * DAY,
                           affected_subjects=1)
    breach = assess_breach(services, DPO, breach.breach_id, Assessment(risk=False, unencrypted=False),
                           assessed_at=now - 3.5 * DAY)
    assert states(services, breach, "gdpr") == {"authority": "not_required", "subjects": "not_required"}
    assert states(services, breach, "uupdp") == {"authority": "overdue", "subjects": "overdue", "public": "not_required"}
    assert set(states(services, breach, "ccpa").values()) == {"not_required"}  # encrypted, key not taken
    problems = {p for b, p in breach_problems(services, "uupdp") if b.breach_id == breach.breach_id}
    assert problems == {"authority notice overdue", "subjects notice overdue"}
    assert item(services, "uupdp", "breach.notifications_on_time").status == "fail"


def test_one_breach_owes_several_notices_per_law(services: Any) -> None:
    now = time.time()
    breach = record_breach(services, DPO, "Call recordings bucket left public", "", detected_at=now - 2 * DAY,
                           affected_subjects=40)
    breach = assess_breach(services, DPO, breach.breach_id, Assessment(risk=True, public_impact=True),
                           assessed_at=now - 1.9 * DAY)
    breach = notify_breach(services, DPO, breach.breach_id, "uupdp", reference="Komdigi 12/2026", notified_at=now - DAY)
    assert states(services, breach, "uupdp") == {"authority": "met", "subjects": "pending", "public": "pending"}
    breach = notify_breach(services, DPO, breach.breach_id, "uupdp", recipient="subjects", reference="e-mail batch 1",
                           notified_at=now - 0.5 * DAY)
    breach = notify_breach(services, DPO, breach.breach_id, "uupdp", recipient="public", reference="press release")
    assert set(states(services, breach, "uupdp").values()) == {"met"}
    # a follow-up notice to the same recipient is kept, the first one counts for the clock
    breach = notify_breach(services, DPO, breach.breach_id, "uupdp", reference="follow-up with the root cause")
    assert len([n for n in breach.notices if n.recipient == "authority"]) == 2
    assert states(services, breach, "uupdp")["authority"] == "met"
    with pytest.raises(BreachError, match="requires no attorney_general notice"):
        notify_breach(services, DPO, breach.breach_id, "uupdp", recipient="attorney_general", reference="x")


def test_pdpa_scale_alone_makes_800_people_notifiable_and_the_assessment_has_a_clock(services: Any) -> None:
    now = time.time()
    big = record_breach(services, DPO, "CRM export e-mailed out", "", detected_at=now - 50 * DAY, affected_subjects=800)
    assert states(services, big, "pdpa")["authority"] == "overdue"  # unassessed after 30 days: not waiting forever
    assert breach_view(services, big)["deadlines"]["pdpa"]["assessment"]["state"] == "overdue"
    big = assess_breach(services, DPO, big.breach_id, Assessment(risk=True, significant_harm=False),
                        assessed_at=now - 6 * DAY)  # 44 days after awareness
    view = breach_view(services, big)["deadlines"]["pdpa"]
    assert view["assessment"]["state"] == "late"
    assert {n["recipient"]: n["state"] for n in view["notices"]} == {"authority": "overdue", "subjects": "not_required"}
    found = {p for b, p in breach_problems(services, "pdpa") if b.breach_id == big.breach_id}
    assert found == {"assessment late", "authority notice overdue"}
    small = record_breach(services, DPO, "One statement misdirected", "", detected_at=now - 5 * DAY, affected_subjects=1)
    small = assess_breach(services, DPO, small.breach_id, Assessment(risk=True), assessed_at=now - 4 * DAY)
    assert states(services, small, "pdpa")["authority"] == "not_required"  # no significant harm, under 500


def test_ccpa_residents_in_30_days_and_the_attorney_general_15_days_after_them(services: Any) -> None:
    now = time.time()
    breach = record_breach(services, DPO, "Ransomware on a file server", "", detected_at=now - 40 * DAY,
                           affected_subjects=900)
    breach = assess_breach(services, DPO, breach.breach_id, Assessment(risk=True), assessed_at=now - 39 * DAY)
    owed = {n["recipient"]: n for n in breach_view(services, breach)["deadlines"]["ccpa"]["notices"]}
    assert owed["subjects"]["state"] == "overdue"
    assert owed["attorney_general"]["state"] == "pending" and owed["attorney_general"]["due_at"] is None  # no clock yet
    la = ZoneInfo("America/Los_Angeles")
    detected_day = datetime.fromtimestamp(breach.detected_at, la).date() + timedelta(days=31)
    assert owed["subjects"]["due_at"] == datetime(detected_day.year, detected_day.month, detected_day.day, tzinfo=la).timestamp()
    breach = notify_breach(services, DPO, breach.breach_id, "ccpa", recipient="subjects", reference="letters",
                           notified_at=now - 20 * DAY)
    owed = {n["recipient"]: n for n in breach_view(services, breach)["deadlines"]["ccpa"]["notices"]}
    assert owed["subjects"]["state"] == "met" and owed["attorney_general"]["state"] == "overdue"


def test_times_before_detection_or_in_the_future_are_refused_and_late_entries_flagged(services: Any) -> None:
    now = time.time()
    breach = record_breach(services, DPO, "Agent photographed a screen", "", detected_at=now - 10 * DAY)
    with pytest.raises(BreachError, match="before the breach was detected"):
        notify_breach(services, DPO, breach.breach_id, "gdpr", reference="x", notified_at=breach.detected_at - 60)
    with pytest.raises(BreachError, match="before it was detected"):
        assess_breach(services, DPO, breach.breach_id, Assessment(risk=True), assessed_at=breach.detected_at - 60)
    with pytest.raises(BreachError, match="in the future"):
        notify_breach(services, DPO, breach.breach_id, "gdpr", reference="x", notified_at=now + DAY)
    with pytest.raises(BreachError, match="in the future"):
        record_breach(services, DPO, "t", "", detected_at=now + DAY)
    breach = notify_breach(services, DPO, breach.breach_id, "gdpr", reference="DPC 1", notified_at=now - 9 * DAY)
    assert [n.entered_late for n in breach.notices] == [True]  # claims a date 9 days before it was entered


@SQLITE_ONLY
def test_a_notice_rewritten_in_sql_is_caught_by_verify_and_the_checklists(services: Any, cli_env: dict[str, str]) -> None:
    now = time.time()
    breach = record_breach(services, DPO, "Lost laptop", "", detected_at=now - 10 * DAY, affected_subjects=3)
    breach = assess_breach(services, DPO, breach.breach_id, DOCUMENTED, assessed_at=now - 9 * DAY)
    breach = notify_breach(services, DPO, breach.breach_id, "gdpr", reference="DPC 7", notified_at=now - 1 * DAY)
    assert item(services, "gdpr", "breach.notifications_on_time").status == "fail"  # 9 days late
    assert item(services, "gdpr", "breach.register_kept").status == "pass"
    with services.engine.begin() as conn:  # the operator makes the late notice timely
        conn.execute(update(compliance_breach_notices).values(notified_at=breach.detected_at + 3600))
    assert item(services, "gdpr", "breach.notifications_on_time").status == "pass"  # the register alone is fooled ...
    kept = item(services, "gdpr", "breach.register_kept")
    assert kept.status == "fail" and breach.breach_id in kept.detail  # ... the chain is not
    assert item(services, "gdpr", "audit.chain_verified").status == "fail"
    verify = subprocess.run([KAWAL, "audit", "verify"], env=cli_env, capture_output=True, text=True, timeout=120, check=False)
    assert verify.returncode == 1 and f"breach:{breach.breach_id}" in verify.stdout, verify.stdout + verify.stderr


def test_the_register_documents_effects_and_remedial_action_of_every_assessed_breach(services: Any) -> None:
    """GDPR 33(5): facts, effects and remedial action, for every breach, notifiable or not."""
    now = time.time()
    breach = record_breach(services, DPO, "Wrong recipient", "Statement sent to another customer",
                           detected_at=now - 5 * DAY, affected_subjects=1)
    assess_breach(services, DPO, breach.breach_id, Assessment(risk=False), assessed_at=now - 4 * DAY)
    kept = item(services, "gdpr", "breach.register_kept")
    assert kept.status == "fail" and "33(5)" in kept.detail and "consequences, remedial_action" in kept.detail
    assert kept.evidence.details["assessed_without_effects_or_remedy"] == {
        breach.breach_id: ["consequences", "remedial_action"]}
    documented = assess_breach(services, DPO, breach.breach_id, Assessment(
        risk=False, consequences="None likely: the recipient is a known customer who deleted it",
        remedial_action="Deletion confirmed in writing"), assessed_at=now - 4 * DAY)
    assert documented.assessment is not None and documented.assessment.remedial_action == "Deletion confirmed in writing"
    assert item(services, "gdpr", "breach.register_kept").status == "pass"  # the row still matches its chained event
    event = services.trail.log.search(action="breaches.assessed", limit=10)[-1]
    detail = event.fields()["detail"]
    assert "consequences" not in detail and "risk" in detail  # free text stays out of the chain's detail


@SQLITE_ONLY
def test_cli_breach_workflow(cli_env: dict[str, str]) -> None:
    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, "audit", "breach", *args], env=cli_env, capture_output=True, text=True, timeout=120,
                              check=False)

    recorded = kawal("record", "--title", "Stolen badge", "--detected", "2026-11-20T09:00:00+07:00", "--affected", "3",
                     "--data-class", "phone", "--format", "json")
    assert recorded.returncode == 0, recorded.stderr
    breach = json.loads(recorded.stdout)
    assert breach["deadlines"]["pdpa"]["assessment"]["state"] in ("pending", "overdue")
    assessed = kawal("assess", breach["breach_id"], "--risk", "--significant-harm", "--assessed",
                     "2026-11-21T09:00:00+07:00", "--consequences", "Phone numbers exposed",
                     "--remedial-action", "Badge revoked", "--format", "json")
    assert assessed.returncode == 0, assessed.stderr
    assert json.loads(assessed.stdout)["assessment"]["remedial_action"] == "Badge revoked"
    pdpa = {n["recipient"]: n for n in json.loads(assessed.stdout)["deadlines"]["pdpa"]["notices"]}
    # assessed 2026-11-21 10:00 SGT: "3 calendar days after the day" ends at midnight SGT starting 2026-11-25
    assert pdpa["authority"]["due_at"] == datetime(2026, 11, 25, tzinfo=timezone(timedelta(hours=8))).timestamp()
    notified = kawal("notify", breach["breach_id"], "--framework", "uupdp", "--recipient", "subjects",
                     "--reference", "SMS to the three customers", "--notified", "2026-11-22T08:00:00+07:00", "--format", "json")
    assert notified.returncode == 0, notified.stderr
    uupdp = {n["recipient"]: n["state"] for n in json.loads(notified.stdout)["deadlines"]["uupdp"]["notices"]}
    assert uupdp["subjects"] == "met" and uupdp["authority"] == "overdue"
    assert "subjects" in kawal("list").stdout
    refused = kawal("notify", breach["breach_id"], "--framework", "hipaa", "--reference", "x")
    assert refused.returncode == 2 and "unknown framework" in refused.stderr
    backdated = kawal("notify", breach["breach_id"], "--framework", "gdpr", "--reference", "x", "--notified", "2026-11-01")
    assert backdated.returncode == 2 and "before the breach was detected" in backdated.stderr
    assert kawal("record", "--title", "x", "--detected", "someday").returncode == 2
    unknown = kawal("assess", "0" * 32, "--no-risk")
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
                           json={"risk": True, "high_risk": True, "assessed_at": "2026-11-20T15:00:00Z",
                                 "consequences": "Mailbox read", "remedial_action": "Password reset"}, headers=officer)
    assert assessed.status_code == 200, assessed.text
    gdpr = {n["recipient"]: n for n in assessed.json()["deadlines"]["gdpr"]["notices"]}
    assert gdpr["authority"]["due_at"] == assessed.json()["detected_at"] + 72 * HOUR and gdpr["subjects"]["state"] != "not_required"
    notice = {"framework": "gdpr", "reference": "DPC 2026-88", "notified_at": "2026-11-22T09:00:00Z"}
    sent = client.post(f"/v1/audit/breaches/{breach_id}/notices", json=notice, headers=officer)
    assert {n["recipient"]: n["state"] for n in sent.json()["deadlines"]["gdpr"]["notices"]}["authority"] == "met"
    early = client.post(f"/v1/audit/breaches/{breach_id}/notices", json={**notice, "notified_at": "2026-11-01T00:00:00Z"},
                        headers=officer)
    assert early.status_code == 409 and early.json()["error"]["type"] == "breach_register"
    assert client.post("/v1/audit/breaches/nope/assessment", json={"risk": False}, headers=officer).status_code == 404
    assert client.post(f"/v1/audit/breaches/{breach_id}/assessment", json={"notifiable": True}, headers=officer).status_code == 422
    assert client.post("/v1/audit/breaches", json={**body, "detected_at": "whenever"}, headers=officer).status_code == 422
    assert client.post("/v1/audit/breaches", json={**body, "extra": 1}, headers=officer).status_code == 422
    listed = client.get("/v1/audit/breaches", headers=officer).json()["breaches"]
    assert [b["breach_id"] for b in listed] == [breach_id]
    actions = [e.action for e in services.trail.log.search(action="breaches.", limit=100)]
    assert actions == ["breaches.recorded", "breaches.assessed", "breaches.notified"]


def test_pdpa_counts_calendar_days_after_the_day_in_singapore_time() -> None:
    sgt = ZoneInfo("Asia/Singapore")
    rule = NoticeRule("pdpa", "authority", "always", None, 3, "assessed", "s. 26D(1)", WorkingDays(sgt))
    for assessed in (datetime(2026, 3, 2, 0, 5, tzinfo=sgt), datetime(2026, 3, 2, 23, 55, tzinfo=sgt)):
        breach = Breach("b", "t", "", assessed.timestamp() - 3600, assessed.timestamp(), Assessment(risk=True), 0, (),
                        "dpo", "dpo")
        [owed] = obligations([rule], breach, assessed.timestamp())
        assert owed.due_at == datetime(2026, 3, 6, tzinfo=sgt).timestamp()  # end of 5 March, SGT


@pytest.fixture
def processor_services(database: Any, key_file: Path, tmp_path: Path) -> Any:
    """Services of a BPO tenant that processes a bank's customers (policies copied, organisation edited)."""
    import shutil

    from kawal.services import build_services
    from kawal.settings import Settings

    policies = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parents[1] / "policies", policies,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (policies / "organisation.yaml").write_text(
        "tenants:\n  default: {role: controller}\n  bpo-bank-a:\n    role: processor\n"
        "    controller: PT Bank Contoh\n    controller_contact: dpo@bank.example\n    notify_controller_hours: 24\n",
        encoding="utf-8")
    services = build_services(Settings(database_url=database.url, root_key_file=key_file, policies_dir=policies,
                                       tenant="bpo-bank-a"), engine=database.engine)
    yield services


@SQLITE_ONLY
def test_a_processor_tells_its_controller_and_leaves_the_authority_notices_to_it(processor_services: Any) -> None:
    """GDPR 33(2), PDPA 26C(3)(a), UU PDP 51, Civ. Code 1798.82(b): the processor's duty is to its controller."""
    services = processor_services
    now = time.time()
    breach = record_breach(services, DPO, "Agent's laptop stolen", "", detected_at=now - 2 * DAY, affected_subjects=900)
    view = breach_view(services, breach)
    for framework in ("gdpr", "pdpa", "uupdp", "ccpa"):
        notices = view["deadlines"][framework]["notices"]
        assert [n["recipient"] for n in notices] == ["controller"], framework
        assert notices[0]["due_at"] == pytest.approx(breach.detected_at + 24 * HOUR)  # the agreement's 24 hours
        assert notices[0]["state"] == "overdue"
    assert "26C(3)(a)" in view["deadlines"]["pdpa"]["notices"][0]["citation"]
    assert view["deadlines"]["pdpa"]["assessment"]["due_at"] is None  # the 30-day assessment is the controller's
    with pytest.raises(BreachError, match="requires: controller"):
        notify_breach(services, DPO, breach.breach_id, "pdpa", reference="PDPC", recipient="authority")
    told = notify_breach(services, DPO, breach.breach_id, "gdpr", reference="e-mail to the bank's DPO",
                         recipient="controller", notified_at=now - 1.5 * DAY)
    assert states(services, told, "gdpr") == {"controller": "met"}
    report = build_report(services, "gdpr", actor="dpo", fmt="json")
    assert report.engagement is not None and report.engagement.data_role == "processor for PT Bank Contoh"


def test_a_processor_must_name_its_controller(tmp_path: Path) -> None:
    from policies import PolicyError, load_organisation_policy

    (tmp_path / "organisation.yaml").write_text("tenants:\n  default: {role: processor}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="names the controller"):
        load_organisation_policy(tmp_path)
    (tmp_path / "organisation.yaml").write_text("tenants:\n  bpo: {role: controller}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="default"):
        load_organisation_policy(tmp_path)
