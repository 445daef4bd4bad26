"""Plain data that leaves the auth module: who is signed in, and what a step of sign-in returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SessionKind = Literal["full", "mfa", "enrol"]


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: an agent's session or a service account's API key."""

    actor: str                   # username, or "service:<key name>"
    user_id: str | None
    role: str | None             # None for service accounts
    kind: SessionKind | Literal["service"]
    session_id: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    mfa_at: float | None = None  # last time this session entered a TOTP code
    via_cookie: bool = False
    #: Signed in with a recovery code and no new factor confirmed yet: the session may only enrol.
    reenrol_required: bool = False


@dataclass(frozen=True)
class PendingLogin:
    """After the password: a token that can only submit a TOTP code (or enrol a first factor)."""

    token: str
    next_step: Literal["totp", "enrol"]
    expires_in: int


@dataclass(frozen=True)
class NewSession:
    """After the code: a full session. The token is shown once and stored only as a digest."""

    token: str
    session_id: str
    expires_at: float
    idle_timeout_seconds: int
    reenrol_required: bool = False


@dataclass(frozen=True)
class Enrolment:
    """A TOTP factor waiting for its first code."""

    secret: str
    uri: str


@dataclass(frozen=True)
class UserInfo:
    user_id: str
    username: str
    display_name: str
    role: str
    mfa_enrolled: bool
    disabled: bool
    locked_until: float | None


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    kind: str
    created_at: float
    last_seen_at: float
    expires_at: float
    ip: str | None


@dataclass(frozen=True)
class ApiKeyCreated:
    key_id: str
    name: str
    scopes: tuple[str, ...]
    token: str  # shown once
