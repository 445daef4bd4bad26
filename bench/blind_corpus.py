"""Blind labelled test corpus for the contact-center PII redaction benchmark (Indonesia / Singapore).

Provenance
----------
This generator was written from a written brief only. Its author did not see the detector
(``redaction/``), the policies, the project's other corpora (``bench/corpus*.py``) or its benchmarks,
and never ran the redactor against this output. Every vocabulary, template and number-to-words
routine below was written by hand for this file; only the Python standard library is used.

CLI
---
    python bench/blind_corpus.py [-n 600] [--seed 7] [-o FILE.jsonl | -o -]

writes one JSON object per line (and, unless the output is stdout, a summary of the counts per
type / channel / language to stderr; ``--summary`` forces it)::

    {"id": "b0001", "lang": "id"|"en", "channel": "chat"|"call_asr"|"email",
     "text": "...", "spans": [{"start": int, "end": int, "type": "..."}]}

``generate(n, seed)`` returns the same documents as a list of dicts (deterministic: one
``random.Random(seed)``, no global random state, no clock).

Labelling rules
---------------
1.  A span is exactly the PII value: Python ``str`` offsets, no surrounding whitespace or
    punctuation, spans sorted and non-overlapping.
2.  Titles and honorifics are NOT part of a PERSON span (Bapak, Bpk., Pak, Ibu, Bu, Mbak, Mas,
    Kak, Gan, Sis, Encik, Puan, Cik, Mr, Mrs, Ms, Dr, Madam, Ma'am). Patronymic particles
    (``bin``, ``binti``, ``d/o``, ``s/o``) and the Balinese prefixes ``I`` / ``Ni`` ARE part of it.
    Partial names are labelled too ("Pak Budi" -> "Budi", "Mr Tan" -> "Tan"), and so is a name
    spelled letter by letter ("s a n t o s o"). Agent names, third parties, e-mail ``From:`` /
    ``To:`` headers, quoted lines, signatures and WhatsApp-export prefixes are all labelled.
3.  Every mention is labelled where it occurs: the customer's answer, the agent's read-back,
    the value repeated in a quoted e-mail.
4.  Split dictation: when a value is dictated in pieces over several turns (the other party
    saying "iya", "lanjut", "mm hmm", "go on" ... in between), EACH piece is its own span of the
    value's type, located where it is said.
5.  Within one turn a value is one span from its first to its last spoken/written part. Fillers
    inside it ("eh", "uh", "umm", "apa ya", "bentar") are inside the span; fillers and cue words
    before the first part or after the last part are outside. Words that are part of the spoken
    value are inside: "plus", "double"/"dobel", "triple", "dot"/"titik", "at"/"et", "underscore",
    "strip", "dash", "colon", "hash", "n for november", "b seperti bravo", "bulan", "tahun",
    "kode pos" inside an address.
6.  Self-corrections: a false start of at most 4 digits that is abandoned ("0812... eh sorry
    0813 4455 6677") is NOT labelled; a complete wrong value that is then corrected IS labelled,
    as is the correction (the near-miss leaks almost the whole value). No other kind of
    correction is generated.
7.  LOCATION: a full street address is one span, postcode included (an address broken over two
    signature lines is one span containing the newline; an address dictated in pieces over
    turns follows rule 4). A city / area / regency said alone is labelled only when it is
    where the customer is or where something is to be delivered ("kirim ke ternate",
    "I'm in Tampines"). A postcode alone is not labelled. The company's own offices, hubs and
    warehouses are never mentioned, and no other place names occur outside LOCATION spans
    (street names inside an address, e.g. "Jl. Jend. Sudirman", belong to the address).
8.  DATE_OF_BIRTH only for birth dates. A leading "the" / "tanggal" / "tgl" / "on" is outside.
    Delivery, appointment, transaction and e-mail dates are not labelled.
9.  PHONE_NUMBER includes the country code and the parentheses of "(408) 251-5448". Company
    hotlines (e.g. "1500-123") are not personal and not labelled.
10. EMAIL_ADDRESS: personal and personal work addresses are labelled; role mailboxes of the
    company (cs@, support@, layanan@, noreply@ ...) are not personal and not labelled.
11. Never labelled (distractors): order / ticket / tracking / AWB / invoice / reference numbers,
    amounts, times, non-birth dates, OTP codes, promo codes, SKUs and EAN barcodes, product
    models, software/firmware versions (some look like IPv4), counts, postcodes alone,
    hotlines, names that are used as common words ("bunga kartu kredit", "I hope", "I will").
    Long distractor digit runs (12-16 digits) always fail the Luhn check.
12. call_asr text is lowercase with no punctuation except the speaker tags / timestamps;
    numbers are mostly spoken as words, sometimes as digits or mixed digits and words.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

PII_TYPES: tuple[str, ...] = (
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "ID_NIK",
    "ID_NPWP",
    "BANK_ACCOUNT",
    "SG_NRIC",
    "US_SSN",
    "IBAN_CODE",
    "IP_ADDRESS",
    "LOCATION",
    "DATE_OF_BIRTH",
)

# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------

ID_DIGIT = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
EN_DIGIT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_TEEN = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_ORD_SMALL = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
    14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth",
    19: "nineteenth", 20: "twentieth", 30: "thirtieth",
}

ID_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]
ID_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
EN_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def id_number(n: int) -> str:
    """Indonesian cardinal: 213 -> 'dua ratus tiga belas'."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return ID_DIGIT[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{ID_DIGIT[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{ID_DIGIT[tens]} puluh" + (f" {ID_DIGIT[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{ID_DIGIT[hundreds]} ratus"
        return head + (f" {id_number(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{id_number(thousands)} ribu"
        return head + (f" {id_number(rest)}" if rest else "")
    if n < 1_000_000_000:
        millions, rest = divmod(n, 1_000_000)
        return f"{id_number(millions)} juta" + (f" {id_number(rest)}" if rest else "")
    raise ValueError(n)


def en_number(n: int, use_and: bool = False) -> str:
    """English cardinal without hyphens, as speech-to-text writes it: 'two hundred one'."""
    if n < 10:
        return EN_DIGIT[n]
    if n < 20:
        return EN_TEEN[n - 10]
    if n < 100:
        tens, rest = divmod(n, 10)
        return EN_TENS[tens] + (f" {EN_DIGIT[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        joiner = " and " if use_and else " "
        return f"{EN_DIGIT[hundreds]} hundred" + (joiner + en_number(rest) if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        joiner = " and " if use_and and rest < 100 else " "
        return f"{en_number(thousands)} thousand" + (joiner + en_number(rest, use_and) if rest else "")
    millions, rest = divmod(n, 1_000_000)
    return f"{en_number(millions)} million" + (f" {en_number(rest, use_and)}" if rest else "")


def en_ordinal(n: int) -> str:
    if n in EN_ORD_SMALL:
        return EN_ORD_SMALL[n]
    tens, rest = divmod(n, 10)
    return f"{EN_TENS[tens]} {EN_ORD_SMALL[rest]}"


def en_year(year: int, rng: random.Random) -> str:
    if 1900 <= year < 2000:
        rest = year - 1900
        if rest == 0:
            return "nineteen hundred"
        if rest < 10:
            return f"nineteen {rng.choice(['oh', 'o'])} {EN_DIGIT[rest]}"
        return f"nineteen {en_number(rest)}"
    if 2000 <= year < 2010:
        rest = year - 2000
        if rest == 0:
            return "two thousand"
        return rng.choice([f"two thousand {EN_DIGIT[rest]}", f"two thousand and {EN_DIGIT[rest]}"])
    if 2010 <= year < 2100:
        return rng.choice([f"twenty {en_number(year - 2000)}", f"two thousand {en_number(year - 2000)}"])
    return en_number(year)


def id_year(year: int, rng: random.Random) -> str:
    if 1900 <= year < 2000 and rng.random() < 0.5:
        return f"sembilan belas {id_number(year - 1900)}" if year > 1909 else id_number(year)
    return id_number(year)


# --------------------------------------------------------------------------------------------
# Checksums
# --------------------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(payload: str) -> str:
    """Append the Luhn check digit to ``payload``."""
    for d in "0123456789":
        if luhn_valid(payload + d):
            return payload + d
    raise AssertionError("unreachable")


def luhn_break(number: str) -> str:
    """Return ``number`` changed in its last digit so that it fails the Luhn check."""
    if not luhn_valid(number):
        return number
    last = int(number[-1])
    return number[:-1] + str((last + 1) % 10)


NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
NRIC_TABLE = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK",
              "M": "XWUTRQPNJLK"}
NRIC_OFFSET = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}


def nric_check_letter(prefix: str, digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, NRIC_WEIGHTS)) + NRIC_OFFSET[prefix]
    return NRIC_TABLE[prefix][total % 11]


def iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{98 - number % 97:02d}"


def iban_valid(iban: str) -> bool:
    """Mod-97 check of an IBAN (spaces allowed); the generator only emits valid ones."""
    s = iban.replace(" ", "").upper()
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

JV_MALE = ["Budi", "Agus", "Slamet", "Untung", "Joko", "Bambang", "Hadi", "Eko", "Teguh", "Wahyu",
           "Rudi", "Heru", "Bayu", "Adi", "Iwan", "Dedi", "Andi", "Rizky", "Fajar", "Arif", "Yusuf",
           "Hendra", "Dimas", "Gilang", "Bagus", "Galih", "Wisnu", "Aris", "Tri"]
JV_FEMALE = ["Sri", "Indah", "Putri", "Dewi", "Wati", "Ayu", "Siti", "Rina", "Fitri", "Wulan",
             "Intan", "Bunga", "Mawar", "Ratna", "Yuni", "Dian", "Novi", "Eka", "Anisa", "Nabila",
             "Kartika", "Endang", "Tuti", "Lestari", "Cahaya"]
JV_MALE_LAST = ["Santoso", "Wibowo", "Prasetyo", "Nugroho", "Susanto", "Hartono", "Kurniawan",
                "Saputra", "Wijaya", "Hidayat", "Setiawan", "Purwanto", "Sulistyo", "Raharjo",
                "Utomo", "Gunawan", "Firmansyah", "Pratama", "Ramadhan", "Hakim"]
JV_FEMALE_LAST = ["Lestari", "Rahayu", "Wulandari", "Purnamasari", "Permatasari", "Handayani",
                  "Kusumawati", "Anggraini", "Safitri", "Maharani", "Puspitasari", "Susanti",
                  "Rahmawati", "Novitasari", "Setyaningsih"]
ID_SINGLE = ["Sutrisno", "Suparman", "Sukarni", "Mulyadi", "Sumiati", "Paijo", "Tukiyem", "Wagiman",
             "Ngadiman", "Supriyadi", "Sugiarto", "Mujiono", "Suharti", "Parmi", "Karsono"]
SUNDA_MALE = ["Asep", "Ujang", "Dadang", "Cecep", "Yayan", "Deden", "Entis", "Ajat", "Dede", "Ade"]
SUNDA_FEMALE = ["Euis", "Neneng", "Iis", "Nining", "Enok", "Imas", "Cucu", "Lilis"]
SUNDA_LAST = ["Sunarya", "Permana", "Kusnadi", "Supriatna", "Sudrajat", "Saepudin", "Suherman",
              "Rukmana", "Hermawan", "Nurjaman"]
BATAK_MALE = ["Togar", "Hotman", "Maruli", "Sahat", "Lamhot", "Poltak", "Binsar", "Parulian",
              "Tigor", "Halomoan"]
BATAK_FEMALE = ["Rotua", "Tiur", "Rumondang", "Juliana", "Dameria", "Lasmaria", "Sondang", "Nurhayati"]
BATAK_MARGA = ["Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Lubis", "Harahap",
               "Panjaitan", "Sinaga", "Situmorang", "Pardede", "Simatupang", "Manurung",
               "Tambunan", "Sihombing", "Hutagalung"]
MINANG_MALE = ["Zulkifli", "Yusrizal", "Fadli", "Nofrizal", "Afrizal", "Erwin", "Syafri", "Rahmat",
               "Irwandi", "Yulizar"]
MINANG_FEMALE = ["Yuliani", "Rosmaini", "Elfira", "Nofita", "Desfita", "Yusnidar", "Fitriani"]
MINANG_SUKU = ["Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang", "Jambak", "Guci", "Caniago",
               "Melayu", "Sinaga"]
BALI_ORDER = ["Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut"]
BALI_MALE = ["Suardana", "Sudarta", "Arsana", "Wirawan", "Budiasa", "Sukarta", "Adnyana", "Mahendra",
             "Wiguna", "Artawan"]
BALI_FEMALE = ["Artini", "Sulastri", "Ariani", "Darmayanti", "Sukmawati", "Astiti", "Widiantari",
               "Suryani"]
ARAB_MALE = ["Muhammad Rizky", "Ahmad Fauzi", "Abdul Rahman", "Muhammad Iqbal", "Ahmad Syahputra",
             "Fikri Maulana", "Ilham Akbar"]
ARAB_FEMALE = ["Nur Hidayah", "Siti Aminah", "Siti Nurjanah", "Fatimah Azzahra", "Aisyah Putri",
               "Nurul Fadhilah"]
ID_CHINESE = ["Kevin Halim", "Stella Gunawan", "Jessica Tanuwijaya", "Michael Santoso", "Vivian Liem",
              "Ricky Tanoto", "Felicia Kurniadi", "William Sutanto", "Yohanes Chandra"]

CN_SURNAME = ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh", "Teo", "Ang",
              "Yeo", "Tay", "Ho", "Low", "Toh", "Sim", "Chong", "Chia", "Seah", "Foo", "Heng", "Quek",
              "Leong"]
CN_SYLL = ["Wei", "Ming", "Hui", "Shan", "Jia", "Hao", "Xin", "Yi", "Kai", "Jun", "Li", "Ling", "Mei",
           "Zhi", "Hong", "Siew", "Boon", "Kok", "Keng", "Chee", "Hwee", "Peng", "Yong", "Seng", "En",
           "Xuan", "Qi", "Rui"]
CN_EN_FIRST_M = ["Jason", "Marcus", "Darren", "Kelvin", "Benjamin", "Ryan", "Gabriel", "Ethan"]
CN_EN_FIRST_F = ["Michelle", "Rachel", "Cheryl", "Vanessa", "Joanne", "Grace", "Rose", "Charmaine"]
MALAY_MALE = ["Hafiz", "Faizal", "Azman", "Hakim", "Irfan", "Syafiq", "Danial", "Aiman", "Khairul",
              "Rizal", "Firdaus", "Haziq"]
MALAY_FEMALE = ["Aisyah", "Zulaikha", "Huda", "Farah", "Amira", "Syahirah", "Zarina", "Hidayah",
                "Nadia", "Liyana"]
MALAY_FATHER = ["Rahman", "Osman", "Ismail", "Hassan", "Abdullah", "Yusof", "Salleh", "Ibrahim",
                "Hamid", "Zainal", "Rashid", "Kassim", "Jaafar", "Ahmad"]
INDIAN_MALE = ["Arun", "Rajesh", "Suresh", "Vijay", "Karthik", "Ganesh", "Ravi", "Prakash", "Dinesh",
               "Muthu", "Naveen", "Siva"]
INDIAN_FEMALE = ["Priya", "Lakshmi", "Kavitha", "Deepa", "Anitha", "Meena", "Revathi", "Shanti",
                 "Divya", "Sangeetha"]
INDIAN_FATHER = ["Ramasamy", "Krishnan", "Subramaniam", "Muthusamy", "Rajoo", "Govindasamy",
                 "Selvaraj", "Arumugam", "Perumal", "Nadarajah"]
INDIAN_LAST = ["Kumar", "Nair", "Pillai", "Menon", "Raj", "Sharma", "Iyer", "Reddy"]
WEST_MALE = ["John", "Michael", "David", "James", "Daniel", "Will", "Mark", "Frank", "Bill", "Peter",
             "Thomas", "Andrew", "Chris"]
WEST_FEMALE = ["Sarah", "Emily", "Jessica", "Rose", "Hope", "Grace", "Faith", "Joy", "June", "May",
               "Summer", "Laura", "Karen", "Olivia"]
WEST_LAST = ["Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore",
             "Martin", "Clark", "Walker", "Young", "Hill", "Baker", "Turner", "Parker", "Collins"]

COMPANIES = {
    "bank_id": ["Bank Nusantara", "Bank Sentosa", "SinarPay", "Bank Mitra Rakyat"],
    "ecom_id": ["TokoKita", "BelanjaYuk", "PasarKilat", "KirimCepat"],
    "isp_id": ["LintasNet", "Jaringan Prima", "KabelNusa", "NetRumah"],
    "tax_id": ["layanan Konsultasi Pajak", "KonsulPajak", "PajakMudah"],
    "ins_id": ["Asuransi Sehat Sentosa", "Proteksi Keluarga", "AsuransiKu"],
    "sg_telco": ["Merlion Mobile", "RedDot Broadband", "LionLink"],
    "sg_bank": ["Tembusu Bank", "Straits Credit", "Orchid Bank"],
    "remit": ["GlobeSend", "KirimUang Global", "Pacific Remit", "SwiftPeso"],
}
ROLE_MAILBOX = {
    "bank_id": ["halo@banknusantara.co.id", "cs@bankmitrarakyat.co.id"],
    "ecom_id": ["cs@tokokita.co.id", "bantuan@belanjayuk.id"],
    "isp_id": ["support@lintasnet.net.id", "noc@jaringanprima.co.id"],
    "tax_id": ["layanan@pajakmudah.co.id", "info@konsulpajak.id"],
    "ins_id": ["klaim@asuransisehat.co.id", "cs@proteksikeluarga.co.id"],
    "sg_telco": ["support@merlionmobile.com.sg", "care@reddotbb.sg"],
    "sg_bank": ["service@tembusubank.com.sg", "cards@straitscredit.sg"],
    "remit": ["help@globesend.com", "support@pacificremit.com"],
}
PERSONAL_DOMAINS_ID = ["gmail.com", "yahoo.co.id", "yahoo.com", "hotmail.com", "outlook.com",
                       "ymail.com", "icloud.com", "rocketmail.com"]
PERSONAL_DOMAINS_SG = ["gmail.com", "hotmail.com", "yahoo.com.sg", "singnet.com.sg", "outlook.com",
                       "icloud.com", "live.com"]
PERSONAL_DOMAINS_US = ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "comcast.net"]
WORK_DOMAINS = ["majujaya.co.id", "sinarabadi.com", "ptkaryaprima.co.id", "techhub.sg",
                "acmelogistics.com", "mitrasolusi.id"]

# --------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    full: str
    short: str          # the form used after a title: "Budi", "Tan", "Hafiz"
    gender: str         # "m" | "f"
    culture: str        # "id", "bali", "cn", "malay", "indian", "west"
    first: str          # for e-mail local parts
    last: str
    dob: tuple[int, int, int] = (1, 1, 1990)   # day, month, year


def make_person(rng: random.Random, region: str, gender: str | None = None) -> Person:
    """A person typical of ``region`` ("id", "sg" or "intl")."""
    gender = gender or rng.choice("mf")
    if region == "id":
        culture = rng.choices(
            ["jv", "single", "sunda", "batak", "minang", "bali", "arab", "idcn"],
            [34, 8, 14, 12, 8, 8, 10, 6])[0]
    elif region == "sg":
        culture = rng.choices(["cn", "malay", "indian", "west", "jv"], [50, 20, 17, 8, 5])[0]
    else:
        culture = rng.choices(["west", "cn", "indian", "malay", "jv"], [55, 15, 12, 8, 10])[0]
    y = rng.randint(1952, 2004)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28 if m == 2 else 30)
    dob = (d, m, y)
    if culture == "jv":
        if gender == "m":
            first, last = rng.choice(JV_MALE), rng.choice(JV_MALE_LAST)
        else:
            first, last = rng.choice(JV_FEMALE), rng.choice(JV_FEMALE_LAST)
        if first == last:
            last = "Wijaya"
        full = f"{first} {last}" if rng.random() < 0.85 else first
        return Person(full, first, gender, "id", first, last if full != first else "", dob)
    if culture == "single":
        name = rng.choice(ID_SINGLE)
        return Person(name, name, gender, "id", name, "", dob)
    if culture == "sunda":
        first = rng.choice(SUNDA_MALE if gender == "m" else SUNDA_FEMALE)
        last = rng.choice(SUNDA_LAST)
        return Person(f"{first} {last}", first, gender, "id", first, last, dob)
    if culture == "batak":
        first = rng.choice(BATAK_MALE if gender == "m" else BATAK_FEMALE)
        last = rng.choice(BATAK_MARGA)
        short = first if rng.random() < 0.6 else last
        return Person(f"{first} {last}", short, gender, "id", first, last, dob)
    if culture == "minang":
        first = rng.choice(MINANG_MALE if gender == "m" else MINANG_FEMALE)
        last = rng.choice(MINANG_SUKU)
        return Person(f"{first} {last}", first, gender, "id", first, last, dob)
    if culture == "bali":
        order = rng.choice(BALI_ORDER)
        given = rng.choice(BALI_MALE if gender == "m" else BALI_FEMALE)
        prefix = "I" if gender == "m" else "Ni"
        if gender == "f" and rng.random() < 0.4:
            full = f"Ni Luh {order} {given}"
        else:
            full = f"{prefix} {order} {given}"
        return Person(full, order, gender, "bali", order, given, dob)
    if culture == "arab":
        full = rng.choice(ARAB_MALE if gender == "m" else ARAB_FEMALE)
        first, last = full.split(" ", 1)
        short = last.split()[0]
        return Person(full, short, gender, "id", short, first, dob)
    if culture == "idcn":
        female = {"Stella", "Jessica", "Vivian", "Felicia"}
        full = rng.choice([n for n in ID_CHINESE if (n.split()[0] in female) == (gender == "f")])
        first, last = full.split(" ", 1)
        return Person(full, first, gender, "id", first, last, dob)
    if culture == "cn":
        sur = rng.choice(CN_SURNAME)
        given = " ".join(rng.sample(CN_SYLL, 2))
        r = rng.random()
        if r < 0.6:
            full = f"{sur} {given}"
        elif r < 0.85:
            en = rng.choice(CN_EN_FIRST_M if gender == "m" else CN_EN_FIRST_F)
            full = f"{en} {sur} {given}"
        else:
            en = rng.choice(CN_EN_FIRST_M if gender == "m" else CN_EN_FIRST_F)
            full = f"{en} {sur}"
        return Person(full, sur, gender, "cn", given.split()[0], sur, dob)
    if culture == "malay":
        father = rng.choice(MALAY_FATHER)
        if gender == "m":
            given = rng.choice(MALAY_MALE)
            head = rng.choice(["Muhammad ", "Mohd ", "Ahmad ", ""])
            full = f"{head}{given} bin {father}"
        else:
            given = rng.choice(MALAY_FEMALE)
            head = rng.choice(["Nur ", "Siti ", "Nurul ", ""])
            full = f"{head}{given} binti {father}"
        return Person(full, given, gender, "malay", given, father, dob)
    if culture == "indian":
        given = rng.choice(INDIAN_MALE if gender == "m" else INDIAN_FEMALE)
        if rng.random() < 0.5:
            father = rng.choice(INDIAN_FATHER)
            full = f"{given} {'s/o' if gender == 'm' else 'd/o'} {father}"
            return Person(full, given, gender, "indian", given, father, dob)
        last = rng.choice(INDIAN_LAST)
        return Person(f"{given} {last}", given, gender, "indian", given, last, dob)
    first = rng.choice(WEST_MALE if gender == "m" else WEST_FEMALE)
    last = rng.choice(WEST_LAST)
    return Person(f"{first} {last}", last, gender, "west", first, last, dob)


def agent_first_name(rng: random.Random, region: str) -> tuple[str, str]:
    """A name an agent gives in a greeting (first name or two names) and its gender."""
    gender = rng.choice("mf")
    if region == "id":
        pool = (JV_MALE + SUNDA_MALE + ["Dimas", "Reza", "Yoga", "Fikri"]) if gender == "m" else (
            JV_FEMALE + SUNDA_FEMALE + ["Nadia", "Citra", "Laras", "Sinta"])
        name = rng.choice(pool)
        if rng.random() < 0.25:
            name += " " + rng.choice(JV_MALE_LAST if gender == "m" else JV_FEMALE_LAST)
        return name, gender
    if region == "sg":
        r = rng.random()
        if r < 0.4:
            return rng.choice(CN_EN_FIRST_M if gender == "m" else CN_EN_FIRST_F), gender
        if r < 0.6:
            return " ".join(rng.sample(CN_SYLL, 2)), gender
        if r < 0.8:
            return rng.choice(MALAY_MALE if gender == "m" else MALAY_FEMALE), gender
        return rng.choice(INDIAN_MALE if gender == "m" else INDIAN_FEMALE), gender
    return rng.choice(WEST_MALE if gender == "m" else WEST_FEMALE), gender


ID_TITLES = {"m": ["Bapak", "Pak", "Bpk.", "Mas", "Kak"], "f": ["Ibu", "Bu", "Mbak", "Kak"]}
ID_CHAT_TITLES = {"m": ["Pak", "Kak", "Gan", "Mas", "Bpk"], "f": ["Bu", "Kak", "Sis", "Mbak"]}
EN_TITLES = {"m": ["Mr", "Mr."], "f": ["Ms", "Mrs", "Ms."]}
MALAY_TITLES = {"m": ["Encik"], "f": ["Puan", "Cik"]}


def title_for(rng: random.Random, person_gender: str, culture: str, lang: str, channel: str) -> str:
    if culture == "malay" and rng.random() < 0.4:
        return rng.choice(MALAY_TITLES[person_gender])
    if lang == "id":
        pool = ID_CHAT_TITLES if channel == "chat" else ID_TITLES
        return rng.choice(pool[person_gender])
    if rng.random() < 0.06:
        return "Dr"
    return rng.choice(EN_TITLES[person_gender])


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------

ID_PLACES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    # (city as written, spoken/short, [(kecamatan, kelurahan, postcode)])
    ("Jakarta Pusat", "jakpus", [("Cempaka Putih", "Cempaka Putih Timur", "10510"),
                                 ("Menteng", "Gondangdia", "10350"), ("Tanah Abang", "Bendungan Hilir", "10210")]),
    ("Jakarta Selatan", "jaksel", [("Tebet", "Tebet Barat", "12810"), ("Kebayoran Baru", "Gandaria Utara", "12140"),
                                   ("Pasar Minggu", "Pejaten Timur", "12510")]),
    ("Jakarta Timur", "jaktim", [("Duren Sawit", "Pondok Bambu", "13430"), ("Cakung", "Pulo Gebang", "13950")]),
    ("Jakarta Barat", "jakbar", [("Kebon Jeruk", "Sukabumi Utara", "11540"), ("Cengkareng", "Kapuk", "11720")]),
    ("Kota Bekasi", "bekasi", [("Bekasi Timur", "Margahayu", "17113"), ("Rawalumbu", "Bojong Rawalumbu", "17116")]),
    ("Depok", "depok", [("Beji", "Kemiri Muka", "16423"), ("Sukmajaya", "Mekarjaya", "16411")]),
    ("Bandung", "bandung", [("Coblong", "Dago", "40135"), ("Antapani", "Antapani Kidul", "40291")]),
    ("Surabaya", "surabaya", [("Gubeng", "Airlangga", "60286"), ("Wonokromo", "Darmo", "60241")]),
    ("Semarang", "semarang", [("Tembalang", "Bulusan", "50277"), ("Banyumanik", "Srondol Wetan", "50263")]),
    ("Kabupaten Sleman", "sleman", [("Depok", "Caturtunggal", "55281"), ("Mlati", "Sinduadi", "55284")]),
    ("Medan", "medan", [("Medan Baru", "Padang Bulan", "20155"), ("Medan Johor", "Gedung Johor", "20144")]),
    ("Makassar", "makassar", [("Panakkukang", "Pandang", "90231"), ("Tamalate", "Mannuruki", "90221")]),
    ("Denpasar", "denpasar", [("Denpasar Selatan", "Sanur", "80228"), ("Denpasar Barat", "Padangsambian", "80117")]),
    ("Ternate", "ternate", [("Ternate Tengah", "Gamalama", "97721")]),
    ("Kabupaten Bogor", "bogor", [("Cibinong", "Pakansari", "16915"), ("Cileungsi", "Limusnunggal", "16820")]),
    ("Tangerang Selatan", "tangsel", [("Pamulang", "Pamulang Barat", "15417"), ("Serpong", "Lengkong Gudang", "15321")]),
    ("Balikpapan", "balikpapan", [("Balikpapan Selatan", "Sepinggan", "76115")]),
    ("Pekanbaru", "pekanbaru", [("Tampan", "Simpang Baru", "28293")]),
    ("Palembang", "palembang", [("Ilir Timur I", "Sungai Pangeran", "30127")]),
    ("Padang", "padang", [("Padang Utara", "Air Tawar Barat", "25132")]),
]
ID_STREETS = ["Melati", "Mawar", "Kenanga", "Anggrek", "Flamboyan", "Jend. Sudirman", "Diponegoro",
              "Gatot Subroto", "Ahmad Yani", "Pemuda", "Merdeka", "Kebon Jeruk Raya",
              "Cempaka Putih Tengah", "Raya Bogor", "Kaliurang", "Pahlawan", "Veteran", "Siliwangi",
              "Gajah Mada", "Hayam Wuruk", "Cendrawasih", "Nusa Indah", "Dr. Soetomo", "Teuku Umar",
              "Kapten Tendean", "Margonda Raya", "Imam Bonjol"]
ID_PERUM = ["Griya Asri", "Bumi Serpong Damai", "Taman Harapan Baru", "Villa Mutiara", "Pondok Hijau Permai",
            "Citra Indah", "Graha Permata", "Puri Cendana"]
ID_APART = [("Kalibata City", ["Jasmine", "Flamboyan", "Herbras"]), ("Green Pramuka", ["Pino", "Faggio"]),
            ("Bassura City", ["A", "B", "C"])]
ID_CITIES_ALONE = ["Ternate", "Kabupaten Sleman", "Bekasi", "Depok", "Bogor", "Makassar", "Pekanbaru",
                   "Balikpapan", "Kupang", "Jayapura", "Kabupaten Bandung Barat", "Cimahi", "Sidoarjo",
                   "Kabupaten Gianyar", "Pontianak", "Manado", "Kota Batu", "Lombok Timur", "Tangerang",
                   "Kabupaten Banyuwangi", "Samarinda", "Cirebon", "Jember", "Kediri", "Tasikmalaya"]
SG_STREETS = [("Ang Mo Kio Ave 3", "56"), ("Tampines St 81", "52"), ("Jurong West St 42", "64"),
              ("Bedok North Rd", "46"), ("Woodlands Dr 14", "73"), ("Punggol Field", "82"),
              ("Yishun Ring Rd", "76"), ("Toa Payoh Lor 1", "31"), ("Bukit Batok West Ave 6", "65"),
              ("Clementi Ave 2", "12"), ("Hougang Ave 8", "53"), ("Sengkang East Way", "54"),
              ("Pasir Ris Dr 6", "51"), ("Choa Chu Kang Ave 4", "68")]
SG_PRIVATE = [("Anson Road", "International Plaza", "079903", "10"), ("Orchard Road", "Lucky Plaza", "238863", "304"),
              ("Tanjong Pagar Road", "The Pinnacle Tower", "088470", "25"),
              ("Marine Parade Road", "Parkway Centre", "449269", "1")]
SG_AREAS = ["Tampines", "Jurong West", "Woodlands", "Bedok", "Punggol", "Toa Payoh", "Sengkang",
            "Bukit Timah", "Pasir Ris", "Yishun", "Clementi", "Ang Mo Kio", "Bukit Panjang", "Serangoon"]
US_CITIES = [("Mountain View", "CA", "940"), ("San Jose", "CA", "951"), ("Austin", "TX", "787"),
             ("Seattle", "WA", "981"), ("Edison", "NJ", "088"), ("Houston", "TX", "770"),
             ("Chicago", "IL", "606"), ("Brooklyn", "NY", "112"), ("Fremont", "CA", "945"),
             ("Plano", "TX", "750")]
US_STATE_NAMES = {"CA": "california", "TX": "texas", "WA": "washington", "NJ": "new jersey",
                  "IL": "illinois", "NY": "new york"}
US_STREETS = ["Maple", "Oak", "Elm", "Lakeview", "Washington", "Park", "Cedar", "Sunset", "Willow",
              "Highland", "Hillcrest", "Amphitheatre", "Stevens Creek", "Mission"]
US_SUFFIX = {"St": "street", "Ave": "avenue", "Blvd": "boulevard", "Dr": "drive", "Ln": "lane",
             "Rd": "road", "Ct": "court", "Pkwy": "parkway", "Way": "way"}
SG_ABBR = {"Ave": "avenue", "St": "street", "Rd": "road", "Dr": "drive", "Lor": "lorong"}

# --------------------------------------------------------------------------------------------
# Segments, context
# --------------------------------------------------------------------------------------------

LIT = None          # template text: may be re-cased, de-punctuated, slangified
FIXED = "_D"        # distractor text: emitted as is, never labelled


@dataclass
class Seg:
    text: str
    type: str | None = LIT


@dataclass
class Val:
    """A PII value; rendered to text per channel / language when it is mentioned."""
    type: str
    data: dict


@dataclass
class Ctx:
    rng: random.Random
    lang: str
    channel: str
    region: str
    domain: str
    mix: float
    zero_id: str = "kosong"
    zero_en: str = "oh"
    company: str = ""
    distractors: int = 0          # distractor values emitted so far (for inspection)
    titles: dict = field(default_factory=dict)

    @property
    def spoken(self) -> bool:
        return self.channel == "call_asr"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence):
        return self.rng.choice(seq)

    def turn_lang(self, role: str = "C") -> str:
        """Language of the next turn: the document's, or (code-mixing) the other one.

        Customers switch language now and then in code-mixed documents; agents rarely do."""
        if self.chance(self.mix if role == "C" else self.mix * 0.25):
            return "en" if self.lang == "id" else "id"
        return self.lang


Form = tuple[list[str], list[str]]   # chunks and the separators between them


def join_form(form: Form) -> str:
    chunks, seps = form
    out = chunks[0]
    for sep, chunk in zip(seps, chunks[1:]):
        out += sep + chunk
    return out


def single(text: str) -> Form:
    return [text], []


def uniform(chunks: list[str], sep: str) -> Form:
    return chunks, [sep] * (len(chunks) - 1)


def split_by(s: str, sizes: Sequence[int]) -> list[str]:
    out, i = [], 0
    for size in sizes:
        if i >= len(s):
            break
        out.append(s[i:i + size])
        i += size
    if i < len(s):
        out[-1] += s[i:]
    return out


# --------------------------------------------------------------------------------------------
# Speaking digits, letters and codes
# --------------------------------------------------------------------------------------------

NATO = {
    "a": "alpha", "b": "bravo", "c": "charlie", "d": "delta", "e": "echo", "f": "foxtrot", "g": "golf",
    "h": "hotel", "i": "india", "j": "juliet", "k": "kilo", "l": "lima", "m": "mike", "n": "november",
    "o": "oscar", "p": "papa", "q": "quebec", "r": "romeo", "s": "sierra", "t": "tango", "u": "uniform",
    "v": "victor", "w": "whiskey", "x": "xray", "y": "yankee", "z": "zulu",
}
ID_LETTER_NAME = {"a": "a", "b": "be", "c": "ce", "d": "de", "e": "e", "f": "ef", "g": "ge", "h": "ha",
                  "j": "je", "k": "ka", "l": "el", "m": "em", "n": "en", "p": "pe", "r": "er", "s": "es",
                  "t": "te", "w": "we", "x": "eks", "y": "ye", "z": "zet"}


def digit_word(ctx: Ctx, d: str, lang: str) -> str:
    if d == "0":
        if lang == "id":
            return ctx.zero_id if ctx.chance(0.85) else ("nol" if ctx.zero_id == "kosong" else "kosong")
        return ctx.zero_en if ctx.chance(0.85) else ctx.pick(["zero", "oh", "o"])
    return (ID_DIGIT if lang == "id" else EN_DIGIT)[int(d)]


def say_digits(ctx: Ctx, digits: str, lang: str, multi: float = 0.3) -> str:
    """Digit by digit, with double / triple for repeated digits."""
    words: list[str] = []
    i = 0
    dbl = ("dobel" if ctx.chance(0.6) else "double") if lang == "id" else "double"
    tpl = ("tripel" if ctx.chance(0.5) else "triple") if lang == "id" else "triple"
    while i < len(digits):
        ch = digits[i]
        run = 1
        while i + run < len(digits) and digits[i + run] == ch:
            run += 1
        if run >= 3 and ctx.chance(multi):
            words.append(f"{tpl} {digit_word(ctx, ch, lang)}")
            i += 3
        elif run >= 2 and ctx.chance(multi):
            words.append(f"{dbl} {digit_word(ctx, ch, lang)}")
            i += 2
        else:
            words.append(digit_word(ctx, ch, lang))
            i += 1
    return " ".join(words)


def say_pairs(ctx: Ctx, digits: str, lang: str) -> str:
    """'0812' -> 'kosong delapan dua belas'; '5448' -> 'fifty four forty eight'."""
    parts: list[str] = []
    rest = digits
    if len(rest) % 2 == 1:
        parts.append(digit_word(ctx, rest[0], lang))
        rest = rest[1:]
    for k in range(0, len(rest), 2):
        pair = rest[k:k + 2]
        if pair[0] == "0":
            parts.append(f"{digit_word(ctx, '0', lang)} {digit_word(ctx, pair[1], lang)}")
        else:
            parts.append(id_number(int(pair)) if lang == "id" else en_number(int(pair)))
    return " ".join(parts)


def say_group(ctx: Ctx, digits: str, lang: str, style: str) -> str:
    if style == "pairs" and len(digits) >= 2:
        return say_pairs(ctx, digits, lang)
    if style == "mixed" and len(digits) >= 2 and ctx.chance(0.5):
        return say_pairs(ctx, digits, lang)
    return say_digits(ctx, digits, lang)


def spoken_style(ctx: Ctx) -> str:
    return ctx.rng.choices(["digits", "pairs", "mixed"], [65, 15, 20])[0]


def say_digit_groups(ctx: Ctx, groups: list[str], lang: str) -> Form:
    """Spoken digit groups; ASR sometimes writes digits, or mixes digits and words."""
    r = ctx.rng.random()
    if r < 0.10:
        return uniform(list(groups), " ")
    if r < 0.18 and len(groups) >= 2:
        return uniform([groups[0]] + [say_digits(ctx, g, lang) for g in groups[1:]], " ")
    style = spoken_style(ctx)
    return uniform([say_group(ctx, g, lang, style) for g in groups], " ")


def say_letter(ctx: Ctx, ch: str, lang: str, phonetic: float = 0.0) -> str:
    c = ch.lower()
    if ctx.chance(phonetic) and c in NATO:
        if lang == "id":
            link = ctx.pick(["seperti", "untuk", "kayak", "buat"])
        else:
            link = ctx.pick(["for", "as in", "for", "like"])
        return f"{c} {link} {NATO[c]}"
    if lang == "id" and c in ID_LETTER_NAME and ctx.chance(0.15):
        return ID_LETTER_NAME[c]
    return c


def say_code(ctx: Ctx, code: str, lang: str) -> str:
    """Spell an alphanumeric code: letters as letters, digit runs digit by digit."""
    words: list[str] = []
    for tok in re.findall(r"[A-Za-z]+|\d+|[-/#.]", code):
        if tok.isdigit():
            words.append(say_digits(ctx, tok, lang, multi=0.2))
        elif tok.isalpha():
            if len(tok) > 3 and tok.lower() in {"inv", "ord", "ref", "sku", "awb"}:
                words.append(" ".join(tok.lower()))
            else:
                words.append(" ".join(say_letter(ctx, c, lang) for c in tok))
        elif tok == "-" and ctx.chance(0.3):
            words.append("strip" if lang == "id" else "dash")
        elif tok == "/" and ctx.chance(0.3):
            words.append("garis miring" if lang == "id" else "slash")
    return " ".join(w for w in words if w)


# --------------------------------------------------------------------------------------------
# PII value generators
# --------------------------------------------------------------------------------------------

ID_MOBILE_PREFIX = ["811", "812", "813", "821", "822", "823", "851", "852", "853", "814", "815", "816",
                    "855", "856", "857", "858", "817", "818", "819", "859", "877", "878", "895", "896",
                    "897", "898", "899", "881", "882", "887", "888", "889"]


def rand_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def gen_phone(ctx: Ctx, country: str | None = None) -> Val:
    rng = ctx.rng
    if country is None:
        if ctx.region == "id":
            country = "id" if ctx.chance(0.93) else rng.choice(["sg", "my"])
        elif ctx.region == "sg":
            country = rng.choices(["sg", "my", "id"], [80, 12, 8])[0]
        else:
            country = rng.choices(["us", "sg", "my", "id"], [45, 20, 15, 20])[0]
    if country == "id":
        nsn = rng.choice(ID_MOBILE_PREFIX) + rand_digits(rng, rng.choice([7, 8, 8, 9]))
    elif country == "sg":
        nsn = rng.choice("89") + rand_digits(rng, 7)
    elif country == "my":
        nsn = rng.choice(["12", "13", "14", "16", "17", "18", "19"]) + rand_digits(rng, 7) if ctx.chance(0.75) \
            else "11" + rand_digits(rng, 8)
    else:
        area = str(rng.randint(2, 9)) + str(rng.randint(0, 8)) + str(rng.randint(0, 9))
        if area[1:] == "11":
            area = area[0] + "12"
        nsn = area + str(rng.randint(2, 9)) + rand_digits(rng, 2) + rand_digits(rng, 4)
    # sprinkle repeated digits so that "double"/"triple" get a chance
    if ctx.chance(0.35):
        pos = rng.randint(len(nsn) - 6, len(nsn) - 2)
        nsn = nsn[:pos] + nsn[pos] * 2 + nsn[pos + 2:]
    return Val("PHONE_NUMBER", {"cc": country, "nsn": nsn})


def phone_written(ctx: Ctx, v: Val) -> Form:
    rng, cc, nsn = ctx.rng, v.data["cc"], v.data["nsn"]
    sep = rng.choice(["-", " ", " ", "", "."]) if cc != "us" else rng.choice(["-", " ", "."])
    if cc == "id":
        local = "0" + nsn
        if ctx.chance(0.65):
            sizes = {11: [(4, 3, 4), (4, 4, 3)], 12: [(4, 4, 4)], 13: [(4, 4, 5), (4, 5, 4)]}[len(local)]
            return uniform(split_by(local, rng.choice(sizes)), sep) if sep else single(local)
        lead = rng.choice(["+62", "+62", "62", "(+62)"])
        sizes = {10: [(3, 3, 4), (3, 4, 3)], 11: [(3, 4, 4)], 12: [(3, 4, 5), (3, 5, 4)]}[len(nsn)]
        groups = split_by(nsn, rng.choice(sizes))
        if sep == "":
            return single(lead + nsn) if lead != "(+62)" else single("+62" + nsn)
        sep = " " if sep == "." else sep
        first_sep = " " if sep == " " or lead == "(+62)" else rng.choice([" ", "-"])
        return [lead] + groups, [first_sep] + [sep] * (len(groups) - 1)
    if cc == "sg":
        groups = split_by(nsn, (4, 4))
        lead = rng.choice(["", "", "+65", "+65", "(+65)", "65"])
        if sep == "":
            return single(("+65" if lead else "") + nsn)
        if not lead:
            return uniform(groups, sep if sep != "." else " ")
        return [lead] + groups, [rng.choice([" ", "-"])] + [sep if sep != "." else " "]
    if cc == "my":
        head, tail = nsn[:2], nsn[2:]
        tail_groups = split_by(tail, (3, 4) if len(tail) == 7 else (4, 4))
        if ctx.chance(0.5):
            return ["0" + head] + tail_groups, ["-", " "]
        return ["+60", head] + tail_groups, [" ", "-", " "]
    area, exch, line = nsn[:3], nsn[3:6], nsn[6:]
    r = rng.random()
    if r < 0.35:
        return [f"({area})", exch, line], [" ", "-"]
    if r < 0.6:
        return uniform([area, exch, line], "-")
    if r < 0.8:
        return ["+1", area, exch, line], [" ", sep, sep]
    if r < 0.9:
        return uniform([area, exch, line], ".")
    return single(nsn)


def phone_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    cc, nsn = v.data["cc"], v.data["nsn"]
    code = {"id": "62", "sg": "65", "my": "60", "us": "1"}[cc]
    intl = ctx.chance(0.25 if cc != "us" else 0.1)
    if cc == "id":
        groups = split_by(nsn if intl else "0" + nsn, (3, 4, 4) if intl else (4, 4, 5))
    elif cc == "sg":
        groups = split_by(nsn, (4, 4))
    elif cc == "my":
        groups = split_by(nsn if intl else "0" + nsn, (2, 3, 4) if intl else (3, 3, 4))
    else:
        groups = split_by(nsn, (3, 3, 4))
    chunks, seps = say_digit_groups(ctx, groups, lang)
    if intl:
        plus = "plus " if ctx.chance(0.8) else ""
        chunks = [plus + " ".join(digit_word(ctx, d, lang) for d in code)] + chunks
        seps = [" "] + seps
    return chunks, seps


def gen_email(ctx: Ctx, person: Person | None = None, work: bool = False) -> Val:
    rng = ctx.rng
    if person is None:
        person = make_person(rng, ctx.region)
    f = re.sub(r"[^a-z]", "", person.first.lower()) or "user"
    l = re.sub(r"[^a-z]", "", person.last.lower())
    yy = str(person.dob[2])[2:]
    nn = str(rng.randint(1, 99))
    patterns = [f"{f}.{l}", f"{f}{l}", f"{f}_{l}", f"{f}{nn}", f"{f}.{l}{yy}", f"{f[0]}{l}",
                f"{l}.{f}", f"{f}-{l}", f"{f}{l}{yy}", f"{f}_{nn}"] if l else [f"{f}{nn}", f"{f}_{yy}",
                                                                                f"{f}.{yy}", f"{f}{yy}"]
    local = rng.choice(patterns).strip("._-")
    if work:
        domain = rng.choice(WORK_DOMAINS)
    else:
        domain = rng.choice({"id": PERSONAL_DOMAINS_ID, "sg": PERSONAL_DOMAINS_SG}.get(ctx.region,
                                                                                    PERSONAL_DOMAINS_US))
    return Val("EMAIL_ADDRESS", {"local": local, "domain": domain})


def email_written(ctx: Ctx, v: Val) -> Form:
    text = f"{v.data['local']}@{v.data['domain']}"
    if ctx.channel == "chat" and ctx.chance(0.1):
        text = text.upper() if ctx.chance(0.3) else text.capitalize()
    return single(text)


def _say_email_part(ctx: Ctx, part: str, lang: str, spell: bool) -> str:
    words: list[str] = []
    for tok in re.findall(r"[a-z]+|\d+|[._-]", part):
        if tok == ".":
            words.append("titik" if lang == "id" and ctx.chance(0.6) else "dot")
        elif tok == "_":
            words.append("underscore")
        elif tok == "-":
            words.append(ctx.pick(["strip", "minus"]) if lang == "id" else ctx.pick(["dash", "hyphen"]))
        elif tok.isdigit():
            if len(tok) == 2 and ctx.chance(0.4):
                words.append(say_pairs(ctx, tok, lang))
            else:
                words.append(say_digits(ctx, tok, lang, multi=0.4))
        elif spell and len(tok) > 2 and ctx.chance(0.5):
            words.append(" ".join(tok))
        else:
            words.append(tok)
    return " ".join(words)


def email_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    at = ctx.pick(["et", "at", "et", "at"]) if lang == "id" else ctx.pick(["at", "at", "at sign"])
    local = _say_email_part(ctx, v.data["local"], lang, spell=ctx.chance(0.15))
    domain = _say_email_part(ctx, v.data["domain"], lang, spell=False)
    return [local, domain], [f" {at} "]


def gen_card(ctx: Ctx) -> Val:
    rng = ctx.rng
    brand = rng.choices(["visa", "mc", "amex"], [50, 35, 15])[0]
    if brand == "visa":
        digits = luhn_complete("4" + rand_digits(rng, 14))
    elif brand == "mc":
        head = rng.choice(["51", "52", "53", "54", "55", str(rng.randint(2221, 2720))])
        digits = luhn_complete(head + rand_digits(rng, 15 - len(head)))
    else:
        digits = luhn_complete(rng.choice(["34", "37"]) + rand_digits(rng, 12))
    return Val("CREDIT_CARD", {"digits": digits, "brand": brand})


def card_groups(v: Val) -> list[str]:
    d = v.data["digits"]
    return split_by(d, (4, 6, 5)) if len(d) == 15 else split_by(d, (4, 4, 4, 4))


def card_written(ctx: Ctx, v: Val) -> Form:
    sep = ctx.rng.choice([" ", " ", "-", ""])
    return uniform(card_groups(v), sep) if sep else single(v.data["digits"])


def card_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    return say_digit_groups(ctx, card_groups(v), lang)


NIK_PROVINCES = {11: (18, 75), 12: (25, 78), 13: (12, 77), 14: (10, 73), 15: (9, 72), 16: (13, 74),
                 17: (9, 71), 18: (13, 72), 19: (6, 71), 21: (5, 72), 31: (1, 75), 32: (18, 79),
                 33: (29, 76), 34: (4, 71), 35: (29, 79), 36: (4, 74), 51: (8, 71), 52: (8, 72),
                 53: (21, 71), 61: (12, 72), 62: (13, 71), 63: (11, 72), 64: (7, 74), 65: (4, 71),
                 71: (11, 74), 72: (12, 71), 73: (24, 73), 74: (15, 72), 75: (5, 71), 76: (6, 71),
                 81: (9, 72), 82: (8, 72), 91: (13, 71), 92: (12, 71), 94: (5, 71)}


def gen_nik(ctx: Ctx, person: Person | None = None) -> Val:
    rng = ctx.rng
    if person is None:
        person = make_person(rng, "id")
    prov = rng.choice(list(NIK_PROVINCES))
    max_kab, max_kota = NIK_PROVINCES[prov]
    if prov == 31:
        reg = rng.randint(71, 75)
    elif ctx.chance(0.7):
        reg = rng.randint(1, max_kab)
    else:
        reg = rng.randint(71, max_kota)
    dist = rng.randint(1, 24)
    d, m, y = person.dob
    day = d + 40 if person.gender == "f" else d
    serial = rng.randint(1, 120) if ctx.chance(0.85) else rng.randint(121, 2500)
    digits = f"{prov:02d}{reg:02d}{dist:02d}{day:02d}{m:02d}{y % 100:02d}{serial:04d}"
    return Val("ID_NIK", {"digits": digits})


def nik_written(ctx: Ctx, v: Val) -> Form:
    d = v.data["digits"]
    r = ctx.rng.random()
    if r < 0.8:
        return single(d)
    if r < 0.92:
        return uniform(split_by(d, (4, 4, 4, 4)), " ")
    return uniform(split_by(d, (6, 6, 4)), " ")


def nik_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    sizes = ctx.pick([(4, 4, 4, 4), (6, 6, 4), (2, 2, 2, 2, 2, 2, 4), (3, 3, 4, 2, 4)])
    return say_digit_groups(ctx, split_by(v.data["digits"], sizes), lang)


def gen_npwp(ctx: Ctx) -> Val:
    rng = ctx.rng
    kind = rng.choice(["01", "02", "03", "04", "05", "06", "07", "08", "09", "21", "24", "31", "49",
                       "53", "66", "71", "73", "80", "84", "92", "96"])
    digits = kind + rand_digits(rng, 6) + str(rng.randint(0, 9)) + f"{rng.randint(1, 999):03d}" + \
        rng.choice(["000", "000", "000", "001", "002"])
    return Val("ID_NPWP", {"digits": digits})


def npwp_written(ctx: Ctx, v: Val) -> Form:
    d = v.data["digits"]
    r = ctx.rng.random()
    if r < 0.6:
        return split_by(d, (2, 3, 3, 1, 3, 3)), [".", ".", ".", "-", "."]
    if r < 0.8:
        return single(d)
    return single("0" + d)


def npwp_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    d = v.data["digits"]
    if ctx.chance(0.3):
        groups = split_by(d, (2, 3, 3, 1, 3, 3))
        dot = "titik" if lang == "id" else "dot"
        dash = ctx.pick(["strip", "setrip"]) if lang == "id" else "dash"
        words = [say_digits(ctx, g, lang) for g in groups]
        return words, [f" {dot} ", f" {dot} ", f" {dot} ", f" {dash} ", f" {dot} "]
    if ctx.chance(0.15):
        d = "0" + d
        return say_digit_groups(ctx, split_by(d, (4, 4, 4, 4)), lang)
    return say_digit_groups(ctx, split_by(d, (3, 3, 3, 3, 3)), lang)


ID_BANK_FORMATS: list[tuple[str, tuple[int, ...]]] = [
    ("BCA", (3, 3, 4)), ("BCA", (10,)), ("Mandiri", (3, 2, 7, 1)), ("Mandiri", (13,)),
    ("BRI", (4, 2, 6, 2, 1)), ("BRI", (15,)), ("BNI", (10,)), ("BNI", (4, 3, 3)), ("BSI", (10,)),
    ("CIMB Niaga", (4, 4, 4, 1)), ("Danamon", (10,)), ("Permata", (10,)), ("BTN", (16,)),
    ("Bank Jatim", (10,)), ("BPR Sejahtera", (6,)), ("BPR Arta Mulia", (8,)), ("CU Sinar Harapan", (5,)),
    ("Bank Nagari", (7,)),
]
SG_BANK_FORMATS: list[tuple[str, tuple[int, ...]]] = [
    ("DBS", (3, 6, 1)), ("POSB", (3, 5, 1)), ("OCBC", (3, 6, 3)), ("UOB", (3, 3, 3, 1)),
    ("Tembusu Bank", (3, 3, 4)), ("Orchid Bank", (3, 3, 4)), ("Maybank", (4, 4, 4)),
]


def gen_bank(ctx: Ctx, region: str | None = None) -> Val:
    rng = ctx.rng
    region = region or ctx.region
    if region == "id" or (region == "intl" and ctx.chance(0.5)):
        bank, sizes = rng.choice(ID_BANK_FORMATS)
    else:
        bank, sizes = rng.choice(SG_BANK_FORMATS)
    n = sum(sizes)
    first = rng.choice("0123456789") if bank not in {"Mandiri", "BTN"} else "1"
    digits = first + rand_digits(rng, n - 1)
    if n >= 13:
        digits = luhn_break(digits)
    return Val("BANK_ACCOUNT", {"digits": digits, "bank": bank, "sizes": sizes})


def bank_written(ctx: Ctx, v: Val) -> Form:
    d, sizes = v.data["digits"], v.data["sizes"]
    if len(sizes) == 1:
        if len(d) >= 10 and ctx.chance(0.2):
            return uniform(split_by(d, (4, 4, 4, 4)), " ")
        return single(d)
    if ctx.chance(0.25):
        return single(d)
    return uniform(split_by(d, sizes), ctx.pick(["-", "-", " "]))


def bank_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    d, sizes = v.data["digits"], v.data["sizes"]
    if len(sizes) == 1:
        sizes = (3, 3, 4, 3, 3) if len(d) > 8 else (len(d),)
        if len(d) > 8 and ctx.chance(0.5):
            sizes = (4, 4, 4, 4)
    return say_digit_groups(ctx, split_by(d, sizes), lang)


def gen_nric(ctx: Ctx) -> Val:
    rng = ctx.rng
    prefix = rng.choices(["S", "T", "F", "G", "M"], [40, 30, 10, 15, 5])[0]
    digits = rand_digits(rng, 7)
    if prefix == "T":
        digits = rng.choice(["0", "1", "2"]) + digits[1:]
    if prefix == "S":
        digits = rng.choice("6789") + digits[1:]
    return Val("SG_NRIC", {"prefix": prefix, "digits": digits, "check": nric_check_letter(prefix, digits)})


def nric_written(ctx: Ctx, v: Val) -> Form:
    text = v.data["prefix"] + v.data["digits"] + v.data["check"]
    if ctx.channel == "chat" and ctx.chance(0.25):
        text = text.lower()
    return single(text)


def nric_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    phon = 0.3 if ctx.chance(0.4) else 0.0
    head = say_letter(ctx, v.data["prefix"], lang, phon)
    tail = say_letter(ctx, v.data["check"], lang, phon)
    digits = v.data["digits"]
    groups = split_by(digits, ctx.pick([(7,), (3, 4), (4, 3), (1, 3, 3)]))
    if ctx.chance(0.1):
        return single(f"{head} {say_digits(ctx, digits, lang)} {tail}")
    chunks, seps = say_digit_groups(ctx, groups, lang)
    # the letters go with the first / last digit group, so that a piece is never a letter alone
    chunks = [f"{head} {chunks[0]}"] + chunks[1:]
    chunks[-1] = f"{chunks[-1]} {tail}"
    return chunks, seps


def gen_ssn(ctx: Ctx) -> Val:
    rng = ctx.rng
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    return Val("US_SSN", {"area": f"{area:03d}", "group": f"{rng.randint(1, 99):02d}",
                          "serial": f"{rng.randint(1, 9999):04d}"})


def ssn_written(ctx: Ctx, v: Val) -> Form:
    parts = [v.data["area"], v.data["group"], v.data["serial"]]
    r = ctx.rng.random()
    if r < 0.6:
        return uniform(parts, "-")
    if r < 0.8:
        return uniform(parts, " ")
    return single("".join(parts))


def ssn_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    return say_digit_groups(ctx, [v.data["area"], v.data["group"], v.data["serial"]], lang)


IBAN_SPECS: dict[str, list[tuple[str, int]]] = {
    "GB": [("bank", 4), ("n", 6), ("n", 8)], "DE": [("n", 8), ("n", 10)], "NL": [("bank", 4), ("n", 10)],
    "FR": [("n", 5), ("n", 5), ("c", 11), ("n", 2)], "ES": [("n", 20)], "IT": [("a", 1), ("n", 10), ("c", 12)],
    "BE": [("n", 12)], "AT": [("n", 16)], "CH": [("n", 5), ("c", 12)], "IE": [("bank", 4), ("n", 14)],
    "PT": [("n", 21)], "LU": [("n", 3), ("c", 13)],
}
IBAN_BANKS = {"GB": ["NWBK", "BARC", "HBUK", "LOYD", "MIDL"], "NL": ["ABNA", "INGB", "RABO", "TRIO"],
              "IE": ["AIBK", "BOFI"]}


def gen_iban(ctx: Ctx) -> Val:
    rng = ctx.rng
    country = rng.choices(list(IBAN_SPECS), [25, 20, 15, 10, 6, 5, 4, 4, 3, 4, 2, 2])[0]
    bban = ""
    for kind, n in IBAN_SPECS[country]:
        if kind == "bank":
            bban += rng.choice(IBAN_BANKS[country])
        elif kind == "n":
            bban += rand_digits(rng, n)
        elif kind == "a":
            bban += rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ")
        else:
            bban += "".join(rng.choice("0123456789" * 3 + "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))
    iban = country + iban_check_digits(country, bban) + bban
    return Val("IBAN_CODE", {"iban": iban})


def iban_written(ctx: Ctx, v: Val) -> Form:
    iban = v.data["iban"]
    if ctx.chance(0.65):
        return uniform([iban[i:i + 4] for i in range(0, len(iban), 4)], " ")
    return single(iban)


def iban_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    iban = v.data["iban"].lower()
    phon = ctx.pick([0.0, 0.0, 0.25, 0.5])
    groups = [iban[i:i + 4] for i in range(0, len(iban), 4)]
    chunks: list[str] = []
    for g in groups:
        words: list[str] = []
        for tok in re.findall(r"[a-z]|\d+", g):
            if tok.isdigit():
                words.append(say_digits(ctx, tok, lang, multi=0.25))
            else:
                words.append(say_letter(ctx, tok, lang, phon))
        chunks.append(" ".join(words))
    return uniform(chunks, " ")


def gen_ip(ctx: Ctx) -> Val:
    rng = ctx.rng
    r = rng.random()
    if r < 0.78:
        kind = rng.choices(["home", "ten", "172", "public"], [45, 20, 10, 25])[0]
        if kind == "home":
            octets = [192, 168, rng.choice([0, 1, 1, 1, 100, 8, 18]), rng.randint(2, 254)]
        elif kind == "ten":
            octets = [10, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
        elif kind == "172":
            octets = [172, rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)]
        else:
            octets = [rng.choice([36, 103, 114, 180, 182, 202, 110, 125]), rng.randint(0, 255),
                      rng.randint(0, 255), rng.randint(1, 254)]
        return Val("IP_ADDRESS", {"ver": 4, "octets": octets})
    prefix = rng.choice(["2001:db8", "2400:9800", "2404:c0", "fe80:", "2001:448a"])
    groups = [f"{rng.randint(0, 0xffff):x}" for _ in range(4)]
    if prefix.endswith(":"):
        text = f"fe80::{':'.join(groups)}"
    elif rng.random() < 0.5:
        text = f"{prefix}:{groups[0]}::{groups[1]}:{groups[2]}"
    else:
        text = f"{prefix}:{':'.join(groups)}:{rng.randint(0, 0xffff):x}:{rng.randint(1, 0xffff):x}"
    return Val("IP_ADDRESS", {"ver": 6, "text": text})


def ip_text(v: Val) -> str:
    return ".".join(map(str, v.data["octets"])) if v.data["ver"] == 4 else v.data["text"]


def ip_written(ctx: Ctx, v: Val) -> Form:
    return single(ip_text(v))


def ip_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    if v.data["ver"] == 4:
        as_number = ctx.chance(0.5)
        words = []
        for o in v.data["octets"]:
            if as_number:
                if lang == "en" and 100 <= o and ctx.chance(0.5):
                    words.append(f"{EN_DIGIT[o // 100]} {en_number(o % 100) if o % 100 >= 10 else say_digits(ctx, str(o % 100).zfill(2), lang, 0)}")
                else:
                    words.append(id_number(o) if lang == "id" else en_number(o))
            else:
                words.append(say_digits(ctx, str(o), lang, multi=0.2))
        dot = ("titik" if ctx.chance(0.85) else "dot") if lang == "id" else ctx.pick(["dot", "dot", "point"])
        return uniform(words, f" {dot} ")
    colon = "titik dua" if lang == "id" else "colon"
    dbl = "titik dua titik dua" if lang == "id" else "double colon"
    text = v.data["text"]
    chunks = []
    for i, part in enumerate(text.split("::")):
        groups = [g for g in part.split(":") if g]
        spoken_groups = [" ".join(digit_word(ctx, c, lang) if c.isdigit() else c for c in g) for g in groups]
        chunks.append(f" {colon} ".join(spoken_groups))
    return [c for c in chunks if c], [f" {dbl} "] * (len([c for c in chunks if c]) - 1)


def gen_dob(ctx: Ctx, person: Person) -> Val:
    d, m, y = person.dob
    return Val("DATE_OF_BIRTH", {"d": d, "m": m, "y": y})


def dob_written(ctx: Ctx, v: Val, lang: str) -> Form:
    d, m, y = v.data["d"], v.data["m"], v.data["y"]
    rng = ctx.rng
    if lang == "id":
        fmt = rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d:02d}-{m:02d}-{y}", f"{d} {ID_MONTHS[m - 1]} {y}",
                          f"{d} {ID_MONTHS_SHORT[m - 1]} {y}", f"{d:02d}.{m:02d}.{y}", f"{d}/{m}/{y}",
                          f"{d} {ID_MONTHS[m - 1].lower()} {y}", f"{d:02d}-{m:02d}-{str(y)[2:]}"])
    elif ctx.region == "intl" and ctx.chance(0.6):
        fmt = rng.choice([f"{EN_MONTHS[m - 1]} {d}, {y}", f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}",
                          f"{EN_MONTHS_SHORT[m - 1]} {d} {y}"])
    else:
        fmt = rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d} {EN_MONTHS[m - 1]} {y}", f"{d} {EN_MONTHS_SHORT[m - 1]} {y}",
                          f"{EN_MONTHS[m - 1]} {d}, {y}", f"{d}-{EN_MONTHS_SHORT[m - 1]}-{y}", f"{y}-{m:02d}-{d:02d}",
                          f"{d}th {EN_MONTHS[m - 1]} {y}" if d not in (1, 2, 3, 21, 22, 23) else f"{d} {EN_MONTHS[m - 1]} {y}"])
    return single(fmt)


def dob_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    d, m, y = v.data["d"], v.data["m"], v.data["y"]
    rng = ctx.rng
    if lang == "id":
        r = rng.random()
        if r < 0.6:
            return single(f"{id_number(d)} {ID_MONTHS[m - 1].lower()} {id_year(y, rng)}")
        if r < 0.85:
            yy = id_number(y % 100) if y % 100 >= 10 else say_digits(ctx, f"{y % 100:02d}", lang, 0)
            return single(f"{id_number(d)} bulan {id_number(m)} tahun {rng.choice([id_year(y, rng), yy])}")
        return uniform([say_digits(ctx, f"{d:02d}", lang, 0), say_digits(ctx, f"{m:02d}", lang, 0),
                        id_year(y, rng)], " ")
    r = rng.random()
    if r < 0.4:
        return single(f"{en_ordinal(d)} of {EN_MONTHS[m - 1].lower()} {en_year(y, rng)}")
    if r < 0.75:
        return single(f"{EN_MONTHS[m - 1].lower()} {rng.choice([en_ordinal(d), en_number(d)])} {en_year(y, rng)}")
    if r < 0.9:
        return single(f"{en_number(d)} {EN_MONTHS[m - 1].lower()} {en_year(y, rng)}")
    return uniform([say_pairs(ctx, f"{d:02d}", lang), say_pairs(ctx, f"{m:02d}", lang), en_year(y, rng)], " ")


# --------------------------------------------------------------------------------------------
# Addresses and places
# --------------------------------------------------------------------------------------------

ID_ABBR_SPOKEN = {"Jend.": "jenderal", "Dr.": "dokter"}


def gen_address(ctx: Ctx, region: str | None = None) -> Val:
    rng = ctx.rng
    region = region or ctx.region
    if region == "intl":
        region = rng.choice(["us", "us", "sg", "id"])
    if region == "id":
        city, short, areas = rng.choice(ID_PLACES)
        kec, kel, pc = rng.choice(areas)
        kind = rng.choices(["jl", "perum", "gang", "apt"], [55, 22, 13, 10])[0]
        data = {"region": "id", "kind": kind, "city": city, "short": short, "kec": kec, "kel": kel, "pc": pc,
                "street": rng.choice(ID_STREETS), "no": str(rng.choice([rng.randint(1, 30), rng.randint(1, 250)])),
                "rt": rng.randint(1, 15), "rw": rng.randint(1, 12),
                "blok": rng.choice("ABCDEFGH") + rng.choice(["", str(rng.randint(1, 12))]),
                "perum": rng.choice(ID_PERUM), "gang": rng.choice(["Mawar", "Haji Naim", "Masjid", "Kelinci", "Damai"])}
        apt, towers = rng.choice(ID_APART)
        data.update(apt=apt, tower=rng.choice(towers), lt=rng.randint(2, 28), unit=f"{rng.randint(1, 40):02d}")
        data["with_rt"] = rng.random() < 0.6
        data["with_kel"] = rng.random() < 0.7
        data["with_kec"] = rng.random() < 0.5
        data["with_pc"] = rng.random() < 0.6
        return Val("LOCATION", data)
    if region == "sg":
        if rng.random() < 0.8:
            street, sector = rng.choice(SG_STREETS)
            blk = rng.randint(101, 899)
            data = {"region": "sg", "kind": "hdb", "blk": str(blk), "street": street,
                    "floor": f"{rng.randint(2, 16):02d}", "unit": str(rng.randint(10, 899)),
                    "pc": f"{sector}{blk:04d}"}   # HDB: 2-digit sector + block number
        else:
            road, bldg, pc, no = rng.choice(SG_PRIVATE)
            data = {"region": "sg", "kind": "private", "no": no, "street": road, "bldg": bldg, "pc": pc,
                    "floor": f"{rng.randint(2, 30):02d}", "unit": f"{rng.randint(1, 20):02d}"}
        return Val("LOCATION", data)
    city, st, zip3 = rng.choice(US_CITIES)
    suffix = rng.choice(list(US_SUFFIX))
    data = {"region": "us", "kind": "us", "no": str(rng.choice([rng.randint(10, 999), rng.randint(1000, 9999)])),
            "street": rng.choice(US_STREETS), "suffix": suffix, "city": city, "st": st,
            "zip": zip3 + f"{rng.randint(1, 99):02d}", "apt": rng.choice(["", "", "", f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}",
                                                                         f"Unit {rng.randint(100, 999)}"])}
    return Val("LOCATION", data)


def address_written(ctx: Ctx, v: Val) -> Form:
    d, rng = v.data, ctx.rng
    casual = ctx.channel == "chat" and rng.random() < 0.45
    if d["region"] == "id":
        if d["kind"] == "jl":
            head = (f"jl {d['street'].lower().replace('.', '')} no {d['no']}" if casual else
                    f"{rng.choice(['Jl.', 'Jl.', 'Jalan', 'JL.'])} {d['street']} No. {d['no']}")
        elif d["kind"] == "gang":
            head = (f"jl {d['street'].lower().replace('.', '')} gg {d['gang'].lower()} no {d['no']}" if casual else
                    f"Jl. {d['street']} Gg. {d['gang']} No. {d['no']}")
        elif d["kind"] == "perum":
            head = (f"perum {d['perum'].lower()} blok {d['blok'].lower()} no {d['no']}" if casual else
                    f"{rng.choice(['Perumahan', 'Perum', 'Komplek'])} {d['perum']} Blok {d['blok']} No. {d['no']}")
        else:
            head = (f"apartemen {d['apt'].lower()} tower {d['tower'].lower()} lt {d['lt']} no {d['unit']}" if casual else
                    f"Apartemen {d['apt']} Tower {d['tower']} Lt. {d['lt']} No. {d['unit']}")
        chunks = [head]
        if d["with_rt"] and d["kind"] in ("jl", "gang", "perum"):
            chunks.append(f"rt {d['rt']} rw {d['rw']}" if casual else
                          rng.choice([f"RT {d['rt']:03d}/RW {d['rw']:03d}", f"RT {d['rt']:02d} RW {d['rw']:02d}",
                                      f"RT.{d['rt']:03d} RW.{d['rw']:03d}"]))
        if d["with_kel"]:
            chunks.append(d["kel"].lower() if casual else f"Kel. {d['kel']}")
        if d["with_kec"]:
            chunks.append(d["kec"].lower() if casual else f"Kec. {d['kec']}")
        city = d["short"] if casual and rng.random() < 0.5 else (d["city"].lower() if casual else d["city"])
        chunks.append(city + (f" {d['pc']}" if d["with_pc"] else ""))
        if casual:
            return uniform(chunks, rng.choice([" ", ", "]))
        seps = [" " if i == 0 and len(chunks) > 1 and chunks[1].startswith("RT") else ", " for i in range(len(chunks) - 1)]
        return chunks, seps
    if d["region"] == "sg":
        if d["kind"] == "hdb":
            blk = rng.choice(["Blk", "Blk", "Block", ""])
            head = f"{blk} {d['blk']} {d['street']}".strip()
            if rng.random() < 0.3:
                for ab, full in SG_ABBR.items():
                    head = re.sub(rf"\b{ab}\b", full.capitalize(), head)
            unit = f"#{d['floor']}-{d['unit']}"
            tail = rng.choice([f"Singapore {d['pc']}", f"S({d['pc']})", f"S{d['pc']}", f"Singapore {d['pc']}"])
            if casual:
                return uniform([head.lower(), unit, tail.lower()], " ")
            return [head, unit, tail], rng.choice([[" ", " "], [", ", ", "]])
        head = f"{d['no']} {d['street']}"
        unit = f"#{d['floor']}-{d['unit']} {d['bldg']}"
        return [head, unit, f"Singapore {d['pc']}"], rng.choice([[" ", " "], [", ", ", "]])
    street = f"{d['no']} {d['street']} {d['suffix'] if rng.random() < 0.7 else US_SUFFIX[d['suffix']].capitalize()}"
    if d["apt"]:
        street += f" {d['apt']}" if rng.random() < 0.5 else f", {d['apt']}"
    return [street, d["city"], f"{d['st']} {d['zip']}"], [", ", ", "]


def _say_house_number(ctx: Ctx, no: str, lang: str) -> str:
    n = int(no)
    if lang == "id":
        return id_number(n) if ctx.chance(0.7) else say_digits(ctx, no, lang, 0)
    if len(no) == 4 and no.endswith("00"):
        return f"{en_number(int(no[:2]))} hundred"
    if len(no) == 4:
        return say_pairs(ctx, no, lang) if ctx.chance(0.7) else say_digits(ctx, no, lang, 0)
    return en_number(n) if ctx.chance(0.5) else say_digits(ctx, no, lang, 0)


def address_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    d, rng = v.data, ctx.rng
    def num(s: str) -> str:
        return _say_house_number(ctx, s, lang)
    if d["region"] == "id":
        street = " ".join(ID_ABBR_SPOKEN.get(w, w) for w in d["street"].split()).lower()
        nomor = "nomor" if lang == "id" or ctx.chance(0.5) else "number"
        if d["kind"] == "jl":
            head = f"jalan {street} {nomor} {num(d['no'])}"
        elif d["kind"] == "gang":
            head = f"jalan {street} gang {d['gang'].lower()} {nomor} {num(d['no'])}"
        elif d["kind"] == "perum":
            blok = " ".join([d["blok"][0].lower()] + ([num(d["blok"][1:])] if d["blok"][1:] else []))
            head = f"{rng.choice(['perumahan', 'perum', 'komplek'])} {d['perum'].lower()} blok {blok} {nomor} {num(d['no'])}"
        else:
            head = f"apartemen {d['apt'].lower()} tower {d['tower'].lower()} lantai {num(str(d['lt']))} {nomor} {num(d['unit'])}"
        chunks = [head]
        if d["with_rt"] and d["kind"] in ("jl", "gang", "perum"):
            rt = num(str(d["rt"])) if rng.random() < 0.6 else say_digits(ctx, f"{d['rt']:03d}", lang)
            rw = num(str(d["rw"])) if rng.random() < 0.6 else say_digits(ctx, f"{d['rw']:03d}", lang)
            chunks.append(f"rt {rt} rw {rw}")
        if d["with_kel"]:
            chunks.append(("kelurahan " if rng.random() < 0.6 else "") + d["kel"].lower())
        if d["with_kec"]:
            chunks.append(("kecamatan " if rng.random() < 0.7 else "") + d["kec"].lower())
        tail = d["city"].lower()
        if d["with_pc"]:
            tail += (" kode pos " if rng.random() < 0.6 else " ") + say_digits(ctx, d["pc"], lang, 0.2)
        chunks.append(tail)
        return uniform(chunks, " ")
    if d["region"] == "sg":
        street = d["street"]
        for ab, full in SG_ABBR.items():
            street = re.sub(rf"\b{ab}\b", full, street)
        street = " ".join(say_pairs(ctx, w, "en") if w.isdigit() and lang == "en" else
                          (id_number(int(w)) if w.isdigit() else w) for w in street.split()).lower()
        unit_word = rng.choice(["hash", "unit", "number", "#"]) if lang == "en" else rng.choice(["unit", "nomor", "hash"])
        unit_word = unit_word if unit_word != "#" else "hex"
        fl = say_digits(ctx, d["floor"], lang, 0)
        un = say_digits(ctx, d["unit"], lang, 0.2) if rng.random() < 0.6 else say_pairs(ctx, d["unit"], lang)
        dash = ("dash" if lang == "en" else "strip") if rng.random() < 0.7 else ""
        unit = f"{unit_word} {fl} {dash} {un}".replace("  ", " ")
        pc = say_digits(ctx, d["pc"], lang, 0.3)
        if d["kind"] == "hdb":
            blkno = say_digits(ctx, d["blk"], lang, 0) if rng.random() < 0.6 else say_pairs(ctx, d["blk"], lang)
            return uniform([f"block {blkno} {street}", unit, f"singapore {pc}"], " ")
        return uniform([f"{num(d['no'])} {street}", f"{unit} {d['bldg'].lower()}", f"singapore {pc}"], " ")
    street = f"{num(d['no'])} {d['street'].lower()} {US_SUFFIX[d['suffix']]}"
    if d["apt"]:
        a = d["apt"].split()
        street += f" {a[0].lower()} " + " ".join(c.lower() if c.isalpha() else EN_DIGIT[int(c)] for c in a[1])
    zip_ = say_digits(ctx, d["zip"], "en", 0.2)
    return uniform([street, d["city"].lower(), f"{US_STATE_NAMES[d['st']]} {zip_}"], " ")


def gen_city(ctx: Ctx, region: str | None = None) -> Val:
    region = region or ctx.region
    if region == "intl":
        region = ctx.pick(["us", "sg", "id"])
    pool = {"id": ID_CITIES_ALONE, "sg": SG_AREAS}.get(region, [c for c, _, _ in US_CITIES])
    return Val("LOCATION", {"region": region, "kind": "city", "name": ctx.pick(pool)})


def city_written(ctx: Ctx, v: Val) -> Form:
    name = v.data["name"]
    if ctx.channel == "chat" and ctx.chance(0.35):
        name = name.lower().replace("kabupaten ", ctx.pick(["kab. ", "kab ", "kabupaten "]))
    return single(name)


def city_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    return single(v.data["name"].lower())


def person_written(ctx: Ctx, v: Val) -> Form:
    p: Person = v.data["person"]
    text = p.short if v.data.get("short") else p.full
    if ctx.channel == "chat" and ctx.chance(0.12):
        text = text.lower()
    elif ctx.channel == "chat" and ctx.chance(0.04):
        text = text.upper()
    return single(text)


def person_spoken(ctx: Ctx, v: Val, lang: str) -> Form:
    p: Person = v.data["person"]
    text = p.short if v.data.get("short") else p.full
    text = text.lower()
    if " d/o " in text or " s/o " in text:
        rel = "d/o" if " d/o " in text else "s/o"
        word = ctx.pick(["d o", "daughter of"] if rel == "d/o" else ["s o", "son of"])
        text = text.replace(rel, word)
    return single(text)


def render_value(ctx: Ctx, v: Val, lang: str) -> Form:
    """The text of a mention of ``v`` in the current channel, in chunks."""
    t = v.type
    if ctx.spoken:
        if t == "PERSON":
            return person_spoken(ctx, v, lang)
        if t == "PHONE_NUMBER":
            return phone_spoken(ctx, v, lang)
        if t == "EMAIL_ADDRESS":
            return email_spoken(ctx, v, lang)
        if t == "CREDIT_CARD":
            return card_spoken(ctx, v, lang)
        if t == "ID_NIK":
            return nik_spoken(ctx, v, lang)
        if t == "ID_NPWP":
            return npwp_spoken(ctx, v, lang)
        if t == "BANK_ACCOUNT":
            return bank_spoken(ctx, v, lang)
        if t == "SG_NRIC":
            return nric_spoken(ctx, v, lang)
        if t == "US_SSN":
            return ssn_spoken(ctx, v, lang)
        if t == "IBAN_CODE":
            return iban_spoken(ctx, v, lang)
        if t == "IP_ADDRESS":
            return ip_spoken(ctx, v, lang)
        if t == "LOCATION":
            return city_spoken(ctx, v, lang) if v.data["kind"] == "city" else address_spoken(ctx, v, lang)
        if t == "DATE_OF_BIRTH":
            return dob_spoken(ctx, v, lang)
    else:
        if t == "PERSON":
            return person_written(ctx, v)
        if t == "PHONE_NUMBER":
            return phone_written(ctx, v)
        if t == "EMAIL_ADDRESS":
            return email_written(ctx, v)
        if t == "CREDIT_CARD":
            return card_written(ctx, v)
        if t == "ID_NIK":
            return nik_written(ctx, v)
        if t == "ID_NPWP":
            return npwp_written(ctx, v)
        if t == "BANK_ACCOUNT":
            return bank_written(ctx, v)
        if t == "SG_NRIC":
            return nric_written(ctx, v)
        if t == "US_SSN":
            return ssn_written(ctx, v)
        if t == "IBAN_CODE":
            return iban_written(ctx, v)
        if t == "IP_ADDRESS":
            return ip_written(ctx, v)
        if t == "LOCATION":
            return city_written(ctx, v) if v.data["kind"] == "city" else address_written(ctx, v)
        if t == "DATE_OF_BIRTH":
            return dob_written(ctx, v, lang)
    raise ValueError(t)


def short_of(v: Val) -> Val:
    """The short (title + name) form of a PERSON value."""
    return Val("PERSON", {**v.data, "short": True})


# --------------------------------------------------------------------------------------------
# Distractors (never labelled)
# --------------------------------------------------------------------------------------------


def _long_non_luhn(rng: random.Random, n: int) -> str:
    """A long reference / tracking number: never starts like a phone number, always fails Luhn."""
    return luhn_break(rng.choice("123457") + rand_digits(rng, n - 1))


def distractor(ctx: Ctx, kind: str, lang: str) -> Seg:
    """A non-PII value of ``kind`` rendered for the channel."""
    rng, sp = ctx.rng, ctx.spoken
    ctx.distractors += 1
    if kind == "ORDER":
        code = rng.choice([f"ORD-{rng.randint(2023, 2025)}{rand_digits(rng, 6)}", f"#{rand_digits(rng, 8)}",
                           f"TKP{rand_digits(rng, 9)}", f"SO-{rand_digits(rng, 6)}", f"{rand_digits(rng, 7)}",
                           f"250{rng.randint(1, 9)}{rand_digits(rng, 2)}{rng.choice('ABCDEFGH')}{rand_digits(rng, 5)}",
                           _long_non_luhn(rng, rng.choice([12, 14, 16]))])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "TRACK":
        r = rng.random()
        if r < 0.45:
            digits = _long_non_luhn(rng, rng.choice([12, 13, 14, 15, 16]))
            if sp:
                return Seg(join_form(say_digit_groups(ctx, split_by(digits, (4, 4, 4, 4)), lang)), FIXED)
            text = digits if rng.random() < 0.6 else " ".join(split_by(digits, (4, 4, 4, 4)))
            return Seg(text, FIXED)
        code = rng.choice([f"JP{rand_digits(rng, 10)}", f"CGK{rand_digits(rng, 10)}", f"JNE{rand_digits(rng, 12)}",
                           f"SPXID0{rand_digits(rng, 11)}", f"AWB {_long_non_luhn(rng, 12)}"])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "INVOICE":
        code = rng.choice([f"INV/{rng.randint(2023, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}/MPL/{rand_digits(rng, 10)}",
                           f"INV-{rand_digits(rng, 7)}", f"INV{rand_digits(rng, 6)}", f"{rand_digits(rng, 4)}/INV/{rng.choice(['III', 'IV', 'XI'])}/2025"])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "TICKET":
        code = rng.choice([f"TCK-{rand_digits(rng, 6)}", f"#CS{rand_digits(rng, 5)}", f"{rand_digits(rng, 7)}",
                           f"SR-{rng.randint(2024, 2025)}-{rand_digits(rng, 5)}", f"CASE{rand_digits(rng, 8)}"])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "REF":
        code = rng.choice([f"REF{rng.randint(2024, 2025)}{rand_digits(rng, 4)}{rng.choice(['ABC', 'XQ', 'TRF'])}{rand_digits(rng, 4)}",
                           f"{rng.randint(2024, 2025)}{rng.randint(1, 12):02d}{rand_digits(rng, 6)}", f"FT{rand_digits(rng, 10)}"])
        code = luhn_break(code) if code.isdigit() else code
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "AMOUNT":
        if lang == "id" or (ctx.region == "id" and rng.random() < 0.6):
            n = rng.choice([rng.randint(10, 99) * 1000, rng.randint(1, 60) * 50_000, rng.randint(100, 9999) * 1000 + 500])
            if sp:
                return Seg(f"{id_number(n)} rupiah" if rng.random() < 0.6 else id_number(n), FIXED)
            s = f"{n:,}".replace(",", ".")
            return Seg(rng.choice([f"Rp {s}", f"Rp{s}", f"Rp {s},-", f"{n // 1000}rb" if n % 1000 == 0 else f"Rp {s}",
                                   f"IDR {s}"]), FIXED)
        dollars, cents = rng.randint(5, 1500), rng.choice([0, 0, 50, 90, 99, 45])
        cur = "SGD" if ctx.region == "sg" else "USD"
        if sp:
            text = en_number(dollars) + " dollars" + (f" {en_number(cents)}" if cents else "")
            return Seg(text, FIXED)
        amt = f"{dollars:,}" + (f".{cents:02d}" if cents else "")
        return Seg(rng.choice([f"${amt}", f"{cur} {amt}", f"S${amt}" if cur == "SGD" else f"US${amt}", f"{amt} {cur}"]), FIXED)
    if kind == "DDATE":   # delivery / appointment / transaction date, never a birth date
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2024, 2025, 2025])
        if sp:
            if lang == "id":
                return Seg(f"{id_number(d)} {ID_MONTHS[m - 1].lower()}" + (f" {id_number(y)}" if rng.random() < 0.3 else ""), FIXED)
            return Seg(f"{EN_MONTHS[m - 1].lower()} {en_ordinal(d)}", FIXED)
        if lang == "id":
            return Seg(rng.choice([f"{d} {ID_MONTHS[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}", f"{d} {ID_MONTHS_SHORT[m - 1]}"]), FIXED)
        return Seg(rng.choice([f"{EN_MONTHS[m - 1]} {d}", f"{d} {EN_MONTHS_SHORT[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}",
                               f"{EN_MONTHS_SHORT[m - 1]} {d}"]), FIXED)
    if kind == "TIME":
        h, mi = rng.randint(7, 20), rng.choice([0, 15, 30, 45])
        if sp:
            if lang == "id":
                part = "pagi" if h < 11 else "siang" if h < 15 else "sore" if h < 18 else "malam"
                hh = h if h <= 12 else h - 12
                return Seg(f"jam {id_number(hh)}" + (f" lewat {id_number(mi)}" if mi else "") + f" {part}", FIXED)
            hh = h if h <= 12 else h - 12
            return Seg(f"{en_number(hh)}" + (f" {en_number(mi)}" if mi else "") + (" am" if h < 12 else " pm"), FIXED)
        if lang == "id":
            return Seg(rng.choice([f"{h:02d}:{mi:02d}", f"{h:02d}.{mi:02d} WIB", f"jam {h if h <= 12 else h - 12}",
                                   f"pukul {h:02d}.{mi:02d}"]), FIXED)
        hh = h if h <= 12 else h - 12
        return Seg(rng.choice([f"{hh}:{mi:02d}{'am' if h < 12 else 'pm'}", f"{h:02d}:{mi:02d}", f"{hh} {'am' if h < 12 else 'pm'}"]), FIXED)
    if kind == "OTP":
        code = rand_digits(rng, rng.choice([4, 6, 6]))
        return Seg(say_digits(ctx, code, lang) if sp else code, FIXED)
    if kind == "PROMO":
        code = rng.choice(["HEMAT50", "GAJIAN25", "NEWUSER10", "ONGKIRGRATIS", "SALE1212", "MERDEKA17", "CNY888", "PAYDAY20"])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "SKU":
        code = rng.choice([f"BRG-{rand_digits(rng, 5)}-{rng.choice(['XL', 'M', 'L', 'S'])}",
                           luhn_break("899" + rand_digits(rng, 10)), f"SKU{rand_digits(rng, 6)}", f"MX-{rand_digits(rng, 4)}B"])
        return Seg(say_code(ctx, code, lang) if sp else code, FIXED)
    if kind == "MODEL":
        models = [("Galaxy A54", "galaxy a fifty four", "galaxy a lima puluh empat"),
                  ("iPhone 13 Pro", "iphone thirteen pro", "iphone tiga belas pro"),
                  ("ZTE F670L", "zte f six seven zero l", "zte f enam tujuh nol l"),
                  ("Redmi Note 12", "redmi note twelve", "redmi note dua belas"),
                  ("Huawei HG8245H", "huawei h g eight two four five h", "huawei h g delapan dua empat lima h"),
                  ("TP-Link Archer C6", "tp link archer c six", "tp link archer c enam"),
                  ("Oppo A78", "oppo a seventy eight", "oppo a tujuh puluh delapan"),
                  ("Vivo Y36", "vivo y thirty six", "vivo y tiga puluh enam")]
        w, en, idn = rng.choice(models)
        return Seg((idn if lang == "id" else en) if sp else w, FIXED)
    if kind == "VERSION":
        parts = rng.choice([[rng.randint(1, 12), rng.randint(0, 20), rng.randint(0, 9)],
                            [rng.randint(1, 3), 0, rng.randint(0, 9), rng.randint(10, 99)]])
        if sp:
            pt = "titik" if lang == "id" else "point"
            return Seg(f" {pt} ".join(id_number(p) if lang == "id" else en_number(p) for p in parts), FIXED)
        s = ".".join(map(str, parts))
        return Seg(rng.choice([s, f"v{s}", s]), FIXED)
    if kind == "COUNT":
        n = rng.randint(2, 5)
        if sp:
            return Seg(id_number(n) if lang == "id" else en_number(n), FIXED)
        return Seg(str(n) if rng.random() < 0.6 else (id_number(n) if lang == "id" else en_number(n)), FIXED)
    if kind == "POSTCODE":
        if ctx.region == "sg":
            pc = rng.choice(SG_STREETS)[1] + rand_digits(rng, 4)
        elif ctx.region == "intl":
            pc = rng.choice(US_CITIES)[2] + rand_digits(rng, 2)
        else:
            pc = rng.choice(rng.choice(ID_PLACES)[2])[2]
        return Seg(say_digits(ctx, pc, lang, 0.2) if sp else pc, FIXED)
    if kind == "HOTLINE":
        code = rng.choice({"id": ["1500-123", "14045", "1500 888", "1500-900"], "sg": ["1800 222 3333", "1800-747-0000"],
                           "intl": ["1-800-555-0199", "1800 222 3333"]}[ctx.region])
        return Seg(say_digits(ctx, re.sub(r"\D", "", code), lang, 0.4) if sp else code, FIXED)
    if kind == "PCT":
        a, b = rng.randint(0, 3), rng.choice([25, 5, 75, 99])
        if sp:
            return Seg(f"{id_number(a)} koma {id_number(b)} persen" if lang == "id" else f"{en_number(a)} point {en_number(b)} percent", FIXED)
        return Seg(f"{a},{b}%" if lang == "id" else f"{a}.{b}%", FIXED)
    raise ValueError(kind)


DISTRACTOR_KINDS = {"ORDER", "TRACK", "INVOICE", "TICKET", "REF", "AMOUNT", "DDATE", "TIME", "OTP", "PROMO",
                    "SKU", "MODEL", "VERSION", "COUNT", "POSTCODE", "HOTLINE", "PCT"}


# --------------------------------------------------------------------------------------------
# Templates
#
# Markers at the start of a template: "~" chat only, "^" call only, "%" written only (chat and
# e-mail), "&" conversational only (chat and call). No marker: every channel.
# Slots: {V} the value, {P} a person's full name, {TS} title + short name, {T} a title alone,
# {AG} the agent's name, {CO} the company, {BANK} a bank name, {N} a noun for the value,
# {FS} an abandoned false start, {W} a complete wrong value; any distractor kind
# ({ORDER}, {AMOUNT}, {DDATE}, ...).
# --------------------------------------------------------------------------------------------

T: dict[str, dict[str, list[str]]] = {}


def _t(key: str, id_: list[str], en: list[str]) -> None:
    T[key] = {"id": id_, "en": en}


_t("greet_named", [
    "Selamat pagi, dengan {AG} dari {CO}, ada yang bisa saya bantu?",
    "Halo, terima kasih sudah menghubungi {CO}. Saya {AG}, ada yang bisa dibantu?",
    "Selamat siang, {CO}, dengan {AG} di sini. Ada yang bisa kami bantu?",
    "~Hai kak, {AG} di sini dari tim {CO} 😊 ada yang bisa dibantu?",
    "~Halo kak, perkenalkan saya {AG} dari {CO}. Boleh diceritakan kendalanya?",
    "^selamat sore dengan {AG} ada yang bisa dibantu",
    "^halo selamat malam {CO} dengan {AG} bisa dibantu",
    "Selamat datang di {CO}, saya {AG} yang akan membantu Anda hari ini.",
    "Halo, dengan {AG}, ada kendala apa hari ini?",
    "Selamat sore, saya {AG}. Silakan, ada yang bisa dibantu?",
    "^assalamualaikum dengan {AG} dari {CO} ada yang bisa dibantu",
], [
    "Good morning, thank you for calling {CO}, my name is {AG}. How can I help you today?",
    "Hi, you're speaking with {AG} from {CO}. What can I do for you?",
    "Hello, {AG} here from {CO} support, how may I help?",
    "~Hi there! This is {AG} from {CO} 👋 how can I assist?",
    "~Hello, thanks for reaching out to {CO}. I'm {AG}, happy to help.",
    "^thank you for calling {CO} this is {AG} speaking how can i help",
    "^hi good afternoon {AG} speaking",
    "Welcome to {CO}, I'm {AG}. How can I help you today?",
    "Good evening, {CO}, {AG} speaking. How may I assist you?",
    "Hey, it's {AG} with {CO} customer care. What seems to be the problem?",
    "^hello you're through to {AG} at {CO}",
])
_t("greet_anon", [
    "Selamat pagi, {CO}, ada yang bisa dibantu?",
    "Halo kak, ada yang bisa kami bantu?",
    "~Hai kak 😊 ada yang bisa dibantu hari ini?",
    "Terima kasih telah menghubungi {CO}. Silakan sampaikan kendalanya.",
    "^halo selamat siang ada yang bisa dibantu",
    "Selamat sore, dengan layanan pelanggan {CO}, ada yang bisa kami bantu?",
    "Halo, ini layanan bantuan {CO}. Ada kendala apa?",
    "~Selamat datang di live chat {CO}! Ada yang bisa kami bantu?",
    "^selamat malam layanan pelanggan {CO} silakan",
], [
    "Hi, thanks for contacting {CO}. How can I help?",
    "Good morning, {CO} customer service, how may I help you?",
    "~Hi! 👋 Welcome to {CO} live chat. What can we help with?",
    "^hello thank you for calling {CO} how can i help",
    "Hello, you've reached {CO} support. What can I do for you today?",
    "Hi there, how can I help you today?",
    "Good afternoon, {CO} helpdesk, go ahead please.",
    "Thanks for waiting. How can I help?",
    "^yes hello {CO} good morning",
])

ISSUES: dict[str, dict[str, list[str]]] = {
    "bank_id": {"id": [
        "Saya mau blokir kartu, kayaknya hilang di jalan tadi {TIME}.",
        "Transfer saya {AMOUNT} belum masuk ke rekening tujuan padahal saldo sudah kepotong.",
        "~kak sy mau tanya kenapa ada transaksi {AMOUNT} yg sy ga pernah lakuin 😭",
        "Mau tanya soal tagihan kartu kredit bulan ini, kok ada biaya {AMOUNT}?",
        "Saya sudah {COUNT} kali coba login m-banking tapi selalu gagal.",
        "Mau ubah nomor HP yang terdaftar di rekening saya.",
        "Saya mau tanya bunga kartu kredit berapa persen sekarang?",
        "~gan, kartu debit sy ketelen mesin ATM td {TIME}",
        "Saya terima SMS kode OTP {OTP} padahal tidak sedang transaksi, ini aman tidak?",
        "Mau konfirmasi transfer dengan nomor referensi {REF}, statusnya masih pending.",
        "^iya mbak saya mau tanya kenapa kartu saya ditolak terus",
    ], "en": [
        "I'd like to block my card, I think I lost it this morning.",
        "My transfer of {AMOUNT} hasn't arrived but the money already left my account.",
        "There's a charge of {AMOUNT} on my statement that I don't recognise.",
        "~hi, my mobile banking keeps logging me out, tried {COUNT} times already",
        "I want to update the phone number linked to my account.",
        "I got an OTP {OTP} that I didn't request, is my account safe?",
        "I'm calling about transfer reference {REF}, it's still pending.",
        "What's the interest rate on the credit card now? Someone told me {PCT}.",
        "^yeah hi my card got swallowed by the atm",
    ]},
    "ecom_id": {"id": [
        "Paket saya belum sampai, nomor resinya {TRACK}, katanya estimasi {DDATE}.",
        "~kak pesanan sy {ORDER} kok blm dikirim ya? udh {COUNT} hari",
        "Saya mau refund untuk invoice {INVOICE}, barangnya rusak.",
        "Barang yang datang salah ukuran, SKU-nya {SKU}, harusnya yang lain.",
        "~min kode promo {PROMO} ga bisa dipake, kenapa ya?",
        "Saya sudah bayar {AMOUNT} tapi status pesanan masih menunggu pembayaran.",
        "Kurir bilang paket sudah diterima tanggal {DDATE} padahal saya tidak terima apa-apa.",
        "Mau tanya ongkir ke kode pos {POSTCODE} berapa ya?",
        "~kak hp {MODEL} yg sy beli mati total, br dipake {COUNT} hari",
        "~min, refund sy udh approved tp dananya blm masuk, please dicek ya",
        "Saya mau ganti alamat pengiriman untuk pesanan {ORDER}.",
        "^iya kak saya mau nanya paket saya kok belum datang ya",
    ], "en": [
        "My parcel hasn't arrived yet, tracking number {TRACK}, it said {DDATE}.",
        "~hi, order {ORDER} still not shipped?? been {COUNT} days",
        "I'd like a refund for invoice {INVOICE}, the item arrived damaged.",
        "The promo code {PROMO} isn't working at checkout.",
        "I paid {AMOUNT} but the order still shows unpaid.",
        "Can I change the delivery address for order {ORDER}?",
        "The {MODEL} I bought won't turn on.",
        "How much is shipping to postal code {POSTCODE}?",
        "^hi yes my parcel still hasn't come",
    ]},
    "isp_id": {"id": [
        "Internet di rumah mati sejak {TIME}, lampu LOS di modem merah.",
        "~min wifi lemot bgt, udh restart {COUNT} kali tetep sama",
        "Modem saya {MODEL}, firmware {VERSION}, sering putus sendiri.",
        "Saya sudah bayar tagihan {AMOUNT} tapi internet masih diisolir.",
        "Mau jadwalkan teknisi, bisanya tanggal {DDATE} sekitar {TIME}.",
        "Nomor tiket gangguan saya {TICKET}, sampai sekarang belum ada kabar.",
        "Aplikasinya versi {VERSION} tidak bisa dibuka.",
        "Saya mau upgrade paket, yang sekarang lambat sekali.",
        "^halo mas internet saya putus terus dari kemarin",
    ], "en": [
        "My home internet has been down since {TIME}.",
        "~wifi super slow, restarted the router {COUNT} times",
        "My router is a {MODEL} on firmware {VERSION}, it keeps dropping.",
        "I already paid {AMOUNT} but my connection is still suspended.",
        "Can I book a technician for {DDATE} around {TIME}?",
        "I have a ticket {TICKET} open and nobody has called me back.",
        "The app version {VERSION} crashes on launch.",
        "^hi my internet keeps cutting out",
    ]},
    "tax_id": {"id": [
        "Saya mau tanya cara lapor SPT tahunan, tahun lalu saya telat.",
        "~kak efin sy hilang, gmn cara dapetin lagi?",
        "Saya dapat surat teguran, katanya ada kurang bayar {AMOUNT}.",
        "Mau validasi NPWP, katanya sekarang harus pakai NIK ya?",
        "Bukti potong dari kantor saya belum masuk, nomornya {REF}.",
        "Saya mau daftar NPWP untuk usaha baru saya.",
        "Kapan batas akhir lapor SPT? Saya dengar {DDATE}.",
        "^iya bu saya mau tanya soal npwp saya yang belum aktif",
    ], "en": [
        "I need help filing my annual tax return, I'm an expat working here.",
        "I lost my EFIN, how do I get a new one?",
        "I received a letter saying I underpaid {AMOUNT}.",
        "Do I still need my old NPWP or do I use the NIK now?",
        "When is the deadline for the annual return? Someone said {DDATE}.",
        "~hi, my e-filing keeps failing at the last step",
        "^hi i have a question about my tax number",
    ]},
    "ins_id": {"id": [
        "Saya mau klaim rawat inap, masuk rumah sakit tanggal {DDATE}.",
        "~kak klaim sy no {TICKET} kok blm cair ya",
        "Premi bulan ini {AMOUNT} kok naik dari bulan lalu?",
        "Mau daftarkan putri saya sebagai tertanggung tambahan.",
        "Polis saya nomor {REF}, mau tanya masa tenggangnya.",
        "Saya mau ubah data ahli waris di polis.",
        "^halo saya mau tanya klaim saya sudah sampai mana",
    ], "en": [
        "I want to file a hospitalisation claim, I was admitted on {DDATE}.",
        "Why did my premium go up to {AMOUNT}?",
        "I'd like to add my daughter to my policy.",
        "My claim {TICKET} is still pending.",
        "What's the grace period on policy {REF}?",
        "^hi yes i'm calling about my claim",
    ]},
    "sg_telco": {"en": [
        "Hi, my bill this month is {AMOUNT}, way higher than usual.",
        "~eh my line cannot make calls since {TIME} leh",
        "I want to recontract and get the {MODEL}.",
        "My fibre broadband keeps disconnecting, router firmware {VERSION}.",
        "Roaming charges of {AMOUNT} appeared, I was only overseas {COUNT} days.",
        "Can I change my plan? The current one is too expensive lah.",
        "I need a replacement SIM, the old one is damaged.",
        "^hello my mobile data not working since morning",
    ], "id": [
        "Halo, saya pekerja migran, mau tanya tagihan saya {AMOUNT} kok besar.",
        "Kartu SIM saya rusak, mau ganti baru.",
        "~kak paket data sy habis pdhl baru beli {DDATE}",
        "Mau pasang internet fiber, kira-kira biayanya {AMOUNT} ya?",
        "^halo kak nomor saya tidak bisa telepon",
    ]},
    "sg_bank": {"en": [
        "I'd like to report a suspicious transaction of {AMOUNT}.",
        "My card got declined at the supermarket just now.",
        "~hi can help me increase my card limit?",
        "I want to set up a GIRO for my bills.",
        "I'm calling to dispute a charge, reference {REF}.",
        "I need to send money overseas, what's the fee for {AMOUNT}?",
        "My PayNow isn't working, I've tried {COUNT} times.",
        "^hi i think someone used my card",
    ], "id": [
        "Saya mau kirim uang ke keluarga, biayanya berapa untuk {AMOUNT}?",
        "Kartu saya ditolak waktu belanja tadi.",
        "~kak ada transaksi {AMOUNT} yg aneh di kartu sy",
        "^halo saya mau tanya kenapa kartu saya diblokir",
    ]},
    "remit": {"en": [
        "I sent {AMOUNT} to my brother and it still shows processing, ref {REF}.",
        "I need to send money to an overseas account, what details do you need?",
        "~hey, my transfer {REF} is stuck",
        "Your app asked me to verify my identity, I'm not sure why.",
        "I want to raise my sending limit.",
        "How long does a transfer take? I sent {AMOUNT} on {DDATE}.",
        "^yeah hi i'm trying to send money to my daughter",
    ], "id": [
        "Saya mau kirim uang ke anak saya yang kuliah di luar negeri.",
        "Kiriman saya {AMOUNT} dengan referensi {REF} belum sampai.",
        "~kak knp akun sy minta verifikasi ulang?",
        "Berapa biaya kirim {AMOUNT} ke rekening luar negeri?",
        "^halo mbak saya mau kirim uang ke luar negeri",
    ]},
}

ASK: dict[str, dict[str, list[str]]] = {
    "name": {"id": [
        "Boleh saya tahu dengan siapa saya berbicara?", "Mohon maaf, dengan Bapak atau Ibu siapa?",
        "Atas nama siapa ya, Kak?", "Boleh disebutkan nama lengkapnya sesuai KTP?",
        "Sebelumnya boleh dibantu nama lengkapnya?", "Nama pemilik rekeningnya siapa ya?",
        "^dengan bapak atau ibu siapa", "^maaf dengan siapa saya bicara", "~Boleh tau nama lengkapnya kak?",
        "Pesanannya atas nama siapa?", "Maaf, namanya siapa tadi?", "Nama pemegang kartunya siapa?",
    ], "en": [
        "May I have your full name, please?", "Who am I speaking with today?",
        "Can I get the name on the account?", "And your name is?", "What name is the booking under?",
        "Can you confirm the cardholder's name?", "^may i know who's calling", "^who am i speaking to",
        "~Could I have your full name as per your ID?", "Whose name is the account registered under?",
        "Sorry, may I have your name again?", "What's the name on the order?",
    ]},
    "phone": {"id": [
        "Boleh saya minta nomor HP yang terdaftar?", "Nomor telepon yang bisa dihubungi berapa ya?",
        "~Boleh info no hp/WA aktifnya kak?", "Untuk verifikasi, mohon sebutkan nomor handphone Anda.",
        "Kalau nanti terputus, saya bisa telepon balik ke nomor berapa?", "Nomor WhatsApp yang aktif berapa, Kak?",
        "Bisa disebutkan nomor ponsel yang terdaftar di akun?", "^nomor hp nya berapa",
        "^boleh dibantu nomor teleponnya", "Kurirnya nanti menghubungi nomor berapa?",
    ], "en": [
        "Can I have the mobile number registered on the account?", "What's the best number to reach you on?",
        "~Could you share your contact number pls?", "For verification, may I have your phone number?",
        "What number should the courier call?", "If we get cut off, which number can I call you back on?",
        "What's your WhatsApp number?", "^and your phone number", "^what's a good callback number",
        "Could you confirm the phone number linked to your profile?",
    ]},
    "email": {"id": [
        "Alamat email yang terdaftar apa ya?", "Boleh minta alamat emailnya untuk kirim bukti?",
        "~Email nya apa kak? biar kami kirim invoice", "Mohon sebutkan email yang terhubung dengan akun.",
        "^emailnya apa ya", "Email untuk notifikasi mau dikirim ke mana?", "Bisa dieja alamat emailnya?",
        "Email aktifnya apa, Kak?", "^boleh disebutkan alamat email nya",
    ], "en": [
        "What's the email address on the account?", "Can I get your email to send the confirmation?",
        "~what email should we send the receipt to?", "Could you spell out your email for me?",
        "^and your email address", "Which email did you sign up with?", "Where should I send the report?",
        "Can you confirm your registered email?", "^what's the email on file",
    ]},
    "card": {"id": [
        "Boleh disebutkan nomor kartu kreditnya?", "Kartu yang mau diblokir nomornya berapa?",
        "Mohon sebutkan enam belas digit nomor kartu Anda.", "^nomor kartunya berapa",
        "Nomor kartu yang tertera di depan kartu berapa ya?", "Untuk pengecekan, saya perlu nomor kartu lengkapnya.",
        "~Boleh info no kartunya kak?", "Kartu yang dipakai transaksi nomornya berapa?",
    ], "en": [
        "Can you read me the card number?", "Which card would you like to block? The full number, please.",
        "I'll need the long number on the front of the card.", "^what's the card number",
        "What's the number of the card that was charged?", "~pls share the card no so we can check",
        "Could you confirm the number on your card?", "Can I have the card number for the dispute?",
    ]},
    "nik": {"id": [
        "Boleh saya minta nomor NIK sesuai KTP?", "Untuk verifikasi, mohon sebutkan enam belas digit NIK Anda.",
        "^nik nya berapa", "Nomor KTP-nya berapa, Kak?", "~Mohon info NIK pemilik akun ya kak",
        "Bisa dibacakan nomor induk kependudukannya?", "NIK yang didaftarkan waktu pembukaan rekening berapa?",
        "Saya perlu NIK untuk validasi data, boleh?", "^boleh dibacakan nomor ktp nya",
    ], "en": [
        "Could I have your NIK, the number on your KTP?", "For verification, please read out your ID card number.",
        "^what's your nik", "What's the national ID number on your KTP?", "~could you share your NIK for verification?",
        "Can you confirm the NIK you registered with?", "I'll need your KTP number to proceed.",
        "What's the ID number printed on your KTP?",
    ]},
    "npwp": {"id": [
        "Boleh disebutkan nomor NPWP-nya?", "NPWP yang terdaftar berapa ya?", "^npwp nya berapa",
        "~Mohon info NPWP nya kak, yg 15 atau 16 digit", "Untuk cek status, saya perlu nomor NPWP Anda.",
        "Nomor pokok wajib pajaknya berapa?", "Bisa dibacakan NPWP yang ada di kartu?", "NPWP perusahaannya berapa, Pak?",
    ], "en": [
        "Could you give me your NPWP number?", "What's the tax ID on your NPWP card?", "^and the npwp",
        "~pls share your NPWP so I can check", "I'll need the NPWP to look up your filing.",
        "Can you read out your tax number?", "What's your company's NPWP?",
        "Which NPWP did you register the e-filing with?",
    ]},
    "bank": {"id": [
        "Nomor rekeningnya berapa?", "Boleh disebutkan nomor rekening tujuan refund?", "^nomor rekeningnya berapa",
        "~Rekening utk refund nya apa kak? bank & no rek", "Rekening yang mau dicek nomornya berapa, Pak?",
        "Dana akan kami kembalikan, mohon info nomor rekening Anda.", "Nomor rekening penerima transfer tadi berapa?",
        "Rekening yang didebet nomornya berapa ya?", "^rekening tujuannya berapa",
    ], "en": [
        "What's the account number?", "Which bank account should we refund to?", "^your account number please",
        "~pls share the account no for the refund", "Can you read me the account number you transferred to?",
        "What's the number of the account that was debited?", "I'll need your bank account number to process this.",
        "Which account do you want the money sent to?",
    ]},
    "nric": {"id": [
        "Boleh sebutkan nomor NRIC atau FIN Anda?", "Untuk verifikasi, mohon dibacakan nomor FIN di work permit.",
        "^nomor fin nya berapa", "~Mohon info nomor NRIC/FIN nya kak", "Nomor IC-nya berapa ya?",
        "Bisa dikonfirmasi nomor FIN Anda?", "Saya perlu nomor FIN untuk cek akun.", "FIN yang terdaftar berapa, Mbak?",
    ], "en": [
        "May I have your NRIC number, please?", "For verification, could you read out your IC number?",
        "^can i have your nric", "~pls provide your NRIC/FIN for verification", "What's the FIN on your work pass?",
        "Could you confirm your NRIC?", "Can I get your IC number?",
        "I'll need your NRIC or FIN before I can make changes.", "^your ic number please",
    ]},
    "ssn": {"id": [
        "Boleh sebutkan nomor SSN Anda?", "^nomor social security nya berapa",
        "Untuk verifikasi akun, saya perlu nomor Social Security Anda.", "~mohon info SSN nya kak",
        "Nomor social security-nya berapa?", "Bisa dibacakan nomor SSN-nya?", "SSN yang terdaftar berapa ya?",
        "Saya butuh nomor SSN untuk formulir pajaknya.",
    ], "en": [
        "What's your Social Security number?", "^what's your social", "For the tax form, I'll need your SSN.",
        "~pls provide your SSN for identity verification", "Could you read me your social security number?",
        "To verify you, what's your SSN?", "And your social?", "Can you confirm the SSN on file?",
        "^can i get your social please",
    ]},
    "iban": {"id": [
        "Nomor IBAN penerimanya apa?", "Bisa dieja IBAN-nya?", "^iban nya apa", "~Mohon kirim IBAN penerima ya kak",
        "Saya perlu IBAN lengkap rekening tujuan.", "IBAN rekening tujuannya berapa?",
        "Tolong bacakan kode IBAN-nya pelan-pelan.", "IBAN yang dituju apa, Pak?",
    ], "en": [
        "What's the recipient's IBAN?", "Could you read out the IBAN, please?", "^can you spell the iban",
        "~pls send the beneficiary IBAN", "I'll need the full IBAN of the receiving account.",
        "What IBAN should the funds go to?", "Do you have the IBAN? It starts with two letters.",
        "Can you confirm the beneficiary IBAN?",
    ]},
    "ip": {"id": [
        "Boleh dicek IP address yang muncul di modem?", "Di pengaturan jaringan, IP-nya berapa?", "^ip address nya berapa",
        "~Coba cek IP nya kak, biasanya di menu status", "Alamat IP perangkatnya apa ya?",
        "IP publik yang terbaca di sisi Anda berapa?", "Bisa dibacakan IP yang tampil di layar?", "IP gateway-nya berapa?",
    ], "en": [
        "Can you check the IP address on the router's status page?", "What IP does your laptop show?",
        "^what's the ip address", "~could you send the IP you're seeing?", "What's the public IP on your side?",
        "Could you read the IP address on the screen?", "Which IP is the device getting?", "What's the gateway IP?",
    ]},
    "address": {"id": [
        "Alamat lengkap pengirimannya di mana?", "Boleh disebutkan alamat rumah sesuai KTP?", "^alamat lengkapnya di mana",
        "~Alamat kirimnya ke mana kak? lengkap ya sama RT/RW", "Teknisi akan datang, alamat pemasangannya di mana?",
        "Alamat tagihan yang terdaftar apa ya?", "Mau diganti ke alamat mana?", "Alamat domisili sekarang di mana, Bu?",
    ], "en": [
        "What's the delivery address?", "Could I have your full residential address?", "^what's your address",
        "~pls share the full address incl. unit number", "Where should the technician go?",
        "What's the billing address on file?", "Which address should we send the new card to?",
        "Can you confirm your mailing address?",
    ]},
    "city": {"id": [
        "Lokasinya di mana, Kak?", "Paketnya mau dikirim ke kota mana?", "^posisinya di mana sekarang",
        "~Domisili kakak di mana ya?", "Bapak tinggal di daerah mana?", "Tujuan pengirimannya ke mana?",
        "Sekarang lagi di kota mana, Bu?", "Gangguannya terjadi di wilayah mana?", "^lokasinya di mana",
    ], "en": [
        "Where are you located?", "Which city should we ship to?", "^where are you calling from",
        "~which area are you in?", "Where do you live?", "What's the delivery destination?",
        "Whereabouts are you right now?", "Which area is affected?", "^where are you located",
    ]},
    "dob": {"id": [
        "Boleh sebutkan tanggal lahir Anda?", "Untuk verifikasi, tanggal lahirnya kapan?", "^tanggal lahirnya",
        "~Tgl lahir kakak kapan ya?", "Tanggal lahir pemegang polis kapan?", "Lahirnya tanggal berapa, Pak?",
        "Mohon konfirmasi tanggal lahir sesuai KTP.", "Kapan tanggal lahir tertanggung?",
    ], "en": [
        "Can you confirm your date of birth?", "What's your date of birth?", "^and your date of birth",
        "~pls share your DOB for verification", "When were you born?",
        "Could I have the policyholder's date of birth?", "For security, what's your birthday?",
        "What date of birth did you register with?",
    ]},
}

ANS: dict[str, dict[str, list[str]]] = {
    "name": {"id": [
        "Dengan {P}.", "Saya {P}, Kak.", "Nama saya {P}.", "Atas nama {P}.", "Saya {T} {P}.",
        "Nama lengkap saya {P}, sesuai KTP.", "Oh iya, {P}.", "Pemiliknya {P}, saya sendiri.",
        "~ini {P} kak", "~nama sy {P}", "^dengan {P}", "^saya {P}", "Namanya {P}.",
    ], "en": [
        "It's {P}.", "My name is {P}.", "This is {P}.", "{P}, speaking.", "The account is under {P}.",
        "~{P} here", "~name is {P}", "^yeah it's {P}", "^my name is {P}", "Sure, it's {T} {P}.",
        "Full name {P}.", "I'm {P}.",
    ]},
    "phone": {"id": [
        "Nomor saya {V}.", "~no hp sy {V} kak", "~ini no wa sy {V} 🙏", "HP saya {V}, itu juga WhatsApp.",
        "Bisa ke {V}, atas nama saya sendiri.", "Nomornya {V}.", "^nomor saya {V}", "^oh iya nomornya {V}",
        "Hubungi saya di {V} aja.", "~{V} ya kak, tq", "Yang terdaftar {V}.", "~no hp sy {V}, btw itu WA juga",
        "^nomor saya {V} by the way itu whatsapp juga",
    ], "en": [
        "It's {V}.", "My number is {V}.", "~my hp is {V}", "You can reach me at {V}, that's also my WhatsApp.",
        "The registered one is {V}.", "^yeah it's {V}", "Call me on {V}, please.", "~{V} thx",
        "Courier can call {V}.", "Best to call {V} in the evening.",
    ]},
    "email": {"id": [
        "Email saya {V}.", "~emailnya {V} kak", "Kirim ke {V} saja.", "^emailnya {V}",
        "Pakai {V}, itu email utama saya.", "~{V} ya", "Yang terdaftar {V}.", "Alamat emailnya {V}.",
        "^email saya {V}",
    ], "en": [
        "It's {V}.", "My email is {V}.", "~{V} pls", "Send it to {V}.", "^sure it's {V}",
        "I signed up with {V}.", "You can use {V}.", "The registered one should be {V}.", "^my email is {V}",
    ]},
    "card": {"id": [
        "Nomor kartunya {V}.", "~no kartu {V}", "Kartu saya {V}.", "^nomor kartu saya {V}",
        "Yang di depan kartu {V}.", "Ini kartu kredit saya, {V}.", "Tolong blokir kartu {V}.", "~{V} kak, tlg dicek",
    ], "en": [
        "The card number is {V}.", "~card no {V}", "It's {V}.", "^okay it's {V}", "My card is {V}.",
        "Please block {V}.", "The full number is {V}.", "~{V} this one",
    ]},
    "nik": {"id": [
        "NIK saya {V}.", "~nik {V}", "Nomor KTP saya {V}.", "^nik saya {V}", "Sesuai KTP, {V}.",
        "~ini nik sy {V} kak", "Nomor induknya {V}.", "KTP saya {V}, yang baru.",
    ], "en": [
        "My NIK is {V}.", "It's {V}.", "~nik {V}", "^the number is {V}", "On my KTP it says {V}.",
        "My ID number is {V}.", "Here you go, {V}.", "The KTP number is {V}.",
    ]},
    "npwp": {"id": [
        "NPWP saya {V}.", "~npwp {V}", "Nomornya {V}.", "^npwp saya {V}", "Yang di kartu {V}.",
        "NPWP kantor {V}.", "~{V} kak npwp nya", "Punya saya {V}.",
    ], "en": [
        "My NPWP is {V}.", "It's {V}.", "~npwp {V}", "^it's {V}", "The tax number is {V}.",
        "Company NPWP is {V}.", "According to the card, {V}.", "{V}, that's the one I use for e-filing.",
    ]},
    "bank": {"id": [
        "Rekening {BANK} {V}.", "~rek {BANK} {V} a.n. saya sendiri", "Nomor rekening saya {V}, di {BANK}.",
        "^rekening {BANK} nomornya {V}", "Ke {BANK} aja, {V}.", "~no rek {V} ({BANK})", "Rekening tujuannya {V}.",
        "Norek saya {V}.", "^nomor rekening saya {V}",
    ], "en": [
        "It's {BANK}, account {V}.", "~{BANK} {V}", "My account number is {V}.", "^it's {BANK} {V}",
        "Please refund to {V} at {BANK}.", "The one I sent to was {V}.", "Account number {V}, with {BANK}.",
        "{V}, savings account.",
    ]},
    "nric": {"id": [
        "FIN saya {V}.", "~fin sy {V}", "Nomornya {V}.", "^fin saya {V}", "Yang di work permit {V}.",
        "IC saya {V}.", "~ini kak {V}", "Nomor FIN-nya {V}.",
    ], "en": [
        "It's {V}.", "My NRIC is {V}.", "~ic no {V}", "^okay it's {V}", "FIN is {V}.", "My IC number is {V}.",
        "~{V} can?", "Sure, {V}.", "^my ic is {V}",
    ]},
    "ssn": {"id": [
        "SSN saya {V}.", "~ssn sy {V}", "Nomornya {V}.", "^nomornya {V}", "Social security saya {V}.",
        "Ini, Kak, {V}.", "~{V}", "Yang di kartu {V}.",
    ], "en": [
        "It's {V}.", "My social is {V}.", "~ssn {V}", "^uh it's {V}", "SSN is {V}.",
        "My social security number is {V}.", "Sure, {V}.", "It should be {V}.",
    ]},
    "iban": {"id": [
        "IBAN-nya {V}.", "~iban {V}", "Nomornya {V}.", "^iban nya {V}", "Kirim ke {V}.", "IBAN anak saya {V}.",
        "Ini, Kak, {V}.", "Yang tertulis {V}.",
    ], "en": [
        "The IBAN is {V}.", "It's {V}.", "~iban {V}", "^okay it's {V}", "Send it to {V}.",
        "My sister's IBAN is {V}.", "Here: {V}.", "The beneficiary IBAN reads {V}.",
    ]},
    "ip": {"id": [
        "Di modem tertulis {V}.", "~ip nya {V} kak", "IP-nya {V}.", "^ip nya {V}", "Yang muncul {V}.",
        "Laptop saya dapat IP {V}.", "Tertera {V} di halaman status.", "~muncul {V} doang",
    ], "en": [
        "My router shows {V}.", "~ip is {V}", "It says {V}.", "^it says {V}", "The laptop got {V}.",
        "I'm seeing {V} on the status page.", "Public IP is {V}.", "Gateway is {V}.",
    ]},
    "address": {"id": [
        "Alamat saya {V}.", "~kirim ke {V} ya kak", "Ke {V}.", "^alamatnya {V}", "Rumah saya di {V}.",
        "~alamat: {V}", "Sesuai KTP, {V}.", "Tolong kirim ke {V}, patokannya dekat masjid.",
    ], "en": [
        "It's {V}.", "My address is {V}.", "~send to {V} pls", "^it's {V}", "Please deliver to {V}.",
        "I live at {V}.", "Billing address is {V}.", "~{V}, thanks",
    ]},
    "city": {"id": [
        "Saya di {V}.", "~di {V} kak", "Kirim ke {V}.", "^di {V}", "Tinggal di {V}, Kak.", "~{V}",
        "Sekarang lagi di {V}.", "Tujuannya {V}.", "^kirim ke {V}",
    ], "en": [
        "I'm in {V}.", "~{V}", "Ship it to {V}.", "^i'm in {V}", "I live in {V}.", "Over at {V}.",
        "Deliver to {V}, please.", "{V}, near the MRT.",
    ]},
    "dob": {"id": [
        "Saya lahir {V}.", "~tgl lahir {V}", "Tanggal {V}.", "^tanggal {V}", "Lahir {V}, Kak.", "~{V} kak",
        "Tanggal lahir saya {V}.", "Sesuai KTP, {V}.",
    ], "en": [
        "It's {V}.", "~dob {V}", "I was born on {V}.", "^it's {V}", "My birthday is {V}.", "Date of birth {V}.",
        "~{V}", "Born {V}.",
    ]},
}
KEY_TYPE = {"name": "PERSON", "phone": "PHONE_NUMBER", "email": "EMAIL_ADDRESS", "card": "CREDIT_CARD",
            "nik": "ID_NIK", "npwp": "ID_NPWP", "bank": "BANK_ACCOUNT", "nric": "SG_NRIC", "ssn": "US_SSN",
            "iban": "IBAN_CODE", "ip": "IP_ADDRESS", "address": "LOCATION", "city": "LOCATION",
            "dob": "DATE_OF_BIRTH"}
NOUNS = {
    "id": {"phone": ["nomor HP", "nomor telepon", "nomor WhatsApp"], "email": ["email", "alamat email"],
           "card": ["nomor kartu"], "nik": ["NIK", "nomor KTP"], "npwp": ["NPWP"], "bank": ["nomor rekening", "rekening"],
           "nric": ["nomor FIN", "NRIC"], "ssn": ["SSN"], "iban": ["IBAN"], "ip": ["IP"], "address": ["alamat"],
           "city": ["lokasi"], "dob": ["tanggal lahir"], "name": ["nama"]},
    "en": {"phone": ["phone number", "mobile number", "number"], "email": ["email", "email address"],
           "card": ["card number"], "nik": ["NIK"], "npwp": ["NPWP"], "bank": ["account number"],
           "nric": ["NRIC", "IC number"], "ssn": ["social", "SSN"], "iban": ["IBAN"], "ip": ["IP address"],
           "address": ["address"], "city": ["location"], "dob": ["date of birth"], "name": ["name"]},
}

_t("bare", [
    "{V}", "{V}", "{V}.", "Oh, {V}.", "Iya, {V}.", "{V}, Kak.", "^{V}", "^eh {V}", "^iya {V}", "~{V} kak",
    "~{V} 🙏", "Ehm, {V}.", "Boleh, {V}.", "Ada, {V}.", "^oh {V}",
], [
    "{V}", "{V}", "{V}.", "Sure, {V}.", "Yeah, {V}.", "Uh, {V}.", "^{V}", "^um {V}", "^yeah {V}", "~{V}",
    "~{V} 👍", "Okay, {V}.", "Right, {V}.", "^oh {V}",
])
_t("readback", [
    "Baik, saya ulangi, {V}, benar?", "{V}, sudah sesuai ya?", "Saya konfirmasi, {V}?", "^baik saya ulangi {V} betul ya",
    "Oke, {V} ya, Kak.", "~{V} ya kak, sudah benar?", "Jadi {V}, betul?", "Dicatat, {V}.", "^{V} ya",
    "Oke noted, {V} ya.",
], [
    "Let me repeat that: {V}, correct?", "So that's {V}?", "Okay, {V}, is that right?", "^so {V} correct",
    "Just to confirm, {V}.", "~{V}, correct?", "Got it, {V}.", "I have {V}, yes?", "^okay {V}",
])
_t("confirm", [
    "Iya betul.", "Benar.", "Betul, Kak.", "^iya betul", "~iya kak bener", "Ya, sudah benar.", "Tepat.", "Iya.",
    "^he eh betul",
], [
    "Yes, correct.", "That's right.", "Yep.", "^yes that's right", "~yup", "Correct.", "Exactly.", "Yes.", "^mm hmm yes",
])
_t("verify", [
    "Di sistem kami, {N} Anda tercatat {V}, apakah masih aktif?", "{N} yang terdaftar {V}, benar?", "^{N} nya {V} ya",
    "~{N} kakak yg terdaftar {V}, masih sama?", "Saya lihat {N}-nya {V}, betul?", "Apakah {N} Anda masih {V}?",
    "Tercatat {N} {V}, apa ada perubahan?", "Untuk {N}, kami punya {V}.",
], [
    "I have your {N} as {V}, is that still current?", "The {N} on file is {V}, correct?", "^your {N} is {V} right",
    "~we have {N} {V}, still the same?", "Is your {N} still {V}?", "I can see {V} as the {N}, is that right?",
    "Our records show {V}.", "The {N} we have is {V}, any changes?",
])
_t("backchannel", [
    "iya", "lanjut", "oke", "sip", "ya", "he eh", "baik", "terus", "ya, lanjut", "oke, lanjut", "iya, Kak",
    "terus?", "baik, berikutnya", "~ok kak", "~siap", "~👍",
], [
    "mm hmm", "go on", "yes", "okay", "uh huh", "right", "got it", "yep", "continue", "okay, next", "mhm",
    "yes, go ahead", "~ok", "~noted", "~👍",
])
_t("split_intro", [
    "Saya bacakan pelan-pelan ya.", "^sebentar saya bacakan ya", "~sy ketik satu2 ya kak", "Oke, saya eja ya.",
    "^bentar saya lihat dulu", "Sebentar, saya lihat kartunya dulu.",
], [
    "Let me read it slowly.", "^okay hold on", "~ok typing it out", "Alright, here goes.", "^let me grab it",
    "One second, let me find it.",
])
_t("false_start", [
    "{FS} eh salah, {V}", "{FS}... eh maaf, {V}", "{FS} eh bukan, ulang ya, {V}", "~{FS}.. eh typo, {V}",
    "^{FS} eh bukan {V}", "{FS}, eh sori, {V}",
], [
    "{FS}... sorry, {V}", "{FS} uh no wait, {V}", "{FS}, scratch that, {V}", "~{FS} oops, {V}",
    "^{FS} sorry {V}", "{FS}, no, sorry, {V}",
])
_t("wrong_then_right", [
    "{W}, eh salah, yang benar {V}.", "^{W} eh salah yang betul {V}", "{W}... maaf, maksud saya {V}.",
    "{W}, eh bukan, {V}.",
], [
    "{W}, oh sorry, I mean {V}.", "^{W} no sorry it's {V}", "{W}... wait, no, it's {V}.", "{W}, sorry, correction: {V}.",
])
_t("chat_correction", ["*{V}", "eh salah kak, {V}", "maaf typo, yg bener {V}", "ralat: {V}"],
   ["*{V}", "sorry typo, {V}", "correction: {V}", "oops, it's {V}"])
_t("wrong_answer", [
    "Maksudnya nomor pesanan? {ORDER}", "Saya cuma punya nomor invoice, {INVOICE}.", "~ini kak no resinya {TRACK}",
    "Yang saya tahu nomor tiketnya {TICKET}.", "^oh yang ada di saya nomor pesanan {ORDER}",
    "Nomor referensinya {REF}, itu bukan?",
], [
    "You mean the order number? {ORDER}", "I only have the invoice number, {INVOICE}.", "~here's the tracking no {TRACK}",
    "All I have is ticket {TICKET}.", "^uh the order number is {ORDER}", "Is it the reference? {REF}",
])
_t("clarify", [
    "Bukan, Kak, yang saya perlukan {N}-nya.", "Itu nomor pesanan ya, saya perlu {N} Anda.", "~bukan kak, maksudnya {N} 🙏",
    "^bukan bu maksud saya {N} nya", "Terima kasih, tapi yang saya butuhkan {N}.",
], [
    "No, sorry, I need your {N}.", "That's the order number, I need the {N}.", "~ah, not that one, the {N} please",
    "^no sorry i meant your {N}", "Thanks, but I actually need the {N}.",
])
_t("refuse", [
    "Aduh, saya lupa, nanti saya cek dulu ya.", "~aduh ga hafal kak", "^waduh saya tidak hafal", "Nggak ingat, Kak, maaf.",
], [
    "Sorry, I don't remember it offhand.", "~dont have it with me rn", "^oh i don't have it with me", "I'd have to check, sorry.",
])
_t("third_party", [
    "Rekeningnya atas nama suami saya, {P}.", "Yang pesan sebenarnya istri saya, {P}.", "Tolong kirim atas nama anak saya, {P}.",
    "~paketnya a.n. {P} kak, adik sy", "Penerimanya ibu saya, {P}, nanti beliau yang terima.",
    "Kartu tambahan itu punya {P}, adik saya.", "^itu atas nama suami saya {P}", "Transfernya ke {P}, saudara saya.",
    "Yang jadi ahli waris {P}.", "Nanti yang ambil paketnya tetangga saya, {T} {P}.",
], [
    "The account is under my husband's name, {P}.", "My wife {P} placed the order.", "Please address it to my son, {P}.",
    "~it's under {P}, my sister", "The recipient is my mother, {P}.", "The supplementary card belongs to {P}.",
    "^it's under my husband {P}", "I'm sending it to {P}, my brother.", "The beneficiary is {P}.",
    "My neighbour {T} {P} will collect it.",
])
_t("name_words", [
    "Rumahnya jadi indah banget setelah direnovasi, tapi bukan itu masalahnya.", "Bunga kartu kreditnya berapa persen ya sekarang?",
    "Untung masih ada saldo di rekening lain.", "Nanti saya kasih bintang lima kalau cepat beres.",
    "Putri saya yang biasa pakai aplikasinya.", "~untung bgt paketnya blm dikirim", "Cahaya lampu modemnya kedip-kedip terus.",
    "Bunganya kecil kok, cuma {PCT}.", "^untung saya sudah foto struknya", "Wangi banget parfumnya, tapi botolnya bocor.",
    "Intan permata di cincinnya lepas, makanya saya komplain.", "Budi pekerti kurirnya bagus sih, cuma telat.",
], [
    "I hope this gets sorted today.", "I will wait for your call.", "My bill rose again this month.",
    "Is there a grace period for the payment?", "Mark it as urgent, please.", "To be frank, I'm pretty frustrated.",
    "May I ask how long it takes?", "I got it during the summer sale.", "^i hope you can help me",
    "Will it take long?", "It's a joy to finally get through, honestly.", "I have faith you guys will fix it.",
])
_t("hold", [
    "Baik, mohon ditunggu sebentar, saya cek dulu.", "^oke saya cek dulu ya", "~Ditunggu sebentar ya kak 🙏",
    "Terima kasih sudah menunggu.", "Datanya sudah saya temukan.", "^mohon ditunggu sebentar ya",
    "Baik, saya bantu cek ya.", "~Siap kak, kami cek dulu",
], [
    "Alright, let me check that for you.", "^one moment please", "~Give me a moment to check", "Thanks for holding.",
    "I've found your account.", "^okay bear with me", "Sure, let me look into it.", "~On it, one sec",
])
_t("hold_named", [
    "Baik {TS}, mohon ditunggu sebentar.", "Terima kasih {TS}, datanya sudah saya temukan.", "^baik {TS} saya cek dulu",
    "~Siap {TS}, ditunggu ya 🙏", "Mohon maaf atas ketidaknyamanannya, {TS}.", "^terima kasih {TS}",
], [
    "Thank you, {TS}, let me pull up your account.", "Alright {TS}, one moment please.", "^thanks {TS} one moment",
    "~Thanks {TS}! checking now", "I'm sorry about that, {TS}.", "^okay {TS} bear with me",
])
_t("close_agent", [
    "Ada lagi yang bisa dibantu?", "Terima kasih telah menghubungi {CO}, selamat beraktivitas.",
    "~Terima kasih kak, semoga harinya menyenangkan 😊", "Baik, laporannya sudah kami teruskan, mohon ditunggu.",
    "^baik terima kasih ditunggu ya", "Sudah saya proses ya, estimasi {COUNT} hari kerja.", "Terima kasih atas kesabarannya.",
    "Kalau ada kendala lagi, silakan hubungi kami di {HOTLINE}.", "^ada lagi yang bisa saya bantu",
], [
    "Is there anything else I can help with?", "Thanks for contacting {CO}, have a great day.",
    "~You're welcome! Have a nice day 😊", "I've raised this with the team, please allow {COUNT} working days.",
    "^alright thank you for calling", "Thanks for your patience.", "If anything else comes up, call us at {HOTLINE}.",
    "All done on my side.", "^anything else i can help with",
])
_t("close_cust", [
    "Sudah, terima kasih.", "~ok kak mksh 🙏", "~tq kak", "Makasih ya.", "^iya makasih", "Oke, ditunggu ya.",
    "Baik, terima kasih banyak.", "~siap, thx gan", "^sudah itu saja makasih", "~oke noted kak, thank you",
    "Oke, thanks ya.", "^oke noted thank you mbak",
], [
    "No, that's all, thanks.", "~ok thx", "~tq", "Thanks a lot.", "^okay thank you bye", "Great, appreciate it.",
    "That's it, cheers.", "~ok can, thanks ya", "^no that's it thanks",
])
CHATTER: dict[str, list[tuple[str, str]]] = {
    "id": [
        ("Oh iya, saya juga dapat SMS kode {OTP}, itu apa ya?", "Mohon jangan berikan kode OTP ke siapa pun ya."),
        ("~kak estimasi sampe kapan?", "Estimasi tiba {DDATE}, sekitar pukul {TIME}."),
        ("Refundnya berapa lama?", "Dana {AMOUNT} akan kembali dalam {COUNT} hari kerja."),
        ("Tiketnya nomor berapa?", "Nomor tiketnya {TICKET} ya, bisa dipakai untuk follow up."),
        ("Teknisinya bisa datang kapan?", "Jadwal kunjungan teknisi {DDATE}, {TIME}."),
        ("Pesanan yang satunya gimana?", "Pesanan {ORDER} sudah dikirim dengan resi {TRACK}."),
        ("~ada promo ga kak?", "Ada kak, pakai kode {PROMO} dapat potongan {AMOUNT}."),
        ("Aplikasinya perlu diupdate?", "Iya, mohon update ke versi {VERSION} dulu."),
        ("Saya sudah telepon {COUNT} kali lho.", "Mohon maaf atas ketidaknyamanannya."),
        ("Tagihan bulan lalu berapa?", "Tagihan periode {DDATE} sebesar {AMOUNT}."),
        ("^terus saya harus bayar berapa", "totalnya {AMOUNT} ya paling lambat {DDATE}"),
        ("Kalau mau ganti perangkat, rekomendasinya apa?", "Bisa pakai {MODEL}, harganya {AMOUNT}."),
        ("Invoicenya dikirim ke mana?", "Invoice {INVOICE} bisa diunduh di aplikasi."),
        ("Bisa cek barang {SKU} masih ada?", "Stoknya tersisa {COUNT} unit."),
    ],
    "en": [
        ("Oh, I also got a code {OTP} by SMS, what's that?", "Please never share OTP codes with anyone."),
        ("~when will it arrive?", "It's expected on {DDATE}, around {TIME}."),
        ("How long does the refund take?", "The {AMOUNT} will be returned within {COUNT} working days."),
        ("What's my ticket number?", "Your ticket number is {TICKET}, for follow-ups."),
        ("When can the technician come?", "The technician is booked for {DDATE}, {TIME}."),
        ("What about my other order?", "Order {ORDER} has shipped with tracking {TRACK}."),
        ("~any promos now?", "Yes, code {PROMO} gives you {AMOUNT} off."),
        ("Do I need to update the app?", "Yes, please update to version {VERSION} first."),
        ("I've called {COUNT} times already.", "I'm really sorry about that."),
        ("How much was last month's bill?", "The bill dated {DDATE} was {AMOUNT}."),
        ("^so how much do i need to pay", "it's {AMOUNT} due by {DDATE}"),
        ("If I replace the device, what do you recommend?", "The {MODEL} works well, it's {AMOUNT}."),
        ("Where do I get the invoice?", "Invoice {INVOICE} is in the app under Orders."),
        ("Is item {SKU} still in stock?", "There are {COUNT} units left."),
    ],
}
FILLERS = {"id": ["eh", "ehm", "apa ya", "bentar", "anu", "mmm", "sebentar"],
           "en": ["uh", "umm", "um", "er", "let me see", "hold on", "uh what is it"]}

DOMAIN_KEYS: dict[str, list[tuple[str, int]]] = {
    "bank_id": [("phone", 5), ("bank", 7), ("nik", 6), ("dob", 4), ("card", 6), ("email", 3), ("address", 2), ("city", 1)],
    "ecom_id": [("phone", 7), ("address", 8), ("city", 4), ("email", 4), ("bank", 3)],
    "isp_id": [("phone", 5), ("ip", 8), ("address", 5), ("email", 3), ("nik", 2), ("city", 2)],
    "tax_id": [("npwp", 10), ("nik", 5), ("email", 4), ("phone", 3), ("address", 2), ("dob", 2)],
    "ins_id": [("dob", 7), ("nik", 5), ("phone", 4), ("address", 3), ("email", 3), ("bank", 3)],
    "sg_telco": [("nric", 7), ("phone", 6), ("address", 5), ("email", 3), ("ip", 3), ("dob", 3), ("card", 3), ("city", 2)],
    "sg_bank": [("nric", 7), ("bank", 5), ("card", 6), ("phone", 4), ("dob", 3), ("iban", 3), ("email", 2)],
    "remit": [("iban", 8), ("ssn", 7), ("phone", 4), ("email", 4), ("address", 4), ("bank", 3), ("dob", 3), ("nric", 2)],
}
DOMAIN_REGION = {"bank_id": "id", "ecom_id": "id", "isp_id": "id", "tax_id": "id", "ins_id": "id",
                 "sg_telco": "sg", "sg_bank": "sg", "remit": "intl"}


# --------------------------------------------------------------------------------------------
# Template filling
# --------------------------------------------------------------------------------------------

SLOT_RE = re.compile(r"\{([A-Z]+)\}")


def channel_ok(ctx: Ctx, tpl: str) -> bool:
    marker = tpl[:1]
    if marker == "~":
        return ctx.channel == "chat"
    if marker == "^":
        return ctx.channel == "call_asr"
    if marker == "%":
        return ctx.channel != "call_asr"
    if marker == "&":
        return ctx.channel != "email"
    return True


def pick_tpl(ctx: Ctx, options: Sequence[str], formal: bool = False) -> str:
    """A template usable in this channel; ``formal`` keeps only unmarked ones (e-mail prose)."""
    usable = [t for t in options if channel_ok(ctx, t) and (not formal or t[:1] not in "~^&")]
    if not usable:
        usable = [t for t in options if t[:1] not in "~^%&"]
    tpl = ctx.pick(usable)
    return tpl[1:] if tpl[:1] in "~^%&" else tpl


def tpl(ctx: Ctx, key: str, lang: str, formal: bool = False) -> str:
    return pick_tpl(ctx, T[key][lang], formal)


def mention(ctx: Ctx, v: Val, lang: str, filler: str | None = None) -> list[Seg]:
    chunks, seps = render_value(ctx, v, lang)
    seps = list(seps)
    if filler and seps:
        k = ctx.rng.randrange(len(seps))
        seps[k] = (seps[k].rstrip() + f" {filler} ") if seps[k].strip() else f" {filler} "
    text = join_form((chunks, seps))
    out: list[Seg] = []
    if v.type == "DATE_OF_BIRTH" and ctx.spoken and " of " in text and ctx.chance(0.7):
        out.append(Seg("the "))
    out.append(Seg(text, v.type))
    return out


def fill(ctx: Ctx, template: str, lang: str, slots: dict | None = None) -> list[Seg]:
    slots = slots or {}
    out: list[Seg] = []
    pos = 0
    for m in SLOT_RE.finditer(template):
        if m.start() > pos:
            out.append(Seg(template[pos:m.start()]))
        name = m.group(1)
        if name in slots:
            val = slots[name]
            if isinstance(val, Val):
                out.extend(mention(ctx, val, lang))
            elif isinstance(val, Seg):
                out.append(val)
            elif isinstance(val, list):
                out.extend(val)
            else:
                out.append(Seg(str(val)))
        elif name in DISTRACTOR_KINDS:
            out.append(distractor(ctx, name, lang))
        elif name == "CO":
            out.append(Seg(ctx.company, FIXED))
        else:
            raise KeyError(f"slot {name} not provided for {template!r}")
        pos = m.end()
    if pos < len(template):
        out.append(Seg(template[pos:]))
    return out


def value_pieces(ctx: Ctx, v: Val, lang: str) -> list[str] | None:
    """The value cut into 2-3 consecutive pieces (for dictation over several turns)."""
    chunks, seps = render_value(ctx, v, lang)
    if len(chunks) < 2 or (not ctx.spoken and v.type != "LOCATION" and not all(s in (" ", "-") for s in seps)):
        return None
    k = min(len(chunks), ctx.pick([2, 2, 2, 3, 3, 4]))
    # nearly equal pieces, the way people read a number in halves or thirds
    cuts = sorted({min(len(chunks) - 1, max(1, round(len(chunks) * j / k) + ctx.rng.choice([0, 0, 0, -1, 1])))
                   for j in range(1, k)})
    pieces: list[str] = []
    start = 0
    for end in cuts + [len(chunks)]:
        pieces.append(join_form((chunks[start:end], seps[start:end - 1])))
        start = end
    return pieces


def mutate_val(ctx: Ctx, v: Val) -> Val:
    """A complete wrong value one digit away from ``v`` (for self-corrections)."""
    def bump(s: str, lo: int) -> str:
        i = ctx.rng.randrange(lo, len(s))
        return s[:i] + str((int(s[i]) + ctx.rng.randint(1, 8)) % 10) + s[i + 1:]
    d = dict(v.data)
    if v.type == "PHONE_NUMBER":
        d["nsn"] = bump(d["nsn"], 3)
    elif v.type == "US_SSN":
        d["serial"] = bump(d["serial"], 0)
    elif v.type in ("BANK_ACCOUNT", "ID_NIK", "ID_NPWP"):
        d["digits"] = bump(d["digits"], 4 if v.type != "ID_NIK" else 12)
        if v.type == "BANK_ACCOUNT" and len(d["digits"]) >= 13:
            d["digits"] = luhn_break(d["digits"])
    return Val(v.type, d)


def false_start(ctx: Ctx, v: Val, lang: str) -> Seg:
    """An abandoned start of at most 4 digits, one digit off (never labelled)."""
    if v.type == "PHONE_NUMBER":
        cc, nsn = v.data["cc"], v.data["nsn"]
        digits = ("0" + nsn)[:4] if cc in ("id", "my") else nsn[:4] if cc == "sg" else nsn[:3]
    elif v.type == "US_SSN":
        digits = v.data["area"]
    else:
        digits = v.data["digits"][:4]
    last = str((int(digits[-1]) + ctx.rng.choice([1, 2, 9])) % 10)
    digits = digits[:-1] + last
    return Seg(say_digits(ctx, digits, lang, 0) if ctx.spoken else digits, FIXED)


NUMERIC_KEYS = {"phone", "bank", "nik", "npwp", "ssn"}
SPLIT_KEYS = {"phone", "card", "nik", "npwp", "bank", "nric", "ssn", "iban", "address"}


# --------------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------------

Turn = tuple[str, list[Seg]]      # ("A" agent | "C" customer, segments)


@dataclass
class Convo:
    ctx: Ctx
    turns: list[Turn] = field(default_factory=list)
    customer: Val | None = None
    name_known: bool = False

    def a(self, segs: list[Seg]) -> None:
        self.turns.append(("A", segs))

    def c(self, segs: list[Seg]) -> None:
        self.turns.append(("C", segs))


def title_seg(ctx: Ctx, p: Person) -> Seg:
    if p.full not in ctx.titles:
        ctx.titles[p.full] = title_for(ctx.rng, p.gender, p.culture, ctx.lang, ctx.channel)
    t = ctx.titles[p.full]
    if ctx.spoken:
        t = {"Bpk.": "bapak", "Mr.": "mister", "Ms.": "miss", "Mrs": "missus", "Mr": "mister", "Ms": "miss",
             "Dr": "doctor", "Gan": "gan", "Sis": "sis"}.get(t, t)
    return Seg(t)


def ts_segs(ctx: Ctx, person_val: Val, lang: str) -> list[Seg]:
    p: Person = person_val.data["person"]
    return [title_seg(ctx, p), Seg(" ")] + mention(ctx, short_of(person_val), lang)


def bank_name_seg(ctx: Ctx, v: Val) -> Seg:
    return Seg(v.data.get("bank", "bank").lower() if ctx.spoken else v.data.get("bank", "bank"), FIXED)


def answer_cue(conv: Convo, key: str, v: Val, lang: str, value_segs: list[Seg] | None = None) -> list[Seg]:
    ctx = conv.ctx
    slots: dict = {"V": value_segs if value_segs is not None else v}
    if key == "bank":
        slots["BANK"] = bank_name_seg(ctx, v)
    if key == "name":
        slots = {"P": value_segs if value_segs is not None else v, "T": title_seg(ctx, v.data["person"])}
    return fill(ctx, pick_tpl(ctx, ANS[key][lang]), lang, slots)


def answer_bare(conv: Convo, v: Val, lang: str, value_segs: list[Seg] | None = None) -> list[Seg]:
    return fill(conv.ctx, tpl(conv.ctx, "bare", lang), lang, {"V": value_segs if value_segs is not None else v})


def exchange(conv: Convo, key: str, v: Val) -> None:
    """The agent asks for ``key``; the customer gives ``v`` in one of many shapes."""
    ctx = conv.ctx
    al, cl = ctx.turn_lang("A"), ctx.turn_lang("C")
    noun = ctx.pick(NOUNS[al][key])
    patterns = {"cue": 30, "bare": 20, "verify": 7 if key != "city" else 0, "wrong_answer": 5, "refuse": 2}
    if key in SPLIT_KEYS:
        patterns["split"] = 16
        if ctx.spoken:
            patterns["filler"] = 10
    if key in NUMERIC_KEYS:
        patterns["false_start"] = 6
        patterns["wrong"] = 5
    if key == "name" and ctx.spoken:
        patterns["spell"] = 6
    pattern = ctx.rng.choices(list(patterns), list(patterns.values()))[0]

    if pattern == "verify":
        conv.a(fill(ctx, tpl(ctx, "verify", al), al, {"N": noun, "V": v}))
        conv.c(fill(ctx, tpl(ctx, "confirm", cl), cl))
        return
    conv.a(fill(ctx, pick_tpl(ctx, ASK[key][al]), al))
    if pattern == "refuse":
        conv.c(fill(ctx, tpl(ctx, "refuse", cl), cl))
        conv.a(fill(ctx, tpl(ctx, "hold", al), al))
        return
    if pattern == "wrong_answer":
        conv.c(fill(ctx, tpl(ctx, "wrong_answer", cl), cl))
        conv.a(fill(ctx, tpl(ctx, "clarify", al), al, {"N": noun}))
        pattern = ctx.pick(["cue", "bare"])
    if pattern == "cue":
        conv.c(answer_cue(conv, key, v, cl))
    elif pattern == "bare":
        conv.c(answer_bare(conv, v, cl))
    elif pattern == "filler":
        conv.c(answer_cue(conv, key, v, cl, mention(ctx, v, cl, filler=ctx.pick(FILLERS[cl]))) if ctx.chance(0.5)
               else answer_bare(conv, v, cl, mention(ctx, v, cl, filler=ctx.pick(FILLERS[cl]))))
    elif pattern == "split":
        pieces = value_pieces(ctx, v, cl)
        if not pieces:
            conv.c(answer_cue(conv, key, v, cl))
        else:
            first = [Seg(pieces[0], v.type)]
            if ctx.chance(0.3):
                conv.c(fill(ctx, tpl(ctx, "split_intro", cl), cl))
                conv.a(fill(ctx, tpl(ctx, "backchannel", al), al))
                conv.c(answer_bare(conv, v, cl, first))
            else:
                conv.c(answer_cue(conv, key, v, cl, first))
            for piece in pieces[1:]:
                if ctx.channel != "chat" or ctx.chance(0.6):
                    conv.a(fill(ctx, tpl(ctx, "backchannel", al), al))
                tail = ctx.pick(["", "", ".", " kak" if cl == "id" else "", " ya" if cl == "id" else ""])
                conv.c([Seg(piece, v.type), Seg(tail)] if not ctx.spoken else [Seg(piece, v.type)])
    elif pattern == "false_start":
        conv.c(fill(ctx, tpl(ctx, "false_start", cl), cl, {"FS": false_start(ctx, v, cl), "V": v}))
    elif pattern == "wrong":
        w = mutate_val(ctx, v)
        if ctx.channel == "chat":
            conv.c(answer_cue(conv, key, w, cl))
            conv.c(fill(ctx, tpl(ctx, "chat_correction", cl), cl, {"V": v}))
        else:
            conv.c(fill(ctx, tpl(ctx, "wrong_then_right", cl), cl, {"W": w, "V": v}))
    elif pattern == "spell":
        conv.c(answer_cue(conv, key, v, cl))
        p: Person = v.data["person"]
        part = max(p.full.split(), key=len)
        if len(part) >= 4 and "/" not in part:
            conv.a(fill(ctx, ctx.pick(["boleh dieja nama belakangnya", "bisa dieja"] if al == "id"
                                      else ["could you spell that", "how do you spell the last name"]), al))
            lead = ctx.pick(["", "iya ", "okay "]) if cl == "en" else ctx.pick(["", "iya ", "oke "])
            conv.c([Seg(lead), Seg(" ".join(part.lower()), "PERSON")])
    if key == "name":
        conv.name_known = True
    if pattern in ("cue", "bare", "split", "filler") and ctx.chance(0.18) and key not in ("city",):
        conv.a(fill(ctx, tpl(ctx, "readback", al), al, {"V": v}))
        conv.c(fill(ctx, tpl(ctx, "confirm", cl), cl))


def make_values(ctx: Ctx, keys: Iterable[str], person: Person) -> list[tuple[str, Val]]:
    out: list[tuple[str, Val]] = []
    for key in keys:
        if key == "phone":
            v = gen_phone(ctx)
        elif key == "email":
            v = gen_email(ctx, person, work=ctx.chance(0.15))
        elif key == "card":
            v = gen_card(ctx)
        elif key == "nik":
            v = gen_nik(ctx, person)
        elif key == "npwp":
            v = gen_npwp(ctx)
        elif key == "bank":
            v = gen_bank(ctx)
        elif key == "nric":
            v = gen_nric(ctx)
        elif key == "ssn":
            v = gen_ssn(ctx)
        elif key == "iban":
            v = gen_iban(ctx)
        elif key == "ip":
            v = gen_ip(ctx)
        elif key == "address":
            v = gen_address(ctx)
        elif key == "city":
            v = gen_city(ctx)
        elif key == "dob":
            v = gen_dob(ctx, person)
        else:
            raise ValueError(key)
        out.append((key, v))
    return out


def choose_keys(ctx: Ctx) -> list[str]:
    pool = list(DOMAIN_KEYS[ctx.domain])
    k = ctx.rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0]
    keys: list[str] = []
    while pool and len(keys) < k:
        key = ctx.rng.choices([p[0] for p in pool], [p[1] for p in pool])[0]
        keys.append(key)
        pool = [p for p in pool if p[0] != key and not ({p[0], key} == {"address", "city"})]
    return keys


def relation_gender(template: str) -> str | None:
    """The gender implied by a third-party template ("my husband" -> "m")."""
    if re.search(r"husband|suami|\bson\b|brother|laki", template):
        return "m"
    if re.search(r"\bwife\b|istri|mother|\bibu\b|sister|daughter|putri", template):
        return "f"
    return None


def build_conversation(ctx: Ctx, has_pii: bool) -> Convo:
    rng = ctx.rng
    person = make_person(rng, ctx.region)
    conv = Convo(ctx, customer=Val("PERSON", {"person": person}))
    lang = ctx.turn_lang("A")
    if has_pii and ctx.chance(0.55):
        name, gender = agent_first_name(rng, ctx.region)
        agent = Val("PERSON", {"person": Person(name, name, gender, "id", name, "")})
        conv.a(fill(ctx, tpl(ctx, "greet_named", lang), lang, {"AG": agent}))
    else:
        conv.a(fill(ctx, tpl(ctx, "greet_anon", lang), lang))
    cl = ctx.turn_lang("C")
    issue = fill(ctx, pick_tpl(ctx, ISSUES[ctx.domain][cl]), cl)
    if has_pii and ctx.chance(0.18):
        intro = ctx.pick(["Halo, saya {P}. ", "Selamat pagi, dengan {P}. ", "~halo kak, sy {P}, ", "^iya halo saya {P} "]
                         if cl == "id" else ["Hi, this is {P}. ", "Hello, my name is {P}. ", "~hey, {P} here, ", "^hi it's {P} "])
        if channel_ok(ctx, intro):
            issue = fill(ctx, intro.lstrip("~^"), cl, {"P": conv.customer}) + issue
            conv.name_known = True
    conv.c(issue)

    steps: list[str] = []
    if has_pii:
        keys = choose_keys(ctx)
        if not conv.name_known and ctx.chance(0.55):
            steps.append("name")
        steps += keys
        if ctx.chance(0.15):
            steps.insert(rng.randint(1, len(steps)), "third")
    chatter = rng.choices([0, 1, 2], [45, 40, 15])[0] if has_pii else rng.choices([1, 2, 3], [40, 40, 20])[0]
    for _ in range(chatter):
        steps.insert(rng.randint(0, len(steps)), "chatter")
    if ctx.chance(0.15 if has_pii else 0.35):
        steps.insert(rng.randint(0, len(steps)), "words")
    if not has_pii and ctx.chance(0.3):
        steps.insert(rng.randint(0, len(steps)), "wrong_only")

    values = dict(make_values(ctx, [s for s in steps if s in KEY_TYPE and s != "name"], person))
    for step in steps:
        al = ctx.turn_lang("C")
        if step == "name":
            exchange(conv, "name", conv.customer)
        elif step in values:
            exchange(conv, step, values[step])
        elif step == "third":
            template = tpl(ctx, "third_party", al)
            other = make_person(rng, ctx.region, relation_gender(template))
            ov = Val("PERSON", {"person": other})
            conv.c(fill(ctx, template, al, {"P": ov, "T": title_seg(ctx, other)}))
            conv.a(fill(ctx, tpl(ctx, "hold", al), al))
        elif step == "chatter":
            c_line, a_line = ctx.pick(CHATTER[al])
            c_tpl = c_line if channel_ok(ctx, c_line) else None
            if c_tpl is None:
                continue
            conv.c(fill(ctx, c_tpl.lstrip("~^"), al))
            conv.a(fill(ctx, a_line.lstrip("~^"), al))
        elif step == "words":
            conv.c(fill(ctx, tpl(ctx, "name_words", al), al))
            conv.a(fill(ctx, tpl(ctx, "hold", al), al))
        elif step == "wrong_only":
            key = ctx.pick(["name", "phone", "bank"])
            conv.a(fill(ctx, pick_tpl(ctx, ASK[key][al]), al))
            conv.c(fill(ctx, tpl(ctx, "wrong_answer", al), al))
            conv.a(fill(ctx, tpl(ctx, "hold", al), al))
        if conv.name_known and ctx.chance(0.2):
            conv.a(fill(ctx, tpl(ctx, "hold_named", al), al, {"TS": ts_segs(ctx, conv.customer, al)}))
    al = ctx.turn_lang("A")
    conv.a(fill(ctx, tpl(ctx, "close_agent", al), al))
    conv.c(fill(ctx, tpl(ctx, "close_cust", al), ctx.turn_lang("C")))
    if ctx.chance(0.4):
        conv.a(fill(ctx, ctx.pick(["Terima kasih, selamat siang.", "Sama-sama, Kak."] if al == "id"
                                  else ["You're welcome, bye.", "Take care."]), al))
    return conv


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

ID_SLANG = [(r"\bsaya\b", ["sy", "aku", "sy"]), (r"\bnomor\b", ["no", "nmr"]), (r"\btidak\b", ["gak", "tdk", "ga"]),
            (r"\bterima kasih\b", ["makasih", "trims", "tq", "mksh"]), (r"\bbagaimana\b", ["gmn", "gimana"]),
            (r"\byang\b", ["yg"]), (r"\bsudah\b", ["udah", "udh", "sdh"]), (r"\bbelum\b", ["blm"]),
            (r"\bdengan\b", ["dgn"]), (r"\buntuk\b", ["utk", "buat"]), (r"\btolong\b", ["tlg"]),
            (r"\bsekarang\b", ["skrg"]), (r"\bkenapa\b", ["knp", "kok"]), (r"\bjuga\b", ["jg"]),
            (r"\bkalau\b", ["kalo", "klo"]), (r"\btapi\b", ["tp"]), (r"\blagi\b", ["lg"]), (r"\baja\b", ["aj"]),
            (r"\bbisa\b", ["bs", "bisa"]), (r"\bsaja\b", ["aja"])]
EN_SLANG = [(r"\byou\b", ["u"]), (r"\bplease\b", ["pls", "plz"]), (r"\bthanks\b", ["thx", "tq"]),
            (r"\byour\b", ["ur"]), (r"\bokay\b", ["ok", "k"]), (r"\bbecause\b", ["bc", "cos"]),
            (r"\bright now\b", ["rn"]), (r"\bI'm\b", ["im", "i'm"])]
EMOJI = [" 🙏", " 😊", " 😭", " 🙏🙏", " 👍", " 😅", " 🤔"]


def slangify(ctx: Ctx, text: str, lang: str) -> str:
    for pattern, repl in (ID_SLANG if lang == "id" else EN_SLANG):
        if ctx.chance(0.65):
            text = re.sub(pattern, lambda m: ctx.pick(repl), text, flags=re.IGNORECASE)
    return text


def typo(ctx: Ctx, text: str) -> str:
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    m = ctx.pick(words)
    w = m.group(0)
    i = ctx.rng.randrange(1, len(w) - 2)
    w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return text[:m.start()] + w2 + text[m.end():]


def asr_literal(text: str) -> str:
    text = text.lower().replace("-nya", "nya")
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    text = re.sub(r"[^\x00-\x7f]", " ", text)
    text = re.sub(r"[.,!?;:\"()/*&+#@%]", " ", text)
    return re.sub(r"\s+", " ", text)


class Builder:
    """Accumulates text and span offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[dict] = []

    def lit(self, s: str) -> None:
        s = re.sub(r"[ \t]+", " ", s)
        if (not self.text or self.text[-1] in " \n") and s.startswith(" "):
            s = s.lstrip(" ")
        self.text += s

    def raw(self, s: str) -> None:
        self.text += s

    def value(self, s: str, typ: str | None) -> None:
        if not s:
            return
        if self.text and (self.text[-1].isalnum()):
            self.text += " "
        if typ in PII_TYPES:
            assert s == s.strip() and s, repr(s)
            self.spans.append({"start": len(self.text), "end": len(self.text) + len(s), "type": typ})
        self.text += s

    def end_line(self, newline: str = "\n") -> None:
        self.text = self.text.rstrip(" ")
        self.text += newline

    def segs(self, segs: Sequence[Seg], transform: Callable[[str], str] | None = None,
             value_transform: Callable[[str], str] | None = None) -> None:
        for seg in segs:
            if seg.type is LIT:
                self.lit(transform(seg.text) if transform else seg.text)
            else:
                self.value(value_transform(seg.text) if value_transform else seg.text, seg.type)


CHAT_TAGS = [("Agent", "Customer"), ("CS", "Pelanggan"), ("agent", "cust"), ("Agen", "Pelanggan"), ("cs", "c"),
             ("[agent]", "[customer]"), ("A", "C"), ("Admin", "User"), ("CS", "Nasabah"), ("Operator", "Customer")]
CALL_TAGS = [("spk_0", "spk_1"), ("Speaker 1", "Speaker 2"), ("agent", "customer"), ("a", "c"), ("A", "B"),
             ("[agent]", "[customer]"), ("cs", "cust"), ("agen", "pelanggan"), ("CS", "pelanggan"), ("AGENT", "CALLER")]


def _tag(label: str) -> str:
    return f"{label} " if label.startswith("[") else f"{label}: "


def render_conversation(ctx: Ctx, conv: Convo) -> tuple[str, list[dict]]:
    rng = ctx.rng
    b = Builder()
    if ctx.channel == "chat":
        style = rng.choices(["tags", "tags_time", "whatsapp", "plain"], [60, 22, 8, 10])[0]
        if style == "whatsapp" and not (conv.name_known or ctx.chance(0.0)):
            style = "tags"
        tags = rng.choice(CHAT_TAGS)
    else:
        style = rng.choices(["tags", "tags_ts", "plain", "oneline"], [50, 28, 12, 10])[0]
        tags = rng.choice(CALL_TAGS)
        if tags[0].startswith("spk") and ctx.chance(0.3):
            tags = (tags[1], tags[0])      # diarisation labels the customer first
    slang = ctx.chance(0.6)
    seconds = rng.randint(0, 8)
    hh, mm = rng.randint(8, 21), rng.randint(0, 59)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    for i, (role, segs) in enumerate(conv.turns):
        label = tags[0] if role == "A" else tags[1]
        if ctx.spoken:
            if style == "tags_ts":
                b.raw(f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}] ")
            if style in ("tags", "tags_ts"):
                b.raw(_tag(label))
            b.segs(segs, asr_literal, str.lower)
            seconds += rng.randint(2, 14)
            b.end_line(" " if style == "oneline" else "\n")
            continue
        mm += rng.randint(0, 2)
        if mm >= 60:
            hh, mm = (hh + 1) % 24, mm - 60
        if style == "tags_time":
            b.raw(f"[{hh:02d}:{mm:02d}] {_tag(label)}")
        elif style == "whatsapp":
            b.raw(f"[{day:02d}/{month:02d}/25 {hh:02d}.{mm:02d}] ")
            if role == "C":
                b.value(conv.customer.data["person"].full, "PERSON")
                b.raw(": ")
            else:
                b.raw(f"{ctx.company} CS: ")
        elif style == "tags":
            b.raw(_tag(label))
        if role == "C":
            lower = ctx.chance(0.25)
            lang = ctx.lang

            def lit_t(s: str, lower: bool = lower, lang: str = lang) -> str:
                if slang:
                    s = slangify(ctx, s, lang)
                if ctx.chance(0.06):
                    s = typo(ctx, s)
                return s.lower() if lower else s
            b.segs(segs, lit_t, str.lower if lower else None)
            if ctx.chance(0.12):
                b.lit(ctx.pick(EMOJI))
        else:
            b.segs(segs)
        b.end_line("\n")
    return b.text.rstrip("\n ").rstrip(), b.spans


# --------------------------------------------------------------------------------------------
# E-mails
# --------------------------------------------------------------------------------------------

FORM_LABELS = {
    "id": {"name": "Nama lengkap", "phone": "No. HP", "email": "Email", "card": "No. kartu", "nik": "NIK",
           "npwp": "NPWP", "bank": "No. rekening", "nric": "NRIC/FIN", "ssn": "SSN", "iban": "IBAN",
           "ip": "IP address", "address": "Alamat", "city": "Kota", "dob": "Tanggal lahir"},
    "en": {"name": "Full name", "phone": "Mobile", "email": "Email", "card": "Card number", "nik": "NIK",
           "npwp": "NPWP", "bank": "Account no.", "nric": "NRIC", "ssn": "SSN", "iban": "IBAN",
           "ip": "IP", "address": "Address", "city": "City", "dob": "Date of birth"},
}
EMAIL_SUBJECTS = {
    "id": ["Komplain pesanan {ORDER}", "Permohonan refund", "Kartu hilang - mohon blokir", "Gangguan internet sejak {DDATE}",
           "Pertanyaan NPWP", "Klaim asuransi {TICKET}", "Perubahan data nasabah", "Tiket {TICKET} belum ada tindak lanjut",
           "Mohon bantuan", "Transfer {REF} belum masuk"],
    "en": ["Order {ORDER} not delivered", "Refund request", "Lost card - please block", "Internet outage",
           "Question about my tax ID", "Claim {TICKET}", "Update of personal details", "Transfer {REF} pending",
           "Urgent: account issue", "Follow-up on ticket {TICKET}"],
}
EMAIL_GREET = {"id": ["Yth. Tim Customer Service {CO},", "Selamat pagi,", "Dengan hormat,", "Halo {CO},", "Kepada Yth. {CO},"],
               "en": ["Dear Sir/Madam,", "Hi team,", "Hello,", "Dear {CO} Support,", "Good day,"]}
EMAIL_CLOSE = {"id": ["Terima kasih atas bantuannya.", "Mohon segera ditindaklanjuti.", "Atas perhatiannya saya ucapkan terima kasih.",
                      "Ditunggu kabarnya."],
               "en": ["Thanks in advance.", "Looking forward to your reply.", "Appreciate your help on this.",
                      "Please get back to me as soon as possible."]}
EMAIL_SIGNOFF = {"id": ["Salam,", "Hormat saya,", "Terima kasih,", "Salam hangat,"],
                 "en": ["Regards,", "Best,", "Thanks,", "Kind regards,", "Cheers,"]}
EMAIL_DETAILS_INTRO = {"id": ["Berikut data saya:", "Data untuk verifikasi:", "Sebagai informasi, data saya sebagai berikut:"],
                       "en": ["My details are below:", "For verification:", "Here are my details:"]}
DISCLAIMER = {
    "id": "PERHATIAN: Email ini beserta lampirannya bersifat rahasia dan hanya ditujukan untuk penerima yang dimaksud. "
          "{CO} tidak pernah meminta PIN, password, atau kode OTP Anda.",
    "en": "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee. "
          "If you received it in error, please delete it. {CO} will never ask for your password or OTP.",
}
AGENT_REPLY = {
    "id": ["Terima kasih telah menghubungi kami. Laporan Anda sudah kami terima dengan nomor tiket {TICKET}.",
           "Mohon maaf atas ketidaknyamanan yang terjadi. Kasus Anda sedang kami proses, estimasi {COUNT} hari kerja.",
           "Kami sudah melakukan pengecekan dan dana sebesar {AMOUNT} akan dikembalikan paling lambat {DDATE}."],
    "en": ["Thank you for contacting us. Your case has been logged under ticket {TICKET}.",
           "We're sorry for the inconvenience. Your case is being processed and should take {COUNT} working days.",
           "We have checked your account and {AMOUNT} will be refunded by {DDATE}."],
}


def email_date(ctx: Ctx) -> str:
    rng = ctx.rng
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return (f"{rng.choice(days)}, {rng.randint(1, 28)} {rng.choice(EN_MONTHS_SHORT)} 2025 "
            f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
            f"{rng.choice(['+0700', '+0800', '+0700'])}")


def email_body(ctx: Ctx, lang: str, values: list[tuple[str, Val]], person_val: Val | None) -> list[list[Seg]]:
    """The customer's own message, as lines of segments."""
    lines: list[list[Seg]] = []
    lines.append(fill(ctx, ctx.pick(EMAIL_GREET[lang]), lang))
    lines.append([])
    lines.append(fill(ctx, pick_tpl(ctx, ISSUES[ctx.domain][lang], formal=True), lang))
    if ctx.chance(0.3):
        lines.append(fill(ctx, tpl(ctx, "name_words", lang, formal=True), lang))
    if values:
        if ctx.chance(0.45):
            lines.append([])
            lines.append([Seg(ctx.pick(EMAIL_DETAILS_INTRO[lang]))])
            bullet = ctx.pick(["- ", "", "* ", "\u2022 "])
            for key, v in values:
                lines.append([Seg(f"{bullet}{FORM_LABELS[lang][key]}: ")] + mention(ctx, v, lang))
        else:
            sentence: list[Seg] = []
            for key, v in values:
                if key == "name":
                    continue
                sentence += fill(ctx, pick_tpl(ctx, ANS[key][lang], formal=True), lang,
                                 {"V": v, "BANK": bank_name_seg(ctx, v)} if key == "bank" else {"V": v}) + [Seg(" ")]
            if sentence:
                lines.append(sentence)
    if ctx.chance(0.4):
        c_line, _ = ctx.pick(CHATTER[lang])
        if channel_ok(ctx, c_line) and c_line[:1] not in "~^":
            lines.append(fill(ctx, c_line, lang))
    lines.append([])
    lines.append([Seg(ctx.pick(EMAIL_CLOSE[lang]))])
    lines.append([])
    lines.append([Seg(ctx.pick(EMAIL_SIGNOFF[lang]))])
    if person_val is not None:
        lines.append(mention(ctx, person_val, lang))
    else:
        lines.append([Seg(ctx.pick(["Pelanggan", "Nasabah"] if lang == "id" else ["A frustrated customer", "Customer"]))])
    return lines


def build_email(ctx: Ctx, has_pii: bool) -> tuple[str, list[dict]]:
    rng = ctx.rng
    lang = ctx.lang
    person = make_person(rng, ctx.region)
    pv = Val("PERSON", {"person": person}) if has_pii else None
    keys = choose_keys(ctx) if has_pii else []
    values = make_values(ctx, keys, person)
    if has_pii and ctx.chance(0.4):
        values.insert(0, ("name", pv))
    given = [v for k, v in values if k == "email"]
    email_v = (given[0] if given and ctx.chance(0.7) else gen_email(ctx, person)) if has_pii else None
    role_box = ctx.pick(ROLE_MAILBOX[ctx.domain])
    subject = fill(ctx, ctx.pick(EMAIL_SUBJECTS[lang]), lang)
    kind = rng.choice(["customer", "reply", "forward"]) if has_pii else "customer"
    lines: list[list[Seg]] = []
    body = email_body(ctx, lang, values, pv)
    sig_extra: list[list[Seg]] = []
    if has_pii and ctx.chance(0.5):
        phone = gen_phone(ctx)
        sig_extra.append([Seg(ctx.pick(["HP: ", "Mobile: ", "Tel: ", "WA: ", "Telp. "]))] + mention(ctx, phone, lang))
    if has_pii and ctx.chance(0.2):
        addr = gen_address(ctx)
        chunks, seps = render_value(ctx, addr, lang)
        if len(chunks) >= 3 and ctx.chance(0.5):
            seps = [seps[0]] + ["\n"] + seps[2:] if len(seps) >= 2 else seps
            # a signature address broken over two lines: still one LOCATION span
            text = join_form((chunks, seps)).replace(",\n", "\n").replace(" \n", "\n")
        else:
            text = join_form((chunks, seps))
        sig_extra.append([Seg(text, "LOCATION")])
    if ctx.chance(0.2):
        sig_extra.append([Seg(ctx.pick(["Sent from my iPhone", "Dikirim dari Yahoo Mail di Android", "Get Outlook for Android"]))])

    if kind == "customer":
        if has_pii:
            lines.append([Seg("From: ")] + mention(ctx, pv, lang) + [Seg(" <")] + mention(ctx, email_v, lang) + [Seg(">")])
        lines.append([Seg("To: "), Seg(role_box, FIXED)])
        lines.append([Seg("Date: "), Seg(email_date(ctx), FIXED)])
        lines.append([Seg("Subject: ")] + subject)
        lines.append([])
        lines += body + sig_extra
        if has_pii and ctx.chance(0.3):
            lines.append([])
            lines.append([Seg(ctx.pick(["Pada ", "On "]) + email_date(ctx) + ", " + ctx.company + " <"), Seg(role_box, FIXED),
                          Seg(ctx.pick(["> menulis:", "> wrote:"]))])
            for seg_line in (fill(ctx, ctx.pick(AGENT_REPLY[lang]), lang), fill(ctx, DISCLAIMER[lang], lang)):
                lines.append([Seg("> ", FIXED)] + seg_line)
    else:
        ap = make_person(rng, ctx.region if ctx.region != "intl" else "sg")
        av = Val("PERSON", {"person": ap})
        first = re.sub(r"[^a-z]", "", ap.first.lower())
        last = re.sub(r"[^a-z]", "", ap.last.lower())
        agent_mail = Val("EMAIL_ADDRESS", {"local": f"{first}.{last}" if last else first,
                                           "domain": role_box.split("@")[1]})
        if kind == "reply":
            lines.append([Seg("From: ")] + mention(ctx, av, lang) + [Seg(" <")] + mention(ctx, agent_mail, lang) + [Seg(">")])
            lines.append([Seg("To: ")] + mention(ctx, pv, lang) + [Seg(" <")] + mention(ctx, email_v, lang) + [Seg(">")])
            lines.append([Seg("Subject: RE: ")] + subject)
            lines.append([])
            greet = "Yth. " if lang == "id" else "Dear "
            lines.append([Seg(greet)] + ts_segs(ctx, pv, lang) + [Seg(",")])
            lines.append([])
            lines.append(fill(ctx, ctx.pick(AGENT_REPLY[lang]), lang))
            for key, v in values:
                if key != "name" and ctx.chance(0.5):
                    lines.append(fill(ctx, pick_tpl(ctx, T["verify"][lang], formal=True), lang,
                                      {"N": ctx.pick(NOUNS[lang][key]), "V": v}))
            lines.append([])
            lines.append([Seg(ctx.pick(EMAIL_SIGNOFF[lang]))])
            lines.append(mention(ctx, av, lang))
            lines.append([Seg(f"Customer Care {ctx.company}")])
            lines.append([])
            lines.append(fill(ctx, DISCLAIMER[lang], lang))
            lines.append([])
            date = email_date(ctx)
            if lang == "id" or ctx.chance(0.3):
                head = [Seg(f"Pada {date}, ")] + mention(ctx, pv, lang) + [Seg(" <")] + mention(ctx, email_v, lang) + [Seg("> menulis:")]
            else:
                head = [Seg(f"On {date}, ")] + mention(ctx, pv, lang) + [Seg(" <")] + mention(ctx, email_v, lang) + [Seg("> wrote:")]
            lines.append(head)
            for line in body + [l for l in sig_extra if not any(s.type == "LOCATION" and "\n" in s.text for s in l)]:
                lines.append([Seg(">", FIXED)] + ([Seg(" ")] + line if line else []))
        else:  # internal forward / escalation
            lines.append([Seg("From: ")] + mention(ctx, av, lang) + [Seg(" <")] + mention(ctx, agent_mail, lang) + [Seg(">")])
            lines.append([Seg("To: "), Seg(ctx.pick(["escalation", "tier2", "backoffice"]) + "@" + role_box.split("@")[1], FIXED)])
            lines.append([Seg("Subject: FW: ")] + subject)
            lines.append([])
            lines.append([Seg(ctx.pick(["Tim, mohon bantu cek kasus di bawah ya.", "Mohon dibantu follow up, terima kasih."] if lang == "id"
                                       else ["Team, please look into the case below.", "Escalating this one, thanks."]))])
            lines.append([])
            lines.append(mention(ctx, av, lang))
            lines.append([])
            lines.append([Seg("-----Original Message-----")])
            lines.append([Seg("From: ")] + mention(ctx, pv, lang) + [Seg(" [mailto:")] + mention(ctx, email_v, lang) + [Seg("]")])
            lines.append([Seg("Sent: "), Seg(email_date(ctx), FIXED)])
            lines.append([Seg("To: "), Seg(role_box, FIXED)])
            lines.append([Seg("Subject: ")] + subject)
            lines.append([])
            lines += body + sig_extra
    b = Builder()
    for line in lines:
        b.segs(line)
        b.end_line("\n")
    return b.text.rstrip(), b.spans


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------

DOMAIN_WEIGHTS = {
    "id": {"bank_id": 20, "ecom_id": 22, "isp_id": 16, "tax_id": 12, "ins_id": 10, "sg_telco": 6, "sg_bank": 6, "remit": 8},
    "en": {"bank_id": 8, "ecom_id": 8, "isp_id": 6, "tax_id": 5, "ins_id": 5, "sg_telco": 22, "sg_bank": 22, "remit": 24},
}


def _check(doc: dict) -> None:
    prev = 0
    for sp in doc["spans"]:
        s, e = sp["start"], sp["end"]
        assert prev <= s < e <= len(doc["text"]), (doc["id"], sp)
        piece = doc["text"][s:e]
        assert piece == piece.strip(), (doc["id"], piece)
        prev = e


def generate(n: int = 600, seed: int = 7) -> list[dict]:
    """``n`` labelled documents, deterministic for ``seed``."""
    rng = random.Random(seed)
    docs: list[dict] = []
    for i in range(n):
        channel = rng.choices(["chat", "call_asr", "email"], [45, 40, 15])[0]
        lang = "id" if rng.random() < 0.5 else "en"
        weights = DOMAIN_WEIGHTS[lang]
        domain = rng.choices(list(weights), list(weights.values()))[0]
        mix = 0.0 if rng.random() < 0.65 else rng.choice([0.1, 0.15, 0.25])
        ctx = Ctx(rng=rng, lang=lang, channel=channel, region=DOMAIN_REGION[domain], domain=domain, mix=mix,
                  zero_id=rng.choice(["kosong", "kosong", "nol"]), zero_en=rng.choice(["oh", "oh", "o", "zero"]),
                  company=rng.choice(COMPANIES[domain]))
        has_pii = rng.random() >= 0.2
        if channel == "email":
            text, spans = build_email(ctx, has_pii)
        else:
            text, spans = render_conversation(ctx, build_conversation(ctx, has_pii))
        doc = {"id": f"b{i + 1:04d}", "lang": lang, "channel": channel, "text": text,
               "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans]}
        _check(doc)
        docs.append(doc)
    return docs


def summarize(docs: Sequence[dict]) -> str:
    from collections import Counter
    types = Counter(sp["type"] for d in docs for sp in d["spans"])
    docs_with = Counter(t for d in docs for t in {sp["type"] for sp in d["spans"]})
    lines = [f"documents: {len(docs)}  spans: {sum(types.values())}  without PII: {sum(1 for d in docs if not d['spans'])}",
             "channel: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(d['channel'] for d in docs).items())),
             "lang: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(d['lang'] for d in docs).items())),
             "type: spans (documents)"]
    for t in PII_TYPES:
        lines.append(f"  {t:<14} {types.get(t, 0):>5} ({docs_with.get(t, 0)})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=600, help="number of documents (default 600)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("-o", "--output", default="-", help="output JSONL file, '-' for stdout (default)")
    ap.add_argument("--summary", action="store_true", help="print counts per type / channel / language to stderr")
    args = ap.parse_args(argv)
    docs = generate(args.n, args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    except BrokenPipeError:      # e.g. piped into `head`
        return 0
    finally:
        if out is not sys.stdout:
            out.close()
    if args.summary or args.output != "-":
        print(summarize(docs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
