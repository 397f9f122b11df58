"""The calendar agrees with GOV.UK's bank holiday feed for every date from 2012 to 2027.

Uses the copies of the feed in ../shared/data/reference/ (outside this repository); skipped, with
that reason, where they are absent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scrutineer.core.workdays import england_and_wales

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
FEEDS = ["bank-holidays-2012-2020.json", "bank-holidays-2019-2027.json"]

pytestmark = pytest.mark.skipif(
    not all((REFERENCE / feed).exists() for feed in FEEDS),
    reason=f"the GOV.UK bank holiday feed copies are not at {REFERENCE} (shared data absent)",
)


def feed_dates() -> set[dt.date]:
    dates = set()
    for feed in FEEDS:
        data = json.loads((REFERENCE / feed).read_text(encoding="utf-8"))
        for event in data["england-and-wales"]["events"]:
            dates.add(dt.date.fromisoformat(event["date"]))
    return dates


def test_every_date_from_2012_to_2027_agrees_with_the_govuk_feed():
    holidays = feed_dates()
    assert dt.date(2023, 5, 8) in holidays, "the feed should hold the coronation bank holiday"
    calendar = england_and_wales()
    day, last = dt.date(2012, 1, 1), dt.date(2027, 12, 31)
    wrong = []
    while day <= last:
        expected = day.weekday() < 5 and day not in holidays
        if calendar.is_working_day(day) != expected:
            wrong.append(f"{day:%a %Y-%m-%d}: feed says {'working' if expected else 'not working'}")
        day += dt.timedelta(days=1)
    assert not wrong, "\n".join(wrong)
