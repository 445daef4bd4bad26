"""Presidio's IP recognizer, skipped on texts that cannot hold an IP address.

Presidio runs every pattern of every recognizer over every text. Its IP pattern (IPv4 and the long
IPv6 alternation) costs about 120 µs on a 400-byte transcript, and most transcripts have no IP at
all; one cheap C-level search rules that out first.

A dotted quad after "version", "versi", "firmware", "build", "update to" or "v" is a software
version ("versi 2.0.8.96"), not an address, and is not reported.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IpRecognizer

__all__ = ["PrecheckedIpRecognizer"]

#: A dotted quad, or two hex groups around a colon (any IPv6 form has one, "::1" included).
_MAYBE_IP = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}")


_VERSION_BEFORE = re.compile(
    r"(?i)(?:\b(?:versions?|versi|ver|firmware|fw|build|release|rilis|update(?: ke| to)?|upgrade(?: ke| to)?|patch)[ \t:]*|"
    r"(?<![\w])v)[ \t]*$"
)


class PrecheckedIpRecognizer(IpRecognizer):
    """Presidio's IP recognizer behind a one-regex pre-check."""

    def analyze(  # noqa: D102
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        if _MAYBE_IP.search(text) is None:
            return []
        found = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in found if not _VERSION_BEFORE.search(text, max(0, r.start - 24), r.start)]
