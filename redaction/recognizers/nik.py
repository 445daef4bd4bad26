"""ID_NIK: the Indonesian national identity number (Nomor Induk Kependudukan), printed on the e-KTP.

A NIK is 16 digits with a fixed structure and no check digit::

    PP RR DD ddmmyy ssss
    |  |  |  |      '-- serial within the district and birth date, 0001..9999
    |  |  |  '-- birth date; women add 40 to the day (so 41..71), which is how a NIK
    |  |  |      encodes sex without a separate digit
    |  |  '-- district (kecamatan), 01..99
    |  '-- regency/city (kabupaten/kota), 01..99
    '-- province (one of the Dukcapil province codes)

Without a check digit the structure is all there is to validate, and it is fairly strong: about one
random 16-digit number in 36 passes. What it does not rule out is a payment card, which is also 16 digits;
a card carries a Luhn check digit, so a number that passes Luhn is only reported as a NIK when a NIK
cue word is near, or when Presidio's credit card recognizer would not pick it up at all (a card
recognizer that never sees a number cannot redact it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

from redaction.recognizers._context import cue_regex
from redaction.recognizers._numbers import cue_for_number, digit_count, luhn_valid

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["IdNikRecognizer", "cue_for_number", "digit_count", "is_valid_nik", "luhn_valid"]

#: Dukcapil province codes (Kepmendagri on region codes), including the Papua provinces split off
#: in 2022 (93-96 are used for Papua Selatan/Tengah/Pegunungan/Barat Daya).
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(p) for p in range(11, 20)]
    + ["21"]
    + [str(p) for p in range(31, 37)]
    + ["51", "52", "53"]
    + [str(p) for p in range(61, 66)]
    + [str(p) for p in range(71, 77)]
    + ["81", "82"]
    + [str(p) for p in range(91, 97)]
)

# Days per month; February gets 29 when the two-digit year is a multiple of 4. The century is not
# in the NIK, and 00 (2000) was a leap year while 1900 predates every NIK holder's birth that
# matters, so "yy % 4 == 0" is the right leap rule for yy.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_SEPARATORS = str.maketrans("", "", " .-")


def is_valid_nik(digits: str) -> bool:
    """Whether 16 bare digits have the NIK structure (province, regency, district, birth date, serial).

    The birth day may be 41..71 because women's NIKs add 40 to the day of birth.
    """
    if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
        return False
    if digits[:2] not in PROVINCE_CODES or digits[2:4] == "00" or digits[4:6] == "00":
        return False
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    if not 1 <= month <= 12 or day < 1:
        return False
    days_in_month = 29 if month == 2 and year % 4 == 0 else _MONTH_DAYS[month - 1]
    if day > days_in_month:
        return False
    return digits[12:] != "0000"


# Presidio's own credit card pattern: a Luhn-valid number it cannot match is no card to it, so a
# NIK-shaped number of that kind must stay ours or nobody redacts it.
_CARD_SHAPE = regex.compile(CreditCardRecognizer.PATTERNS[0].regex)


class IdNikRecognizer(PatternRecognizer):
    """Recognize Indonesian NIK numbers (ID_NIK), bare or grouped as people type them.

    Scores: structurally valid -> 0.95; with a NIK cue (nik, ktp, e-ktp, nomor induk kependudukan...)
    -> 0.99. A valid NIK that also passes Luhn and has the shape of a card is left to the credit
    card recognizer unless a NIK cue is near. Structurally invalid numbers are never reported.
    """

    COUNTRY_CODE = "id"

    VALID_SCORE = 0.95
    CUE_SCORE = 0.99

    # The look-arounds keep digits that belong to a longer token (INV-2025..., 12345678901234567,
    # 3174056708900003X) out; the grouped forms require one separator used throughout.
    PATTERNS = [
        Pattern("NIK (16 digits)", r"(?<![\w.-])\d{16}(?![\w-]|[.,]\d)", VALID_SCORE),
        Pattern(
            "NIK (4-4-4-4)",
            r"(?<![\w.-])\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?![\w-]|[.,]\d)",
            VALID_SCORE,
        ),
        Pattern("NIK (6-6-4)", r"(?<![\w.-])\d{6}([ .-])\d{6}\1\d{4}(?![\w-]|[.,]\d)", VALID_SCORE),
        Pattern(
            "NIK (2-2-2-6-4)",
            r"(?<![\w.-])\d{2}([ .-])\d{2}\1\d{2}\1\d{6}\1\d{4}(?![\w-]|[.,]\d)",
            VALID_SCORE,
        ),
    ]

    CONTEXT = [
        "nik",
        "ktp",
        "e-ktp",
        "ektp",
        "no ktp",
        "no. ktp",
        "nomor ktp",
        "nomor nik",
        "nomor induk kependudukan",
        "kartu tanda penduduk",
        "national id",
        "id number",
        "identity number",
        "identity card",
    ]

    MIN_DIGITS = 16

    def __init__(
        self,
        patterns: Optional[list[Pattern]] = None,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "ID_NIK",
        name: Optional[str] = None,
    ) -> None:
        context = context if context else self.CONTEXT
        self._cues = cue_regex(context)
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=context,
            supported_language=supported_language,
            name=name,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Structure check on the match alone: anything that is not a well-formed NIK is dropped."""
        return not is_valid_nik(pattern_text.translate(_SEPARATORS))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Optional["NlpArtifacts"] = None,
        regex_flags: Optional[int] = None,
    ) -> list[RecognizerResult]:
        """Regex candidates, structure-validated by Presidio, then scored on the cue window here."""
        if digit_count(text) < self.MIN_DIGITS:
            return []
        results = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            candidate = text[result.start : result.end]
            if _inside_longer_group_run(text, result.start, result.end, candidate):
                continue
            cue = cue_for_number(text, result.start, self._cues)
            if cue:
                score = self.CUE_SCORE
            elif luhn_valid(candidate.translate(_SEPARATORS)) and _CARD_SHAPE.fullmatch(candidate):
                continue  # a card as much as a NIK: the credit card recognizer reports it
            else:
                score = self.VALID_SCORE
            _set_score(result, score, "NIK cue word nearby" if cue else None)
            results.append(result)
        return results


_GROUP_SEP = re.compile(r"\d([ .-])\d")


def _inside_longer_group_run(text: str, start: int, end: int, candidate: str) -> bool:
    """A grouped match glued to another digit group with the same separator is part of a longer number.

    "1234 3174 0567 0890 0003" is a 20-digit reference, not a NIK preceded by something.
    """
    sep_match = _GROUP_SEP.search(candidate)
    if sep_match is None:
        return False
    sep = sep_match.group(1)
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] == sep and before[0].isdigit()) or (
        len(after) == 2 and after[0] == sep and after[1].isdigit()
    )


def _set_score(result: RecognizerResult, score: float, why: Optional[str]) -> None:
    """Record the final score on the result and its explanation.

    Context was weighed here, so the result is marked as context-enhanced: Presidio's enhancer (if an
    NLP engine with lemmas is ever plugged in) must not boost it a second time.
    """
    result.score = score
    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
    if result.analysis_explanation is not None:
        result.analysis_explanation.set_improved_score(score)
        if why:
            result.analysis_explanation.append_textual_explanation_line(why)
