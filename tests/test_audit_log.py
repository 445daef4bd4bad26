"""The audit log on SQLite and PostgreSQL: chain, MAC, append-only triggers, tampering, concurrency."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from audit import AuditEvent, AuditLog, AuditWriteFailed, hmac_sha256

if TYPE_CHECKING:
    from conftest import Database

KEY = bytes(range(32))


def make_log(database: Database, key: bytes = KEY) -> AuditLog:
    return AuditLog(database.engine, hmac_sha256(key), tenant="t1")


def fill(log: AuditLog, n: int = 10) -> None:
    log.append_many([AuditEvent(action="records.read", actor=f"agent:a{i % 3}", purpose=f"CASE-{i}",
                                subjects=(f"ref{i}",), at=1_800_000_000.0 + i) for i in range(n)])


def unguarded(database: Database) -> Any:
    """A connection as an attacker with database access has it: append-only triggers switched off."""
    conn = database.engine.connect()
    if database.kind == "postgresql":
        conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
    return conn


def test_appends_chain_and_verify(database: Database) -> None:
    log = make_log(database)
    assert log.verify().ok and log.head()[0] == 0
    fill(log, 25)
    assert log.append(AuditEvent(action="vault.shred", actor="dpo", subjects=("ref9",))) == 26
    report = log.verify()
    assert report.ok and report.checked == 26 and report.head_seq == 26
    assert [e.seq for e in log.events()] == list(range(1, 27))


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        ("modify", 4),
        ("delete", 4),
        ("insert", 11),
        ("reorder", 3),
        ("rechain_without_key", 4),
        ("column", 6),
    ],
)
@pytest.mark.parametrize("workers", [1, 3])
def test_every_kind_of_tampering_names_the_first_bad_event(
    database: Database, tamper: str, first_bad: int, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with the log cut into slices verified by forked processes: the same first bad event."""
    monkeypatch.setattr("audit.verify._MIN_PER_WORKER", 1)
    log = make_log(database)
    fill(log, 10)
    intact = log.verify(workers=workers)
    assert intact.ok and intact.checked == 10 and intact.head_hash == log.head()[1]
    with unguarded(database) as conn:
        if tamper == "modify":
            conn.execute(text("UPDATE audit_events SET body = replace(body, 'CASE-3', 'CASE-X') WHERE seq = 4"))
        elif tamper == "delete":
            conn.execute(text("DELETE FROM audit_events WHERE seq = 4"))
        elif tamper == "insert":
            row = conn.execute(text("SELECT * FROM audit_events WHERE seq = 10")).mappings().one()
            conn.execute(text("INSERT INTO audit_events (tenant, seq, at, body, prev_hash, hash, mac) "
                              "VALUES (:tenant, 11, :at, :body, :prev_hash, :hash, :mac)"), dict(row))
        elif tamper == "reorder":
            a = conn.execute(text("SELECT body, hash, prev_hash, mac FROM audit_events WHERE seq = 3")).one()
            b = conn.execute(text("SELECT body, hash, prev_hash, mac FROM audit_events WHERE seq = 4")).one()
            for seq, row in ((3, b), (4, a)):
                conn.execute(text("UPDATE audit_events SET body=:b, hash=:h, prev_hash=:p, mac=:m WHERE seq=:s"),
                             {"b": row.body, "h": row.hash, "p": row.prev_hash, "m": row.mac, "s": seq})
        elif tamper == "column":  # hide an event from `--actor` queries by editing the filter copy
            conn.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 6"))
        else:  # recompute a consistent chain from seq 4 on, but without the audit key
            forger = AuditLog(database.engine, hmac_sha256(bytes(32)), tenant="t1")
            conn.execute(text("DELETE FROM audit_events WHERE seq >= 4"))
            conn.commit()
            fill(forger, 7)
        conn.commit()
    report = log.verify(workers=workers)
    assert not report.ok and report.first_bad_seq == first_bad, report


def test_truncation_is_caught_against_a_checkpoint(database: Database) -> None:
    log = make_log(database)
    fill(log, 10)
    checkpoint = log.head()
    with unguarded(database) as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq > 7"))
        conn.commit()
    assert log.verify().ok  # a shorter chain is still a valid chain ...
    report = log.verify(head=checkpoint)  # ... but not the one the checkpoint saw
    assert not report.ok and report.first_bad_seq == 8 and "truncated" in (report.reason or "")


def test_the_database_refuses_update_and_delete(database: Database) -> None:
    log = make_log(database)
    fill(log, 3)
    for statement in ("UPDATE audit_events SET actor_x = 1", "UPDATE audit_events SET body = '{}' WHERE seq = 1",
                      "DELETE FROM audit_events WHERE seq = 1"):
        with pytest.raises(DBAPIError), database.engine.begin() as conn:
            conn.execute(text(statement))
    assert log.verify().ok and log.count() == 3


@pytest.mark.parametrize("database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgres_refuses_truncate_even_to_the_owner(database: Database) -> None:
    fill(make_log(database), 3)
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_events"))
    assert make_log(database).count() == 3


def _append_from_process(url: str, worker: int, n: int) -> None:
    from kawal.db import make_engine  # the production engine: BEGIN IMMEDIATE and busy timeout on SQLite

    engine = make_engine(url)
    log = AuditLog(engine, hmac_sha256(KEY), tenant="t1")
    for i in range(n):
        log.append(AuditEvent(action="records.read", actor=f"agent:w{worker}", detail={"i": i}))
    engine.dispose()


def test_concurrent_writers_in_several_processes_keep_the_chain(database: Database) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_from_process, args=(database.url, w, 40)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=180)
        assert p.exitcode == 0
    log = make_log(database)
    report = log.verify()
    assert report.ok and report.checked == 160, report
    assert [e.seq for e in log.events()] == list(range(1, 161))


def test_a_failed_append_is_an_error_the_caller_must_stop_on(database: Database) -> None:
    log = make_log(database)
    fill(log, 2)
    with database.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_events" + (" CASCADE" if database.kind == "postgresql" else "")))
    with pytest.raises(AuditWriteFailed, match="access is refused"):
        log.append(AuditEvent(action="records.read", actor="agent:a1"))


def test_no_plaintext_in_the_stored_body(database: Database) -> None:
    log = make_log(database)
    log.append(AuditEvent(action="records.find", actor="agent:a1", resource="phone", subjects=("9f2c",)))
    body = next(log.events()).body
    assert '"subjects":["9f2c"]' in body and '"seq":1,' in body


def test_group_commit_shares_transactions_and_keeps_each_callers_result(database: Database) -> None:
    import threading

    from audit import GroupCommit

    log = make_log(database)
    group = GroupCommit(log)
    results: list[int] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for i in range(25):
            seq = group.append(AuditEvent(action="records.read", actor=f"a{n}", purpose=f"C-{i}"))
            with lock:
                results.append(seq)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 201)) and log.verify().ok
    assert group.batches < 200  # commits were shared
    by_seq = {e.seq: e.fields() for e in log.events()}
    assert all(by_seq[s]["seq"] == s for s in results)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_group_commit_gives_every_waiter_the_failure(database: Database) -> None:
    import threading

    from audit import GroupCommit

    log = make_log(database)
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'full'); END"))
    group = GroupCommit(log)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            group.append(AuditEvent(action="records.read", actor="a1"))
        except AuditWriteFailed as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(errors) == 6 and log.count() == 0
