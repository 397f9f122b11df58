"""Loading series for pages: a fixed number of queries, and charts with the indicator's settings."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutineer.trends import series
from scrutineer.trends.models import ChangePoint, Indicator

from .factories import make_indicator, make_series


def _queries(count: int) -> int:
    for n in range(count):
        make_series(make_indicator(f"indicator_{count}_{n}"), [10.0 + n % 3] * 24)
    with CaptureQueriesContext(connection) as context:
        loaded = series.load(Indicator.objects.filter(code__startswith=f"indicator_{count}_"))
        assert len(loaded) == count
        assert all(len(s.values) == 24 for s in loaded)
        for s in loaded:
            s.chart()
    return len(context.captured_queries)


def test_loading_forty_series_takes_no_more_queries_than_loading_two(db):
    assert _queries(40) == _queries(2)


def test_a_missing_figure_is_kept_in_the_series_but_left_out_of_the_chart(db):
    indicator = make_indicator("referrals")
    make_series(indicator, [10, None, 12, 11])
    (loaded,) = series.load(Indicator.objects.all())
    assert len(loaded.values) == 4
    assert len(loaded.known) == 3
    assert [p.period for p in loaded.chart().points] == ["2023-04", "2023-06", "2023-07"]
    assert loaded.latest.value == 11
    assert loaded.previous.value == 12


def test_the_chart_re_bases_at_the_indicators_change_points(db):
    indicator = make_indicator("contacts", polarity="down")
    make_series(indicator, [100, 102, 98, 101, 99, 100, 60, 62, 58, 61, 59, 60])
    ChangePoint.objects.create(
        indicator=indicator, period_start=dt.date(2023, 10, 1), reason="New front door"
    )
    (loaded,) = series.load(Indicator.objects.all())
    chart = loaded.chart()
    assert chart.points[0].mean == 100
    assert chart.points[-1].mean == 60
    assert all(not p.rules for p in chart.points)


def test_one_point_is_too_few_for_a_chart(db):
    make_series(make_indicator("referrals"), [10])
    (loaded,) = series.load(Indicator.objects.all())
    assert loaded.chart() is None
