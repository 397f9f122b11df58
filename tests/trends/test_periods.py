"""Period keys: months, financial quarters and financial years, read and written."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.trends import periods
from scrutineer.trends.periods import PeriodError


@pytest.mark.parametrize(
    ("text", "frequency", "start"),
    [
        ("2024-04", "monthly", dt.date(2024, 4, 1)),
        (" 2024-4 ", "monthly", dt.date(2024, 4, 1)),
        ("2024-25 Q1", "quarterly", dt.date(2024, 4, 1)),
        ("2024-25Q3", "quarterly", dt.date(2024, 10, 1)),
        ("2024/25 q4", "quarterly", dt.date(2025, 1, 1)),
        ("2024-25", "annual", dt.date(2024, 4, 1)),
        ("1999-00", "annual", dt.date(1999, 4, 1)),
    ],
)
def test_it_reads_each_way_a_period_is_written(text, frequency, start):
    assert periods.parse(text, frequency) == start


@pytest.mark.parametrize(
    ("text", "frequency", "says"),
    [
        ("2024-13", "monthly", "a month written like 2024-04"),
        ("April 2024", "monthly", "a month written like 2024-04"),
        ("2024-Q1", "quarterly", "financial quarter"),
        ("2024-26 Q1", "quarterly", "the years must follow on"),
        ("2024", "annual", "financial year"),
        ("", "monthly", "a month"),
    ],
)
def test_it_says_what_it_expected_when_it_cannot_read_a_period(text, frequency, says):
    with pytest.raises(PeriodError, match=says):
        periods.parse(text, frequency)


def test_a_quarter_is_labelled_with_its_months_and_a_year_with_both_years():
    assert periods.label(dt.date(2025, 1, 1), "quarterly") == "January to March 2025"
    assert periods.label(dt.date(2024, 4, 1), "annual") == "2024 to 2025"
    assert periods.label(dt.date(2024, 4, 1), "monthly") == "April 2024"


def test_a_quarterly_return_covers_three_months_one_quarter_and_the_year_only_in_quarter_four():
    q1, q4 = dt.date(2024, 4, 1), dt.date(2025, 1, 1)
    assert periods.in_quarter(q1, "monthly") == [
        dt.date(2024, 4, 1),
        dt.date(2024, 5, 1),
        dt.date(2024, 6, 1),
    ]
    assert periods.in_quarter(q1, "quarterly") == [q1]
    assert periods.in_quarter(q1, "annual") == []
    assert periods.in_quarter(q4, "annual") == [dt.date(2024, 4, 1)]


def test_quarter_of_finds_the_financial_quarter_that_holds_a_day():
    assert periods.quarter_of(dt.date(2024, 6, 30)) == dt.date(2024, 4, 1)
    assert periods.quarter_of(dt.date(2025, 3, 31)) == dt.date(2025, 1, 1)
    assert periods.end(dt.date(2025, 1, 1), "quarterly") == dt.date(2025, 3, 31)


months = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 1)).map(lambda d: d.replace(day=1))


@given(months, st.sampled_from(["monthly", "quarterly", "annual"]))
def test_writing_a_period_and_reading_it_back_gives_the_same_start(day, frequency):
    start = day
    if frequency == "quarterly":
        start = periods.quarter_of(day)
    elif frequency == "annual":
        start = dt.date(periods.financial_year_start(day), 4, 1)
    assert periods.is_start(start, frequency)
    assert periods.parse(periods.key(start, frequency), frequency) == start


@given(st.text(max_size=20), st.sampled_from(["monthly", "quarterly", "annual"]))
def test_reading_any_text_gives_a_period_or_a_period_error(text, frequency):
    try:
        start = periods.parse(text, frequency)
    except PeriodError as error:
        message = str(error)
        start = None
    if start is None:
        assert message
    else:
        assert periods.is_start(start, frequency)
