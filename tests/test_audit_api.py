"""The security officer's audit API: events with filters, CSV, paging, proofs; nobody else gets in."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from audit import load_public_key, verify_proof
from kawal.app import create_app

BUDI = {"name": "Budi Santoso", "phone": "0812 8877 4410"}


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def officer(sign_in_as: Any) -> dict[str, str]:
    return sign_in_as("security_officer", username="dpo", purpose="AUDIT-2026-Q4").headers  # type: ignore[no-any-return]


def _activity(client: TestClient, sign_in_as: Any) -> str:
    agent = sign_in_as("agent", username="a17")
    record_id = client.post("/v1/records", json={"subject_id": "cust-1", "record": BUDI}, headers=agent.headers).json()["record_id"]
    for _ in range(3):
        assert client.get(f"/v1/records/{record_id}", headers=agent.headers).status_code == 200
    return str(record_id)


def test_officer_filters_events_by_actor_subject_action_and_time(client: TestClient, sign_in_as: Any, officer: dict[str, str], services: Any) -> None:
    _activity(client, sign_in_as)
    reads = client.get("/v1/audit/events", params={"actor": "a17", "action": "records.read"}, headers=officer).json()
    assert [e["action"] for e in reads["events"]] == ["records.read"] * 3 and reads["next_after"] is None
    about = client.get("/v1/audit/events", params={"subject_id": "cust-1"}, headers=officer).json()["events"]
    assert [e["action"] for e in about] == ["records.write"] + ["records.read"] * 3
    assert all(e["intact"] and "Budi" not in str(e) for e in about)
    auth = client.get("/v1/audit/events", params={"action": "auth.*", "actor": "a17"}, headers=officer).json()["events"]
    assert {"auth.user_created", "auth.mfa_succeeded"} <= {e["action"] for e in auth}
    future = client.get("/v1/audit/events", params={"since": "2099-01-01"}, headers=officer).json()
    assert future == {"events": [], "next_after": None}
    query = client.get("/v1/audit/events", params={"action": "audit.query"}, headers=officer).json()["events"]
    assert query[-1]["actor"] == "dpo" and query[-1]["purpose"] == "AUDIT-2026-Q4"
    assert query[-1]["subjects"] == [services.vault.subject_ref("cust-1")]
    services.vault.shred("cust-1")
    erased = client.get("/v1/audit/events", params={"subject_id": "cust-1"}, headers=officer)
    assert erased.status_code == 410 and erased.json()["error"]["type"] == "subject_shredded"
    assert services.vault.subject_ref("cust-1") not in erased.text


def test_paging_and_csv(client: TestClient, sign_in_as: Any, officer: dict[str, str]) -> None:
    _activity(client, sign_in_as)
    first = client.get("/v1/audit/events", params={"limit": 3}, headers=officer).json()
    second = client.get("/v1/audit/events", params={"limit": 3, "after": first["next_after"]}, headers=officer).json()
    assert [e["seq"] for e in first["events"]] == [1, 2, 3] and second["events"][0]["seq"] == 4
    response = client.get("/v1/audit/events", params={"format": "csv", "actor": "a17", "action": "records."}, headers=officer)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["action"] for r in rows] == ["records.write"] + ["records.read"] * 3
    assert rows[1]["purpose"] == "CASE-1001" and rows[1]["intact"] == "true" and rows[1]["data_classes"] == "name;phone"


def test_proofs_and_latest_checkpoint(client: TestClient, sign_in_as: Any, officer: dict[str, str], services: Any) -> None:
    _activity(client, sign_in_as)
    assert client.get("/v1/audit/events/2/proof", headers=officer).status_code == 404
    services.trail.checkpoint()
    latest = client.get("/v1/audit/checkpoints/latest", headers=officer).json()
    proof = client.get("/v1/audit/events/2/proof", headers=officer).json()
    assert verify_proof(proof, load_public_key(latest["public_key"])).ok


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_only_security_officers_and_bad_input_is_4xx(client: TestClient, sign_in_as: Any, officer: dict[str, str]) -> None:
    agent = sign_in_as("agent")
    assert client.get("/v1/audit/events", headers=agent.headers).status_code == 403
    assert client.get("/v1/audit/events").status_code == 401
    for params in ({"since": "last tuesday"}, {"limit": 0}, {"limit": 5000}, {"after": -1}, {"format": "xml"}, {"actor": "x" * 500}):
        assert client.get("/v1/audit/events", params=params, headers=officer).status_code == 422, params
    assert client.get("/v1/audit/events/99999999999999999999999/proof", headers=officer).status_code == 422
    assert client.get("/v1/audit/events/0/proof", headers=officer).status_code == 422
