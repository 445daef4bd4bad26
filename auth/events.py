"""Auth events: one interface through which every sign-in fact leaves the auth module.

The audit module (a later issue) persists them; until then `kawal` logs them. Events carry staff
identities, addresses and outcomes, never passwords, codes, tokens or secrets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal[
    "login_succeeded",
    "login_failed",
    "mfa_succeeded",
    "mfa_failed",
    "mfa_replayed",
    "account_locked",
    "account_unlocked",
    "ip_throttled",
    "enrolment_started",
    "enrolment_confirmed",
    "mfa_reset",
    "recovery_code_used",
    "step_up_succeeded",
    "session_revoked",
    "user_created",
    "user_disabled",
    "api_key_created",
    "api_key_revoked",
    "api_key_rejected",
]


@dataclass(frozen=True)
class AuthEvent:
    """One fact about authentication, safe to store forever."""

    kind: EventKind
    user_id: str | None = None
    username: str | None = None
    actor: str | None = None  # who did it, when not the user themselves (an admin's reset)
    session_id: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    reason: str | None = None
    at: float = field(default_factory=time.time)


AuthEventSink = Callable[[AuthEvent], None]


def discard_events(event: AuthEvent) -> None:
    """The sink of a library user who does not care (tests pass a list's append instead)."""
