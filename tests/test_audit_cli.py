"""`kawal audit verify` and `checkpoint` as real subprocesses: intact, edited, truncated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from audit import AuditEvent, AuditLog
from kawal.services import build_services
from kawal.settings import Settings

if TYPE_CHECKING:
    from conftest import Database

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def kawal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KAWAL, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


@SQLITE_ONLY
def test_verify_intact_then_edited_then_truncated(cli_env: dict[str, str], database: Database, tmp_path: Path) -> None:
    services = build_services(Settings(database_url=database.url, root_key_file=Path(cli_env["KAWAL_ROOT_KEY_FILE"])))
    log = AuditLog(services.engine, services.vault.sealer("audit/chain").digest, tenant=services.settings.tenant)
    log.append_many([AuditEvent(action="records.read", actor="agent:a1", purpose=f"C-{i}") for i in range(12)])
    services.close()

    ok = kawal(cli_env, "audit", "verify")
    assert ok.returncode == 0 and "intact: 13 events" in ok.stdout, ok.stderr  # 12 + the policies in force
    assert kawal(cli_env, "audit", "checkpoint", "-o", str(tmp_path / "cp.json")).returncode == 0

    with database.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        conn.execute(text("DELETE FROM audit_events WHERE seq > 9"))
    stored = kawal(cli_env, "audit", "verify", "--format", "json")  # the signed checkpoint in the database
    assert stored.returncode == 1 and json.loads(stored.stdout)["first_bad_seq"] == 10
    with database.engine.begin() as conn:  # an attacker who also drops the stored checkpoints ...
        conn.execute(text("DROP TRIGGER audit_checkpoints_no_delete"))
        conn.execute(text("DELETE FROM audit_checkpoints"))
    assert kawal(cli_env, "audit", "verify").returncode == 0  # ... leaves a shorter chain that is still a chain
    cut = kawal(cli_env, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"), "--format", "json")
    assert cut.returncode == 1 and json.loads(cut.stdout)["first_bad_seq"] == 10

    with database.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET body = replace(body, 'C-3', 'C-X') WHERE seq = 5"))
    edited = kawal(cli_env, "audit", "verify")
    assert edited.returncode == 1 and "BROKEN at event 5" in edited.stdout
    bad = kawal(cli_env, "audit", "verify", "--checkpoint", str(tmp_path / "nope.json"))
    assert bad.returncode == 2 and "unreadable checkpoint" in bad.stderr and "Traceback" not in bad.stderr


def _seed(database: Database, cli_env: dict[str, str]) -> str:
    """Accesses by two agents through the real vault (so events come from the wiring); the ref of cust-1."""
    from vault import AccessContext

    services = build_services(Settings(database_url=database.url, root_key_file=Path(cli_env["KAWAL_ROOT_KEY_FILE"])))
    try:
        a17, b2 = AccessContext(actor="a17", purpose="CASE-1", role="agent"), AccessContext(actor="b2", purpose="CASE-2", role="agent")
        first = services.vault.put("cust-1", {"name": "Budi Santoso", "phone": "081288774410"}, a17)
        services.vault.put("cust-2", {"phone": "081200000002"}, b2)
        for _ in range(3):
            services.vault.get(first, b2)
        return services.vault.subject_ref("cust-1")
    finally:
        services.close()


def test_events_filters_formats_and_paging(cli_env: dict[str, str], database: Database) -> None:
    ref = _seed(database, cli_env)
    by_b2 = kawal(cli_env, "audit", "events", "--actor", "b2", "--format", "json")
    rows = [json.loads(line) for line in by_b2.stdout.splitlines()]
    assert by_b2.returncode == 0 and [r["action"] for r in rows] == ["records.write"] + ["records.read"] * 3
    assert all(r["intact"] and r["actor"] == "b2" for r in rows)
    about = kawal(cli_env, "audit", "events", "--subject-id", "cust-1", "--action", "records.read", "--format", "csv")
    lines = about.stdout.splitlines()
    assert lines[0].startswith("seq,time,action,actor") and len(lines) == 4
    assert all(ref in line and "Budi" not in line for line in lines[1:])
    page1 = [json.loads(x)["seq"] for x in kawal(cli_env, "audit", "events", "--limit", "2", "--format", "json").stdout.splitlines()]
    page2 = [json.loads(x)["seq"] for x in kawal(cli_env, "audit", "events", "--limit", "2", "--after", str(page1[-1]),
                                                  "--format", "json").stdout.splitlines()]
    assert page1 == [1, 2] and page2 == [3, 4]
    logged = [json.loads(x) for x in kawal(cli_env, "audit", "events", "--action", "audit.", "--format", "json").stdout.splitlines()]
    assert logged and logged[-1]["subjects"] == [ref]  # the officer's look-up is itself on the record
    bad = kawal(cli_env, "audit", "events", "--since", "yesterday-ish")
    assert bad.returncode == 2 and "not a time" in bad.stderr


def test_an_erased_customer_id_no_longer_resolves_to_her_trail(cli_env: dict[str, str], database: Database) -> None:
    ref = _seed(database, cli_env)
    services = build_services(Settings(database_url=database.url, root_key_file=Path(cli_env["KAWAL_ROOT_KEY_FILE"])))
    try:
        certificate = services.vault.shred("cust-1")
    finally:
        services.close()
    by_id = kawal(cli_env, "audit", "events", "--subject-id", "cust-1")
    assert by_id.returncode == 1 and "erased" in by_id.stderr and ref not in by_id.stdout + by_id.stderr
    assert "Traceback" not in by_id.stderr
    by_certificate = kawal(cli_env, "audit", "events", "--subject-ref", certificate.subject_ref, "--format", "json")
    assert by_certificate.returncode == 0 and by_certificate.stdout.strip()  # the certificate holder still finds it
    assert kawal(cli_env, "audit", "events", "--subject-id", "cust-2").returncode == 0  # the living still resolve


@SQLITE_ONLY
def test_prove_and_check_proof_offline(cli_env: dict[str, str], database: Database, tmp_path: Path) -> None:
    _seed(database, cli_env)
    assert kawal(cli_env, "audit", "prove", "3").returncode == 1  # no checkpoint yet
    assert kawal(cli_env, "audit", "checkpoint", "-o", str(tmp_path / "cp.json")).returncode == 0
    pem = tmp_path / "key.pem"
    pem.write_text(kawal(cli_env, "audit", "public-key").stdout)
    assert pem.read_text() == (tmp_path / "cp.pub.pem").read_text()
    assert kawal(cli_env, "audit", "prove", "3", "-o", str(tmp_path / "p.json")).returncode == 0
    offline = {k: v for k, v in cli_env.items() if k not in ("KAWAL_DATABASE_URL", "KAWAL_ROOT_KEY_FILE")}
    offline["KAWAL_DATABASE_URL"] = "sqlite:////nonexistent/dir/x.db"
    good = kawal(offline, "audit", "check-proof", str(tmp_path / "p.json"), "--public-key", str(pem))
    assert good.returncode == 0 and good.stdout.startswith("valid: event 3"), good.stderr
    proof = json.loads((tmp_path / "p.json").read_text())
    proof["event"]["body"] = proof["event"]["body"].replace('"b2"', '"b3"')
    (tmp_path / "p.json").write_text(json.dumps(proof))
    forged = kawal(offline, "audit", "check-proof", str(tmp_path / "p.json"), "--public-key", str(pem))
    assert forged.returncode == 1 and "INVALID" in forged.stdout
    other = tmp_path / "other.pem"
    from audit import CheckpointSigner

    other.write_text(CheckpointSigner(bytes(32)).public_pem())
    proof["event"]["body"] = proof["event"]["body"].replace('"b3"', '"b2"')
    (tmp_path / "p.json").write_text(json.dumps(proof))
    wrong_key = kawal(offline, "audit", "check-proof", str(tmp_path / "p.json"), "--public-key", str(other))
    assert wrong_key.returncode == 1 and "signature" in wrong_key.stdout
