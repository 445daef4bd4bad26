"""Number helpers every numeric recognizer shares: the Luhn check, digit counts, the nearest cue.

They lived in `nik.py` because the NIK recognizer needed them first; phones, NPWPs, bank accounts,
SSNs and cued numbers import them too, so they have a module of their own.
"""

from __future__ import annotations

import re

__all__ = ["cue_for_number", "digit_count", "luhn_valid"]

_DIGITS = "0123456789"


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards; *digits* must be digits only."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def digit_count(text: str) -> int:
    """Number of ASCII digits in *text*: ten C-level scans, far cheaper than a regex or a loop."""
    return sum(map(text.count, _DIGITS))


_NUMBER_BETWEEN = re.compile(r"\d{3}")


def cue_for_number(text: str, start: int, cues: re.Pattern[str], before: int = 48) -> bool:
    """A cue in the *before* window whose nearest following number is the one at *start*.

    has_cue alone would let "nik 3273011505850001, kartu 3174056708900002" lend the NIK cue to the
    card; a cue describes the first number after it, so any 3+ digit run in between disqualifies it.
    """
    lo = max(0, start - before)
    last = None
    for last in cues.finditer(text, lo, start):  # noqa: B007 - the nearest (last) cue is wanted
        pass
    return last is not None and _NUMBER_BETWEEN.search(text, last.end(), start) is None
