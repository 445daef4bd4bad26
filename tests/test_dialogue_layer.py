"""The dialogue layer: turns and speakers, what the agent asks, dictated material, checks, slots.

Each test names the class of transcript it stands for (speaker tags of many shapes, values read in
pieces, spelled letters, answers without a cue); the sentences are written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policies import PolicyError, load_dialogue_policy
from redaction import Redactor
from redaction.dialogue import AGENT, CUSTOMER, parse_dialogue, vocabulary
from redaction.material import runs
from redaction.spoken import normalize_spoken
from redaction.validate import PLAUSIBLE, VALID, fits, structural

R = Redactor("default")


def found(text: str, redactor: Redactor = R) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in redactor.analyze(text)]


# -- turns and speakers -----------------------------------------------------------------------------

@pytest.mark.parametrize("transcript", [
    "agent: boleh nomor hp nya?\ncustomer: 0812 8877 4410",
    "Agen: boleh nomor hp nya?\nPelanggan: 0812 8877 4410",
    "[agent] boleh nomor hp nya?\n[customer] 0812 8877 4410",
    "[00:00:12] cs: boleh nomor hp nya?\n[00:00:20] cust: 0812 8877 4410",
    "Tembusu Bank CS: boleh nomor hp nya?\nBudi Santoso: 0812 8877 4410",
])
def test_speaker_tags_of_many_shapes_name_the_roles(transcript: str) -> None:
    turns = parse_dialogue(transcript).turns
    assert [t.role for t in turns] == [AGENT, CUSTOMER]
    assert turns[0].intent == "PHONE_NUMBER"


def test_generic_tags_are_decided_by_who_asks_and_greets() -> None:
    text = ("spk_1: selamat pagi ada yang bisa dibantu\nspk_0: mau tanya refund\n"
            "spk_1: boleh nomor rekeningnya\nspk_0: lima dua tujuh kosong")
    roles = {t.tag: t.role for t in parse_dialogue(text).turns}
    assert roles == {"spk_1": AGENT, "spk_0": CUSTOMER}


def test_untagged_lines_that_ask_are_the_agents() -> None:
    turns = parse_dialogue("what's your social\none two three four five six seven eight nine").turns
    assert turns[0].role == AGENT and turns[0].intent == "US_SSN" and turns[1].tag is None


def test_headers_and_field_labels_are_not_speakers() -> None:
    turns = parse_dialogue("From: Budi <budi@x.co.id>\nSubject: refund\nNIK: 3171234567890001").turns
    assert all(t.tag is None for t in turns)


def test_the_last_and_longest_question_decides_the_intent() -> None:
    vocab = vocabulary()
    assert vocab.ask_intent("what's the tax id on your npwp card", 0, 36) == "ID_NPWP"
    assert vocab.ask_intent("what's the email address on the account", 0, 39) == "EMAIL_ADDRESS"
    assert vocab.ask_intent("nomor pesanannya berapa", 0, 23) == "DISTRACTOR"


def test_backchannel_turns_keep_the_customer_answering() -> None:
    turns = parse_dialogue("agent: nomor iban nya\ncustomer: g b dua empat\nagent: iya lanjut\ncustomer: l o y d").turns
    assert turns[2].backchannel and not turns[0].backchannel


# -- dictated material ------------------------------------------------------------------------------

def material(text: str) -> list[str]:
    shadow = normalize_spoken(text).text
    low = shadow.lower()
    return [r.value for r in runs(low, 0, len(low), vocabulary())]


@pytest.mark.parametrize(("said", "value"), [
    ("oh iya nomornya nol delapan lima sembilan mmm enam empat sembilan kosong", "08596490"),
    ("eighty three forty five let me see thirty seven zero nine", "83453709"),
    ("p as in papa t for tango o three nine one", "PT0391"),
    ("n l tujuh lima i n ge b enam delapan", "NL75INGB68"),
    ("one nine two dot one six eight dot one dot twenty", "192.168.1.20"),
    ("iban nl14 abna 4127 6589 62", "NL14ABNA4127658962"),
    ("te satu dua tiga empat lima enam tujuh je", "T1234567J"),
])
def test_dictated_values_are_read_with_fillers_letters_and_separators(said: str, value: str) -> None:
    assert value in material(said)


def test_a_letter_alone_or_a_word_is_no_material() -> None:
    assert material("i have a question about my bill") == []
    assert material("kode produknya abc") == []


# -- checks -----------------------------------------------------------------------------------------

def run_of(text: str) -> Any:
    low = text.lower()
    (run,) = runs(low, 0, len(low), vocabulary())
    return run


def test_checks_follow_each_type() -> None:
    assert structural(run_of("GB82 WEST 1234 5698 7654 32")) == "IBAN_CODE"
    assert structural(run_of("GB82 WEST 1234 5698 7654 33")) is None  # mod 97 fails
    assert structural(run_of("S1234567D")) == "SG_NRIC"
    assert structural(run_of("192.168.1.300")) is None  # not an octet
    assert fits("CREDIT_CARD", run_of("4532 1123 4567 8901")) == PLAUSIBLE
    assert fits("CREDIT_CARD", run_of("4111 1111 1111 1111")) == VALID
    assert fits("US_SSN", run_of("123 45 6780")) == VALID and fits("US_SSN", run_of("666 45 6780")) == PLAUSIBLE
    assert fits("PHONE_NUMBER", run_of("12:30")) == 0  # a time
    assert fits("BANK_ACCOUNT", run_of("1.250.000")) == 0  # an amount


# -- slots --------------------------------------------------------------------------------------------

def test_a_value_read_in_pieces_across_backchannel_turns_is_redacted_piece_by_piece() -> None:
    text = ("agent: nomor kartunya berapa kak\ncustomer: empat satu satu satu\nagent: iya\n"
            "customer: satu satu satu satu\nagent: lanjut\ncustomer: satu satu satu satu\nagent: oke\n"
            "customer: satu satu satu satu")
    assert [t for t, _ in found(text)] == ["CREDIT_CARD"] * 4


def test_the_answer_to_the_question_takes_its_type_without_a_cue() -> None:
    assert ("US_SSN", "one two three four five six seven eight zero") in found(
        "agent: what's your social\ncustomer: one two three four five six seven eight zero")
    assert ("BANK_ACCOUNT", "lima dua tujuh kosong satu satu delapan delapan") in found(
        "agen: nomor rekeningnya berapa\npelanggan: lima dua tujuh kosong satu satu delapan delapan")


def test_the_dialogue_decides_between_a_card_and_a_nik() -> None:
    # 3174056708900003 passes Luhn; the customer said it is a NIK.
    assert found("pelanggan: nik saya 3174056708900003") == [("ID_NIK", "3174056708900003")]


def test_distractors_take_a_number_out_of_the_slot() -> None:
    text = "agent: boleh nomor hp nya\ncustomer: nomor pesanan saya 081234567 dulu ya, totalnya 250000 rupiah"
    assert ("PHONE_NUMBER", "081234567") not in found(text)


def test_a_version_number_is_no_ip_and_a_spoken_ip_is() -> None:
    assert found("CS: please update to version 2.0.6.42 first") == []
    assert ("IP_ADDRESS", "one nine two dot one six eight dot one dot twenty") in found(
        "agent: what's the ip on your router\ncustomer: one nine two dot one six eight dot one dot twenty")


def test_the_strict_profile_takes_any_unclaimed_number_of_a_customer() -> None:
    strict = Redactor("strict")
    text = "agent: ada yang bisa dibantu\ncustomer: yang lama 88412093 kak, bayar rp 250000 tadi"
    assert ("NUMBER", "88412093") in found(text, strict)
    assert not any(t == "NUMBER" for t, _ in found(text, R))
    assert ("NUMBER", "250000") not in found(text, strict)


# -- names and places through the dialogue --------------------------------------------------------------

def test_a_speaker_tag_that_is_a_name_is_a_name() -> None:
    text = "[08/05/25 21.24] Pacific Remit CS: nama lengkapnya?\n[08/05/25 21.24] Bill Walker: nama sy Bill Walker"
    assert ("PERSON", "Bill Walker") in found(text)
    assert not any(v.startswith("Pacific") for _, v in found(text))


@pytest.mark.parametrize(("text", "place"), [
    ("agent: paketnya mau dikirim ke kota mana\ncustomer: jember kak", "jember"),
    ("customer: saya tinggal di kabupaten sleman", "kabupaten sleman"),
    ("Customer: I'm in Tampines at the moment", "Tampines"),
    ("c: kebon jeruk, jakarta barat 11540", "kebon jeruk, jakarta barat 11540"),
])
def test_places_with_a_cue_an_answer_or_an_administrative_word(text: str, place: str) -> None:
    if text.startswith("c: kebon"):
        text = "cs: alamat pengirimannya di mana?\n" + text
    assert ("LOCATION", place) in found(text)


def test_a_city_without_a_cue_stays() -> None:
    assert found("Agent: cabang Jakarta buka sampai jam 5 ya") == []


def test_words_are_not_names_after_weak_cues() -> None:
    assert found("cs: terima kasih atas kesabarannya") == []
    assert found("Agent: Good morning, Orchid Bank customer service, how may I help you?") == []


# -- the vocabulary is data, checked at load -----------------------------------------------------------

def test_the_dialogue_policy_refuses_broken_patterns_and_unknown_types(tmp_path: Path) -> None:
    bundled = (Path(__file__).resolve().parent.parent / "policies" / "dialogue.yaml").read_text(encoding="utf-8")
    for broken in (bundled.replace('ask: ["iban', 'ask: ["iban(', 1), bundled + "\n  PASSPORT:\n    ask: [paspor]\n"):
        (tmp_path / "dialogue.yaml").write_text(broken, encoding="utf-8")
        with pytest.raises(PolicyError):
            load_dialogue_policy(tmp_path)
    assert "IBAN_CODE" in load_dialogue_policy().intents
