"""The trends demo: three years of returns with the planted changes showing as signals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from scrutineer.trends import series
from scrutineer.trends.demo_series import QUARTERS, latest_quarter
from scrutineer.trends.models import DataReturn, Indicator, SeriesValue, Submission


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)


def charts() -> dict[str, object]:
    return {s.indicator.code: s.chart() for s in series.load(Indicator.objects.active())}


def test_the_latest_quarter_is_the_last_one_whose_return_was_due_before_today(db):
    # July to September 2026 was due on 21 October 2026.
    assert latest_quarter(dt.date(2026, 10, 21)) == dt.date(2026, 4, 1)
    assert latest_quarter(dt.date(2026, 10, 22)) == dt.date(2026, 7, 1)


def test_every_indicator_has_three_years_of_figures(demo):
    indicators = Indicator.objects.active()
    assert indicators.count() >= 35
    for indicator in indicators:
        count = SeriesValue.objects.filter(indicator=indicator).count()
        expected = QUARTERS * (3 if indicator.frequency == "monthly" else 1)
        assert count >= expected - 3, indicator.code  # the late agency's last quarter is missing


def test_the_planted_changes_show_as_special_cause_variation(demo):
    found = charts()
    assert found["assessment_45wd_pct"].points[-1].point_class == "concern"
    assert found["rereferral_pct"].points[-1].point_class == "concern"
    assert "shift" in found["police_da_incidents"].points[-1].rules
    assert found["referrals"].variation == "common_cause"


def test_one_agency_is_late_and_one_return_was_resubmitted(demo):
    late = [r for r in DataReturn.objects.all() if r.is_late(dt.date.today())]
    assert [r.agency.short_name for r in late] == ["Education"]
    assert Submission.objects.filter(version=2).count() == 1


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (Submission.objects.count(), SeriesValue.objects.count())
    call_command("demo", verbosity=0)
    assert (Submission.objects.count(), SeriesValue.objects.count()) == before
