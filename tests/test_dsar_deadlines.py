"""Data-subject request deadlines per law and kind: units, real time zones, weekends and public holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from policies import load_frameworks
from privacy.deadlines import WorkingDays, add_business_days, add_months, dsar_deadlines

FRAMEWORKS = load_frameworks()
DUBLIN, LA, SGT, WIB = (ZoneInfo(z) for z in ("Europe/Dublin", "America/Los_Angeles", "Asia/Singapore", "Asia/Jakarta"))


def at(zone: ZoneInfo, *args: int) -> float:
    return datetime(*args, tzinfo=zone).timestamp()


def due(framework: str, received: float, kind: str = "access") -> object:
    return dsar_deadlines(FRAMEWORKS[framework].deadlines, received, kind)


def test_gdpr_month_ends_with_the_day_and_the_extension_runs_from_receipt() -> None:
    d = due("gdpr", at(DUBLIN, 2026, 1, 31, 10, 0))
    # no 31 February: 28 Feb 2026, a Saturday, so the end of Monday 2 March (Reg. 1182/71 Art. 3(4))
    assert d.answer_by == at(DUBLIN, 2026, 3, 3)
    # two further months from the end of the first: 30 April (not 28 April), a Thursday
    assert d.extended_answer_by == at(DUBLIN, 2026, 5, 1)
    assert d.confirm_by is None


def test_gdpr_deadline_on_a_public_holiday_moves_to_the_next_working_day() -> None:
    d = due("gdpr", at(DUBLIN, 2026, 2, 17, 9, 0))  # one month: Tue 17 March, St Patrick's Day in Ireland
    assert d.answer_by == at(DUBLIN, 2026, 3, 19)  # end of Wed 18 March


def test_ccpa_business_days_use_california_time_in_winter() -> None:
    # 23:30 PST on Tue 1 Dec is already 2 Dec at UTC-7: a fixed summer offset confirms one day late
    d = due("ccpa", at(LA, 2026, 12, 1, 23, 30))
    assert d.confirm_by == at(LA, 2026, 12, 16)  # end of Tue 15 Dec, the 10th business day after 1 Dec


def test_ccpa_business_days_skip_california_holidays() -> None:
    d = due("ccpa", at(LA, 2026, 11, 19, 23, 30))  # Thanksgiving (26 Nov) and the day after (27 Nov) are holidays
    assert d.confirm_by == at(LA, 2026, 12, 8)  # end of Mon 7 Dec
    # 45 calendar days beginning on the day of receipt: 19 Nov is day 1, 2 Jan day 45; 90 with the extension
    assert d.answer_by == at(LA, 2027, 1, 3) and d.extended_answer_by == at(LA, 2027, 2, 17)
    opt_out = due("ccpa", at(LA, 2026, 11, 19, 10, 0), "opt_out")
    assert opt_out.answer_by == at(LA, 2026, 12, 15) and opt_out.confirm_by is None  # 15 business days, 11 CCR 7026(f)


def test_pdpa_30_days_after_receipt_in_singapore_time_and_withdrawal_in_business_days() -> None:
    d = due("pdpa", at(SGT, 2026, 11, 24, 17, 30))
    assert d.answer_by == at(SGT, 2026, 12, 25) and d.extended_answer_by is None  # reg. 5: a date the DPO tells
    withdrawal = due("pdpa", at(SGT, 2026, 12, 21, 9, 0), "withdrawal")
    assert withdrawal.answer_by == at(SGT, 2027, 1, 7)  # end of 6 Jan: 10 business days; Christmas and New Year's Day skipped


def test_uupdp_72_hours_for_access_correction_withdrawal_restriction_none_for_erasure() -> None:
    received = at(WIB, 2026, 11, 24, 9, 30)
    for kind in ("access", "rectification", "withdrawal", "restriction"):
        d = due("uupdp", received, kind)
        assert d.answer_by == received + 72 * 3600 and d.extended_answer_by is None, kind
    assert due("uupdp", received, "erasure").answer_by is None  # Arts. 43-44 fix no period


def test_a_kind_the_law_does_not_give_is_refused() -> None:
    deadlines = FRAMEWORKS["pdpa"].deadlines
    assert "erasure" not in deadlines.request_kinds and "withdrawal" in deadlines.refused_requests["erasure"]
    with pytest.raises(ValueError, match="no erasure request"):
        due("pdpa", at(SGT, 2026, 11, 24), "erasure")
    assert "opt_out" not in FRAMEWORKS["gdpr"].deadlines.request_kinds


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


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)), st.integers(1, 20),
       st.sampled_from(["US-CA", "SG", "ID", "IE"]))
def test_business_days_never_end_on_a_holiday_and_count_exactly(moment: datetime, days: int, code: str) -> None:
    working = WorkingDays(UTC, code)
    start = moment.replace(tzinfo=UTC)
    end = add_business_days(start, days, working)
    last = (end - timedelta(microseconds=1)).date()
    assert working.is_working_day(last)
    counted = sum(1 for i in range(1, (last - start.date()).days + 1) if working.is_working_day(start.date() + timedelta(days=i)))
    assert counted == days
