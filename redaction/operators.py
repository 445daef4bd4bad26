"""Kawal's anonymization operators, as presidio-anonymizer `Operator` classes.

Presidio's built-ins cover replace and redact (remove). Three are ours:

- `pseudonymize`: `<PERSON_7f3a2c91d0e4>`: HMAC-SHA256 under the tenant's key (derived from the
  vault, never stored) of the entity type and a canonical form of the value, so that
  "0812-8877-4410" and "+62 812 8877 4410" give the same token and analytics can join on a
  customer without knowing who it is. 12 hex digits (48 bits) rather than 6: with a million
  customers, 24 bits would give collisions (two people merged) in most datasets.
- `mask_digits`: every letter and digit except the last N becomes `*`, separators stay
  ("**** **** **** 4410"); Presidio's `mask` needs a fixed count, which does not fit numbers of
  varying length and grouping. PCI DSS allows at most the last 4 digits of a card; the policy
  schema enforces that.
- `vault_token`: the value is stored encrypted in the vault and replaced by `<TYPE#record-id>`;
  only the vault, with an audited and purpose-bound read, turns it back. (Presidio's `encrypt` is
  AES-CBC without a MAC and keeps the key with the caller: never used.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import phonenumbers
from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Operator, OperatorType

__all__ = ["MaskDigits", "Pseudonymize", "VaultToken", "canonical_value", "pseudonym"]

PSEUDONYM_HEX_DIGITS = 12
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_SPACES = re.compile(r"\s+")


def canonical_value(entity_type: str, value: str) -> str:
    """The form two spellings of one value share: E.164 phones, digits of IDs, casefolded names."""
    value = unicodedata.normalize("NFKC", value).strip()
    if entity_type == "PHONE_NUMBER":
        try:
            number = phonenumbers.parse(value, "ID")
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return _NON_ALNUM.sub("", value)
    if entity_type in ("EMAIL_ADDRESS", "PERSON", "LOCATION"):
        return _SPACES.sub(" ", value.casefold())
    return _NON_ALNUM.sub("", value).upper()


def pseudonym(digest: Callable[[bytes], bytes], entity_type: str, value: str) -> str:
    """`<TYPE_xxxxxxxxxxxx>` for *value* under the keyed *digest* (HMAC-SHA256)."""
    mac = digest(f"{entity_type}\x00{canonical_value(entity_type, value)}".encode())
    return f"<{entity_type}_{mac.hex()[:PSEUDONYM_HEX_DIGITS]}>"


class Pseudonymize(Operator):
    """Params: `digest` (bytes -> HMAC bytes, the tenant's keyed hash) and `entity_type`."""

    def operate(self, text: str | None = None, params: dict | None = None) -> str:  # noqa: D102
        assert params is not None and text is not None
        return pseudonym(params["digest"], params["entity_type"], text)

    def validate(self, params: dict | None = None) -> None:  # noqa: D102
        if not params or not callable(params.get("digest")) or not params.get("entity_type"):
            raise InvalidParamError("pseudonymize needs a keyed 'digest' callable and an 'entity_type'")

    def operator_name(self) -> str:  # noqa: D102
        return "pseudonymize"

    def operator_type(self) -> OperatorType:  # noqa: D102
        return OperatorType.Anonymize


def mask_alnum(value: str, keep_last: int, char: str = "*") -> str:
    """Mask every letter and digit of *value* except the last *keep_last* of them."""
    total = sum(1 for c in value if c.isalnum())
    visible_from = total - keep_last
    out, seen = [], 0
    for c in value:
        if c.isalnum():
            out.append(c if seen >= visible_from else char)
            seen += 1
        else:
            out.append(c)
    return "".join(out)


class MaskDigits(Operator):
    """Params: `keep_last` (int >= 0). Masks letters and digits, keeps separators."""

    def operate(self, text: str | None = None, params: dict | None = None) -> str:  # noqa: D102
        assert params is not None and text is not None
        return mask_alnum(text, int(params.get("keep_last", 0)))

    def validate(self, params: dict | None = None) -> None:  # noqa: D102
        keep = (params or {}).get("keep_last", 0)
        if not isinstance(keep, int) or keep < 0:
            raise InvalidParamError("mask_digits needs keep_last >= 0")

    def operator_name(self) -> str:  # noqa: D102
        return "mask_digits"

    def operator_type(self) -> OperatorType:  # noqa: D102
        return OperatorType.Anonymize


class VaultToken(Operator):
    """Params: `tokens` (value -> token), filled by the redactor from one batched vault write."""

    def operate(self, text: str | None = None, params: dict | None = None) -> str:  # noqa: D102
        assert params is not None and text is not None
        return params["tokens"][text]

    def validate(self, params: dict | None = None) -> None:  # noqa: D102
        if not params or not isinstance(params.get("tokens"), dict):
            raise InvalidParamError("vault_token needs the 'tokens' mapping")

    def operator_name(self) -> str:  # noqa: D102
        return "vault_token"

    def operator_type(self) -> OperatorType:  # noqa: D102
        return OperatorType.Anonymize
