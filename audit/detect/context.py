"""What the organisation knows that the log does not: cases, VIPs, co-workers, surnames, dismissals.

Hospital privacy monitoring flags a chart opened without a care relationship; our equivalent is a
record read that is not linked to one of the agent's cases. That knowledge lives in the ticketing
system and in HR, so the shell supplies it through this small interface (loaded from CSV/JSON by the
CLI into `StaticContext`). Every piece is optional: where something is unknown the detectors that
need it stay silent instead of guessing (`cases_of` returns None for "cases unknown").
All identifiers here are keyed references, as in the log: no names, no plaintext surnames.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@runtime_checkable
class DetectionContext(Protocol):
    """Optional knowledge supplied by the shell. Methods are called on the hot path: keep them O(1)."""

    vip_subjects: Collection[str]
    staff_subjects: Mapping[str, str]

    def cases_of(self, actor: str) -> Collection[str] | None:
        """Subject refs linked to *actor*'s cases, or None when the actor's cases are unknown."""
        ...

    def same_surname(self, actor: str, ref: str) -> bool:
        """True when customer *ref* shares *actor*'s surname (compared as keyed references)."""
        ...

    def dismissed_at(self, actor: str) -> float | None:
        """Time (unix seconds) the HR feed says *actor* left, or None."""
        ...

    def peer_group(self, actor: str, role: str | None) -> str:
        """Name of the group whose volumes *actor* is compared with (default: the role)."""
        ...


@dataclass
class StaticContext:
    """In-memory `DetectionContext`: plain mappings, filled by the CLI from files or by tests.

    `cases`: actor -> subject refs of their cases (actors missing = cases unknown);
    `staff_subjects`: subject ref -> the actor who is that customer (co-workers, oneself);
    `actor_surnames` / `subject_surnames`: actor or ref -> keyed surname reference;
    `dismissed`: actor -> dismissal time; `peer_groups`: actor -> group (else the role).
    """

    cases: Mapping[str, Collection[str]] = field(default_factory=dict)
    vip_subjects: Collection[str] = field(default_factory=frozenset)
    staff_subjects: Mapping[str, str] = field(default_factory=dict)
    actor_surnames: Mapping[str, str] = field(default_factory=dict)
    subject_surnames: Mapping[str, str] = field(default_factory=dict)
    dismissed: Mapping[str, float] = field(default_factory=dict)
    peer_groups: Mapping[str, str] = field(default_factory=dict)

    def cases_of(self, actor: str) -> Collection[str] | None:
        return self.cases.get(actor)

    def same_surname(self, actor: str, ref: str) -> bool:
        mine = self.actor_surnames.get(actor)
        return mine is not None and self.subject_surnames.get(ref) == mine

    def dismissed_at(self, actor: str) -> float | None:
        return self.dismissed.get(actor)

    def peer_group(self, actor: str, role: str | None) -> str:
        return self.peer_groups.get(actor) or role or "unknown"
