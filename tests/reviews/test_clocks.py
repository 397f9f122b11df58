"""Each statutory clock against worked examples across Easter 2024, Christmas 2022 and the
one-off bank holidays of 2022 and 2023, with the real England and Wales calendar.

Worked examples are counted by hand in the comments: the triggering day is day 0 and the
deadline is the N-th working day after it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.core.workdays import england_and_wales
from scrutineer.reviews.clocks import (
    Status,
    add_months,
    lcspr_clock,
    notification_clock,
    publication_notice_clock,
    rapid_review_clock,
    working_days_before,
)

CAL = england_and_wales()
D = dt.date


LATER = D(2030, 1, 1)


def notify(aware: dt.date, done: dt.date | None = None, today: dt.date = LATER):
    return notification_clock(aware, done, today=today, calendar=CAL)


# ---- notification: within 5 working days of becoming aware ----------------------------------


@pytest.mark.parametrize(
    ("aware", "deadline"),
    [
        # Easter 2024: Fri 29 Mar and Mon 1 Apr are bank holidays; Tue 2 .. Mon 8 are days 1..5
        (D(2024, 3, 28), D(2024, 4, 8)),
        # Christmas 2022: 26 and 27 Dec (substitute for Christmas Day), 2 Jan 2023 (substitute)
        # Wed 28 (1), Thu 29 (2), Fri 30 (3), Tue 3 Jan (4), Wed 4 Jan (5)
        (D(2022, 12, 23), D(2023, 1, 4)),
        # Platinum Jubilee 2 and 3 June 2022: Wed 1 (1), Mon 6 (2) .. Thu 9 (5)
        (D(2022, 5, 31), D(2022, 6, 9)),
        # State funeral Mon 19 Sep 2022: Fri 16 (1), Tue 20 (2) .. Fri 23 (5)
        (D(2022, 9, 15), D(2022, 9, 23)),
        # Coronation Mon 8 May 2023: Thu 4 (1), Fri 5 (2), Tue 9 (3) .. Thu 11 (5)
        (D(2023, 5, 3), D(2023, 5, 11)),
        # An ordinary week: Mon 10 Jun 2024 + 5 = Mon 17 Jun
        (D(2024, 6, 10), D(2024, 6, 17)),
    ],
)
def test_it_sets_the_notification_deadline_five_working_days_after_becoming_aware(aware, deadline):
    assert notify(aware).deadline == deadline


def test_it_counts_a_notification_sent_on_the_deadline_as_on_time():
    clock = notify(D(2024, 3, 28), D(2024, 4, 8))
    assert clock.status is Status.ON_TIME
    assert clock.summary == "On time"


def test_it_counts_a_notification_a_working_day_after_the_deadline_as_late_by_one():
    clock = notify(D(2024, 3, 28), D(2024, 4, 9))
    assert clock.status is Status.LATE
    assert clock.working_days == 1
    assert clock.summary == "1 working day late"
    assert clock.tag_colour == "orange"


def test_it_counts_a_notification_over_christmas_as_late_by_working_days_only():
    # Deadline Wed 4 Jan 2023; sent Tue 10 Jan: Thu 5, Fri 6, Mon 9, Tue 10 = 4 working days
    clock = notify(D(2022, 12, 23), D(2023, 1, 10))
    assert clock.status is Status.LATE
    assert clock.working_days == 4


# ---- a clock started on a weekend or a bank holiday -----------------------------------------


@pytest.mark.parametrize(
    "aware",
    [D(2024, 3, 29), D(2024, 3, 30), D(2024, 3, 31), D(2024, 4, 1)],
    ids=["good-friday", "easter-saturday", "easter-sunday", "easter-monday"],
)
def test_it_runs_a_clock_started_on_a_non_working_day_as_if_started_the_working_day_before(aware):
    # Day 0 is the trigger date itself, so the first day counted is the next working day,
    # Tue 2 Apr: the same deadline as becoming aware on Thu 28 Mar.
    assert notify(aware).deadline == notify(D(2024, 3, 28)).deadline == D(2024, 4, 8)


def test_it_gives_a_saturday_start_the_same_deadline_as_the_friday_before():
    assert notify(D(2024, 4, 6)).deadline == notify(D(2024, 4, 5)).deadline == D(2024, 4, 12)


# ---- due and overdue, judged on a given day ---------------------------------------------------


def test_it_counts_working_days_left_while_a_clock_runs():
    # Deadline Mon 8 Apr 2024; on Wed 3 Apr: Thu 4, Fri 5, Mon 8 = 3 working days left
    clock = notify(D(2024, 3, 28), today=D(2024, 4, 3))
    assert clock.status is Status.DUE
    assert clock.working_days == 3
    assert clock.summary == "3 working days left"
    assert clock.tag_colour == "yellow"


def test_it_says_due_today_on_the_deadline():
    clock = notify(D(2024, 3, 28), today=D(2024, 4, 8))
    assert clock.status is Status.DUE
    assert clock.summary == "Due today"


def test_it_counts_working_days_overdue_once_the_deadline_has_passed():
    # Deadline Mon 8 Apr 2024; on Wed 10 Apr: Tue 9, Wed 10 = 2 working days overdue
    clock = notify(D(2024, 3, 28), today=D(2024, 4, 10))
    assert clock.status is Status.OVERDUE
    assert clock.working_days == 2
    assert clock.summary == "2 working days overdue"
    assert clock.tag_colour == "red"


def test_it_is_overdue_on_the_weekend_after_a_friday_deadline_with_no_working_day_passed():
    clock = notify(D(2024, 4, 5), today=D(2024, 4, 13))  # deadline Fri 12 Apr, judged Sat 13
    assert clock.status is Status.OVERDUE
    assert clock.working_days == 0
    assert clock.summary == "Overdue"


# ---- rapid review: within 15 working days of its start point --------------------------------


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Easter 2024: Tue 26 (1), Wed 27 (2), Thu 28 (3), Tue 2 Apr (4) .. Wed 17 Apr (15)
        (D(2024, 3, 25), D(2024, 4, 17)),
        # Christmas 2022: Wed 21 (1) .. Fri 23 (3), Wed 28 (4) .. Fri 30 (6), Tue 3 Jan (7) ..
        # Fri 13 Jan (15)
        (D(2022, 12, 20), D(2023, 1, 13)),
        # Jubilee 2022: Mon 30 May (1), Tue 31 (2), Wed 1 Jun (3), Mon 6 (4) .. Tue 21 (15)
        (D(2022, 5, 27), D(2022, 6, 21)),
        # State funeral 2022: Tue 13 (1) .. Fri 16 (4), Tue 20 (5) .. Tue 4 Oct (15)
        (D(2022, 9, 12), D(2022, 10, 4)),
        # Early May and the Coronation 2023: Wed 26 Apr (1) .. Fri 28 (3), Tue 2 May (4) ..
        # Fri 5 (7), Tue 9 (8) .. Thu 18 May (15)
        (D(2023, 4, 25), D(2023, 5, 18)),
    ],
)
def test_it_sets_the_rapid_review_deadline_fifteen_working_days_after_its_start(start, deadline):
    clock = rapid_review_clock(start, None, today=start, calendar=CAL)
    assert clock.deadline == deadline
    assert clock.status is Status.DUE
    assert clock.working_days == 15


def test_it_counts_a_rapid_review_sent_after_christmas_late_by_working_days():
    # Deadline Fri 13 Jan 2023; sent Wed 18 Jan: Mon 16, Tue 17, Wed 18 = 3
    clock = rapid_review_clock(D(2022, 12, 20), D(2023, 1, 18), today=D(2023, 2, 1), calendar=CAL)
    assert clock.status is Status.LATE
    assert clock.working_days == 3


# ---- LCSPR: completed and published within 6 months of the decision -------------------------


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (D(2024, 3, 15), D(2024, 9, 15)),  # the corresponding day
        (D(2023, 8, 31), D(2024, 2, 29)),  # no 31 February: its last day, in a leap year
        (D(2022, 8, 31), D(2023, 2, 28)),  # and in an ordinary year
        (D(2023, 12, 31), D(2024, 6, 30)),  # no 31 June
        (D(2023, 10, 31), D(2024, 4, 30)),  # no 31 April
        (D(2024, 7, 31), D(2025, 1, 31)),  # across the year end, a 31-day month
        (D(2024, 2, 29), D(2024, 8, 29)),
    ],
)
def test_it_adds_calendar_months_by_the_corresponding_date_rule(start, deadline):
    assert add_months(start, 6) == deadline


def test_it_counts_an_lcspr_published_on_the_last_day_of_february_as_on_time():
    clock = lcspr_clock(D(2023, 8, 31), D(2024, 2, 29), today=D(2024, 6, 1), calendar=CAL)
    assert clock.deadline == D(2024, 2, 29)
    assert clock.status is Status.ON_TIME


def test_it_counts_an_lcspr_published_the_next_day_as_late():
    clock = lcspr_clock(D(2023, 8, 31), D(2024, 3, 1), today=D(2024, 6, 1), calendar=CAL)
    assert clock.status is Status.LATE
    assert clock.working_days == 1


def test_it_keeps_an_lcspr_deadline_that_falls_on_a_sunday():
    # 7 Oct 2023 + 6 months = Sun 7 Apr 2024: published Sat 6 Apr is on time, Mon 8 Apr late
    decided = D(2023, 10, 7)
    assert lcspr_clock(decided, None, today=decided, calendar=CAL).deadline == D(2024, 4, 7)
    on_time = lcspr_clock(decided, D(2024, 4, 6), today=D(2024, 5, 1), calendar=CAL)
    late = lcspr_clock(decided, D(2024, 4, 8), today=D(2024, 5, 1), calendar=CAL)
    assert on_time.status is Status.ON_TIME
    assert (late.status, late.working_days) == (Status.LATE, 1)


def test_it_counts_working_days_left_on_an_lcspr_over_easter():
    # Deadline 17 Apr 2024 (decided 17 Oct 2023); on Wed 27 Mar: Thu 28, Tue 2 .. Fri 5 (5),
    # Mon 8 .. Fri 12 (10), Mon 15 .. Wed 17 (13) working days
    clock = lcspr_clock(D(2023, 10, 17), None, today=D(2024, 3, 27), calendar=CAL)
    assert clock.deadline == D(2024, 4, 17)
    assert clock.working_days == 13
    assert clock.tag_colour == "blue"


# ---- notice to the Panel and the Secretary of State: 7 working days before publication -------


@pytest.mark.parametrize(
    ("publication", "deadline"),
    [
        # Wed 17 Apr 2024: back 16, 15, 12, 11, 10, 9, 8 (and Mon 8 + 7 working days = 17)
        (D(2024, 4, 17), D(2024, 4, 8)),
        # Mon 8 Apr 2024, across Easter: back 5, 4, 3, 2, (1 Apr, 29 Mar), 28, 27, 26 Mar
        (D(2024, 4, 8), D(2024, 3, 26)),
        # Thu 5 Jan 2023, across Christmas: back 4, 3, (2), 30, 29, 28, (27, 26), 23, 22 Dec
        (D(2023, 1, 5), D(2022, 12, 22)),
        # Fri 10 Jun 2022, across the Jubilee: back 9, 8, 7, 6, (3, 2), 1, 31, 30 May
        (D(2022, 6, 10), D(2022, 5, 30)),
        # Sat 13 Apr 2024 counts as Fri 12: back 11, 10, 9, 8, 5, 4, 3
        (D(2024, 4, 13), D(2024, 4, 3)),
    ],
)
def test_it_sets_the_publication_notice_deadline_seven_working_days_before(publication, deadline):
    clock = publication_notice_clock(publication, None, today=D(2020, 1, 1), calendar=CAL)
    assert clock.deadline == deadline
    assert CAL.add(deadline, 7) <= publication


def test_it_takes_the_notice_period_from_the_partnership_setting():
    clock = publication_notice_clock(
        D(2024, 4, 17), None, today=D(2020, 1, 1), calendar=CAL, notice_working_days=10
    )
    # back from Wed 17 Apr: 16, 15, 12, 11, 10, 9, 8, 5, 4, 3
    assert clock.deadline == D(2024, 4, 3)
    assert clock.rule == "at least 10 working days before publication"


def test_it_counts_notice_sent_a_day_too_late_as_late():
    clock = publication_notice_clock(
        D(2024, 4, 17), D(2024, 4, 9), today=D(2024, 5, 1), calendar=CAL
    )
    assert clock.status is Status.LATE
    assert clock.working_days == 1


def test_it_reports_a_clock_as_json_friendly_values():
    data = notify(D(2024, 3, 28), today=D(2024, 4, 10)).as_dict()
    assert data["deadline"] == "2024-04-08"
    assert data["status"] == "overdue"
    assert data["working_days_overdue"] == 2
    assert data["working_days_left"] is None


# ---- properties -------------------------------------------------------------------------------

days = st.dates(min_value=D(2001, 1, 1), max_value=D(2055, 12, 31))
working_day_clocks = st.sampled_from([notification_clock, rapid_review_clock])


@given(start=days, rule=working_day_clocks)
def test_a_working_day_deadline_is_always_a_working_day(start, rule):
    assert CAL.is_working_day(rule(start, None, today=start, calendar=CAL).deadline)


@given(start=days, rule=working_day_clocks)
def test_done_on_the_deadline_is_on_time_and_one_working_day_later_is_late(start, rule):
    deadline = rule(start, None, today=start, calendar=CAL).deadline
    assert rule(start, deadline, today=start, calendar=CAL).status is Status.ON_TIME
    late = rule(start, CAL.add(deadline, 1), today=start, calendar=CAL)
    assert (late.status, late.working_days) == (Status.LATE, 1)


@given(start=days)
def test_an_lcspr_published_on_its_deadline_is_on_time_and_a_day_later_is_late(start):
    deadline = add_months(start, 6)
    assert lcspr_clock(start, deadline, today=start, calendar=CAL).status is Status.ON_TIME
    next_working_day = CAL.add(deadline, 1)
    late = lcspr_clock(start, next_working_day, today=start, calendar=CAL)
    assert (late.status, late.working_days) == (Status.LATE, 1)


@given(start=days, months=st.integers(min_value=0, max_value=24))
def test_adding_months_lands_in_the_right_month_never_past_the_corresponding_day(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day


@given(publication=days, notice=st.integers(min_value=1, max_value=30))
def test_the_notice_deadline_is_the_latest_working_day_that_gives_enough_notice(
    publication, notice
):
    deadline = working_days_before(publication, notice, CAL)
    assert CAL.is_working_day(deadline)
    assert CAL.add(deadline, notice) <= publication
    assert CAL.add(CAL.add(deadline, 1), notice) > publication
    clock = publication_notice_clock(
        publication, deadline, today=publication, calendar=CAL, notice_working_days=notice
    )
    assert clock.status is Status.ON_TIME
    late = publication_notice_clock(
        publication,
        CAL.add(deadline, 1),
        today=publication,
        calendar=CAL,
        notice_working_days=notice,
    )
    assert (late.status, late.working_days) == (Status.LATE, 1)
