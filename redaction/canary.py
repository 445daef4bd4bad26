"""A fixed canary set and the leak rate of a redactor on it: evidence for compliance checklists.

GDPR/PDPA/UU PDP/CCPA checklists ask for "the latest measured leak rate on a canary set": the share
of planted PII that survives redaction with the profile used before analytics. This module holds
that set, built into the code (no download, no generator at run time, so the same release always
measures the same set), and `measure` runs a redactor over it:

    from redaction import Redactor, measure, hmac_digest
    result = measure(Redactor("analytics", pseudonym_digest=hmac_digest(key)))
    result.rate          # 0.0 .. 1.0: leaked / planted
    result.to_dict()     # counts, (canary id, type) of each leak, set version: never a value

The canaries are short contact-center snippets (chat, e-mail, speech-to-text calls; Indonesian,
English, code-mixed), each with one or more planted values of the entity types Kawal redacts,
written and spoken ("kosong delapan satu dua ...", "oh eight one two ..."). Every value is fake:
e-mails at example.com / example.co.id / example.org / example.net (RFC 2606 style reserved
domains), published test card numbers (4111 1111 1111 1111, 5555 5555 5555 4444, ...) and IBANs
(GB82 WEST ..., DE89 3704 ...), a TEST-NET IP address, the US fictional 555-01xx phone range,
made-up names and streets. Indonesian and Singaporean phones, NIKs, NPWPs, NRICs, SSNs and bank
accounts have no reserved test range that still passes the validity checks, so those are arbitrary
numbers with a valid structure (NIK province/date layout, NRIC check letter, SSN area rules), made
up for this set and belonging to no one we know of.

How a planted value counts as *leaked*: it can still be recovered from the redacted text. Each value
has a form that says how that is checked (all checks are per canary, on that canary's output only):

* ``digits`` (phones, cards, NIK, NPWP, SSN, bank accounts, numeric dates, IP addresses): the
  output is split into maximal runs of digits joined by separators (space, tab, ``.``, ``-``, ``/``,
  ``(``, ``)``, ``+``; at most three in a row); the value leaks when its digits, with separators
  dropped, occur contiguously in the digits of one run. Runs are never glued together across words,
  so two unrelated numbers cannot make up a false leak. A mask that keeps only the last 4 digits
  ("**** **** **** 1111") is therefore not a leak, nor is a partial number the redactor cut short.
* ``code`` (IBAN, NRIC/FIN): the same on runs of letters and digits, compared without separators
  and case ("gb82west12345698765432" is the IBAN "GB82 WEST 1234 5698 7654 32").
* ``name`` (PERSON): any token of the name with at least 3 letters that is still a whole word of the
  output (case-insensitive) leaks the name: "Pak Dimas" left in clear is a leak of "Dimas
  Prasetyanto", wherever in the canary it appears. Tokens of 1-2 letters ("Ng") are not checked.
* ``text`` (e-mail addresses, street addresses, dates with month names): a case-insensitive
  substring check, whitespace runs compared as one space. For addresses the planted value is the
  identifying part, street and house number ("Jl. Kenanga Raya No. 17"), not the district or city.
* ``spoken`` (speech-to-text forms of any type): the spoken word sequence, checked like ``text``;
  "kosong delapan satu dua ..." surviving whole is a leak. The digits it stands for are not looked
  for in the output (a redactor never writes spoken numbers out as digits except when it masks or
  pseudonymizes them, which the rules above already judge).

Each planted value counts once, however many times it is mentioned. Only survival is judged, not
the type the redactor gave the value: an account number redacted as a phone number did not leak.
`CanaryResult` reports counts per entity type and the (canary id, entity type) of each leak, never a
value: the result goes into the audit log, and no PII values go into logs, fake or not.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

__all__ = ["CANARIES", "CANARY_COUNT", "CANARY_SET_VERSION", "Canary", "CanaryResult", "Planted", "measure"]

Form = Literal["digits", "code", "name", "text", "spoken"]
FORMS: tuple[str, ...] = ("digits", "code", "name", "text", "spoken")


@dataclass(frozen=True, slots=True)
class Planted:
    """One planted value: its entity type (as Kawal reports it), its surface in the text, its form."""

    type: str
    value: str
    form: Form


@dataclass(frozen=True, slots=True)
class Canary:
    """One snippet and the values planted in it."""

    id: str
    channel: str  # "chat" | "email" | "call"
    lang: str  # "id" | "en" | "mixed"
    text: str
    planted: tuple[Planted, ...]


def _c(cid: str, channel: str, lang: str, text: str, *planted: tuple[str, str, Form]) -> Canary:
    return Canary(cid, channel, lang, text, tuple(Planted(t, v, f) for t, v, f in planted))


# --- the set ------------------------------------------------------------------------------------
# Changing anything below changes CANARY_SET_VERSION (it is a digest of the set): measurements on
# different sets are not comparable, and the evidence says which set was measured.

CANARIES: tuple[Canary, ...] = (
    # -- chat, Indonesian ------------------------------------------------------------------------
    _c("chat-id-01", "chat", "id",
       "Pelanggan: Halo kak, nama saya Ratna Kusumawardani, mau tanya soal tagihan.\n"
       "CS: Baik Kak Ratna, boleh dibantu nomor HP yang terdaftar?\n"
       "Pelanggan: 0812-3000-4417",
       ("PERSON", "Ratna Kusumawardani", "name"), ("PHONE_NUMBER", "0812-3000-4417", "digits")),
    _c("chat-id-02", "chat", "id",
       "Pelanggan: NIK saya 3174056708900003, atas nama Dimas Prasetyanto.\n"
       "CS: Terima kasih Pak Dimas, datanya kami cek dulu ya.",
       ("ID_NIK", "3174056708900003", "digits"), ("PERSON", "Dimas Prasetyanto", "name")),
    _c("chat-id-03", "chat", "id",
       "Pelanggan: email saya ratna.kusuma@example.co.id ya kak, tolong kirim invoice ke situ\n"
       "CS: Siap kak, sudah kami kirim ulang.",
       ("EMAIL_ADDRESS", "ratna.kusuma@example.co.id", "text")),
    _c("chat-id-04", "chat", "id",
       "Pelanggan: kartu kredit saya 4111 1111 1111 1111 kena tagihan ganda bulan ini\n"
       "CS: Mohon maaf atas ketidaknyamanannya, kami proses refund dalam 7 hari kerja.",
       ("CREDIT_CARD", "4111 1111 1111 1111", "digits")),
    _c("chat-id-05", "chat", "id",
       "Pelanggan: untuk faktur pajak tolong pakai NPWP 12.345.678.9-012.345 ya\n"
       "CS: Baik, faktur akan terbit maksimal akhir bulan.",
       ("ID_NPWP", "12.345.678.9-012.345", "digits")),
    _c("chat-id-06", "chat", "id",
       "Pelanggan: refund ke rekening BCA 5210334789 a.n. Siti Rahmawati Lestari ya\n"
       "CS: Baik kak, dana akan masuk 3x24 jam.",
       ("BANK_ACCOUNT", "5210334789", "digits"), ("PERSON", "Siti Rahmawati Lestari", "name")),
    _c("chat-id-07", "chat", "id",
       "Pelanggan: alamat pengiriman Jl. Kenanga Raya No. 17, RT 004/RW 009, Kel. Tebet Barat, "
       "Jakarta Selatan 12810\nCS: Baik, alamat sudah kami perbarui.",
       ("LOCATION", "Jl. Kenanga Raya No. 17", "text")),
    _c("chat-id-08", "chat", "id",
       "CS: Untuk verifikasi, mohon sebutkan tanggal lahir Bapak.\nPelanggan: tanggal lahir saya 17-08-1985",
       ("DATE_OF_BIRTH", "17-08-1985", "digits")),
    _c("chat-id-09", "chat", "id",
       "Pelanggan: no rek Mandiri 1370012345678, tolong dicek transfer saya belum masuk\n"
       "CS: Baik, kami cek mutasinya dulu.",
       ("BANK_ACCOUNT", "1370012345678", "digits")),
    _c("chat-id-10", "chat", "id",
       "Pelanggan: rekening BRI saya 0023-01-000456-50-9 kak\nCS: Terima kasih, sudah kami catat.",
       ("BANK_ACCOUNT", "0023-01-000456-50-9", "digits")),
    _c("chat-id-11", "chat", "id",
       "CS: Mohon konfirmasi tempat tanggal lahir.\nPelanggan: TTL: Surabaya, 21 Januari 1992",
       ("DATE_OF_BIRTH", "21 Januari 1992", "text")),
    _c("chat-id-12", "chat", "id",
       "Pelanggan: kirim ke Komplek Griya Asri Blok C3 No. 8, Bekasi 17115 ya kak",
       ("LOCATION", "Komplek Griya Asri Blok C3 No. 8", "text")),
    _c("chat-id-13", "chat", "id",
       "Pelanggan: alamat saya Gg. Mawar II No. 5, Kel. Sukajadi, Bandung\nCS: Oke, kurir akan datang besok.",
       ("LOCATION", "Gg. Mawar II No. 5", "text")),
    _c("chat-id-14", "chat", "id",
       "Pelanggan: Selamat pagi, saya Yuliana Maharani, mau komplain paket belum sampai.\n"
       "CS: Selamat pagi Ibu Yuliana, mohon ditunggu sebentar ya.",
       ("PERSON", "Yuliana Maharani", "name")),
    _c("chat-id-15", "chat", "id",
       "Pelanggan: nomor resi JP1234567890 belum update dari kemarin, HP saya 081399001122",
       ("PHONE_NUMBER", "081399001122", "digits")),
    _c("chat-id-16", "chat", "id",
       "Pelanggan: npwp saya 093456781407000 kak, untuk laporan SPT",
       ("ID_NPWP", "093456781407000", "digits")),
    _c("chat-id-17", "chat", "id",
       "Pelanggan: saya login dari IP 203.0.113.45 tapi akunnya diblokir terus",
       ("IP_ADDRESS", "203.0.113.45", "digits")),
    _c("chat-id-18", "chat", "id",
       "Pelanggan: data KTP saya NIK 3201-0217-0888-0001 atas nama Wahyu Setiabudi\n"
       "CS: Baik Pak Wahyu, verifikasi berhasil.",
       ("ID_NIK", "3201-0217-0888-0001", "digits"), ("PERSON", "Wahyu Setiabudi", "name")),
    # -- chat, English and code-mixed --------------------------------------------------------------
    _c("chat-en-19", "chat", "en",
       "Customer: Hi, I'm Kevin Hartanto, my WhatsApp is +62 813-2000-5561\nAgent: Thanks Mr Hartanto, noted.",
       ("PERSON", "Kevin Hartanto", "name"), ("PHONE_NUMBER", "+62 813-2000-5561", "digits")),
    _c("chat-en-20", "chat", "en",
       "Customer: Hello, this is Tan Wei Ming. My NRIC is S1234567D and my mobile is +65 9123 4567.\n"
       "Agent: Thank you Mr Tan, let me check.",
       ("PERSON", "Tan Wei Ming", "name"), ("SG_NRIC", "S1234567D", "code"),
       ("PHONE_NUMBER", "+65 9123 4567", "digits")),
    _c("chat-en-21", "chat", "en",
       "Customer: My name is Jessica Whitfield and my SSN is 536-22-4718 for the tax form.\n"
       "Agent: Thanks Ms Whitfield, I've updated the form.",
       ("PERSON", "Jessica Whitfield", "name"), ("US_SSN", "536-22-4718", "digits")),
    _c("chat-en-22", "chat", "en",
       "Agent: Could you confirm your date of birth?\nCustomer: DOB is 3 March 1979",
       ("DATE_OF_BIRTH", "3 March 1979", "text")),
    _c("chat-en-23", "chat", "en",
       "Customer: please credit my DBS account 027-123456-7 instead\nAgent: Sure, updated.",
       ("BANK_ACCOUNT", "027-123456-7", "digits")),
    _c("chat-en-24", "chat", "en",
       "Customer: please ship it to 742 Evergreen Terrace, Springfield, OR 97403\nAgent: Done.",
       ("LOCATION", "742 Evergreen Terrace", "text")),
    _c("chat-en-25", "chat", "en",
       "Customer: my address is Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123\nAgent: Thank you.",
       ("LOCATION", "Blk 123 Ang Mo Kio Ave 3 #05-67", "text")),
    _c("chat-en-26", "chat", "en",
       "Customer: my card 4012-8888-8888-1881 was charged twice for one order\nAgent: Sorry about that.",
       ("CREDIT_CARD", "4012-8888-8888-1881", "digits")),
    _c("chat-en-27", "chat", "en",
       "Customer: card number 5105105105105100, expiry 12/29, why was it declined?",
       ("CREDIT_CARD", "5105105105105100", "digits")),
    _c("chat-en-28", "chat", "en",
       "Customer: My FIN is G2345678N, name Priya Raghunathan.\nAgent: Thanks, one moment please.",
       ("SG_NRIC", "G2345678N", "code"), ("PERSON", "Priya Raghunathan", "name")),
    _c("chat-mixed-29", "chat", "mixed",
       "Customer: hi kak, aku mau update no hp jadi 0896-1000-2274 dan email nadia.puspita@example.co.id ya. Thanks!",
       ("PHONE_NUMBER", "0896-1000-2274", "digits"), ("EMAIL_ADDRESS", "nadia.puspita@example.co.id", "text")),
    _c("chat-en-30", "chat", "en",
       "Customer: Hi, Daniel Osei here. Born on July 4, 1990. Reach me on +65 8765 4321.",
       ("PERSON", "Daniel Osei", "name"), ("DATE_OF_BIRTH", "July 4, 1990", "text"),
       ("PHONE_NUMBER", "+65 8765 4321", "digits")),
    # -- e-mail --------------------------------------------------------------------------------------
    _c("email-en-31", "email", "en",
       "From: Oliver Brennan <oliver.brennan@example.com>\nTo: support@example.net\nSubject: Refund\n\n"
       "Hello,\nplease send the refund to IBAN GB82 WEST 1234 5698 7654 32.\n\nKind regards,\nOliver Brennan",
       ("PERSON", "Oliver Brennan", "name"), ("EMAIL_ADDRESS", "oliver.brennan@example.com", "text"),
       ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32", "code")),
    _c("email-id-32", "email", "id",
       "From: Bambang Wicaksono <bambang.wicaksono@example.co.id>\nTo: cs@example.co.id\n"
       "Subject: Perubahan data\n\nSelamat siang,\nMohon ubah data saya:\nNama: Bambang Wicaksono\n"
       "NIK: 3273 0155 0592 0007\nNo. HP: 0857 2000 3318\nAlamat: Jl. Melati No. 45, Bandung 40115\n\n"
       "Terima kasih,\nBambang Wicaksono",
       ("PERSON", "Bambang Wicaksono", "name"), ("EMAIL_ADDRESS", "bambang.wicaksono@example.co.id", "text"),
       ("ID_NIK", "3273 0155 0592 0007", "digits"), ("PHONE_NUMBER", "0857 2000 3318", "digits"),
       ("LOCATION", "Jl. Melati No. 45", "text")),
    _c("email-en-33", "email", "en",
       "From: Megan Caldwell <megan.caldwell@example.org>\nSubject: Account update\n\nHi team,\n"
       "My SSN is 412 67 3390 and my phone number is (415) 555-0132.\n\nThanks,\nMegan Caldwell",
       ("PERSON", "Megan Caldwell", "name"), ("EMAIL_ADDRESS", "megan.caldwell@example.org", "text"),
       ("US_SSN", "412 67 3390", "digits"), ("PHONE_NUMBER", "(415) 555-0132", "digits")),
    _c("email-en-34", "email", "en",
       "Subject: Refund request\n\nDear support,\nPlease refund to DE89370400440532013000 "
       "(account holder: Laura Fischbach).\n\nBest,\nLaura",
       ("IBAN_CODE", "DE89370400440532013000", "code"), ("PERSON", "Laura Fischbach", "name")),
    _c("email-id-35", "email", "id",
       "Subject: Pembatalan pesanan\n\nYth. Tim CS,\nSaya ingin membatalkan pesanan INV-2025-004417.\n\n"
       "Salam,\nAndreas Siswanto\n0821-4000-7713",
       ("PERSON", "Andreas Siswanto", "name"), ("PHONE_NUMBER", "0821-4000-7713", "digits")),
    _c("email-en-36", "email", "en",
       "Subject: Transfer details\n\nHi,\nmy IBAN is NL91 ABNA 0417 1643 00 and my date of birth is 1988-11-02.\n\n"
       "Regards,\nHenrik Vossberg",
       ("IBAN_CODE", "NL91 ABNA 0417 1643 00", "code"), ("DATE_OF_BIRTH", "1988-11-02", "digits"),
       ("PERSON", "Henrik Vossberg", "name")),
    # -- calls (speech-to-text: lowercase, no punctuation, spoken numbers) ----------------------------
    _c("call-id-37", "call", "id",
       "agent: boleh disebutkan nomor handphone yang terdaftar bu\n"
       "customer: kosong delapan satu dua tujuh kosong kosong kosong tiga sembilan dua empat",
       ("PHONE_NUMBER", "kosong delapan satu dua tujuh kosong kosong kosong tiga sembilan dua empat", "spoken")),
    _c("call-id-38", "call", "id",
       "agent: nomor hp yang bisa dihubungi pak\n"
       "customer: nomor saya nol delapan lima tujuh dua nol nol nol satu satu tiga delapan",
       ("PHONE_NUMBER", "nol delapan lima tujuh dua nol nol nol satu satu tiga delapan", "spoken")),
    _c("call-en-39", "call", "en",
       "agent: may i have your phone number please\n"
       "customer: sure it's oh eight one two three four double five six seven eight nine",
       ("PHONE_NUMBER", "oh eight one two three four double five six seven eight nine", "spoken")),
    _c("call-id-40", "call", "id",
       "agent: untuk verifikasi boleh nik nya bu\n"
       "customer: nik saya tiga lima tujuh delapan satu nol empat satu satu dua delapan lima nol nol nol dua",
       ("ID_NIK", "tiga lima tujuh delapan satu nol empat satu satu dua delapan lima nol nol nol dua", "spoken")),
    _c("call-id-41", "call", "id",
       "agent: dengan bapak siapa saya berbicara\ncustomer: dengan saya hendra gunawan\n"
       "agent: baik pak hendra ada yang bisa dibantu",
       ("PERSON", "hendra gunawan", "name")),
    _c("call-id-42", "call", "id",
       "agent: nomor kartunya berapa bu\n"
       "customer: nomor kartunya lima lima lima lima lima lima lima lima lima lima lima lima "
       "empat empat empat empat",
       ("CREDIT_CARD",
        "lima lima lima lima lima lima lima lima lima lima lima lima empat empat empat empat",
        "spoken")),
    _c("call-id-43", "call", "id",
       "agent: tanggal lahirnya bu\n"
       "customer: tanggal lahir saya tujuh belas agustus sembilan belas delapan puluh lima",
       ("DATE_OF_BIRTH", "tujuh belas agustus sembilan belas delapan puluh lima", "spoken")),
    _c("call-id-44", "call", "id",
       "agent: alamat pengirimannya di mana pak\n"
       "customer: alamat saya jalan anggrek nomor dua puluh tiga rt empat rw sembilan kelurahan kebon kacang "
       "jakarta pusat",
       ("LOCATION", "jalan anggrek nomor dua puluh tiga", "spoken")),
    _c("call-id-45", "call", "id",
       "agent: refundnya mau ke rekening mana pak\n"
       "customer: nomor rekening bca saya tujuh tiga satu kosong lima lima dua delapan empat enam",
       ("BANK_ACCOUNT", "tujuh tiga satu kosong lima lima dua delapan empat enam", "spoken")),
    _c("call-en-46", "call", "en",
       "agent: can i have your nric number for verification\n"
       "customer: yes it's t zero four one two three four five f",
       ("SG_NRIC", "t zero four one two three four five f", "spoken")),
    _c("call-en-47", "call", "en",
       "agent: what's the best number to reach you\ncustomer: plus six five eight one two three four five six seven",
       ("PHONE_NUMBER", "plus six five eight one two three four five six seven", "spoken")),
    _c("call-en-48", "call", "en",
       "agent: and your email address\ncustomer: my email is kevin dot hartanto at example dot com",
       ("EMAIL_ADDRESS", "kevin dot hartanto at example dot com", "spoken")),
    _c("call-id-49", "call", "id",
       "agent: emailnya apa bu\ncustomer: emailnya sari titik lestari et example titik co titik id",
       ("EMAIL_ADDRESS", "sari titik lestari et example titik co titik id", "spoken")),
    _c("call-mixed-50", "call", "mixed",
       "agent: could i have your name please\ncustomer: my name is agus santoso\nagent: thank you mr santoso",
       ("PERSON", "agus santoso", "name")),
    _c("call-en-51", "call", "en",
       "agent: can you confirm your social security number\n"
       "customer: my social security number is two eight seven six five four three two one",
       ("US_SSN", "two eight seven six five four three two one", "spoken")),
    _c("call-id-52", "call", "id",
       "agent: npwp nya ada pak\n"
       "customer: npwp saya nol sembilan tiga empat lima enam tujuh delapan satu empat nol tujuh nol nol nol",
       ("ID_NPWP", "nol sembilan tiga empat lima enam tujuh delapan satu empat nol tujuh nol nol nol", "spoken")),
    _c("call-id-53", "call", "id",
       "agent: nomor whatsapp nya bu\n"
       "customer: nomornya plus enam dua delapan satu satu dua dua tiga tiga empat empat lima lima",
       ("PHONE_NUMBER", "plus enam dua delapan satu satu dua dua tiga tiga empat empat lima lima", "spoken")),
    _c("call-en-54", "call", "en",
       "agent: and the delivery address\n"
       "customer: my address is block one two three ang mo kio avenue three unit oh five dash six seven "
       "singapore five six zero one two three",
       ("LOCATION", "block one two three ang mo kio avenue three unit oh five dash six seven", "spoken")),
    # -- answers to the previous turn's question (the cue is in the agent's line, not the customer's) --
    _c("call-id-55", "call", "id",
       "agent: boleh dengan siapa saya bicara\ncustomer: fitriani kak mau tanya soal paket",
       ("PERSON", "fitriani", "name")),
    _c("chat-en-56", "chat", "en",
       "Agent: May I have your full name please?\nCustomer: Bryony Castellano\nAgent: Thank you. How can I help today?",
       ("PERSON", "Bryony Castellano", "name")),
    _c("chat-id-57", "chat", "id",
       "CS: Boleh nomor rekeningnya untuk refund kak?\nPelanggan: 6043118872\nCS: Baik, refund kami proses.",
       ("BANK_ACCOUNT", "6043118872", "digits")),
)

CANARY_COUNT: int = len(CANARIES)


def _set_digest(canaries: Iterable[Canary]) -> str:
    payload = [
        [c.id, c.channel, c.lang, c.text, [[p.type, p.value, p.form] for p in c.planted]] for c in canaries
    ]
    blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


#: Which set a measurement used: a name, the number of canaries and a digest of their content.
CANARY_SET_VERSION: str = f"kawal-canary-1/{CANARY_COUNT}/sha256:{_set_digest(CANARIES)}"


# --- leak checks --------------------------------------------------------------------------------

_NUMBER_RUN = re.compile(r"\d+(?:[ \t.\-/()+]{1,3}\d+)*")
_CODE_RUN = re.compile(r"[A-Za-z0-9]+(?:[ \t.\-/]{1,3}[A-Za-z0-9]+)*")
_NON_DIGIT = re.compile(r"\D")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NAME_TOKEN = re.compile(r"[^\W\d_]+")
_WS = re.compile(r"\s+")
MIN_NAME_TOKEN = 3


def _squash(s: str) -> str:
    return _WS.sub(" ", s).strip().casefold()


def leaked(planted: Planted, output: str) -> bool:
    """Whether *planted* can still be recovered from *output* (the rules in the module docstring)."""
    if planted.form == "digits":
        want = _NON_DIGIT.sub("", planted.value)
        return bool(want) and any(want in _NON_DIGIT.sub("", m.group()) for m in _NUMBER_RUN.finditer(output))
    if planted.form == "code":
        want = _NON_ALNUM.sub("", planted.value).upper()
        return bool(want) and any(want in _NON_ALNUM.sub("", m.group()).upper() for m in _CODE_RUN.finditer(output))
    if planted.form == "name":
        tokens = [t for t in _NAME_TOKEN.findall(planted.value) if len(t) >= MIN_NAME_TOKEN]
        return any(
            re.search(rf"(?<![^\W\d_]){re.escape(t)}(?![^\W\d_])", output, re.IGNORECASE) for t in tokens
        )
    # "text" and "spoken"
    return _squash(planted.value) in _squash(output)


# --- measuring ----------------------------------------------------------------------------------


class _HasText(Protocol):
    text: str


class SupportsRedact(Protocol):
    """What `measure` needs: `redact(text)` returning something with the redacted `.text`."""

    def redact(self, text: str) -> _HasText: ...


@dataclass(frozen=True)
class CanaryResult:
    """A leak-rate measurement: counts, and where leaks were (canary id, type), never the values."""

    planted: int
    leaked: int
    rate: float
    by_type: dict[str, tuple[int, int]]  # entity type -> (planted, leaked)
    leaks: list[tuple[str, str]]  # (canary id, entity type)
    profile: str
    set_version: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: for evidence and the audit log (holds no planted value)."""
        return {
            "profile": self.profile,
            "set_version": self.set_version,
            "planted": self.planted,
            "leaked": self.leaked,
            "rate": round(self.rate, 6),
            "by_type": {t: {"planted": p, "leaked": n} for t, (p, n) in self.by_type.items()},
            "leaks": [{"canary": cid, "type": t} for cid, t in self.leaks],
            "seconds": round(self.seconds, 3),
        }


def measure(redactor: SupportsRedact, *, profile: str | None = None) -> CanaryResult:
    """Redact every canary with *redactor* and count the planted values that survive.

    *profile* names the measured profile in the result; by default the redactor's `profile_name`
    (what `Redactor` has), else its class name.
    """
    name = profile or str(getattr(redactor, "profile_name", "") or type(redactor).__name__)
    by_type: dict[str, list[int]] = {}
    leaks: list[tuple[str, str]] = []
    started = time.perf_counter()
    for canary in CANARIES:
        output = redactor.redact(canary.text).text
        for p in canary.planted:
            counts = by_type.setdefault(p.type, [0, 0])
            counts[0] += 1
            if leaked(p, output):
                counts[1] += 1
                leaks.append((canary.id, p.type))
    seconds = time.perf_counter() - started
    planted = sum(p for p, _ in by_type.values())
    n_leaked = len(leaks)
    return CanaryResult(
        planted=planted,
        leaked=n_leaked,
        rate=n_leaked / planted if planted else 0.0,
        by_type={t: (p, n) for t, (p, n) in sorted(by_type.items())},
        leaks=leaks,
        profile=name,
        set_version=CANARY_SET_VERSION,
        seconds=seconds,
    )
