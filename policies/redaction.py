"""Schema of the redaction policy (`policies/redaction.yaml`): profiles of operators and thresholds.

A profile says, per entity type, what happens to a detected value (replace with `<TYPE>`, mask,
remove, pseudonymize with a keyed HMAC, tokenize into the vault) and how sure the detector must be.
The schema refuses what would quietly weaken protection: unknown entity types (a typo would leave
that type unredacted), unknown operators, and card masks that keep more than PCI DSS allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


@dataclass(frozen=True)
class EntityType:
    """One type Kawal detects, declared once: its name (the output contract, JSONL `entities[].type`),
    how specific a detection of it is, and whether profiles act on it only when they name it."""

    name: str
    #: Higher wins when two detections overlap with the same score: a checksummed or structured
    #: identifier says more than a phone shape, which says more than a name or a bare number.
    specificity: int
    opt_in: bool = False


ENTITY_DECLARATIONS: tuple[EntityType, ...] = (
    EntityType("PERSON", 30),
    EntityType("PHONE_NUMBER", 60),
    EntityType("EMAIL_ADDRESS", 70),
    EntityType("CREDIT_CARD", 100),      # Luhn
    EntityType("ID_NIK", 95),            # province, regency, birth date
    EntityType("ID_NPWP", 90),
    EntityType("BANK_ACCOUNT", 55),
    EntityType("SG_NRIC", 85),           # check letter
    EntityType("US_SSN", 80),
    EntityType("IBAN_CODE", 75),         # mod 97
    EntityType("IP_ADDRESS", 65),
    EntityType("LOCATION", 40),
    EntityType("DATE_OF_BIRTH", 50),
    #: Any other long number in a customer's turn: for pipelines that would rather over-redact
    #: (the `strict` profile), so profiles act on it only when they name it.
    EntityType("NUMBER", 10, opt_in=True),
)
#: The entity types Kawal detects, in declaration order; part of the output contract.
ENTITY_TYPES: tuple[str, ...] = tuple(e.name for e in ENTITY_DECLARATIONS)
OPT_IN_TYPES: frozenset[str] = frozenset(e.name for e in ENTITY_DECLARATIONS if e.opt_in)
#: Type -> specificity (the Redactor's tie-break between overlapping detections).
SPECIFICITY: dict[str, int] = {e.name: e.specificity for e in ENTITY_DECLARATIONS}

Operator = Literal["replace", "mask", "remove", "pseudonymize", "vault", "keep"]

#: PCI DSS 4.0 req. 3.4.1: at most the BIN (first 6) and the last 4 digits may be displayed; we keep
#: only the last 4.
PCI_MAX_VISIBLE_DIGITS = 4


class EntityRule(BaseModel):
    """What one profile does with one entity type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    operator: Operator = "replace"
    #: Minimum detector score (0-1) for the rule to apply; below it the value is left as is.
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    #: `mask` only: how many trailing digits stay visible.
    keep_last: int = Field(default=0, ge=0, le=8)

    @model_validator(mode="after")
    def _keep_last_only_for_mask(self) -> EntityRule:
        if self.keep_last and self.operator != "mask":
            raise ValueError("keep_last applies to the mask operator only")
        return self


class RedactionProfile(BaseModel):
    """A named set of rules; entity types not listed take `default`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    default: EntityRule = EntityRule()
    entities: dict[str, EntityRule] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_types_and_pci(self) -> RedactionProfile:
        unknown = sorted(set(self.entities) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(f"unknown entity type(s) {unknown}; known: {list(ENTITY_TYPES)}")
        card = self.rule("CREDIT_CARD")
        if card.operator == "keep":
            raise ValueError("CREDIT_CARD may not be kept in clear (PCI DSS)")
        if card.operator == "mask" and card.keep_last > PCI_MAX_VISIBLE_DIGITS:
            raise ValueError(f"CREDIT_CARD masks may keep at most the last {PCI_MAX_VISIBLE_DIGITS} digits (PCI DSS)")
        return self

    def rule(self, entity_type: str) -> EntityRule:
        return self.entities.get(entity_type, self.default)

    def threshold_for(self, entity_type: str) -> float:
        rule = self.rule(entity_type)
        return self.threshold if rule.threshold is None else rule.threshold

    def active_types(self) -> list[str]:
        """Entity types this profile acts on (a `keep` rule switches a type off)."""
        return [t for t in ENTITY_TYPES if self.rule(t).operator != "keep" and (t not in OPT_IN_TYPES or t in self.entities)]


class RedactionPolicy(BaseModel):
    """All profiles; `default` must exist (the CLI's choice when no profile is named)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profiles: dict[str, RedactionProfile]
    #: Largest text the HTTP API accepts per item, and items per request (bounded batches).
    max_text_chars: int = Field(default=100_000, gt=0)
    max_batch_items: int = Field(default=500, gt=0)

    @model_validator(mode="after")
    def _has_default(self) -> RedactionPolicy:
        if "default" not in self.profiles:
            raise ValueError("a profile named 'default' is required")
        return self
