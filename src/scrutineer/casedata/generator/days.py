"""Dates as whole days since 1970-01-01 (Arrow's ``date32``), with the arithmetic the generator
and its ground truth need, vectorised with NumPy.

Working days come from the foundation's calendar (``core.workdays``): the generator asks it
once which days are working days and keeps the running count, so ``add`` and ``between`` are
array look-ups for millions of dates at once, and agree with ``WorkingDayCalendar`` by
construction (the counting rule: the triggering day is day 0, ``between`` counts (a, b]).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from scrutineer.core.workdays import WorkingDayCalendar, england_and_wales

#: The missing date (Arrow null): the smallest int32, never a real day.
NONE = np.iinfo(np.int32).min
EPOCH = dt.date(1970, 1, 1)


def day(value: dt.date) -> int:
    return (value - EPOCH).days


def date(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of each date (missing dates give nonsense: mask them yourself)."""
    d = np.where(days == NONE, 0, days).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, dom


def month_start(days: np.ndarray) -> np.ndarray:
    """The first day of each date's month; missing stays missing."""
    d = np.where(days == NONE, 0, days).astype("datetime64[D]")
    first = d.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return np.where(days == NONE, NONE, first).astype(np.int32)


def key(days: np.ndarray) -> np.ndarray:
    """yyyymmdd as a number: "a year earlier" is ``key - 10000`` on the calendar."""
    y, m, d = ymd(days)
    return y * 10000 + m * 100 + d


def reporting_year(days: np.ndarray) -> np.ndarray:
    """The reporting year of each date: 1 April Y-1 to 31 March Y is year Y."""
    y, m, _ = ymd(days)
    return np.where(m >= 4, y + 1, y)


def whole_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on each date (negative before birth)."""
    by, bm, bd = ymd(born)
    oy, om, od = ymd(on)
    before_birthday = (om < bm) | ((om == bm) & (od < bd))
    return oy - by - before_birthday.astype(np.int64)


class Workdays:
    """Working-day arithmetic over the calendar's whole range, for arrays of days."""

    def __init__(self, calendar: WorkingDayCalendar | None = None) -> None:
        calendar = calendar or england_and_wales()
        self.first = day(calendar.first)
        count = day(calendar.last) - self.first + 1
        working = np.fromiter(
            (calendar.is_working_day(calendar.first + dt.timedelta(days=i)) for i in range(count)),
            dtype=bool,
            count=count,
        )
        #: cumulative[i]: working days in [first, first + i]
        self.cumulative = np.cumsum(working).astype(np.int64)

    def _index(self, days: np.ndarray) -> np.ndarray:
        index = np.asarray(days, dtype=np.int64) - self.first
        if index.size and (index.min() < 0 or index.max() >= self.cumulative.size):
            raise ValueError("a date is outside the working-day calendar")
        return index

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days in (start, end]."""
        return self.cumulative[self._index(end)] - self.cumulative[self._index(start)]

    def add(self, start: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The n-th working day after each start (n >= 0; the start itself for 0)."""
        start = np.asarray(start, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        target = self.cumulative[self._index(start)] + n
        found = np.searchsorted(self.cumulative, target, side="left") + self.first
        return np.where(n == 0, start, found).astype(np.int32)
