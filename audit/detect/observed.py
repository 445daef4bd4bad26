"""`Observed`: the detectors' read-only view of one audit event body.

Detectors see the stored JSON body (the log's contract), not `AuditEvent`, so that a batch scan over
the database and the live stream feed them the same thing. Parsing happens once per event and the
view is immutable, so no detector can change what the next one sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, Any] = MappingProxyType({})

#: Actions that hand customer data to the actor (counted as "records read").
READ_ACTIONS = frozenset({"records.read", "records.detokenize"})


@dataclass(frozen=True, slots=True)
class Observed:
    """One event as the detectors see it. `records` is how many records it touched."""

    seq: int
    at: float
    action: str
    actor: str
    role: str | None = None
    outcome: str = "ok"
    subjects: tuple[str, ...] = ()
    data_classes: tuple[str, ...] = ()
    purpose: str | None = None
    source_ip: str | None = None
    user_agent: str | None = None
    session_id: str | None = None
    detail: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    records: int = 0

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> Observed:
        """Build the view from a stored body (`AuditEvent.body()`); unknown keys are ignored."""
        get = body.get
        action = body["action"]
        subjects = get("subjects")
        subjects = tuple(subjects) if subjects else ()
        detail = get("detail") or _EMPTY
        records = 0
        if action.startswith("records."):
            count = detail.get("records")
            records = count if type(count) is int else len(subjects) or (1 if action in READ_ACTIONS else 0)
        classes = get("data_classes")
        return cls(
            body["seq"], float(body["at"]), action, body["actor"], get("role"), get("outcome", "ok"), subjects,
            tuple(classes) if classes else (), get("purpose"), get("source_ip"), get("user_agent"),
            get("session_id"), detail, records,
        )
