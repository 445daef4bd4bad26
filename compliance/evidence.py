"""Evidence: one measured fact about the system, when it was taken, and whether it passes.

A provider measures once per report (the vault's record count does not change between two items
that cite it), so `EvidenceSet` memoises by (evidence id, parameters).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Evidence", "EvidenceSet", "Provider"]

#: "not_tested": the fact could be measured but there was nothing to measure yet (no erasure has
#: happened, no request was received): never a pass, and it says why.
Outcome = Literal["pass", "fail", "unknown", "not_tested"]


@dataclass(frozen=True)
class Evidence:
    evidence_id: str
    outcome: Outcome
    summary: str  # one sentence for the report ("100% of 1,204 records encrypted, AES-256-GCM")
    taken_at: float
    details: Mapping[str, Any] = field(default_factory=dict)
    resource: str | None = None  # what was measured (table, policy file, key version ...)

    def to_dict(self) -> dict[str, Any]:
        return {"evidence_id": self.evidence_id, "outcome": self.outcome, "summary": self.summary,
                "taken_at": self.taken_at, "details": dict(self.details), "resource": self.resource}


#: params -> Evidence. Providers must not raise for "the system is not compliant": that is a fail.
Provider = Callable[[Mapping[str, Any]], Evidence]


class EvidenceSet:
    """The providers available to one report, each run at most once per distinct parameters."""

    def __init__(self, providers: Mapping[str, Provider], *, clock: Callable[[], float] = time.time) -> None:
        self._providers = dict(providers)
        self._clock = clock
        self._taken: dict[str, Evidence] = {}

    def known(self, evidence_id: str) -> bool:
        return evidence_id in self._providers

    def take(self, evidence_id: str, params: Mapping[str, Any] | None = None) -> Evidence:
        key = evidence_id + json.dumps(dict(params or {}), sort_keys=True, default=str)
        if key not in self._taken:
            provider = self._providers.get(evidence_id)
            if provider is None:
                self._taken[key] = Evidence(evidence_id, "unknown", "no provider for this evidence yet", self._clock())
            else:
                try:
                    self._taken[key] = provider(dict(params or {}))
                except Exception as exc:  # noqa: BLE001 - a broken provider is reported, not fatal to the report
                    self._taken[key] = Evidence(evidence_id, "unknown", f"could not be measured ({type(exc).__name__})",
                                                self._clock())
        return self._taken[key]

    def all(self) -> list[Evidence]:
        return list(self._taken.values())
