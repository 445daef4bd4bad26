"""Labeled synthetic contact-center corpus (chat, email, call transcripts) for redaction evaluation.

    .venv/bin/python bench/corpus.py -n 600 --seed 1 -o corpus.jsonl
    .venv/bin/python bench/corpus.py --mb 100 --seed 7 -o big.jsonl

Each transcript carries gold spans (type, start, end) recorded while the text is built, so
`text[start:end]` is exactly the PII surface. Deterministic per seed. Independent of the
detectors in redaction/ (never imports them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

HERE = Path(__file__).resolve().parent


def _load_data():
    name = "kawal_bench_corpus_data"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "corpus_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


D = _load_data()

ENTITY_TYPES = (
    "PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "ID_NIK", "ID_NPWP", "BANK_ACCOUNT",
    "SG_NRIC", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "LOCATION", "DATE_OF_BIRTH",
)


@dataclass(frozen=True)
class Gold:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class Transcript:
    id: str
    channel: str  # "chat" | "email" | "call"
    lang: str  # "id" | "en" | "mixed"
    text: str
    gold: tuple[Gold, ...]


# -- text builder ----------------------------------------------------------------------------------

_CALL_DROP = re.compile(r"[.,?!;:\"()/]")


def call_clean(s: str) -> str:
    """Speech-to-text style: lowercase, no punctuation, single spaces."""
    return re.sub(r"[ \t]+", " ", _CALL_DROP.sub(" ", s.lower()))


class Builder:
    """Appends text pieces and records gold offsets as it goes."""

    def __init__(self, call: bool = False, lower: bool = False) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.gold: list[Gold] = []
        self.call = call
        self.lower = lower

    def _norm(self, s: str) -> str:
        if self.call:
            return call_clean(s)
        return s.lower() if self.lower else s

    def raw(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def text(self, s: str) -> None:
        self.raw(self._norm(s))

    def pii(self, typ: str, surface: str) -> None:
        s = self._norm(surface) if not self.call else surface
        if self.call and s != call_clean(s):
            raise ValueError(f"call surface not clean: {s!r}")
        if not s or s != s.strip():
            raise ValueError(f"bad surface {s!r}")
        self.gold.append(Gold(typ, self.pos, self.pos + len(s)))
        self.raw(s)

    def pieces(self, pieces: list) -> None:
        for p in pieces:
            if isinstance(p, tuple):
                self.pii(*p)
            else:
                self.text(p)

    def build(self) -> tuple[str, tuple[Gold, ...]]:
        return "".join(self.parts), tuple(self.gold)


_PH = re.compile(r"\{([A-Za-z_0-9]+)\}")


def fill(template: str, values: dict) -> list:
    """Template with {KEY} holes -> pieces. values[KEY] is a str (plain) or (type, surface) (gold)."""
    out: list = []
    last = 0
    for m in _PH.finditer(template):
        if m.start() > last:
            out.append(template[last:m.start()])
        out.append(values[m.group(1)])
        last = m.end()
    if last < len(template):
        out.append(template[last:])
    return out


# -- numbers in words ------------------------------------------------------------------------------

ID_DIG = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
EN_DIG = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def id_num(n: int) -> str:
    if n < 10:
        return ID_DIG[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{ID_DIG[n - 10]} belas"
    if n < 100:
        return f"{ID_DIG[n // 10]} puluh" + (f" {ID_DIG[n % 10]}" if n % 10 else "")
    if n < 1000:
        head = "seratus" if n // 100 == 1 else f"{ID_DIG[n // 100]} ratus"
        return head + (f" {id_num(n % 100)}" if n % 100 else "")
    if n < 1_000_000:
        head = "seribu" if n // 1000 == 1 else f"{id_num(n // 1000)} ribu"
        return head + (f" {id_num(n % 1000)}" if n % 1000 else "")
    head = f"{id_num(n // 1_000_000)} juta"
    return head + (f" {id_num(n % 1_000_000)}" if n % 1_000_000 else "")


def en_num(n: int) -> str:
    if n < 10:
        return EN_DIG[n]
    if n < 20:
        return EN_TEENS[n - 10]
    if n < 100:
        return EN_TENS[n // 10] + (f" {EN_DIG[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{EN_DIG[n // 100]} hundred" + (f" {en_num(n % 100)}" if n % 100 else "")
    if n < 1_000_000:
        return f"{en_num(n // 1000)} thousand" + (f" {en_num(n % 1000)}" if n % 1000 else "")
    return f"{en_num(n // 1_000_000)} million" + (f" {en_num(n % 1_000_000)}" if n % 1_000_000 else "")


def num(n: int, lang: str) -> str:
    return id_num(n) if lang == "id" else en_num(n)


def year_words(y: int, lang: str, rng: random.Random) -> str:
    hi, lo = divmod(y, 100)
    if lang == "id":
        if y >= 2000 or rng.random() < 0.3:
            return id_num(y)  # "dua ribu satu", "seribu sembilan ratus delapan puluh lima"
        return f"{id_num(hi)} {id_num(lo)}" if lo else f"{id_num(hi)} ratus"
    if 2000 <= y < 2010 or rng.random() < 0.1:
        return en_num(y)  # "two thousand one"
    if lo == 0:
        return f"{en_num(hi)} hundred"
    return f"{en_num(hi)} " + (f"oh {EN_DIG[lo]}" if lo < 10 else en_num(lo))


_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
        "nine": "ninth", "twelve": "twelfth"}


def en_ordinal(n: int) -> str:
    words = en_num(n).split()
    last = words[-1]
    if last in _ORD:
        last = _ORD[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join(words[:-1] + [last])


def spoken_digits(s: str, lang: str, rng: random.Random, pairs: float = 0.0, runs: float = 0.5) -> str:
    """Read a digit string aloud: digit by digit, with double/triple runs and sometimes pairs."""
    if lang == "id":
        zero = rng.choice(["kosong", "kosong", "nol"])
        dig = [zero] + ID_DIG[1:]
        dbl, tpl = ("double", "triple") if rng.random() < 0.8 else ("dobel", "tripel")
    else:
        zero = rng.choice(["zero", "oh", "oh"])
        dig = [zero] + EN_DIG[1:]
        dbl, tpl = "double", "triple"
    use_runs = rng.random() < runs
    use_pairs = rng.random() < pairs
    out: list[str] = []
    i = 0
    while i < len(s):
        d = int(s[i])
        r = 1
        while i + r < len(s) and s[i + r] == s[i]:
            r += 1
        if use_runs and r >= 3 and rng.random() < 0.6:
            out.append(f"{tpl} {dig[d]}")
            i += 3
        elif use_runs and r >= 2 and rng.random() < 0.7:
            out.append(f"{dbl} {dig[d]}")
            i += 2
        elif use_pairs and d != 0 and i + 1 < len(s) and rng.random() < 0.5:
            out.append(num(int(s[i:i + 2]), lang))
            i += 2
        else:
            out.append(dig[d])
            i += 1
    return " ".join(out)


# -- PII values ------------------------------------------------------------------------------------


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def group(s: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for k in sizes:
        if i >= len(s):
            break
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)


def luhn_ok(num_s: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num_s)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def card_number(rng: random.Random) -> str:
    prefix = "4" if rng.random() < 0.55 else str(rng.randint(51, 55))
    body = prefix + digits(rng, 15 - len(prefix))
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


NIK_PROVINCES = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63,
                 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96]


def nik(rng: random.Random, dob: dt.date, female: bool) -> str:
    day = dob.day + (40 if female else 0)
    return (f"{rng.choice(NIK_PROVINCES):02d}{rng.randint(1, 79):02d}{rng.randint(1, 49):02d}"
            f"{day:02d}{dob.month:02d}{dob.year % 100:02d}{rng.randint(1, 999):04d}")


def npwp(rng: random.Random) -> str:
    d = digits(rng, 15)
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"


NRIC_LETTERS = "JZIHGFEDCBA"


def nric(rng: random.Random) -> str:
    prefix = rng.choice("SSST")
    body = digits(rng, 7)
    total = sum(int(c) * w for c, w in zip(body, (2, 7, 6, 5, 4, 3, 2))) + (4 if prefix == "T" else 0)
    return prefix + body + NRIC_LETTERS[total % 11]


def ssn(rng: random.Random) -> str:
    area = rng.choice([rng.randint(1, 665), rng.randint(667, 899)])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{98 - n % 97:02d}"


def iban(rng: random.Random) -> str:
    country = rng.choice(["GB", "DE", "NL"])
    if country == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(rng, 14)
    elif country == "DE":
        bban = digits(rng, 18)
    else:
        bban = rng.choice(["ABNA", "INGB", "RABO", "TRIO"]) + digits(rng, 10)
    return country + iban_check(country, bban) + bban


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def ip_address(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return f"{rng.choice(['203.0.113', '198.51.100', '192.0.2'])}.{rng.randint(2, 254)}"
    first = rng.choice([36, 103, 110, 114, 118, 125, 139, 180, 182, 202, 27, 49, 58, 116, 8, 66])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def birth_date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))


_ALPHA = re.compile(r"^[A-Za-z]+$")


def _clean_name(gen) -> str:
    for _ in range(50):
        s = gen()
        if _ALPHA.match(s):
            return s
    return "Budi"


@dataclass
class Persona:
    region: str  # "ID" | "SG" | "US"
    full: str  # full name as written
    first: str  # used after Kak/Halo
    last: str  # used after Mr/Ms
    female: bool
    dob: dt.date
    email: str
    phone: str  # digits only, national form (ID 08..., SG 8 digits, US 10 digits)


def make_persona(rng: random.Random, fk_id: Faker, fk_en: Faker, region: str) -> Persona:
    female = rng.random() < 0.5
    if region == "SG":
        full, first, last, g = rng.choice(D.SG_NAMES)
        female = g == "f"
    elif region == "ID":
        first = _clean_name(fk_id.first_name_female if female else fk_id.first_name_male)
        last = _clean_name(fk_id.last_name_female if female else fk_id.last_name_male)
        if rng.random() < 0.15:
            full = first
        elif rng.random() < 0.2:
            full = f"{first} {_clean_name(fk_id.first_name)} {last}"
        else:
            full = f"{first} {last}"
        last = first  # Indonesians are addressed by their first name ("Pak Budi")
    else:
        first = _clean_name(fk_en.first_name_female if female else fk_en.first_name_male)
        last = _clean_name(fk_en.last_name)
        full = f"{first} {last}"
    parts = full.lower().replace(" binte ", " ").replace(" bin ", " ").split()
    f0, l0 = parts[0], parts[-1]
    style = rng.randrange(6)
    local = [f"{f0}.{l0}", f"{f0}{l0}", f"{f0}_{l0}", f"{f0[0]}.{l0}", f"{f0}{rng.randint(1, 99)}",
             f"{f0}.{l0}{rng.randint(70, 99)}"][style if len(parts) > 1 else 4]
    domains = {"ID": D.EMAIL_DOMAINS_ID, "SG": D.EMAIL_DOMAINS_SG, "US": D.EMAIL_DOMAINS_US}[region]
    email = f"{local}@{rng.choice(domains)}"
    if region == "ID":
        p = rng.choice(D.ID_MOBILE_PREFIXES)
        phone = p + digits(rng, rng.choice([6, 7, 8, 8, 8, 9]))
    elif region == "SG":
        phone = rng.choice("89") + digits(rng, 7)
    else:
        phone = str(rng.randint(201, 989)) + "555" + digits(rng, 4)
    return Persona(region, full, first, last, female, birth_date(rng), email, phone)


# written and spoken surfaces -----------------------------------------------------------------------


def phone_written(p: Persona, rng: random.Random) -> str:
    d = p.phone
    if p.region == "ID":
        rest = d[1:]
        return rng.choice([
            group(d, [4, 4], "-"), group(d, [4, 4], " "), d, d,
            "+62 " + group(rest, [3, 4], " "), "+62 " + group(rest, [3, 4], "-"), "+62" + rest,
            "62" + rest, group(d, [4, 3, 3], "-"),
        ])
    if p.region == "SG":
        return rng.choice([f"+65 {d[:4]} {d[4:]}", f"{d[:4]} {d[4:]}", d, f"+65{d}", f"65 {d}",
                           f"+65-{d[:4]}-{d[4:]}"])
    return rng.choice([f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"+1 {d[:3]} {d[3:6]} {d[6:]}"])


def phone_spoken(p: Persona, lang: str, rng: random.Random) -> str:
    d = p.phone
    if rng.random() < 0.12:  # ASR emitted digits
        return group(d, [4, 4], " ") if p.region != "US" else f"{d[:3]} {d[3:6]} {d[6:]}"
    if p.region == "ID" and rng.random() < 0.25:
        plus = "plus enam dua" if lang == "id" else "plus six two"
        return f"{plus} {spoken_digits(d[1:], lang, rng, pairs=0.2)}"
    if p.region == "SG" and rng.random() < 0.3:
        return f"plus six five {spoken_digits(d, lang, rng, pairs=0.2)}"
    return spoken_digits(d, lang, rng, pairs=0.25)


def email_spoken(email: str, lang: str, rng: random.Random) -> str:
    dot = "titik" if lang == "id" and rng.random() < 0.6 else "dot"
    at = rng.choice(["et", "at"]) if lang == "id" else "at"
    dash = "strip" if lang == "id" else "dash"
    out: list[str] = []
    for tok in re.findall(r"[a-z]+|[0-9]+|[._@-]", email.lower()):
        if tok == ".":
            out.append(dot)
        elif tok == "_":
            out.append("underscore")
        elif tok == "-":
            out.append(dash)
        elif tok == "@":
            out.append(at)
        elif tok.isdigit():
            out.append(spoken_digits(tok, lang, rng, pairs=0.5) if len(tok) > 1 else num(int(tok), lang))
        else:
            out.append(tok)
    return " ".join(out)


def card_written(c: str, rng: random.Random) -> str:
    return rng.choice([group(c, [4] * 4, " "), group(c, [4] * 4, "-"), c, group(c, [4] * 4, " ")])


def dob_written(d: dt.date, lang: str, rng: random.Random) -> str:
    forms = [f"{d.day:02d}-{d.month:02d}-{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}"]
    if lang == "id":
        forms += [f"{d.day} {D.ID_MONTHS[d.month - 1]} {d.year}", f"{d.day} {D.ID_MONTHS[d.month - 1]} {d.year}",
                  f"{d.day} {D.ID_MONTHS_SHORT[d.month - 1]} {d.year}", f"{d.day}.{d.month:02d}.{d.year}"]
    else:
        forms += [f"{d.day} {D.EN_MONTHS[d.month - 1]} {d.year}", f"{D.EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
                  f"{d.day} {D.EN_MONTHS_SHORT[d.month - 1]} {d.year}", f"{d.year}-{d.month:02d}-{d.day:02d}"]
    return rng.choice(forms)


def dob_spoken(d: dt.date, lang: str, rng: random.Random) -> str:
    y = year_words(d.year, lang, rng)
    if lang == "id":
        if rng.random() < 0.2:
            return f"{id_num(d.day)} {id_num(d.month)} {y}"
        return f"{id_num(d.day)} {D.ID_MONTHS[d.month - 1].lower()} {y}"
    m = D.EN_MONTHS[d.month - 1].lower()
    return rng.choice([f"the {en_ordinal(d.day)} of {m} {y}", f"{m} {en_ordinal(d.day)} {y}",
                       f"{en_num(d.day)} {m} {y}", f"{m} {en_num(d.day)} {y}"])


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def address(p: Persona, rng: random.Random, fk_id: Faker, fk_en: Faker) -> tuple[str, str]:
    """(written, spoken) street-level address for the persona's region."""
    if p.region == "ID":
        kel, kec, city, pre = rng.choice(D.ID_AREAS)
        postal = pre + f"{rng.randint(10, 99)}"
        no, rt, rw = rng.randint(1, 150), rng.randint(1, 15), rng.randint(1, 20)
        st = rng.choice(D.ID_STREETS)
        kota = city if city.startswith("Jakarta") else rng.choice([city, f"Kota {city}", f"Kab. {city}"])
        kota_sp = kota.replace("Kab.", "kabupaten").lower()
        rtrw_sp = f"rt {id_num(rt)} rw {id_num(rw)}"
        k = rng.randrange(6)
        if k == 0:
            w = f"Jl. {st} No. {no}, RT {rt:03d}/RW {rw:03d}, Kel. {kel}, Kec. {kec}, {kota} {postal}"
            s = f"jalan {st.lower()} nomor {id_num(no)} {rtrw_sp} kelurahan {kel.lower()} kecamatan {kec.lower()} {kota_sp}"
        elif k == 1:
            w = f"Jalan {st} no {no} RT {rt:02d} RW {rw:02d} {kel}, {kota}"
            s = f"jalan {st.lower()} nomor {id_num(no)} {rtrw_sp} {kel.lower()} {kota_sp}"
        elif k == 2:
            r = rng.choice(ROMAN)
            w = f"Gg. {st} {r} No. {no}, Kel. {kel}, Kec. {kec}, {kota} {postal}"
            s = f"gang {st.lower()} {id_num(ROMAN.index(r) + 1)} nomor {id_num(no)} kelurahan {kel.lower()} {kota_sp}"
        elif k == 3:
            kp, blk, bn = rng.choice(D.ID_KOMPLEK), rng.choice("ABCDEFGH"), rng.randint(1, 12)
            w = f"Komplek {kp} Blok {blk}{bn} No. {no}, {kota} {postal}"
            s = f"komplek {kp.lower()} blok {blk.lower()} {id_num(bn)} nomor {id_num(no)} {kota_sp}"
        elif k == 4:
            kp, blk = rng.choice(D.ID_KOMPLEK), rng.choice("ABCDEFGH")
            w = f"Perum. {kp} Blok {blk}/{no}, Kec. {kec}, {kota}"
            s = f"perumahan {kp.lower()} blok {blk.lower()} {id_num(no)} kecamatan {kec.lower()} {kota_sp}"
        else:
            fst = fk_id.street_name()
            if not re.match(r"^(Jl\.|Jln\.|Jalan|Gg\.|Gang) [A-Za-z ]+$", fst):
                fst = f"Jln. {st}"
            w = f"{fst} No. {no}, RT {rt:02d}/RW {rw:02d}, {kel}, {kota} {postal}"
            name = re.sub(r"^(Jl\.|Jln\.|Jalan|Gg\.|Gang) ", "", fst).lower()
            s = f"jalan {name} nomor {id_num(no)} {rtrw_sp} {kel.lower()} {kota_sp}"
        if rng.random() < 0.3:
            s += f" kode pos {spoken_digits(postal, 'id', rng, runs=0.3)}"
        return w, s
    if p.region == "SG":
        unit_fl, unit_no = rng.randint(2, 25), rng.randint(1, 180)
        unit_w = f"#{unit_fl:02d}-{unit_no:02d}"
        unit_s = (f"{rng.choice(['hash', 'unit'])} {spoken_digits(f'{unit_fl:02d}', 'en', rng, runs=0)} "
                  f"dash {spoken_digits(f'{unit_no:02d}', 'en', rng, runs=0)}")
        if rng.random() < 0.7:
            est, kind, pre = rng.choice(D.SG_ESTATES)
            blk, n = rng.randint(101, 799), rng.randint(1, 9)
            postal = pre + f"{blk:04d}"[-4:]
            w = f"{rng.choice(['Blk', 'Block'])} {blk} {est} {kind} {n} {unit_w} Singapore {postal}"
            kind_s = D.SG_ABBR_SPOKEN.get(kind, kind.lower())
            blk_s = spoken_digits(str(blk), "en", rng, runs=0) if rng.random() < 0.6 else en_num(blk)
            s = f"block {blk_s} {est.lower()} {kind_s} {en_num(n)} {unit_s} singapore {spoken_digits(postal, 'en', rng)}"
        else:
            road, no = rng.choice(D.SG_ROADS), rng.randint(1, 600)
            postal = f"{rng.randint(10, 28)}{rng.randint(1000, 9999)}"
            w = f"{no} {road} {unit_w} Singapore {postal}" if rng.random() < 0.6 else f"{no} {road}, {unit_w}, S({postal})"
            s = f"{en_num(no)} {road.lower()} {unit_s} singapore {spoken_digits(postal, 'en', rng)}"
        return w, s
    st_abbr = rng.choice(list(D.US_STATES))
    bno = rng.randint(10, 9899)
    street = re.sub(r"[^A-Za-z ]", "", fk_en.street_name())
    city = re.sub(r"[^A-Za-z ]", "", fk_en.city())
    zipc = f"{rng.randint(10000, 99899)}"
    w = f"{bno} {street}, {city}, {st_abbr} {zipc}"
    if rng.random() < 0.2:
        w = f"{bno} {street} Apt {rng.randint(1, 40)}{rng.choice('ABCD')}, {city}, {st_abbr} {zipc}"
    hi, lo = divmod(bno, 100)
    bno_s = en_num(bno) if bno < 1000 or rng.random() < 0.3 else (
        f"{en_num(hi)} hundred" if lo == 0 else f"{en_num(hi)} {'oh ' + EN_DIG[lo] if lo < 10 else en_num(lo)}")
    s = f"{bno_s} {street.lower()} {city.lower()} {D.US_STATES[st_abbr].lower()} {spoken_digits(zipc, 'en', rng)}"
    return w, s


# -- negatives ---------------------------------------------------------------------------------------


def neg_values(rng: random.Random, lang: str, call: bool) -> dict[str, str]:
    """Plain (unlabelled) fillers that look number-ish: orders, amounts, times, dates, ..."""
    L = "id" if lang == "id" or (lang == "mixed" and rng.random() < 0.7) else "en"
    sg = rng.random() < 0.5
    if call:
        if L == "id":
            amount = rng.choice([f"{id_num(rng.choice([50, 75, 100, 150, 200, 250, 500]))} ribu",
                                 f"{id_num(rng.randint(1, 9))} juta {id_num(rng.choice([100, 250, 500]))} ribu rupiah",
                                 f"{id_num(rng.choice([150, 200, 350]))} ribu rupiah"])
            time = f"{id_num(rng.randint(1, 12))} {rng.choice(['pagi', 'siang', 'sore', 'malam'])}"
            date = f"tanggal {id_num(rng.randint(1, 28))} {D.ID_MONTHS[rng.randrange(12)].lower()}"
            qty = f"{id_num(rng.randint(2, 12))} {rng.choice(['unit', 'buah', 'pcs', 'kotak'])}"
        else:
            amount = rng.choice([f"{en_num(rng.randint(20, 300))} dollars",
                                 f"{en_num(rng.randint(5, 99))} dollars {en_num(rng.randint(10, 99))}"])
            time = rng.choice([f"{en_num(rng.randint(1, 12))} {en_num(rng.choice([15, 30, 45]))} pm",
                               f"{en_num(rng.randint(1, 12))} in the {rng.choice(['morning', 'afternoon'])}"])
            date = f"the {en_ordinal(rng.randint(1, 28))} of {D.EN_MONTHS[rng.randrange(12)].lower()}"
            qty = f"{en_num(rng.randint(2, 12))} {rng.choice(['units', 'boxes', 'items'])}"
        ticket = spoken_digits(str(rng.randint(10000, 999999)), L, rng, pairs=0.3)
        # Where the customer is ("saya tinggal di depok", "i'm in tampines") is their location: PII.
        city = ("LOCATION", rng.choice(D.ID_CITIES_BARE if L == "id" else D.SG_PLACES_BARE).lower())
        return dict(amount=amount, time=time, date=date, qty=qty, ticket=ticket, city=city)
    if L == "id":
        amount = rng.choice([f"Rp {rng.randint(1, 9)}.{rng.randint(0, 999):03d}.000", f"Rp{rng.randint(10, 999)}.000",
                             f"rp {rng.choice([50, 150, 200, 350])} ribu", f"Rp {rng.randint(1, 20)} juta",
                             f"IDR {rng.randint(100, 999)},000"])
        date = rng.choice([f"{rng.randint(1, 28)} {D.ID_MONTHS[rng.randrange(12)]}",
                           f"{rng.randint(1, 28)} {D.ID_MONTHS[rng.randrange(12)]} {rng.randint(2023, 2025)}",
                           f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}"])
        time = f"{rng.randint(7, 22):02d}.{rng.choice(['00', '15', '30', '45'])}"
        qty = f"{rng.randint(2, 12)} {rng.choice(['unit', 'pcs', 'buah', 'dus'])}"
    else:
        amount = rng.choice([f"${rng.randint(5, 300)}.{rng.randint(0, 99):02d}", f"S${rng.randint(5, 300)}.{rng.randint(0, 99):02d}",
                             f"SGD {rng.randint(20, 900)}", f"USD {rng.randint(1, 9)},{rng.randint(0, 999):03d}.00"])
        date = rng.choice([f"{rng.randint(1, 28)} {D.EN_MONTHS[rng.randrange(12)]} {rng.randint(2023, 2025)}",
                           f"{D.EN_MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}th", f"{rng.randint(1, 12)}/{rng.randint(1, 28)}"])
        time = f"{rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45'])} {rng.choice(['am', 'pm'])}"
        qty = f"{rng.randint(2, 12)} {rng.choice(['units', 'pcs', 'boxes'])}"
    return dict(
        amount=amount, date=date, time=time, qty=qty,
        order=rng.choice([f"INV-{rng.randint(2023, 2025)}-{rng.randint(1, 999999):06d}", f"ORD{rng.randint(10**7, 10**8 - 1)}",
                          f"#{rng.randint(100000, 9999999)}", f"SO-{rng.randint(1000, 99999)}"]),
        ticket=rng.choice([f"TKT-{rng.randint(10000, 99999)}", str(rng.randint(10000, 999999)), f"CS{rng.randint(100000, 999999)}"]),
        tracking=rng.choice([f"JP{rng.randint(10**9, 10**10 - 1)}", f"JNE{rng.randint(10**11, 10**12 - 1)}",
                             f"SPXID0{rng.randint(10**10, 10**11 - 1)}", f"1Z{rng.randint(10**9, 10**10 - 1)}SG"]),
        sku=rng.choice([f"SKU-{rng.choice('ABCDXZ')}{rng.choice('ABKMQ')}-{rng.randint(100, 9999)}", f"BRG-{rng.randint(10000, 99999)}"]),
        version=rng.choice([f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}", f"v{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 30)}"]),
        city=("LOCATION", rng.choice(D.ID_CITIES_BARE if L == "id" or not sg else D.SG_PLACES_BARE)),
    )


# -- conversation assembly ---------------------------------------------------------------------------

SLOTS_BY_REGION = {
    "ID": ["phone", "email", "nik", "npwp", "bank", "card", "address", "dob", "ip", "iban"],
    "SG": ["phone", "email", "nric", "card", "address", "dob", "bank", "iban", "ip"],
    "US": ["phone", "email", "ssn", "card", "address", "dob", "iban", "ip", "bank"],
}
SLOT_WEIGHTS = {"phone": 5, "email": 5, "nik": 4, "npwp": 2, "bank": 4, "card": 3, "address": 4, "dob": 4,
                "nric": 7, "ssn": 7, "iban": 1.2, "ip": 1.5}
SLOT_TYPE = {"phone": "PHONE_NUMBER", "email": "EMAIL_ADDRESS", "nik": "ID_NIK", "npwp": "ID_NPWP",
             "bank": "BANK_ACCOUNT", "card": "CREDIT_CARD", "address": "LOCATION", "dob": "DATE_OF_BIRTH",
             "nric": "SG_NRIC", "ssn": "US_SSN", "iban": "IBAN_CODE", "ip": "IP_ADDRESS"}


@dataclass
class Ctx:
    rng: random.Random
    fk_id: Faker
    fk_en: Faker
    channel: str
    lang: str
    p: Persona
    agent: str

    @property
    def call(self) -> bool:
        return self.channel == "call"

    def pick(self, pools: dict) -> str:
        """A template from the pool for this transcript's language (mixed draws from all)."""
        if self.lang == "mixed":
            keys = [k for k in ("id", "en", "mix") if k in pools]
        else:
            keys = [self.lang] if self.lang in pools else [k for k in ("mix", "id", "en") if k in pools][:1]
        return self.rng.choice(pools[self.rng.choice(keys)])

    def speech_lang(self) -> str:
        if self.p.region != "ID" or self.lang == "en":
            return "en"
        return "id" if self.lang == "id" or self.rng.random() < 0.75 else "en"

    def name(self, s: str) -> tuple[str, str]:
        return ("PERSON", s.lower() if self.call else s)


def slot_value(slot: str, c: Ctx) -> tuple[str, str]:
    rng, p, call = c.rng, c.p, c.call
    sl = c.speech_lang()
    typ = SLOT_TYPE[slot]
    if slot == "phone":
        v = phone_spoken(p, sl, rng) if call else phone_written(p, rng)
    elif slot == "email":
        v = email_spoken(p.email, sl, rng) if call else (p.email if rng.random() < 0.8 else p.email.capitalize())
    elif slot == "nik":
        n = nik(rng, p.dob, p.female)
        v = spoken_digits(n, sl, rng, pairs=0.15) if call else (n if rng.random() < 0.85 else group(n, [4] * 4, " "))
    elif slot == "npwp":
        n = npwp(rng)
        v = spoken_digits(re.sub(r"\D", "", n), sl, rng) if call else n
    elif slot == "bank":
        a = digits(rng, rng.choice([10, 10, 12, 13, 15]))
        v = spoken_digits(a, sl, rng, pairs=0.2) if call else rng.choice(
            [a, a, group(a, [4, 4], " "), group(a, [3, 3, 4], "-"), group(a, [4, 4], "-")])
    elif slot == "card":
        n = card_number(rng)
        if call:
            v = group(n, [4] * 4, " ") if rng.random() < 0.1 else spoken_digits(n, sl, rng, pairs=0.15)
        else:
            v = card_written(n, rng)
    elif slot == "address":
        w, s = address(p, rng, c.fk_id, c.fk_en)
        v = s if call else w
    elif slot == "dob":
        v = dob_spoken(p.dob, sl, rng) if call else dob_written(p.dob, "id" if c.lang == "id" else sl, rng)
    elif slot == "nric":
        n = nric(rng)
        v = f"{n[0].lower()} {spoken_digits(n[1:8], 'en', rng, runs=0.3)} {n[8].lower()}" if call else (
            n if rng.random() < 0.85 else n.lower())
    elif slot == "ssn":
        n = ssn(rng)
        v = spoken_digits(n.replace("-", ""), "en", rng) if call else (n if rng.random() < 0.85 else n.replace("-", " "))
    elif slot == "iban":
        n = iban(rng)
        v = n if rng.random() < 0.4 else group(n, [4] * 8, " ")
    else:
        v = ip_address(rng)
    return (typ, v)


def hon(c: Ctx) -> tuple[str, str]:
    """(honorific, name it goes with)."""
    use_en = c.lang == "en" or (c.lang == "mixed" and c.rng.random() < 0.3)
    if use_en:
        return c.rng.choice(D.HON_EN_F if c.p.female else D.HON_EN_M), c.p.last
    return c.rng.choice(D.HON_ID_F if c.p.female else D.HON_ID_M), c.p.first


def common_values(c: Ctx) -> dict:
    rng = c.rng
    h, short = hon(c)
    return dict(NAME=c.name(c.p.full), SHORT=c.name(short), hon=h, AGENT=c.name(c.agent),
                daypart=rng.choice(D.DAYPART), daypart_en=rng.choice(D.DAYPART_EN),
                topic=rng.choice(D.TOPICS), topic_en=rng.choice(D.TOPICS_EN),
                bank=rng.choice({"ID": D.ID_BANKS, "SG": D.SG_BANKS, "US": D.US_BANKS}[c.p.region]))


def choose_slots(c: Ctx, k: int) -> list[str]:
    pool = list(SLOTS_BY_REGION[c.p.region])
    if c.call:
        pool = [s for s in pool if s not in ("ip", "iban")]
    out: list[str] = []
    while pool and len(out) < k:
        s = c.rng.choices(pool, weights=[SLOT_WEIGHTS[x] for x in pool])[0]
        pool.remove(s)
        out.append(s)
    return out


def slot_turns(slot: str, c: Ctx, vals: dict) -> list[tuple[str, list]]:
    rng = c.rng
    v = dict(vals, V=slot_value(slot, c)) if slot != "name" else vals
    r = rng.random()
    if slot == "name":
        return [("a", fill(c.pick(D.ASK["name"]), v)), ("c", fill(c.pick(D.SAY["name"]), v))]
    if r < 0.35 and slot not in ("bank", "iban"):
        return [("a", fill(c.pick(D.ASK[slot]), v)), ("c", fill(c.pick(D.ANSWER), v))]
    if r < 0.7:
        return [("a", fill(c.pick(D.ASK[slot]), v)), ("c", fill(c.pick(D.SAY[slot]), v))]
    return [("c", fill(c.pick(D.SAY[slot]), v))]


def neg_turn(c: Ctx) -> tuple[str, list]:
    nv = neg_values(c.rng, c.lang, c.call)
    if c.rng.random() < 0.3:
        return ("a", fill(c.pick(D.NEG_AGENT_CALL if c.call else D.NEG_AGENT), nv))
    return ("c", fill(c.pick(D.NEG_CALL if c.call else D.NEG), nv))


def conversation(c: Ctx, with_pii: bool) -> list[tuple[str, list]]:
    rng = c.rng
    vals = common_values(c)
    target = rng.randint(5, 12)
    turns: list[tuple[str, list]] = []
    named_agent = with_pii and rng.random() < 0.75
    greet = (D.GREET_CALL if named_agent else D.GREET_CALL_NONAME) if c.call else (
        D.GREET_AGENT if named_agent else D.GREET_AGENT_NONAME)
    turns.append(("a", fill(c.pick(greet), vals)))
    named = with_pii and rng.random() < 0.7
    turns.append(("c", fill(c.pick(D.INTRO if named else D.INTRO_NONAME), vals)))
    if named and rng.random() < 0.6:
        turns.append(("a", fill(c.pick(D.ACK), vals)))
    groups: list[list[tuple[str, list]]] = []
    if with_pii:
        slots = choose_slots(c, rng.randint(1, 5))
        if not named and rng.random() < 0.5:
            slots.insert(0, "name")
        groups = [slot_turns(s, c, vals) for s in slots]
    negs = [[neg_turn(c)] for _ in range(rng.randint(1, 3))]
    for g in negs:
        groups.insert(rng.randint(0, len(groups)), g)
    added_pii = False
    for g in groups:
        is_neg = any(g is n for n in negs)
        if len(turns) + len(g) + 1 > target and (added_pii or not with_pii or is_neg):
            continue
        turns.extend(g)
        added_pii = added_pii or not is_neg
    if len(turns) < 12:
        turns.append(("a", fill(c.pick(D.CLOSE_AGENT), vals)))
    if len(turns) < min(target, 12):
        turns.append(("c", fill(c.pick(D.CLOSE_CUST), vals)))
    return turns


def emit_turn(b: Builder, label: str, pieces: list, call: bool) -> None:
    if call:
        cleaned = [p if isinstance(p, tuple) else call_clean(p) for p in pieces]
        out: list = []
        for p in cleaned:
            if isinstance(p, str):
                prev_space = not out or (isinstance(out[-1], str) and out[-1].endswith(" "))
                if prev_space:
                    p = p.lstrip(" ")
                if not p:
                    continue
            out.append(p)
        if out and isinstance(out[-1], str):
            out[-1] = out[-1].rstrip(" ")
        pieces = out
    b.raw(label + ": ")
    b.pieces(pieces)
    b.raw("\n")


def render_dialogue(c: Ctx, turns: list[tuple[str, list]]) -> Builder:
    rng = c.rng
    if c.call:
        b = Builder(call=True)
        labels = ("agent", "customer")
    else:
        b = Builder()
        labels = rng.choice(D.SPEAKERS_CHAT["en" if c.lang == "en" else "id"])
    all_lower = not c.call and rng.random() < 0.12
    cust_lower = not c.call and rng.random() < 0.35
    for role, pieces in turns:
        b.lower = all_lower or (role == "c" and cust_lower)
        lab = labels[0] if role == "a" else labels[1]
        emit_turn(b, lab.lower() if b.lower else lab, pieces, c.call)
    return b


def _cap(pieces: list) -> list:
    if pieces and isinstance(pieces[0], str) and pieces[0]:
        return [pieces[0][0].upper() + pieces[0][1:]] + pieces[1:]
    return pieces


def _line(b: Builder, pieces: list) -> None:
    b.pieces(pieces)
    b.raw("\n")


def render_email(c: Ctx) -> Builder:
    rng, b = c.rng, Builder()
    L = "en" if c.lang == "en" or (c.lang == "mixed" and rng.random() < 0.4) else "id"
    vals = common_values(c)
    nv = neg_values(rng, c.lang, False)
    support = rng.choice(D.SUPPORT_ADDR)
    email_v = ("EMAIL_ADDRESS", c.p.email)
    slots = choose_slots(c, rng.randint(2, 5))
    subject = fill(rng.choice(D.SUBJECTS[L]), nv)
    if rng.random() < 0.75:  # customer writes in
        _line(b, ["From: ", vals["NAME"], " <", email_v, ">"] if rng.random() < 0.8 else ["From: ", email_v])
        _line(b, ["To: ", ("EMAIL_ADDRESS", support)])
        _line(b, ["Subject: "] + subject)
        b.raw("\n")
        _line(b, [rng.choice(D.EMAIL_GREET[L])])
        b.raw("\n")
        body = [s for s in slots if s != "email" or rng.random() < 0.3]
        listed = rng.random() < 0.3
        sents: list[list] = [_cap(fill(c.pick(D.NEG), nv)) + ["."]]
        if not listed:
            for s in body:
                sents.append(_cap(fill(c.pick(D.SAY[s]), dict(vals, V=slot_value(s, c)))) + ["."])
            if rng.random() < 0.5:
                sents.insert(rng.randint(0, len(sents)), _cap(fill(c.pick(D.NEG), neg_values(rng, c.lang, False))) + ["."])
        for i, snt in enumerate(sents):
            b.pieces(snt)
            b.raw(" " if i < len(sents) - 1 and rng.random() < 0.6 else "\n")
        if not sents or b.parts[-1] != "\n":
            b.raw("\n")
        if listed:
            b.raw("\n")
            _line(b, [rng.choice(D.DATA_INTRO[L])])
            if rng.random() < 0.6:
                _line(b, [D.LABELS["name"][L] + ": ", vals["NAME"]])
            for s in body:
                _line(b, [fill(D.LABELS[s][L], vals)[0] + ": ", slot_value(s, c)])
        b.raw("\n")
        _line(b, [rng.choice(D.EMAIL_CLOSE[L])])
        _line(b, [vals["NAME"]])
        if "phone" not in slots and rng.random() < 0.4:
            _line(b, [("HP: " if L == "id" else "Mobile: "), slot_value("phone", c)])
    else:  # agent replies to the customer
        _line(b, [f"From: {rng.choice(D.SIGN_TEAM)} <", ("EMAIL_ADDRESS", support), ">"])
        _line(b, ["To: ", vals["NAME"], " <", email_v, ">"] if rng.random() < 0.7 else ["To: ", email_v])
        _line(b, ["Subject: Re: "] + subject)
        b.raw("\n")
        _line(b, fill(rng.choice(D.AGENT_MAIL[L]), vals))
        b.raw("\n")
        _line(b, [rng.choice(D.AGENT_MAIL_BODY[L])])
        for s in slots:
            _line(b, ["- " + fill(D.LABELS[s][L], vals)[0] + ": ", slot_value(s, c)])
        b.raw("\n")
        _line(b, _cap(fill(c.pick(D.NEG), nv)) + ["."])
        b.raw("\n")
        _line(b, [rng.choice(D.EMAIL_CLOSE[L])])
        _line(b, [vals["AGENT"]])
        _line(b, [rng.choice(D.SIGN_TEAM)])
    return b


# -- top level -----------------------------------------------------------------------------------------


def make_transcript(i: int, seed: int, rng: random.Random, fk_id: Faker, fk_en: Faker) -> Transcript:
    channel = rng.choices(["chat", "email", "call"], weights=[40, 25, 35])[0]
    lw = {"chat": [60, 12, 28], "email": [50, 40, 10], "call": [50, 35, 15]}[channel]
    lang = rng.choices(["id", "en", "mixed"], weights=lw)[0]
    region = "ID" if lang == "id" else ("ID" if rng.random() < 0.75 else "SG") if lang == "mixed" else (
        "SG" if rng.random() < 0.6 else "US")
    p = make_persona(rng, fk_id, fk_en, region)
    agent = rng.choice(D.AGENT_NAMES_ID if lang != "en" else D.AGENT_NAMES_EN)
    c = Ctx(rng, fk_id, fk_en, channel, lang, p, agent)
    if channel == "email":
        b = render_email(c)
    else:
        with_pii = rng.random() > 0.15
        b = render_dialogue(c, conversation(c, with_pii))
    text, gold = b.build()
    return Transcript(f"s{seed}-{i:06d}", channel, lang, text, gold)


def iter_transcripts(seed: int = 0) -> Iterator[Transcript]:
    """Endless, deterministic stream of labeled transcripts."""
    rng = random.Random(seed)
    fk_id, fk_en = Faker("id_ID"), Faker("en_US")
    fk_id.seed_instance(seed)
    fk_en.seed_instance(seed + 1)
    i = 0
    while True:
        yield make_transcript(i, seed, rng, fk_id, fk_en)
        i += 1


def generate(n: int, seed: int = 0) -> list[Transcript]:
    it = iter_transcripts(seed)
    return [next(it) for _ in range(n)]


def to_json(t: Transcript) -> str:
    return json.dumps({"id": t.id, "channel": t.channel, "lang": t.lang, "text": t.text,
                       "gold": [{"type": g.type, "start": g.start, "end": g.end} for g in t.gold]},
                      ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=600, help="number of transcripts (ignored with --mb)")
    ap.add_argument("--mb", type=float, default=None, help="write until the file holds this many MB")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", default="-", help="output JSONL file (default: stdout)")
    args = ap.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        if args.mb is not None:
            limit, written = int(args.mb * 1_000_000), 0
            for t in iter_transcripts(args.seed):
                if written >= limit:
                    break
                line = to_json(t) + "\n"
                out.write(line)
                written += len(line.encode())
        else:
            for t in generate(args.n, args.seed):
                out.write(to_json(t) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
