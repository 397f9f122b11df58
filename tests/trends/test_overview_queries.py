"""Query-count guards: the overview, its export and the catalogue cost the same number of SQL
queries for 5 indicators as for 40, each with 36 periods of figures (no N+1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutineer.partnership.models import Priority
from scrutineer.trends.models import ChangePoint, Indicator, SeriesValue
from scrutineer.trends.periods import add_months

PERIODS = 36
START = dt.date(2022, 4, 1)


def add_indicators(count: int, *, agencies, priorities, first: int = 0) -> None:
    for n in range(first, first + count):
        agency = agencies[n % len(agencies)]
        indicator = Indicator.objects.create(
            code=f"measure_{n}",
            name=f"Measure {n}",
            definition="A measure for the query-count guard.",
            agency=agency,
            sector=agency.sector,
            unit="percentage" if n % 3 == 0 else "count",
            numerator="n" if n % 3 == 0 else "",
            denominator="d" if n % 3 == 0 else "",
            polarity=("up", "down", "neutral")[n % 3],
            target=Decimal("50") if n % 4 == 0 else None,
            benchmark_code="referral_rate" if n % 5 == 0 else "",
            order=n,
        )
        indicator.priorities.set(priorities[: 1 + n % len(priorities)])
        SeriesValue.objects.bulk_create(
            SeriesValue(
                indicator=indicator,
                period_start=add_months(START, i),
                value=Decimal(40 + (i * 7 + n) % 13),
                numerator=Decimal(40 + (i * 7 + n) % 13) if n % 3 == 0 else None,
                denominator=Decimal(100) if n % 3 == 0 else None,
            )
            for i in range(PERIODS)
        )
        if n % 2:
            ChangePoint.objects.create(
                indicator=indicator, period_start=add_months(START, 18), reason="New model"
            )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.fixture
def world(partnership, police, council):
    priorities = [
        Priority.objects.create(title=title, order=i)
        for i, title in enumerate(("Adolescents", "Domestic abuse", "Family help"))
    ]
    return {"agencies": [police, council], "priorities": priorities}


@pytest.mark.parametrize(
    "url",
    [
        reverse("trends:index"),
        reverse("trends:index") + "?sector=police",
        reverse("trends:overview_export", args=["csv"]),
        reverse("trends:overview_export", args=["xlsx"]),
        reverse("trends:catalogue"),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_indicators(
    alice_client, world, url
):
    add_indicators(5, **world)
    alice_client.get(url)  # the session and the like, settled before counting
    few = queries(alice_client, url)
    add_indicators(35, first=5, **world)
    assert Indicator.objects.count() == 40
    assert SeriesValue.objects.count() == 40 * PERIODS
    many = queries(alice_client, url)
    assert many == few, f"{url}: {few} queries for 5 indicators but {many} for 40"


def test_the_indicator_page_costs_the_same_for_a_short_and_a_long_series(alice_client, world):
    add_indicators(2, **world)  # measure_1 has a re-basing point
    url = reverse("trends:indicator", args=["measure_1"])
    alice_client.get(url)
    long = queries(alice_client, url)
    SeriesValue.objects.filter(period_start__gte=add_months(START, 24)).delete()
    assert queries(alice_client, url) == long
