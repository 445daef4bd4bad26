"""When a data-subject request is due, in each law's own unit, calendar and time zone.

GDPR counts months as Regulation 1182/71 does (Art. 3(1): the day of receipt is not counted; 3(2)(c):
the period ends at the end of the same date in the last month, or of that month's last day; 3(4): a
period ending on a Saturday, Sunday or public holiday runs to the end of the next working day). Its
extension is two further months, so it ends three months from receipt (31 Jan -> 30 Apr). CCPA
counts calendar days from the day of receipt and business days to confirm or to act on an opt-out;
PDPA counts calendar days after receipt; UU PDP counts hours. Day counts run in the law's real time
zone (`zoneinfo`: California's winter is UTC-8, not the summer UTC-7), and working days skip the
public holidays of the `holidays` package's calendar for the law's place (US-CA, SG, ID, ...).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_calendars

__all__ = [
    "RequestDeadlines", "WorkingDays", "add_business_days", "add_months", "calendar_of", "dsar_deadlines",
    "end_of_day", "request_deadlines",
]


@dataclass(frozen=True)
class RequestDeadlines:
    answer_by: float | None  # None: the law sets no fixed period ("without undue delay")
    extended_answer_by: float | None  # when the law allows one extension (with notice to the subject)
    confirm_by: float | None  # CCPA: confirm receipt


@lru_cache(maxsize=64)
def _holidays(code: str, year: int) -> frozenset[date]:
    country, _, subdivision = code.partition("-")
    return frozenset(holiday_calendars.country_holidays(country, subdiv=subdivision or None, years=year))


@dataclass(frozen=True)
class WorkingDays:
    """A law's clock: its time zone and the public holidays of its place (None: weekends only)."""

    zone: tzinfo
    holidays: str | None = None
    shift_to_working_day: bool = False

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and (self.holidays is None or day not in _holidays(self.holidays, day.year))

    def local(self, moment: float) -> datetime:
        return datetime.fromtimestamp(moment, UTC).astimezone(self.zone)


def calendar_of(deadlines: Any) -> WorkingDays:
    """The `WorkingDays` of a framework's deadlines (its `calendar`, or the older fixed UTC offset)."""
    chosen = getattr(deadlines, "calendar", None)
    if chosen is not None:
        return WorkingDays(ZoneInfo(chosen.zone), chosen.holidays, chosen.shift_to_working_day)
    offset = getattr(deadlines, "local_utc_offset_hours", 0.0) or 0.0
    return WorkingDays(timezone(timedelta(hours=offset)))


def end_of_day(moment: datetime) -> datetime:
    """Midnight ending *moment*'s local day (the "expiry of the last hour" of 1182/71), DST-safe."""
    following = moment.date() + timedelta(days=1)
    return datetime(following.year, following.month, following.day, tzinfo=moment.tzinfo)


def add_months(moment: datetime, months: int) -> datetime:
    """Same day and time *months* later; the last day of the month when that day does not exist."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_business_days(moment: datetime, days: int, working: WorkingDays | None = None) -> datetime:
    """End of the *days*-th working day after the day of *moment* (in *moment*'s zone)."""
    is_working = working.is_working_day if working is not None else (lambda d: d.weekday() < 5)
    current = moment.date()
    left = days
    while left > 0:
        current += timedelta(days=1)
        if is_working(current):
            left -= 1
    return end_of_day(datetime(current.year, current.month, current.day, tzinfo=moment.tzinfo))


def _next_working_day_end(end: datetime, working: WorkingDays) -> datetime:
    """Art. 3(4) of 1182/71: a period whose last day is not a working day runs to the next one's end."""
    last = (end - timedelta(microseconds=1)).date()
    while not working.is_working_day(last):
        last += timedelta(days=1)
    return end_of_day(datetime(last.year, last.month, last.day, tzinfo=end.tzinfo))


def _period_end(received: datetime, clock: Any, working: WorkingDays, *, months: int | None, days: int | None,
                business_days: int | None, hours: int | None) -> datetime | None:
    if hours is not None:
        return received + timedelta(hours=hours)
    if months is not None:
        end = end_of_day(add_months(received, months))
    elif days is not None:
        counted = days - 1 if getattr(clock, "receipt_day_counts", False) else days
        end = end_of_day(received + timedelta(days=counted))
    elif business_days is not None:
        return add_business_days(received, business_days, working)
    else:
        return None
    return _next_working_day_end(end, working) if working.shift_to_working_day else end


def request_deadlines(clock: Any, working: WorkingDays, received_at: float) -> RequestDeadlines:
    """The due times of a request of one kind (`policies.frameworks.RequestClock`) received at *received_at*."""
    received = working.local(received_at)
    answer = _period_end(received, clock, working, months=clock.months, days=clock.days,
                         business_days=clock.business_days, hours=clock.hours)
    extended = None
    if answer is not None and clock.extension_months is not None and clock.months is not None:
        extended = _period_end(received, clock, working, months=clock.months + clock.extension_months, days=None,
                               business_days=None, hours=None)
    elif answer is not None and clock.extension_days is not None and clock.days is not None:
        extended = _period_end(received, clock, working, months=None, days=clock.days + clock.extension_days,
                               business_days=None, hours=None)
    confirm = None
    if clock.confirm_business_days is not None:
        confirm = add_business_days(received, clock.confirm_business_days, working)
    return RequestDeadlines(answer.timestamp() if answer else None, extended.timestamp() if extended else None,
                            confirm.timestamp() if confirm else None)


def dsar_deadlines(deadlines: Any, received_at: float, kind: str = "access") -> RequestDeadlines:
    """The due times of a *kind* request received at *received_at* under a framework's `deadlines`."""
    clock = deadlines.request_clock(kind)
    if clock is None:
        raise ValueError(f"this law has no {kind} request")
    return request_deadlines(clock, calendar_of(deadlines), received_at)
