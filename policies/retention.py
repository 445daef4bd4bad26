"""Schema of the retention policy (`policies/retention.yaml`): how long each kind of record is kept.

Every record the vault stores has a kind; each kind named here has one retention period, counted
from when the record was written, and a basis (why that long) that auditors ask for. Unknown keys
are refused, and so are kinds the vault would not accept, so a typo cannot leave a class of
records kept for ever.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["RetentionClass", "RetentionPolicy"]

_KIND = r"^[a-z][a-z0-9_]{0,39}$"


class RetentionClass(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    retain_days: int = Field(gt=0, le=36_500, description="Days from writing after which records are removed")
    basis: str = Field(min_length=1, max_length=300, description="Why this long (law, contract, purpose)")


class RetentionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    classes: dict[str, RetentionClass] = Field(min_length=1)
    default_kind: str = Field(default="record", description="The kind of records written without one")

    @field_validator("classes")
    @classmethod
    def _kinds_are_vault_kinds(cls, value: dict[str, RetentionClass]) -> dict[str, RetentionClass]:
        bad = [k for k in value if not re.fullmatch(_KIND, k)]
        if bad:
            raise ValueError(f"record kinds are lowercase letters, digits and underscores: {bad}")
        return value

    @model_validator(mode="after")
    def _default_kind_has_a_class(self) -> RetentionPolicy:
        if self.default_kind not in self.classes:
            raise ValueError(f"default_kind {self.default_kind!r} has no retention class")
        return self
