"""The HTTP API in-process: routes, error bodies for bad input, probes, metrics, and log hygiene."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from kawal.app import create_app
from kawal.logging import configure_logging
from kawal.services import Services
from vault import FileKeyProvider, Vault
from vault.models import vault_records

BUDI = {"name": "Budi Santoso", "phone": "0812 8877 4410", "email": "budi@example.co.id", "nik": "3171234567890001"}


@pytest.fixture
def client(services: Services, sign_in_as: Any) -> Iterator[TestClient]:
    """A client signed in as an agent working case CASE-1001."""
    agent = sign_in_as("agent")
    with TestClient(create_app(services), raise_server_exceptions=False, headers=agent.headers) as test_client:
        yield test_client


@pytest.fixture
def officer(sign_in_as: Any) -> dict[str, str]:
    """Headers of a security officer who just entered a code (shredding needs a fresh one)."""
    return sign_in_as("security_officer").headers  # type: ignore[no-any-return]


@pytest.fixture
def approve(client: TestClient, sign_in_as: Any) -> Any:
    """approve("cust-1") -> the id of a DPO's approval to erase that subject (four eyes)."""
    dpo = sign_in_as("dpo").headers

    def grant(subject_id: str) -> str:
        granted = client.post("/v1/approvals", json={"action": "subjects.erase", "subject_id": subject_id,
                                                     "reason": "DSAR verified"}, headers=dpo)
        assert granted.status_code == 201, granted.text
        return str(granted.json()["approval_id"])

    return grant


def _create(client: TestClient, subject: str = "cust-1", record: dict[str, Any] | None = None) -> str:
    response = client.post("/v1/records", json={"subject_id": subject, "record": record or BUDI})
    assert response.status_code == 201, response.text
    return str(response.json()["record_id"])


def test_record_lifecycle(client: TestClient, officer: dict[str, str], approve: Any) -> None:
    record_id = _create(client)
    got = client.get(f"/v1/records/{record_id}", headers={"X-Kawal-Purpose": "CASE-42"})
    assert got.status_code == 200
    assert got.json()["record"] == BUDI
    found = client.post("/v1/records/find", json={"field": "phone", "value": "+62 812 8877 4410"})
    assert found.json() == {"record_ids": [record_id]}
    alone = client.post("/v1/subjects/shred", json={"subject_id": "cust-1"}, headers=officer)
    assert alone.status_code == 403 and alone.json()["error"]["type"] == "approval_required"
    shred = client.post("/v1/subjects/shred", json={"subject_id": "cust-1", "approval_id": approve("cust-1")},
                        headers=officer)
    assert shred.status_code == 200
    assert shred.json()["records_affected"] == 1
    gone = client.get(f"/v1/records/{record_id}")
    assert gone.status_code == 410
    assert gone.json()["error"]["type"] == "subject_shredded"


@pytest.mark.parametrize(
    ("kwargs", "status", "kind"),
    [
        ({"content": b'{"subject_id": "x", "record": {', "headers": {"content-type": "application/json"}}, 400, "malformed_json"),
        ({"content": b'{"subject_id": "\xff\xfe", "record": {}}', "headers": {"content-type": "application/json"}}, 400, "invalid_encoding"),
        ({"json": {"subject_id": "x"}}, 422, "invalid_request"),
        ({"json": {"subject_id": "x", "record": [1, 2]}}, 422, "invalid_request"),
        ({"json": {"subject_id": "", "record": {}}}, 422, "invalid_request"),
        ({"json": {"subject_id": "x", "record": {}, "admin": True}}, 422, "invalid_request"),
        ({"content": b"subject_id=x", "headers": {"content-type": "text/plain"}}, 422, "invalid_request"),
        ({"json": {"subject_id": "x", "record": {"notes": "x" * 5000}}}, 413, "body_too_large"),
    ],
)
def test_bad_input_gets_a_clear_4xx(client: TestClient, kwargs: dict[str, Any], status: int, kind: str) -> None:
    response = client.post("/v1/records", **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]["type"] == kind
    assert response.json()["error"]["message"]


def test_streamed_body_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"subject_id": "x", "record": {"notes": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}}'

    response = client.post("/v1/records", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "body_too_large"


def test_record_over_the_policy_limit(make_vault: Any, services: Services, sign_in_as: Any) -> None:
    services.vault = make_vault(max_record_bytes=100)
    with TestClient(create_app(services), headers=sign_in_as("agent").headers) as small:
        response = small.post("/v1/records", json={"subject_id": "x", "record": {"notes": "z" * 200}})
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "record_too_large"


def test_lookup_errors(client: TestClient, officer: dict[str, str], approve: Any) -> None:
    assert client.get("/v1/records/nope").status_code == 404
    response = client.post("/v1/records/find", json={"field": "name", "value": "Budi"})
    assert response.status_code == 422
    assert response.json()["error"]["type"] == "unknown_search_field"
    # Without an approval nothing is said about the subject, not even whether it exists.
    assert client.post("/v1/subjects/shred", json={"subject_id": "never"}, headers=officer).status_code == 403
    assert client.post("/v1/subjects/shred", json={"subject_id": "never", "approval_id": approve("never")},
                       headers=officer).status_code == 404
    assert client.get("/nowhere").json()["error"]["type"] == "not_found"


def test_tampered_record_is_a_409_with_no_plaintext(client: TestClient, database: Any) -> None:
    record_id = _create(client)
    with database.engine.begin() as conn:
        conn.execute(update(vault_records).values(blob=b"\x01" + b"\x00" * 80))
    response = client.get(f"/v1/records/{record_id}")
    assert response.status_code == 409
    assert response.json()["error"]["type"] == "record_tampered"
    assert "Budi" not in response.text


def test_probes_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/records", "/v1/records/{record_id}", "/v1/records/find", "/v1/subjects/shred"} <= set(paths)
    _create(client)
    metrics = client.get("/metrics").text
    assert 'kawal_vault_operations_total{operation="put"} 1.0' in metrics
    assert 'kawal_http_requests_total{method="POST",route="/v1/records",status="201"}' in metrics


def test_readyz_reports_a_wrong_root_key(services: Services, tmp_path: Path, database: Any) -> None:
    services.vault.put("cust-1", BUDI)
    other = FileKeyProvider.create(tmp_path / "other.key")
    services.vault = Vault(database.engine, other, services.vault.policy)
    with TestClient(create_app(services)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reason"] == "root_key_error"


def test_logs_never_contain_record_contents(client: TestClient, officer: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("debug", "json")
    try:
        record_id = _create(client)
        client.get(f"/v1/records/{record_id}")
        client.post("/v1/records/find", json={"field": "phone", "value": "0812 8877 4410"})
        client.post("/v1/records", content=b'{"subject_id": "cust-1", "record": {"name": "Budi Santoso"',
                    headers={"content-type": "application/json"})
        client.post("/v1/subjects/shred", json={"subject_id": "cust-1"}, headers=officer)
        logged = capsys.readouterr().err
    finally:
        logging.getLogger().handlers.clear()
    assert '"event": "http_request"' in logged
    for secret in ("Budi", "Santoso", "8877 4410", "88774410", "3171234567890001", "budi@example", "cust-1"):
        assert secret not in logged, secret
