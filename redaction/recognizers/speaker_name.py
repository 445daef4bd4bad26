"""PERSON: a speaker tag that is somebody's name ("Bill Walker: kak knp akun sy ...").

WhatsApp exports and some chat tools start each line with the writer's name. The dialogue layer
already knows which tags are speakers (a tag that starts two or more lines); a tag that names no
role ("agent", "customer", "CS") and is no generic label ("A", "spk_0", "Speaker 1") is the
speaker's own name, on every line it starts. Company accounts ("Tembusu Bank CS") are roles or
organisations and are left alone.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.dialogue import parse_dialogue, vocabulary
from redaction.lexicon import is_function_word, org_word
from redaction.recognizers._context import result

__all__ = ["SpeakerNameRecognizer"]

SCORE = 0.8
_GENERIC = re.compile(r"(?:[a-e]|[a-z]?\d+|s\d|spk[ _]?\d+|speaker[ _]?\d+|sp\d|p\d|person[ _]?\d|user\d*|me|you)",
                      re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class SpeakerNameRecognizer(EntityRecognizer):
    """Speaker tags that are personal names, on every line they start."""

    def __init__(self, supported_language: str = "en", name: str = "KawalSpeakerNameRecognizer") -> None:
        super().__init__(supported_entities=["PERSON"], supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """One PERSON per line whose speaker tag is a name."""
        if ":" not in text and "[" not in text:
            return []
        vocab = vocabulary()
        out: list[RecognizerResult] = []
        verdicts: dict[str, bool] = {}
        for turn in parse_dialogue(text, None if vocab is vocabulary() else vocab).turns:
            if turn.tag is None:
                continue
            key = turn.tag.lower()
            if key not in verdicts:
                verdicts[key] = _is_name(turn.tag, vocab)
            if not verdicts[key]:
                continue
            at = text.find(turn.tag, turn.start, turn.body)
            if at >= 0:
                out.append(result(self, "PERSON", at, at + len(turn.tag), SCORE))
        return out


def _is_name(tag: str, vocab) -> bool:  # type: ignore[no-untyped-def]
    words = _WORD.findall(tag)
    if not words or len(words) > 4 or _GENERIC.fullmatch(tag.strip()) or not all(w[:1].isupper() for w in words):
        return False
    lowered = [w.lower() for w in words]
    if any(w in vocab.agent_words or w in vocab.customer_words or org_word(w) for w in lowered):
        return False
    return not all(is_function_word(w) for w in lowered)
