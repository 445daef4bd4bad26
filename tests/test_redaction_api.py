"""`POST /v1/redact` for pipeline service accounts: results, bounds, bad input, scopes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kawal.app import create_app

SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def pipeline(services: Any) -> dict[str, str]:
    token = services.auth.create_api_key("nightly-bi", ["redaction"]).token
    return {"Authorization": f"Bearer {token}", "X-Kawal-Purpose": "nightly-bi-export"}


@SQLITE_ONLY
def test_a_batch_is_redacted_with_original_offsets(client: TestClient, pipeline: dict[str, str]) -> None:
    texts = ["NIK saya 3174056708900003", "nomor saya kosong delapan satu tiga double dua empat lima lima sembilan delapan satu", "halo"]
    body = {"items": [{"id": str(i), "text": t} for i, t in enumerate(texts)]}
    response = client.post("/v1/redact", json=body, headers=pipeline)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["text"] for i in items] == ["NIK saya <ID_NIK>", "nomor saya <PHONE_NUMBER>", "halo"]
    e = items[1]["entities"][0]
    assert texts[1][e["start"] : e["end"]].startswith("kosong delapan") and e["end"] == len(texts[1])
    assert response.json()["counts"] == {"ID_NIK": 1, "PHONE_NUMBER": 1}


@SQLITE_ONLY
def test_analytics_profile_uses_the_tenant_key(client: TestClient, pipeline: dict[str, str]) -> None:
    body = {"profile": "analytics", "items": [{"text": "hp 0812-8877-4410"}, {"text": "phone +62 812 8877 4410"}]}
    items = client.post("/v1/redact", json=body, headers=pipeline).json()["items"]
    token = items[0]["text"].removeprefix("hp ")
    assert token.startswith("<PHONE_NUMBER_") and items[1]["text"] == f"phone {token}"


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"profile": "nope", "items": [{"text": "x"}]}, 422, "unknown_profile"),
        ({"items": []}, 422, "invalid_request"),
        ({"items": [{"text": 5}]}, 422, "invalid_request"),
        ({"items": [{"text": "x", "extra": 1}]}, 422, "invalid_request"),
        ({"items": [{"text": "x"}] * 501}, 413, "body_too_large"),
        ({"items": [{"text": "x" * 100_001}]}, 413, "body_too_large"),
    ],
)
def test_bad_requests_are_4xx(client: TestClient, pipeline: dict[str, str], body: dict[str, Any], status: int, kind: str) -> None:
    response = client.post("/v1/redact", json=body, headers=pipeline)
    assert response.status_code == status, response.text
    assert response.json()["error"]["type"] == kind


@SQLITE_ONLY
def test_malformed_json_and_bad_utf8(client: TestClient, pipeline: dict[str, str]) -> None:
    headers = {**pipeline, "Content-Type": "application/json"}
    assert client.post("/v1/redact", content=b'{"items": [', headers=headers).status_code == 400
    assert client.post("/v1/redact", content=b'{"items": [{"text": "\xff"}]}', headers=headers).status_code in (400, 422)


@SQLITE_ONLY
def test_a_vault_writer_key_may_not_redact(client: TestClient, services: Any) -> None:
    token = services.auth.create_api_key("crm", ["vault-writer"]).token
    headers = {"Authorization": f"Bearer {token}", "X-Kawal-Purpose": "x"}
    assert client.post("/v1/redact", json={"items": [{"text": "x"}]}, headers=headers).status_code == 403


@SQLITE_ONLY
def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient, pipeline: dict[str, str]) -> None:
    body = b'{"items": [{"text": "kartu \\ud800 4532 1123 4567 8900"}]}'
    response = client.post("/v1/redact", content=body, headers={**pipeline, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "4532" not in response.text
