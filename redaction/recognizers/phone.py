"""PHONE_NUMBER: phone numbers, Indonesian first, via Google's libphonenumber metadata.

Like Presidio's own PhoneRecognizer this runs ``phonenumbers.PhoneNumberMatcher``, but with leniency
VALID (the number must be a real allocation for its region, not merely possible) and with the
precision rules a contact-center transcript needs:

* How the number is written decides how much it proves. "+62 812-8877-4410", "0062...",
  "6281288774410" and "0813 2245 5981" / "(021) 5551234" (Indonesian trunk prefix) are phone numbers
  on sight. A bare national number of another region ("9123 4567" in Singapore, "4155550132" in the
  US, "012-3456789" in Malaysia) is also just an 8-10 digit number, so it needs a phone cue; a US
  number in NANP layout "(415) 555-0132" is reported at a low-but-passing score.
* The match must stand alone: not inside a longer alphanumeric token (INV-2025-004417, JP1234567890)
  and not a slice of a longer grouped number (a NIK or card typed "3174 0567 0890 0003"), and at most
  15 digits (E.164), so NIKs, cards and most account numbers never come out as phones.
* Toll-free, premium, shared-cost and universal-access numbers (1500-888, 14045, 0800...) belong to
  businesses, not people, and are not reported.
* A cue is the nearest cue word before the number: in "nomor rekening 0812..." the nearest cue is
  "rekening", which is a bank-account cue, so "nomor" does not make it a phone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

import phonenumbers
from phonenumbers import Leniency, NumberParseException
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from redaction.recognizers._context import cue_regex, result
from redaction.recognizers._numbers import digit_count

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["PhoneRecognizer"]

# How the number was written, from most to least telling.
INTERNATIONAL = "international"  # +CC..., 00CC..., or 62... for Indonesia
ID_NATIONAL = "id-national"  # 08.., 021..: the Indonesian trunk prefix
US_FORMATTED = "us-formatted"  # (415) 555-0132, 415-555-0132
NATIONAL = "national"  # anything else: needs a cue

_BUSINESS_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)
_NANP_LAYOUT = re.compile(r"^(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}$")
_NANP_ANYWHERE = re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_CURRENCY_BEFORE = re.compile(r"(?:rp|idr|sgd|usd|myr|s\$|us\$|\$)\.?\s?$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}[-./]\d{1,2}[-./]\d{1,2})$")


class PhoneRecognizer(LocalRecognizer):
    """Recognize phone numbers (PHONE_NUMBER) with python-phonenumbers, leniency VALID.

    Scores: international or Indonesian national layout -> 0.75, 0.9 with a phone cue; US number in
    NANP layout -> 0.6, 0.9 with a cue; any other national number -> 0.9 with a cue, else not
    reported. A cue counts only when no non-phone cue (rekening, nik, order, otp...) is nearer.
    """

    DEFAULT_SCORE = 0.75
    CUE_SCORE = 0.9
    US_FORMATTED_SCORE = 0.6
    #: Right length for its region but not a known allocation, with a phone cue before it.
    POSSIBLE_CUE_SCORE = 0.8

    #: ID first: Indonesian is the home region, and every +CC number is found by the first pass.
    DEFAULT_SUPPORTED_REGIONS: tuple[str, ...] = ("ID", "SG", "MY", "US", "GB")

    CONTEXT = [
        "hp",
        "no hp",
        "no. hp",
        "nomor hp",
        "handphone",
        "ponsel",
        "telp",
        "tlp",
        "telpon",
        "telepon",
        "tel",
        "wa",
        "whatsapp",
        "phone",
        "phone number",
        "mobile",
        "cell",
        "call",
        "hubungi",
        "contact",
        "kontak",
        "nomor",
        "number",
        "sms",
        "hotline",
        "reach me",
        "reach me on",
        "reach me at",
        "call me",
        "my number",
    ]

    #: Cue words of other identifiers: when one of these is nearer to the number than any phone cue,
    #: the phone cue belongs to something else ("nomor rekening", "nomor pesanan").
    OTHER_CUES = [
        "rekening",
        "rek",
        "norek",
        "account",
        "acct",
        "a/c",
        "bca",
        "bri",
        "bni",
        "mandiri",
        "cimb",
        "permata",
        "danamon",
        "btn",
        "bsi",
        "dbs",
        "ocbc",
        "uob",
        "posb",
        "nik",
        "ktp",
        "npwp",
        "nric",
        "fin",
        "ssn",
        "kartu",
        "card",
        "order",
        "pesanan",
        "invoice",
        "inv",
        "resi",
        "tracking",
        "awb",
        "tiket",
        "ticket",
        "otp",
        "pin",
        "kode",
        "code",
        "ref",
        "referensi",
        "transaksi",
        "transaction",
        "va",
        "virtual account",
        "customer id",
        "id pelanggan",
    ]

    CUE_WINDOW_BEFORE = 48
    CUE_WINDOW_AFTER = 16
    MIN_DIGITS = 7
    MAX_DIGITS = 15

    def __init__(
        self,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "PHONE_NUMBER",
        supported_regions: Sequence[str] = DEFAULT_SUPPORTED_REGIONS,
        other_cues: Optional[list[str]] = None,
        name: Optional[str] = None,
    ) -> None:
        context = context if context else self.CONTEXT
        self.supported_regions = tuple(supported_regions)
        self._cues = cue_regex(context)
        self._other_cues = cue_regex(other_cues if other_cues else self.OTHER_CUES)
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context,
            name=name,
        )

    def load(self) -> None:  # noqa: D102 - nothing to load, the metadata ships with phonenumbers
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Optional["NlpArtifacts"] = None
    ) -> list[RecognizerResult]:
        """Match per region, keep the first reading of each span, then apply the precision rules.

        The matcher is pure Python and scans everything it is given, so it only gets the stretches
        of text that hold a digit run long enough to be a phone number (plus a little margin, so its
        own checks on neighbouring letters still work), not the whole transcript.
        """
        if digit_count(text) < self.MIN_DIGITS:
            return []
        seen: set[tuple[int, int]] = set()
        results: list[RecognizerResult] = []
        for window_start, window_end in _windows(text, self.MIN_DIGITS):
            window = text[window_start:window_end]
            # Later regions only add national-format numbers, which need a cue (US layout aside):
            # skip their scan when that cannot pay off.
            cue_near = (
                self._cues.search(
                    text,
                    max(0, window_start - self.CUE_WINDOW_BEFORE),
                    min(len(text), window_end + self.CUE_WINDOW_AFTER),
                )
                is not None
            )
            if not cue_near and _PHONE_START.search(window) is None:
                continue  # without a cue only "+...", "(...", "0..." and "62/65..." numbers are reported
            # VALID first, in every region (a real allocation); then, with a phone cue and nothing
            # found, POSSIBLE (the right length for the region): "Tel: 545-508-8571" is a phone
            # number whoever allocated it, and test data and new ranges are not in the metadata.
            found_here = len(results)
            passes = [(Leniency.VALID, r) for r in self.supported_regions]
            if cue_near and _SPECIFIC_CUES.search(text, max(0, window_start - self.CUE_WINDOW_BEFORE), window_start + 1):
                passes += [(Leniency.POSSIBLE, r) for r in self.supported_regions]
            for leniency, region in passes:
                index = self.supported_regions.index(region)
                if index and not cue_near and not (region == "US" and _NANP_ANYWHERE.search(window)):
                    continue
                if leniency is Leniency.POSSIBLE and len(results) > found_here:
                    break  # a real number was found in this window: the lenient pass adds nothing
                for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=leniency):
                    start, raw = window_start + match.start, match.raw_string
                    end, raw = _trim_trailing_fragment(start, window_start + match.end, raw, region)
                    if (start, end) in seen:
                        continue
                    seen.add((start, end))
                    found = self._judge(text, start, end, raw, match.number, region,
                                        possible_only=leniency is Leniency.POSSIBLE)
                    if found is not None:
                        results.append(found)
        return LocalRecognizer.remove_duplicates(results)

    def _judge(
        self,
        text: str,
        start: int,
        end: int,
        raw: str,
        number: phonenumbers.PhoneNumber,
        region: str,
        *,
        possible_only: bool = False,
    ) -> Optional[RecognizerResult]:
        digits = "".join(c for c in raw if c.isdigit())
        if not self.MIN_DIGITS <= len(digits) <= self.MAX_DIGITS:
            return None
        if not _stands_alone(text, start, end) or _part_of_grouped_run(text, start, end, len(digits)):
            return None
        if (
            _THOUSANDS.match(raw)
            or _DATE_LIKE.match(raw)
            or _inside_dotted_quad(text, start, end)
            or _CURRENCY_BEFORE.search(text, max(0, start - 5), start)
        ):
            return None

        if phonenumbers.number_type(number) in _BUSINESS_TYPES:
            return None  # hotlines (1500-888, 14045, 0800...): a company's number is not personal data
        kind = _layout(raw, number)
        if kind != INTERNATIONAL and number.country_code != phonenumbers.country_code_for_region(region):
            # A national-looking string read as foreign through the region's own international
            # prefix ("021 55 ..." is Brazil dialled from Singapore): not what anyone wrote.
            return None
        cue = self._phone_cue(text, start, end)
        if possible_only:
            # Not a known allocation: only with a cue that names a phone ("HP:", "Tel", "my number
            # is"), not the generic "nomor", and never a company's own line ("call us at 1800 ...").
            lo = max(0, start - self.CUE_WINDOW_BEFORE)
            specific = _last(_SPECIFIC_CUES, text, lo, start)
            if specific is None or _last(self._other_cues, text, specific.end(), start) is not None \
                    or _COMPANY_LINE.search(text, lo, start) or _TOLL_FREE.match(raw) or "." in raw \
                    or (kind != INTERNATIONAL and len(digits) > 12) or _digit_adjacent(text, start, end):
                return None
            score = self.POSSIBLE_CUE_SCORE
        elif cue:
            score = self.CUE_SCORE
        elif kind in (INTERNATIONAL, ID_NATIONAL):
            score = self.DEFAULT_SCORE
        elif kind == US_FORMATTED and not self._other_cue_near(text, start):
            score = self.US_FORMATTED_SCORE
        else:
            return None

        number_region = phonenumbers.region_code_for_number(number) or region
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            textual_explanation=f"{number_region} phone number, {kind} layout"
            + (", phone cue nearby" if cue else ""),
        )
        return result(self, self.supported_entities[0], start, end, score, explanation)

    def _phone_cue(self, text: str, start: int, end: int) -> bool:
        """A phone cue before the number with no other identifier's cue nearer, or one right after."""
        lo = max(0, start - self.CUE_WINDOW_BEFORE)
        phone = _last(self._cues, text, lo, start)
        if phone is not None:
            other = _last(self._other_cues, text, lo, start)
            if other is None or phone.start() > other.start():
                return True
        return self._cues.search(text, end, min(len(text), end + self.CUE_WINDOW_AFTER)) is not None

    def _other_cue_near(self, text: str, start: int) -> bool:
        return self._other_cues.search(text, max(0, start - self.CUE_WINDOW_BEFORE), start) is not None


def _digit_adjacent(text: str, start: int, end: int) -> bool:
    """More digits right around the match (one space apart): it is a slice of a longer number."""
    return bool(re.search(r"\d[ \t]?$", text[max(0, start - 2) : start]) or re.match(r"[ \t]?\d", text[end : end + 2]))


#: Cues that name a phone, strong enough for a number that is only of the right length.
_SPECIFIC_CUES = cue_regex([
    "hp", "no hp", "nomor hp", "handphone", "ponsel", "telp", "tlp", "telpon", "telepon", "tel", "wa", "whatsapp",
    "phone", "phone number", "mobile", "cell", "call me", "reach me", "my number", "nomor saya", "no saya",
    "nomor wa", "nomor whatsapp", "hubungi saya", "callback number", "contact number",
])
#: The company's own line, not a customer's: "call us at", "hubungi kami di".
_COMPANY_LINE = re.compile(r"(?i)\b(?:call us|contact us|reach us|hubungi kami|telepon kami|our (?:hotline|number|line)|call cent(?:er|re)|hotline)\b")
_TOLL_FREE = re.compile(r"^\+?1?[ -]?8(?:00|88|77|66|55|44)|^1[ -]?800|^0800|^1500|^14\d{3}")
# A stretch that could hold a phone number: digits with the separators phone layouts use.
#: How a phone number reported without a cue can start (international, trunk 0, US "(415)").
_PHONE_START = re.compile(r"(?<!\d)(?:\+|\(|0|6[25])\s?\d|(?<!\d)1?[ -]?\(\d{3}\)")
_STRETCH = re.compile(r"[+(]?\d[\d \t().\-/]*\d")
_MARGIN = 3


_NEVER_A_PHONE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?")


def _windows(text: str, min_digits: int) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) slices around digit stretches with at least *min_digits* digits."""
    windows: list[tuple[int, int]] = []
    for stretch in _STRETCH.finditer(text):
        body = stretch.group(0)
        digits = digit_count(body)
        if digits < min_digits:
            continue
        if _NEVER_A_PHONE.fullmatch(body):
            continue  # an IPv4 address or a card in 4-4-4-4 layout: not worth a matcher pass
        if " " not in body and "\t" not in body:
            # One token: settle the cheap cases here instead of in the matcher (a NIK or card,
            # an amount, a date, digits glued to letters such as INV-2025-004417 or JP1234567890).
            if (digits > 15 and body.isdigit()) or _THOUSANDS.match(body) or _DATE_LIKE.match(body):
                continue
            if not _stands_alone(text, stretch.start(), stretch.end()):
                continue
        start, end = max(0, stretch.start() - _MARGIN), min(len(text), stretch.end() + _MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> Optional[re.Match[str]]:
    found = None
    for found in pattern.finditer(text, lo, hi):  # noqa: B007 - the last one is wanted
        pass
    return found


def _layout(raw: str, number: phonenumbers.PhoneNumber) -> str:
    stripped = raw.lstrip("(")
    if stripped.startswith("+") or stripped.startswith("00"):
        return INTERNATIONAL
    if number.country_code == 62:
        if stripped.startswith("0"):
            return ID_NATIONAL
        if stripped.startswith("62"):
            return INTERNATIONAL  # "62812..." without the plus, as Indonesians often write it
    if number.country_code == 1 and _NANP_LAYOUT.match(raw):
        return US_FORMATTED
    return NATIONAL


def _trim_trailing_fragment(start: int, end: int, raw: str, region: str) -> tuple[int, str]:
    """Drop a trailing 1-2 digit group the matcher swallowed ("0812 3456 7890 2 kali").

    Only when the number without it is still valid: then the short group is a separate word.
    """
    head, _, tail = raw.rpartition(" ")
    if not head or not tail.isdigit() or len(tail) > 2:
        return end, raw
    head = head.rstrip()
    try:
        if phonenumbers.is_valid_number(phonenumbers.parse(head, region)):
            return start + len(head), head
    except NumberParseException:
        pass
    return end, raw


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Not glued to letters or to more digits: INV-2025-004417, JP1234567890, 0812345678-9."""
    if start > 0:
        prev = text[start - 1]
        if prev.isalnum() or prev == "_":
            return False
        before = text[start - 2] if start > 1 else ""
        # "1.0812...", "3-0812...", "INV-2025..." are glued; "telp.0812..." is a cue and a number.
        if prev in "-./" and (before.isdigit() or (prev != "." and before.isalpha())):
            return False
    if end < len(text):
        nxt = text[end]
        if nxt.isalnum() or nxt == "_":
            return False
        if end + 1 < len(text) and nxt in "-./," and text[end + 1].isdigit():
            return False
        if end + 1 < len(text) and nxt in "-/" and text[end + 1].isalpha():
            return False
    return True


def _part_of_grouped_run(text: str, start: int, end: int, digits: int) -> bool:
    """Whether space-separated 3-4 digit groups glued to the match make it a 14+ digit identifier.

    "3174 0567 0890 0003" (a NIK) or "4111 1111 1111 1111" (a card) may contain a valid phone
    number; a phone number itself has at most 13 digits in the layouts people use.
    """
    n = len(text)
    extra = 0
    i = end
    while i + 1 < n and text[i] == " " and text[i + 1].isdigit():
        j = i + 1
        while j < n and text[j].isdigit():
            j += 1
        if not 3 <= j - i - 1 <= 4 or (j < n and text[j].isalpha()):
            break
        extra += j - i - 1
        i = j
    i = start
    while i - 2 >= 0 and text[i - 1] == " " and text[i - 2].isdigit():
        j = i - 2
        while j - 1 >= 0 and text[j - 1].isdigit():
            j -= 1
        if not 3 <= i - 1 - j <= 4 or (j > 0 and text[j - 1].isalpha()):
            break
        extra += i - 1 - j
        i = j
    return extra > 0 and digits + extra >= 14


_DOTTED_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.]*\d)")


def _inside_dotted_quad(text: str, start: int, end: int) -> bool:
    """Digits of an IPv4 address ("IP 125.174.158.85") are the IP recognizer's, not a phone."""
    lo = max(0, start - 16)
    return any(m.start() <= start and end <= m.end() for m in _DOTTED_QUAD.finditer(text, lo, min(len(text), end + 16)))
