"""Schema of the access policy (`policies/auth.yaml`): roles, service scopes, sessions, lockouts.

Who may do what is a security officer's decision, so it lives in data; the code only knows the
permission names it checks. Validation refuses a role that names an unknown permission, so a typo
cannot silently grant or withhold access.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Every permission a route or command can require. Adding one is a code change on purpose.
Permission = Literal[
    "records.read",
    "records.write",
    "records.find",
    "subjects.shred",
    "redaction.run",
    "audit.read",
    "alerts.manage",
    "reports.read",
    "breaches.manage",
    "dsar.manage",
    "retention.manage",
    "users.manage",
    "users.reset_mfa",
    "sessions.revoke",
    "keys.manage",
    "policies.manage",
    "approvals.grant",
]

#: Actions that need a second person's approval when listed in `four_eyes` (the approval names the
#: action and its target: a hold, a data-subject request, a subject).
ApprovalAction = Literal["hold.release", "records.export", "subjects.erase"]


class FourEyesPolicy(BaseModel):
    """Which actions one person may not do alone, and how long an approval stays usable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actions: frozenset[ApprovalAction] = frozenset({"hold.release", "records.export", "subjects.erase"})
    approval_ttl_seconds: int = Field(default=86_400, gt=0, le=30 * 86_400)


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    permissions: frozenset[Permission]


class SessionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    idle_timeout_seconds: int = Field(default=15 * 60, gt=0, le=24 * 3600)
    absolute_lifetime_seconds: int = Field(default=8 * 3600, gt=0, le=7 * 24 * 3600)
    mfa_pending_seconds: int = Field(default=5 * 60, gt=0, le=30 * 60)
    step_up_seconds: int = Field(default=5 * 60, gt=0, le=60 * 60)


class LockoutPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_otp_failures: int = Field(default=5, gt=0, le=20)
    first_lock_seconds: int = Field(default=60, gt=0)
    max_lock_seconds: int = Field(default=3600, gt=0)
    ip_window_seconds: int = Field(default=15 * 60, gt=0)
    ip_max_failures: int = Field(default=300, gt=0, description="Failed logins from one address per window, all accounts")
    ip_user_max_failures: int = Field(default=10, gt=0,
                                      description="Failed passwords for one username from one address per window")

    @model_validator(mode="after")
    def _ordered(self) -> LockoutPolicy:
        if self.max_lock_seconds < self.first_lock_seconds:
            raise ValueError("max_lock_seconds must be at least first_lock_seconds")
        return self


class PasswordPolicy(BaseModel):
    """argon2id parameters; the defaults are OWASP's (19 MiB, 2 passes), ~30 ms per hash here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_length: int = Field(default=12, ge=8, le=128)
    max_length: int = Field(default=256, ge=16, le=4096)
    #: zxcvbn's score (0-4) a new password needs; 3 means about 10**8 guesses or more.
    min_strength: int = Field(default=3, ge=0, le=4)
    #: Words of this service and organisation a password must not contain (NIST 800-63B "context-specific words").
    context_words: tuple[str, ...] = ("kawal",)
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19 * 1024, ge=8 * 1024)
    argon2_parallelism: int = Field(default=1, ge=1)


class TotpPolicy(BaseModel):
    """What authenticator apps really support: SHA1, 6 digits, 30 s (RFC 6238's defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str = Field(default="Kawal", min_length=1, max_length=64)
    digits: Literal[6, 8] = 6
    period_seconds: int = Field(default=30, ge=15, le=120)
    algorithm: Literal["SHA1", "SHA256", "SHA512"] = "SHA1"
    secret_bytes: int = Field(default=20, ge=20, le=64, description="At least 160 bits (RFC 4226)")
    valid_window: int = Field(default=1, ge=0, le=2, description="Steps accepted either side of now")
    recovery_codes: int = Field(default=10, ge=5, le=20)


class AuthPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    roles: dict[str, Role]
    service_scopes: dict[str, Role] = Field(default_factory=dict, description="Scopes of API keys")
    sessions: SessionPolicy = SessionPolicy()
    lockout: LockoutPolicy = LockoutPolicy()
    passwords: PasswordPolicy = PasswordPolicy()
    totp: TotpPolicy = TotpPolicy()
    four_eyes: FourEyesPolicy = FourEyesPolicy()

    @model_validator(mode="after")
    def _needs_an_admin(self) -> AuthPolicy:
        if "admin" not in self.roles or "users.manage" not in self.roles["admin"].permissions:
            raise ValueError("the roles must include `admin` with users.manage, or nobody can manage users")
        return self

    def allows(self, role: str, permission: str) -> bool:
        found = self.roles.get(role)
        return found is not None and permission in found.permissions

    def scope_allows(self, scopes: frozenset[str], permission: str) -> bool:
        return any(permission in self.service_scopes[s].permissions for s in scopes if s in self.service_scopes)
