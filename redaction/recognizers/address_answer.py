"""LOCATION: an address given right after someone is asked for it or says it is one.

The structural address recognizer needs street keywords it can parse ("Jl.", "RT/RW", "Blk"), which
speech-to-text often mangles ("two hundred eighty four bukit timah road unit oh nine dash ...") and
which foreign formats lack. But people announce addresses: "my address is ...", "please deliver to
...", "alamat saya di ...", "kirim ke ...". After such a cue, the rest of the utterance, up to the
line end or a closing word, is the address when it holds a number (in the shadow text spoken
numbers are digits) and at least two more words. Scores 0.7.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers._context import result

__all__ = ["AddressAnswerRecognizer"]

_CUES = (
    "my address is", "my address", "the address is", "address is", "address:", "home address", "delivery address",
    "shipping address", "please deliver to", "deliver it to", "deliver to", "ship it to", "ship to", "send it to",
    "i live at", "i stay at", "alamat saya di", "alamat saya", "alamatnya di", "alamatnya", "alamat:", "alamat",
    "alamat pengiriman:", "alamat pengiriman", "alamat rumah", "kirim ke", "dikirim ke", "antar ke", "tinggal di",
    "domisili di", "domisili",
)
#: "IP address:", "alamat email": addresses of something else.
_NOT_POSTAL_BEFORE = re.compile(r"\b(?:ip|email|e-mail|mac|web|wallet|publik)\s+$", re.IGNORECASE)
_NOT_POSTAL_AFTER = re.compile(r"\s*(?:email|e-mail|ip|surel)\b", re.IGNORECASE)
_CUE_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(c) for c in sorted(_CUES, key=len, reverse=True)) + r")[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
#: A question about the address on one turn, and the speaker label (plus fillers) of the next.
_ASKED = re.compile(
    r"^(?=[^\n]*(?:alamat|address))"
    r"(?=[^\n]*(?:\?|\b(?:mana|where|what|what's|which|confirm|konfirmasi|boleh|bisa|could|can|may|please|mohon|"
    r"sebutkan|berapa|provide|share)\b))"
    r"[^\n\d]*\n[ \t]*[\w .-]{1,20}:[ \t]*"
    r"(?:(?:ok|oke|okay|sure|yes|yeah|iya|iyaa|ya|baik|it's|it is|its|di|ke)\b[ \t,]*)*",
    re.IGNORECASE | re.MULTILINE,
)
#: Where an address said in one breath ends.
_END = re.compile(
    r"[\n!?;]|\.(?:\s|$)|\s(?:ya|yah|kak|pak|bu|mas|mbak|please|thanks|thank you|terima kasih|and|dan|untuk|"
    r"soalnya|karena|because|tolong|mohon)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
#: Abbreviations whose full stop does not end an address.
_ABBREVIATIONS = frozenset(
    "jl jln no kel kec kab komp perum blk gg rt rw apt st rd ave lt kav desa kp ds prov dr".split()
)
_DIGIT = re.compile(r"\d")
MAX_CHARS = 200


class AddressAnswerRecognizer(EntityRecognizer):
    """LOCATION from an address cue to the end of the utterance (needs a number and 3+ words)."""

    def __init__(self, supported_language: str = "en", name: str = "KawalAddressAnswerRecognizer") -> None:
        super().__init__(supported_entities=["LOCATION"], supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Spans after address cues."""
        low = text.lower()
        if "addres" not in low and "alamat" not in low and "deliver" not in low and " ke " not in low \
                and "tinggal" not in low and "domisili" not in low and "ship" not in low and "live at" not in low:
            return []
        out = []
        starts = [
            cue.end() for cue in _CUE_RE.finditer(text)
            if not _NOT_POSTAL_BEFORE.search(text[max(0, cue.start() - 12) : cue.start()])
            and not _NOT_POSTAL_AFTER.match(text, cue.end())
        ]
        starts += [m.end() for m in _ASKED.finditer(text) if not re.search(r"\b(?:ip|email|e-mail|mac)\b", m.group(), re.I)]
        for start in sorted(set(starts)):
            end = _utterance_end(text, start, min(len(text), start + MAX_CHARS))
            span = text[start:end].rstrip(" ,.:")
            end = start + len(span)
            words = _WORD.findall(span)
            if len(words) < 3 or not _DIGIT.search(span) or span[:1].isspace():
                continue
            out.append(result(self, "LOCATION", start, end, 0.7))
        return out


def _utterance_end(text: str, start: int, limit: int) -> int:
    """Where the utterance that starts at *start* ends (full stops after abbreviations don't count)."""
    for stop in _END.finditer(text, start, limit):
        if stop.group().startswith("."):
            before = _WORD.findall(text[max(start, stop.start() - 8) : stop.start()])
            if before and before[-1].lower() in _ABBREVIATIONS:
                continue
        return stop.start()
    return limit
