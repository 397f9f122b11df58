"""The trends overview for 40 indicators x 60 periods: server time and SQL queries per request,
against a naive version that queries indicator by indicator, in one run.

Runs on PostgreSQL when DATABASE_URL is set (in a throw-away test database beside it), else on
SQLite in memory. The overview loads every indicator's series in a fixed number of queries
(``series.load``); the naive version asks for each indicator's values, priorities, agency and
re-basing points one indicator at a time, as a first version of the page would.
Run: .venv/bin/python bench/bench_overview.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

INDICATORS, PERIODS, RUNS = 40, 60, 10
START = dt.date(2021, 4, 1)


def make_world() -> Client:
    from tests.factories import make_agency, make_partnership, make_user, sign_in

    from scrutineer.partnership.models import Priority, Role, Sector
    from scrutineer.trends.models import ChangePoint, Indicator, SeriesValue
    from scrutineer.trends.periods import add_months

    make_partnership()
    agencies = [
        make_agency("Police", sector=Sector.POLICE),
        make_agency("Children's Services", sector=Sector.LOCAL_AUTHORITY),
        make_agency("ICB", sector=Sector.HEALTH),
    ]
    priorities = [Priority.objects.create(title=f"Priority {n}", order=n) for n in range(3)]
    for n in range(INDICATORS):
        agency = agencies[n % len(agencies)]
        indicator = Indicator.objects.create(
            code=f"measure_{n}",
            name=f"Measure {n}",
            definition="A measure for the benchmark.",
            agency=agency,
            sector=agency.sector,
            unit=("count", "percentage", "rate_10k")[n % 3],
            numerator="" if n % 3 == 0 else "n",
            denominator="" if n % 3 == 0 else "d",
            polarity=("up", "down", "neutral")[n % 3],
            target=Decimal(100) if n % 4 == 0 else None,
            order=n,
        )
        indicator.priorities.set(priorities[: 1 + n % 3])
        SeriesValue.objects.bulk_create(
            SeriesValue(
                indicator=indicator,
                period_start=add_months(START, i),
                value=Decimal(100 + (i * 37 + n * 11) % 23 + (15 if i > 40 and n % 5 == 0 else 0)),
            )
            for i in range(PERIODS)
        )
        if n % 6 == 0:
            ChangePoint.objects.create(
                indicator=indicator, period_start=add_months(START, 30), reason="New model"
            )
    return sign_in(Client(), make_user("bench", Role.BUSINESS_UNIT))


def naive_rows() -> int:
    """The overview's figures the straightforward way: one set of queries per indicator."""
    from scrutineer.trends.models import Indicator, SeriesValue
    from scrutineer.trends.spc import spc

    made = 0
    for indicator in Indicator.objects.filter(active=True):
        values = list(
            SeriesValue.objects.filter(indicator=indicator, value__isnull=False).order_by(
                "period_start"
            )
        )
        _ = indicator.agency.name if indicator.agency_id else ""
        _ = [p.title for p in indicator.priorities.all()]
        rebase = [
            indicator.period_key(c.period_start)
            for c in indicator.change_points.all()
            if c.period_start != values[0].period_start
        ]
        spc(
            [float(v.value) for v in values],  # type: ignore[arg-type]
            [indicator.period_key(v.period_start) for v in values],
            polarity=indicator.polarity,
            target=None if indicator.target is None else float(indicator.target),
            rebase_at=rebase,
        )
        made += 1
    return made


def built_rows() -> int:
    from scrutineer.trends.models import Indicator
    from scrutineer.trends.overview import build

    overview = build(Indicator.objects.filter(active=True))
    for row in overview.rows:  # what the template reads
        _ = (row.latest_text, row.change, row.spark, row.spark_text, row.variation_icon)
    return len(overview.rows)


def timed(job, runs: int = RUNS) -> tuple[float, int]:
    """Median seconds of ``job`` and the queries one run makes."""
    job()  # warm up: imports, the connection, Django's caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as context:
        job()
    return statistics.median(times), len(context.captured_queries)


def main() -> None:
    setup_test_environment()
    engine = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        client = make_world()

        def page() -> None:
            response = client.get("/trends/")
            assert response.status_code == 200, response.status_code

        page_time, page_queries = timed(page)
        built_time, built_queries = timed(built_rows)
        naive_time, naive_queries = timed(naive_rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {engine}; {INDICATORS} indicators x {PERIODS} periods; median of {RUNS}")
    print(f"overview page (whole request): {page_time * 1000:7.1f} ms, {page_queries} SQL queries")
    print(
        f"overview rows (series.load):   {built_time * 1000:7.1f} ms, {built_queries} SQL queries"
    )
    print(
        f"naive rows (per indicator):    {naive_time * 1000:7.1f} ms, {naive_queries} SQL queries"
    )
    print(
        f"naive / overview rows: {naive_time / built_time:.1f}x the time, "
        f"{naive_queries / max(built_queries, 1):.0f}x the queries"
    )


if __name__ == "__main__":
    main()
