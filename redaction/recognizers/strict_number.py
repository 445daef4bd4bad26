"""NUMBER (the `strict` profile): any other run of four or more digits in a customer's turn.

For pipelines that would rather over-redact: whatever number a customer dictates or types that no
recognizer typed (a partial account number, a misheard ID, a value with no cue at all) goes too,
unless a distractor rule claims it ("order", "Rp", "OTP", "... kali", "jam 10.30"). Agent turns are
left to the typed recognizers: they read out order numbers, prices and hotlines. The score is low
(0.45), so that any typed detection of the same digits wins the overlap; only profiles that name
NUMBER run this at all.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.dialogue import AGENT, parse_dialogue, vocabulary
from redaction.material import runs
from redaction.recognizers._context import result

__all__ = ["StrictNumberRecognizer"]

SCORE = 0.45
MIN_DIGITS = 4


class StrictNumberRecognizer(EntityRecognizer):
    """Runs of 4+ digits in non-agent turns that no distractor cue or unit claims."""

    def __init__(self, supported_language: str = "en", name: str = "KawalStrictNumberRecognizer") -> None:
        super().__init__(supported_entities=["NUMBER"], supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """One NUMBER per unclaimed digit run in a customer's (or an unknown speaker's) turn."""
        if "NUMBER" not in entities or sum(c.isdigit() for c in text) < MIN_DIGITS:
            return []
        vocab = vocabulary()
        low = text.lower()
        out = []
        for turn in parse_dialogue(text).turns:
            if turn.role == AGENT or turn.intent is not None:
                continue
            for run in runs(low, turn.body, turn.end, vocab):
                if len(run.digit_string) < MIN_DIGITS or vocab.distractor_after.match(low, run.end):
                    continue
                cue = vocab.cue_before(low, max(turn.body, run.start - 48), run.start)
                if cue is not None and cue[0] == "DISTRACTOR" and not any(c.isdigit() for c in low[cue[1] : run.start]):
                    continue
                out.append(result(self, "NUMBER", run.start, run.end, SCORE))
        return out
