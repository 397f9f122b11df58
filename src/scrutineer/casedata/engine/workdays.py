"""Working days as a table the engine joins on, built from the foundation's calendar.

A function "working days between two dates" exists in no engine, and writing one per engine
would defeat the point of defining the indicators once. So the calendar (``core.workdays``,
England and Wales bank holidays plus any corrections) is turned into a table: one row per day
of its range with ``wd``, the number of working days from the calendar's first day up to and
including that day. Then, with the domain's convention (the triggering day is day 0),

    between(a, b) = wd(b) - wd(a)

and "within 45 working days" is ``wd(authorised) - wd(start) <= 45``: two equality joins, which
every backend does fast. 61 years of days is 22,281 rows.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa

from scrutineer.core.workdays import WorkingDayCalendar, england_and_wales


def arrow(calendar: WorkingDayCalendar | None = None) -> pa.Table:
    calendar = calendar or england_and_wales()
    count = (calendar.last - calendar.first).days + 1
    days = np.arange(np.datetime64(calendar.first), np.datetime64(calendar.last) + 1)
    working = np.fromiter(
        (calendar.is_working_day(calendar.first + dt.timedelta(days=i)) for i in range(count)),
        dtype=bool,
        count=count,
    )
    return pa.table({"date": pa.array(days, pa.date32()), "wd": np.cumsum(working, dtype=np.int32)})


def table(calendar: WorkingDayCalendar | None = None) -> ir.Table:
    return ibis.memtable(arrow(calendar))


def between(facts: ir.Table, workdays: ir.Table, start: str, end: str, name: str) -> ir.Table:
    """``facts`` with a column ``name``: working days in (start, end], null when either date is
    missing or outside the calendar."""
    a = workdays.view().select(_wd_a_date="date", _wd_a="wd")
    b = workdays.view().select(_wd_b_date="date", _wd_b="wd")
    first = facts.left_join(a, facts[start] == a._wd_a_date)
    first = first.select(*facts.columns, "_wd_a")
    second = first.left_join(b, first[end] == b._wd_b_date)
    return second.select(*facts.columns, **{name: second._wd_b - second._wd_a})
