"""A long number right after an explicit ID cue, even when its checksum fails.

Speech-to-text mishears digits and people mistype them: "nik saya 3174 0567 0890 0009" with a
wrong digit is not a valid NIK any more, but it is still somebody's NIK, and a card number read
with one digit misheard still fails Luhn. The structural recognizers rightly refuse these (their
precision depends on the checks); this one reports a number of about the right length that comes
right after an unambiguous cue, at 0.6, so that a validated match (0.85-1.0) wins wherever one
exists.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers._context import result
from redaction.recognizers._numbers import digit_count

__all__ = ["CuedNumberRecognizer"]

#: (entity type, cue words, smallest and largest digit count)
_RULES: tuple[tuple[str, tuple[str, ...], int, int], ...] = (
    ("ID_NIK", ("nik", "no nik", "nomor nik", "ktp", "e-ktp", "ektp", "nomor ktp", "no ktp", "nik-nya", "niknya",
                "nomor induk kependudukan"), 14, 18),
    ("CREDIT_CARD", ("nomor kartu", "no kartu", "kartu kredit", "kartu debit", "kartunya", "card number",
                     "credit card", "debit card", "card no", "the card", "my card"), 13, 19),
    ("ID_NPWP", ("npwp", "nomor npwp", "no npwp", "npwp-nya", "tax id"), 14, 16),
)
_NUMBER = re.compile(r"\d(?:[ .-]?\d){7,22}(?!\d)")
#: From the cue to the number: no other number in between; the same line, or the next turn after a
#: speaker label ("agent: sebutkan nik sesuai ktp\ncustomer: 3174 ...").
_GAP = re.compile(r"[^\n\d]{0,40}(?:\n[ \t]*[\w .-]{1,20}:[^\n\d]{0,24})?")
SCORE = 0.6
#: Words that, between the cue and the number, mean the number belongs to something else.
_BLOCKERS = re.compile(
    r"\b(?:order|pesanan|tiket|ticket|invoice|inv|resi|tracking|sku|kode|code|otp|pin|harga|rp|total|"
    r"transaksi|transaction|ref|referensi|reference)\b",
    re.IGNORECASE,
)


def _cue_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


_CUES = tuple((kind, _cue_regex(words), lo, hi) for kind, words, lo, hi in _RULES)


class CuedNumberRecognizer(EntityRecognizer):
    """ID_NIK / CREDIT_CARD / ID_NPWP of the right length after their cue, checksum or not (0.6)."""

    def __init__(self, supported_language: str = "en", name: str = "KawalCuedNumberRecognizer") -> None:
        super().__init__(
            supported_entities=[kind for kind, *_ in _RULES], supported_language=supported_language, name=name
        )

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Numbers that follow a cue on the same line with no other number in between."""
        if digit_count(text) < 13:
            return []
        out: dict[tuple[int, int], RecognizerResult] = {}
        for kind, cues, lo, hi in _CUES:
            if kind not in entities:
                continue
            for cue in cues.finditer(text):
                gap = _GAP.match(text, cue.end())
                number = _NUMBER.match(text, gap.end()) if gap else None
                if number is None or _BLOCKERS.search(text, cue.end(), gap.end()):
                    continue
                if text[number.end() : number.end() + 1].isalpha() or text[gap.end() - 1 : gap.end()].isalpha():
                    continue  # glued to letters: a code, not an ID
                digits = sum(c.isdigit() for c in number.group())
                if lo <= digits <= hi and (number.start(), number.end()) not in out:
                    out[(number.start(), number.end())] = result(self, kind, number.start(), number.end(), SCORE)
        return list(out.values())
