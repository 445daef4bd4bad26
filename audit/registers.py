"""Registers vouched for by the audit chain: each change event carries the digest of the row it leaves.

The breach register, the data-subject requests, the legal holds and the attestations are ordinary
tables; an operator with SQL could turn a late notice into a timely one and the chain would not
notice. So every change writes a chained event with `row_digest`, the SHA-256 of the row's
canonical fields after the change, and `check` compares each row with the digest of its latest
event: a row edited outside Kawal, or one no event vouches for, is named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from audit.log import AuditEvent

__all__ = ["RegisterProblem", "change_event", "check", "row_digest"]


def row_digest(row: Mapping[str, Any]) -> str:
    """SHA-256 over the row's canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(row, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def change_event(action: str, resource: str, row: Mapping[str, Any], *, actor: str, role: str | None = None,
                 session_id: str | None = None, source: str | None = None, **detail: Any) -> AuditEvent:
    """A register change as a chained event, with the digest of the row it leaves behind.

    `kawal audit verify` compares each register row with the digest of its last event, so a row
    edited in SQL (a late notice made on time) no longer matches the chain.
    """
    return AuditEvent(action=action, actor=actor, role=role, session_id=session_id, source_ip=source,
                      resource=resource, detail={**detail, "row_digest": row_digest(row)})


@dataclass(frozen=True)
class RegisterProblem:
    resource: str
    problem: str


def check(rows: Iterable[tuple[str, Mapping[str, Any]]], vouched: Mapping[str, str]) -> list[RegisterProblem]:
    """Rows (resource, fields) against the digest of each resource's latest chained event."""
    problems = []
    for resource, row in rows:
        digest = vouched.get(resource)
        if digest is None:
            problems.append(RegisterProblem(resource, "no chained event vouches for this row"))
        elif digest != row_digest(row):
            problems.append(RegisterProblem(resource, "the row differs from its last chained event (changed outside Kawal)"))
    return problems
