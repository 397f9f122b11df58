"""The working-day rule (domain reference section 4), with worked examples and properties.

The triggering day is day 0; add(D, N) is the N-th working day after D; between(A, B) counts
working days in (A, B].
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.core.workdays import (
    OutsideCalendar,
    WorkingDayCalendar,
    england_and_wales,
    england_and_wales_bank_holidays,
)

D = dt.date
CAL = england_and_wales()


def naive_add(closed: frozenset[dt.date], day: dt.date, n: int) -> dt.date:
    """Day by day, as a person counts on a wall calendar."""
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5 and day not in closed:
            remaining -= 1
    return day


def naive_between(closed: frozenset[dt.date], start: dt.date, end: dt.date) -> int:
    if end < start:
        return -naive_between(closed, end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if (day := start + dt.timedelta(days=offset)).weekday() < 5 and day not in closed
    )


CLOSED = england_and_wales_bank_holidays()


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (
            D(2023, 5, 5),
            1,
            D(2023, 5, 9),
            "Friday, then the weekend and the coronation bank holiday",
        ),
        (
            D(2024, 3, 28),
            1,
            D(2024, 4, 2),
            "Maundy Thursday: Good Friday and Easter Monday 2024 skipped",
        ),
        (D(2022, 12, 23), 1, D(2022, 12, 28), "Christmas 2022: Boxing Day and the substitute day"),
        (D(2022, 6, 1), 1, D(2022, 6, 6), "the Platinum Jubilee: 2 and 3 June 2022"),
        (D(2022, 9, 16), 1, D(2022, 9, 20), "the State Funeral, 19 September 2022"),
        (D(2012, 6, 1), 1, D(2012, 6, 6), "the Diamond Jubilee: 4 and 5 June 2012"),
        (
            D(2020, 5, 1),
            1,
            D(2020, 5, 4),
            "4 May 2020 was a working day: the holiday moved to 8 May",
        ),
        (D(2020, 5, 7), 1, D(2020, 5, 11), "8 May 2020, VE Day, was the early May bank holiday"),
        (D(2023, 5, 2), 5, D(2023, 5, 10), "a notification clock across the coronation"),
        (D(2024, 3, 20), 15, D(2024, 4, 12), "a rapid review clock across Easter 2024"),
        (D(2023, 5, 9), -1, D(2023, 5, 5), "one working day back over a bank holiday weekend"),
        (D(2023, 5, 6), -1, D(2023, 5, 5), "back from a Saturday: the Friday before"),
        (D(2023, 5, 6), 0, D(2023, 5, 6), "day 0 is the day itself, working or not"),
        (D(2023, 5, 6), 1, D(2023, 5, 9), "from a Saturday: the next working day is day 1"),
    ],
)
def test_it_adds_working_days(start, n, expected, why):
    assert CAL.add(start, n) == expected, why


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2023, 5, 5), D(2023, 5, 9), 1),
        (D(2023, 5, 9), D(2023, 5, 5), -1),
        (D(2023, 5, 5), D(2023, 5, 5), 0),
        (D(2023, 5, 6), D(2023, 5, 8), 0),
        (D(2022, 12, 23), D(2023, 1, 3), 4),  # 28, 29, 30 December and 3 January
        (D(2024, 4, 1), D(2024, 4, 2), 1),
        (D(2025, 3, 31), D(2026, 3, 31), 253),
    ],
)
def test_it_counts_working_days_after_the_start_up_to_and_including_the_end(start, end, expected):
    assert CAL.between(start, end) == expected


def test_it_knows_weekends_and_bank_holidays():
    assert CAL.is_working_day(D(2023, 5, 5))
    assert not CAL.is_working_day(D(2023, 5, 6))
    assert not CAL.is_working_day(D(2023, 5, 8))
    assert CAL.is_working_day(D(2020, 5, 4))
    assert not CAL.is_working_day(D(2020, 5, 8))


def test_it_can_count_the_start_day_as_day_one():
    calendar = england_and_wales(count_start_day=True)
    assert calendar.between(D(2023, 5, 5), D(2023, 5, 9)) == 2
    assert calendar.add(D(2023, 5, 5), 2) == D(2023, 5, 9)
    assert calendar.add(D(2023, 5, 5), 1) == D(2023, 5, 5)
    assert calendar.add(D(2023, 5, 6), 1) == D(2023, 5, 9), "a Saturday is not day 1"


def test_it_refuses_dates_it_has_no_bank_holidays_for():
    with pytest.raises(OutsideCalendar, match="outside the working-day calendar"):
        CAL.add(D(1980, 1, 1), 1)
    with pytest.raises(OutsideCalendar):
        CAL.between(D(2023, 1, 1), D(2099, 1, 1))


def test_a_closure_day_is_not_a_working_day():
    calendar = england_and_wales(add=[D(2026, 12, 29)])
    assert CAL.add(D(2026, 12, 24), 2) == D(2026, 12, 30)
    assert calendar.add(D(2026, 12, 24), 2) == D(2026, 12, 31)


dates = st.dates(min_value=D(2010, 1, 1), max_value=D(2035, 12, 31))
steps = st.integers(min_value=-400, max_value=400)


@given(dates, st.integers(min_value=0, max_value=400))
def test_between_undoes_add(day, n):
    assert CAL.between(day, CAL.add(day, n)) == n


@given(dates, st.integers(min_value=1, max_value=400))
def test_going_back_undoes_going_forward_from_a_working_day(day, n):
    if CAL.is_working_day(day):
        assert CAL.between(CAL.add(day, -n), day) == n
        assert CAL.add(CAL.add(day, n), -n) == day


@given(dates, dates)
def test_between_is_antisymmetric(a, b):
    assert CAL.between(a, b) == -CAL.between(b, a)


@given(dates, steps.filter(lambda n: n != 0))
def test_add_lands_on_a_working_day(day, n):
    assert CAL.is_working_day(CAL.add(day, n))


@given(dates, dates, st.integers(min_value=1, max_value=60))
def test_add_is_monotonic(a, b, n):
    if a <= b:
        assert CAL.add(a, n) <= CAL.add(b, n)


@settings(max_examples=200)
@given(dates, steps)
def test_add_agrees_with_counting_day_by_day(day, n):
    assert CAL.add(day, n) == naive_add(CLOSED, day, n)


@settings(max_examples=200)
@given(dates, st.integers(min_value=0, max_value=500))
def test_between_agrees_with_counting_day_by_day(day, span):
    end = day + dt.timedelta(days=span)
    assert CAL.between(day, end) == naive_between(CLOSED, day, end)


def test_a_small_calendar_of_its_own_works_the_same():
    calendar = WorkingDayCalendar([D(2030, 1, 1)], first_year=2029, last_year=2031)
    assert calendar.add(D(2029, 12, 31), 1) == D(2030, 1, 2)
