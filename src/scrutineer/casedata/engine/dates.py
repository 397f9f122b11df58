"""Date arithmetic the definitions need, written with the operations every Ibis backend has.

No calendar intervals ("minus one year"), window functions or inequality joins: the Polars
backend has none of them, and a definition that runs only on DuckDB is not portable. Instead:

- ``key(d)`` is yyyymmdd as a number, so "on or after the same day a year earlier" is
  ``key(prev) >= key(d) - 10000`` (and a 29 February has no same day a year earlier, so the
  year before starts on 1 March);
- ``month_key(d)`` is (months since year 0) * 100 + day, so "within 3 months of d" is
  ``month_key(x) <= month_key(d) + 300`` (30 November + 3 months is the end of February);
- working days come from a joined table (``workdays.table``), not from a function.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

import ibis
import ibis.expr.types as ir


def _parts(d: ir.DateValue) -> tuple[ir.IntegerValue, ir.IntegerValue, ir.IntegerValue]:
    # Polars gives the month and day as 8-bit numbers: widen them before multiplying.
    return d.year().cast("int64"), d.month().cast("int64"), d.day().cast("int64")


def key(d: ir.DateValue) -> ir.IntegerValue:
    year, month, day = _parts(d)
    return year * 10000 + month * 100 + day


def month_key(d: ir.DateValue) -> ir.IntegerValue:
    year, month, day = _parts(d)
    return (year * 12 + month - 1) * 100 + day


def reporting_year(d: ir.DateValue) -> ir.IntegerValue:
    """1 April Y-1 to 31 March Y is reporting year Y."""
    return ibis.ifelse(d.month() >= 4, d.year() + 1, d.year())


def month(d: ir.DateValue) -> ir.DateValue:
    """The first day of the month."""
    return d.truncate("M").cast("date")


def year_start(year: int) -> dt.date:
    return dt.date(year - 1, 4, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 3, 31)


def month_ends(years: list[int]) -> list[dt.date]:
    """The last day of every month of the reporting years, in order."""
    out = []
    for year in years:
        for m in range(4, 16):
            y, mm = (year - 1, m) if m <= 12 else (year, m - 12)
            out.append(dt.date(y, mm, _calendar.monthrange(y, mm)[1]))
    return out


def whole_years(birth_month: ir.DateValue, on: ir.DateValue) -> ir.IntegerValue:
    """Completed years from the first day of the month of birth (what the tables keep) to
    ``on``: negative before birth, null when the month of birth is not known."""
    years = on.year().cast("int32") - birth_month.year().cast("int32")
    return years - ibis.ifelse(on.month() < birth_month.month(), 1, 0)
