"""Benchmark of retention enforcement (`Vault.expire`) and DSAR export, on SQLite and PostgreSQL.

Run from the repository root::

    .venv/bin/python bench/retention_bench.py [--sqlite-only] [--postgres-url URL] [sizes ...]

What is measured, each beside a peer timed in the same run:

1. **Retention expiry.** N records (default 100,000) of kind `call_transcript` for S subjects
   (default 10,000), written over 36 calendar months through `Vault.put_many` in batches of about
   1,000 per month (`written_at` is one per call, so each batch gets its own day of its month).
   Production wiring: `kawal.services.build_services` over the fresh database, so every expiry
   batch writes its `records.expire` audit event and the key step its `keys.expire` event. The
   set-up loader writes through the same audit trail (its `records.write` events are in the log)
   but with the key cache off: ~90,000 fresh data keys would otherwise churn the 10,000-entry cache.
   Then, with a cut-off that expires the oldest 24 of the 36 months (about 2/3):
   - `expire(kind, cutoff, dry_run=True)` (counts only);
   - `expire(kind, cutoff)`: timed as a whole, and split at the moment the spent-key search starts
     into the *record step* (candidate selects, blind-index and record deletes, their audit events)
     and the *key step* (spent-key search, `keys.expire` event, key destruction, SQLite checkpoint);
     every statement (SQLAlchemy cursor events) and every COMMIT is timed too, so slow ones stand out;
   - peer: on an identical copy of the freshly loaded tables (SQLite: the backup API; PostgreSQL:
     a second migrated schema filled by INSERT ... SELECT), in one transaction, plain
     `DELETE FROM vault_blind_index WHERE record_id IN (SELECT ... expiring records)` +
     `DELETE FROM vault_records WHERE tenant = ... AND kind = ... AND created_at < cutoff`: no audit,
     no batching, no key destruction. Ratio = Kawal seconds / peer seconds.
2. **DSAR export.** After the expiry, in the same database: 20 subjects (one per request), each
   holding R records (default 50: one customer profile + call transcripts over the last 11
   months) and an audit history of A reads (default 200 `Vault.get` by agents for cases). For each,
   with the key cache cleared first: `dsar.open_request` (found by phone through the blind index),
   `dsar.verify`, `dsar.export`, timed end to end; median and p95 over the requests. Peer: a bare
   `Vault.get_many` (no audit observer, key cache cleared) of the same record ids.

Sizes are flags; the defaults take about 3 minutes on the 2-core machine this was written on, most
of it the set-up load (~87,000 data keys, each created in a transaction of its own by put_many).
Each database is created fresh (SQLite: temporary file; PostgreSQL: temporary schemas) with the
real migrations and dropped afterwards, also on failure; the root key is a fresh temporary file.
Figures are one timed run each, wall clock: on a shared 2-core machine expect noise.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without install

from sqlalchemy import Engine, create_engine, delete, event, func, select, text  # noqa: E402

from kawal import dsar  # noqa: E402
from kawal.compliance import frameworks  # noqa: E402
from kawal.db import make_engine, upgrade  # noqa: E402
from kawal.services import Services, build_services  # noqa: E402
from kawal.settings import Settings  # noqa: E402
from vault import AccessContext, FileKeyProvider, Vault  # noqa: E402
from vault.models import vault_blind_index, vault_data_keys, vault_records, vault_subjects  # noqa: E402
from _machine import cpu_model, log, postgres_probe  # noqa: E402

DEFAULT_POSTGRES_URL = os.environ.get("KAWAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KIND = "call_transcript"
TENANT = "default"
VAULT_TABLES = (vault_subjects, vault_data_keys, vault_records, vault_blind_index)  # foreign-key order


# -- machine and conditions -------------------------------------------------------------------------


def other_load() -> list[str]:
    """Command lines of other pytest / benchmark processes running now (another load on the cores)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if ("pytest" in cmd or "bench/" in cmd) and "retention_bench" not in cmd:
            found.append(cmd[:80])
    return found


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- statement and audit meters ---------------------------------------------------------------------
_PARAM = re.compile(r"%\(\w+\)s|\$\d+|:\w+|\?")
_LIST = re.compile(r"\(\s*\?(?:\s*,\s*\?)*\s*\)")

#: Known statements (substring of the normalised SQL) -> short name, in match order.
_NAMES = [
    ("SELECT vault_records.record_id, vault_records.subject_ref FROM vault_records", "select next batch of candidates"),
    ("SELECT vault_records.record_id, vault_records.subject_ref, vault_records.key_id, vault_records.blob",
     "get_many: SELECT records JOIN data keys"),
    ("SELECT vault_records.record_id, vault_records.kind, vault_records.created_at", "records_of: SELECT JOIN data keys"),
    ("FROM vault_blind_index JOIN vault_records", "blind-index lookup (subjects_matching)"),
    ("FROM vault_records JOIN vault_blind_index", "blind-index lookup (subjects_matching)"),
    ("compliance_dsar_requests", "DSAR register"),
    ("DELETE FROM vault_blind_index", "DELETE blind-index rows of the batch"),
    ("DELETE FROM vault_records", "DELETE records of the batch"),
    ("SELECT vault_data_keys.key_id, vault_data_keys.subject_ref FROM vault_data_keys", "spent-key search (_spent_keys)"),
    ("UPDATE vault_data_keys SET state", "UPDATE vault_data_keys: destroy keys"),
    ("INSERT INTO audit_events", "audit: INSERT event"),
    ("INSERT INTO audit_subjects", "audit: INSERT event subjects"),
    ("FROM audit_events", "audit: read chain head"),
    ("audit_checkpoints", "audit: checkpoint"),
    ("PRAGMA wal_checkpoint", "SQLite wal_checkpoint(TRUNCATE)"),
]


def statement_name(statement: str) -> str:
    sql = " ".join(statement.split())
    for needle, name in _NAMES:
        if needle in sql:
            return name
    sql = _LIST.sub("(...)", _PARAM.sub("?", sql))
    return sql[:70] + ("..." if len(sql) > 70 else "")


class StatementClock:
    """Cumulative execute time per statement (SQLAlchemy cursor events on one engine).

    The time is that of `cursor.execute`: on PostgreSQL (psycopg, client-side cursors) the whole
    statement and its result transfer; on SQLite a SELECT's rows after the first are produced while
    fetching, which is not counted here.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.active = False
        self.totals: dict[str, list[float]] = {}
        self.first_start: dict[str, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        # COMMIT is not a cursor execute: time the dialect's do_commit on this engine's dialect instance.
        self._do_commit = engine.dialect.do_commit
        engine.dialect.do_commit = self._commit  # type: ignore[method-assign]

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)
        del self.engine.dialect.do_commit  # back to the class's method

    def _commit(self, dbapi_connection: Any) -> None:
        began = time.perf_counter()
        try:
            self._do_commit(dbapi_connection)
        finally:
            if self.active:
                entry = self.totals.setdefault("COMMIT", [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - began

    def rows(self) -> list[tuple[str, int, float]]:
        return sorted(((name, int(n), s) for name, (n, s) in self.totals.items()), key=lambda x: -x[2])

    def reset(self, active: bool) -> None:
        self.active, self.totals, self.first_start = active, {}, {}

    def _before(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if self.active:
            now = time.perf_counter()
            conn.info.setdefault("bench_started", []).append(now)
            self.first_start.setdefault(statement_name(statement), now)

    def _after(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        started = conn.info.get("bench_started")
        if self.active and started:
            seconds = time.perf_counter() - started.pop()
            entry = self.totals.setdefault(statement_name(statement), [0, 0.0])
            entry[0] += 1
            entry[1] += seconds


class AuditMeter:
    """Counts and times every event the audit trail records (wraps `AuditTrail.record`)."""

    def __init__(self, services: Services) -> None:
        assert services.trail is not None
        self.trail = services.trail
        self.inner = self.trail.record
        self.trail.record = self.record  # type: ignore[method-assign]
        self.reset()

    def reset(self) -> None:
        self.events: Counter[str] = Counter()
        self.seconds = 0.0

    def record(self, audit_event: Any) -> int:
        began = time.perf_counter()
        try:
            return self.inner(audit_event)
        finally:
            self.seconds += time.perf_counter() - began
            self.events[audit_event.action] += 1


# -- databases --------------------------------------------------------------------------------------
@dataclass
class Db:
    kind: str
    url: str
    engine: Engine
    loader: Engine  # set-up only (PostgreSQL: synchronous_commit=off for this session)
    path: Path | None = None  # SQLite file
    schema: str | None = None  # PostgreSQL schema


def _with_options(base_url: str, options: str) -> str:
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options={quote(options)}"


@contextmanager
def sqlite_db(workdir: Path, name: str) -> Iterator[Db]:
    path = workdir / f"{name}-{uuid.uuid4().hex[:8]}.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        upgrade(engine, url)
        yield Db("sqlite", url, engine, engine, path=path)
    finally:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def postgres_db(base_url: str, name: str) -> Iterator[Db]:
    """A migrated schema of its own (search_path in the URL), dropped afterwards, also on failure."""
    schema = f"kawal_{name}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, connect_args={"connect_timeout": 5})
    created = False
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        created = True
        url = _with_options(base_url, f"-csearch_path={schema}")
        engine = make_engine(url)
        loader = make_engine(_with_options(base_url, f"-csearch_path={schema} -csynchronous_commit=off"))
        try:
            upgrade(engine, url)
            yield Db("postgresql", url, engine, loader, schema=schema)
        finally:
            loader.dispose()
            engine.dispose()
    finally:
        if created:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database(kind: str, workdir: Path, pg_url: str, name: str) -> Iterator[Db]:
    maker = sqlite_db(workdir, name) if kind == "sqlite" else postgres_db(pg_url, name)
    with maker as db:
        yield db


def copy_vault(src: Db, dst: Db) -> None:
    """Make *dst* an identical copy of *src*'s vault tables (and, on SQLite, of everything)."""
    if src.kind == "sqlite":
        assert src.path is not None and dst.path is not None
        with src.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        dst.engine.dispose()
        source, target = sqlite3.connect(src.path), sqlite3.connect(dst.path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    with dst.loader.begin() as conn:
        for table in VAULT_TABLES:
            conn.execute(text(f'INSERT INTO "{dst.schema}".{table.name} SELECT * FROM "{src.schema}".{table.name}'))


def settle(dbs: Sequence[Db], pg_url: str) -> None:
    """PostgreSQL: VACUUM ANALYZE the vault tables, so that planner statistics and visibility maps are
    the same for both copies and autovacuum does not start in the middle of a timing."""
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for db in dbs:
                for table in VAULT_TABLES:
                    conn.execute(text(f'VACUUM ANALYZE "{db.schema}".{table.name}'))
    finally:
        admin.dispose()


def kawal_services(db: Db, key_path: Path) -> Services:
    settings = Settings(_env_file=None, database_url=db.url, root_key_file=key_path, tenant=TENANT)  # type: ignore[call-arg]
    return build_services(settings, engine=db.engine)


# -- data ------------------------------------------------------------------------------------------
_WORDS = (
    "selamat pagi terima kasih sudah menghubungi layanan pelanggan dengan saya bisa dibantu nomor kartu "
    "tagihan bulan lalu ada biaya administrasi yang tidak saya kenal mohon dicek transaksinya baik "
    "saya verifikasi dulu identitas bapak ibu tanggal lahir alamat email terdaftar sudah sesuai "
    "transaksi tersebut dari merchant online kami ajukan sanggahan proses tujuh hari kerja"
).split()


def transcript_pool(size: int, length: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = []
    for _ in range(size):
        words: list[str] = []
        total = 0
        while total < length:
            word = rng.choice(_WORDS)
            words.append(word)
            total += len(word) + 1
        pool.append(" ".join(words)[:length])
    return pool


def month_start(now: datetime, back: int) -> datetime:
    """First instant (UTC) of the calendar month *back* months before *now*'s."""
    index = now.year * 12 + now.month - 1 - back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def written_at(now: datetime, back: int, part: int, parts: int) -> datetime:
    """The *part*-th of *parts* moments spread over the month *back* months ago, never in the future."""
    start = month_start(now, back)
    end = month_start(now, back - 1) if back > 0 else now
    at = start + (end - start) * ((part + 0.5) / parts)
    return min(at, now - timedelta(minutes=5)) if at > start else start


def phone_of(number: int) -> str:
    return f"0812{number:08d}"


@dataclass
class LoadPlan:
    batches: list[tuple[datetime, list[tuple[str, dict[str, Any]]]]] = field(default_factory=list)
    records: int = 0


def plan_load(args: argparse.Namespace, now: datetime) -> LoadPlan:
    """N transcripts: each for a random subject in a random month; put_many batches per month."""
    rng = random.Random(11)
    pool = transcript_pool(200, args.record_bytes)
    by_month: dict[int, list[tuple[str, dict[str, Any]]]] = {m: [] for m in range(args.months)}
    for n in range(args.records):
        subject = rng.randrange(args.subjects)
        month = rng.randrange(args.months)
        by_month[month].append((f"customer-{subject:06d}", {
            "transcript": rng.choice(pool), "phone": phone_of(subject), "agent": f"agent-{rng.randrange(60):02d}",
            "duration_s": rng.randrange(30, 1800), "channel": "voice", "call": n,
        }))
    plan = LoadPlan(records=args.records)
    for month in range(args.months - 1, -1, -1):  # oldest first, as the data would have arrived
        items = by_month[month]
        parts = max(1, math.ceil(len(items) / args.load_batch))
        size = math.ceil(len(items) / parts) if items else 0
        for part in range(parts):
            chunk = items[part * size : (part + 1) * size]
            if chunk:
                plan.batches.append((written_at(now, month, part, parts), chunk))
    return plan


def load(db: Db, services: Services, key_path: Path, plan: LoadPlan) -> dict[str, Any]:
    policy = services.vault.policy.model_copy(update={"key_cache_size": 0})
    assert services.trail is not None
    loader = Vault(db.loader, FileKeyProvider(key_path), policy, tenant=TENANT, observer=services.trail.vault_access)
    loader.check_keys()
    began = time.perf_counter()
    for at, chunk in plan.batches:
        loader.put_many(chunk, AccessContext(actor="import", purpose="bench load"), kind=KIND, written_at=at)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "records": plan.records, "batches": len(plan.batches),
            "keys_created": loader.counters["keys_created"]}


def vault_counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        records = conn.execute(select(func.count()).select_from(vault_records)).scalar_one()
        index = conn.execute(select(func.count()).select_from(vault_blind_index)).scalar_one()
        live_keys = conn.execute(
            select(func.count()).select_from(vault_data_keys).where(vault_data_keys.c.state != "destroyed")).scalar_one()
    return int(records), int(index), int(live_keys)


# -- 1. retention expiry ----------------------------------------------------------------------------
def bench_expire(db: Db, peer: Db, services: Services, meter: AuditMeter, cutoff: datetime,
                 args: argparse.Namespace) -> dict[str, Any]:
    vault = services.vault
    context = AccessContext(actor="retention-bench", purpose="retention policy")
    keep = dsar.held_refs(services)
    before = vault_counts(db.engine)

    log(f"{db.kind}: expire dry run")
    began = time.perf_counter()
    dry = vault.expire(KIND, cutoff, keep=keep, dry_run=True, context=context)
    dry_seconds = time.perf_counter() - began

    log(f"{db.kind}: expire ({dry.records_expired:,} records, batch {args.expire_batch})")
    clock = StatementClock(db.engine)
    meter.reset()
    clock.reset(active=True)
    try:
        started = time.perf_counter()
        report = vault.expire(KIND, cutoff, keep=keep, batch_size=args.expire_batch, context=context)
        ended = time.perf_counter()
    finally:
        clock.active = False
        clock.close()
    split = clock.first_start.get("spent-key search (_spent_keys)", ended)
    statements = clock.rows()
    audit_events, audit_seconds = dict(meter.events), meter.seconds
    after = vault_counts(db.engine)

    log(f"{db.kind}: peer (plain DELETEs on the copy)")
    r = vault_records.c
    expiring = (r.tenant == TENANT) & (r.kind == KIND) & (r.created_at < cutoff)
    began = time.perf_counter()
    with peer.engine.begin() as conn:
        index_rows = conn.execute(delete(vault_blind_index).where(
            vault_blind_index.c.record_id.in_(select(r.record_id).where(expiring)))).rowcount
        peer_records = conn.execute(delete(vault_records).where(expiring)).rowcount
    peer_seconds = time.perf_counter() - began
    peer_after = vault_counts(peer.engine)

    # Sanity: the dry run predicted the run; Kawal and the peer removed the same records.
    assert report.records_expired == dry.records_expired == peer_records, (report, dry, peer_records)
    assert report.keys_destroyed == dry.keys_destroyed, (report, dry)
    assert after[:2] == peer_after[:2], (after, peer_after)
    assert before[0] - after[0] == report.records_expired
    assert before[2] - after[2] == report.keys_destroyed
    return {
        "cutoff": cutoff.isoformat(timespec="seconds"),
        "dry_seconds": dry_seconds, "dry_records": dry.records_expired, "dry_keys": dry.keys_destroyed,
        "dry_subjects": dry.subjects_affected,
        "seconds": ended - started, "record_step_seconds": split - started, "key_step_seconds": ended - split,
        "records_expired": report.records_expired, "keys_destroyed": report.keys_destroyed,
        "subjects": report.subjects_affected, "index_rows": before[1] - after[1],
        "statements": statements,
        "audit_events": audit_events, "audit_seconds": audit_seconds,
        "peer_seconds": peer_seconds, "peer_records": peer_records, "peer_index_rows": index_rows,
        "remaining": after[0],
    }


# -- 2. DSAR export ---------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def bench_dsar(db: Db, services: Services, key_path: Path, meter: AuditMeter, now: datetime,
               args: argparse.Namespace) -> dict[str, Any]:
    vault = services.vault
    pool = transcript_pool(50, args.record_bytes, seed=3)
    rng = random.Random(5)
    subjects: list[tuple[str, list[str]]] = []
    log(f"{db.kind}: DSAR set-up: {args.dsar_requests} subjects x {args.dsar_records} records, "
        f"{args.dsar_reads} reads each")
    began = time.perf_counter()
    for j in range(args.dsar_requests):
        subject, phone = f"dsar-customer-{j:03d}", f"0857{j:08d}"
        ids = vault.put(subject, {"name": f"Pelanggan {j}", "phone": phone, "email": f"dsar.{j}@contoh.co.id",
                                  "nik": f"3175{j:012d}", "address": "Jl. Tebet Barat No. 7, Jakarta Selatan"},
                        kind="customer_profile")
        record_ids = [ids]
        calls = args.dsar_records - 1
        months = min(11, calls) or 1
        for month in range(months):
            count = calls // months + (1 if month < calls % months else 0)
            if count:
                items = [(subject, {"transcript": rng.choice(pool), "phone": phone, "agent": f"agent-{rng.randrange(60):02d}",
                                    "duration_s": rng.randrange(30, 1800), "channel": "voice"}) for _ in range(count)]
                record_ids += vault.put_many(items, kind=KIND, written_at=written_at(now, month, 0, 1))
        subjects.append((phone, record_ids))
    for j, (_, record_ids) in enumerate(subjects):
        for i in range(args.dsar_reads):
            vault.get(record_ids[rng.randrange(len(record_ids))],
                      AccessContext(actor=f"agent-{rng.randrange(60):02d}", role="agent", purpose=f"CASE-{j * 1000 + i // 10}"))
    setup_seconds = time.perf_counter() - began

    bare = Vault(db.engine, FileKeyProvider(key_path), vault.policy, tenant=TENANT)
    bare.check_keys()
    assert services.trail is not None
    audit_size = services.trail.log.count()
    steps: dict[str, list[float]] = {"open": [], "verify": [], "export": [], "total": [], "peer": []}
    log(f"{db.kind}: DSAR: {len(subjects)} requests (audit log: {audit_size:,} events)")
    meter.reset()
    clock = StatementClock(db.engine)  # the Kawal side only; the peer runs with the clock paused
    clock.reset(active=False)
    try:
        for j, (phone, record_ids) in enumerate(subjects):
            vault.cache.clear()
            clock.active = True
            t0 = time.perf_counter()
            request = dsar.open_request(services, "access", "gdpr", identifiers={"phone": phone}, actor="dpo",
                                        reference=f"BENCH-{j}")
            t1 = time.perf_counter()
            dsar.verify(services, request.request_id, actor="dpo", method="OTP to the phone on file")
            t2 = time.perf_counter()
            bundle = dsar.export(services, request.request_id, actor="dpo")
            t3 = time.perf_counter()
            clock.active = False
            bare.cache.clear()
            p0 = time.perf_counter()
            peer = bare.get_many(record_ids)
            p1 = time.perf_counter()
            (subject,) = bundle["subjects"]
            assert len(subject["records"]) == len(record_ids) == len(peer), (len(subject["records"]), len(record_ids))
            assert {r["record_id"] for r in subject["records"]} == set(record_ids)
            assert len(subject["accesses"]) >= args.dsar_reads, len(subject["accesses"])
            for name, seconds in (("open", t1 - t0), ("verify", t2 - t1), ("export", t3 - t2), ("total", t3 - t0),
                                  ("peer", p1 - p0)):
                steps[name].append(seconds * 1e3)
    finally:
        clock.active = False
        clock.close()
    # Diagnostic: open_request reads the framework definitions (kawal.compliance.frameworks) on every call.
    framework_ms = []
    for _ in range(5):
        t0 = time.perf_counter()
        frameworks(services)
        framework_ms.append((time.perf_counter() - t0) * 1e3)
    return {"setup_seconds": setup_seconds, "audit_events_before": audit_size,
            "frameworks_ms": statistics.median(framework_ms),
            "accesses_per_bundle": len(subject["accesses"]), "requests": len(subjects),
            "records": args.dsar_records, "reads": args.dsar_reads,
            "audit_events_per_request": sum(meter.events.values()) / len(subjects), "statements": clock.rows(),
            "ms": {name: {"median": statistics.median(v), "p95": percentile(v, 95), "min": min(v), "max": max(v)}
                   for name, v in steps.items()}}


# -- orchestration ----------------------------------------------------------------------------------
def run_kind(kind: str, args: argparse.Namespace, workdir: Path, now: datetime) -> dict[str, Any]:
    key_path = workdir / f"root-{kind}-{uuid.uuid4().hex[:8]}.key"
    FileKeyProvider.create(key_path)
    cutoff = month_start(now, args.months - args.expire_months - 1)
    plan = plan_load(args, now)
    out: dict[str, Any] = {}
    with database(kind, workdir, args.postgres_url, "rbench") as db, \
            database(kind, workdir, args.postgres_url, "rpeer") as peer:
        services = kawal_services(db, key_path)
        try:
            meter = AuditMeter(services)
            log(f"{kind}: loading {plan.records:,} records for {args.subjects:,} subjects over {args.months} months "
                f"({len(plan.batches)} put_many calls)")
            out["load"] = load(db, services, key_path, plan)
            out["load"]["audit_events"] = sum(meter.events.values())
            log(f"{kind}: loaded in {out['load']['seconds']:.1f} s; copying for the peer")
            began = time.perf_counter()
            copy_vault(db, peer)
            if kind == "postgresql":
                settle([peer, db], args.postgres_url)
            out["copy_seconds"] = time.perf_counter() - began
            out["expire"] = bench_expire(db, peer, services, meter, cutoff, args)
            if args.dsar_requests:
                out["dsar"] = bench_dsar(db, services, key_path, meter, now, args)
        finally:
            services.close()
    return out


# -- output -----------------------------------------------------------------------------------------
def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def render_kind(name: str, r: dict[str, Any], args: argparse.Namespace) -> str:
    ld, ex = r["load"], r["expire"]
    rate = lambda n, s: f"{n / s:,.0f}/s" if s > 0 else "-"  # noqa: E731
    rows = [
        ["set-up: put_many load (not a result)", f"{ld['seconds']:.1f}", f"{ld['records']:,} rec",
         rate(ld["records"], ld["seconds"]), f"{ld['keys_created']:,} data keys, {ld['batches']} calls"],
        ["expire dry_run=True", f"{ex['dry_seconds']:.2f}", f"{ex['dry_records']:,} rec",
         rate(ex["dry_records"], ex["dry_seconds"]), f"{ex['dry_keys']:,} keys, {ex['dry_subjects']:,} subjects"],
        ["expire: whole call", f"{ex['seconds']:.2f}", f"{ex['records_expired']:,} rec",
         rate(ex["records_expired"], ex["seconds"]), f"{ex['keys_destroyed']:,} keys destroyed"],
        [f"  record step (batches of {args.expire_batch})", f"{ex['record_step_seconds']:.2f}",
         f"{ex['records_expired']:,} rec", rate(ex["records_expired"], ex["record_step_seconds"]),
         f"+{ex['index_rows']:,} blind-index rows"],
        ["  key step (search + destroy)", f"{ex['key_step_seconds']:.2f}", f"{ex['keys_destroyed']:,} keys",
         rate(ex["keys_destroyed"], ex["key_step_seconds"]), ""],
        ["peer: 2 plain DELETEs, copy", f"{ex['peer_seconds']:.2f}", f"{ex['peer_records']:,} rec",
         rate(ex["peer_records"], ex["peer_seconds"]), f"+{ex['peer_index_rows']:,} blind-index rows"],
    ]
    audit = ", ".join(f"{n} {a}" for a, n in sorted(ex["audit_events"].items()))
    lines = [
        f"== {name} ==",
        f"1. Retention expiry of {KIND} (cut-off {ex['cutoff']}; {ex['remaining']:,} records remain)",
        table(["step", "seconds", "count", "rate", "note"], rows),
        f"Kawal / peer = {ex['seconds'] / ex['peer_seconds']:.1f}x the time "
        f"(record step alone: {ex['record_step_seconds'] / ex['peer_seconds']:.1f}x); "
        f"audit during expire: {audit} in {ex['audit_seconds']:.2f} s",
        f"Statements during the expire call (execute time, top 8; all statements and commits: "
        f"{sum(t for _, _, t in ex['statements']):.2f} s of {ex['seconds']:.2f} s):",
        table(["statement", "calls", "seconds", "ms/call"],
              [[s, f"{n:,}", f"{t:.2f}", f"{t / n * 1e3:.2f}"] for s, n, t in ex["statements"][:8]]),
    ]
    if "dsar" in r:
        d = r["dsar"]
        ms = d["ms"]
        drows = [[label, f"{ms[k]['median']:.1f}", f"{ms[k]['p95']:.1f}", f"{ms[k]['min']:.1f}", f"{ms[k]['max']:.1f}"]
                 for k, label in (("open", "open_request (find by phone)"), ("verify", "verify"),
                                  ("export", "export"), ("total", "open + verify + export"),
                                  ("peer", "peer: bare get_many of the ids"))]
        lines += [
            "",
            f"2. DSAR export: {d['requests']} requests, 1 subject each, {d['records']} records + "
            f"{d['reads']} audited reads per subject ({d['accesses_per_bundle']} accesses in a bundle; audit log "
            f"{d['audit_events_before']:,} events; {d['audit_events_per_request']:.0f} audit events written per request; "
            f"key cache cleared before each; set-up {d['setup_seconds']:.1f} s)",
            table(["step (ms)", "median", "p95", "min", "max"], drows),
            f"Kawal end to end / peer = {ms['total']['median'] / ms['peer']['median']:.1f}x on medians, "
            f"{ms['total']['p95'] / ms['peer']['p95']:.1f}x on p95; of open_request, "
            f"{d['frameworks_ms']:.1f} ms (median of 5) is kawal.compliance.frameworks() re-reading the framework YAML",
            f"Statements per request, Kawal side (top 5; all statements and commits: "
            f"{sum(t for _, _, t in d['statements']) / d['requests'] * 1e3:.1f} ms of {ms['total']['median']:.1f} ms median):",
            table(["statement", "calls/request", "ms/request"],
                  [[s, f"{n / d['requests']:.1f}", f"{t / d['requests'] * 1e3:.2f}"] for s, n, t in d["statements"][:5]]),
        ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--postgres-only", action="store_true", help="skip SQLite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="default: %(default)s")
    parser.add_argument("--records", type=int, default=100_000, help="call transcripts loaded (default %(default)s)")
    parser.add_argument("--subjects", type=int, default=10_000, help="subjects they belong to (default %(default)s)")
    parser.add_argument("--months", type=int, default=36, help="months they are spread over (default %(default)s)")
    parser.add_argument("--expire-months", type=int, default=24, help="oldest months expired (default %(default)s)")
    parser.add_argument("--load-batch", type=int, default=1_000, help="put_many batch when loading (default %(default)s)")
    parser.add_argument("--expire-batch", type=int, default=2000, help="Vault.expire batch_size (default %(default)s)")
    parser.add_argument("--record-bytes", type=int, default=800, help="transcript text per record (default %(default)s)")
    parser.add_argument("--dsar-requests", type=int, default=20, help="DSAR requests / subjects (default %(default)s)")
    parser.add_argument("--dsar-records", type=int, default=50, help="records per DSAR subject (default %(default)s)")
    parser.add_argument("--dsar-reads", type=int, default=200, help="audited reads per DSAR subject (default %(default)s)")
    args = parser.parse_args(argv)
    if not 0 < args.expire_months < args.months:
        parser.error("--expire-months must be between 1 and --months - 1")
    if args.sqlite_only and args.postgres_only:
        parser.error("--sqlite-only and --postgres-only exclude each other")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pg_version = "skipped (--sqlite-only)"
    if not args.sqlite_only:
        version, reason = postgres_probe(args.postgres_url)
        if version is None:
            print(f"error: {reason}; start it, pass --postgres-url, or run with --sqlite-only", file=sys.stderr)
            return 2
        pg_version = version
    kinds = [k for k, skip in (("sqlite", args.postgres_only), ("postgresql", args.sqlite_only)) if not skip]
    now = datetime.now(UTC)
    load_start, others_start = load_average(), other_load()
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version}")
    results: dict[str, Any] = {}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kawal-retention-bench-") as tmp:
        for kind in kinds:
            results[kind] = run_kind(kind, args, Path(tmp), now)
    total = time.perf_counter() - began
    others_end = other_load()
    others = sorted(set(others_start) | set(others_end))
    print(f"conditions: {args.records:,} {KIND} records, {args.subjects:,} subjects, {args.months} months "
          f"(oldest {args.expire_months} expire), put_many batch {args.load_batch}, expire batch {args.expire_batch}, "
          f"~{args.record_bytes} B of transcript per record, 1 blind-index row (phone) per record; "
          f"DSAR {args.dsar_requests} requests x {args.dsar_records} records x {args.dsar_reads} reads")
    print(f"load: load average {load_start} at start, {load_average()} at end; other load running: "
          + ("; ".join(others) if others else "none seen (checked at start and end)")
          + f"; total run {total:.0f} s; one timed run per figure, wall clock")
    print("notes: PostgreSQL copies are VACUUM ANALYZEd before timing; the PostgreSQL set-up loader uses "
          "synchronous_commit=off (timed steps use the default); on SQLite, statement times exclude row fetching")
    for kind, name in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        if kind in results:
            print()
            print(render_kind(name, results[kind], args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
