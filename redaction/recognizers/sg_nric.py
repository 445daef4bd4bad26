"""SG_NRIC: Singapore NRIC and FIN numbers (prefix letter, 7 digits, check letter).

Prefixes: S (citizens/PRs born before 2000), T (born 2000 or later), F and G (foreigners' FIN before
and after 2000), M (FINs issued from 2022). The check letter is a weighted mod-11 sum of the digits
(weights 2,7,6,5,4,3,2):

* S/T: T adds 4 (the "century" offset), letter = "JZIHGFEDCBA"[sum % 11];
* F/G: G adds 4, letter = "XWUTRQPNMLK"[sum % 11];
* M: adds 3, letter = "KLJNPQRTUWX"[10 - sum % 11]. The M table is indexed from the other end
  (ICA: "P = 11 - R, check digit = table[P - 1]"), so the S/T style lookup on it would accept wrong
  letters and reject every real M number; e.g. M1234567K is valid.

Because the check letter catches every single-digit error, a checksum-valid match is reported on
sight; a wrong check letter is a typo or a product code and is only kept, at a sub-threshold score,
when an NRIC/FIN cue is next to it (useful for audits and threshold tuning, never redacted by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redaction.recognizers._context import cue_regex, has_cue

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["SgNricRecognizer", "nric_check_letter", "is_valid_nric"]

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_ST_TABLE = "JZIHGFEDCBA"
_FG_TABLE = "XWUTRQPNMLK"
_M_TABLE = "KLJNPQRTUWX"


def nric_check_letter(prefix: str, digits: str) -> str:
    """The check letter for a prefix (S, T, F, G or M) and its 7 digits."""
    prefix = prefix.upper()
    total = sum(w * (ord(c) - 48) for w, c in zip(_WEIGHTS, digits, strict=True))
    if prefix in "TG":
        total += 4
    if prefix == "M":
        return _M_TABLE[10 - (total + 3) % 11]
    if prefix in "ST":
        return _ST_TABLE[total % 11]
    if prefix == "F" or prefix == "G":
        return _FG_TABLE[total % 11]
    raise ValueError(f"not an NRIC/FIN prefix: {prefix!r}")


def is_valid_nric(value: str) -> bool:
    """Whether *value* (9 characters, any case) is an NRIC/FIN with the right check letter."""
    if len(value) != 9:
        return False
    value = value.upper()
    prefix, digits, check = value[0], value[1:8], value[8]
    if prefix not in "STFGM" or not digits.isdigit() or not digits.isascii():
        return False
    return nric_check_letter(prefix, digits) == check


class SgNricRecognizer(PatternRecognizer):
    """Recognize Singapore NRIC/FIN numbers (SG_NRIC), case-insensitive.

    Scores: valid check letter -> 0.95; wrong check letter with a cue (nric, fin, ic number...) -> 0.3
    (below the default threshold); wrong check letter without a cue -> not reported.
    """

    COUNTRY_CODE = "sg"

    VALID_SCORE = 0.95
    INVALID_WITH_CUE_SCORE = 0.3

    PATTERNS = [
        # Not part of a longer token: "XS1234567DA", "ABC-S1234567D" and "S1234567D-2" stay out.
        Pattern("NRIC/FIN", r"(?<![\w.-])[STFGM]\d{7}[A-Z](?![\w-])", VALID_SCORE),
    ]

    CONTEXT = ["nric", "fin", "ic", "ic number", "ic no", "i/c", "uin", "identity card", "nric/fin"]

    def __init__(
        self,
        patterns: Optional[list[Pattern]] = None,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "SG_NRIC",
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

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        """Left undecided here: a wrong check letter still matters next to a cue (see analyze)."""
        return None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Optional["NlpArtifacts"] = None,
        regex_flags: Optional[int] = None,
    ) -> list[RecognizerResult]:
        """Regex candidates, then the checksum; the cue only rescues a wrong check letter to 0.3."""
        if len(text) < 9:
            return []
        results = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            valid = is_valid_nric(text[result.start : result.end])
            if valid:
                score = self.VALID_SCORE
            elif has_cue(text, result.start, result.end, self._cues):
                score = self.INVALID_WITH_CUE_SCORE
            else:
                continue
            result.score = score
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            if result.analysis_explanation is not None:
                result.analysis_explanation.validation_result = valid
                result.analysis_explanation.set_improved_score(score)
                result.analysis_explanation.append_textual_explanation_line(
                    "check letter valid" if valid else "check letter NOT valid; NRIC/FIN cue nearby"
                )
            results.append(result)
        return results
