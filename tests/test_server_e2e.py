"""End to end: the real `kawal serve` process over a real socket, as an operator starts it.

The in-process API tests cover each route; this one proves the shipped entry point wires
settings, migrations check, keys, uvicorn, body limits and logs together, and shuts down cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pyotp
import pytest

if TYPE_CHECKING:
    from conftest import Database

KAWAL = str(Path(sys.executable).parent / "kawal")
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def server(cli_env: dict[str, str], database: Database, tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    log_path = tmp_path / "server.log"
    env = {**cli_env, "KAWAL_LOG_LEVEL": "info", "KAWAL_MAX_BODY_BYTES": "65536"}
    with log_path.open("wb") as log:
        process = subprocess.Popen([KAWAL, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"kawal serve exited with {process.returncode}: {server.logs()}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"kawal serve did not become ready: {server.logs()}")
        time.sleep(0.2)
    yield server
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


PASSWORD = "correct horse battery staple"


def _add_user(env: dict[str, str], username: str, role: str) -> None:
    result = subprocess.run([KAWAL, "users", "add", "--username", username, "--role", role, "--password-stdin"],
                            input=f"{PASSWORD}\n".encode(), env=env, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def _first_sign_in(client: httpx.Client, username: str, purpose: str) -> dict[str, str]:
    """Password, enrol the phone (the test plays the authenticator app), first code: a session."""
    login = client.post("/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200 and login.json()["next_step"] == "enrol", login.text
    bearer = {"Authorization": f"Bearer {login.json()['mfa_token']}"}
    enrolment = client.post("/v1/auth/enrol", headers=bearer).json()
    code = pyotp.parse_uri(enrolment["otpauth_uri"]).now()
    confirmed = client.post("/v1/auth/enrol/confirm", json={"code": code}, headers=bearer)
    assert confirmed.status_code == 200, confirmed.text
    return {"Authorization": f"Bearer {confirmed.json()['session']['session_token']}", "X-Kawal-Purpose": purpose}


def test_served_record_lifecycle_and_bad_input(server: Server, cli_env: dict[str, str]) -> None:
    _add_user(cli_env, "siti.agent", "agent")
    _add_user(cli_env, "dewi.officer", "security_officer")
    _add_user(cli_env, "ayu.dpo", "dpo")
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        assert client.post("/v1/records", json={"subject_id": "x", "record": {}}).status_code == 401
        client.headers.update(_first_sign_in(client, "siti.agent", "CASE-3141"))
        officer = _first_sign_in(client, "dewi.officer", "DSAR-77")
        dpo = _first_sign_in(client, "ayu.dpo", "DSAR-77")
        created = client.post("/v1/records", json={"subject_id": "cust-7", "record": {"name": "Siti Rahma", "phone": "0812-1234-5678"}})
        assert created.status_code == 201, created.text
        record_id = created.json()["record_id"]
        assert client.get(f"/v1/records/{record_id}").json()["record"]["name"] == "Siti Rahma"
        found = client.post("/v1/records/find", json={"field": "phone", "value": "+62 812 1234 5678"})
        assert found.json() == {"record_ids": [record_id]}

        headers = {"content-type": "application/json"}
        assert client.post("/v1/records", content=b'{"subject_id": "x", "record": {', headers=headers).status_code == 400
        assert client.post("/v1/records", content=b'{"subject_id": "\xff", "record": {}}', headers=headers).status_code in (400, 422)
        huge = json.dumps({"subject_id": "x", "record": {"notes": "y" * 200_000}}).encode()
        assert client.post("/v1/records", content=huge, headers=headers).status_code == 413
        assert client.get("/v1/records/does-not-exist").status_code == 404

        assert client.post("/v1/subjects/shred", json={"subject_id": "cust-7"}).status_code == 403
        approval = client.post("/v1/approvals", json={"action": "subjects.erase", "subject_id": "cust-7",
                                                      "reason": "DSAR-77 verified"}, headers=dpo).json()["approval_id"]
        shredded = client.post("/v1/subjects/shred", json={"subject_id": "cust-7", "approval_id": approval},
                               headers=officer)
        assert shredded.status_code == 200 and shredded.json()["records_affected"] == 1
        assert client.get(f"/v1/records/{record_id}").status_code == 410
        metrics = client.get("/metrics").text
        assert "kawal_" in metrics

    server.process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so that supervisors see the signal.
    assert server.process.wait(timeout=15) in (0, -signal.SIGTERM)
    logs = server.logs()
    assert "customer data needs a TOTP session" in logs
    for secret in ("Rahma", "1234-5678", "cust-7", PASSWORD, "session_token", "kws_"):
        assert secret not in logs, f"{secret!r} leaked into the server log"
    assert "Traceback" not in logs


def test_served_data_subject_request_hold_retention_and_pdf_report(server: Server, cli_env: dict[str, str]) -> None:
    """A DPO on the real server: a request found by phone, the export, a hold that blocks erasure, the
    erasure after release, retention, and the PDF report whose hash is in the audit chain."""
    _add_user(cli_env, "rina.agent", "agent")
    _add_user(cli_env, "ayu.dpo", "dpo")
    _add_user(cli_env, "hendra.officer", "security_officer")
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        agent = _first_sign_in(client, "rina.agent", "CASE-501")
        dpo = _first_sign_in(client, "ayu.dpo", "DPO")
        officer = _first_sign_in(client, "hendra.officer", "AUDIT")

        def approval(action: str, **target: str) -> dict[str, str]:
            """Four eyes: the security officer approves what the DPO then does."""
            granted = client.post("/v1/approvals", json={"action": action, "reason": "checked", **target}, headers=officer)
            assert granted.status_code == 201, granted.text
            return {"approval_id": granted.json()["approval_id"]}

        record = {"name": "Rahmat Hidayat", "phone": "0813-5555-0199", "email": "rahmat@example.co.id"}
        made = client.post("/v1/records", json={"subject_id": "cust-88", "record": record, "kind": "customer_profile"},
                           headers=agent)
        assert made.status_code == 201, made.text
        assert client.get(f"/v1/records/{made.json()['record_id']}", headers=agent).status_code == 200

        opened = client.post("/v1/dsar", json={"kind": "access", "framework": "uupdp", "phone": "+62 813 5555 0199"},
                             headers=dpo)
        assert opened.status_code == 201, opened.text
        request_id = opened.json()["request_id"]
        client.post(f"/v1/dsar/{request_id}/verify", json={"method": "OTP"}, headers=dpo)
        bundle = client.post(f"/v1/dsar/{request_id}/export", json=approval("records.export", request_id=request_id),
                             headers=dpo).json()
        [subject] = bundle["subjects"]
        assert subject["records"][0]["data"] == record
        assert any(a["role"] == "agent" and a["purpose"] == "CASE-501" for a in subject["accesses"])
        assert "rina.agent" not in json.dumps(bundle)  # staff by role only (GDPR 15 answers go to the requester)

        hold = client.post("/v1/legal-holds", json={"email": "rahmat@example.co.id", "reason": "Dispute D-9"}, headers=dpo)
        erasure = client.post("/v1/dsar", json={"kind": "erasure", "framework": "uupdp", "subject_ids": ["cust-88"]},
                              headers=dpo).json()["request_id"]
        client.post(f"/v1/dsar/{erasure}/verify", json={"method": "OTP"}, headers=dpo)
        refused = client.post(f"/v1/dsar/{erasure}/erase", headers=dpo)
        assert refused.status_code == 409 and "Dispute D-9" in refused.json()["error"]["message"]
        hold_id = hold.json()["holds"][0]["hold_id"]
        client.post(f"/v1/legal-holds/{hold_id}/release",
                    json={"reason": "closed", **approval("hold.release", hold_id=hold_id)}, headers=dpo)
        assert client.post(f"/v1/dsar/{erasure}/erase", json=approval("subjects.erase", request_id=erasure),
                           headers=dpo).json()["state"] == "completed"
        assert client.post("/v1/retention/enforce", json={"dry_run": False}, headers=dpo).json()["records_expired"] == 0

        pdf = client.get("/v1/audit/reports/uupdp", params={"format": "pdf"}, headers=dpo)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        content_hash = pdf.headers["X-Kawal-Content-Hash"]
    events = subprocess.run([KAWAL, "audit", "events", "--action", "reports.generated", "--format", "json"], env=cli_env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert content_hash in events.stdout
    logs = server.logs()
    for secret in ("Rahmat", "5555-0199", "rahmat@", "cust-88"):
        assert secret not in logs, f"{secret!r} leaked into the server log"
    assert "Traceback" not in logs


def test_server_refuses_to_start_on_a_behind_schema(cli_env: dict[str, str], tmp_path: Path, database: Database) -> None:
    env = {**cli_env, "KAWAL_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    result = subprocess.run([KAWAL, "serve", "--port", str(_free_port())], env=env, capture_output=True, timeout=60, check=False)
    assert result.returncode == 3
    assert b"kawal db upgrade" in result.stderr and b"Traceback" not in result.stderr


if os.name != "posix":  # pragma: no cover - signals as used here are POSIX
    pytest.skip("POSIX only", allow_module_level=True)


def test_served_audit_trail_live_detection_checkpoints_and_webhook(cli_env: dict[str, str], database: Database, tmp_path: Path) -> None:
    """The real server: accesses are events, the background tick signs and exports checkpoints, the
    live detectors flag a dismissed agent and the alert reaches a webhook, signed."""
    import hashlib
    import hmac
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[tuple[bytes, str]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            received.append((self.rfile.read(int(self.headers["Content-Length"])), self.headers["X-Kawal-Signature"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    hook = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    exports = tmp_path / "checkpoints"
    context = tmp_path / "context.json"
    context.write_text(json.dumps({"dismissed": {"rudi.agent": "2020-01-01T00:00:00Z"}}))
    _add_user(cli_env, "rudi.agent", "agent")
    env = {**cli_env, "KAWAL_AUDIT_TICK_SECONDS": "0.3", "KAWAL_AUDIT_CHECKPOINT_EVERY_SECONDS": "1",
           "KAWAL_AUDIT_CHECKPOINT_DIR": str(exports), "KAWAL_AUDIT_CONTEXT_FILE": str(context),
           "KAWAL_AUDIT_WEBHOOK_URL": f"http://127.0.0.1:{hook.server_port}/alerts", "KAWAL_AUDIT_WEBHOOK_SECRET": "hook-secret-0123456789"}
    port = _free_port()
    with (tmp_path / "server.log").open("wb") as log:
        process = subprocess.Popen([KAWAL, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline and process.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
            client.headers.update(_first_sign_in(client, "rudi.agent", "CASE-9"))
            record_id = client.post("/v1/records", json={"subject_id": "cust-1", "record": {"phone": "081288774410"}}).json()["record_id"]
            assert client.get(f"/v1/records/{record_id}").status_code == 200
            deadline = time.monotonic() + 90  # generous: CI runs this beside other tests on 2 cores
            while not (received and list(exports.glob("default-*.json"))) and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        hook.shutdown()
    assert received, "no alert reached the webhook: " + (tmp_path / "server.log").read_text()[-2000:]
    body, signature = received[0]
    assert signature == "sha256=" + hmac.new(b"hook-secret-0123456789", body, hashlib.sha256).hexdigest()
    alert = json.loads(body)["alert"]
    assert alert["detector"] == "disabled_account" and alert["actor"] == "rudi.agent"
    exported = sorted(exports.glob("default-*.json"))[-1]
    verify = subprocess.run([KAWAL, "audit", "verify", "--checkpoint", str(exported), "--public-key", str(exports / "default.pub.pem")],
                            env=cli_env, capture_output=True, text=True, timeout=120, check=False)
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stdout + verify.stderr
    reads = subprocess.run([KAWAL, "audit", "events", "--actor", "rudi.agent", "--action", "records.", "--format", "json"],
                           env=cli_env, capture_output=True, text=True, timeout=120, check=False)
    assert [json.loads(line)["action"] for line in reads.stdout.splitlines()] == ["records.write", "records.read"]
