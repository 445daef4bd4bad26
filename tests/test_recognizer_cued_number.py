"""Numbers after an explicit ID cue are found even when a digit was misheard or mistyped."""

from __future__ import annotations

import pytest

from redaction.recognizers.cued_number import CuedNumberRecognizer

R = CuedNumberRecognizer()
ALL = ["ID_NIK", "CREDIT_CARD", "ID_NPWP"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("NIK saya 3174 0567 0890 0009 ya", "ID_NIK", "3174 0567 0890 0009"),  # invalid date digits
        ("agent: mohon sebutkan nik sesuai ktp\ncustomer: 743929551067218 ya", "ID_NIK", "743929551067218"),
        ("nomor kartu 4532112345678901 kena dua kali", "CREDIT_CARD", "4532112345678901"),  # fails Luhn
        ("npwp kami 848221038732364", "ID_NPWP", "848221038732364"),
    ],
)
def test_cued_numbers(text: str, kind: str, value: str) -> None:
    found = [(r.entity_type, text[r.start : r.end], r.score) for r in R.analyze(text, ALL)]
    assert found == [(kind, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "nik saya sudah terdaftar, order 240517123456789 belum sampai",  # the number is the order's
        "kartu kredit saya diblokir, tiket TKT-88213",  # too short
        "nomor kartu 4532 1123 ya, sisanya lupa",  # too short
        "nik\n\n\nlalu 3174056708900009",  # not the next turn
        "card number ABC4532112345678901",  # glued to letters
    ],
)
def test_no_number_without_a_close_cue(text: str) -> None:
    assert R.analyze(text, ALL) == []
