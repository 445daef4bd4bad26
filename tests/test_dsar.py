"""Data-subject requests and legal holds end to end, over the real wiring (vault, audit trail, registers)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kawal import dsar
from kawal.reports import build_report
from policies.frameworks import UnknownFramework
from privacy.models import compliance_dsar_requests
from privacy.requests import DsarError, LegalHoldActive
from vault import AccessContext, SubjectShredded

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
BUDI = {"name": "Budi Santoso", "phone": "0812 8877 4410", "email": "budi@example.co.id", "nik": "3171234567890001"}
DAY = 86_400.0


def approved(services: Any, action: str, target: str) -> str:
    """A second person's approval (four eyes) for *action* on *target*: a colleague DPO grants it."""
    from kawal.approvals import grant

    return grant(services, AccessContext(actor="dpo-2", role="dpo"), action, target, reason="checked").approval_id


def item(services: Any, framework: str, evidence_id: str, requirement: str | None = None) -> Any:
    report = build_report(services, framework, actor="dpo", fmt="json")
    return next(i for c in report.checklists for i in c.items if i.evidence and i.evidence.evidence_id == evidence_id
                and requirement in (None, i.requirement_id))


def actions(services: Any, prefix: str) -> list[dict[str, Any]]:
    return [e.fields() for e in services.trail.log.search(action=prefix, limit=1000)]


@pytest.fixture
def budi(services: Any) -> dict[str, str]:
    """Budi's profile and a call transcript, and an agent's read of the profile for a case."""
    profile = services.vault.put("cust-42", BUDI, kind="customer_profile")
    call = services.vault.put("cust-42", {"transcript": "Halo, saya Budi", "phone": BUDI["phone"]}, kind="call_transcript")
    services.vault.put("cust-7", {"name": "Siti", "phone": "0813 1111 2222"})
    services.vault.get(profile, AccessContext(actor="agent-rina", role="agent", purpose="CASE-77"))
    return {"profile": profile, "call": call, "ref": services.vault.subject_ref("cust-42")}


def test_a_request_finds_the_subject_by_identifier_and_stores_no_identifier(services: Any, budi: dict[str, str]) -> None:
    by_phone = dsar.open_request(services, "access", "gdpr", identifiers={"phone": "+62 812-8877-4410"}, actor="dpo")
    by_email = dsar.open_request(services, "access", "gdpr", identifiers={"email": "BUDI@example.co.id"}, actor="dpo")
    by_nik = dsar.open_request(services, "access", "gdpr", identifiers={"nik": BUDI["nik"]}, actor="dpo")
    nobody = dsar.open_request(services, "access", "gdpr", identifiers={"phone": "0899 0000 0000"}, actor="dpo")
    assert by_phone.subject_refs == by_email.subject_refs == by_nik.subject_refs == (budi["ref"],)
    assert nobody.subject_refs == ()
    with services.engine.connect() as conn:
        stored = json.dumps([list(map(str, row)) for row in conn.execute(select(compliance_dsar_requests)).all()])
    for value in ("0812 8877", "8877 4410", "88774410", "budi@", "3171234567890001"):  # long needles: hex refs hold short ones by chance
        assert value not in stored
    opened = actions(services, "dsar.opened")
    assert len(opened) == 4 and opened[0]["subjects"] == [budi["ref"]]
    with pytest.raises(DsarError, match="identifier"):
        dsar.open_request(services, "access", "gdpr", identifiers={}, actor="dpo")
    with pytest.raises(DsarError, match="cannot search by"):
        dsar.open_request(services, "access", "gdpr", identifiers={"name": "Budi"}, actor="dpo")
    with pytest.raises(UnknownFramework, match="unknown framework 'hipaa': ccpa, gdpr, pdpa, uupdp"):
        dsar.open_request(services, "access", "hipaa", identifiers={"phone": BUDI["phone"]}, actor="dpo")


def test_deadlines_follow_each_law(services: Any, budi: dict[str, str]) -> None:
    received = datetime(2026, 1, 31, 10, 0, tzinfo=UTC).timestamp()  # a Saturday; February is short

    def opened(framework: str) -> Any:
        return dsar.open_request(services, "access", framework, identifiers={"phone": BUDI["phone"]}, actor="dpo",
                                 received_at=received)

    gdpr, ccpa, pdpa, uupdp = (opened(f) for f in ("gdpr", "ccpa", "pdpa", "uupdp"))

    def utc(moment: float | None) -> datetime | None:
        return None if moment is None else datetime.fromtimestamp(moment, UTC)

    # GDPR: one month is 28 Feb, a Saturday, so the end of Monday 2 March in Dublin (Reg. 1182/71 Art. 3(4));
    # the extension runs two further months from the end of the first, to the end of 30 April (IST).
    assert utc(gdpr.due_at) == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)
    assert utc(gdpr.extendable_to) == datetime(2026, 4, 30, 23, 0, tzinfo=UTC) and gdpr.confirm_by is None
    # CCPA: 45 calendar days counting the day of receipt, in Los Angeles (PDT by then), plus 45 more;
    # receipt confirmed within 10 business days (Saturday's request counts from Monday 2 February).
    assert utc(ccpa.due_at) == datetime(2026, 3, 17, 7, 0, tzinfo=UTC)
    assert utc(ccpa.extendable_to) == datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
    assert utc(ccpa.confirm_by) == datetime(2026, 2, 14, 8, 0, tzinfo=UTC)
    # PDPA: 30 days, to the end of the day in Singapore; a later date only by notice (reg. 5).
    assert utc(pdpa.due_at) == datetime(2026, 3, 2, 16, 0, tzinfo=UTC) and pdpa.extendable_to is None
    assert uupdp.due_at - received == 72 * 3600  # UU PDP: 3 x 24 hours
    with pytest.raises(DsarError, match="allows no extension"):
        dsar.extend(services, uupdp.request_id, actor="dpo", reason="complex")


def test_an_access_request_exports_records_and_who_read_them(services: Any, budi: dict[str, str]) -> None:
    request = dsar.open_request(services, "access", "gdpr", identifiers={"email": BUDI["email"]}, actor="dpo",
                                reference="TICKET-9")
    with pytest.raises(DsarError, match="verify"):
        dsar.export(services, request.request_id, actor="dpo")
    dsar.verify(services, request.request_id, actor="dpo", method="OTP to the phone on file")
    bundle = dsar.export(services, request.request_id, actor="dpo",
                approval_id=approved(services, "records.export", f"dsar:{request.request_id}"))

    [subject] = bundle["subjects"]
    assert {r["kind"]: r["data"] for r in subject["records"]} == {
        "customer_profile": BUDI, "call_transcript": {"transcript": "Halo, saya Budi", "phone": BUDI["phone"]}}
    reads = [a for a in subject["accesses"] if a["action"] == "records.read"]
    assert {"purpose": "CASE-77", "role": "agent"}.items() <= reads[0].items()
    assert all("detail" not in a and "subjects" not in a for a in subject["accesses"])
    assert "agent-rina" not in json.dumps(bundle) and "dpo" not in json.dumps(subject)  # staff by role only
    [exported] = actions(services, "records.export")
    assert exported["detail"]["digest"] == bundle["digest"] and exported["purpose"] == f"dsar:{request.request_id}"
    done = dsar.register(services).get(request.request_id)
    assert done.state == "completed" and done.outcome["export_digest"] == bundle["digest"]
    assert dsar.request_view(done)["deadline"]["answer"] == "met"
    with pytest.raises(DsarError, match="already completed"):
        dsar.export(services, request.request_id, actor="dpo")
    assert item(services, "gdpr", "dsar.export_available").status == "pass"


def test_an_access_answer_carries_the_statutory_information_and_a_cover_letter_in_english_and_indonesian(
        services: Any, budi: dict[str, str]) -> None:
    """GDPR 15(1)(a)-(h) and 15(2): filled from the notice, the records and the retention policy."""
    request = dsar.open_request(services, "access", "gdpr", identifiers={"email": BUDI["email"]}, actor="dpo",
                                reference="TICKET-10")
    dsar.verify(services, request.request_id, actor="dpo", method="OTP to the phone on file")
    bundle = dsar.export(services, request.request_id, actor="dpo",
                approval_id=approved(services, "records.export", f"dsar:{request.request_id}"))
    info = bundle["statutory_information"]
    for item_name in ("purposes", "categories", "recipients", "retention", "rights", "complaint_authority", "sources",
                      "automated_decisions", "transfers"):
        assert info[item_name], item_name
    assert set(info["categories"]) == set(BUDI) | {"transcript"}  # what this answer holds, not a generic list
    assert info["retention"]["call_transcript"]["retain_days"] == 730 and set(info["retention"]) == set(info["record_kinds"])
    assert any("Art. 77" in r["en"] for r in info["rights"])
    letters = bundle["cover_letter"]
    assert set(letters) == {"en", "id"}
    assert "TICKET-10" in letters["en"] and "2 records" in letters["en"] and "730 days" in letters["en"]
    assert "Hak-hak Anda" in letters["id"] and "730 hari" in letters["id"] and "TICKET-10" in letters["id"]
    assert "Objection to processing" in letters["en"] and "Keberatan atas pemrosesan" in letters["id"]
    for letter in letters.values():
        assert BUDI["phone"] not in letter and "agent-rina" not in letter and "{{" not in letter
    pdpa = dsar.open_request(services, "access", "pdpa", identifiers={"email": BUDI["email"]}, actor="dpo")
    dsar.verify(services, pdpa.request_id, actor="dpo", method="NRIC sighted")
    letter = dsar.export(services, pdpa.request_id, actor="dpo",
                approval_id=approved(services, "records.export", f"dsar:{pdpa.request_id}"))["cover_letter"]["en"]
    assert "PDPC" in letter and "Withdrawal of consent (s. 16)" in letter and "Art. 77" not in letter


def test_rectification_corrects_only_the_subjects_records(services: Any, budi: dict[str, str]) -> None:
    request = dsar.open_request(services, "rectification", "uupdp", identifiers={"nik": BUDI["nik"]}, actor="dpo")
    dsar.verify(services, request.request_id, actor="dpo", method="KTP checked at branch")
    siti = services.vault.find("phone", "0813 1111 2222")[0]
    with pytest.raises(DsarError, match="does not belong"):
        dsar.rectify(services, request.request_id, [(siti, {"name": "x"})], actor="dpo")
    done = dsar.rectify(services, request.request_id, [(budi["profile"], {"email": "budi.s@example.co.id", "nik": None})],
                        actor="dpo")
    assert done.state == "completed" and done.outcome["fields"] == ["email", "nik"]
    data = services.vault.get(budi["profile"]).data
    assert data["email"] == "budi.s@example.co.id" and "nik" not in data
    assert services.vault.find("email", "budi.s@example.co.id") == [budi["profile"]]


def test_a_legal_hold_blocks_erasure_and_says_why(services: Any, budi: dict[str, str]) -> None:
    [hold] = dsar.place_hold(services, identifiers={"phone": BUDI["phone"]}, subject_ids=[],
                             reason="Claim 2026/114 before the Jakarta district court", actor="legal")
    request = dsar.open_request(services, "erasure", "uupdp", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    dsar.verify(services, request.request_id, actor="dpo", method="video call")
    with pytest.raises(LegalHoldActive, match="Claim 2026/114"):
        dsar.erase(services, request.request_id, actor="dpo")
    with pytest.raises(LegalHoldActive):
        dsar.shred_subject(services, "cust-42", AccessContext(actor="officer"))  # the direct route too
    assert services.vault.get(budi["profile"]).data == BUDI
    [refused] = actions(services, "dsar.erasure_refused")
    assert refused["outcome"] == "denied" and hold.hold_id in refused["detail"]["reason"]

    with pytest.raises(DsarError, match="reason"):
        dsar.release_hold(services, hold.hold_id, reason=" ", actor="legal")
    dsar.release_hold(services, hold.hold_id, reason="Claim settled", actor="legal",
                      approval_id=approved(services, "hold.release", f"hold:{hold.hold_id}"))
    with pytest.raises(DsarError, match="already released"):
        dsar.release_hold(services, hold.hold_id, reason="again", actor="legal")
    done = dsar.erase(services, request.request_id, actor="dpo",
                      approval_id=approved(services, "subjects.erase", f"dsar:{request.request_id}"))
    [certificate] = done.outcome["certificates"]
    assert certificate["records_affected"] == 2 and certificate["digest"].startswith("sha256:")
    with pytest.raises(SubjectShredded):
        services.vault.get(budi["profile"])
    assert services.vault.find("phone", "0813 1111 2222")  # nobody else touched
    assert item(services, "uupdp", "dsar.erasure_certificates").status == "pass"


def test_an_overdue_request_fails_that_laws_deadline_item_only(services: Any, budi: dict[str, str]) -> None:
    untested = item(services, "gdpr", "dsar.deadlines_met")
    assert untested.status == "not_tested" and "no" in untested.detail  # zero requests prove nothing
    dsar.open_request(services, "access", "uupdp", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    late = dsar.open_request(services, "access", "gdpr", identifiers={"phone": BUDI["phone"]}, actor="dpo",
                             received_at=time.time() - 40 * DAY)
    failed = item(services, "gdpr", "dsar.deadlines_met")
    assert failed.status == "fail" and late.request_id[:8] in failed.detail and failed.remediation
    assert item(services, "uupdp", "dsar.deadlines_met", "UUPDP-32").status == "pass"
    assert item(services, "uupdp", "dsar.deadlines_met", "UUPDP-9-40").status == "not_tested"  # no withdrawal
    dsar.verify(services, late.request_id, actor="dpo", method="email link")
    with pytest.raises(DsarError, match="before the first deadline"):
        dsar.extend(services, late.request_id, actor="dpo", reason="too late to extend")
    dsar.export(services, late.request_id, actor="dpo",
                approval_id=approved(services, "records.export", f"dsar:{late.request_id}"))
    assert dsar.request_view(dsar.register(services).get(late.request_id))["deadline"]["answer"] == "late"
    assert item(services, "gdpr", "dsar.deadlines_met").status == "fail"  # answered late stays a failure


def test_ccpa_counts_the_confirmation_deadline_too(services: Any, budi: dict[str, str]) -> None:
    request = dsar.open_request(services, "access", "ccpa", identifiers={"phone": BUDI["phone"]}, actor="dpo",
                                received_at=time.time() - 20 * DAY)
    assert request.answer_by > time.time()  # 45 days not over
    assert item(services, "ccpa", "dsar.deadlines_met").status == "fail"  # but 10 business days to confirm are
    extended = dsar.extend(services, request.request_id, actor="dpo", reason="volume of records")
    assert extended.answer_by == request.extendable_to
    with pytest.raises(DsarError, match="already used"):
        dsar.extend(services, request.request_id, actor="dpo", reason="again")


def test_state_changes_are_guarded(services: Any, budi: dict[str, str]) -> None:
    request = dsar.open_request(services, "erasure", "uupdp", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    with pytest.raises(DsarError, match="verify"):
        dsar.erase(services, request.request_id, actor="dpo")
    with pytest.raises(DsarError, match="not access"):
        dsar.export(services, request.request_id, actor="dpo")
    rejected = dsar.reject(services, request.request_id, actor="dpo", reason="identity could not be verified")
    assert rejected.state == "rejected"
    with pytest.raises(DsarError, match="rejected"):
        dsar.verify(services, request.request_id, actor="dpo", method="late")
    assert services.vault.get(budi["profile"]).data == BUDI


@pytest.fixture
def client(services: Any) -> Any:
    from fastapi.testclient import TestClient

    from kawal.app import create_app

    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


def test_dsar_api(client: Any, services: Any, sign_in_as: Any, budi: dict[str, str]) -> None:
    dpo, agent, colleague = sign_in_as("dpo").headers, sign_in_as("agent").headers, sign_in_as("dpo").headers

    def approval(action: str, **target: str) -> dict[str, str]:
        granted = client.post("/v1/approvals", json={"action": action, "reason": "checked", **target}, headers=colleague)
        assert granted.status_code == 201, granted.text
        return {"approval_id": granted.json()["approval_id"]}

    body = {"kind": "access", "framework": "pdpa", "phone": BUDI["phone"], "reference": "T-1"}
    assert client.post("/v1/dsar", json=body, headers=agent).status_code == 403
    created = client.post("/v1/dsar", json=body, headers=dpo)
    assert created.status_code == 201, created.text
    request_id = created.json()["request_id"]
    assert created.json()["deadline"]["answer"] == "pending" and created.json()["subject_refs"] == [budi["ref"]]
    early = client.post(f"/v1/dsar/{request_id}/export", headers=dpo)
    assert early.status_code == 409 and early.json()["error"]["type"] == "dsar_state"
    assert client.post(f"/v1/dsar/{request_id}/verify", json={"method": "OTP"}, headers=dpo).json()["state"] == "verified"
    alone = client.post(f"/v1/dsar/{request_id}/export", headers=dpo)
    assert alone.status_code == 403 and alone.json()["error"]["type"] == "approval_required"
    bundle = client.post(f"/v1/dsar/{request_id}/export", json=approval("records.export", request_id=request_id),
                         headers=dpo).json()
    assert len(bundle["subjects"][0]["records"]) == 2
    assert client.get(f"/v1/dsar/{request_id}", headers=dpo).json()["state"] == "completed"
    assert client.get("/v1/dsar/nope", headers=dpo).status_code == 404
    assert client.post("/v1/dsar", json={**body, "framework": "hipaa"}, headers=dpo).status_code == 422
    assert client.post("/v1/dsar", json={**body, "extra": 1}, headers=dpo).status_code == 422
    assert client.post("/v1/dsar", content=b"{not json", headers={**dpo, "Content-Type": "application/json"}).status_code == 400

    held = client.post("/v1/legal-holds", json={"phone": BUDI["phone"], "reason": "Regulator inquiry PDPC-12"}, headers=dpo)
    assert held.status_code == 201
    refused_kind = client.post("/v1/dsar", json={**body, "kind": "erasure"}, headers=dpo)
    assert refused_kind.status_code == 422 and refused_kind.json()["error"]["type"] == "request_kind_refused"  # PDPA s. 16
    erasure = client.post("/v1/dsar", json={**body, "kind": "erasure", "framework": "uupdp"},
                          headers=dpo).json()["request_id"]
    client.post(f"/v1/dsar/{erasure}/verify", json={"method": "OTP"}, headers=dpo)
    refused = client.post(f"/v1/dsar/{erasure}/erase", headers=dpo)
    assert refused.status_code == 409 and refused.json()["error"]["type"] == "legal_hold_active"
    assert "PDPC-12" in refused.json()["error"]["message"]
    hold_id = held.json()["holds"][0]["hold_id"]
    released = client.post(f"/v1/legal-holds/{hold_id}/release",
                           json={"reason": "closed", **approval("hold.release", hold_id=hold_id)}, headers=dpo)
    assert released.status_code == 200, released.text
    erased = client.post(f"/v1/dsar/{erasure}/erase", json=approval("subjects.erase", request_id=erasure), headers=dpo).json()
    assert erased["state"] == "completed" and erased["outcome"]["certificates"][0]["records_affected"] == 2
    listed = client.get("/v1/dsar", headers=dpo).json()["requests"]
    assert [r["state"] for r in listed] == ["completed", "completed"]


def test_four_eyes_one_person_cannot_release_a_hold_export_or_erase_alone(client: Any, services: Any, sign_in_as: Any,
                                                                          budi: dict[str, str]) -> None:
    ayu, rudi, agent = sign_in_as("dpo", username="ayu"), sign_in_as("dpo", username="rudi"), sign_in_as("agent")
    [hold] = client.post("/v1/legal-holds", json={"phone": BUDI["phone"], "reason": "Claim 7"}, headers=ayu.headers).json()["holds"]
    release = {"reason": "settled"}
    alone = client.post(f"/v1/legal-holds/{hold['hold_id']}/release", json=release, headers=ayu.headers)
    assert alone.status_code == 403 and "second person" in alone.json()["error"]["message"]
    assert client.post("/v1/approvals", json={"action": "hold.release", "hold_id": hold["hold_id"], "reason": "x"},
                       headers=agent.headers).status_code == 403  # agents cannot approve
    assert client.post("/v1/approvals", json={"action": "hold.release", "request_id": "x", "reason": "x"},
                       headers=rudi.headers).status_code == 422  # a hold release names a hold
    own = client.post("/v1/approvals", json={"action": "hold.release", "hold_id": hold["hold_id"], "reason": "mine"},
                      headers=ayu.headers).json()["approval_id"]
    mine = client.post(f"/v1/legal-holds/{hold['hold_id']}/release", json={**release, "approval_id": own}, headers=ayu.headers)
    assert mine.status_code == 403 and "approver cannot be the person acting" in mine.json()["error"]["message"]
    granted = client.post("/v1/approvals", json={"action": "hold.release", "hold_id": hold["hold_id"], "reason": "Claim 7 "
                                                 "settled, letter of 2026-12-01"}, headers=rudi.headers).json()
    assert granted["granted_by"] == "rudi" and granted["target"] == f"hold:{hold['hold_id']}"
    done = client.post(f"/v1/legal-holds/{hold['hold_id']}/release", json={**release, "approval_id": granted["approval_id"]},
                       headers=ayu.headers)
    assert done.status_code == 200 and done.json()["released_by"] == "ayu"
    used = [a for a in client.get("/v1/approvals", headers=rudi.headers).json()["approvals"]
            if a["approval_id"] == granted["approval_id"]]
    assert used[0]["used_by"] == "ayu"
    actions_seen = [e["action"] for e in actions(services, "approvals.")]
    assert actions_seen == ["approvals.granted", "approvals.granted", "approvals.used"]
    from kawal.registers import problems

    assert problems(services) == []
    from sqlalchemy import update

    from auth.models import auth_approvals

    with services.engine.begin() as conn:  # someone clears the use in SQL to spend it again
        conn.execute(update(auth_approvals).where(auth_approvals.c.approval_id == granted["approval_id"])
                     .values(used_at=None, used_by=None))
    assert [p.resource for p in problems(services)] == [f"approval:{granted['approval_id']}"]


@SQLITE_ONLY
def test_cli_dsar_workflow(cli_env: dict[str, str], services: Any, budi: dict[str, str], tmp_path: Path,
                           cli_operator: Any) -> None:
    dpo, colleague, officer = cli_operator("dpo"), cli_operator("dpo"), cli_operator("security_officer")

    def kawal(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, *args], env=env or dpo, capture_output=True, text=True, timeout=120, check=False)

    def approval(*args: str) -> str:
        granted = kawal("approve", *args, "--reason", "checked", env=colleague)
        assert granted.returncode == 0, granted.stderr
        return granted.stdout.strip()

    anonymous = kawal("dsar", "open", "--kind", "access", "--framework", "gdpr", "--phone", BUDI["phone"], env=cli_env)
    assert anonymous.returncode == 1 and "kawal login" in anonymous.stderr

    opened = kawal("dsar", "open", "--kind", "access", "--framework", "gdpr", "--phone", BUDI["phone"], "--format", "json")
    assert opened.returncode == 0, opened.stderr
    request_id = json.loads(opened.stdout)["request_id"]
    assert kawal("dsar", "export", request_id, "-o", str(tmp_path / "b.json")).returncode == 2  # not verified
    assert kawal("dsar", "verify", request_id, "--method", "OTP").returncode == 0
    out = tmp_path / "bundle.json"
    assert kawal("dsar", "export", request_id, "-o", str(out), "--language", "fr").returncode == 2
    assert kawal("dsar", "export", request_id, "-o", str(out)).returncode == 1  # four eyes
    out.unlink(missing_ok=True)
    exported = kawal("dsar", "export", request_id, "-o", str(out), "--letter", str(tmp_path / "surat.txt"), "--language", "id",
                     "--approval", approval("records.export", "--request", request_id))
    assert exported.returncode == 0, exported.stderr
    assert out.stat().st_mode & 0o777 == 0o600 and (tmp_path / "surat.txt").stat().st_mode & 0o777 == 0o600
    assert "Hak-hak Anda" in (tmp_path / "surat.txt").read_text()
    assert json.loads(out.read_text())["subjects"][0]["records"][0]["data"] == BUDI
    assert kawal("dsar", "export", request_id, "-o", str(out)).returncode == 2  # never overwrites
    assert "completed" in kawal("dsar", "show", request_id).stdout
    assert kawal("dsar", "show", "nope").returncode == 1

    placed = kawal("hold", "place", "--subject-id", "cust-42", "--reason", "Litigation L-5", "--format", "json")
    assert placed.returncode == 0, placed.stderr
    erasure = json.loads(kawal("dsar", "open", "--kind", "erasure", "--framework", "uupdp", "--nik", BUDI["nik"],
                               "--format", "json").stdout)["request_id"]
    kawal("dsar", "verify", erasure, "--method", "KTP")
    refused = kawal("dsar", "erase", erasure)
    assert refused.returncode == 1 and "Litigation L-5" in refused.stderr and "Traceback" not in refused.stderr
    assert kawal("vault", "shred", "--subject", "cust-42", "--purpose", "x", env=officer).returncode == 1
    hold_id = json.loads(placed.stdout)["hold_id"]
    assert kawal("hold", "release", hold_id, "--reason", "settled",
                 "--approval", approval("hold.release", "--hold", hold_id)).returncode == 0
    erased = kawal("dsar", "erase", erasure, "--approval", approval("subjects.erase", "--request", erasure))
    assert erased.returncode == 0 and "erasure certificate" in erased.stdout
    late = kawal("dsar", "open", "--kind", "access", "--framework", "uupdp", "--phone", "0899", "--received", "2026-01-01T00:00:00Z")
    assert late.returncode == 0, late.stderr
    listed = kawal("dsar", "list", "--overdue")
    assert listed.returncode == 1 and "overdue" in listed.stdout


def test_rectification_api(client: Any, services: Any, sign_in_as: Any, budi: dict[str, str]) -> None:
    dpo = sign_in_as("dpo").headers
    body = {"kind": "rectification", "framework": "gdpr", "email": BUDI["email"]}
    request_id = client.post("/v1/dsar", json=body, headers=dpo).json()["request_id"]
    client.post(f"/v1/dsar/{request_id}/verify", json={"method": "e-mail link"}, headers=dpo)
    bad = client.post(f"/v1/dsar/{request_id}/rectify", json={"changes": []}, headers=dpo)
    assert bad.status_code == 422
    done = client.post(f"/v1/dsar/{request_id}/rectify", headers=dpo, json={
        "changes": [{"record_id": budi["profile"], "set": {"name": "Budi S. Santoso", "nik": None}}]})
    assert done.status_code == 200, done.text
    assert done.json()["outcome"]["fields"] == ["name", "nik"]
    assert services.vault.get(budi["profile"]).data["name"] == "Budi S. Santoso"
    holds = client.get("/v1/legal-holds", headers=dpo)
    assert holds.status_code == 200 and holds.json() == {"holds": []}


def test_every_request_kind_a_law_gives_is_registered_with_its_clock(services: Any, budi: dict[str, str]) -> None:
    from kawal.evidence import providers

    evidence = providers(services)["dsar.deadlines_met"]
    assert evidence({"framework": "ccpa", "kinds": ["opt_out"]}).outcome == "not_tested"  # none received yet
    opt_out = dsar.open_request(services, "opt_out", "ccpa", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    assert opt_out.due_at is not None and opt_out.extendable_to is None  # 15 business days, no extension
    done = dsar.fulfil(services, opt_out.request_id, actor="dpo", action="sale and sharing stopped for cust-42")
    assert done.state == "completed"  # no identity verification for an opt-out (11 CCR 7026(d))
    assert evidence({"framework": "ccpa", "kinds": ["opt_out"]}).outcome == "pass"

    for kind in ("withdrawal", "restriction"):
        request = dsar.open_request(services, kind, "uupdp", identifiers={"phone": BUDI["phone"]}, actor="dpo")
        assert request.due_at - request.received_at == pytest.approx(72 * 3600)  # Arts. 40-41: 3 x 24 hours
        with pytest.raises(DsarError, match="verify"):
            dsar.fulfil(services, request.request_id, actor="dpo", action="stopped")
        dsar.verify(services, request.request_id, actor="dpo", method="OTP")
        with pytest.raises(DsarError, match="say what was done"):
            dsar.fulfil(services, request.request_id, actor="dpo", action=" ")
        dsar.fulfil(services, request.request_id, actor="dpo", action="marketing processing stopped")
    erasure = dsar.open_request(services, "erasure", "uupdp", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    assert erasure.due_at is None  # Arts. 43-44 set no hour limit
    with pytest.raises(DsarError, match="own step"):
        dsar.fulfil(services, erasure.request_id, actor="dpo", action="x")
    with pytest.raises(DsarError, match="no erasure request"):
        dsar.open_request(services, "erasure", "pdpa", identifiers={"phone": BUDI["phone"]}, actor="dpo")
    assert evidence({"framework": "uupdp", "kinds": ["withdrawal"]}).outcome == "pass"
    report = build_report(services, "ccpa", actor="dpo", fmt="json")
    opt_out_item = next(i for c in report.checklists for i in c.items if i.requirement_id == "CCPA-120")
    assert opt_out_item.kind == "attestation"  # the framework asks a person where Kawal cannot measure


def test_pdpa_extension_is_a_date_told_to_the_applicant(services: Any, budi: dict[str, str]) -> None:
    request = dsar.open_request(services, "access", "pdpa", identifiers={"phone": BUDI["phone"]}, actor="dpo",
                                received_at=time.time() - 10 * DAY)
    assert request.due_at is not None
    with pytest.raises(DsarError, match="say when"):
        dsar.extend(services, request.request_id, actor="dpo", reason="archive on tape")
    with pytest.raises(DsarError, match="after the first deadline"):
        dsar.extend(services, request.request_id, actor="dpo", reason="tape", answer_by=request.due_at - 1)
    told = request.due_at + 14 * DAY
    extended = dsar.extend(services, request.request_id, actor="dpo", reason="archive on tape", answer_by=told)
    assert extended.answer_by == told
    [event] = actions(services, "dsar.extended")
    assert event["detail"]["answer_by"] == told
