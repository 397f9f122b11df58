"""The one place the reviews app gets its working-day calendar and its "today"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from scrutineer.core.calendar import statutory_calendar as core_statutory_calendar

from .clocks import WorkingDayCalendar


def statutory_calendar() -> WorkingDayCalendar:
    """England and Wales bank holidays (with the business unit's corrections), never the
    partnership's own closure days: statutory clocks count bank holidays only."""
    return core_statutory_calendar()


def today() -> dt.date:
    """Today in the partnership's time zone (Europe/London), not the server's UTC date."""
    return timezone.localdate()
