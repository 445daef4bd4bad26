"""The guard over HTTP: every customer-data route refuses what it must, and sign-in works end to end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from auth import Totp
from kawal.app import create_app

if TYPE_CHECKING:
    from conftest import FakeClock, SignedIn

PASSWORD = "correct horse battery staple"
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
def app_client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield client


def customer_data_routes(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, concrete path, example body) of every route the OpenAPI document marks as customer data."""
    spec = client.get("/openapi.json").json()
    routes = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if operation.get("x-kawal-customer-data"):
                concrete = re.sub(r"\{[^}]+\}", "0123456789abcdef0123456789abcdef", path)
                body: dict[str, Any] = {}
                if path == "/v1/records" and method == "post":
                    body = {"subject_id": "cust-1", "record": {"a": 1}}
                elif path.endswith("/find"):
                    body = {"field": "phone", "value": "0812 1111 2222"}
                elif path.endswith("/shred"):
                    body = {"subject_id": "cust-1"}
                elif path == "/v1/redact":
                    body = {"items": [{"text": "nomor saya 0812 8877 4410"}]}
                routes.append((method.upper(), concrete, body))
    return routes


def test_every_route_under_v1_records_and_subjects_is_marked(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        if path.startswith(("/v1/records", "/v1/subjects")):
            for method, operation in operations.items():
                assert operation.get("x-kawal-customer-data"), f"{method.upper()} {path} is not marked as customer data"
    assert len(customer_data_routes(app_client)) >= 4


@SQLITE_ONLY
def test_the_guard_on_every_customer_data_route(app_client: TestClient, services: Any, sign_in_as: Any, clock: FakeClock) -> None:
    routes = customer_data_routes(app_client)
    agent: SignedIn = sign_in_as("agent")
    admin: SignedIn = sign_in_as("admin")
    services.auth.create_user("pending-pat", PASSWORD, "agent")
    enrol_token = services.auth.login_password("pending-pat", PASSWORD).token
    mfa_token = services.auth.login_password(agent.username, PASSWORD).token
    for method, path, body in routes:
        def call(headers: dict[str, str], method: str = method, path: str = path, body: dict[str, Any] = body) -> Any:
            return app_client.request(method, path, json=body or None, headers=headers)

        where = f"{method} {path}"
        assert call({}).status_code == 401, where
        assert call({"Authorization": "Bearer kws_forged", "X-Kawal-Purpose": "C-1"}).status_code == 401, where
        assert call({"Authorization": "Basic YWRtaW46YWRtaW4="}).status_code == 401, where
        assert call({"Authorization": f"Bearer {mfa_token}", "X-Kawal-Purpose": "C-1"}).status_code == 401, where
        assert call({"Authorization": f"Bearer {enrol_token}", "X-Kawal-Purpose": "C-1"}).status_code == 401, where
        assert call(admin.headers).status_code == 403, where  # admins manage users, not customer data
        if "shred" not in path:
            no_purpose = {"Authorization": agent.headers["Authorization"]}
            response = call(no_purpose)
            assert response.status_code == 400 and response.json()["error"]["type"] == "purpose_required", where
            assert call(agent.headers).status_code not in (400, 401, 403), where


@SQLITE_ONLY
def test_service_keys_are_limited_to_their_scopes(app_client: TestClient, services: Any) -> None:
    redaction = services.auth.create_api_key("nightly", ["redaction"]).token
    writer = services.auth.create_api_key("crm-import", ["vault-writer"]).token
    headers = {"X-Kawal-Purpose": "crm-sync"}
    record = {"subject_id": "cust-9", "record": {"phone": "0812 3333 4444"}}
    assert app_client.post("/v1/records", json=record, headers={**headers, "Authorization": f"Bearer {redaction}"}).status_code == 403
    created = app_client.post("/v1/records", json=record, headers={**headers, "Authorization": f"Bearer {writer}"})
    assert created.status_code == 201
    record_id = created.json()["record_id"]
    assert app_client.get(f"/v1/records/{record_id}", headers={**headers, "Authorization": f"Bearer {writer}"}).status_code == 403


def test_full_sign_in_flow_over_http(app_client: TestClient, services: Any, clock: FakeClock) -> None:
    services.auth.create_user("siti", PASSWORD, "agent")
    wrong = app_client.post("/v1/auth/login", json={"username": "siti", "password": "wrong password!!"})
    unknown = app_client.post("/v1/auth/login", json={"username": "ghost", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    login = app_client.post("/v1/auth/login", json={"username": "siti", "password": PASSWORD}).json()
    assert login["next_step"] == "enrol"
    bearer = {"Authorization": f"Bearer {login['mfa_token']}"}
    enrolment = app_client.post("/v1/auth/enrol", headers=bearer).json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/") and enrolment["qr_svg"].startswith("<svg")
    factor = Totp(enrolment["secret"], services.auth.policy.totp)
    confirmed = app_client.post("/v1/auth/enrol/confirm", json={"code": factor.now(clock.now)}, headers=bearer)
    assert confirmed.status_code == 200, confirmed.text
    assert len(confirmed.json()["recovery_codes"]) == 10
    session = {"Authorization": f"Bearer {confirmed.json()['session']['session_token']}", "X-Kawal-Purpose": "TICKET-7"}
    created = app_client.post("/v1/records", json={"subject_id": "cust-1", "record": {"name": "Budi"}}, headers=session)
    assert created.status_code == 201
    assert app_client.get(f"/v1/records/{created.json()['record_id']}", headers=session).json()["record"] == {"name": "Budi"}

    # Second sign-in: password, then TOTP; the code just used is refused as a replay.
    again = app_client.post("/v1/auth/login", json={"username": "siti", "password": PASSWORD}).json()
    assert again["next_step"] == "totp"
    bearer = {"Authorization": f"Bearer {again['mfa_token']}"}
    assert app_client.get("/v1/auth/me", headers=bearer).status_code == 401
    replay = app_client.post("/v1/auth/totp", json={"code": factor.now(clock.now)}, headers=bearer)
    assert replay.status_code == 401 and replay.json()["error"]["type"] == "code_replayed"
    for bad in ("12345", "abcdef", "1234567"):
        response = app_client.post("/v1/auth/totp", json={"code": bad}, headers=bearer)
        assert response.status_code == 422 and response.json()["error"]["type"] == "malformed_code"
    clock.advance(30)
    ok = app_client.post("/v1/auth/totp", json={"code": factor.now(clock.now)}, headers=bearer)
    assert ok.status_code == 200
    token = ok.json()["session_token"]
    me = app_client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["actor"] == "siti" and me["role"] == "agent"
    assert app_client.post("/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}).status_code == 204
    assert app_client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@SQLITE_ONLY
def test_lockout_over_http_says_when_to_retry(app_client: TestClient, services: Any, sign_in_as: Any) -> None:
    agent: SignedIn = sign_in_as("agent")
    statuses = []
    for _ in range(6):
        pending = services.auth.login_password(agent.username, PASSWORD).token
        response = app_client.post("/v1/auth/totp", json={"code": "000000"}, headers={"Authorization": f"Bearer {pending}"})
        statuses.append(response.status_code)
    assert statuses[:4] == [401] * 4 and statuses[4] == 429
    assert int(response.headers["Retry-After"]) > 0


@SQLITE_ONLY
def test_step_up_guards_shredding(app_client: TestClient, services: Any, sign_in_as: Any, clock: FakeClock) -> None:
    officer: SignedIn = sign_in_as("security_officer")
    agent: SignedIn = sign_in_as("agent")
    app_client.post("/v1/records", json={"subject_id": "cust-5", "record": {"a": 1}}, headers=agent.headers)
    clock.advance(6 * 60)
    app_client.get("/v1/auth/me", headers=officer.headers)  # keep the session alive
    stale = app_client.post("/v1/subjects/shred", json={"subject_id": "cust-5"}, headers=officer.headers)
    assert stale.status_code == 401 and stale.json()["error"]["type"] == "step_up_required"
    up = app_client.post("/v1/auth/step-up", json={"code": officer.factor.now(clock.now)}, headers=officer.headers)
    assert up.status_code == 200
    from kawal.approvals import grant, subject_target
    from vault import AccessContext

    approval = grant(services, AccessContext(actor="dpo-2", role="dpo"), "subjects.erase",
                     subject_target(services.vault.subject_ref("cust-5")), reason="DSAR verified").approval_id
    assert app_client.post("/v1/subjects/shred", json={"subject_id": "cust-5", "approval_id": approval},
                           headers=officer.headers).status_code == 200


@SQLITE_ONLY
def test_cookie_sessions_need_the_csrf_token(app_client: TestClient, services: Any, clock: FakeClock, sign_in_as: Any) -> None:
    agent: SignedIn = sign_in_as("agent")
    clock.advance(30)
    pending = services.auth.login_password(agent.username, PASSWORD).token
    response = app_client.post("/v1/auth/totp", json={"code": agent.factor.now(clock.now), "cookie": True},
                               headers={"Authorization": f"Bearer {pending}"})
    assert response.status_code == 200 and response.json()["session_token"] is None
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    token = cookie.split("kawal_session=", 1)[1].split(";", 1)[0]
    csrf = response.json()["csrf_token"]
    body = {"subject_id": "cust-2", "record": {"a": 1}}
    purpose = {"X-Kawal-Purpose": "CASE-9"}
    app_client.cookies.clear()
    app_client.cookies.set("kawal_session", token)
    assert app_client.post("/v1/records", json=body, headers=purpose).status_code == 403
    assert app_client.post("/v1/records", json=body, headers={**purpose, "X-CSRF-Token": "0" * 64}).status_code == 403
    assert app_client.post("/v1/records", json=body, headers={**purpose, "X-CSRF-Token": csrf}).status_code == 201
    assert app_client.get("/v1/auth/me").status_code == 200  # reads need no CSRF token


@SQLITE_ONLY
def test_admin_routes(app_client: TestClient, services: Any, sign_in_as: Any, clock: FakeClock) -> None:
    admin: SignedIn = sign_in_as("admin")
    officer: SignedIn = sign_in_as("security_officer")
    created = app_client.post("/v1/users", json={"username": "Budi", "password": PASSWORD, "role": "agent"}, headers=admin.headers)
    assert created.status_code == 201 and created.json()["username"] == "budi"
    assert app_client.post("/v1/users", json={"username": "budi", "password": PASSWORD, "role": "agent"}, headers=admin.headers).status_code == 409
    assert app_client.post("/v1/users", json={"username": "x", "password": "short", "role": "agent"}, headers=admin.headers).status_code == 422
    assert app_client.post("/v1/users", json={"username": "y", "password": PASSWORD, "role": "agent"}, headers=officer.headers).status_code == 403
    names = [u["username"] for u in app_client.get("/v1/users", headers=admin.headers).json()]
    assert "budi" in names
    assert app_client.post("/v1/users/budi/reset-mfa", headers=officer.headers).status_code == 204
    key = app_client.post("/v1/api-keys", json={"name": "nightly", "scopes": ["redaction"]}, headers=admin.headers)
    assert key.status_code == 201 and key.json()["token"].startswith("kwk_")
    assert app_client.post("/v1/api-keys", json={"name": "x", "scopes": ["everything"]}, headers=admin.headers).status_code == 422
    assert app_client.post("/v1/users/budi/disable", headers=admin.headers).status_code == 204
    assert app_client.post("/v1/users/nobody/disable", headers=admin.headers).status_code == 404


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b'{"username": "a", "password":', "headers": {"content-type": "application/json"}}, 400),
        ({"content": b'{"username": "\xff", "password": "x"}', "headers": {"content-type": "application/json"}}, 400),
        ({"json": {"username": "a"}}, 422),
        ({"json": {"username": "a", "password": "b", "extra": 1}}, 422),
        ({"content": b"username=a&password=b", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 422),
        ({"json": {"username": "a", "password": "p" * 3000}}, 422),
    ],
)
def test_bad_sign_in_input_is_a_4xx(app_client: TestClient, kwargs: dict[str, Any], status: int) -> None:
    response = app_client.post("/v1/auth/login", **kwargs)
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text


@SQLITE_ONLY
def test_sign_in_logs_hold_no_secrets(app_client: TestClient, services: Any, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from kawal.logging import configure_logging

    configure_logging("debug", "json")
    try:
        services.auth.create_user("siti", PASSWORD, "agent")
        app_client.post("/v1/auth/login", json={"username": "siti", "password": "a wrong password"})
        login = app_client.post("/v1/auth/login", json={"username": "siti", "password": PASSWORD}).json()
        bearer = {"Authorization": f"Bearer {login['mfa_token']}"}
        enrolment = app_client.post("/v1/auth/enrol", headers=bearer).json()
        code = Totp(enrolment["secret"], services.auth.policy.totp).now(clock.now)
        app_client.post("/v1/auth/enrol/confirm", json={"code": "000000" if code != "000000" else "111111"}, headers=bearer)
        confirmed = app_client.post("/v1/auth/enrol/confirm", json={"code": code}, headers=bearer).json()
        logged = capsys.readouterr().err + capsys.readouterr().out
    finally:
        logging.getLogger().handlers.clear()
    assert '"event": "auth_event"' in logged and '"kind": "login_failed"' in logged and '"kind": "enrolment_confirmed"' in logged
    secrets = [PASSWORD, "a wrong password", login["mfa_token"], enrolment["secret"], code,
               confirmed["session"]["session_token"], *confirmed["recovery_codes"]]
    for secret in secrets:
        assert secret not in logged, "a secret reached the log"


def test_unknown_users_cost_a_full_argon2_verification(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same answer and same work for an unknown user as for a wrong password (no enumeration by timing)."""
    from argon2 import PasswordHasher

    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str, password: str) -> bool:  # noqa: A002 - argon2's name
        calls.append(hash.split("$")[3])  # the parameters, e.g. m=19456,t=2,p=1
        return original(self, hash, password)

    services.auth.create_user("siti", PASSWORD, "agent")
    monkeypatch.setattr(PasswordHasher, "verify", counting)
    for username in ("siti", "ghost"):
        with pytest.raises(Exception, match="invalid username or password"):
            services.auth.login_password(username, "a wrong password")
    assert len(calls) == 2 and calls[0] == calls[1] == "m=19456,t=2,p=1"
