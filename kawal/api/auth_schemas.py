"""Request and response bodies of the sign-in, session and user-administration routes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(_Strict):
    username: str = Field(min_length=1, max_length=256)
    password: str = Field(min_length=1, max_length=1024)


class LoginOut(BaseModel):
    mfa_token: str = Field(description="Can only submit a TOTP code (or enrol a first factor)")
    next_step: str = Field(description="`totp`: POST /v1/auth/totp; `enrol`: POST /v1/auth/enrol")
    expires_in: int


class CodeIn(_Strict):
    code: str = Field(min_length=1, max_length=64, description="The 6-digit code, or a recovery code")
    cookie: bool = Field(default=False, description="Browsers: set an HttpOnly session cookie instead of returning the token")


class StepUpIn(_Strict):
    code: str = Field(min_length=1, max_length=16)


class SessionOut(BaseModel):
    session_token: str | None = Field(description="Bearer token; null when a cookie was set instead")
    session_id: str
    expires_at: float
    idle_timeout_seconds: int
    reenrol_required: bool = False
    csrf_token: str | None = Field(default=None, description="Cookie sessions: send it as X-CSRF-Token on writes")


class EnrolOut(BaseModel):
    otpauth_uri: str
    secret: str = Field(description="For typing into an app that cannot scan")
    qr_svg: str


class EnrolConfirmOut(BaseModel):
    recovery_codes: list[str] = Field(description="Shown once: store them offline")
    session: SessionOut | None = None


class StepUpOut(BaseModel):
    stepped_up_at: float


class MeOut(BaseModel):
    actor: str
    role: str | None
    kind: str
    session_id: str | None


class SessionItem(BaseModel):
    session_id: str
    kind: str
    created_at: float
    last_seen_at: float
    expires_at: float
    ip: str | None


class CreateUserIn(_Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=4096)
    role: str = Field(min_length=1, max_length=32)
    display_name: str = Field(default="", max_length=128)


class UserCreatedOut(BaseModel):
    user_id: str
    username: str


class UserItem(BaseModel):
    user_id: str
    username: str
    display_name: str
    role: str
    mfa_enrolled: bool
    disabled: bool
    locked_until: float | None


class RevokedOut(BaseModel):
    revoked: int


class CreateApiKeyIn(_Strict):
    name: str = Field(min_length=1, max_length=64)
    scopes: list[str] = Field(min_length=1, max_length=10)


class ApiKeyOut(BaseModel):
    key_id: str
    name: str
    scopes: list[str]
    token: str = Field(description="Shown once; stored only as a digest")
