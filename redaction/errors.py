"""Typed errors of the redaction package; the shell maps each to an HTTP status and a CLI exit code."""

from __future__ import annotations

__all__ = ["MalformedRecord", "NlpModelError", "ProfileError", "PseudonymKeyMissing", "RedactionError", "TokenStoreMissing"]


class RedactionError(Exception):
    """Base class of every error raised by `redaction`."""


class ProfileError(RedactionError):
    """The named profile does not exist in the redaction policy."""


class PseudonymKeyMissing(RedactionError):
    """The profile pseudonymizes but no key was given (it must come from the vault, per tenant)."""


class TokenStoreMissing(RedactionError):
    """The profile tokenizes into the vault but no token store was given."""


class NlpModelError(RedactionError):
    """The configured spaCy model could not be loaded (never downloaded: it must be a path or package)."""


class MalformedRecord(RedactionError, ValueError):
    """A record that cannot be processed (strict mode fails on the first one)."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        super().__init__(f"{source}:{line}: {reason}")
        self.source, self.line, self.reason = source, line, reason


class UnlistedEntity(RedactionError):
    """A recognizer detects a type the redaction policy does not list: it would never be redacted."""
