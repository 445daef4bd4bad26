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
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        assert client.post("/v1/records", json={"subject_id": "x", "record": {}}).status_code == 401
        client.headers.update(_first_sign_in(client, "siti.agent", "CASE-3141"))
        officer = _first_sign_in(client, "dewi.officer", "DSAR-77")
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
        shredded = client.post("/v1/subjects/shred", json={"subject_id": "cust-7"}, headers=officer)
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


def test_server_refuses_to_start_on_a_behind_schema(cli_env: dict[str, str], tmp_path: Path, database: Database) -> None:
    env = {**cli_env, "KAWAL_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    result = subprocess.run([KAWAL, "serve", "--port", str(_free_port())], env=env, capture_output=True, timeout=60, check=False)
    assert result.returncode == 3
    assert b"kawal db upgrade" in result.stderr and b"Traceback" not in result.stderr


if os.name != "posix":  # pragma: no cover - signals as used here are POSIX
    pytest.skip("POSIX only", allow_module_level=True)
