"""The working-day calendars the app uses, built from bank holidays and the business unit's edits.

- ``statutory_calendar()``: England and Wales bank holidays plus ``BankHolidayOverride``s. Every
  statutory clock and national indicator uses this one.
- ``partnership_calendar()``: the statutory calendar plus the partnership's ``ClosureDay``s, for
  the partnership's own deadlines (reminders, action due dates) only.

Building a calendar takes a few milliseconds once the bank holidays are known, so each is cached
per process, keyed on the (small) set of overrides and closure days read from the database. One
cheap query per call keeps every process right after an edit in another process, with no cache
to invalidate by hand; callers that need thousands of dates take the calendar once and reuse it.

Edits go through the service functions below, which validate and save in a transaction.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import transaction

from .models import BankHolidayOverride, ClosureDay
from .workdays import WorkingDayCalendar, england_and_wales, england_and_wales_bank_holidays


class CalendarError(ValueError):
    """An edit to the calendar that cannot be made; the message says why in plain words."""


def _overrides() -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    added: set[dt.date] = set()
    removed: set[dt.date] = set()
    for day, kind in BankHolidayOverride.objects.values_list("date", "kind"):
        (added if kind == BankHolidayOverride.Kind.ADD else removed).add(day)
    return frozenset(added), frozenset(removed)


@lru_cache(maxsize=8)
def _build(
    added: frozenset[dt.date], removed: frozenset[dt.date], closures: frozenset[dt.date]
) -> WorkingDayCalendar:
    calendar = england_and_wales(add=added | closures, remove=removed - closures)
    return calendar


def statutory_calendar() -> WorkingDayCalendar:
    added, removed = _overrides()
    return _build(added, removed, frozenset())


def partnership_calendar() -> WorkingDayCalendar:
    added, removed = _overrides()
    closures = frozenset(ClosureDay.objects.values_list("date", flat=True))
    return _build(added, removed, closures)


def bank_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a bank holiday in the statutory calendar (not merely a weekend)."""
    added, removed = _overrides()
    return (day in england_and_wales_bank_holidays() or day in added) and day not in removed


def _why_not_working(day: dt.date) -> str | None:
    if day.weekday() >= 5:
        return "it is a weekend"
    if bank_holiday(day):
        return "it is a bank holiday"
    return None


def closure_day_add(*, date: dt.date, reason: str) -> ClosureDay:
    with transaction.atomic():
        why = _why_not_working(date)
        if why:
            raise CalendarError(f"{date:%-d %B %Y} is already not a working day: {why}")
        if ClosureDay.objects.filter(date=date).exists():
            raise CalendarError(f"{date:%-d %B %Y} is already a closure day")
        return ClosureDay.objects.create(date=date, reason=reason.strip())


def closure_day_remove(*, date: dt.date) -> None:
    with transaction.atomic():
        deleted, _ = ClosureDay.objects.filter(date=date).delete()
        if not deleted:
            raise CalendarError(f"{date:%-d %B %Y} is not a closure day")


def bank_holiday_override_add(*, date: dt.date, kind: str, name: str) -> BankHolidayOverride:
    with transaction.atomic():
        if BankHolidayOverride.objects.filter(date=date).exists():
            raise CalendarError(f"{date:%-d %B %Y} already has a correction; remove it first")
        known = date in england_and_wales_bank_holidays()
        if kind == BankHolidayOverride.Kind.ADD and (known or date.weekday() >= 5):
            why = "it is already a bank holiday" if known else "it is a weekend"
            raise CalendarError(f"{date:%-d %B %Y} cannot be added as a bank holiday: {why}")
        if kind == BankHolidayOverride.Kind.REMOVE and not known:
            raise CalendarError(f"{date:%-d %B %Y} is not a bank holiday, so it cannot be removed")
        return BankHolidayOverride.objects.create(date=date, kind=kind, name=name.strip())


def bank_holiday_override_remove(*, date: dt.date) -> None:
    with transaction.atomic():
        deleted, _ = BankHolidayOverride.objects.filter(date=date).delete()
        if not deleted:
            raise CalendarError(f"{date:%-d %B %Y} has no bank holiday correction")


def bank_holidays_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str, str]]:
    """Bank holidays from ``start`` to ``end`` on weekdays, as (date, name, source) for display;
    source is "" for the published list, or "added" / "removed" for a correction."""
    import holidays

    names = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
    rows: dict[dt.date, tuple[dt.date, str, str]] = {
        day: (day, str(name), "")
        for day, name in names.items()
        if start <= day <= end and day.weekday() < 5
    }
    for override in BankHolidayOverride.objects.filter(date__range=(start, end)):
        if override.kind == BankHolidayOverride.Kind.ADD:
            rows[override.date] = (override.date, override.name, "added")
        elif override.date in rows:
            rows[override.date] = (override.date, rows[override.date][1], "removed")
    return [rows[day] for day in sorted(rows)]
