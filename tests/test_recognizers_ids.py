"""Recognizers for structured identifiers: NIK, NPWP, NRIC/FIN, phone, bank account, US SSN.

Every positive asserts the exact span and the score band; every recognizer has negatives from the
contact-center precision list (order ids, tickets, amounts, OTPs, dates, tracking numbers...) and
checksum/structure failures. The last section runs all six over the same texts, through Presidio's
AnalyzerEngine, to pin down who owns an ambiguous number (NIK vs card vs phone vs account).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

from redaction.recognizers._numbers import luhn_valid
from redaction.recognizers.bank_account import BankAccountRecognizer
from redaction.recognizers.nik import PROVINCE_CODES, IdNikRecognizer, is_valid_nik
from redaction.recognizers.npwp import IdNpwpRecognizer
from redaction.recognizers.phone import PhoneRecognizer
from redaction.recognizers.sg_nric import SgNricRecognizer, is_valid_nric, nric_check_letter
from redaction.recognizers.us_ssn import UsSsnRecognizer, is_valid_ssn

THRESHOLD = 0.5  # Presidio's default: anything below is dropped

NIK = IdNikRecognizer()
NPWP = IdNpwpRecognizer()
NRIC = SgNricRecognizer()
PHONE = PhoneRecognizer()
BANK = BankAccountRecognizer()
SSN = UsSsnRecognizer()
ALL: list[EntityRecognizer] = [NIK, NPWP, NRIC, PHONE, BANK, SSN]


def found(recognizer: EntityRecognizer, text: str) -> list[tuple[int, int, float]]:
    """(start, end, score) of results at or above the default threshold, in text order."""
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    return sorted((r.start, r.end, r.score) for r in results if r.score >= THRESHOLD)


def span(text: str, part: str) -> tuple[int, int]:
    """Exact offsets of *part*, which must occur once in *text*."""
    assert text.count(part) == 1, f"{part!r} must occur exactly once in {text!r}"
    start = text.index(part)
    return start, start + len(part)


def assert_one(recognizer: EntityRecognizer, text: str, part: str, low: float, high: float) -> float:
    """Exactly one result, exactly on *part*, with a score in [low, high]; returns the score."""
    results = found(recognizer, text)
    assert [(s, e) for s, e, _ in results] == [span(text, part)], (text, results)
    score = results[0][2]
    assert low <= score <= high, (text, score)
    return score


# --------------------------------------------------------------------------------------------- NIK

# 31 DKI Jakarta / 74 / district 05 / born 27-08-90, a woman (day 27 + 40 = 67) / serial 0003.
NIK_F = "3174056708900003"
# 32 Jawa Barat / 73 Kota Bandung / 01 / born 15-05-85, a man / 0001.
NIK_M = "3273011505850001"
# NIK-valid and Luhn-valid, starting with 3: exactly what Presidio's credit card recognizer takes.
NIK_CARD_SHAPED = "3174056708900002"
# NIK-valid and Luhn-valid, but starting with 7: no card network, and Presidio's card regex skips it.
NIK_LUHN_NOT_CARD = "7371011505850001"


@pytest.mark.parametrize(
    ("text", "part", "low", "high"),
    [
        ("nik saya 3174056708900003 ya", NIK_F, 0.99, 0.99),
        ("NIK: 3273011505850001.", NIK_M, 0.99, 0.99),
        ("Nomor Induk Kependudukan 3174 0567 0890 0003 sesuai e-KTP", "3174 0567 0890 0003", 0.99, 0.99),
        ("no ktp 3174-0567-0890-0003, tolong dicek", "3174-0567-0890-0003", 0.99, 0.99),
        ("Data pelanggan:\n31.74.05.670890.0003\nalamat Jl. Melati", "31.74.05.670890.0003", 0.95, 0.95),
        ("customer id card number 317405 670890 0003 verified", "317405 670890 0003", 0.95, 0.99),
        ("Dear team, the customer's number is 3273011505850001, please update.", NIK_M, 0.95, 0.95),
        ("ktp 3174056708900002", NIK_CARD_SHAPED, 0.99, 0.99),  # Luhn-valid, but the cue settles it
        ("nomornya 7371011505850001 ya kak", NIK_LUHN_NOT_CARD, 0.95, 0.95),
        ("(3174056708900003)", NIK_F, 0.95, 0.95),
    ],
)
def test_nik_positive(text: str, part: str, low: float, high: float) -> None:
    assert_one(NIK, text, part, low, high)


def test_nik_exact_offsets_in_call_shadow_text() -> None:
    assert found(NIK, "nik saya 3174056708900003 ya") == [(9, 25, 0.99)]


@pytest.mark.parametrize(
    "text",
    [
        "nik 2074056708900003",  # 20: no such province
        "nik 0074056708900003",  # 00: no such province
        "nik 3100056708900003",  # regency 00
        "nik 3174006708900003",  # district 00
        "nik 3174056708900000",  # serial 0000
        "nik 3174053102900003",  # 31 February
        "nik 3174057213900003",  # day 72 = woman born on the 32nd
        "nik 3174054008900003",  # day 40: neither a man's day nor a woman's (41-71)
        "nik 3174051513900003",  # month 13
        "nik 3174052902910003",  # 29 February 1991
        "nik 317405670890003",  # 15 digits
        "nik 31740567089000031",  # 17 digits
        "nik 3174 0567 0890 00031",  # grouped, then 17 digits
        "ref 1234 3174 0567 0890 0003",  # a 20-digit grouped number containing a NIK-shaped slice
        "nik 3174-0567 0890.0003",  # mixed separators
        "kartu 4111111111111111",  # Luhn-valid card, province 41 does not exist
        "card 5500 0000 0000 0004",
        "3174056708900002",  # NIK- and Luhn-valid, card-shaped, no NIK cue: the card recognizer's
        "INV-3174056708900003",
        "3174056708900003X",
        "ID3174056708900003",
        "total Rp 3.174.056.708.900.003",
        "tracking JP3174056708900003",
    ],
)
def test_nik_negative(text: str) -> None:
    assert found(NIK, text) == []


def test_nik_feb_29_in_leap_year_is_valid() -> None:
    assert is_valid_nik("3174052902920003")
    assert not is_valid_nik("3174052902910003")
    assert is_valid_nik("3174056902000003")  # a woman born 29-02-2000


def test_nik_without_enough_digits_is_skipped_cheaply() -> None:
    assert NIK.analyze("halo kak, pesanan saya belum sampai", ["ID_NIK"]) == []


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    woman = draw(st.booleans())
    serial = draw(st.integers(1, 9999))
    day = born.day + (40 if woman else 0)
    return f"{province}{regency:02d}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


@settings(max_examples=300, deadline=None)
@given(valid_niks())
def test_generated_niks_always_accepted(nik: str) -> None:
    assert is_valid_nik(nik)
    text = f"NIK pelanggan {nik} sudah diverifikasi"
    assert found(NIK, text) == [(14, 30, 0.99)]
    # Without a cue it is reported unless it is Luhn-valid and card-shaped (then it's the card's).
    plain = found(NIK, f"data {nik}")
    if not (luhn_valid(nik) and nik[0] in "13456"):
        assert plain == [(5, 21, 0.95)]


NOT_PROVINCES = ["00", "10", "20", "22", "30", "37", "50", "60", "70", "80", "90", "97", "99"]


@settings(max_examples=200, deadline=None)
@given(valid_niks(), st.sampled_from(NOT_PROVINCES))
def test_niks_with_unknown_province_rejected(nik: str, province: str) -> None:
    assert not is_valid_nik(province + nik[2:])


# -------------------------------------------------------------------------------------------- NPWP


@pytest.mark.parametrize(
    ("text", "part", "low", "high"),
    [
        ("NPWP: 01.312.166.0-091.000", "01.312.166.0-091.000", 0.95, 0.95),
        ("Faktur a.n. PT Maju, 02.183.241.5-000.000, mohon dicek", "02.183.241.5-000.000", 0.9, 0.9),
        ("npwp saya 013121660091000 ya", "013121660091000", 0.85, 0.85),
        ("Please find my tax ID 016090524017000 attached.", "016090524017000", 0.85, 0.85),
        ("npwp baru 0013121660091000", "0013121660091000", 0.85, 0.85),
        ("nomor pokok wajib pajak 3174 0567 0890 0003", "3174 0567 0890 0003", 0.85, 0.85),
    ],
)
def test_npwp_positive(text: str, part: str, low: float, high: float) -> None:
    assert_one(NPWP, text, part, low, high)


def test_npwp_exact_offsets() -> None:
    assert found(NPWP, "npwp saya 013121660091000 ya") == [(10, 25, 0.85)]


@pytest.mark.parametrize(
    "text",
    [
        "013121660091000",  # 15 bare digits, no cue
        "nomor 3174056708900003",  # 16 digits, no NPWP cue
        "order 01.312.166.0-091.0001",  # one digit too many
        "INV-01.312.166.0-091.000",
        "01.312.166.0-091.000X",
        "total Rp 1.250.000",
        "npwp menyusul, kode OTP 482913",
        "npwp? tiket TKT-88213 tanggal 2024-05-17",
    ],
)
def test_npwp_negative(text: str) -> None:
    assert found(NPWP, text) == []


# -------------------------------------------------------------------------------------------- NRIC


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("nric S8812345Z", "S8812345Z"),
        ("Hi, my IC is s1234567d, thanks", "s1234567d"),
        ("FIN: F1234567N.", "F1234567N"),
        ("born after 2000: T0123456G", "T0123456G"),
        ("work pass G1234567X expires soon", "G1234567X"),
        ("new FIN M1234567K issued 2023", "M1234567K"),
        ("Subject: update\n\nNRIC S1234567D\nRegards", "S1234567D"),
    ],
)
def test_nric_positive(text: str, part: str) -> None:
    assert_one(NRIC, text, part, 0.95, 0.95)


def test_nric_exact_offsets() -> None:
    assert found(NRIC, "nric S8812345Z") == [(5, 14, 0.95)]


@pytest.mark.parametrize(
    "text",
    [
        "S1234567A",  # wrong check letter
        "M1234567X",  # what an S/T-style lookup of the M table would accept
        "M1234567L",
        "A1234567D",  # not a prefix
        "XS1234567D",
        "S1234567DA",
        "PO-S1234567D",
        "S1234567D-2",
        "S123456D",
        "S12345678D",
        "order 240517ABCD, tracking JP1234567890",
    ],
)
def test_nric_negative(text: str) -> None:
    assert found(NRIC, text) == []


def test_nric_wrong_check_letter_with_cue_is_kept_below_threshold() -> None:
    results = NRIC.analyze("nric S1234567A", ["SG_NRIC"])
    assert [(r.start, r.end, r.score) for r in results] == [(5, 14, 0.3)]
    assert NRIC.analyze("S1234567A", ["SG_NRIC"]) == []


def _reference_check_letter(prefix: str, digits: str) -> str:
    """ICA's description, written independently of the recognizer's code."""
    s1 = sum(int(d) * w for d, w in zip(digits, [2, 7, 6, 5, 4, 3, 2]))
    if prefix == "M":
        r1 = (s1 + 3) % 11
        p = 11 - r1
        return "KLJNPQRTUWX"[p - 1]
    offset = {"S": 0, "T": 4, "F": 0, "G": 4}[prefix]
    table = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK"}[prefix]
    return table[(s1 + offset) % 11]


nric_parts = st.tuples(st.sampled_from("STFGM"), st.text("0123456789", min_size=7, max_size=7))


@settings(max_examples=300, deadline=None)
@given(nric_parts, st.booleans())
def test_generated_nrics_always_accepted(parts: tuple[str, str], lower: bool) -> None:
    prefix, digits = parts
    value = prefix + digits + _reference_check_letter(prefix, digits)
    assert nric_check_letter(prefix, digits) == value[-1]
    assert is_valid_nric(value)
    value = value.lower() if lower else value
    assert found(NRIC, f"my nric is {value} ok") == [(11, 20, 0.95)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(nric_parts, st.integers(0, 6), st.integers(1, 9))
def test_single_digit_change_breaks_nric_checksum(parts: tuple[str, str], position: int, delta: int) -> None:
    prefix, digits = parts
    valid = prefix + digits + _reference_check_letter(prefix, digits)
    changed_digit = str((int(digits[position]) + delta) % 10)
    typo = valid[: position + 1] + changed_digit + valid[position + 2 :]
    assert typo != valid
    assert not is_valid_nric(typo)
    assert found(NRIC, f"customer {typo} called") == []


# ------------------------------------------------------------------------------------------- PHONE


@pytest.mark.parametrize(
    ("text", "part", "low", "high"),
    [
        ("nomor saya 081322455981 ya", "081322455981", 0.9, 0.9),
        ("Hubungi saya di +62 812-8877-4410 kapan saja", "+62 812-8877-4410", 0.9, 0.9),
        ("wa 6281288774410", "6281288774410", 0.9, 0.9),
        ("kantor kami (021) 5551234, buka jam 9", "(021) 5551234", 0.75, 0.75),
        ("alamat pengiriman sama, 0812-3456-7890.", "0812-3456-7890", 0.75, 0.75),
        ("no. hp: 0812 3456 7890 2 kali ditelepon", "0812 3456 7890", 0.9, 0.9),
        ("Please call me at +65 9123 4567 tomorrow", "+65 9123 4567", 0.9, 0.9),
        ("my mobile is 9123 4567", "9123 4567", 0.9, 0.9),  # Singapore national: needs the cue
        ("Reach our US office at (415) 555-0132.", "(415) 555-0132", 0.6, 0.6),
        ("phone 4155550132", "4155550132", 0.9, 0.9),
        ("hp 012-3456789 (Malaysia)", "012-3456789", 0.9, 0.9),
        ("London desk +44 20 7946 0958", "+44 20 7946 0958", 0.75, 0.75),
        ("WA.081234567890", "081234567890", 0.9, 0.9),
        ("hubungi saya di 8123 4567 ya", "8123 4567", 0.9, 0.9),
    ],
)
def test_phone_positive(text: str, part: str, low: float, high: float) -> None:
    assert_one(PHONE, text, part, low, high)


def test_phone_exact_offsets_in_call_shadow_text() -> None:
    assert found(PHONE, "nomor saya 081322455981 ya") == [(11, 23, 0.9)]


@pytest.mark.parametrize(
    "text",
    [
        "nik 3174056708900003",
        "nik saya 3174 0567 0890 0003",
        "kartu 4111 1111 1111 1111",
        "pesanan INV-2025-004417 sudah dikirim",
        "order 240517ABCD",
        "tiket TKT-88213",
        "total Rp 1.250.000",
        "amount 1,250,000",
        "kode OTP 482913",
        "2024-05-17 10:22:33",
        "tgl 17-05-2024 jam 10.30",
        "resi JP1234567890",
        "9123 4567",  # Singapore-shaped, but no cue
        "4155550132",  # US-shaped, no layout, no cue
        "nomor pesanan 91234567",  # the nearest cue is "pesanan", not "nomor"
        "08123456789012345",  # 17 digits
        "rekening 1234567890",
        "Rp081234567",
        "qty 12, sku 88213-001",
        # With a phone cue, so only the recognizer's own rules stand between the text and a result:
        "hp A-02155512345",  # glued to a token
        "hp 081234567890-ABC",
        "hp 1.081234567890",  # slices of longer numbers
        "hp 081234567890,25",
        "hp 081234567890/1234",
        "wa 2025-004417-B",
        "hp 021 5551 2345 6789",  # Singapore's IDD 021 reads it as Brazil: not what was written
        "call center 1500-888",  # hotlines are a company's, not a person's
        "hubungi 14045",
        "hp, version 10.0.19045.2965",
        "wa ip 192.168.100.254",
    ],
)
def test_phone_negative(text: str) -> None:
    assert found(PHONE, text) == []


def test_phone_never_a_slice_of_a_grouped_identifier() -> None:
    """The matcher already takes whole runs; this guard keeps it that way should it ever split one."""
    from redaction.recognizers.phone import _part_of_grouped_run

    text = "nik 3174 0567 0890 0003"
    assert _part_of_grouped_run(text, 4, 18, 12)  # "3174 0567 0890" + "0003" = 16 digits
    assert _part_of_grouped_run(text, 9, 23, 12)  # "3174" + "0567 0890 0003"
    assert not _part_of_grouped_run("hp 0812 3456 7890 2 kali", 3, 17, 12)
    assert not _part_of_grouped_run("hp 081234567890 3174056708900003", 3, 15, 12)


def test_phone_cue_overruled_by_nearer_account_cue() -> None:
    # "nomor" is a phone cue, but "rekening" is nearer: no phone boost (the bank recognizer wins).
    assert found(PHONE, "nomor rekening 081234567890") == [(15, 27, 0.75)]
    assert found(PHONE, "rekening saya 1234567890, hp 081234567890") == [(29, 41, 0.9)]


# -------------------------------------------------------------------------------------------- BANK


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("no rek bca 1234567890 a.n. Budi", "1234567890"),
        ("transfer Rp 1.500.000 ke rekening BCA 1234567890 ya", "1234567890"),
        ("tolong kirim ke 0987654321 a.n. Siti Aminah", "0987654321"),
        ("rekening mandiri 123-00-1234567-8 ya", "123-00-1234567-8"),
        ("BCA 731 025 2527 atas nama Budi Santoso", "731 025 2527"),
        ("norek 1234567890 2 kali transfer", "1234567890"),
        ("rek: 081234567890", "081234567890"),  # a phone-shaped account, cue right before it
        ("Dear CS, my account number: 0012345678. Thanks", "0012345678"),
        ("DBS acct 123-456789-0", "123-456789-0"),
        ("rekening bri 0123-01-012345-50-3", "0123-01-012345-50-3"),
        ("norek 1234567890 nominal 15000000", "1234567890"),
    ],
)
def test_bank_account_positive(text: str, part: str) -> None:
    assert_one(BANK, text, part, 0.8, 0.8)


def test_bank_account_exact_offsets_and_two_accounts() -> None:
    text = "rekening 1234567890 atau 0987654321"
    assert found(BANK, text) == [(9, 19, 0.8), (25, 35, 0.8)]


@pytest.mark.parametrize(
    "text",
    [
        "1234567890",  # no cue
        "pesanan 1234567890 sudah dikirim",
        "transfer Rp 1.500.000 ke rekening",
        "transfer 1.500.000 ke rekening",
        "saya transfer 15000000 rupiah ke bca",
        "rek bca Rp 1500000000",
        "rekening bca 1500000000,-",
        "OCBC 1.500.000,00",
        "rekening saya hp 081234567890",  # the nearer cue is "hp"
        "rekening, nomor saya 081234567890",  # an 08 mobile, cue not right before it
        "nik 3174056708900003 untuk rekening",
        "rekening 3174056708900003",  # NIK-valid: the NIK recognizer's
        "kartu kredit bca 4111 1111 1111 1111",  # a card
        "rekening INV-2025-004417",
        "bca JP1234567890",
        "rekening 240517ABCD",
        "bca tgl 17-05-2024",
        "bca 20240517",
        "bca, kode OTP 482913",
        "rekening 12345678901234567",  # 17 digits
        "rek 1234567",  # 7 digits
        "npwp 01.312.166.0-091.000 dan rekening",
        "rekening bca nominal 25000000",  # the nearer cue is "nominal"
        "rekening tiket TKT-88213",
        "rekening bca, sku 8991234567890",  # an EAN-13 barcode
        "saldo rekening bca 12500000",
        "transfer ke bca 12500000",  # a round figure
        "rekening bca, ref 123456789012",
    ],
)
def test_bank_account_negative(text: str) -> None:
    assert found(BANK, text) == []


# --------------------------------------------------------------------------------------------- SSN


@pytest.mark.parametrize(
    ("text", "part", "low", "high"),
    [
        ("SSN 536-22-1234", "536-22-1234", 0.95, 0.95),
        ("My social security number is 536-22-1234.", "536-22-1234", 0.95, 0.95),
        ("Applicant: 536-22-1234, DOB 1980", "536-22-1234", 0.85, 0.85),
        ("ssn 536 22 1234", "536 22 1234", 0.9, 0.9),
        ("ref 536 22 1234", "536 22 1234", 0.75, 0.75),
        ("ssn 536221234 ya", "536221234", 0.8, 0.8),
        ("ssn 536.22.1234", "536.22.1234", 0.8, 0.8),
    ],
)
def test_ssn_positive(text: str, part: str, low: float, high: float) -> None:
    assert_one(SSN, text, part, low, high)


def test_ssn_exact_offsets() -> None:
    assert found(SSN, "SSN 536-22-1234") == [(4, 15, 0.95)]


@pytest.mark.parametrize(
    "text",
    [
        "536221234",  # 9 bare digits, no cue
        "536.22.1234",  # dotted, no cue
        "ssn 078-05-1120",  # the Woolworth card
        "ssn 123-45-6789",
        "ssn 000-22-1234",
        "ssn 666-22-1234",
        "ssn 900-22-1234",
        "ssn 536-00-1234",
        "ssn 536-22-0000",
        "ssn 111-11-1111",
        "INV-536-22-1234",
        "536-22-1234X",
        "hp 0812 536 22 1234",
        "telp 021 55 5123",  # spaced, with a phone cue and no SSN cue
        "tanggal 2024-05-17",
        "kode OTP 482913",
        "total 1,250,000",
    ],
)
def test_ssn_negative(text: str) -> None:
    assert found(SSN, text) == []


def test_ssn_validator() -> None:
    assert is_valid_ssn("536221234")
    assert not is_valid_ssn("53622123")
    assert not is_valid_ssn("987654320")


# ------------------------------------------------------------------------------------ all together


@pytest.mark.parametrize("recognizer", ALL, ids=lambda r: r.name)
def test_results_carry_presidio_metadata(recognizer: EntityRecognizer) -> None:
    text = (
        "nik 3174056708900003, npwp 01.312.166.0-091.000, nric S1234567D, hp 081322455981, "
        "rek bca 1234567890 a.n. Budi, ssn 536-22-1234"
    )
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    assert len(results) == 1
    (result,) = results
    assert result.entity_type == recognizer.supported_entities[0]
    assert recognizer.supported_language == "en"
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == recognizer.name
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == recognizer.id
    assert result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] is True
    assert result.analysis_explanation is not None
    assert result.analysis_explanation.score == result.score


class _NoNlp(NlpEngine):
    """The least an AnalyzerEngine needs: no tokens, no lemmas, no entities (like Kawal's no-op engine)."""

    def load(self) -> None:
        pass

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return NlpArtifacts(
            entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language
        )

    def process_batch(
        self, texts: Any, language: str, batch_size: int = 1, n_process: int = 1, **kwargs: Any
    ) -> Any:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return ["en"]


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        IdNikRecognizer(),
        IdNpwpRecognizer(),
        SgNricRecognizer(),
        PhoneRecognizer(),
        BankAccountRecognizer(),
        UsSsnRecognizer(),
        CreditCardRecognizer(),  # Presidio's: what a card-shaped, Luhn-valid number is left to
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=_NoNlp(), supported_languages=["en"])


def labels(analyzer: AnalyzerEngine, text: str) -> set[tuple[str, str]]:
    return {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="en")}


def test_one_transcript_every_identifier_gets_its_own_label(analyzer: AnalyzerEngine) -> None:
    text = (
        "Agen: baik kak, untuk verifikasi boleh sebutkan NIK? Pelanggan: nik saya 3174056708900003 ya. "
        "NPWP 01.312.166.0-091.000. Nomor hp 081322455981, refund ke rekening BCA 1234567890 a.n. Budi. "
        "Pesanan INV-2025-004417 senilai Rp 1.250.000, tiket TKT-88213, kode OTP 482913, resi JP1234567890, "
        "dikirim 2024-05-17 10:22:33. Teman saya di Singapura, NRIC S8812345Z, hp +65 9123 4567; "
        "US colleague SSN 536-22-1234."
    )
    assert labels(analyzer, text) == {
        ("ID_NIK", "3174056708900003"),
        ("ID_NPWP", "01.312.166.0-091.000"),
        ("PHONE_NUMBER", "081322455981"),
        ("BANK_ACCOUNT", "1234567890"),
        ("SG_NRIC", "S8812345Z"),
        ("PHONE_NUMBER", "+65 9123 4567"),
        ("US_SSN", "536-22-1234"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A NIK is never a phone or an account, even next to their cues.
        ("hp 3174056708900003", {("ID_NIK", "3174056708900003")}),
        ("rekening 3174056708900003", {("ID_NIK", "3174056708900003")}),
        # A card-shaped Luhn-valid NIK without a NIK cue is left for the credit card recognizer...
        ("3174056708900002", {("CREDIT_CARD", "3174056708900002")}),
        # ...but one that recognizer cannot take (no card starts with 7) stays a NIK.
        ("7371011505850001", {("ID_NIK", "7371011505850001")}),
        # With a NIK cue it is reported as a NIK too (0.99); Presidio's card recognizer still says
        # CREDIT_CARD at 1.0, so whoever resolves overlaps decides the label. Either way it is redacted.
        ("ktp 3174056708900002", {("ID_NIK", "3174056708900002"), ("CREDIT_CARD", "3174056708900002")}),
        # A Luhn-valid card that is no NIK is the card recognizer's alone, even next to "bca".
        ("kartu kredit bca 4111 1111 1111 1111", {("CREDIT_CARD", "4111 1111 1111 1111")}),
        # An 08 mobile after an account cue that is not right before it stays a phone.
        ("rekening saya, nomor 081234567890", {("PHONE_NUMBER", "081234567890")}),
        # With the cue right before it, both claim it; the account's 0.8 beats the phone's 0.75.
        ("rek: 081234567890", {("BANK_ACCOUNT", "081234567890"), ("PHONE_NUMBER", "081234567890")}),
        # With an npwp cue a 16-digit NIK is also a (post-2024) NPWP.
        ("npwp 3174056708900003", {("ID_NIK", "3174056708900003"), ("ID_NPWP", "3174056708900003")}),
    ],
)
def test_ambiguous_numbers(analyzer: AnalyzerEngine, text: str, expected: set[tuple[str, str]]) -> None:
    assert labels(analyzer, text) == expected


def test_rek_prefers_account_score_over_phone(analyzer: AnalyzerEngine) -> None:
    by_type = {r.entity_type: r.score for r in analyzer.analyze("rek: 081234567890", language="en")}
    assert by_type["BANK_ACCOUNT"] > by_type["PHONE_NUMBER"]


def test_texts_without_enough_digits_cost_nothing(analyzer: AnalyzerEngine) -> None:
    text = "Terima kasih sudah menghubungi kami, ada yang bisa dibantu lagi? " * 200
    assert analyzer.analyze(text, language="en") == []
