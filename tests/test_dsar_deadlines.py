"""Data-subject request deadlines in each law's unit: months, calendar days, business days, hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from audit.compliance.deadlines import add_business_days, add_months, dsar_deadlines
from policies import load_frameworks

FRAMEWORKS = load_frameworks()


def ts(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


def test_gdpr_one_month_plus_two_and_the_short_month() -> None:
    due = dsar_deadlines(FRAMEWORKS["gdpr"].deadlines, ts(2026, 1, 31, 10, 0))
    assert due.answer_by == ts(2026, 2, 28, 10, 0)  # no 31 February: the month's last day
    assert due.extended_answer_by == ts(2026, 4, 28, 10, 0)
    assert due.confirm_by is None


def test_ccpa_confirm_in_10_business_days_answer_in_45_plus_45() -> None:
    friday = ts(2026, 11, 20, 15, 0)
    due = dsar_deadlines(FRAMEWORKS["ccpa"].deadlines, friday)
    assert due.confirm_by == ts(2026, 12, 5, 7, 0)  # 10 working days after Fri 20 Nov: end of Fri 4 Dec, California (UTC-7)
    assert due.answer_by == friday + 45 * 86_400 and due.extended_answer_by == friday + 90 * 86_400


def test_pdpa_30_days_and_uupdp_72_hours() -> None:
    received = ts(2026, 11, 24, 9, 30)
    assert dsar_deadlines(FRAMEWORKS["pdpa"].deadlines, received).answer_by == received + 30 * 86_400
    uupdp = dsar_deadlines(FRAMEWORKS["uupdp"].deadlines, received)
    assert uupdp.answer_by == received + 72 * 3600 and uupdp.extended_answer_by is None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)), st.integers(0, 40))
def test_month_arithmetic_never_overflows_and_moves_forward(moment: datetime, months: int) -> None:
    later = add_months(moment, months)
    assert later >= moment and (later.year - moment.year) * 12 + later.month - moment.month == months
    assert later.day <= moment.day


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)), st.integers(1, 30))
def test_business_days_skip_weekends(moment: datetime, days: int) -> None:
    end = add_business_days(moment, days)
    working = sum(1 for i in range(1, (end - moment).days + 2)
                  if (moment + timedelta(days=i)).date() < end.date() and (moment + timedelta(days=i)).weekday() < 5)
    assert working == days and end.time() == datetime.min.time()
