"""The statutory clocks of a case review: one function per rule, no Django.

Each function takes the date that starts the clock, the date the step was done (or None), the
day to judge against ("today") and a working-day calendar, and returns a ``Clock``. Nothing
here reads the database or the system date, so every rule is tested with worked examples.

Working days follow the calendar's convention (``docs/reviews.md``, domain reference section 4):
the triggering day is day 0, and "within N working days of D" means on or before
``calendar.add(D, N)``. ``calendar.between(a, b)`` counts the working days in (a, b].

A clock that starts on a weekend or a bank holiday: day 0 is the trigger date itself, so the
first working day counted is the next working day. A clock started on Saturday therefore ends
on the same day as one started on the Friday before, because neither Saturday nor Sunday is
counted (``add`` counts working days *after* day 0). Nobody gains or loses a working day by
becoming aware of an incident at the weekend.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import enum
from dataclasses import dataclass
from typing import Protocol


class WorkingDayCalendar(Protocol):
    """What the clocks need from ``scrutineer.core.calendar.statutory_calendar()``."""

    def add(self, start: dt.date, days: int) -> dt.date: ...

    def between(self, start: dt.date, end: dt.date) -> int: ...

    def is_working_day(self, day: dt.date) -> bool: ...


class Status(enum.StrEnum):
    """Where a clock stands: two states while it runs, two once the step is done."""

    DUE = "due"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"due": "Due", "overdue": "Overdue", "on_time": "On time", "late": "Late"}[
            self.value
        ]

    @property
    def is_open(self) -> bool:
        return self in (Status.DUE, Status.OVERDUE)


# How many working days before a deadline a running clock turns amber on the pages.
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class Clock:
    """One statutory deadline, judged on a given day.

    ``working_days`` depends on the status: working days left (due), working days overdue
    (overdue), working days late (late), or working days to spare (on time). It can be 0 while
    the status is overdue or late, when the deadline has passed but no working day has since
    (a deadline on Friday, judged on Saturday).
    """

    code: str
    name: str
    rule: str
    start: dt.date
    deadline: dt.date
    done: dt.date | None
    today: dt.date
    status: Status
    working_days: int

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def summary(self) -> str:
        """The words on the tag: "3 working days left", "2 working days overdue"."""
        n = self.working_days
        days = f"{n} working day{'s' if n != 1 else ''}"
        if self.status is Status.DUE:
            return "Due today" if n == 0 and self.today == self.deadline else f"{days} left"
        if self.status is Status.OVERDUE:
            return f"{days} overdue" if n else "Overdue"
        if self.status is Status.LATE:
            return f"{days} late" if n else "Late"
        return "On time"

    @property
    def tag_colour(self) -> str:
        """GOV.UK tag colour: red while overdue, orange once done late (history, not an alarm),
        yellow when due within a few working days, blue when due later, green when on time."""
        if self.status is Status.OVERDUE:
            return "red"
        if self.status is Status.LATE:
            return "orange"
        if self.status is Status.DUE:
            return "yellow" if self.working_days <= DUE_SOON_WORKING_DAYS else "blue"
        return "green"

    def as_dict(self) -> dict[str, object]:
        """For ``scrutineer reviews list --json``."""
        return {
            "code": self.code,
            "name": self.name,
            "start": self.start.isoformat(),
            "deadline": self.deadline.isoformat(),
            "done": self.done.isoformat() if self.done else None,
            "status": self.status.value,
            "working_days_left": self.working_days if self.status is Status.DUE else None,
            "working_days_overdue": self.working_days
            if self.status in (Status.OVERDUE, Status.LATE)
            else None,
            "summary": self.summary,
        }


def judge(
    *,
    code: str,
    name: str,
    rule: str,
    start: dt.date,
    deadline: dt.date,
    done: dt.date | None,
    today: dt.date,
    calendar: WorkingDayCalendar,
) -> Clock:
    """Judge a deadline: done on or before it is on time; after it, late; not done, due or overdue."""
    if done is not None:
        if done <= deadline:
            status, days = Status.ON_TIME, calendar.between(done, deadline)
        else:
            status, days = Status.LATE, calendar.between(deadline, done)
    elif today <= deadline:
        status, days = Status.DUE, calendar.between(today, deadline)
    else:
        status, days = Status.OVERDUE, calendar.between(deadline, today)
    return Clock(code, name, rule, start, deadline, done, today, status, days)


# ---- month arithmetic ---------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later, or that month's last day if it is shorter.

    This is the "corresponding date" rule English courts use for periods in calendar months
    (Dodds v Walker [1981] 1 WLR 1027, HL): six months from 15 March is 15 September; where the
    later month has no corresponding day, the period ends on its last day, so six months from
    31 August is 28 February (29 February in a leap year) and six months from 31 December is
    30 June.
    """
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = gregorian.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last_day))


def working_days_before(day: dt.date, days: int, calendar: WorkingDayCalendar) -> dt.date:
    """The latest date D with ``calendar.add(D, days) <= day``: "at least N working days before".

    If ``day`` is not a working day, counting starts from the working day before it, since an
    event on a Saturday is, for a working-day count, no later than the Friday.
    """
    current = day
    while not calendar.is_working_day(current):
        current -= dt.timedelta(days=1)
    for _ in range(days):
        current -= dt.timedelta(days=1)
        while not calendar.is_working_day(current):
            current -= dt.timedelta(days=1)
    return current


# ---- the rules ----------------------------------------------------------------------------

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
LCSPR_MONTHS = 6
PUBLICATION_NOTICE_WORKING_DAYS = 7


def notification_clock(
    became_aware: dt.date,
    notified: dt.date | None,
    *,
    today: dt.date,
    calendar: WorkingDayCalendar,
) -> Clock:
    """Serious incident notification to the Child Safeguarding Practice Review Panel.

    The rule (Children Act 2004 s16C(1); Working Together to Safeguard Children 2023,
    chapter 5): where a local authority knows or suspects that a child has been abused or
    neglected and the child dies or is seriously harmed, it must notify the Panel, and should
    do so "within five working days of becoming aware that the incident has occurred".

    Deadline: ``calendar.add(became_aware, 5)``.
    """
    return judge(
        code="notification",
        name="Notification to the National Panel",
        rule="within 5 working days of the local authority becoming aware",
        start=became_aware,
        deadline=calendar.add(became_aware, NOTIFICATION_WORKING_DAYS),
        done=notified,
        today=today,
        calendar=calendar,
    )


def rapid_review_clock(
    start: dt.date,
    submitted: dt.date | None,
    *,
    today: dt.date,
    calendar: WorkingDayCalendar,
) -> Clock:
    """The Rapid Review, completed and sent to the National Panel.

    The rule (Working Together to Safeguard Children 2023, chapter 5): once a serious incident
    is notified, the safeguarding partners promptly undertake a Rapid Review and send it to the
    Panel "within 15 working days". Whether the 15 days run from the notification (the
    default) or from the day the local authority became aware is a partnership's choice
    (``ReviewRules.rapid_review_starts_from``); the caller passes the chosen start date.

    Deadline: ``calendar.add(start, 15)``.
    """
    return judge(
        code="rapid_review",
        name="Rapid review sent to the National Panel",
        rule="within 15 working days of its start point",
        start=start,
        deadline=calendar.add(start, RAPID_REVIEW_WORKING_DAYS),
        done=submitted,
        today=today,
        calendar=calendar,
    )


def lcspr_clock(
    decided: dt.date,
    published: dt.date | None,
    *,
    today: dt.date,
    calendar: WorkingDayCalendar,
) -> Clock:
    """A local child safeguarding practice review, completed and published.

    The rule (Working Together to Safeguard Children 2023, chapter 5): safeguarding partners
    should make sure a local child safeguarding practice review is completed and published
    "within six months of the decision to undertake" it.

    Deadline: ``add_months(decided, 6)``, a calendar date (see ``add_months`` for 31 August and
    other month ends). It is not moved to a working day, because the rule is in calendar
    months: a deadline on a Saturday is shown as that Saturday, and the working days left are
    counted up to it.
    """
    return judge(
        code="lcspr",
        name="LCSPR completed and published",
        rule="within 6 months of the decision to undertake it",
        start=decided,
        deadline=add_months(decided, LCSPR_MONTHS),
        done=published,
        today=today,
        calendar=calendar,
    )


def publication_notice_clock(
    publication: dt.date,
    notice_sent: dt.date | None,
    *,
    today: dt.date,
    calendar: WorkingDayCalendar,
    notice_working_days: int = PUBLICATION_NOTICE_WORKING_DAYS,
) -> Clock:
    """Notice to the National Panel and the Secretary of State before an LCSPR is published.

    The rule (Working Together to Safeguard Children 2023, chapter 5, and the Child
    Safeguarding Practice Review and Relevant Agency (England) Regulations 2018): the
    safeguarding partners send a copy of the full report to the Panel and the Secretary of
    State "no later than seven working days before the date of publication". The number of
    working days is a partnership setting (``ReviewRules.publication_notice_working_days``,
    default 7).

    ``publication`` is the planned date until the report is published, then the actual date.
    Deadline: the latest day D with ``calendar.add(D, notice_working_days) <= publication``
    (``working_days_before``). The clock's ``start`` is the publication date it counts back from.
    """
    deadline = working_days_before(publication, notice_working_days, calendar)
    return judge(
        code="publication_notice",
        name="Notice to the Panel and the Secretary of State",
        rule=f"at least {notice_working_days} working days before publication",
        start=publication,
        deadline=deadline,
        done=notice_sent,
        today=today,
        calendar=calendar,
    )
