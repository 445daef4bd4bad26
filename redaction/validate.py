"""Does a dictated value fit a type? Checksums where the type has one, shape and length otherwise.

One function per question the dialogue layer asks of a value: `fits(kind, run)` says whether it is
valid for that type (a checksum or a structure holds) or merely plausible (the right length), and
`structural(run)` names the types a value proves by itself, whatever was asked (a mod-97 IBAN, an
NRIC with its check letter, four octets with dots). The checks are the recognizers' own (Luhn, NIK
structure, NRIC letters, SSN rules); this module only applies them to assembled values.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import phonenumbers
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from redaction.material import Run
from redaction.recognizers._numbers import luhn_valid
from redaction.recognizers.nik import is_valid_nik
from redaction.recognizers.sg_nric import is_valid_nric
from redaction.recognizers.us_ssn import is_valid_ssn

__all__ = ["DIGIT_RANGES", "VALID", "PLAUSIBLE", "fits", "structural"]

VALID, PLAUSIBLE = 2, 1
#: Digits a value of each type has (phones: E.164 allows 15; a few banks issue 5-digit accounts).
DIGIT_RANGES: dict[str, tuple[int, int]] = {
    "PHONE_NUMBER": (7, 15), "BANK_ACCOUNT": (5, 18), "CREDIT_CARD": (13, 19), "ID_NIK": (16, 16),
    "ID_NPWP": (15, 16), "US_SSN": (9, 9), "SG_NRIC": (7, 7), "IBAN_CODE": (11, 32), "IP_ADDRESS": (4, 39),
}  # fmt: skip
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
_NRIC = re.compile(r"[STFGM]\d{7}[A-Z]")
_REGIONS = ("ID", "SG", "US", "MY")


@lru_cache(maxsize=None)
def _iban_country(code: str) -> re.Pattern[str] | None:
    pattern = regex_per_country.get(code)
    return re.compile(pattern) if pattern else None


def _compact(value: str) -> str:
    return value.replace("-", "").replace(".", "").replace(" ", "")


def _iban_ok(value: str) -> bool:
    compact = _compact(value)
    if not _IBAN.fullmatch(compact):
        return False
    country = _iban_country(compact[:2])
    if country is None or not country.fullmatch(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _ip_ok(value: str) -> bool:
    if value.count(".") == 3 and ":" not in value:
        parts = value.split(".")
        if not all(p.isdigit() and len(p) <= 3 for p in parts):
            return False
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return False
        return True
    if value.count(":") >= 2:
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return True
    return False


@lru_cache(maxsize=4096)
def _phone_ok(digits: str, plus: bool) -> bool:
    candidates = [("+" + digits, None)] if plus else [(digits, region) for region in _REGIONS]
    if not plus and digits.startswith(("62", "65", "60")):
        candidates.insert(0, ("+" + digits, None))
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            return True
    return False


def _decimal(value: str) -> bool:
    """"305.41", "1.250.000": dots that group an amount, not a dictated identifier."""
    if "." not in value:
        return False
    groups = value.lstrip("+").split(".")
    return any(len(g) < 3 for g in groups[1:]) or (len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))


def fits(kind: str, run: Run) -> int:
    """VALID, PLAUSIBLE or 0: how well *run* fits *kind*."""
    readings = run.readings()
    if kind == "IBAN_CODE":
        if any(_iban_ok(r) for r in readings):
            return VALID
        return PLAUSIBLE if re.match(r"[A-Z]{2}", _compact(readings[-1])) and run.digits >= 10 else 0
    if kind == "SG_NRIC":
        compact = [_compact(r) for r in readings]
        if any(_NRIC.fullmatch(c) and is_valid_nric(c) for c in compact):
            return VALID
        return PLAUSIBLE if any(_NRIC.fullmatch(c) for c in compact) else 0
    if kind == "IP_ADDRESS":
        return VALID if _ip_ok(readings[0]) else 0
    if any(c.isalpha() for c in readings[0]) or ":" in run.value or "/" in run.value or _decimal(run.value):
        return 0  # the remaining types are digits only; times, dates and amounts are not them
    digits = run.digit_string
    lo, hi = DIGIT_RANGES.get(kind, (0, 0))
    if not lo <= len(digits) <= hi:
        return 0
    if kind == "CREDIT_CARD":
        return VALID if luhn_valid(digits) else PLAUSIBLE
    if kind == "ID_NIK":
        return VALID if is_valid_nik(digits) else PLAUSIBLE
    if kind == "US_SSN":
        return VALID if is_valid_ssn(digits) else PLAUSIBLE
    if kind == "PHONE_NUMBER":
        return VALID if _phone_ok(digits, run.value.startswith("+")) else PLAUSIBLE
    return VALID  # NPWP, bank accounts: the length is all there is to check


def structural(run: Run) -> str | None:
    """A type the value proves by itself: an IBAN (mod 97), an NRIC/FIN (check letter), an IP address."""
    if run.letters >= 2 and run.digits >= 10 and fits("IBAN_CODE", run) == VALID:
        return "IBAN_CODE"
    if run.letters >= 2 and run.digits == 7 and fits("SG_NRIC", run) == VALID:
        return "SG_NRIC"
    if any(c in run.value for c in ".:") and fits("IP_ADDRESS", run) == VALID:
        return "IP_ADDRESS"
    return None
