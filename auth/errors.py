"""Typed failures of authentication and authorisation.

Messages are safe to show to the caller: they never say whether a username exists, never echo a
password, code or token, and a locked account says when to come back.
"""

from __future__ import annotations


class AuthError(Exception):
    """Base class of every auth failure."""


class NotAuthenticated(AuthError):
    """No credentials, or credentials that are unknown, expired, revoked or forged (401)."""


class InvalidCredentials(NotAuthenticated):
    """Wrong username or password: one answer for both, so that usernames cannot be enumerated."""

    def __init__(self) -> None:
        super().__init__("invalid username or password")


class MfaRequired(NotAuthenticated):
    """The token is an MFA-pending token: it can only submit a TOTP code."""


class InvalidCode(NotAuthenticated):
    """A wrong, expired or already used TOTP or recovery code."""


class CodeReplayed(InvalidCode):
    """The code's time step was already accepted for this user (RFC 6238 section 5.2)."""


class MalformedCode(AuthError):
    """The code is not the expected number of digits (422): no guess was made, nothing is counted."""


class AccountLocked(AuthError):
    """Too many wrong codes: the account is locked until `retry_after` seconds have passed (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; try again in {retry_after} seconds")
        self.retry_after = retry_after


class TooManyAttempts(AccountLocked):
    """Too many failures from one address (per-IP limit), across accounts (429)."""

    def __init__(self, retry_after: int) -> None:
        AuthError.__init__(self, f"too many failed attempts from this address; try again in {retry_after} seconds")
        self.retry_after = retry_after


class Forbidden(AuthError):
    """Authenticated, but the role or scope does not allow this (403)."""


class StepUpRequired(AuthError):
    """The action needs a TOTP code entered within the last minutes: POST /v1/auth/step-up (401)."""


class PurposeRequired(AuthError):
    """Customer data is only served for a stated purpose: a case or ticket id (400)."""


class CsrfFailed(AuthError):
    """A cookie-authenticated request that changes state lacks the matching X-CSRF-Token (403)."""


class WeakPassword(AuthError):
    """The password does not meet the policy (422)."""


class UserExists(AuthError):
    """A user with this username exists already (409)."""


class UserNotFound(AuthError):
    """No such user (404; only administrative routes say so)."""


class UnknownRole(AuthError):
    """The role or scope is not defined in policies/auth.yaml (422)."""


class EnrolmentError(AuthError):
    """No enrolment is in progress, or the factor is already active (409)."""


class CredentialNotFound(AuthError):
    """No such open session of the caller, or no such active API key (404)."""


class AccountChangeRefused(AuthError):
    """The change would leave nobody able to manage users, or turns an admin against their own account (409)."""


class ReenrolmentRequired(MfaRequired):
    """The session was opened with a recovery code: it may only enrol a new factor until one is confirmed (401)."""


class ApprovalRequired(AuthError):
    """A four-eyes action without a usable approval: missing, for another action or target, expired,
    already used, or granted by the person now acting (403)."""
