"""How every typed error maps to a CLI exit code and an HTTP status (one table, used by both)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures.process import BrokenProcessPool

from pydantic import ValidationError

import audit
import auth
import privacy
import redaction
import vault
from audit.checkpoints import SigningKeyError
from compliance.attestations import AttestationError
from compliance.report import ApprovalRefused
from kawal.audit_context import ContextFileError
from kawal.db import DatabaseError, SchemaBehind
from policies import PolicyError
from policies.frameworks import UnknownFramework
from privacy.breaches import BreachError, BreachNotFound
from privacy.requests import DsarError, DsarNotFound, HoldNotFound, LegalHoldActive, RequestKindRefused

# Exit codes (ARCHITECTURE.md): 0 ok, 1 findings, 2 usage, 3 configuration or keys, 4 I/O or database.
EXIT_FINDINGS, EXIT_USAGE, EXIT_CONFIG, EXIT_IO = 1, 2, 3, 4

# (error class, exit code, HTTP status, machine-readable type). First match wins: subclasses first.
_TABLE: list[tuple[type[BaseException], int, int, str]] = [
    (auth.TooManyAttempts, EXIT_FINDINGS, 429, "too_many_attempts"),
    (auth.AccountLocked, EXIT_FINDINGS, 429, "account_locked"),
    (auth.MalformedCode, EXIT_USAGE, 422, "malformed_code"),
    (auth.WeakPassword, EXIT_USAGE, 422, "weak_password"),
    (auth.UnknownRole, EXIT_USAGE, 422, "unknown_role"),
    (auth.UserExists, EXIT_FINDINGS, 409, "user_exists"),
    (auth.AccountChangeRefused, EXIT_FINDINGS, 409, "account_change_refused"),
    (auth.UserNotFound, EXIT_FINDINGS, 404, "user_not_found"),
    (auth.CredentialNotFound, EXIT_FINDINGS, 404, "not_found"),
    (auth.EnrolmentError, EXIT_FINDINGS, 409, "enrolment_error"),
    (auth.CodeReplayed, EXIT_FINDINGS, 401, "code_replayed"),
    (auth.InvalidCode, EXIT_FINDINGS, 401, "invalid_code"),
    (auth.InvalidCredentials, EXIT_FINDINGS, 401, "invalid_credentials"),
    (auth.ReenrolmentRequired, EXIT_FINDINGS, 401, "reenrolment_required"),
    (auth.MfaRequired, EXIT_FINDINGS, 401, "mfa_required"),
    (auth.NotAuthenticated, EXIT_FINDINGS, 401, "not_authenticated"),
    (auth.StepUpRequired, EXIT_FINDINGS, 401, "step_up_required"),
    (auth.ApprovalRequired, EXIT_FINDINGS, 403, "approval_required"),
    (auth.Forbidden, EXIT_FINDINGS, 403, "forbidden"),
    (auth.CsrfFailed, EXIT_FINDINGS, 403, "csrf_failed"),
    (auth.PurposeRequired, EXIT_USAGE, 400, "purpose_required"),
    (auth.AuthError, EXIT_FINDINGS, 401, "auth_error"),
    (redaction.MalformedRecord, EXIT_USAGE, 422, "malformed_record"),
    (redaction.ProfileError, EXIT_USAGE, 422, "unknown_profile"),
    (redaction.RedactionError, EXIT_CONFIG, 503, "redaction_config_error"),
    (vault.RecordTooLarge, EXIT_USAGE, 413, "record_too_large"),
    (vault.RecordTooDeep, EXIT_USAGE, 422, "record_too_deep"),
    (vault.InvalidRecord, EXIT_USAGE, 422, "invalid_record"),
    (vault.InvalidSubject, EXIT_USAGE, 422, "invalid_subject"),
    (vault.UnknownSearchField, EXIT_USAGE, 422, "unknown_search_field"),
    (vault.RecordNotFound, EXIT_FINDINGS, 404, "record_not_found"),
    (vault.SubjectNotFound, EXIT_FINDINGS, 404, "subject_not_found"),
    (vault.SubjectShredded, EXIT_FINDINGS, 410, "subject_shredded"),
    (vault.RecordTampered, EXIT_FINDINGS, 409, "record_tampered"),
    (vault.RootKeyInUse, EXIT_FINDINGS, 409, "root_key_in_use"),
    (vault.RootKeyError, EXIT_CONFIG, 503, "root_key_error"),
    (vault.StoreUnavailable, EXIT_IO, 503, "database_unavailable"),
    (vault.StoreError, EXIT_IO, 503, "database_error"),
    (BreachNotFound, EXIT_FINDINGS, 404, "breach_not_found"),
    (DsarNotFound, EXIT_FINDINGS, 404, "dsar_not_found"),
    (HoldNotFound, EXIT_FINDINGS, 404, "legal_hold_not_found"),
    (LegalHoldActive, EXIT_FINDINGS, 409, "legal_hold_active"),
    (RequestKindRefused, EXIT_USAGE, 422, "request_kind_refused"),
    (DsarError, EXIT_USAGE, 409, "dsar_state"),
    (BreachError, EXIT_USAGE, 409, "breach_register"),
    (AttestationError, EXIT_USAGE, 422, "attestation_refused"),
    (ApprovalRefused, EXIT_USAGE, 422, "approval_refused"),
    (UnknownFramework, EXIT_USAGE, 422, "unknown_framework"),
    (SigningKeyError, EXIT_CONFIG, 503, "signing_key_error"),
    (audit.AlertNotFound, EXIT_FINDINGS, 404, "alert_not_found"),
    (audit.AlertStatusError, EXIT_USAGE, 409, "alert_status"),
    (ContextFileError, EXIT_CONFIG, 503, "audit_context_error"),
    (audit.AuditWriteFailed, EXIT_IO, 503, "audit_unavailable"),
    (audit.AuditError, EXIT_IO, 503, "audit_error"),
    (SchemaBehind, EXIT_CONFIG, 503, "schema_behind"),
    (DatabaseError, EXIT_IO, 503, "database_unavailable"),
    (PolicyError, EXIT_CONFIG, 503, "policy_error"),
    (ValidationError, EXIT_CONFIG, 503, "invalid_settings"),
    (vault.VaultError, EXIT_IO, 503, "vault_error"),
    (BrokenProcessPool, EXIT_IO, 503, "worker_died"),
    (OSError, EXIT_IO, 503, "io_error"),
]

KNOWN_ERRORS: tuple[type[BaseException], ...] = tuple(cls for cls, *_ in _TABLE)
#: What a request can run into; settings errors happen only at start-up.
DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    vault.VaultError, auth.AuthError, audit.AuditError, DatabaseError, PolicyError, redaction.RedactionError, redaction.MalformedRecord,
    UnknownFramework, privacy.PrivacyError,
)


def index(rows: Iterable[tuple[type[BaseException], int, int, str]]) -> dict[type[BaseException], tuple[int, int, str]]:
    """The table as class -> (exit code, HTTP status, type); a class listed twice is a mistake."""
    out: dict[type[BaseException], tuple[int, int, str]] = {}
    for cls, code, status, kind in rows:
        if cls in out:
            raise ValueError(f"{cls.__name__} is listed twice")
        out[cls] = (code, status, kind)
    return out


_BY_CLASS = index(_TABLE)


def classify(error: BaseException) -> tuple[int, int, str]:
    """(exit code, HTTP status, type) for a known error: the entry of its most specific class."""
    return classify_type(type(error))


def classify_type(kind: type[BaseException], by_class: Mapping[type[BaseException], tuple[int, int, str]] = _BY_CLASS,
                  ) -> tuple[int, int, str]:
    """Walking the class's MRO, not the table, means a subclass listed anywhere in the table wins
    over its base (a `SigningKeyError` is an `AuditError` too), whatever the order of rows."""
    for cls in kind.__mro__:
        if cls in by_class:
            return by_class[cls]
    raise LookupError(kind.__name__)


def describe(error: BaseException) -> str:
    """One line for a person; for settings, the first invalid field without its value."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        return f"invalid setting KAWAL_{where.upper()}: {first['msg']}"
    return str(error) or type(error).__name__
