"""How audit events and alerts look outside: flat rows for JSON and CSV (one shape for CLI and API).

Rows carry no plaintext PII because events hold none; CSV cells that a spreadsheet would run as a
formula (=, +, -, @ at the start) are quoted with a leading apostrophe (OWASP CSV injection), since
actors, user agents and purposes come from users.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from audit import AuditLog, StoredEvent
from audit.formats import iso_utc as iso, spreadsheet_safe

__all__ = ["ALERT_COLUMNS", "EVENT_COLUMNS", "alert_row", "event_row", "iso", "parse_when", "to_csv"]

EVENT_COLUMNS = (
    "seq", "time", "action", "actor", "role", "outcome", "purpose", "subjects", "data_classes", "resource",
    "source_ip", "user_agent", "session_id", "detail", "hash", "intact",
)
_RELATIVE = re.compile(r"^(\d{1,20})\s*([smhdw])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}
#: Look-backs beyond a century are typing errors (and overflow datetime arithmetic).
_MAX_LOOKBACK_DAYS = 36_600
_MAX_LOOKBACK_SECONDS = _MAX_LOOKBACK_DAYS * 86_400




def parse_when(value: str, *, now: float | None = None) -> float:
    """'2026-11-24', '2026-11-24T02:00:00+07:00' or a look-back like '24h', '7d'; ValueError otherwise.

    A time without a zone is read as UTC, so that the same command gives the same answer anywhere.
    """
    text = value.strip()
    match = _RELATIVE.match(text)
    if match:
        reference = datetime.fromtimestamp(now, UTC) if now is not None else datetime.now(UTC)
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        if seconds > _MAX_LOOKBACK_SECONDS:
            raise ValueError(f"look-back {value!r} is longer than {_MAX_LOOKBACK_DAYS} days")
        return (reference - timedelta(seconds=seconds)).timestamp()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        raise ValueError(f"not a time: {value!r} (use ISO 8601 like 2026-11-24T02:00Z, or 24h / 7d)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def event_row(event: StoredEvent, log: AuditLog) -> dict[str, Any]:
    """One stored event as a flat row; `intact` says its hash and MAC still hold."""
    body = event.fields()
    return {
        "seq": event.seq,
        "time": iso(event.at),
        "action": body.get("action"),
        "actor": body.get("actor"),
        "role": body.get("role"),
        "outcome": body.get("outcome"),
        "purpose": body.get("purpose"),
        "subjects": body.get("subjects", []),
        "data_classes": body.get("data_classes", []),
        "resource": body.get("resource"),
        "source_ip": body.get("source_ip"),
        "user_agent": body.get("user_agent"),
        "session_id": body.get("session_id"),
        "detail": body.get("detail", {}),
        "hash": event.hash.hex(),
        "intact": log.intact(event),
    }


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        text = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, sort_keys=True, ensure_ascii=False) if value else ""
    else:
        text = str(value)
    return spreadsheet_safe(text)


ALERT_COLUMNS = (
    "alert_id", "raised_at", "detector", "severity", "score", "actor", "message", "status", "status_by",
    "status_reason", "status_at", "window_start", "window_end", "evidence",
)


def alert_row(alert: Any) -> dict[str, Any]:
    """A stored alert as a flat row, times in ISO 8601."""
    row = alert.to_dict()
    for name in ("raised_at", "status_at", "window_start", "window_end", "notified_at"):
        row[name] = iso(row.get(name))
    return row
