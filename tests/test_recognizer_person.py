"""Names without a model: cues, honorifics, headers, signatures, lists, later mentions; and non-names."""

from __future__ import annotations

import pytest

from redaction.recognizers.person import PersonRecognizer

R = PersonRecognizer()


def names(text: str) -> list[str]:
    """Maximal spans at or above the default threshold (the redactor merges contained ones)."""
    spans = {(r.start, r.end) for r in R.analyze(text, ["PERSON"]) if r.score >= 0.5}
    maximal = [(s, e) for s, e in spans if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)]
    return sorted(text[s:e] for s, e in maximal)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pelanggan: siang kak, saya Rina Kusumawati, mau tanya refund", ["Rina Kusumawati"]),
        ("customer: siang dengan zalindra padmasari di sini mau tanya pesanan", ["zalindra padmasari"]),
        ("agent: terima kasih sudah menghubungi kami dengan saya dewi ada yang bisa dibantu", ["dewi"]),
        ("customer: nama saya gaiman thamrin. mau komplain", ["gaiman thamrin"]),
        ("customer: a n zulfa hilda mandasari kak", ["zulfa hilda mandasari"]),
        ("customer: hello this is chua boon keng speaking it's about my order", ["chua boon keng"]),
        ("agent: good morning you're speaking with kelvin how can i help", ["kelvin"]),
        ("Refund ke rekening BCA 5270 1188 09 a.n. Rina Kusumawati", ["Rina Kusumawati"]),
        ("From: Muhammad Hafiz bin Rahman <mhr@example.sg>", ["Muhammad Hafiz bin Rahman"]),
        ("Terima kasih,\n\nSalam,\nSamiah Permata\n", ["Samiah Permata"]),
        ("Dear Ms Tan Wei Ling, your parcel is on its way", ["Tan Wei Ling"]),
        ("agent: baik bapak budi mohon ditunggu", ["budi"]),
    ],
)
def test_names_are_found(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_later_mentions_of_a_found_name() -> None:
    text = "customer: saya Rina Kusumawati\nagent: baik, terima kasih rina. rina sudah terdaftar"
    found = [text[r.start : r.end] for r in R.analyze(text, ["PERSON"])]
    assert found.count("rina") == 2 and "Rina Kusumawati" in found


@pytest.mark.parametrize(
    "text",
    [
        "agent: baik bapak boleh sebutkan tanggal lahir",
        "customer: baik kak ditunggu ya",
        "agent: good morning you're speaking with",  # no name at all
        "customer: saya mau tanya soal pesanan saya",
        "nama yang terdaftar belum sesuai",
        "From: Tim Layanan Pelanggan <cs@tokoku.co.id>",
        "No. NPWP kami a.n. PT Maju Jaya",
        "agent: thanks i've noted that down",
        "customer: halo kak, selamat siang",
        "order atas nama perusahaan sudah dikirim",
    ],
)
def test_non_names_stay(text: str) -> None:
    assert names(text) == []
