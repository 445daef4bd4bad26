"""The labeled synthetic corpus (bench/corpus.py): determinism, gold span hygiene, checksums, CLI."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS_PATH = ROOT / "bench" / "corpus.py"


def _load():
    name = "kawal_bench_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, CORPUS_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load()


@pytest.fixture(scope="module")
def sample():
    return corpus.generate(600, 1)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _nric_ok(s: str) -> bool:
    s = s.upper()
    if not re.fullmatch(r"[ST]\d{7}[A-Z]", s):
        return False
    total = sum(int(c) * w for c, w in zip(s[1:8], (2, 7, 6, 5, 4, 3, 2))) + (4 if s[0] == "T" else 0)
    return "JZIHGFEDCBA"[total % 11] == s[8]


def _luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _iban_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


NIK_PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64,
                 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}


def _nik_ok(s: str) -> bool:
    import datetime as dt

    if not re.fullmatch(r"\d{16}", s) or int(s[:2]) not in NIK_PROVINCES:
        return False
    if not (1 <= int(s[2:4]) <= 79 and 1 <= int(s[4:6]) <= 49 and 1 <= int(s[12:]) <= 999):
        return False
    day = int(s[6:8])
    day = day - 40 if day > 40 else day
    for century in (1900, 2000):
        try:
            dt.date(century + int(s[10:12]), int(s[8:10]), day)
            return True
        except ValueError:
            pass
    return False


def test_deterministic_per_seed():
    a, b, c = corpus.generate(50, 5), corpus.generate(50, 5), corpus.generate(50, 6)
    assert a == b
    assert a != c
    it = corpus.iter_transcripts(5)
    assert [next(it) for _ in range(50)] == a


def test_api_shapes(sample):
    assert len(sample) == 600
    assert len({t.id for t in sample}) == 600
    for t in sample:
        assert t.channel in {"chat", "email", "call"}
        assert t.lang in {"id", "en", "mixed"}
        assert isinstance(t.gold, tuple)
    channels = Counter(t.channel for t in sample)
    assert 0.3 < channels["chat"] / 600 < 0.5 and 0.15 < channels["email"] / 600 < 0.35
    assert 0.25 < channels["call"] / 600 < 0.45
    no_pii = sum(1 for t in sample if not t.gold)
    assert 0.04 < no_pii / 600 < 0.2


def test_gold_spans_well_formed(sample):
    for t in sample:
        prev_end = 0
        for g in t.gold:
            assert g.type in corpus.ENTITY_TYPES
            assert 0 <= g.start < g.end <= len(t.text), (t.id, g)
            surface = t.text[g.start:g.end]
            assert surface == surface.strip(), (t.id, surface)
            assert g.start >= prev_end, (t.id, "overlap or unsorted", g)
            prev_end = g.end


def test_checksums(sample):
    seen = Counter()
    for t in sample:
        for g in t.gold:
            s = t.text[g.start:g.end]
            if not any(ch.isdigit() for ch in s):
                continue  # spoken form
            d = _digits(s)
            if g.type == "ID_NIK":
                assert _nik_ok(d), s
            elif g.type == "SG_NRIC":
                assert _nric_ok(s), s
            elif g.type == "CREDIT_CARD":
                assert len(d) == 16 and d[0] in "45" and _luhn_ok(d), s
            elif g.type == "IBAN_CODE":
                assert s[:2].upper() in {"GB", "DE", "NL"} and _iban_ok(s), s
            elif g.type == "ID_NPWP":
                assert re.fullmatch(r"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}", s), s
            elif g.type == "US_SSN":
                area = int(d[:3])
                assert len(d) == 9 and area not in (0, 666) and area < 900 and d[3:5] != "00" and d[5:] != "0000"
            elif g.type == "BANK_ACCOUNT":
                assert 10 <= len(d) <= 15, s
            seen[g.type] += 1
    for typ in ("ID_NIK", "SG_NRIC", "CREDIT_CARD", "IBAN_CODE"):
        assert seen[typ] > 0, typ


def test_call_text_is_asr_like(sample):
    calls = [t for t in sample if t.channel == "call"]
    assert calls
    for t in calls:
        assert t.text == t.text.lower(), t.id
        assert not re.search(r"[.,?!;]", t.text), t.id
        for line in t.text.strip().split("\n"):
            assert line.startswith(("agent: ", "customer: ")), line
    spoken = [t.text[g.start:g.end] for t in calls for g in t.gold if g.type in ("PHONE_NUMBER", "CREDIT_CARD", "ID_NIK")]
    assert any(re.search(r"\b(satu|dua|tiga|one|two|three)\b", s) for s in spoken)
    assert any(re.search(r"\b(double|triple|dobel)\b", s) for s in spoken)


def test_every_entity_type_present(sample):
    counts = Counter(g.type for t in sample for g in t.gold)
    for typ in corpus.ENTITY_TYPES:
        assert counts[typ] >= 5, (typ, counts)


def test_person_gold_excludes_honorifics(sample):
    for t in sample:
        for g in t.gold:
            if g.type == "PERSON":
                first = t.text[g.start:g.end].split()[0].lower().rstrip(".")
                assert first not in {"bapak", "ibu", "pak", "bu", "kak", "mas", "mbak", "mr", "mrs", "ms"}


def test_negatives_present(sample):
    text = "\n".join(t.text for t in sample)
    for pat in (r"INV-\d{4}-\d{6}", r"TKT-\d{5}", r"Rp ?\d", r"\bribu\b", r"\bjam \d", r"JP\d{10}", r"\bversi|version\b",
                r"\bOTP\b", r"\bunit\b"):
        assert re.search(pat, text, re.I), pat
    # negatives are not labelled
    for t in sample:
        for g in t.gold:
            assert not re.search(r"INV-|TKT-|Rp", t.text[g.start:g.end])


def test_cli_writes_jsonl(tmp_path):
    out = tmp_path / "c.jsonl"
    subprocess.run([sys.executable, str(CORPUS_PATH), "-n", "30", "--seed", "1", "-o", str(out)], check=True)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 30
    expected = corpus.generate(30, 1)
    for row, t in zip(rows, expected):
        assert set(row) == {"id", "channel", "lang", "text", "gold"}
        assert row["text"] == t.text and row["id"] == t.id
        assert [(g["type"], g["start"], g["end"]) for g in row["gold"]] == [(g.type, g.start, g.end) for g in t.gold]
    big = tmp_path / "big.jsonl"
    subprocess.run([sys.executable, str(CORPUS_PATH), "--mb", "0.2", "--seed", "2", "-o", str(big)], check=True)
    assert big.stat().st_size >= 200_000
    assert all(json.loads(line)["text"] for line in big.read_text(encoding="utf-8").splitlines())


def _decode_digit_words(s: str) -> str:
    words = {w: str(i) for i, w in enumerate(corpus.ID_DIG)} | {w: str(i) for i, w in enumerate(corpus.EN_DIG)}
    words |= {"kosong": "0", "oh": "0"}
    out, mult = [], 1
    for tok in s.split():
        if tok in {"double", "dobel"}:
            mult = 2
        elif tok in {"triple", "tripel"}:
            mult = 3
        else:
            out.append(words[tok] * mult)
            mult = 1
    return "".join(out)


def test_spoken_digits_round_trip():
    import random

    rng = random.Random(3)
    for _ in range(300):
        s = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 16)))
        for lang in ("id", "en"):
            assert _decode_digit_words(corpus.spoken_digits(s, lang, rng, pairs=0.0, runs=1.0)) == s
    assert corpus.id_num(21) == "dua puluh satu" and corpus.id_num(12) == "dua belas" and corpus.id_num(11) == "sebelas"
    assert corpus.en_num(18) == "eighteen" and corpus.en_num(21) == "twenty one"
    assert corpus.year_words(1985, "en", random.Random(0)) in {"nineteen eighty five", "one thousand nine hundred eighty five"}
    assert corpus.year_words(2001, "id", random.Random(0)) == "dua ribu satu"
    assert corpus.en_ordinal(17) == "seventeenth" and corpus.en_ordinal(22) == "twenty second"
