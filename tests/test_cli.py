"""The operator's CLI end to end, as a real subprocess: the issue's flow and every failure exit.

Each failure must end in exactly one `kawal: error:` line on stderr and the contract's exit code
(0 ok, 1 findings, 2 usage, 3 configuration or keys, 4 I/O or database), never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

if TYPE_CHECKING:
    from conftest import Database


KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def kawal(env: dict[str, str], *args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [KAWAL, *args], input=stdin, env=env, cwd=cwd, capture_output=True, timeout=120, check=False
    )
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def assert_fails(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    """One clear line on stderr, the expected exit code, no traceback, nothing on stdout."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("kawal: error:")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    assert result.stdout == ""


@pytest.fixture
def agent(cli_operator: Any) -> dict[str, str]:
    """`kawal` as a signed-in agent: vault reads and writes need a named person and a purpose."""
    return cli_operator("agent")  # type: ignore[no-any-return]


RECORD = {"name": "Budi Santoso", "phone": "+6281288774410", "email": "Budi@Example.co.id", "nik": "3174095204870003"}


def test_put_get_find_rotate_rewrap_shred(cli_env: dict[str, str], database: Database, agent: dict[str, str],
                                         cli_operator: Any) -> None:
    put = kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "cust-42", "--json", "-", stdin=json.dumps(RECORD).encode())
    assert put.returncode == 0, put.stderr
    record_id = put.stdout.strip()
    other = kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "cust-43", stdin=b'{"phone": "0813 1111 2222"}').stdout.strip()

    got = kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id)
    assert got.returncode == 0 and json.loads(got.stdout) == RECORD

    found = kawal(agent, "vault", "find", "--purpose", "CASE-7", "--field", "phone", "--value", "0812 8877 4410")
    assert found.returncode == 0 and found.stdout.split() == [record_id]
    by_email = kawal(agent, "vault", "find", "--purpose", "CASE-7", "--field", "email", "--value", "budi@example.co.id")
    assert by_email.stdout.split() == [record_id]
    none = kawal(agent, "vault", "find", "--purpose", "CASE-7", "--field", "phone", "--value", "0899 0000 0000")
    assert none.returncode == 1 and none.stdout == ""

    rotated = kawal(cli_env, "vault", "rotate-root")
    assert rotated.returncode == 0 and "version 2" in rotated.stdout
    rewrapped = kawal(cli_env, "vault", "rewrap")
    assert rewrapped.returncode == 0 and "0 remaining" in rewrapped.stdout
    assert kawal(agent, "vault", "find", "--purpose", "CASE-7", "--field", "phone", "--value", "+6281288774410").stdout.split() == [record_id]
    retired = kawal(cli_env, "vault", "retire-root", "--below", "2")
    assert retired.returncode == 0, retired.stderr

    officer, dpo = cli_operator("security_officer"), cli_operator("dpo")
    alone = kawal(officer, "vault", "shred", "--subject", "cust-42", "--purpose", "DSAR-9")
    assert_fails(alone, 1, "second person's approval")  # four eyes: nobody erases alone
    approval = kawal(dpo, "approve", "subjects.erase", "--subject-id", "cust-42", "--reason", "DSAR-9 verified")
    assert approval.returncode == 0, approval.stderr
    own = kawal(officer, "approve", "subjects.erase", "--subject-id", "cust-43", "--reason", "x").stdout.strip()
    assert_fails(kawal(officer, "vault", "shred", "--subject", "cust-43", "--purpose", "DSAR-9", "--approval", own), 1,
                 "approver cannot be the person acting")
    assert_fails(kawal(officer, "vault", "shred", "--subject", "cust-43", "--purpose", "DSAR-9", "--approval",
                       approval.stdout.strip()), 1, "not subjects.erase on")  # approved for another subject
    shred = kawal(officer, "vault", "shred", "--subject", "cust-42", "--purpose", "DSAR-9", "--approval", approval.stdout.strip())
    assert shred.returncode == 0, shred.stderr
    assert_fails(kawal(officer, "vault", "shred", "--subject", "cust-42", "--purpose", "DSAR-9", "--approval",
                       approval.stdout.strip()), 1, "already used")
    certificate = json.loads(shred.stdout)
    assert certificate["records_affected"] == 1 and "cust-42" not in shred.stdout

    assert_fails(kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id), 1, "erased subject")
    assert json.loads(kawal(agent, "vault", "get", "--purpose", "CASE-7", other).stdout) == {"phone": "0813 1111 2222"}
    status = json.loads(kawal(cli_env, "vault", "status").stdout)
    assert "Budi" not in json.dumps(status)


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b'{"name": "Budi",', "malformed JSON"),
        (b'{"name": "\xff\xfe"}', "not valid UTF-8"),
        (b'["a", "list"]', "JSON object"),
        (b"", "malformed JSON"),
    ],
    ids=["truncated", "invalid-utf8", "not-an-object", "empty"],
)
def test_bad_input_exits_2(cli_env: dict[str, str], database: Database, payload: bytes, fragment: str, agent: dict[str, str]) -> None:
    assert_fails(kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=payload), 2, fragment)


@SQLITE_ONLY
def test_record_too_large_exits_2(cli_env: dict[str, str], database: Database, tmp_path: Path, agent: dict[str, str]) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"notes": "x" * (2 * 1024 * 1024)}))
    assert_fails(kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", "--json", str(big)), 2, "the limit is")


@SQLITE_ONLY
def test_missing_input_file_and_unknown_field(cli_env: dict[str, str], database: Database, tmp_path: Path, agent: dict[str, str]) -> None:
    assert_fails(kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", "--json", str(tmp_path / "nope.json")), 2, "cannot read")
    assert_fails(kawal(agent, "vault", "find", "--purpose", "CASE-7", "--field", "shoe_size", "--value", "42"), 2, "shoe_size")


@SQLITE_ONLY
def test_unknown_record_exits_1(cli_env: dict[str, str], database: Database, agent: dict[str, str]) -> None:
    assert_fails(kawal(agent, "vault", "get", "--purpose", "CASE-7", "00000000000000000000000000"), 1)


@SQLITE_ONLY
def test_missing_key_with_data_refuses_and_never_generates_one(cli_env: dict[str, str], database: Database, key_file: Path, agent: dict[str, str]) -> None:
    assert kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}').returncode == 0
    key_file.unlink()
    assert_fails(kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}'), 3, str(key_file))
    assert_fails(kawal(cli_env, "vault", "init-root-key"), 3)
    assert not key_file.exists(), "a new root key was generated over existing data"
    # --if-missing does not help either: the database holds keys that only the lost key opens.
    assert_fails(kawal(cli_env, "vault", "init-root-key", "--if-missing"), 3)
    assert not key_file.exists()


@SQLITE_ONLY
def test_truncated_and_wrong_key_exit_3(cli_env: dict[str, str], database: Database, key_file: Path, tmp_path: Path, agent: dict[str, str]) -> None:
    record_id = kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}').stdout.strip()
    original = key_file.read_bytes()

    key_file.write_bytes(original[: len(original) // 2])
    assert_fails(kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id), 3)

    wrong = tmp_path / "wrong.key"
    assert kawal({**cli_env, "KAWAL_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}, "vault", "init-root-key", "--path", str(wrong)).returncode == 0
    assert_fails(kawal({**agent, "KAWAL_ROOT_KEY_FILE": str(wrong)}, "vault", "get", "--purpose", "CASE-7", record_id), 3)

    key_file.write_bytes(original)
    assert kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id).returncode == 0, "the data survived every failed attempt"


@SQLITE_ONLY
def test_customer_data_commands_need_a_signed_in_operator_with_the_role_and_a_purpose(
        cli_env: dict[str, str], database: Database, agent: dict[str, str], cli_operator: Any) -> None:
    """Not an anonymous OS account with every right: a named person, her role, a purpose."""
    record_id = kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}').stdout.strip()
    assert_fails(kawal(cli_env, "vault", "get", "--purpose", "CASE-7", record_id), 1, "kawal login")
    assert_fails(kawal(agent, "vault", "get", record_id), 2, "--purpose")
    admin = cli_operator("admin")
    assert_fails(kawal(admin, "vault", "get", "--purpose", "CASE-7", record_id), 1, "may not records.read")
    assert kawal(agent, "whoami").stdout.strip().endswith("(agent)")
    events = kawal(cli_env, "audit", "events", "--action", "records.read", "--format", "json").stdout.splitlines()
    assert events == []  # the refused reads never reached the vault
    assert kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id).returncode == 0
    [read] = [json.loads(e) for e in kawal(cli_env, "audit", "events", "--action", "records.read", "--format",
                                            "json").stdout.splitlines()]
    assert read["actor"].startswith("agent-op") and read["role"] == "agent" and read["purpose"] == "CASE-7"
    assert kawal(agent, "logout").returncode == 0
    assert_fails(kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id), 1, "kawal login")


@SQLITE_ONLY
def test_root_key_from_environment(cli_env: dict[str, str], database: Database, key_file: Path, agent: dict[str, str]) -> None:
    env = {k: v for k, v in agent.items() if k != "KAWAL_ROOT_KEY_FILE"}
    env["KAWAL_ROOT_KEY"] = key_file.read_text()
    env["KAWAL_ROOT_KEY_FILE"] = str(key_file.parent / "absent.key")
    record_id = kawal(env, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}').stdout.strip()
    assert json.loads(kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id).stdout) == {"a": 1}
    assert_fails(kawal({**env, "KAWAL_ROOT_KEY": "changeme"}, "vault", "get", record_id), 3, "KAWAL_ROOT_KEY")
    assert "changeme" not in kawal({**env, "KAWAL_ROOT_KEY": "not base64 !!"}, "vault", "get", record_id).stderr


def test_database_down_exits_4(cli_env: dict[str, str], tmp_path: Path) -> None:
    env = {**cli_env, "KAWAL_DATABASE_URL": "postgresql+psycopg://kawal:s3cret@127.0.0.1:1/kawal?connect_timeout=2"}
    result = kawal(env, "vault", "get", "--purpose", "CASE-7", "00000000000000000000000000")
    assert_fails(result, 4)
    assert "s3cret" not in result.stderr


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_schema_behind_names_the_upgrade_command(key_file: Path, tmp_path: Path, database: Database) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAWAL_")}
    env.update(KAWAL_DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}", KAWAL_ROOT_KEY_FILE=str(key_file))
    assert_fails(kawal(env, "vault", "status"), 3, "kawal db upgrade")
    assert kawal(env, "db", "upgrade").returncode == 0
    assert kawal(env, "db", "upgrade").returncode == 0, "upgrade is safe to run again"
    assert kawal(env, "vault", "status").returncode == 0


def test_bad_setting_exits_3_without_echoing_it(cli_env: dict[str, str]) -> None:
    result = kawal({**cli_env, "KAWAL_PORT": "99999"}, "vault", "status")
    assert_fails(result, 3, "KAWAL_PORT")


@SQLITE_ONLY
def test_tampered_database_row_exits_1(cli_env: dict[str, str], database: Database, agent: dict[str, str]) -> None:
    record_id = kawal(agent, "vault", "put", "--purpose", "CASE-7", "--subject", "s1", stdin=b'{"a": 1}').stdout.strip()
    with database.engine.begin() as conn:
        blob = conn.execute(text("SELECT blob FROM vault_records WHERE record_id = :id"), {"id": record_id}).scalar_one()
        flipped = bytes(blob[:-1]) + bytes([blob[-1] ^ 1])
        conn.execute(text("UPDATE vault_records SET blob = :c WHERE record_id = :id"), {"c": flipped, "id": record_id})
    result = kawal(agent, "vault", "get", "--purpose", "CASE-7", record_id)
    assert_fails(result, 1, "failed authentication", "modified or moved")


@SQLITE_ONLY
def test_users_commands_and_their_failures(cli_env: dict[str, str], database: Database) -> None:
    import pyotp

    created = kawal(cli_env, "users", "create-admin", "--username", "Admin", "--password-stdin", stdin=b"winter harbour lantern 47\n")
    assert created.returncode == 0, created.stderr
    uri = next(line for line in created.stdout.splitlines() if line.startswith("otpauth://"))
    assert "█" in created.stdout or "▀" in created.stdout  # the QR code drawn in the terminal
    assert "passphrase" not in created.stdout + created.stderr
    assert_fails(kawal(cli_env, "users", "confirm-mfa", "admin", "--code", "12ab56"), 2, "digits")
    confirmed = kawal(cli_env, "users", "confirm-mfa", "admin", "--code", pyotp.parse_uri(uri).now())
    assert confirmed.returncode == 0 and len(re.findall(r"^  \w{4}-\w{4}-\w{4}$", confirmed.stdout, re.M)) == 10

    assert_fails(kawal(cli_env, "users", "add", "--username", "siti", "--password-stdin", stdin=b"short\n"), 2, "12 characters")
    assert_fails(kawal(cli_env, "users", "add", "--username", "admin", "--password-stdin", stdin=b"another passphrase\n"), 1, "exists")
    assert_fails(kawal(cli_env, "users", "add", "--username", "x", "--role", "god", "--password-stdin", stdin=b"another passphrase\n"), 2, "unknown role")
    no_tty = kawal(cli_env, "users", "add", "--username", "siti", stdin=b"")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr
    assert kawal(cli_env, "users", "add", "--username", "siti", "--password-stdin", stdin=b"jeruk nipis di pagi hari\n").returncode == 0
    listed = json.loads(kawal(cli_env, "users", "list", "--format", "json").stdout)
    assert {(u["username"], u["role"], u["mfa_enrolled"]) for u in listed} == {("admin", "admin", True), ("siti", "agent", False)}
    assert kawal(cli_env, "users", "disable", "siti").returncode == 0
    assert_fails(kawal(cli_env, "users", "disable", "nobody"), 1, "nobody")
    key = kawal(cli_env, "users", "api-key", "--name", "nightly", "--scope", "redaction")
    assert key.returncode == 0 and key.stdout.startswith("kwk_")
    assert_fails(kawal(cli_env, "users", "api-key", "--name", "x", "--scope", "everything"), 2, "unknown scope")
