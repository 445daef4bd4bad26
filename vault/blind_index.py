"""Blind index: search encrypted records by equality without decrypting them.

A searchable value is normalised (phones to E.164, e-mails lower-cased, ID numbers to digits) and
HMAC-SHA256'd under an index key that is separate from every data key and stable across root key
rotation, so lookups keep working after `rotate-root` + `rewrap` (deterministic-AEAD schemes that
tie the token to the rotating key lose exactly this). What leaks: equality of values within a field.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator, Mapping

import phonenumbers

from policies import SearchableField
from vault.errors import UnknownSearchField


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() and ch.isascii())


def normalize_phone(value: str, region: str) -> str:
    """E.164 when the number parses (`0812 8877 4410` -> `+6281288774410`), else its digits."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return _digits(value)
    if not phonenumbers.is_possible_number(number):
        return _digits(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _last4(value: str) -> str:
    digits = _digits(value)
    return digits[-4:] if len(digits) >= 4 else ""


def normalizer(name: str, region: str) -> Callable[[str], str]:
    """The normalising function for a policy's normalizer name."""
    table: dict[str, Callable[[str], str]] = {
        "phone": lambda v: normalize_phone(v, region),
        "email": lambda v: v.strip().lower(),
        "digits": _digits,
        "last4": _last4,
        "casefold": lambda v: " ".join(v.split()).casefold(),
    }
    return table[name]


class BlindIndex:
    """Computes index digests for the fields a policy declares searchable."""

    def __init__(self, key: bytes, fields: Mapping[str, SearchableField], region: str) -> None:
        self._key = key
        self._fields = dict(fields)
        self._normalizers = {name: normalizer(f.normalizer, region) for name, f in fields.items()}

    def digest(self, field: str, value: str) -> bytes | None:
        """The digest of *value* for *field*, or None when nothing is left after normalising."""
        normalise = self._normalizers.get(field)
        if normalise is None:
            known = ", ".join(sorted(self._fields)) or "none"
            raise UnknownSearchField(f"field {field!r} is not searchable (searchable: {known})")
        canonical = normalise(value)
        if not canonical:
            return None
        message = field.encode("utf-8") + b"\x00" + canonical.encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def entries(self, record: Mapping[str, object]) -> Iterator[tuple[str, bytes]]:
        """(field, digest) for every searchable value in *record*; lists index each element."""
        seen: set[tuple[str, bytes]] = set()
        for name, spec in self._fields.items():
            raw = record.get(spec.path)
            values = raw if isinstance(raw, list) else [raw]
            for value in values:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    value = str(value)
                if not isinstance(value, str):
                    continue
                digest = self.digest(name, value)
                if digest is not None and (name, digest) not in seen:
                    seen.add((name, digest))
                    yield name, digest
