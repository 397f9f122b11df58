"""English working days: the counting rule behind every statutory clock and timeliness indicator.

A working day is Monday to Friday and not an England and Wales bank holiday (domain reference,
section 4). The convention, used by the DfE's timeliness figures and by every clock here:

    The triggering day is day 0. "Within N working days of D" means on or before add(D, N),
    the N-th working day after D. between(A, B) counts the working days in (A, B], so
    between(A, add(A, N)) == N.

Some validators count the start day as day 1; ``count_start_day=True`` gives that convention
(between counts [A, B]), for a partnership that wants it. The default stays as above.

Speed matters: the indicator engine measures millions of durations. The calendar precomputes,
for every date in its range, how many working days there are from the start of the range to
that date; ``between`` is then two array reads and ``add`` one binary search.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache

import holidays

FIRST_YEAR = 2000
LAST_YEAR = 2060


class OutsideCalendar(ValueError):
    """A date outside the years the calendar knows bank holidays for."""


class WorkingDayCalendar:
    """Working days between ``first_year`` and ``last_year``, given the non-working dates.

    Weekends are always non-working; ``closed`` adds bank holidays (and, for a partnership's own
    deadlines, closure days). Dates outside the range raise ``OutsideCalendar`` rather than
    silently ignoring holidays nobody told the calendar about.
    """

    def __init__(
        self,
        closed: Iterable[dt.date],
        *,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
        count_start_day: bool = False,
    ) -> None:
        self.first = dt.date(first_year, 1, 1)
        self.last = dt.date(last_year, 12, 31)
        self.count_start_day = count_start_day
        self.closed = frozenset(d for d in closed if self.first <= d <= self.last)
        self._origin = self.first.toordinal()
        days = self.last.toordinal() - self._origin + 1
        # cumulative[i]: working days in [first, first + i]
        self._cumulative = array("l", [0]) * days
        running = 0
        weekday = self.first.weekday()
        for i in range(days):
            if weekday < 5 and dt.date.fromordinal(self._origin + i) not in self.closed:
                running += 1
            self._cumulative[i] = running
            weekday = (weekday + 1) % 7

    def _index(self, day: dt.date) -> int:
        index = day.toordinal() - self._origin
        if index < 0 or index >= len(self._cumulative):
            raise OutsideCalendar(
                f"{day:%d %B %Y} is outside the working-day calendar "
                f"({self.first.year} to {self.last.year})"
            )
        return index

    def _date(self, index: int) -> dt.date:
        if index < 0 or index >= len(self._cumulative):
            raise OutsideCalendar(
                f"the result is outside the working-day calendar ({self.first.year} to {self.last.year})"
            )
        return dt.date.fromordinal(self._origin + index)

    def is_working_day(self, day: dt.date) -> bool:
        index = self._index(day)
        before = self._cumulative[index - 1] if index else 0
        return self._cumulative[index] != before

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start.

        With ``count_start_day`` the start day counts too: working days in [start, end].
        """
        a, b = self._index(start), self._index(end)
        if b < a:
            return -self.between(end, start)
        count = self._cumulative[b] - self._cumulative[a]
        if self.count_start_day and self.is_working_day(start):
            count += 1
        return count

    def add(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (n > 0), or before it (n < 0); ``day`` itself for 0.

        For n > 0, ``between(day, add(day, n)) == n`` always. For n < 0, ``add(day, -n)`` is the
        n-th working day strictly before ``day``, so ``between(add(day, -n), day) == n`` when
        ``day`` is a working day (for a weekend or bank holiday it is n - 1: the day itself
        is not counted). With ``count_start_day`` and n > 0, a working ``day`` is day 1.
        """
        if n == 0:
            return day
        index = self._index(day)
        cumulative = self._cumulative
        if n > 0:
            if self.count_start_day and self.is_working_day(day):
                n -= 1
                if n == 0:
                    return day
            target = cumulative[index] + n
        else:
            before = cumulative[index - 1] if index else 0
            target = before + n + 1
            if target < 1:
                raise OutsideCalendar(
                    f"the result is before the start of the working-day calendar ({self.first.year})"
                )
        found = bisect_left(cumulative, target)
        return self._date(found)


@cache
def england_and_wales_bank_holidays(
    first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR
) -> frozenset[dt.date]:
    """England and Wales bank holidays, with substitute days and one-off proclamations, from the
    ``holidays`` package (checked against the GOV.UK feed in tests).

    The package lists New Year's Day, Christmas Day and Boxing Day on their own dates even when
    they fall at a weekend, alongside the "(observed)" substitute day; a weekend is not a working
    day anyway, so keeping both changes nothing.
    """
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(found.keys())


def england_and_wales(
    *, add: Iterable[dt.date] = (), remove: Iterable[dt.date] = (), count_start_day: bool = False
) -> WorkingDayCalendar:
    """The statutory calendar, with any corrections (proclamations the package does not know)."""
    closed = (england_and_wales_bank_holidays() | set(add)) - set(remove)
    return WorkingDayCalendar(closed, count_start_day=count_start_day)
