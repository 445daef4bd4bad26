"""Benchmarks of Kawal's record vault: crypto hot path, database throughput, root-key rewrap.

Run from the repository root::

    .venv/bin/python bench/vault_bench.py [--quick] [--json] [--skip-postgres] [--postgres-url URL]

What is measured, and why:

1. **In-memory crypto, 4 KiB records.** The vault promises that, once a subject's data key is cached,
   reading or writing a record costs little more than AES-256-GCM itself (target: at most 1.5x raw
   AES-GCM). The "vault" figure is exactly what `Vault.put` / `Vault.get` do per record for a cached
   key, minus the database: `KeyCache.get` + `DataKey.seal(plaintext, record_id)` (fresh nonce,
   associated data binding tenant/subject/key/record id, key-commitment header) and `KeyCache.get` +
   `DataKey.open(blob, record_id)` (format and commitment checks, then decryption). The baseline is
   `cryptography`'s `AESGCM` on the same 4096-byte payload: `os.urandom(12)` nonce, `encrypt`,
   `decrypt`, no associated data, key object created once. Each figure is the best of 5 repeats of
   many iterations (timed with `time.perf_counter_ns`, garbage collector paused), because on a shared
   machine the minimum is the figure least disturbed by other work; the median is shown beside it.
   A decomposition follows (raw AES-GCM with the vault's associated data, seal and open on their
   own, the key-cache lookup) together with the cost of JSON serialisation of a 4 KiB record
   (`json.dumps` with the vault's settings + `json.loads`), since the vault encrypts JSON documents
   and that step is outside the crypto ratio but inside every put and get.

2. **Throughput on SQLite and PostgreSQL**, through the public `Vault` API only, with a realistic
   customer record (name, phone, e-mail, NIK, address, notes: about 1 KiB of JSON) and distinct
   subjects: single puts (one call and so one transaction per record), `put_many` in batches, single
   gets, `get_many` in batches, and `find` (blind-index equality lookups by phone, one hit each).
   Puts are measured for new subjects (the vault creates and wraps a data key for each, in its own
   transaction) and for known subjects (active key already cached); gets with a cold key cache
   (unwrap + key derivation per subject) and with a warm one. Each figure is one timed run of N
   operations (default 5,000; --quick: 500), wall clock, so expect run-to-run noise.
   SQLite is a temporary file with the settings `kawal.db.make_engine` applies (WAL,
   synchronous=NORMAL, secure_delete); PostgreSQL gets a fresh schema per run, migrated with the
   real alembic migrations and dropped at the end.

3. **Rewrap after root-key rotation** for 100,000 subjects (--quick: 5,000): every subject gets a
   data key by storing one small record through `put_many` (setup, timed separately), then
   `rotate_root()` and a timed `rewrap()` with the policy's batch size. Reported as subjects/s and
   total seconds, with the final `status()` checked: every key must be under the new root version.

4. A header with the machine: CPU model, cores, Python, cryptography/OpenSSL, SQLite and PostgreSQL
   server versions, load average at start.

With --json, stdout carries one JSON object with every figure (progress goes to stderr either way).
If PostgreSQL does not answer, its rows say "skipped: <reason>" and the rest still runs.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without install

import cryptography  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402

from kawal.db import make_engine, upgrade  # noqa: E402
from policies import VaultPolicy, load_vault_policy  # noqa: E402
from vault import FileKeyProvider, Vault  # noqa: E402
from vault._aead import DataKey, bind, new_key  # noqa: E402
from vault.cache import KeyCache  # noqa: E402
from _machine import cpu_model, log, postgres_probe  # noqa: E402

DEFAULT_POSTGRES_URL = os.environ.get(
    "KAWAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PAYLOAD_BYTES = 4096
REPEATS = 5
TARGET_RATIO = 1.5
TENANT = "default"


@dataclass(frozen=True)
class Settings:
    """Sizes of one run."""

    quick: bool
    crypto_iterations: int
    records: int
    batch: int
    rewrap_subjects: int
    rewrap_setup_batch: int


def settings_for(args: argparse.Namespace) -> Settings:
    quick = bool(args.quick)
    return Settings(
        quick=quick,
        crypto_iterations=args.crypto_iterations or (3_000 if quick else 20_000),
        records=args.records or (500 if quick else 5_000),
        batch=args.batch,
        rewrap_subjects=args.rewrap_subjects or (5_000 if quick else 100_000),
        rewrap_setup_batch=1_000,
    )


# -- machine ---------------------------------------------------------------------------------------


def openssl_version() -> str:
    try:
        from cryptography.hazmat.backends.openssl import backend

        return str(backend.openssl_version_text())
    except Exception:  # noqa: BLE001 - informational only
        return "unknown"


def machine_info(pg_version: str | None, pg_reason: str | None) -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "cryptography": cryptography.__version__,
        "openssl": openssl_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version if pg_version is not None else f"skipped: {pg_reason}",
        "load_average_at_start": [round(x, 2) for x in load],
        "note": "2 cores, shared with other work (the PostgreSQL server included): figures are indicative",
    }


# -- sample data -----------------------------------------------------------------------------------
_FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Putri", "Andi", "Wulan", "Hendra", "Ayu", "Rudi"]
_LAST = ["Santoso", "Rahmawati", "Wijaya", "Kusuma", "Pratama", "Hidayat", "Saputra", "Lestari", "Nugroho"]
_STREETS = ["Kemang Raya", "Fatmawati", "Gatot Subroto", "Sudirman", "Cikini Raya", "Tebet Barat", "Pejaten"]
_WORDS = (
    "pelanggan menghubungi call center terkait tagihan kartu kredit bulan lalu meminta penjelasan "
    "biaya administrasi agen menjelaskan rincian transaksi dan menawarkan cicilan tanpa bunga "
    "pelanggan setuju verifikasi identitas berhasil tindak lanjut melalui email dalam dua hari kerja"
).split()


def _text(rng: random.Random, length: int) -> str:
    words: list[str] = []
    size = 0
    while size <= length:
        word = rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def customer_record(number: int) -> dict[str, str]:
    """A realistic customer record (~1 KiB of JSON); searchable values are unique per *number*."""
    rng = random.Random(number)
    return {
        "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "phone": f"0812{number:08d}",
        "email": f"pelanggan.{number}@contoh.co.id",
        "nik": f"3174{number:012d}",
        "address": (
            f"Jl. {rng.choice(_STREETS)} No. {rng.randint(1, 250)}, RT {rng.randint(1, 15):03d}/"
            f"RW {rng.randint(1, 12):03d}, Kel. Bangka, Kec. Mampang Prapatan, Jakarta Selatan 12730"
        ),
        "notes": _text(rng, 760),
    }


def vault_json(record: Mapping[str, Any]) -> bytes:
    """Serialise like the vault does before sealing (compact, UTF-8, no NaN)."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def record_of_exactly(size: int) -> dict[str, str]:
    """A customer record padded so that its vault JSON is exactly *size* bytes."""
    record = customer_record(42)
    record["notes"] = ""
    record["notes"] = _text(random.Random(7), size - len(vault_json(record)))
    assert len(vault_json(record)) == size
    return record


# -- in-memory crypto ------------------------------------------------------------------------------
Loop = Callable[[int], None]


@dataclass(frozen=True)
class Timing:
    """Per-operation time of one micro-benchmark: best and median of the repeats."""

    name: str
    best_us: float
    median_us: float
    iterations: int
    repeats: int


def time_loop(name: str, run: Loop, iterations: int, repeats: int = REPEATS) -> Timing:
    """Run *run(iterations)* *repeats* times with the GC paused; per-op best and median in µs."""
    run(max(1, iterations // 10))  # warm-up: caches, branch predictors, lazy imports
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    samples: list[int] = []
    try:
        for _ in range(repeats):
            start = time.perf_counter_ns()
            run(iterations)
            samples.append(time.perf_counter_ns() - start)
    finally:
        if was_enabled:
            gc.enable()
    return Timing(name, min(samples) / iterations / 1e3, statistics.median(samples) / iterations / 1e3,
                  iterations, repeats)


@dataclass
class CryptoFixture:
    """One cached data key as the vault holds it, and a raw AES-GCM key, over the same payload."""

    payload: bytes
    cache: KeyCache
    key_id: str
    record_id: str
    associated_data: bytes
    raw: AESGCM

    @classmethod
    def build(cls, payload: bytes, policy: VaultPolicy) -> CryptoFixture:
        key_id, record_id = uuid.uuid4().hex, uuid.uuid4().hex
        subject_ref = hashlib.sha256(b"bench-subject").hexdigest()
        # The same context the vault binds a record blob to: (tenant, subject ref, key id) + record id.
        context = bind("kawal/v1/record", TENANT, subject_ref, key_id)
        cache = KeyCache(policy.key_cache_size, policy.key_cache_ttl_seconds)
        cache.put(DataKey(key_id, new_key(), context))
        return cls(payload, cache, key_id, record_id, context + bind(record_id), AESGCM(AESGCM.generate_key(256)))


def raw_roundtrip(f: CryptoFixture, associated_data: bytes | None = None) -> Loop:
    aead, payload, urandom = f.raw, f.payload, os.urandom

    def run(n: int) -> None:
        for _ in range(n):
            nonce = urandom(12)
            aead.decrypt(nonce, aead.encrypt(nonce, payload, associated_data), associated_data)

    return run


def vault_roundtrip(f: CryptoFixture) -> Loop:
    get, key_id, record_id, payload = f.cache.get, f.key_id, f.record_id, f.payload

    def run(n: int) -> None:
        for _ in range(n):
            key = get(key_id)
            if key is None:
                raise RuntimeError("key fell out of the cache")
            blob = key.seal(payload, record_id)
            key = get(key_id)
            if key is None:
                raise RuntimeError("key fell out of the cache")
            key.open(blob, record_id)

    return run


def raw_encrypt(f: CryptoFixture) -> Loop:
    aead, payload, urandom = f.raw, f.payload, os.urandom

    def run(n: int) -> None:
        for _ in range(n):
            aead.encrypt(urandom(12), payload, None)

    return run


def raw_decrypt(f: CryptoFixture) -> Loop:
    aead, nonce = f.raw, os.urandom(12)
    sealed = aead.encrypt(nonce, f.payload, None)

    def run(n: int) -> None:
        for _ in range(n):
            aead.decrypt(nonce, sealed, None)

    return run


def vault_seal(f: CryptoFixture) -> Loop:
    get, key_id, record_id, payload = f.cache.get, f.key_id, f.record_id, f.payload

    def run(n: int) -> None:
        for _ in range(n):
            get(key_id).seal(payload, record_id)  # type: ignore[union-attr]

    return run


def vault_open(f: CryptoFixture) -> Loop:
    get, key_id, record_id = f.cache.get, f.key_id, f.record_id
    blob = get(key_id).seal(f.payload, record_id)  # type: ignore[union-attr]

    def run(n: int) -> None:
        for _ in range(n):
            get(key_id).open(blob, record_id)  # type: ignore[union-attr]

    return run


def cache_lookup(f: CryptoFixture) -> Loop:
    get, key_id = f.cache.get, f.key_id

    def run(n: int) -> None:
        for _ in range(n):
            get(key_id)

    return run


def json_roundtrip(record: Mapping[str, Any]) -> Loop:
    dumps, loads = json.dumps, json.loads

    def run(n: int) -> None:
        for _ in range(n):
            loads(dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8"))

    return run


def bench_crypto(settings: Settings, policy: VaultPolicy) -> dict[str, Any]:
    record = record_of_exactly(PAYLOAD_BYTES)
    f = CryptoFixture.build(vault_json(record), policy)
    n = settings.crypto_iterations
    log(f"crypto: {n:,} iterations x {REPEATS} repeats per figure")
    raw = time_loop("raw AESGCM: urandom(12) + encrypt + decrypt", raw_roundtrip(f), n)
    hot = time_loop("vault: cache.get + seal + cache.get + open", vault_roundtrip(f), n)
    detail = [
        time_loop("raw AESGCM round trip with the vault's AAD", raw_roundtrip(f, f.associated_data), n),
        time_loop("raw AESGCM: urandom(12) + encrypt", raw_encrypt(f), n),
        time_loop("vault: cache.get + DataKey.seal", vault_seal(f), n),
        time_loop("raw AESGCM: decrypt", raw_decrypt(f), n),
        time_loop("vault: cache.get + DataKey.open", vault_open(f), n),
        time_loop("KeyCache.get (hit)", cache_lookup(f), n * 10),
    ]
    js = time_loop("JSON: dumps (vault settings) + loads", json_roundtrip(record), n)
    return {
        "payload_bytes": len(f.payload),
        "associated_data_bytes": len(f.associated_data),
        "blob_overhead_bytes": 1 + 12 + 32 + 16,
        "raw": raw.__dict__,
        "vault": hot.__dict__,
        "ratio_best": hot.best_us / raw.best_us,
        "ratio_median": hot.median_us / raw.median_us,
        "target_ratio": TARGET_RATIO,
        "detail": [t.__dict__ for t in detail],
        "json": js.__dict__,
    }


# -- databases -------------------------------------------------------------------------------------
@contextmanager
def sqlite_database(workdir: Path) -> Iterator[Engine]:
    """A migrated SQLite database in a temporary file, configured as `make_engine` does (WAL)."""
    url = f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine, url)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_database(base_url: str) -> Iterator[Engine]:
    """A migrated PostgreSQL schema of its own (search_path in the URL), dropped afterwards."""
    schema = f"kawal_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base_url else "?"
        url = f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
        engine = make_engine(url)
        try:
            upgrade(engine, url)
            yield engine
        finally:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def database(kind: str, workdir: Path, postgres_url: str) -> Iterator[Engine]:
    if kind == "sqlite":
        with sqlite_database(workdir) as engine:
            yield engine
    else:
        with postgres_database(postgres_url) as engine:
            yield engine


def new_key_file(workdir: Path) -> Path:
    path = workdir / f"root-{uuid.uuid4().hex[:8]}.key"
    FileKeyProvider.create(path)
    return path


def open_vault(engine: Engine, key_path: Path, policy: VaultPolicy) -> Vault:
    vault = Vault(engine, FileKeyProvider(key_path), policy, tenant=TENANT)
    vault.check_keys()
    return vault


# -- throughput ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    """One timed run of *count* operations."""

    count: int
    seconds: float
    unit: str

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    @property
    def us_per_op(self) -> float:
        return self.seconds / self.count * 1e6

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "seconds": round(self.seconds, 4), "unit": self.unit,
                "per_second": round(self.per_second, 1), "us_per_op": round(self.us_per_op, 1)}


def timed(count: int, unit: str, body: Callable[[], Any]) -> Rate:
    start = time.perf_counter_ns()
    body()
    return Rate(count, (time.perf_counter_ns() - start) / 1e9, unit)


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: Throughput rows, in display order: key -> label.
THROUGHPUT_ROWS = {
    "put_single_new": "put, single: new subject (creates its data key)",
    "put_single_known": "put, single: known subject (cached key)",
    "put_many_new": "put_many, batch {batch}: new subjects",
    "put_many_known": "put_many, batch {batch}: known subjects",
    "get_single_cold": "get, single: cold key cache (unwrap per subject)",
    "get_single_warm": "get, single: warm key cache",
    "get_many_warm": "get_many, batch {batch}: warm key cache",
    "find_phone": "find('phone', ...): 1 hit each",
}


def put_single(vault: Vault, items: Sequence[tuple[str, dict[str, str]]]) -> list[str]:
    return [vault.put(subject, record) for subject, record in items]


def put_batched(vault: Vault, items: Sequence[tuple[str, dict[str, str]]], batch: int) -> list[str]:
    ids: list[str] = []
    for chunk in chunks(items, batch):
        ids.extend(vault.put_many(chunk))
    return ids


def bench_throughput(engine: Engine, workdir: Path, policy: VaultPolicy, settings: Settings,
                     label: str) -> dict[str, Any]:
    """Puts, gets and finds through the public API; each record has its own searchable values."""
    vault = open_vault(engine, new_key_file(workdir), policy)
    n, batch = settings.records, settings.batch
    subjects = [f"customer-{i:07d}" for i in range(2 * n)]
    # Record numbers are unique across all four put phases, so every phone finds exactly one record.
    first_single = [(subjects[i], customer_record(i)) for i in range(n)]
    first_batched = [(subjects[n + i], customer_record(n + i)) for i in range(n)]
    again_single = [(subjects[i], customer_record(2 * n + i)) for i in range(n)]
    again_batched = [(subjects[n + i], customer_record(3 * n + i)) for i in range(n)]
    rates: dict[str, Rate] = {}
    ids: dict[str, list[str]] = {}

    def run(key: str, count: int, unit: str, body: Callable[[], Any]) -> Any:
        log(f"{label}: {THROUGHPUT_ROWS[key].format(batch=batch)} x {count:,}")
        result: list[Any] = []
        rates[key] = timed(count, unit, lambda: result.append(body()))
        return result[0]

    ids["a"] = run("put_single_new", n, "records/s", lambda: put_single(vault, first_single))
    ids["b"] = run("put_many_new", n, "records/s", lambda: put_batched(vault, first_batched, batch))
    run("put_single_known", n, "records/s", lambda: put_single(vault, again_single))
    run("put_many_known", n, "records/s", lambda: put_batched(vault, again_batched, batch))

    shuffled = ids["a"][:]
    random.Random(1).shuffle(shuffled)
    vault.cache.clear()
    run("get_single_cold", n, "records/s", lambda: [vault.get(rid) for rid in shuffled])
    random.Random(2).shuffle(shuffled)
    got = run("get_single_warm", n, "records/s", lambda: [vault.get(rid) for rid in shuffled])
    many = run("get_many_warm", n, "records/s",
               lambda: [r for chunk in chunks(shuffled, batch) for r in vault.get_many(chunk)])
    phones = [record["phone"] for _, record in first_single]
    found = run("find_phone", n, "lookups/s", lambda: [vault.find("phone", phone) for phone in phones])

    check_throughput(vault, first_single, ids["a"], shuffled, got, many, found, n)
    return {
        "record_json_bytes": round(statistics.mean(len(vault_json(r)) for _, r in first_single)),
        "rows": {key: rate.as_dict() for key, rate in rates.items()},
    }


def check_throughput(vault: Vault, items: Sequence[tuple[str, dict[str, str]]], put_ids: list[str],
                     order: list[str], got: list[Any], many: list[Any], found: list[list[str]], n: int) -> None:
    """Cheap sanity checks after timing: the right records came back, every find hit once."""
    expected = {rid: record for rid, (_, record) in zip(put_ids, items, strict=True)}
    for rid, rec in zip(order[:50], got[:50], strict=True):
        assert rec.record_id == rid and rec.data == expected[rid], "get returned the wrong record"
    assert [r.record_id for r in many] == order, "get_many returned the wrong records"
    assert found == [[rid] for rid in put_ids], "find did not return exactly the stored record"
    status = vault.status()
    assert status.records == 4 * n and status.subjects == 2 * n, f"unexpected vault status {status}"


# -- rewrap ----------------------------------------------------------------------------------------
def bench_rewrap(engine: Engine, workdir: Path, policy: VaultPolicy, settings: Settings,
                 label: str) -> dict[str, Any]:
    """Give N subjects a data key each, rotate the root key, time `rewrap()`."""
    key_path = new_key_file(workdir)
    total = settings.rewrap_subjects
    # Set-up only: a vault with the key cache off. 100,000 fresh keys would otherwise go through the
    # 10,000-entry cache, whose eviction scans every entry once it is full (~0.3 ms per insert).
    loader = open_vault(engine, key_path, policy.model_copy(update={"key_cache_size": 0}))
    log(f"{label}: rewrap set-up, {total:,} subjects via put_many x {settings.rewrap_setup_batch}")
    items = [(f"subject-{i:07d}", {"n": i}) for i in range(total)]
    setup = timed(total, "subjects/s", lambda: put_batched(loader, items, settings.rewrap_setup_batch))

    vault = open_vault(engine, key_path, policy)
    new_version = vault.rotate_root()
    log(f"{label}: rewrap of {total:,} data keys to root version {new_version}, "
        f"batch {policy.rewrap_batch_size}")
    reports: list[Any] = []
    rate = timed(total, "subjects/s", lambda: reports.append(vault.rewrap()))
    report = reports[0]
    status = vault.status()
    assert report.remaining == 0, f"rewrap left {report.remaining} keys"
    assert status.keys_by_root_version == {new_version: total}, f"unexpected status {status}"
    return {
        "subjects": total,
        "setup_seconds": round(setup.seconds, 2),
        "setup_subjects_per_second": round(setup.per_second, 1),
        "batch_size": policy.rewrap_batch_size,
        "rewrapped": report.rewrapped,  # data keys + the tenant's index key
        "seconds": round(rate.seconds, 3),
        "subjects_per_second": round(rate.per_second, 1),
    }


# -- orchestration ---------------------------------------------------------------------------------
def run_engines(settings: Settings, policy: VaultPolicy, postgres_url: str, pg_reason: str | None,
                workdir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    throughput: dict[str, Any] = {}
    rewrap: dict[str, Any] = {}
    for kind in ("sqlite", "postgresql"):
        if kind == "postgresql" and pg_reason is not None:
            throughput[kind] = rewrap[kind] = {"skipped": pg_reason}
            log(f"postgresql: skipped: {pg_reason}")
            continue
        with database(kind, workdir, postgres_url) as engine:
            throughput[kind] = bench_throughput(engine, workdir, policy, settings, kind)
        with database(kind, workdir, postgres_url) as engine:
            rewrap[kind] = bench_rewrap(engine, workdir, policy, settings, kind)
    return throughput, rewrap


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = settings_for(args)
    policy = load_vault_policy()
    if args.skip_postgres:
        pg_version, pg_reason = None, "--skip-postgres given"
    else:
        pg_version, pg_reason = postgres_probe(args.postgres_url)
    result: dict[str, Any] = {
        "machine": machine_info(pg_version, pg_reason),
        "settings": settings.__dict__ | {"repeats": REPEATS, "payload_bytes": PAYLOAD_BYTES},
    }
    result["crypto"] = bench_crypto(settings, policy)
    with tempfile.TemporaryDirectory(prefix="kawal-bench-") as tmp:
        result["throughput"], result["rewrap"] = run_engines(
            settings, policy, args.postgres_url, pg_reason, Path(tmp)
        )
    return result


# -- output ----------------------------------------------------------------------------------------
def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, right-aligned others."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def render_header(result: dict[str, Any]) -> str:
    m, s = result["machine"], result["settings"]
    return "\n".join([
        "Kawal vault benchmark" + (" (--quick)" if s["quick"] else ""),
        f"CPU          {m['cpu_model']}, {m['cores']} cores",
        f"Python       {m['python']}",
        f"cryptography {m['cryptography']} ({m['openssl']})",
        f"SQLite       {m['sqlite']}",
        f"PostgreSQL   {m['postgresql']}",
        f"load avg     {' '.join(str(x) for x in m['load_average_at_start'])} (at start)",
        "Note: this machine has 2 cores and runs other things (the PostgreSQL server among them); "
        "treat figures as indicative.",
    ])


def render_crypto(c: dict[str, Any]) -> str:
    raw, hot = c["raw"], c["vault"]
    ratio_ok = "meets" if c["ratio_best"] <= c["target_ratio"] else "MISSES"
    rows = [[raw["name"], f"{raw['best_us']:.2f}", f"{raw['median_us']:.2f}", "1.00x"],
            [hot["name"], f"{hot['best_us']:.2f}", f"{hot['median_us']:.2f}", f"{c['ratio_best']:.2f}x"]]
    detail = [[d["name"], f"{d['best_us']:.3f}" if d["best_us"] < 1 else f"{d['best_us']:.2f}",
               f"{d['median_us']:.3f}" if d["median_us"] < 1 else f"{d['median_us']:.2f}",
               f"{d['best_us'] / raw['best_us']:.2f}x"] for d in [*c["detail"], c["json"]]]
    return "\n".join([
        f"1. In-memory crypto, {c['payload_bytes']}-byte record (µs per op; best and median of "
        f"{hot['repeats']} repeats x {hot['iterations']:,} iterations, time.perf_counter_ns, GC paused)",
        table(["operation (seal + open round trip)", "best µs", "median µs", "vs raw"], rows),
        f"vault / raw = {c['ratio_best']:.2f}x best-of-{hot['repeats']} ({c['ratio_median']:.2f}x on medians); "
        f"target <= {c['target_ratio']}x: {ratio_ok}",
        "",
        f"Where the time goes (vault AAD: {c['associated_data_bytes']} bytes; blob = payload + "
        f"{c['blob_overhead_bytes']} bytes; 'vs raw' is against the raw round trip above)",
        table(["operation", "best µs", "median µs", "vs raw"], detail),
        "JSON is not part of the ratio: every put pays dumps and every get pays loads on top of the crypto.",
    ])


def render_throughput(result: dict[str, Any]) -> str:
    s, tp = result["settings"], result["throughput"]
    kinds = ["sqlite", "postgresql"]
    headers = ["operation", "unit", "SQLite /s", "µs/op", "PostgreSQL /s", "µs/op"]
    rows = []
    for key, label in THROUGHPUT_ROWS.items():
        cells = [label.format(batch=s["batch"]), ""]
        for kind in kinds:
            data = tp[kind]
            if "skipped" in data:
                cells += ["skipped", "-"]
                continue
            row = data["rows"][key]
            cells[1] = row["unit"].removesuffix("/s")
            cells += [_num(row["per_second"]), _num(row["us_per_op"])]
        rows.append(cells)
    size = next((tp[k]["record_json_bytes"] for k in kinds if "skipped" not in tp[k]), 0)
    lines = [
        f"2. Throughput, {s['records']:,} operations per row, one timed run each "
        f"(record ~{size} bytes of JSON: name, phone, email, nik, address, notes; distinct subjects)",
        table(headers, rows),
    ]
    lines += [f"{kind}: skipped: {tp[kind]['skipped']}" for kind in kinds if "skipped" in tp[kind]]
    return "\n".join(lines)


def render_rewrap(result: dict[str, Any]) -> str:
    s, rw = result["settings"], result["rewrap"]
    rows = []
    for kind, name in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        data = rw[kind]
        if "skipped" in data:
            rows.append([name, "skipped", "-", "-", "-"])
            continue
        rows.append([name, _num(data["subjects"]), f"{data['seconds']:.2f}", _num(data["subjects_per_second"]),
                     f"{data['setup_seconds']:.1f} ({_num(data['setup_subjects_per_second'])}/s)"])
    batch = next((rw[k]["batch_size"] for k in rw if "skipped" not in rw[k]), "-")
    lines = [
        f"3. Rewrap after rotate_root(): {s['rewrap_subjects']:,} subjects, one data key each, "
        f"rewrap() batch {batch}",
        table(["database", "subjects", "rewrap s", "subjects/s", "set-up s (put_many x1000)"], rows),
    ]
    lines += [f"{kind}: skipped: {rw[kind]['skipped']}" for kind in rw if "skipped" in rw[kind]]
    return "\n".join(lines)


def render(result: dict[str, Any]) -> str:
    parts = [render_header(result), render_crypto(result["crypto"]), render_throughput(result),
             render_rewrap(result)]
    return "\n\n".join(parts)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, not a measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="SQLAlchemy URL of a PostgreSQL database (default: %(default)s)")
    parser.add_argument("--records", type=int, default=0, help="operations per throughput row (5000; quick 500)")
    parser.add_argument("--batch", type=int, default=500, help="put_many / get_many batch size (default 500)")
    parser.add_argument("--rewrap-subjects", type=int, default=0, help="subjects to rewrap (100000; quick 5000)")
    parser.add_argument("--crypto-iterations", type=int, default=0, help="iterations per repeat (20000; quick 3000)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
