"""Retention: the policy, `enforce` over the real wiring (audited, holds respected), its evidence, CLI and API."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import vault._common as vault_clock
from kawal import dsar
from kawal.reports import build_report
from kawal.retention import enforce, record_kind
from policies import PolicyError, RetentionPolicy, load_retention_policy
from vault import InvalidRecord, RecordNotFound

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
THREE_YEARS_AGO = datetime(2023, 6, 1, tzinfo=UTC)


def put_old(services: Any, monkeypatch: pytest.MonkeyPatch, subject: str, record: dict[str, Any], kind: str) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(vault_clock, "_now", lambda: THREE_YEARS_AGO)
        return services.vault.put(subject, record, kind=kind)


def evidence(services: Any, evidence_id: str, framework: str = "gdpr") -> Any:
    report = build_report(services, framework, actor="dpo", fmt="json")
    return next(i for c in report.checklists for i in c.items if i.evidence and i.evidence.evidence_id == evidence_id)


def test_the_bundled_policy_names_the_contact_center_kinds() -> None:
    rules = load_retention_policy()
    assert rules.classes["call_transcript"].retain_days == 730
    assert {"chat_transcript", "email_transcript", "customer_profile", rules.default_kind} <= set(rules.classes)


@pytest.mark.parametrize("bad", [
    {"classes": {}},
    {"classes": {"Call Transcript": {"retain_days": 30, "basis": "x"}}},
    {"classes": {"call": {"retain_days": 0, "basis": "x"}}},
    {"classes": {"call": {"retain_days": 30}}},
    {"classes": {"call": {"retain_days": 30, "basis": "x", "typo": 1}}},
    {"classes": {"call": {"retain_days": 30, "basis": "x"}}, "default_kind": "record"},
])
def test_a_policy_that_could_keep_records_for_ever_is_refused(bad: dict[str, Any], tmp_path: Path) -> None:
    import yaml

    (tmp_path / "retention.yaml").write_text(yaml.safe_dump(bad))
    with pytest.raises(PolicyError):
        load_retention_policy(tmp_path)
    assert RetentionPolicy.model_validate({"classes": {"record": {"retain_days": 1, "basis": "b"}}})


def test_new_records_must_name_a_kind_the_policy_knows(services: Any) -> None:
    assert record_kind(services, None) == "record"
    assert record_kind(services, "call_transcript") == "call_transcript"
    with pytest.raises(InvalidRecord, match="unknown record kind 'voice_memo'"):
        record_kind(services, "voice_memo")


def test_enforce_removes_what_expired_keeps_holds_and_is_audited(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    old_call = put_old(services, monkeypatch, "cust-1", {"transcript": "lama"}, "call_transcript")
    old_profile = put_old(services, monkeypatch, "cust-1", {"phone": "0812 8877 4410"}, "customer_profile")  # 5 years
    held_call = put_old(services, monkeypatch, "cust-2", {"transcript": "ditahan", "phone": "0813 2222 3333"},
                        "call_transcript")
    new_call = services.vault.put("cust-1", {"transcript": "baru"}, kind="call_transcript")
    dsar.place_hold(services, identifiers={"phone": "0813 2222 3333"}, subject_ids=[], reason="Case 9", actor="legal")

    before = evidence(services, "retention.records_past_retention")
    assert before.status == "fail" and "call_transcript: 1" in before.detail and "legal hold" in before.detail

    dry = enforce(services, actor="dpo", dry_run=True).to_dict()
    assert (dry["records_expired"], dry["records_held"]) == (1, 1)
    assert services.vault.get(old_call).data == {"transcript": "lama"}

    run = enforce(services, actor="dpo").to_dict()
    assert (run["records_expired"], run["keys_destroyed"], run["records_held"]) == (1, 1, 1)
    with pytest.raises(RecordNotFound):
        services.vault.get(old_call)
    for kept in (old_profile, held_call, new_call):
        services.vault.get(kept)
    assert evidence(services, "retention.records_past_retention").status == "pass"
    assert enforce(services, actor="dpo").to_dict()["records_expired"] == 0  # safe to run again

    log = services.trail.log
    [expired] = [e.fields() for e in log.search(action="records.expire")]
    assert expired["detail"] == {"records": 1, "kind": "call_transcript"} and expired["purpose"] == "retention policy"
    assert [e.fields()["subjects"] for e in log.search(action="keys.expire")] == [[services.vault.subject_ref("cust-1")]]
    runs = [e.fields()["detail"] for e in log.search(action="retention.", limit=100)]
    assert [r.get("dry_run") for r in runs] == [True, True, False, False, False, False]
    assert log.verify().ok


def test_a_stored_kind_without_a_period_fails_the_policy_item(services: Any) -> None:
    assert evidence(services, "retention.policy_defined").status == "pass"
    services.vault.put("cust-1", {"memo": "x"}, kind="voice_memo")  # written around the API's check
    failed = evidence(services, "retention.policy_defined")
    assert failed.status == "fail" and "voice_memo" in failed.detail
    assert enforce(services, actor="dpo", dry_run=True).unclassified == {"voice_memo": 1}


def test_root_key_age_is_measured_against_the_rotation_limit(services: Any) -> None:
    fresh = evidence(services, "vault.root_key_age", "pdpa")
    assert fresh.status == "pass" and "0 days old" in fresh.detail


@pytest.fixture
def client(services: Any) -> Any:
    from fastapi.testclient import TestClient

    from kawal.app import create_app

    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


def test_retention_api_and_record_kinds(client: Any, services: Any, sign_in_as: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    put_old(services, monkeypatch, "cust-1", {"transcript": "lama"}, "chat_transcript")
    dpo, agent = sign_in_as("dpo").headers, sign_in_as("agent").headers
    assert client.post("/v1/retention/enforce", json={}, headers=agent).status_code == 403
    dry = client.post("/v1/retention/enforce", json={}, headers=dpo).json()
    assert dry["dry_run"] is True and dry["records_expired"] == 1
    done = client.post("/v1/retention/enforce", json={"dry_run": False}, headers=dpo).json()
    assert done["records_expired"] == 1 and done["keys_destroyed"] == 1
    made = client.post("/v1/records", json={"subject_id": "c-9", "record": {"t": 1}, "kind": "call_transcript"},
                       headers=agent)
    assert made.status_code == 201
    assert services.vault.records_of(services.vault.subject_ref("c-9"))[0].kind == "call_transcript"
    unknown = client.post("/v1/records", json={"subject_id": "c-9", "record": {"t": 1}, "kind": "voice_memo"},
                          headers=agent)
    assert unknown.status_code == 422 and "retention" in unknown.json()["error"]["message"]


@SQLITE_ONLY
def test_cli_retention(cli_env: dict[str, str], services: Any, monkeypatch: pytest.MonkeyPatch, cli_operator: Any) -> None:
    put_old(services, monkeypatch, "cust-1", {"transcript": "lama"}, "email_transcript")

    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, *args], env=cli_env, capture_output=True, text=True, timeout=120, check=False)

    dry = kawal("retention", "enforce", "--dry-run", "--format", "json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["records_expired"] == 1
    done = kawal("retention", "enforce")
    assert done.returncode == 0 and "removed 1 records" in done.stdout
    assert "removed 0 records" in kawal("retention", "enforce").stdout
    put = subprocess.run([KAWAL, "vault", "put", "--subject", "c-2", "--kind", "voice_memo", "--purpose", "T"],
                         input='{"a": 1}', env=cli_operator("agent"), capture_output=True, text=True, timeout=120,
                         check=False)
    assert put.returncode != 0 and "unknown record kind" in put.stderr and "Traceback" not in put.stderr


def test_an_old_root_key_fails_the_rotation_item(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    provider = services.vault._keys
    monkeypatch.setattr(provider, "created_at", lambda version: "2025-01-01T00:00:00+00:00")
    stale = evidence(services, "vault.root_key_age", "pdpa")
    assert stale.status == "fail" and "rotation policy 180 days" in stale.detail and stale.remediation
