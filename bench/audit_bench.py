"""Benchmarks of the audit log: appends, verification, and a detector scan of a million events.

Run from the repository root::

    .venv/bin/python bench/audit_bench.py [--quick] [--json] [--skip-postgres] [--postgres-url URL]

What is measured (issue 5's goals in brackets), each beside a peer timed in the same run:

1. **Appends/s** on SQLite and PostgreSQL through `AuditLog.append` (one event per transaction, as
   a single fail-closed access writes it) and `append_many` in batches of 100 and 1,000 (as the
   detector's `alerts.raised` and bulk imports write) [>= 5,000/s on PostgreSQL with batching].
   Peer: a plain INSERT of the same rows without the chain (no lock, no hash, no MAC, no head
   read), so the ratio is the price of tamper evidence.
2. **Verify, events/s** (best of 3, all runs printed): `AuditLog.verify()` over the whole log (hash, MAC, sequence, columns)
   [>= 200,000/s; large logs are split over one process per core]. Peer: reading the same rows
   through the same driver path in one process and doing nothing with them.
3. **Scan of 1,000,000 events** (`audit.scan`: read from the database, parse, all detectors, store
   alerts), from the simulated contact center of bench/audit_sim.py [< 60 s on 2 cores]. Peer: the
   detection engine alone over the same events already in memory.

Events are realistic bodies (the simulator's: actor, role, session, purpose, subjects, data
classes, IP, user agent). Each figure is one timed run, wall clock; the machine is printed first.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit import AlertStore, AuditEvent, AuditLog, hmac_sha256, scan  # noqa: E402
from audit._rows import event_rows  # noqa: E402
from audit.chain import canonical  # noqa: E402
from audit.detect import DetectionEngine, Observed  # noqa: E402
from audit.models import audit_events  # noqa: E402
from policies import load_audit_policy  # noqa: E402

from audit_sim import simulate  # noqa: E402
from vault_bench import database, log, machine_info, postgres_probe, table  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KEY = bytes(range(32))


def sample_events(n: int) -> list[AuditEvent]:
    """*n* realistic events (the simulator's, repeated with fresh times if it made fewer)."""
    sim = simulate(agents=40, days=11, seed=3, warmup_days=7, instances=1)
    base = sim.events
    return [base[i % len(base)] for i in range(n)]


def bench_appends(engine: Engine, events: list[AuditEvent], singles: int) -> dict[str, Any]:
    log_ = AuditLog(engine, hmac_sha256(KEY), tenant="bench-append")
    began = time.perf_counter()
    for event in events[:singles]:
        log_.append(event)
    single = singles / (time.perf_counter() - began)
    out: dict[str, Any] = {"single_per_s": single}
    for batch in (100, 1_000):
        chained = AuditLog(engine, hmac_sha256(KEY), tenant=f"bench-batch-{batch}")
        began = time.perf_counter()
        for i in range(0, len(events), batch):
            chained.append_many(events[i : i + batch])
        out[f"batch{batch}_per_s"] = len(events) / (time.perf_counter() - began)
        assert chained.count() == len(events)
    # Peer: the same rows, plain INSERT in the same batches, no chain.
    rows = [{"tenant": "bench-plain", "seq": i + 1, "at": e.at or 0.0, "body": canonical(e.body("bench-plain", i + 1, e.at or 0.0)),
             "prev_hash": bytes(32), "hash": bytes(32), "mac": bytes(32), "actor": e.actor, "action": e.action}
            for i, e in enumerate(events)]
    began = time.perf_counter()
    for i in range(0, len(rows), 1_000):
        with engine.begin() as conn:
            conn.execute(audit_events.insert(), rows[i : i + 1_000])
    out["plain_insert_batch1000_per_s"] = len(rows) / (time.perf_counter() - began)
    out["ratio_batch1000_vs_plain"] = out["batch1000_per_s"] / out["plain_insert_batch1000_per_s"]
    return out


def bench_verify(engine: Engine, tenant: str, count: int) -> dict[str, Any]:
    log_ = AuditLog(engine, hmac_sha256(KEY), tenant=tenant)
    runs = []
    for _ in range(3):  # best of 3: right after the loads, autovacuum competes for the 2 cores
        began = time.perf_counter()
        report = log_.verify()
        runs.append(time.perf_counter() - began)
        assert report.ok and report.checked == count, report
    seconds = min(runs)
    began = time.perf_counter()
    read = sum(1 for _ in event_rows(engine, tenant, ("seq", "body", "prev_hash", "hash", "mac", "actor", "action"), 1, count))
    peer = time.perf_counter() - began
    assert read == count
    return {"events": count, "verify_per_s": count / seconds, "verify_runs_per_s": [count / r for r in runs],
            "read_only_per_s": count / peer,
            "ratio_verify_vs_read": (count / seconds) / (count / peer)}


def bench_scan(engine: Engine, events: int) -> dict[str, Any]:
    """Load about *events* simulated events, then scan them all (after a warm-up period)."""
    agents = max(20, round(300 * events / 900_000))
    sim = simulate(agents=agents, days=28, seed=1, warmup_days=7, instances=1 if agents < 100 else None)
    log_ = AuditLog(engine, hmac_sha256(KEY), tenant="bench-scan")
    log(f"scan: loading {len(sim.events):,} simulated events ({agents} agents, 28 days)")
    began = time.perf_counter()
    for i in range(0, len(sim.events), 5_000):
        log_.append_many(sim.events[i : i + 5_000])
    load_seconds = time.perf_counter() - began
    policy = load_audit_policy()
    store = AlertStore(engine, tenant="bench-scan")
    since = sim.start  # everything: warm-up is the detectors' own learning of the first days
    began = time.perf_counter()
    report = scan(log_, store, policy, sim.context, since=since)
    seconds = time.perf_counter() - began
    # Peer: the engine alone over the same bodies, already parsed and in memory.
    observed = [Observed.from_body(e.body("bench-scan", i + 1, e.at or 0.0)) for i, e in enumerate(sim.events)]
    detection = DetectionEngine(policy, sim.context)
    began = time.perf_counter()
    for ev in observed:
        detection.observe(ev)
    detection.flush(math.inf)
    engine_only = time.perf_counter() - began
    return {"events": report.events, "load_seconds": load_seconds, "load_per_s": len(sim.events) / load_seconds,
            "scan_seconds": seconds, "scan_per_s": report.events / seconds, "alerts": report.raised,
            "engine_only_seconds": engine_only, "ratio_scan_vs_engine_only": seconds / engine_only}


def run_engine_kind(kind: str, workdir: Path, pg_url: str, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with database(kind, workdir, pg_url) as engine:
        events = sample_events(args.appends)
        log(f"{kind}: appends ({len(events):,} events, batched and single)")
        results["appends"] = bench_appends(engine, events, args.singles)
        log(f"{kind}: verify")
        results["verify"] = bench_verify(engine, "bench-batch-1000", len(events))
        log(f"{kind}: scan")
        results["scan"] = bench_scan(engine, args.scan_events)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    args = parser.parse_args()
    args.appends = 20_000 if args.quick else 200_000
    args.singles = 500 if args.quick else 3_000
    args.scan_events = 60_000 if args.quick else 1_000_000
    pg_version, pg_reason = (None, "skipped by --skip-postgres") if args.skip_postgres else postgres_probe(args.postgres_url)
    out: dict[str, Any] = {"machine": machine_info(pg_version, pg_reason), "conditions": {
        "appends": args.appends, "single_appends": args.singles, "scan_events": args.scan_events,
        "note": "one process; database server, benchmark and detectors share the machine's cores"}}
    with tempfile.TemporaryDirectory() as tmp:
        kinds = [k for k, skip in (("sqlite", args.skip_sqlite), ("postgresql", pg_reason is not None)) if not skip]
        for kind in kinds:
            out[kind] = run_engine_kind(kind, Path(tmp), args.postgres_url, args)
        if pg_reason is not None:
            out["postgresql"] = {"skipped": pg_reason}
    if args.json:
        print(json.dumps(out, indent=2, sort_keys=True))
        return
    print(json.dumps(out["machine"], sort_keys=True))
    rows = []
    for kind in ("sqlite", "postgresql"):
        r = out.get(kind, {})
        if "appends" not in r:
            continue
        a, v, s = r["appends"], r["verify"], r["scan"]
        rows += [
            [kind, "append, 1 event/transaction", f"{a['single_per_s']:,.0f}/s", ""],
            [kind, "append_many, batches of 100", f"{a['batch100_per_s']:,.0f}/s", ""],
            [kind, "append_many, batches of 1,000", f"{a['batch1000_per_s']:,.0f}/s",
             f"{a['ratio_batch1000_vs_plain']:.2f}x plain INSERT ({a['plain_insert_batch1000_per_s']:,.0f}/s)"],
            [kind, f"verify ({v['events']:,} events; runs {', '.join(f'{x / 1000:.0f}k' for x in v['verify_runs_per_s'])})",
             f"{v['verify_per_s']:,.0f}/s",
             f"{v['ratio_verify_vs_read']:.2f}x reading the rows ({v['read_only_per_s']:,.0f}/s)"],
            [kind, f"scan of {s['events']:,} events", f"{s['scan_seconds']:.1f} s ({s['scan_per_s']:,.0f}/s)",
             f"{s['ratio_scan_vs_engine_only']:.2f}x the engine alone in memory ({s['engine_only_seconds']:.1f} s)"],
        ]
    print(table(["database", "what", "result", "peer in the same run"], rows))


if __name__ == "__main__":
    main()
