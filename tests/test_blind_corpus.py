"""Self-consistency checks of the blind corpus generator (bench/blind_corpus.py).

These tests check the generator's own output only (offsets, mix, determinism, checksums of
the written values it labels); they say nothing about the redactor.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "blind_corpus.py"
TYPES = {
    "PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "ID_NIK", "ID_NPWP", "BANK_ACCOUNT",
    "SG_NRIC", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "LOCATION", "DATE_OF_BIRTH",
}
SEED = 20240917
N = 200


def _load():
    spec = importlib.util.spec_from_file_location("blind_corpus_under_test", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module       # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bc = _load()


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return bc.generate(N, SEED)


def spans_of(docs: list[dict], typ: str) -> list[str]:
    return [d["text"][s["start"]:s["end"]] for d in docs for s in d["spans"] if s["type"] == typ]


# -- small independent validators ------------------------------------------------------------

def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def nric_ok(value: str) -> bool:
    value = value.upper()
    prefix, digits, check = value[0], value[1:8], value[8]
    total = sum(int(d) * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2)))
    total += {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}[prefix]
    table = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK",
             "M": "XWUTRQPNJLK"}[prefix]
    return table[total % 11] == check


def iban_ok(value: str) -> bool:
    s = value.replace(" ", "").upper()
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


# -- structure --------------------------------------------------------------------------------

def test_documents_and_spans_are_well_formed(docs: list[dict]) -> None:
    assert len(docs) == N
    assert len({d["id"] for d in docs}) == N
    for d in docs:
        assert set(d) == {"id", "lang", "channel", "text", "spans"}
        assert re.fullmatch(r"b\d{4}", d["id"])
        assert d["lang"] in {"id", "en"}
        assert d["channel"] in {"chat", "call_asr", "email"}
        assert d["text"] and d["text"] == d["text"].strip()
        prev_end = 0
        for s in d["spans"]:
            assert set(s) == {"start", "end", "type"}
            assert s["type"] in TYPES
            assert isinstance(s["start"], int) and isinstance(s["end"], int)
            assert prev_end <= s["start"] < s["end"] <= len(d["text"]), (d["id"], s)
            piece = d["text"][s["start"]:s["end"]]
            assert piece.strip() == piece and piece, (d["id"], piece)
            assert piece[-1] not in ".,;:!?" and piece[0] not in ".,;:!?", (d["id"], piece)
            prev_end = s["end"]


def test_json_round_trip(docs: list[dict]) -> None:
    for d in docs[:50]:
        assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_deterministic_for_a_seed() -> None:
    assert bc.generate(40, 3) == bc.generate(40, 3)
    assert bc.generate(40, 3) != bc.generate(40, 4)


def test_channel_language_and_no_pii_mix(docs: list[dict]) -> None:
    channels = Counter(d["channel"] for d in docs)
    langs = Counter(d["lang"] for d in docs)
    assert 0.35 <= channels["chat"] / N <= 0.55, channels
    assert 0.30 <= channels["call_asr"] / N <= 0.50, channels
    assert 0.07 <= channels["email"] / N <= 0.24, channels
    assert 0.40 <= langs["id"] / N <= 0.60, langs
    no_pii = sum(1 for d in docs if not d["spans"])
    assert 0.12 <= no_pii / N <= 0.30, no_pii


def test_every_type_occurs(docs: list[dict]) -> None:
    seen = {s["type"] for d in docs for s in d["spans"]}
    assert seen == TYPES, TYPES - seen


# -- values -----------------------------------------------------------------------------------

def test_written_cards_pass_luhn(docs: list[dict]) -> None:
    checked = 0
    for value in spans_of(docs, "CREDIT_CARD"):
        if re.fullmatch(r"[\d -]+", value):
            digits = re.sub(r"\D", "", value)
            if len(digits) in (15, 16):
                assert luhn_ok(digits), value
                assert digits[0] in "345" or digits[:2] in {"22", "23", "24", "25", "26", "27"}, value
                checked += 1
    assert checked >= 5


def test_written_nrics_have_valid_check_letters(docs: list[dict]) -> None:
    checked = 0
    for value in spans_of(docs, "SG_NRIC"):
        if re.fullmatch(r"[STFGM]\d{7}[A-Z]", value.upper()):
            assert nric_ok(value), value
            checked += 1
    assert checked >= 5


def test_written_ibans_pass_mod97(docs: list[dict]) -> None:
    checked = 0
    for value in spans_of(docs, "IBAN_CODE"):
        compact = value.replace(" ", "")
        if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact.upper()):
            assert iban_ok(compact), value
            checked += 1
    assert checked >= 5


def test_written_niks_look_like_niks(docs: list[dict]) -> None:
    checked = 0
    for value in spans_of(docs, "ID_NIK"):
        digits = value.replace(" ", "")
        if digits.isdigit() and len(digits) == 16:      # pieces of a split NIK are skipped
            assert 11 <= int(digits[:2]) <= 94, value
            day, month = int(digits[6:8]), int(digits[8:10])
            assert 1 <= day <= 31 or 41 <= day <= 71, value
            assert 1 <= month <= 12, value
            assert digits[12:] != "0000", value
            checked += 1
    assert checked >= 5


def test_written_ssns_have_valid_areas(docs: list[dict]) -> None:
    checked = 0
    for value in spans_of(docs, "US_SSN"):
        if re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", value):
            digits = re.sub(r"\D", "", value)
            assert digits[:3] not in {"000", "666"} and digits[0] != "9", value
            assert digits[3:5] != "00" and digits[5:] != "0000", value
            checked += 1
    assert checked >= 1


def test_long_digit_runs_outside_spans_fail_luhn(docs: list[dict]) -> None:
    """Distractors (tracking, invoice, reference numbers ...) never pass for a card number."""
    checked = 0
    for d in docs:
        text = list(d["text"])
        for s in d["spans"]:
            text[s["start"]:s["end"]] = "#" * (s["end"] - s["start"])
        masked = "".join(text)
        runs = re.finditer(r"(?<![\d#])(?:\d{13,19}|\d{4}(?: \d{4}){2,3})(?![\d#])", masked)
        for m in runs:
            digits = m.group(0).replace(" ", "")
            if 13 <= len(digits) <= 19:
                assert not luhn_ok(digits), (d["id"], m.group(0))
                checked += 1
    assert checked >= 3


def test_titles_are_outside_person_spans(docs: list[dict]) -> None:
    titles = ("bapak ", "bpk ", "bpk. ", "pak ", "ibu ", "bu ", "mbak ", "mas ", "kak ", "mr ", "mr. ", "mrs ",
              "ms ", "ms. ", "dr ", "encik ", "puan ", "cik ", "mister ", "miss ", "missus ")
    for value in spans_of(docs, "PERSON"):
        assert not value.lower().startswith(titles), value


def test_call_transcripts_are_lowercase_without_punctuation(docs: list[dict]) -> None:
    prefix = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?(\[[a-z]+\] |[A-Za-z_0-9 ]{1,12}: )?")
    for d in docs:
        if d["channel"] != "call_asr":
            continue
        for line in d["text"].split("\n"):
            body = prefix.sub("", line, count=1)
            assert body == body.lower(), (d["id"], line)
            assert not re.search(r"[.,?!;:\"()]", body), (d["id"], line)


def test_split_dictation_and_distractors_occur(docs: list[dict]) -> None:
    """Some values are dictated in pieces (same type, several spans in a doc) and a third of
    the documents carry distractor numbers."""
    multi = sum(1 for d in docs
                if any(c >= 3 for t, c in Counter(s["type"] for s in d["spans"]).items() if t != "PERSON"))
    assert multi >= 10
    with_digits_outside = 0
    for d in docs:
        text = list(d["text"])
        for s in d["spans"]:
            text[s["start"]:s["end"]] = " " * (s["end"] - s["start"])
        if re.search(r"\d{3,}", "".join(text)):
            with_digits_outside += 1
    assert with_digits_outside >= N // 3


def test_cli_writes_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blind.jsonl"
    assert bc.main(["-n", "12", "--seed", "5", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    assert [json.loads(line) for line in lines] == bc.generate(12, 5)
    assert "PERSON" in capsys.readouterr().err
