"""The privacy package's base error: a request, hold or breach operation that cannot be done."""

from __future__ import annotations

__all__ = ["PrivacyError"]


class PrivacyError(Exception):
    """Base of `DsarError` and `BreachError`: each subclass maps to its own exit code and HTTP status."""
