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
    assert ok.returncode == 0 and "intact: 12 events" in ok.stdout, ok.stderr
    assert kawal(cli_env, "audit", "checkpoint", "-o", str(tmp_path / "cp.json")).returncode == 0

    with database.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        conn.execute(text("DELETE FROM audit_events WHERE seq > 9"))
    assert kawal(cli_env, "audit", "verify").returncode == 0  # a shorter chain is still a chain
    cut = kawal(cli_env, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"), "--format", "json")
    assert cut.returncode == 1 and json.loads(cut.stdout)["first_bad_seq"] == 10

    with database.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET body = replace(body, 'C-4', 'C-X') WHERE seq = 5"))
    edited = kawal(cli_env, "audit", "verify")
    assert edited.returncode == 1 and "BROKEN at event 5" in edited.stdout
    bad = kawal(cli_env, "audit", "verify", "--checkpoint", str(tmp_path / "nope.json"))
    assert bad.returncode == 2 and "unreadable checkpoint" in bad.stderr and "Traceback" not in bad.stderr
