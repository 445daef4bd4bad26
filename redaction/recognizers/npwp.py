"""ID_NPWP: the Indonesian taxpayer number (Nomor Pokok Wajib Pajak).

Three shapes are in circulation:

* the classic 15 digits, almost always printed ``99.999.999.9-999.999`` (type+serial, check digit,
  tax office, branch). That layout is distinctive enough to report on sight;
* the same 15 digits typed bare, which is just a long number until someone says "npwp";
* since 2024, 16 digits: the NIK for resident individuals, or a 0-prefixed form for entities.
  A 16-digit number is far more likely a NIK or a card, so it only counts as NPWP next to an NPWP cue.

The 9th digit is a Luhn check digit over the first nine, but published examples and typed numbers
often get it wrong, so it is reported in the explanation rather than used to reject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redaction.recognizers._context import cue_regex
from redaction.recognizers._numbers import cue_for_number, digit_count, luhn_valid

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["IdNpwpRecognizer"]

_SEPARATORS = str.maketrans("", "", " .-")


class IdNpwpRecognizer(PatternRecognizer):
    """Recognize Indonesian NPWP tax numbers (ID_NPWP).

    Scores: formatted ``99.999.999.9-999.999`` -> 0.9 (0.95 with an NPWP cue); bare 15 digits with a
    cue -> 0.85; 16 digits (bare or grouped 4-4-4-4) with a cue -> 0.85; bare numbers without a cue
    are not reported.
    """

    COUNTRY_CODE = "id"

    FORMATTED_SCORE = 0.9
    FORMATTED_CUE_SCORE = 0.95
    CUED_SCORE = 0.85

    FORMATTED = "NPWP (formatted)"
    PATTERNS = [
        Pattern(
            FORMATTED,
            r"(?<![\w.-])\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?![\w-]|[.,]\d)",
            FORMATTED_SCORE,
        ),
        Pattern("NPWP (15 digits, needs cue)", r"(?<![\w.-])\d{15}(?![\w-]|[.,]\d)", CUED_SCORE),
        Pattern("NPWP (16 digits, needs cue)", r"(?<![\w.-])\d{16}(?![\w-]|[.,]\d)", CUED_SCORE),
        Pattern(
            "NPWP (16 digits grouped, needs cue)",
            r"(?<![\w.-])\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?![\w-]|[.,]\d|\1\d)",
            CUED_SCORE,
        ),
    ]

    CONTEXT = [
        "npwp",
        "no npwp",
        "no. npwp",
        "nomor npwp",
        "nomor pokok wajib pajak",
        "tax id",
        "tax number",
        "tax identification number",
        "tin",
    ]

    MIN_DIGITS = 15

    def __init__(
        self,
        patterns: Optional[list[Pattern]] = None,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "ID_NPWP",
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

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Optional["NlpArtifacts"] = None,
        regex_flags: Optional[int] = None,
    ) -> list[RecognizerResult]:
        """Regex candidates, then the cue rule: only the formatted shape stands without a cue."""
        if digit_count(text) < self.MIN_DIGITS:
            return []
        results = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            cue = cue_for_number(text, result.start, self._cues)
            explanation = result.analysis_explanation
            formatted = explanation is not None and explanation.pattern_name == self.FORMATTED
            if formatted:
                score = self.FORMATTED_CUE_SCORE if cue else self.FORMATTED_SCORE
            elif cue:
                score = self.CUED_SCORE
            else:
                continue
            result.score = score
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            if explanation is not None:
                explanation.set_improved_score(score)
                digits = text[result.start : result.end].translate(_SEPARATORS)
                if len(digits) == 15:
                    check = "valid" if luhn_valid(digits[:9]) else "not valid"
                    explanation.append_textual_explanation_line(f"NPWP check digit {check}")
                if cue:
                    explanation.append_textual_explanation_line("NPWP cue word nearby")
            results.append(result)
        return results
