"""BANK_ACCOUNT: bank account numbers, which are only recognisable by what is said around them.

Indonesian and Singaporean account numbers are 8-16 digits with bank-specific layouts (BCA 10, BNI 10,
Mandiri 13, BRI 15, BTN 16; DBS/POSB 9-10, OCBC 10-12) and no common checksum, so a digit string is
an account only next to a cue: "rekening", "no. rek", a bank name before it, or the holder's name
cue "a.n." / "atas nama" right after it ("1234567890 a.n. Budi").

Everything else that is 8-16 digits near such a cue must be ruled out explicitly:

* amounts ("transfer Rp 1.500.000 ke rekening", "15000000 rupiah", "1.500.000,00", "saldo rekening
  12500000", round figures ending in 00000);
* phone numbers (an Indonesian mobile 08.. / 628.. is the phone recognizer's, unless the cue
  immediately precedes it: "rek: 0812..." is someone's account number written as their phone);
* NIKs (16 digits with a valid NIK structure) and card numbers next to a card cue;
* dates (17-05-2024, 20240517), formatted NPWPs, digits inside longer tokens (INV-2025-004417);
* numbers that the cue is not about: the cue applies to the first number after it ("rek bca
  1234567890 nominal 15000000" reports only the first), and not when a cue of another kind
  (hp, nik, nominal, tanggal, order...) is nearer to the number than the bank cue.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from redaction.recognizers._context import cue_regex, result
from redaction.recognizers._numbers import digit_count, luhn_valid
from redaction.recognizers.nik import is_valid_nik

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["BankAccountRecognizer"]

# Maximal runs of digit groups joined by one space, dot or dash; split further below.
_CLUSTER = re.compile(r"(?<!\w)\d+(?:[ .-]\d+)*")
_DIGIT_RUN = re.compile(r"\d{4,}")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_DATE_LIKE = re.compile(r"^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}[-./]\d{1,2}[-./]\d{1,2})$")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_NPWP_LAYOUT = re.compile(r"^\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}$")
_CURRENCY_BEFORE = re.compile(r"(?:rp|idr|sgd|usd|myr|s\$|us\$|\$)\.?\s?$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(
    r"\s?(?:,-|,\d{2}\b|rupiah|rp\b|idr|sgd|usd|dollars?|ribu|juta|jt\b|rb\b|k\b)", re.IGNORECASE
)
_ID_MOBILE = re.compile(r"^(?:08[1-9]\d{7,10}|628[1-9]\d{7,10})$")
_IMMEDIATE = re.compile(r"^[\s:.#=-]{0,4}$")


class BankAccountRecognizer(LocalRecognizer):
    """Recognize bank account numbers (BANK_ACCOUNT): 8-16 digits, grouped or not, next to a cue.

    Scores: 0.8 with a bank cue before the number (rekening, rek, no. rek, norek, account number,
    acct, a bank name...) or a holder cue right after it (a.n., atas nama); no cue, no result.
    """

    SCORE = 0.8
    MIN_DIGITS = 8
    MAX_DIGITS = 16

    CONTEXT = [
        "rekening",
        "rek",
        "no rek",
        "no. rek",
        "norek",
        "nomor rekening",
        "no rekening",
        "no. rekening",
        "nomor rek",
        "account number",
        "account no",
        "account no.",
        "acc no",
        "acct",
        "a/c",
        "bank account",
        "bank",
        "bca",
        "bri",
        "bni",
        "mandiri",
        "cimb",
        "cimb niaga",
        "permata",
        "danamon",
        "btn",
        "bsi",
        "btpn",
        "jenius",
        "maybank",
        "dbs",
        "ocbc",
        "uob",
        "posb",
        "account",
        "wells fargo",
        "citibank",
        "bank of america",
        "chase",
        "hsbc",
        "standard chartered",
    ]

    #: The holder's name usually follows the number: "1234567890 a.n. Budi Santoso" (spoken: "a n").
    AFTER_CONTEXT = ["a.n.", "a.n", "a/n", "an.", "a n", "atas nama", "under", "in the name of", "with bank"]

    #: Cues of other things; nearer to the number than the bank cue, they win.
    OTHER_CUES = [
        "hp",
        "handphone",
        "ponsel",
        "telp",
        "tlp",
        "telepon",
        "telpon",
        "wa",
        "whatsapp",
        "phone",
        "mobile",
        "hubungi",
        "contact",
        "kontak",
        "call",
        "sms",
        "nik",
        "ktp",
        "npwp",
        "nric",
        "ssn",
        "kartu",
        "card",
        "credit",
        "kredit",
        "debit",
        "visa",
        "mastercard",
        "nominal",
        "sebesar",
        "senilai",
        "jumlah",
        "total",
        "saldo",
        "harga",
        "biaya",
        "tagihan",
        "amount",
        "tanggal",
        "tgl",
        "date",
        "jam",
        "pukul",
        "order",
        "pesanan",
        "invoice",
        "inv",
        "resi",
        "tracking",
        "tiket",
        "ticket",
        "otp",
        "pin",
        "kode",
        "code",
        "ref",
        "referensi",
        "sku",
        "ean",
        "barcode",
        "kode produk",
        "produk",
        "product",
        "item",
    ]

    #: Amount words: right before the bank cue ("saldo rekening bca 12500000") they make it an amount.
    AMOUNT_CUES = ["saldo", "nominal", "sebesar", "senilai", "jumlah", "total", "harga", "biaya", "tagihan",
                   "amount", "balance", "limit"]

    #: Card cues: a Luhn-valid 15/16-digit number next to one of these is the credit card recognizer's.
    CARD_CUES = ["kartu", "card", "credit", "kredit", "debit", "visa", "mastercard", "amex", "jcb", "cc"]

    CUE_WINDOW_BEFORE = 48
    CUE_WINDOW_AFTER = 24

    def __init__(
        self,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "BANK_ACCOUNT",
        name: Optional[str] = None,
    ) -> None:
        context = context if context else self.CONTEXT
        self._cues = cue_regex(context)
        self._after_cues = cue_regex(self.AFTER_CONTEXT)
        self._other_cues = cue_regex(self.OTHER_CUES)
        self._card_cues = cue_regex(self.CARD_CUES)
        self._amount_cues = cue_regex(self.AMOUNT_CUES)
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context + self.AFTER_CONTEXT,
            name=name,
        )

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Optional["NlpArtifacts"] = None
    ) -> list[RecognizerResult]:
        """Digit clusters near a bank cue, minus amounts, phones, NIKs, cards, dates and other tokens."""
        if digit_count(text) < self.MIN_DIGITS:
            return []
        if self._cues.search(text) is None and self._after_cues.search(text) is None:
            return []  # a cue is required, so a text without any cue cannot hold an account
        accepted: list[tuple[int, int]] = []
        results: list[RecognizerResult] = []
        for cluster in _CLUSTER.finditer(text):
            for start, end in _pieces(cluster):
                why = self._judge(text, start, end, accepted)
                if why is None:
                    continue
                accepted.append((start, end))
                results.append(self._result(start, end, why))
        return results

    def _judge(self, text: str, start: int, end: int, accepted: list[tuple[int, int]]) -> Optional[str]:
        """The cue that makes text[start:end] an account number, or None when it is not one."""
        candidate = text[start:end]
        digits = "".join(c for c in candidate if c.isdigit())
        if not self.MIN_DIGITS <= len(digits) <= self.MAX_DIGITS:
            return None
        if not _stands_alone(text, start, end):
            return None
        if _THOUSANDS.match(candidate) or _DATE_LIKE.match(candidate) or _NPWP_LAYOUT.match(candidate):
            return None
        if _DOTTED_QUAD.fullmatch(candidate):
            return None  # an IPv4 address
        if len(digits) == 8 and _is_compact_date(digits):
            return None
        if _CURRENCY_BEFORE.search(text, max(0, start - 5), start) or _AMOUNT_AFTER.match(text, end):
            return None
        if digits.endswith("00000") or (len(digits) <= 9 and digits.endswith("000")):
            return None  # round figures are amounts ("bca 12500000"); accounts are not that round
        if len(digits) == 16 and is_valid_nik(digits):
            return None  # the NIK recognizer's

        why = self._cue_before(text, start, accepted)
        if why is None:
            why = self._cue_after(text, end)
        if why is None:
            return None
        cue_end, cue_word = why

        immediate = cue_end is not None and _IMMEDIATE.match(text[cue_end:start]) is not None
        if _ID_MOBILE.match(digits) and not immediate:
            return None  # a mobile number; only "rek: 0812..." makes it an account
        if (
            len(digits) in (15, 16)
            and luhn_valid(digits)
            and self._card_cues.search(text, max(0, start - self.CUE_WINDOW_BEFORE), start)
        ):
            return None  # a card number: the credit card recognizer's
        return cue_word

    def _cue_before(
        self, text: str, start: int, accepted: list[tuple[int, int]]
    ) -> Optional[tuple[Optional[int], str]]:
        """The nearest bank cue before the number, if nothing else (cue or number) comes in between."""
        lo = max(0, start - self.CUE_WINDOW_BEFORE)
        cue = _last(self._cues, text, lo, start)
        if cue is None:
            return None
        other = _last(self._other_cues, text, cue.start(), start)
        if other is not None and other.end() > cue.end():
            return None  # "rekening ... hp 0812...": the nearer cue is about something else
        if self._amount_cues.search(text, max(0, cue.start() - 16), cue.start()):
            return None  # "saldo rekening 12500000", "total tagihan bca ...": an amount of the account
        for run in _DIGIT_RUN.finditer(text, cue.end(), start):
            if not any(a <= run.start() and run.end() <= b for a, b in accepted):
                return None  # the cue belongs to an earlier number
        return cue.end(), cue.group(0)

    def _cue_after(self, text: str, end: int) -> Optional[tuple[Optional[int], str]]:
        """A holder cue (a.n., atas nama) right after the number, with no digits in between."""
        cue = self._after_cues.search(text, end, min(len(text), end + self.CUE_WINDOW_AFTER))
        if cue is None or any(c.isdigit() for c in text[end : cue.start()]):
            return None
        # No cue end before the number: an after-cue never "immediately precedes" it (see _judge).
        return None, cue.group(0)

    def _result(self, start: int, end: int, cue_word: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=self.SCORE,
            textual_explanation=f"Digits next to bank account cue {cue_word!r}",
        )
        explanation.set_supportive_context_word(cue_word)
        return result(self, self.supported_entities[0], start, end, self.SCORE, explanation)


def _pieces(cluster: re.Match[str]) -> list[tuple[int, int]]:
    """Split a digit cluster into candidate numbers.

    A space joins groups only when every space-separated group has 2-7 digits and the first at least
    3 ("731 025 2527", "5270 1188 09");
    otherwise the spaces separate different words ("1234567890 2 kali", "1500000 1234567890").
    """
    text, start = cluster.group(0), cluster.start()
    if " " not in text:
        return [(start, cluster.end())]
    groups = text.split(" ")
    if len(groups[0]) >= 3 and all(2 <= len(g) <= 7 and g.isdigit() for g in groups):
        return [(start, cluster.end())]
    pieces = []
    offset = start
    for g in groups:
        pieces.append((offset, offset + len(g)))
        offset += len(g) + 1
    return pieces


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Not part of a longer token: INV-2025-004417, JP1234567890, 240517ABCD, +6281..., 1.500.000,00."""
    if start > 0:
        prev = text[start - 1]
        if prev.isalnum() or prev in "_+":
            return False
        if prev in "-/" and start > 1 and text[start - 2].isalnum():
            return False
    if end < len(text):
        nxt = text[end]
        if nxt.isalnum() or nxt == "_":
            return False
        if end + 1 < len(text) and nxt in "-/.," and text[end + 1].isalnum():
            return False
    return True


def _is_compact_date(digits: str) -> bool:
    """YYYYMMDD or DDMMYYYY for years 1900-2099: a date, not an 8-digit account."""
    def ok(day: int, month: int, year: int) -> bool:
        return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2099

    return ok(int(digits[6:]), int(digits[4:6]), int(digits[:4])) or ok(
        int(digits[:2]), int(digits[2:4]), int(digits[4:])
    )


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> Optional[re.Match[str]]:
    found = None
    for found in pattern.finditer(text, lo, hi):  # noqa: B007 - the last one is wanted
        pass
    return found
