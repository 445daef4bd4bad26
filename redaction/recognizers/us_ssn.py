"""US_SSN: US Social Security numbers, AAA-GG-SSSS.

Since 2011 SSNs are randomised, so no checksum exists; what the SSA never issues is still a filter:
area 000, 666 and 900-999, group 00, serial 0000, and the numbers published in advertising and
samples (078-05-1120, the Woolworth wallet card; 219-09-9999; 457-55-5462; 123-45-6789).

The dashed form is what people write for an SSN; the space-separated form is rarer and looks more
like other grouped numbers; nine bare digits are anything at all (an order, an account, a phone) so
they need "ssn" or "social security" nearby.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redaction.recognizers._context import cue_regex, has_cue
from redaction.recognizers._numbers import cue_for_number, digit_count

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["UsSsnRecognizer", "is_valid_ssn"]

_KNOWN_INVALID = frozenset({"078051120", "219099999", "457555462", "123456789", "987654320"})


def is_valid_ssn(digits: str) -> bool:
    """Whether 9 bare digits could be an issued SSN (area, group and serial rules, no sample numbers)."""
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    if digits in _KNOWN_INVALID or digits == digits[0] * 9:
        return False
    return True


class UsSsnRecognizer(PatternRecognizer):
    """Recognize US Social Security numbers (US_SSN).

    Scores: AAA-GG-SSSS -> 0.85 (0.95 with a cue); AAA GG SSSS -> 0.75 (0.9 with a cue; dropped when
    a phone cue is near and no SSN cue);
    AAA.GG.SSSS or 9 bare digits -> 0.8 with a cue (ssn, social security), else not reported.
    Numbers the SSA never issues are never reported.
    """

    COUNTRY_CODE = "us"

    DASHED, SPACED, DOTTED, BARE = "SSN (dashes)", "SSN (spaces)", "SSN (dots)", "SSN (9 digits)"
    # pattern name -> (score without cue or None when a cue is required, score with cue)
    SCORES: dict[str, tuple[Optional[float], float]] = {
        DASHED: (0.85, 0.95),
        SPACED: (0.75, 0.9),
        DOTTED: (None, 0.8),
        BARE: (None, 0.8),
    }

    PATTERNS = [
        Pattern(DASHED, r"(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|[.,]\d)", 0.85),
        # Not glued by a space to more digit groups: "0812 123 45 6789" is something else.
        Pattern(SPACED, r"(?<![\w.-])(?<!\d )\d{3} \d{2} \d{4}(?![\w-]|[.,]\d| \d)", 0.75),
        Pattern(DOTTED, r"(?<![\w.-])\d{3}\.\d{2}\.\d{4}(?![\w-]|[.,]\d)", 0.8),
        Pattern(BARE, r"(?<![\w.-])\d{9}(?![\w-]|[.,]\d)", 0.8),
    ]

    CONTEXT = ["ssn", "ssns", "ssn#", "ss#", "social security", "social security number", "soc sec"]

    #: Without an SSN cue, a spaced "021 55 5123" next to one of these is a phone number, not an SSN.
    PHONE_CUES = ["hp", "telp", "telepon", "tel", "phone", "call", "wa", "whatsapp", "hubungi", "mobile"]

    def __init__(
        self,
        patterns: Optional[list[Pattern]] = None,
        context: Optional[list[str]] = None,
        supported_language: str = "en",
        supported_entity: str = "US_SSN",
        name: Optional[str] = None,
    ) -> None:
        context = context if context else self.CONTEXT
        self._cues = cue_regex(context)
        self._phone_cues = cue_regex(self.PHONE_CUES)
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=context,
            supported_language=supported_language,
            name=name,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Area/group/serial rules and published sample numbers."""
        return not is_valid_ssn("".join(c for c in pattern_text if c.isdigit()))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Optional["NlpArtifacts"] = None,
        regex_flags: Optional[int] = None,
    ) -> list[RecognizerResult]:
        """Regex candidates, validity rules, then the score for the shape and cue."""
        if digit_count(text) < 9:
            return []
        results = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            explanation = result.analysis_explanation
            pattern_name = explanation.pattern_name if explanation is not None else self.BARE
            plain, cued = self.SCORES.get(pattern_name, (None, 0.8))
            cue = cue_for_number(text, result.start, self._cues)
            score = cued if cue else plain
            if score is None:
                continue
            if (
                not cue
                and pattern_name == self.SPACED
                and has_cue(text, result.start, result.end, self._phone_cues)
            ):
                continue
            result.score = score
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            if explanation is not None:
                explanation.set_improved_score(score)
                if cue:
                    explanation.append_textual_explanation_line("SSN cue word nearby")
            results.append(result)
        return results
