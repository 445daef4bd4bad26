"""Every access path writes an audit event, fail closed; checkpoints are signed, exported and provable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from audit import AuditWriteFailed, load_public_key, verify_proof
from kawal.app import create_app
from vault import AccessContext

BUDI = {"name": "Budi Santoso", "phone": "0812 8877 4410", "email": "budi@example.co.id", "card_number": "4111111111111111"}
# Digit needles hold a space or are long: a bare "0812" turns up by chance in hex digests and refs.
PLAINTEXT = ("Budi", "Santoso", "0812 8877", "88774410", "8877 4410", "budi@example", "4111111111111111", "cust-1")


def bodies(services: Any, action: str | None = None) -> list[dict[str, Any]]:
    events = [e.fields() for e in services.trail.log.events()]
    return [e for e in events if action is None or e["action"] == action]


@pytest.fixture
def client(services: Any, sign_in_as: Any) -> Iterator[TestClient]:
    agent = sign_in_as("agent", username="siti")
    with TestClient(create_app(services), raise_server_exceptions=False, headers=agent.headers,
                    client=("192.0.2.10", 50000)) as test_client:
        yield test_client


def test_every_http_access_path_writes_an_event_without_plaintext(client: TestClient, services: Any, sign_in_as: Any) -> None:
    created = client.post("/v1/records", json={"subject_id": "cust-1", "record": BUDI})
    record_id = created.json()["record_id"]
    assert client.get(f"/v1/records/{record_id}", headers={"X-Kawal-Purpose": "CASE-42"}).status_code == 200
    assert client.post("/v1/records/find", json={"field": "phone", "value": "+62 812 8877 4410"}).status_code == 200
    officer, dpo = sign_in_as("security_officer"), sign_in_as("dpo")
    approval = client.post("/v1/approvals", json={"action": "subjects.erase", "subject_id": "cust-1", "reason": "DSAR"},
                           headers=dpo.headers).json()["approval_id"]
    assert client.post("/v1/subjects/shred", json={"subject_id": "cust-1", "approval_id": approval},
                       headers=officer.headers).status_code == 200

    ref = services.vault.subject_ref("cust-1")
    write, = bodies(services, "records.write")
    read, = bodies(services, "records.read")
    find, = bodies(services, "records.find")
    shred, = bodies(services, "subjects.shred")
    assert write["actor"] == read["actor"] == "siti" and write["role"] == "agent"
    assert write["subjects"] == read["subjects"] == shred["subjects"] == [ref]
    assert read["purpose"] == "CASE-42" and write["purpose"] == "CASE-1001"
    assert read["resource"] == f"record:{record_id}" and read["session_id"]
    assert set(read["data_classes"]) == {"card", "email", "name", "phone"}
    assert find["data_classes"] == ["phone"] and find["detail"] == {"field": "phone", "records": 1}
    assert shred["actor"] == officer.username
    sign_ins = [e["action"] for e in bodies(services) if e["actor"] == "siti"]
    assert {"auth.user_created", "auth.enrolment_confirmed", "auth.login_succeeded", "auth.mfa_succeeded"} <= set(sign_ins)
    stored = " ".join(e.body for e in services.trail.log.events())
    for value in PLAINTEXT:
        assert value not in stored
    assert services.trail.log.verify().ok


def test_failed_sign_ins_are_recorded_with_their_outcome(client: TestClient, services: Any) -> None:
    client.post("/v1/auth/login", json={"username": "siti", "password": "not the password at all"})
    failed = bodies(services, "auth.login_failed")[-1]
    assert failed["actor"] == "siti" and failed["outcome"] == "failed" and failed["source_ip"] == "192.0.2.10"
    assert "not the password" not in json.dumps(failed)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_no_event_no_access(client: TestClient, services: Any) -> None:
    """Fail closed: when the event cannot be written, the record is neither returned nor stored."""
    record_id = client.post("/v1/records", json={"subject_id": "cust-1", "record": BUDI}).json()["record_id"]
    with services.engine.begin() as conn:  # the audit table becomes unwritable
        conn.execute(text("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
    before = services.vault.status().records
    read = client.get(f"/v1/records/{record_id}")
    assert read.status_code == 503 and read.json()["error"]["type"] == "audit_unavailable"
    assert "Budi" not in read.text
    write = client.post("/v1/records", json={"subject_id": "cust-2", "record": BUDI})
    assert write.status_code == 503
    assert services.vault.status().records == before
    with pytest.raises(AuditWriteFailed):
        services.vault.get(record_id, AccessContext(actor="batch", purpose="x"))


def test_checkpoints_every_n_events_are_signed_exported_and_prove_single_events(
    services: Any, tmp_path: Path
) -> None:
    trail = services.trail
    trail.every_events, trail.export_dir = 5, tmp_path / "checkpoints"
    context = AccessContext(actor="a17", purpose="CASE-7", role="agent")
    ids = [services.vault.put(f"cust-{i}", {"phone": f"0812000000{i:02d}"}, context) for i in range(12)]
    checkpoints = trail.checkpoints.all()
    assert [(c.first_seq, c.last_seq) for c in checkpoints] == [(1, 5), (6, 10)]
    assert trail.checkpoints.verify().ok
    exported = sorted((tmp_path / "checkpoints").glob("*.json"))
    assert [p.name for p in exported] == ["default-000000000005.json", "default-000000000010.json"]
    public_key = load_public_key((tmp_path / "checkpoints" / "default.pub.pem").read_text())

    proof = json.loads(json.dumps(trail.checkpoints.prove(7)))  # through JSON, as a file would carry it
    assert verify_proof(proof, public_key).ok
    forged = json.loads(json.dumps(proof))
    forged["event"]["body"] = forged["event"]["body"].replace("a17", "a18")
    assert not verify_proof(forged, public_key).ok
    assert not verify_proof({"nonsense": True}, public_key).ok
    with pytest.raises(KeyError):
        trail.checkpoints.prove(12)  # not covered yet
    assert trail.tick() is None  # 3 events since (12 puts after the policies event), and T has not passed
    trail.every_seconds = 0.0
    assert trail.tick().last_seq == 13  # T passed: the tick covers the rest
    assert verify_proof(trail.checkpoints.prove(13), public_key).ok and len(ids) == 12


def test_checkpoint_verification_catches_changes_after_signing(services: Any, database: Any) -> None:
    trail = services.trail
    for i in range(4):
        services.vault.put(f"cust-{i}", {"phone": "081200000000"}, AccessContext(actor="a1", purpose="c"))
    trail.checkpoint()
    assert trail.checkpoints.verify().ok
    with database.engine.begin() as conn:
        if database.kind == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        conn.execute(text("DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)"))
    report = trail.checkpoints.verify()
    assert not report.ok and "truncated" in report.reason


def test_time_based_checkpoint_and_quiet_tick(services: Any) -> None:
    trail = services.trail
    services.vault.put("cust-1", {"phone": "081200000000"}, AccessContext(actor="a1", purpose="c"))
    first = trail.tick()  # no checkpoint yet: the first is due at once
    assert first is not None
    assert trail.tick() is None  # nothing new


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_policy_changes_and_key_operations_are_events(services: Any, cli_env: dict[str, str], tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    trail = services.trail
    assert trail.note_policies({"auth.yaml": "sha256:aa"}, actor="system")  # differs from what is in force
    assert not trail.note_policies({"auth.yaml": "sha256:aa"}, actor="system")  # same again: nothing new
    changed = bodies(services, "policies.changed")[-1]
    assert changed["detail"]["changed"] == sorted(changed["detail"]["changed"]) and "auth.yaml" in changed["detail"]["changed"]

    policies = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parent.parent / "policies", policies, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    from kawal.services import policy_digests

    trail.note_policies(policy_digests(services.settings.model_copy(update={"policies_dir": policies})), actor="system")
    with (policies / "auth.yaml").open("a") as handle:
        handle.write("\n# tightened by the security officer\n")
    kawal = str(Path(sys.executable).parent / "kawal")
    env = {**cli_env, "KAWAL_POLICIES_DIR": str(policies)}
    assert subprocess.run([kawal, "vault", "rotate-root"], env=env, capture_output=True, check=False).returncode == 0
    actions = [(e["action"], e["outcome"]) for e in bodies(services)]
    assert ("policies.changed", "ok") in actions[-3:] and actions[-2:] == [("keys.rotate_root", "started"), ("keys.rotate_root", "ok")]
    assert bodies(services, "policies.changed")[-1]["detail"]["changed"] == ["auth.yaml"]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_refusals_at_the_guard_are_events(client: TestClient, services: Any, sign_in_as: Any) -> None:
    """An agent probing the shred route, or reading without a case, leaves a trace."""
    assert client.post("/v1/subjects/shred", json={"subject_id": "cust-1"}).status_code == 403
    assert client.get("/v1/records/abc", headers={"X-Kawal-Purpose": ""}).status_code == 400
    denied = bodies(services, "access.denied")
    assert [(d["actor"], d["detail"]["permission"], d["detail"]["reason"], d["resource"]) for d in denied] == [
        ("siti", "subjects.shred", "Forbidden", "/v1/subjects/shred"),
        ("siti", "records.read", "PurposeRequired", "/v1/records/{record_id}"),
    ]
    assert all(d["outcome"] == "denied" for d in denied)
