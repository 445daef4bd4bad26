"""Two small formatting rules shared by every audit export (events, alerts, checklists)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso_utc", "spreadsheet_safe"]


def iso_utc(at: float | None) -> str | None:
    """Unix seconds as ISO 8601 UTC with a Z, to the second; None stays None."""
    return None if at is None else datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def spreadsheet_safe(text: str) -> str:
    """Quote a CSV cell a spreadsheet would run as a formula (=, +, -, @ at the start): OWASP CSV injection."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
