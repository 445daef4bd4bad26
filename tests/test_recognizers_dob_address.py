"""DateOfBirthRecognizer and AddressRecognizer: exact spans, scores, the negatives that must stay.

Spans are checked as exact (start, end) offsets, because the redactor replaces exactly that range:
a span one word too long redacts "ya kak", one word too short leaks a house number. Texts come in
the three shapes Kawal sees: typed chat, e-mail, and call "shadow text" (lowercase, no punctuation,
spoken numbers already turned into digits).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from redaction.recognizers.address import AddressRecognizer
from redaction.recognizers.date_of_birth import DateOfBirthRecognizer

DOB = "DATE_OF_BIRTH"
LOC = "LOCATION"


@pytest.fixture(scope="module")
def dob() -> DateOfBirthRecognizer:
    return DateOfBirthRecognizer()


@pytest.fixture(scope="module")
def address() -> AddressRecognizer:
    return AddressRecognizer()


def spans(results: list[RecognizerResult]) -> list[tuple[int, int]]:
    return sorted((r.start, r.end) for r in results)


# --- Presidio contract ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "entity", "text"),
    [(DateOfBirthRecognizer, DOB, "tanggal lahir 17 Agustus 1985"), (AddressRecognizer, LOC, "Jl. Melati No. 12")],
)
def test_presidio_contract(cls: type[EntityRecognizer], entity: str, text: str) -> None:
    rec = cls()
    assert isinstance(rec, EntityRecognizer)
    assert rec.supported_entities == [entity] and rec.supported_language == "en"
    (result,) = rec.analyze(text, [entity])
    assert result.entity_type == entity
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == rec.name
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == rec.id
    assert result.analysis_explanation is not None and result.analysis_explanation.original_score == result.score
    # entities other than ours: nothing to do; empty text: nothing found
    assert rec.analyze(text, ["PHONE_NUMBER"]) == []
    assert rec.analyze("", [entity]) == []
    # registry/YAML loading goes through to_dict/from_dict
    clone = cls.from_dict(rec.to_dict())
    assert clone.supported_entities == [entity] and clone.name == rec.name
    with pytest.raises(ValueError):
        cls(supported_entities=["PERSON"])


def test_through_presidio_analyzer_engine_without_a_model() -> None:
    """One "en" pass with no NLP model, as Kawal runs it; the default threshold drops weak results."""
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    nlp.load()
    registry = RecognizerRegistry(recognizers=[DateOfBirthRecognizer(), AddressRecognizer()], supported_languages=["en"])
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    text = "TTL: Jakarta, 17 Agustus 1985. Alamat: Jl. Melati No. 12, Jakarta Pusat 10510. Beli 2 Nike Air Street shoes"
    found = {(r.entity_type, text[r.start : r.end]) for r in engine.analyze(text, language="en", score_threshold=0.5)}
    assert found == {(DOB, "17 Agustus 1985"), (LOC, "Jl. Melati No. 12, Jakarta Pusat 10510")}


# --- DATE_OF_BIRTH -------------------------------------------------------------------------------

DOB_POSITIVES = [
    # chat
    ("Tgl lahir: 17 Agustus 1985", 11, 26),
    ("TTL: Jakarta, 17 Agustus 1985", 14, 29),
    ("Tempat/Tgl Lahir : Kabupaten Bandung Barat, 17-08-1985", 44, 54),
    ("DOB 17/08/1985 ya kak", 4, 14),
    ("My date of birth is August 17, 1985.", 20, 35),
    ("I was born on the 17th of August 1985 in Surabaya", 18, 37),
    ("my birthday is 3 March 1990", 15, 27),
    ("dob: 03/03/90", 5, 13),
    ("tanggal lahir 17 Agt 1985", 14, 25),
    ("D.O.B.: 1985-08-17", 8, 18),
    ("Tgl. Lahir 17.08.1985", 11, 21),
    ("lahir di Medan pada 2 Peb 1979", 20, 30),
    ("kelahiran 12 Nop 1960", 10, 21),
    ("Birthdate: 08/17/1985", 11, 21),  # US month-first, read when day-first is impossible
    ("tgl lahir 17/08/1985, order 01/02/2024", 10, 20),  # the cue claims the first date only
    ("Agent: Boleh tanggal lahirnya kak?\n[10:31] Customer: 17/08/1985", 53, 63),  # answer on the next turn
    # e-mail
    ("Dear CS,\nNama: Budi Santoso\nTTL: Jakarta, 17 Agustus 1985\nMohon dibantu.", 42, 57),
    # call shadow text
    ("tanggal lahir saya 17 agustus 1985", 19, 34),
    ("tanggal lahir saya 17 8 1985", 19, 28),
    ("agent: baik bapak boleh sebutkan tanggal lahir\ncustomer: 17 agustus 1985\n", 57, 72),
    ("tgl lhr ibu saya 5 mei 1962", 17, 27),
    ("ulang tahun saya 17 agustus", 17, 27),  # a birthday without its year is still a DOB
]


@pytest.mark.parametrize(("text", "start", "end"), DOB_POSITIVES)
def test_dob_positives_exact_span(dob: DateOfBirthRecognizer, text: str, start: int, end: int) -> None:
    results = dob.analyze(text, [DOB])
    assert spans(results) == [(start, end)], [text[r.start : r.end] for r in results]
    assert results[0].score >= 0.85


def test_dob_scores(dob: DateOfBirthRecognizer) -> None:
    def score(text: str) -> float:
        (r,) = dob.analyze(text, [DOB])
        return r.score

    assert score("tanggal lahir saya 17 agustus 1985") == 0.95  # cue + filler only
    assert score("TTL: Jakarta, 17 Agustus 1985") == 0.9  # place between a place cue and the date
    assert score("tanggal lahir yang di sistem lama 17/08/1985") == 0.85  # a few other words
    assert score("ulang tahun saya 17 agustus") == 0.85  # no year
    # a cue followed by many unrelated words: kept as weak evidence, dropped by the default threshold
    assert score("tanggal lahir sudah saya cek tadi di sistem lama 17/08/2001") < 0.5


DOB_NEGATIVES = [
    "tanggal 12 Maret 2025 paket dikirim",
    "paket akan tiba on 5 June 2024",
    "jatuh tempo 17/08/2025",
    "order tanggal 01-02-2024",
    "tanggal lahir sudah benar, pesanan dikirim 12 Maret 2025",  # another date's word in between
    "tanggal lahir sudah diperbarui. Pengiriman 12 Maret 2025",  # sentence end in between
    "hari ulang tahun kemerdekaan 17 agustus 1945",  # the republic's birthday
    "promo ulang tahun toko 17 agustus 2024",
    "birthday party next week, 12 Maret 2025",
    "anak saya lahir 2 minggu lalu, order 12 maret 2025",
    "lahir 31/02/1985",  # no such day
    "lahir 17/08/2031",  # in the future
    "born 17 August 1850",  # no living customer
    "lahir tahun 1985",  # a year is not a date
    "tanggal lahir\n\nCatatan: invoice 12 Maret 2025 sudah dibayar",  # another line, no speaker turn
    "dob? saya tidak mau kasih",
    "flight to LHR 17 Aug 2025",  # "lhr" alone is Heathrow, not "lahir"
]


@pytest.mark.parametrize("text", DOB_NEGATIVES)
def test_dob_negatives_not_reported(dob: DateOfBirthRecognizer, text: str) -> None:
    assert dob.analyze(text, [DOB]) == []


# --- LOCATION ------------------------------------------------------------------------------------

ADDRESS_POSITIVES = [
    # chat / e-mail, Indonesia
    ("Alamat: Jl. Melati No. 12, RT 004/RW 009, Kel. Cempaka Putih, Kec. Cempaka Putih, Jakarta Pusat 10510. Terima kasih", 8, 101, 0.9),
    ("kirim ke Jl. Raya Bogor KM 25 ya kak", 9, 29, 0.85),
    ("Jln. Kenanga No. 12A, Bandung", 0, 29, 0.9),
    ("Perum Griya Asri Blok C3 No. 7, Bekasi Utara 17121 untuk besok", 0, 50, 0.9),
    ("Blok C3 No. 7 please", 0, 13, 0.85),
    ("Komp. Bumi Asri Blok A2 No 5 RT.04/RW.09 Kel. Sukamaju Kec. Cilodong Kota Depok", 0, 79, 0.9),
    ("Apartemen Taman Anggrek Tower 2 Lt. 15 Unit 15-07, Jakarta Barat", 0, 64, 0.9),
    ("Gg. Mawar II No. 3 RT 02 RW 05 Desa Cibodas Kec. Pasirjambu Kab. Bandung", 0, 72, 0.9),
    ("Jl. Jend. Sudirman Kav. 52-53, Jakarta Selatan 12190", 0, 52, 0.9),
    ("Menara BCA Lt. 50, Jl. M.H. Thamrin No. 1, Jakarta 10310", 0, 56, 0.9),
    ("Mohon dikirim ke alamat berikut:\nJl. Melati No. 12\nJakarta Pusat 10510", 33, 50, 0.85),  # a newline ends it
    ("Alamat: Jl.Melati no.12 rt.04 rw.09 kel.cempaka putih, jakarta pusat", 8, 68, 0.9),
    # call shadow text
    ("alamat saya jalan melati nomor 12 rt 4 rw 9 kelurahan cempaka putih jakarta pusat ya kak", 12, 81, 0.9),
    ("kirim ke komplek bumi asri blok c3 nomor 7 bekasi ya", 9, 49, 0.9),
    ("saya tinggal di gang mawar nomor 3 dekat masjid", 16, 34, 0.85),
    ("alamat saya jalan melati ya kak", 12, 24, 0.6),  # keyword + name only: needs the cue
    # Singapore
    ("Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123", 0, 48, 0.9),
    ("Hi, please deliver to 123 Orchard Road #12-01 Singapore 238858. Thanks!", 22, 62, 0.9),
    ("Block 45 Jurong West Street 42, Singapore 640045", 0, 48, 0.9),
    # US
    ("1600 Amphitheatre Parkway, Mountain View, CA 94043 and thanks", 0, 50, 0.9),
    ("ship to 221B Baker Street please", 8, 25, 0.85),
    ("Send to 350 Fifth Avenue, New York, NY 10118.", 8, 44, 0.9),
]


@pytest.mark.parametrize(("text", "start", "end", "score"), ADDRESS_POSITIVES)
def test_address_positives_exact_span(address: AddressRecognizer, text: str, start: int, end: int, score: float) -> None:
    results = address.analyze(text, [LOC])
    assert spans(results) == [(start, end)], [text[r.start : r.end] for r in results]
    assert results[0].score == score


ADDRESS_NOT_REPORTED = [
    "weekend ini mau jalan-jalan ke mall",
    "jalan keluar nya dimana ya",
    "saya lagi di jalan",
    "saya lagi di jalan menuju kantor",
    "sedang dalam perjalanan ke rumah",
    "jalan kaki 5 menit dari stasiun",
    "aplikasinya nggak jalan sejak 12 maret",
    "kak, paketnya dikirim ke jalan yang salah",
    "tolong blokir kartu saya",
    "mau block kartu saya",
    "please block 2 of my cards",
    "No. 12 di antrian",
    "nomor pesanan 12345",
    "RT @kawal: promo hari ini",
    "rt 5 kali",
    "saya di Bandung",
    "cabang Jakarta Pusat tutup jam 5",
    "macet di Jl. Sudirman",  # a street mention with no number and no cue
    "Jalan Sudirman Blend kopi 250gr",
    "Jalan Tol Cipularang KM 97 macet",
    "the gang of 4",
    "desa saya banjir",
]


@pytest.mark.parametrize("text", ADDRESS_NOT_REPORTED)
def test_address_negatives_not_reported(address: AddressRecognizer, text: str) -> None:
    assert address.analyze(text, [LOC]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Beli 2 Nike Air Street shoes",  # number + name + street type, nothing else: a product
        "kemarin lewat Jl. Sudirman Jakarta",  # street + city, no door, no cue
    ],
)
def test_address_weak_evidence_below_threshold(address: AddressRecognizer, text: str) -> None:
    assert all(r.score < 0.5 for r in address.analyze(text, [LOC]))


# --- properties: spans never leave the address or the date ---------------------------------------

#: Words that are not address parts, date parts or cues; some look like them ("jalan-jalan", "blokir").
FILLER_WORDS = [
    "ya", "kak", "please", "and", "untuk", "besok", "terima", "kasih", "tolong", "dikirim", "sore", "thanks",
    "ok", "saya", "mohon", "dicek", "paketnya", "sudah", "bayar", "kemarin", "the", "refund", "jalan-jalan",
    "blokir", "perjalanan", "nomor", "Kak", "Please", "Thanks", "Terima", "Besok", "Tolong", "Saya", "Oke",
]
ADDRESS_CUES = ["", "", "alamat:", "Alamat saya", "kirim ke", "ship to", "domisili", "address:"]
#: (address, survives lowercasing as call shadow text)
ADDRESSES = [
    ("Jl. Melati No. 12, RT 004/RW 009, Kel. Cempaka Putih, Kec. Cempaka Putih, Jakarta Pusat 10510", True),
    ("jalan melati nomor 12 rt 4 rw 9 kelurahan cempaka putih jakarta pusat", True),
    ("Jl. Raya Bogor KM 25", True),
    ("Perum Griya Asri Blok C3 No. 7, Bekasi Utara 17121", True),
    ("Gg. Mawar II No. 3 RT 02 RW 05", True),
    ("Jl. Jend. Sudirman Kav. 52-53, Jakarta Selatan 12190", True),
    ("Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123", True),
    ("123 Orchard Road #12-01 Singapore 238858", True),
    ("1600 Amphitheatre Parkway, Mountain View, CA 94043", False),
]
SEPARATORS_BEFORE = [" ", ": ", "\n", ", ", ". "]
SEPARATORS_AFTER = [" ", ". ", "\n", ", ", " - ", "! ", "? "]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.lists(st.sampled_from(FILLER_WORDS), max_size=6),
    cue=st.sampled_from(ADDRESS_CUES),
    before=st.sampled_from(SEPARATORS_BEFORE),
    chosen=st.sampled_from(ADDRESSES),
    after=st.sampled_from(SEPARATORS_AFTER),
    suffix=st.lists(st.sampled_from(FILLER_WORDS), max_size=6),
    lowercase=st.booleans(),
)
def test_address_span_stays_on_the_address(
    prefix: list[str], cue: str, before: str, chosen: tuple[str, bool], after: str, suffix: list[str], lowercase: bool
) -> None:
    addr, lower_ok = chosen
    head = " ".join([*prefix, cue]).strip()
    head = head + before if head else ""
    text = head + addr + (after + " ".join(suffix) if suffix else "")
    if lowercase and lower_ok:
        text = text.lower()
    a_start, a_end = len(head), len(head) + len(addr)
    results = AddressRecognizer().analyze(text, [LOC])
    for r in results:
        assert 0 <= r.start < r.end <= len(text)
        assert a_start <= r.start and r.end <= a_end, (text, text[r.start : r.end])
    assert [(r.start, r.end) for r in results if r.score >= 0.85] == [(a_start, a_end)], text


DOB_CUES = ["tanggal lahir", "Tgl. Lahir:", "TTL: Jakarta,", "DOB", "date of birth:", "born on", "kelahiran", "lahir"]
DATES = ["17 Agustus 1985", "17 agustus 1985", "17 Agt 1985", "17-08-1985", "17/08/1985", "17.08.1985",
         "1985-08-17", "August 17, 1985", "17th of August 1985", "3 March 1990", "03/03/90", "17 8 1985"]
DOB_FILLER = ["", " saya", " saya adalah", " ibu saya", " is", " kak"]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.lists(st.sampled_from(FILLER_WORDS), max_size=6),
    cue=st.sampled_from(DOB_CUES),
    filler=st.sampled_from(DOB_FILLER),
    date=st.sampled_from(DATES),
    after=st.sampled_from(SEPARATORS_AFTER),
    suffix=st.lists(st.sampled_from(FILLER_WORDS), max_size=6),
)
def test_dob_span_is_the_date_only(
    prefix: list[str], cue: str, filler: str, date: str, after: str, suffix: list[str]
) -> None:
    head = " ".join([*prefix, cue]) + filler + " "
    text = head + date + (after + " ".join(suffix) if suffix else "")
    results = DateOfBirthRecognizer().analyze(text, [DOB])
    assert [(r.start, r.end) for r in results] == [(len(head), len(head) + len(date))], text
    assert results[0].score >= 0.85


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.lists(st.sampled_from([*FILLER_WORDS, "tanggal", "order", "pengiriman", "on", "jatuh tempo"]), max_size=6),
    date=st.sampled_from(DATES),
    suffix=st.lists(st.sampled_from(FILLER_WORDS), max_size=6),
)
def test_dob_without_cue_is_never_reported(prefix: list[str], date: str, suffix: list[str]) -> None:
    text = " ".join([*prefix, date, *suffix])
    assert DateOfBirthRecognizer().analyze(text, [DOB]) == []


# --- cost -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jl. A, " * 3000,  # every anchor would re-read the rest without the span cap and skip
        "jalan melati " * 3000,
        "rt 1 " * 5000,
        "12 Baker Street " * 3000,
        "tanggal lahir 17 agustus 1985 " * 2000,
        "lahir " * 5000 + "17/08/1985",
    ],
)
def test_pathological_inputs_stay_linear(dob: DateOfBirthRecognizer, address: AddressRecognizer, text: str) -> None:
    """Tens of kilobytes of repeated cues and anchors: ~30 ms each here; 2 s leaves room for slow CI."""
    started = time.perf_counter()
    address.analyze(text, [LOC])
    dob.analyze(text, [DOB])
    assert time.perf_counter() - started < 2.0
