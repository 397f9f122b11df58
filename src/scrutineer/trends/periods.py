"""Reporting periods: how a month, a quarter or a year is written, read and counted.

Partnerships report in the financial year that the DfE also uses (1 April to 31 March), so a
quarter is a financial quarter and a year is a reporting year. A period is stored as its first
day; these functions turn that date into the key that people type in files and the API, and back.

- monthly: ``2024-04`` (April 2024)
- quarterly: ``2024-25 Q1`` (April to June 2024); ``2024-Q1``-style calendar keys are refused
  because they are ambiguous
- annual: ``2024-25`` (1 April 2024 to 31 March 2025, the DfE's reporting year 2025)

Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator


class Frequency(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


class PeriodError(ValueError):
    """A period key that cannot be read, with a message that says what was expected."""


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[-/](\d{2}) ?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})[-/](\d{2})$")

_EXPECTED = {
    Frequency.MONTHLY: "a month written like 2024-04",
    Frequency.QUARTERLY: "a financial quarter written like 2024-25 Q1 (April to June 2024)",
    Frequency.ANNUAL: "a financial year written like 2024-25",
}

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def financial_year_start(day: dt.date) -> int:
    """The calendar year in which the financial year holding ``day`` began."""
    return day.year if day.month >= 4 else day.year - 1


def _year_pair(first: str, second: str) -> int:
    start = int(first)
    if (start + 1) % 100 != int(second):
        raise PeriodError(f"{first}-{second} is not a financial year: the years must follow on")
    return start


def parse(text: str, frequency: Frequency | str) -> dt.date:
    """The first day of the period ``text`` names, or ``PeriodError`` saying what was expected."""
    frequency = Frequency(frequency)
    key = str(text).strip()
    if frequency is Frequency.MONTHLY:
        match = _MONTH.match(key)
        if match and 1 <= int(match[2]) <= 12:
            return dt.date(int(match[1]), int(match[2]), 1)
    elif frequency is Frequency.QUARTERLY:
        match = _QUARTER.match(key)
        if match:
            start = _year_pair(match[1], match[2])
            return add_months(dt.date(start, 4, 1), 3 * (int(match[3]) - 1))
    else:
        match = _YEAR.match(key)
        if match:
            return dt.date(_year_pair(match[1], match[2]), 4, 1)
    raise PeriodError(f"'{key}' is not {_EXPECTED[frequency]}")


def key(start: dt.date, frequency: Frequency | str) -> str:
    """The key of the period starting on ``start`` (the inverse of ``parse``)."""
    frequency = Frequency(frequency)
    if frequency is Frequency.MONTHLY:
        return f"{start.year:04d}-{start.month:02d}"
    year = financial_year_start(start)
    pair = f"{year}-{(year + 1) % 100:02d}"
    if frequency is Frequency.ANNUAL:
        return pair
    quarter = ((start.month - 4) % 12) // 3 + 1
    return f"{pair} Q{quarter}"


def label(start: dt.date, frequency: Frequency | str) -> str:
    """How a person reads the period: "April 2024", "April to June 2024", "2024 to 2025"."""
    frequency = Frequency(frequency)
    if frequency is Frequency.MONTHLY:
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if frequency is Frequency.QUARTERLY:
        end = add_months(start, 2)
        return f"{MONTH_NAMES[start.month - 1]} to {MONTH_NAMES[end.month - 1]} {end.year}"
    return f"{start.year} to {start.year + 1}"


def is_start(day: dt.date, frequency: Frequency | str) -> bool:
    """Whether ``day`` is the first day of a period of this frequency."""
    frequency = Frequency(frequency)
    if day.day != 1:
        return False
    if frequency is Frequency.QUARTERLY:
        return day.month in (1, 4, 7, 10)
    if frequency is Frequency.ANNUAL:
        return day.month == 4
    return True


def end(start: dt.date, frequency: Frequency | str) -> dt.date:
    """The last day of the period."""
    return add_months(start, Frequency(frequency).months) - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> dt.date:
    """The first day of the financial quarter holding ``day``."""
    return dt.date(day.year, day.month - (day.month - 1) % 3, 1)


def periods_in(first: dt.date, last: dt.date, frequency: Frequency | str) -> Iterator[dt.date]:
    """Every period of ``frequency`` that starts between ``first`` and ``last`` inclusive."""
    frequency = Frequency(frequency)
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if is_start(day, frequency) and day >= first:
            yield day
        day = add_months(day, 1)


def in_quarter(quarter: dt.date, frequency: Frequency | str) -> list[dt.date]:
    """The periods a quarterly return covers for an indicator of ``frequency``: three months,
    the quarter itself, or (in the fourth quarter only, January to March) the financial year."""
    frequency = Frequency(frequency)
    if frequency is Frequency.MONTHLY:
        return [add_months(quarter, n) for n in range(3)]
    if frequency is Frequency.QUARTERLY:
        return [quarter]
    return [dt.date(quarter.year - 1, 4, 1)] if quarter.month == 1 else []
