"""When a data-subject request is due, in each law's own unit.

GDPR counts a month from receipt (Art. 12(3); the same day next month, or the month's last day
when there is none, as the CJEU's reading of Regulation 1182/71 gives), CCPA counts calendar days to
answer and business days to confirm receipt, PDPA counts calendar days, UU PDP counts hours. Day
counts run in the framework's local time. Business days are Monday to Friday: public holidays are
not modelled yet, which makes CCPA's confirmation deadline earlier (stricter), never later.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

__all__ = ["RequestDeadlines", "add_business_days", "add_months", "dsar_deadlines"]


@dataclass(frozen=True)
class RequestDeadlines:
    answer_by: float
    extended_answer_by: float | None  # when the law allows one extension (with notice to the subject)
    confirm_by: float | None  # CCPA: confirm receipt


def add_months(moment: datetime, months: int) -> datetime:
    """Same day and time *months* later; the last day of the month when that day does not exist."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_business_days(moment: datetime, days: int) -> datetime:
    """End of the *days*-th working day (Mon-Fri) after the day of *moment* (local time of *moment*)."""
    current = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current + timedelta(days=1)  # midnight ending that working day


def dsar_deadlines(deadlines: Any, received_at: float) -> RequestDeadlines:
    """The due times of a request received at *received_at* under a framework's `deadlines`."""
    zone = timezone(timedelta(hours=getattr(deadlines, "local_utc_offset_hours", 0.0) or 0.0))
    received = datetime.fromtimestamp(received_at, UTC).astimezone(zone)
    if deadlines.dsar_access_hours is not None:
        answer = received + timedelta(hours=deadlines.dsar_access_hours)
    elif deadlines.dsar_access_months is not None:
        answer = add_months(received, deadlines.dsar_access_months)
    else:
        answer = received + timedelta(days=deadlines.dsar_access_days)
    extended = None
    if deadlines.dsar_extension_months is not None:
        extended = add_months(answer, deadlines.dsar_extension_months)
    elif deadlines.dsar_extension_days is not None:
        extended = answer + timedelta(days=deadlines.dsar_extension_days)
    confirm = None
    if deadlines.dsar_confirm_business_days is not None:
        confirm = add_business_days(received, deadlines.dsar_confirm_business_days)
    return RequestDeadlines(answer.timestamp(), extended.timestamp() if extended else None,
                            confirm.timestamp() if confirm else None)
