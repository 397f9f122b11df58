"""The two facts every importer's rules need from outside the file: which days are working
days, and which day counts as "today" for dates in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from scrutineer.casedata.importers.base import ImportRefused
from scrutineer.casedata.importers.common import parse_date
from scrutineer.core.workdays import FIRST_YEAR, LAST_YEAR, england_and_wales_bank_holidays


def _is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day} is outside the years of the bank holiday calendar")
    return day not in england_and_wales_bank_holidays()


@cache
def default_is_working_day() -> Callable[[dt.date], bool]:
    """The statutory England and Wales calendar: weekends and the bank holidays of
    ``core.workdays`` (2000 to 2060; outside those years only the weekday is known), without
    the partnership's own closure days, which do not move a conference date. A caller with the
    database at hand may pass ``core.calendar.statutory_calendar().is_working_day`` instead,
    to include the bank-holiday corrections made on the calendar page."""
    return _is_working_day


def reference_day(value: Any) -> dt.date | None:
    """The reference date a caller gives (a date, or text such as "2025-03-31")."""
    if value is None or value == "":
        return None
    parsed = parse_date(value)
    if parsed.error is not None:
        raise ImportRefused(f"The reference date {value!r} is not a date: {parsed.error}")
    return parsed.value
