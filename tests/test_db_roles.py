"""The application role on the real PostgreSQL: it works, but cannot rewrite the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from audit import AuditEvent, AuditLog, hmac_sha256
from kawal.db import make_engine
from kawal.db_roles import grant_app_role

if TYPE_CHECKING:
    from conftest import Database

POSTGRES_ONLY = pytest.mark.parametrize("database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


@pytest.fixture
def app_engine(database: Database) -> Iterator[Any]:
    role = f"kawal_app_{uuid.uuid4().hex[:8]}"
    lines = grant_app_role(database.engine, role, "a-long-test-password-0123456789")
    assert lines[0] == f"created role {role}"
    assert grant_app_role(database.engine, role)  # again: idempotent, role kept
    engine = make_engine(make_url(database.url).set(username=role).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with database.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))


@POSTGRES_ONLY
def test_app_role_appends_and_reads_but_cannot_rewrite_history(app_engine: Any) -> None:
    log = AuditLog(app_engine, hmac_sha256(bytes(32)), tenant="t")
    log.append_many([AuditEvent(action="records.read", actor="a1", subjects=("r1",)) for _ in range(3)])
    assert log.verify().ok and log.search(subject="r1")[0].seq == 1
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one().startswith("kawal_app_")
    for statement in (
        "UPDATE audit_events SET actor = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",  # not the owner: cannot switch the triggers off either
        "DELETE FROM audit_subjects",
        "UPDATE audit_checkpoints SET body = ''",
        "DELETE FROM audit_alerts",
    ):
        with app_engine.connect() as conn, pytest.raises(DBAPIError) as caught:
            conn.execute(text(statement))
        assert "permission denied" in str(caught.value) or "must be owner" in str(caught.value), statement
    assert log.count() == 3


@POSTGRES_ONLY
def test_app_role_runs_the_vault(app_engine: Any, key_file: Any) -> None:
    from policies import load_vault_policy
    from vault import FileKeyProvider, Vault

    vault = Vault(app_engine, FileKeyProvider(key_file), load_vault_policy())
    record_id = vault.put("cust-1", {"phone": "081288774410"})
    assert vault.get(record_id).data == {"phone": "081288774410"}
    assert vault.shred("cust-1").records_affected == 1


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_refused_on_sqlite_and_for_bad_names(database: Database) -> None:
    with pytest.raises(ValueError, match="only on PostgreSQL"):
        grant_app_role(database.engine, "kawal_app", "x" * 20)
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(ValueError, match="lower-case"):
        grant_app_role(engine, 'bad"; DROP TABLE x; --', "x" * 20)
