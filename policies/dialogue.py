"""Schema of the dialogue vocabulary (`policies/dialogue.yaml`): speakers, intents, cues, fillers.

Every pattern is compiled at load, so a broken regular expression fails at start-up; every intent
must name an entity type Kawal redacts (or `DISTRACTOR`), so a typo cannot silently switch a slot off.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from policies.redaction import ENTITY_TYPES

#: An intent whose answers are not personal data (order, ticket, OTP numbers...).
DISTRACTOR = "DISTRACTOR"


def _compiles(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
    return patterns


class Intent(BaseModel):
    """What an agent says to ask for one type, and what a customer says right before giving it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ask: list[str] = Field(default_factory=list)
    self_cues: list[str] = Field(default_factory=list, alias="self")

    _ask_ok = field_validator("ask")(classmethod(lambda cls, v: _compiles(v)))
    _self_ok = field_validator("self_cues")(classmethod(lambda cls, v: _compiles(v)))


class Speakers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    agent: list[str] = Field(min_length=1)
    customer: list[str] = Field(min_length=1)


class DialoguePolicy(BaseModel):
    """The vocabulary the dialogue layer reads transcripts with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    speakers: Speakers
    backchannel: list[str] = Field(default_factory=list)
    fillers: list[str] = Field(default_factory=list)
    distractors: list[str] = Field(default_factory=list)
    #: Words right after a number that make it an amount, a count or a time ("dollars", "kali", "pm").
    units: list[str] = Field(default_factory=list)
    intents: dict[str, Intent]

    _backchannel_ok = field_validator("backchannel", "distractors", "units")(classmethod(lambda cls, v: _compiles(v)))

    @model_validator(mode="after")
    def _known_types(self) -> DialoguePolicy:
        unknown = sorted(set(self.intents) - set(ENTITY_TYPES) - {DISTRACTOR})
        if unknown:
            raise ValueError(f"intents for unknown entity types: {unknown}")
        return self
