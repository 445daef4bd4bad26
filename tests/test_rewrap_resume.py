"""`kawal vault rewrap` killed with SIGKILL part-way, more than once, then run again: nothing is lost.

SIGKILL gives the process no chance to clean up, so this exercises exactly what a power cut or an
OOM kill would: a transaction may be half-written when it dies, and only committed batches count.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Database, VaultFactory

KAWAL = str(Path(sys.executable).parent / "kawal")
SUBJECTS = 3000
pytestmark = pytest.mark.slow


def _kill_after(env: dict[str, str], progress_lines: int) -> None:
    """Start a rewrap and SIGKILL it once it has reported *progress_lines* committed batches."""
    process = subprocess.Popen(
        [KAWAL, "vault", "rewrap", "--batch-size", "10"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:
        if line.startswith(b"rewrapped "):
            seen += 1
            if seen >= progress_lines:
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "rewrap finished before it could be killed; raise SUBJECTS"


def _status(env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run([KAWAL, "vault", "status"], env=env, capture_output=True, check=True, timeout=60)
    return dict(json.loads(result.stdout))


def test_rewrap_survives_sigkill_and_finishes(make_vault: VaultFactory, cli_env: dict[str, str], database: Database) -> None:
    vault = make_vault()
    records = {f"cust-{n}": {"n": n, "phone": f"+62812{n:08d}"} for n in range(SUBJECTS)}
    ids = dict(zip(records, vault.put_many(records.items()), strict=True))
    assert vault.rotate_root() == 2

    _kill_after(cli_env, 1)
    _kill_after(cli_env, 5)
    partial = _status(cli_env)
    assert "1" in {str(v) for v in partial["keys_by_root_version"]}, f"nothing left to resume: {partial}"

    finish = subprocess.run([KAWAL, "vault", "rewrap"], env=cli_env, capture_output=True, timeout=300, check=False)
    assert finish.returncode == 0, finish.stderr
    assert finish.stdout.decode().rstrip().endswith("0 remaining")
    assert {str(v) for v in _status(cli_env)["keys_by_root_version"]} == {"2"}

    fresh = make_vault()
    for subject, record_id in ids.items():
        assert fresh.get(record_id).data == records[subject]
    assert fresh.find("phone", "+6281200000042") == [ids["cust-42"]]
    fresh.retire_root(2)
    assert fresh.get(ids["cust-7"]).data == records["cust-7"], "keys no longer need the retired version"
