"""Agents sign in with a password and a TOTP code; nothing reaches customer data without it.

    service = AuthService(engine, vault.sealer("auth/totp"), load_auth_policy(), events=sink)
    pending = service.login_password("siti", password, ip=ip)       # -> token that can only do MFA
    session = service.login_totp(pending.token, "492039", ip=ip)     # -> full session token
    principal = service.authenticate(session.token)                 # per request
    service.allowed(principal, "records.read")

Passwords are argon2id; TOTP secrets are sealed by the vault; tokens and recovery codes are stored
as digests; failure counters and the last accepted time step live in the database, changed under a
row lock, so limits hold across workers and a code is accepted once.
"""

from auth.contracts import (
    ApiKeyCreated,
    Enrolment,
    NewSession,
    PendingLogin,
    Principal,
    SessionInfo,
    UserInfo,
)
from auth.errors import (
    AccountChangeRefused,
    AccountLocked,
    ApprovalRequired,
    AuthError,
    CodeReplayed,
    CredentialNotFound,
    CsrfFailed,
    EnrolmentError,
    Forbidden,
    InvalidCode,
    InvalidCredentials,
    MalformedCode,
    MfaRequired,
    NotAuthenticated,
    PurposeRequired,
    ReenrolmentRequired,
    StepUpRequired,
    TooManyAttempts,
    UnknownRole,
    UserExists,
    UserNotFound,
    WeakPassword,
)
from auth.events import AuthEvent, AuthEventSink, discard_events
from auth.models import metadata
from auth.qr import qr_svg, qr_terminal
from auth.service import AuthService
from auth.totp import Totp, new_secret

__all__ = [
    "AccountChangeRefused",
    "AccountLocked",
    "ApprovalRequired",
    "ApiKeyCreated",
    "AuthError",
    "AuthEvent",
    "AuthEventSink",
    "AuthService",
    "CodeReplayed",
    "CsrfFailed",
    "EnrolmentError",
    "Enrolment",
    "Forbidden",
    "InvalidCode",
    "InvalidCredentials",
    "MalformedCode",
    "MfaRequired",
    "NewSession",
    "NotAuthenticated",
    "PendingLogin",
    "Principal",
    "PurposeRequired",
    "ReenrolmentRequired",
    "SessionInfo",
    "CredentialNotFound",
    "StepUpRequired",
    "TooManyAttempts",
    "Totp",
    "UnknownRole",
    "UserExists",
    "UserInfo",
    "UserNotFound",
    "WeakPassword",
    "discard_events",
    "metadata",
    "new_secret",
    "qr_svg",
    "qr_terminal",
]
