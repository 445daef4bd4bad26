"""Context windows: does a cue word appear just before (or after) a match?

Presidio's own context enhancer works on spaCy lemmas, which a blank pipeline does not produce, and
it knows no Indonesian. Kawal's recognizers instead look for cue words in a window of characters
around the match, on lowercased text; this is language-agnostic and costs one regex search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

__all__ = ["cue_regex", "has_cue", "result"]


def cue_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One compiled alternation of cue words/phrases, matched on word boundaries, case-insensitive.

    Longer phrases come first so that "no. rek" wins over "no".
    """
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in ordered)
    return re.compile(rf"(?<![0-9A-Za-z])(?:{body})(?![0-9A-Za-z])", re.IGNORECASE)


def has_cue(
    text: str,
    start: int,
    end: int,
    cues: re.Pattern[str],
    *,
    before: int = 48,
    after: int = 0,
) -> bool:
    """True when a cue occurs within *before* characters before *start* or *after* characters after *end*."""
    if before and cues.search(text, max(0, start - before), start):
        return True
    return bool(after and cues.search(text, end, min(len(text), end + after)))


def result(
    recognizer: EntityRecognizer,
    entity_type: str,
    start: int,
    end: int,
    score: float,
    explanation: AnalysisExplanation | None = None,
) -> RecognizerResult:
    """A result carrying its recognizer's name and id, and marked as already weighed for context.

    The mark tells Presidio's context enhancer (should one be configured) not to boost it again:
    Kawal's recognizers look for their cue words themselves.
    """
    return RecognizerResult(
        entity_type=entity_type,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        },
    )


class SingleEntityRecognizer(EntityRecognizer):
    """A rule-based recognizer of exactly one entity type (`ENTITY`), with nothing to load.

    Accepts `supported_entities` only so that `EntityRecognizer.from_dict(to_dict())` round-trips,
    and refuses any other entity list rather than silently detecting something else.
    """

    ENTITY: str

    def __init__(
        self,
        supported_language: str = "en",
        name: str | None = None,
        version: str = "1.0.0",
        supported_entities: list[str] | None = None,
    ) -> None:
        if supported_entities is not None and list(supported_entities) != [self.ENTITY]:
            raise ValueError(f"{type(self).__name__} only detects {self.ENTITY}, not {supported_entities!r}")
        super().__init__(
            supported_entities=[self.ENTITY],
            name=name,
            supported_language=supported_language,
            version=version,
        )

    def load(self) -> None:
        """Nothing to load: patterns and word lists are built once at import time, shared by instances."""

