"""What a security probe of the running service found (issue 13), each a test on SQLite and PostgreSQL.

Every test here failed before its fix: deep records stored but unreadable, NUL bytes reaching
PostgreSQL, a client-chosen source address, overflowing look-backs, Host-built redirects, weak
passwords, a tenant without admins, non-UTF-8 bodies, world-readable files and recovery-code
sessions reading customer data.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pyotp
import pytest
from fastapi.testclient import TestClient

from auth import AccountChangeRefused, InvalidCredentials, TooManyAttempts, Totp, WeakPassword
from kawal import dsar
from kawal.app import create_app
from kawal.db import make_engine
from vault import AccessContext, RecordTooDeep

if TYPE_CHECKING:
    from conftest import FakeClock

KAWAL_BIN = str(Path(sys.executable).parent / "kawal")
TEST_PASSWORD = "correct horse battery staple"

AGENT_CASE = {"X-Kawal-Purpose": "CASE-1001"}


def nested(depth: int) -> dict[str, Any]:
    """A record {"n": {"n": ... {"leaf": 1}}} that nests *depth* levels."""
    record: dict[str, Any] = {"leaf": 1}
    for _ in range(depth - 1):
        record = {"n": record}
    return record


@pytest.fixture
def app(services: Any) -> Any:
    return create_app(services)


@pytest.fixture
def agent(app: Any, sign_in_as: Any) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, headers=sign_in_as("agent").headers) as client:
        yield client


# -- 1. records nested too deep -------------------------------------------------------------------

def test_records_deeper_than_the_limit_are_refused_at_write_time(agent: TestClient, vault: Any, services: Any) -> None:
    limit = services.vault.policy.max_record_depth
    assert limit == 32
    ok = agent.post("/v1/records", json={"subject_id": "cust-1", "record": nested(limit)})
    assert ok.status_code == 201, ok.text
    assert agent.get(f"/v1/records/{ok.json()['record_id']}").json()["record"] == nested(limit)
    for depth in (limit + 1, 200, 500):
        refused = agent.post("/v1/records", json={"subject_id": "cust-1", "record": nested(depth)})
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["type"] == "record_too_deep"
    with pytest.raises(RecordTooDeep):
        vault.put("cust-1", nested(limit + 1))
    record_id = vault.put("cust-1", {"a": 1})
    with pytest.raises(RecordTooDeep):
        vault.update(record_id, {"deep": nested(limit)})


def test_the_cli_refuses_a_deep_record(cli_env: dict[str, str], cli_operator: Any) -> None:
    subprocess.run([KAWAL_BIN, "db", "upgrade"], env=cli_env, check=True, capture_output=True)
    result = subprocess.run([KAWAL_BIN, "vault", "put", "--subject", "cust-1", "--purpose", "CASE-1"],
                            input=json.dumps(nested(40)).encode(), env=cli_operator("agent"), capture_output=True,
                            timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert b"40 levels deep, the limit is 32" in result.stderr and b"Traceback" not in result.stderr


def test_a_record_stored_before_the_limit_stays_readable_and_does_not_break_the_export(
    services: Any, make_vault: Any, sign_in_as: Any, app: Any,
) -> None:
    legacy = make_vault(max_record_depth=2_000)  # as the vault was before the limit
    deep_id = legacy.put("cust-42", nested(400))
    good_id = services.vault.put("cust-42", {"name": "Budi Santoso", "phone": "0812 8877 4410"})
    with TestClient(app, raise_server_exceptions=False, headers=sign_in_as("agent").headers) as client:
        got = client.get(f"/v1/records/{deep_id}")
        assert got.status_code == 200, got.text
        assert got.json()["record"] == nested(400)
    request = dsar.open_request(services, "access", "gdpr", identifiers={"phone": "0812 8877 4410"}, actor="dpo")
    dsar.verify(services, request.request_id, actor="dpo", method="OTP to the phone on file")
    from kawal.approvals import grant, request_target

    approval = grant(services, AccessContext(actor="dpo-2", role="dpo"), "records.export",
                     request_target(request.request_id), reason="checked")
    with TestClient(app, raise_server_exceptions=False, headers=sign_in_as("dpo").headers) as client:
        answer = client.post(f"/v1/dsar/{request.request_id}/export", json={"approval_id": approval.approval_id})
    assert answer.status_code == 200, answer.text
    subject = answer.json()["subjects"][0]
    assert [r["record_id"] for r in subject["records"]] == [good_id]
    assert [r["record_id"] for r in subject["unreadable_records"]] == [deep_id]
    assert "deeper than 32 levels" in subject["unreadable_records"][0]["reason"]


# -- 2. NUL and lone surrogates ---------------------------------------------------------------------

NUL_REQUESTS = [
    ("POST", "/v1/auth/login", {"username": "siti\u0000", "password": "x" * 12}, None),
    ("POST", "/v1/records", {"subject_id": "cust\u0000", "record": {}}, "agent"),
    ("POST", "/v1/records", {"subject_id": "cust-1", "record": {"note": "a\u0000b"}}, "agent"),
    ("POST", "/v1/records", {"subject_id": "cust-1", "record": {"k\u0000": 1}}, "agent"),
    ("POST", "/v1/records", {"subject_id": "cust-1", "record": {"note": "\ud800"}}, "agent"),
    ("POST", "/v1/records/find", {"field": "phone", "value": "0812\u0000"}, "agent"),
    ("GET", "/v1/records/ab%00", None, "agent"),
    ("GET", "/v1/audit/events?actor=siti%00", None, "security_officer"),
    ("GET", "/v1/audit/events?subject_id=%ED%A0%80", None, "security_officer"),
    ("POST", "/v1/audit/breaches", {"title": "lost\u0000laptop", "detected_at": "2026-11-20T09:00Z",
                                    "affected_subjects": 3, "data_classes": ["nik"]}, "security_officer"),
    ("POST", "/v1/audit/breaches", {"title": "lost laptop", "detected_at": "2026-11-20T09:00Z",
                                    "affected_subjects": 3, "data_classes": ["n\u0000ik"]}, "security_officer"),
    ("POST", "/v1/dsar", {"kind": "access", "framework": "gdpr", "phone": "0812 8877 4410", "reference": "T\u00009"}, "dpo"),
    ("POST", "/v1/legal-holds", {"phone": "0812 8877 4410", "reason": "claim\u0000"}, "dpo"),
    ("POST", "/v1/users", {"username": "rina", "password": TEST_PASSWORD, "role": "agent", "display_name": "R\u0000"}, "admin"),
    ("POST", "/v1/users/ab%00/disable", None, "admin"),
    ("POST", "/v1/users/ab%00/unlock", None, "admin"),
    ("POST", "/v1/api-keys", {"name": "etl\u0000", "scopes": ["redaction"]}, "admin"),
    ("DELETE", "/v1/auth/sessions/ab%00", None, "agent"),
    ("POST", "/v1/redact", {"profile": "default", "items": [{"id": "1", "text": "halo\u0000"}]}, "agent"),
]


def test_the_library_refuses_what_the_driver_cannot_store(vault: Any) -> None:
    from vault import InvalidSubject, RecordNotFound

    with pytest.raises(InvalidSubject):
        vault.put("cust\x00", {"a": 1})
    with pytest.raises(RecordNotFound):
        vault.get("ab\x00")


@pytest.mark.parametrize(("method", "path", "body", "role"), NUL_REQUESTS,
                         ids=[f"{m} {p.split('?')[0]} {n}" for n, (m, p, _, _) in enumerate(NUL_REQUESTS)])
def test_nul_and_lone_surrogates_are_refused_with_422(app: Any, sign_in_as: Any, method: str, path: str,
                                                      body: Any, role: str | None) -> None:
    headers = dict(sign_in_as(role, purpose="CASE-9").headers) if role else {}
    with TestClient(app, raise_server_exceptions=False) as client:
        content = json.dumps(body).encode() if body is not None else None
        response = client.request(method, path, content=content, headers={**headers, "content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["type"] == "invalid_text"


def test_text_with_escapes_that_are_fine_still_passes(agent: TestClient) -> None:
    record = {"note": "Budi \u00e9\u4e2d \U0001f600 tab\there", "quote": "\\u0000 is six characters here"}
    body = json.dumps({"subject_id": "cust-1", "record": record}, ensure_ascii=True).encode()  # every \\u escaped
    created = agent.post("/v1/records", content=body, headers={"content-type": "application/json"})
    assert created.status_code == 201, created.text
    assert agent.get(f"/v1/records/{created.json()['record_id']}").json()["record"] == record


# -- 3. the client's address -----------------------------------------------------------------------

def test_one_nat_address_does_not_lock_a_floor_and_one_guesser_is_stopped(make_auth: Any, clock: FakeClock) -> None:
    service = make_auth()
    for n in range(40):
        service.create_user(f"agent{n}", TEST_PASSWORD, "agent")
    nat = "198.51.100.7"
    for n in range(40):  # every agent on the floor mistypes twice at shift start
        for _ in range(2):
            with pytest.raises(InvalidCredentials):
                service.login_password(f"agent{n}", "wrong guess here", ip=nat)
    limit = service.policy.lockout.ip_user_max_failures
    for _ in range(limit - 2):
        with pytest.raises(InvalidCredentials):
            service.login_password("agent0", "still guessing 123", ip=nat)
    with pytest.raises(TooManyAttempts):
        service.login_password("agent0", TEST_PASSWORD, ip=nat)  # the guesser is stopped, even with the right one
    assert service.login_password("agent1", TEST_PASSWORD, ip=nat).next_step == "enrol"  # the floor is not
    assert service.login_password("agent0", TEST_PASSWORD, ip="198.51.100.8").next_step == "enrol"


@pytest.mark.slow
def test_the_server_ignores_forwarded_for_unless_the_proxy_is_trusted(cli_env: dict[str, str], tmp_path: Path, services: Any,
                                                                     start_server: Any) -> None:
    services.auth.create_user("siti", TEST_PASSWORD, "agent")
    with start_server(cli_env, tmp_path / "plain.log") as server, httpx.Client(base_url=server.base_url, timeout=10) as client:
        statuses = [client.post("/v1/auth/login", json={"username": "siti", "password": f"wrong password {n}"},
                                headers={"X-Forwarded-For": f"10.66.{n}.66"}).status_code for n in range(12)]
        assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429], statuses
    with start_server({**cli_env, "KAWAL_TRUSTED_PROXIES": "127.0.0.1"}, tmp_path / "proxied.log") as server, \
            httpx.Client(base_url=server.base_url, timeout=10) as client:
        for header in ("203.0.113.50", "i-am-not-an-ip<script>"):
            client.post("/v1/auth/login", json={"username": "siti", "password": "wrong password x"},
                        headers={"X-Forwarded-For": header})
    failed = [e.fields() for e in services.trail.log.search(action="auth.login_failed", limit=100)]
    sources = [e.get("source_ip") for e in failed]
    assert "10.66.0.66" not in sources and not any(s and "script" in s for s in sources)
    assert sources[:10] == ["127.0.0.1"] * 10
    assert "203.0.113.50" in sources  # a trusted proxy's word is taken, when it is an address


def test_trusted_proxies_must_be_addresses() -> None:
    from pydantic import ValidationError

    from kawal.settings import Settings

    assert Settings(trusted_proxies="10.0.0.2, 172.18.0.0/16").trusted_proxy_list() == ["10.0.0.2", "172.18.0.0/16"]
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="proxy.internal")


# -- 4. audit queries that overflowed ---------------------------------------------------------------

@pytest.mark.parametrize("query", ["since=99999999999d", "since=1000000w", "until=99999999999999999999s",
                                   "since=99999-01-01", f"after={2**63}", f"after={2**64}", "after=-1"])
def test_audit_queries_out_of_range_are_422(app: Any, sign_in_as: Any, query: str) -> None:
    with TestClient(app, raise_server_exceptions=False, headers=sign_in_as("security_officer").headers) as client:
        response = client.get(f"/v1/audit/events?{query}")
    assert response.status_code == 422, response.text


def test_audit_cli_refuses_an_overflowing_look_back(cli_env: dict[str, str]) -> None:
    result = subprocess.run([KAWAL_BIN, "audit", "events", "--since", "99999999999d"], env=cli_env,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 2 and b"Traceback" not in result.stderr, result.stderr


# -- 5. redirects built from the Host header -------------------------------------------------------

def test_no_redirect_follows_the_host_header(agent: TestClient) -> None:
    for path in ("/v1/records/X/", "/v1/audit/events/", "/healthz/"):
        response = agent.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 404, (path, response.status_code)
        assert "location" not in response.headers


# -- 6. weak passwords -----------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", " " * 12, "qwertyuiop123", "123456789012",
                                      "iloveyou2026", "rina.agent.2026", "kawal passphrase"])
def test_weak_passwords_are_refused(app: Any, sign_in_as: Any, password: str) -> None:
    with TestClient(app, raise_server_exceptions=False, headers=sign_in_as("admin").headers) as client:
        response = client.post("/v1/users", json={"username": "rina.agent", "password": password, "role": "agent"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["type"] == "weak_password"


def test_strong_passphrases_pass_and_old_weak_hashes_still_sign_in(make_auth: Any) -> None:
    service = make_auth()
    for n, password in enumerate(["jeruk nipis di pagi hari", "winter harbour lantern 47", "Tr0ub4dor&3-kopi-susu"]):
        service.create_user(f"user{n}", password, "agent")
    with pytest.raises(WeakPassword, match="username"):
        service.create_user("budi.santoso", "Budi.Santoso#77!x", "agent")
    with pytest.raises(WeakPassword, match="name"):
        service.create_user("u9", "tiger lily moon Wulandari", "agent", display_name="Dewi Wulandari")


# -- 7. the last admin ---------------------------------------------------------------------------

def test_admins_cannot_disable_themselves_nor_the_last_admin(app: Any, sign_in_as: Any, services: Any) -> None:
    admin = sign_in_as("admin", username="admin")
    with TestClient(app, raise_server_exceptions=False, headers=admin.headers) as client:
        own = client.post("/v1/users/admin/disable")
        assert own.status_code == 409 and own.json()["error"]["type"] == "account_change_refused", own.text
        services.auth.create_user("ops.admin", TEST_PASSWORD, "admin")
        assert client.post("/v1/users/ops.admin/disable").status_code == 204
    with pytest.raises(AccountChangeRefused, match="last active admin"):
        services.auth.disable_user("admin", actor="cli:root")
    services.auth.create_user("agent.rina", TEST_PASSWORD, "agent")
    services.auth.disable_user("agent.rina", actor="cli:root")


# -- 8. bodies that are not UTF-8 ------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_non_utf8_and_bom_bodies_are_400(agent: TestClient, encoding: str) -> None:
    body = json.dumps({"subject_id": "cust-1", "record": {"name": "Budi"}}).encode(encoding)
    response = agent.post("/v1/records", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["type"] == "invalid_encoding"


# -- 9. file modes --------------------------------------------------------------------------------

def test_the_sqlite_database_and_checkpoints_are_created_0600(tmp_path: Path, services: Any) -> None:
    old = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'kawal.db'}")
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        files = sorted((tmp_path / "new").iterdir())
        assert {f.name for f in files} >= {"kawal.db", "kawal.db-wal"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        engine.dispose()
        services.trail.export_dir = tmp_path / "checkpoints"
        services.vault.put("cust-1", {"a": 1})
        signed = services.trail.checkpoint()
        assert signed is not None
        exported = sorted((tmp_path / "checkpoints").iterdir())
        assert exported and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in exported)
    finally:
        os.umask(old)


# -- 10. sessions opened with a recovery code -------------------------------------------------------

def test_a_recovery_code_session_can_only_enrol_until_a_new_factor_is_confirmed(
    app: Any, services: Any, clock: FakeClock,
) -> None:
    auth = services.auth
    auth.create_user("siti", TEST_PASSWORD, "agent")
    phone = Totp(auth.begin_enrolment("siti").secret, auth.policy.totp)
    codes = auth.confirm_enrolment("siti", phone.now(clock.now))
    record_id = services.vault.put("cust-1", {"name": "Budi"})
    session = auth.login_recovery(auth.login_password("siti", TEST_PASSWORD).token, codes[0])
    bearer = {"Authorization": f"Bearer {session.token}", **AGENT_CASE}
    with TestClient(app, raise_server_exceptions=False, headers=bearer) as client:
        refused = client.get(f"/v1/records/{record_id}")
        assert refused.status_code == 401 and refused.json()["error"]["type"] == "reenrolment_required", refused.text
        assert client.post("/v1/records/find", json={"field": "phone", "value": "0812"}).status_code == 401
        clock.advance(600)  # past the step-up window: a lost phone cannot give a fresh code
        enrolment = client.post("/v1/auth/enrol")
        assert enrolment.status_code == 200, enrolment.text
        new_phone = pyotp.parse_uri(enrolment.json()["otpauth_uri"])
        clock.advance(30)
        confirmed = client.post("/v1/auth/enrol/confirm", json={"code": new_phone.at(clock.now)})
        assert confirmed.status_code == 200, confirmed.text
        assert client.get(f"/v1/records/{record_id}").status_code == 200
    assert services.vault.get(record_id, AccessContext(actor="x")).data == {"name": "Budi"}
