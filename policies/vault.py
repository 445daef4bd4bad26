"""Schema of the vault policy (`policies/vault.yaml`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: How a searchable value is canonicalised before it is HMAC'd into the blind index.
Normalizer = Literal["phone", "email", "digits", "last4", "casefold"]

#: NIST SP 800-38D caps random 96-bit nonces at 2**32 invocations per key; we stay far below.
NIST_RANDOM_NONCE_LIMIT = 2**32


class SearchableField(BaseModel):
    """A record field whose normalised value gets a blind index entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1, description="Top-level key of the record holding the value")
    normalizer: Normalizer


class VaultPolicy(BaseModel):
    """Tunables of the vault that a security officer, not a developer, should own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_encryptions_per_key: int = Field(
        default=2**24,
        gt=0,
        le=NIST_RANDOM_NONCE_LIMIT // 16,
        description="Rotate a data key after this many encryptions (must stay <= 2**28)",
    )
    max_record_bytes: int = Field(default=64 * 1024, gt=0, le=16 * 1024 * 1024)
    #: Objects and arrays nested deeper than this are refused at write time: what is stored must be
    #: readable by every reader (pydantic's serialiser stops at 255 levels).
    max_record_depth: int = Field(default=32, ge=1, le=200)
    key_cache_size: int = Field(default=10_000, ge=0)
    key_cache_ttl_seconds: float = Field(default=300.0, ge=0)
    rewrap_batch_size: int = Field(default=500, gt=0, le=100_000)
    #: The rotation policy: rotate the root key (`kawal vault rotate-root` + `rewrap`) at least this
    #: often. Compliance evidence holds the current version's age against it.
    root_key_rotation_days: int = Field(default=365, gt=0, le=3650)
    default_phone_region: str = Field(default="ID", min_length=2, max_length=2)
    searchable_fields: dict[str, SearchableField] = Field(default_factory=dict)
    #: Data class -> record fields holding it. The audit trail records classes touched (never field
    #: values); a field named nowhere is reported as "other".
    data_classes: dict[str, list[str]] = Field(default_factory=dict)

    def class_of_field(self) -> dict[str, str]:
        """field name -> data class, for the hot path."""
        return {name: cls for cls, names in self.data_classes.items() for name in names}

    @model_validator(mode="after")
    def _one_class_per_field(self) -> VaultPolicy:
        seen: dict[str, str] = {}
        for cls, names in self.data_classes.items():
            for name in names:
                if name in seen:
                    raise ValueError(f"field {name!r} is in data classes {seen[name]!r} and {cls!r}")
                seen[name] = cls
        return self
