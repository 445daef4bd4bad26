"""Redaction runs as audit events: what the evidence of "transcripts go through the profile" counts.

The CLI (`kawal redact`) and the API (`POST /v1/redact`) write one event per run or batch with the
profile and the counts; never a text, an id or a value.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["RUN_ACTION", "run_detail"]

RUN_ACTION = "redaction.run"


def run_detail(profile: str, transcripts: int, entities: Mapping[str, int]) -> dict[str, object]:
    """The detail of one run's event: profile, how many transcripts, entities found per type."""
    return {"profile": profile, "transcripts": int(transcripts), "entities": {k: int(v) for k, v in sorted(entities.items())}}
