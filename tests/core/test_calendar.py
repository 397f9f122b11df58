"""The calendars as the app builds them from bank holidays and the business unit's edits."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutineer.core import calendar as cal
from scrutineer.core.models import BankHolidayOverride, ClosureDay

D = dt.date


def test_a_closure_day_moves_partnership_deadlines_but_not_statutory_clocks(db):
    cal.closure_day_add(date=D(2026, 12, 29), reason="Office closed")
    assert cal.statutory_calendar().add(D(2026, 12, 24), 2) == D(2026, 12, 30)
    assert cal.partnership_calendar().add(D(2026, 12, 24), 2) == D(2026, 12, 31)


def test_removing_a_closure_day_takes_effect_at_once(db):
    cal.closure_day_add(date=D(2026, 12, 29), reason="Office closed")
    assert not cal.partnership_calendar().is_working_day(D(2026, 12, 29))
    cal.closure_day_remove(date=D(2026, 12, 29))
    assert cal.partnership_calendar().is_working_day(D(2026, 12, 29))


def test_a_proclaimed_bank_holiday_changes_statutory_clocks(db):
    cal.bank_holiday_override_add(date=D(2027, 6, 7), kind="add", name="A proclaimed holiday")
    assert not cal.statutory_calendar().is_working_day(D(2027, 6, 7))
    assert cal.bank_holiday(D(2027, 6, 7))


def test_a_removed_bank_holiday_becomes_a_working_day(db):
    cal.bank_holiday_override_add(date=D(2027, 5, 3), kind="remove", name="Moved")
    assert cal.statutory_calendar().is_working_day(D(2027, 5, 3))


def test_an_edit_made_elsewhere_is_seen_without_a_restart(db):
    """Another process (or the admin) writes the table directly: the next call sees it."""
    assert cal.statutory_calendar().is_working_day(D(2027, 6, 7))
    BankHolidayOverride.objects.create(date=D(2027, 6, 7), kind="add", name="Direct")
    assert not cal.statutory_calendar().is_working_day(D(2027, 6, 7))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2026, 12, 26), "already not a working day: it is a weekend"),
        (D(2026, 12, 25), "already not a working day: it is a bank holiday"),
    ],
)
def test_it_refuses_a_closure_day_that_is_not_a_working_day_anyway(db, day, message):
    with pytest.raises(cal.CalendarError, match=message):
        cal.closure_day_add(date=day, reason="Closed")
    assert not ClosureDay.objects.exists()


def test_it_refuses_a_closure_day_twice(db):
    cal.closure_day_add(date=D(2026, 12, 29), reason="Closed")
    with pytest.raises(cal.CalendarError, match="already a closure day"):
        cal.closure_day_add(date=D(2026, 12, 29), reason="Closed again")


def test_it_refuses_corrections_that_make_no_sense(db):
    with pytest.raises(cal.CalendarError, match="already a bank holiday"):
        cal.bank_holiday_override_add(date=D(2026, 12, 25), kind="add", name="Christmas")
    with pytest.raises(cal.CalendarError, match="it is a weekend"):
        cal.bank_holiday_override_add(date=D(2026, 12, 19), kind="add", name="Saturday")
    with pytest.raises(cal.CalendarError, match="not a bank holiday"):
        cal.bank_holiday_override_add(date=D(2026, 12, 29), kind="remove", name="Nothing")
    with pytest.raises(cal.CalendarError, match="not a closure day"):
        cal.closure_day_remove(date=D(2026, 12, 29))
    assert not BankHolidayOverride.objects.exists()


def test_it_lists_bank_holidays_with_corrections_marked(db):
    cal.bank_holiday_override_add(date=D(2026, 8, 31), kind="remove", name="Moved")
    rows = cal.bank_holidays_between(D(2026, 1, 1), D(2026, 12, 31))
    by_date = {day: (name, source) for day, name, source in rows}
    assert by_date[D(2026, 8, 31)][1] == "removed"
    assert by_date[D(2026, 12, 25)] == ("Christmas Day", "")
    assert D(2026, 12, 26) not in by_date, "Boxing Day 2026 is a Saturday; the substitute is listed"
    assert D(2026, 12, 28) in by_date
