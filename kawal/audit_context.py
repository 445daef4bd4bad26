"""What the ticketing system and HR know, for the detectors: loaded from one JSON file.

    {"cases":       {"a17": ["cust-1", "cust-9"]},          agent -> customer ids of their cases
     "vip":         ["cust-777"],
     "staff":       {"cust-55": "b2"},                      customer id -> the staff member it is
     "surnames":    {"actors": {"a17": "Santoso"}, "subjects": {"cust-1": "Santoso"}},
     "dismissed":   {"c9": "2026-11-20T17:00:00+07:00"},
     "peer_groups": {"a17": "billing"}}

Customer ids and surnames are turned into keyed references here, with keys derived from the vault,
and the plaintext is dropped: the detectors, their alerts and the log only ever see references.
A sync job exports this file from the ticketing system and HR; the server reads it at start.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from audit.detect import StaticContext
from kawal.audit_views import parse_when
from vault import Vault

__all__ = ["ContextFileError", "load_context"]

_KEYS = {"cases", "vip", "staff", "surnames", "dismissed", "peer_groups"}


class ContextFileError(ValueError):
    """The context file is unreadable or malformed."""


def load_context(path: Path, vault: Vault) -> StaticContext:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContextFileError(f"cannot read context file {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict) or not set(data) <= _KEYS:
        raise ContextFileError(f"context file {path}: expected an object with keys among {', '.join(sorted(_KEYS))}")
    try:
        return _build(data, vault)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ContextFileError(f"context file {path}: {exc}") from None


def _build(data: dict[str, Any], vault: Vault) -> StaticContext:
    ref = vault.subject_ref
    surname_key = vault.sealer("audit/surname")

    def surname(value: str) -> str:
        return surname_key.digest(" ".join(str(value).split()).casefold().encode()).hex()[:32]

    surnames = data.get("surnames") or {}
    return StaticContext(
        cases={str(actor): frozenset(ref(str(s)) for s in subjects) for actor, subjects in (data.get("cases") or {}).items()},
        vip_subjects=frozenset(ref(str(s)) for s in data.get("vip") or []),
        staff_subjects={ref(str(s)): str(actor) for s, actor in (data.get("staff") or {}).items()},
        actor_surnames={str(a): surname(n) for a, n in (surnames.get("actors") or {}).items()},
        subject_surnames={ref(str(s)): surname(n) for s, n in (surnames.get("subjects") or {}).items()},
        dismissed={str(a): parse_when(str(t)) for a, t in (data.get("dismissed") or {}).items()},
        peer_groups={str(a): str(g) for a, g in (data.get("peer_groups") or {}).items()},
    )
