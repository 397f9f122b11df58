"""The real DfE downloads in ``../shared/data/dfe``: the domain's worked examples, and every rate
the files publish, reproduced from the counts.

Skipped with a reason where the folder is absent; ``test_benchmarks_import.py`` and
``test_dfe.py`` test the same code on small files of their own. The folder is imported once for
the module, inside a transaction rolled back at the end.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from scrutineer.trends import dfe
from scrutineer.trends.benchmarks import MEASURES, benchmark_summary, benchmarks_import
from scrutineer.trends.models import BenchmarkValue

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe"
pytestmark = [
    pytest.mark.skipif(not DATA.is_dir(), reason=f"the DfE sample files are not at {DATA}"),
]


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def real(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                benchmarks_import(directory=DATA)
                yield
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture
def figures(real, db):
    """Each test runs in a savepoint inside the module's import."""


def shown(code: str, la: str, year: int = 2025) -> Decimal:
    summary = benchmark_summary(la_code=la, codes=[code], year=year)[code]
    assert summary.value is not None
    return dfe.round_half_up(Fraction(Decimal(str(summary.value))), dfe.places(code))


BARNET, COUNTY_DURHAM, HARTLEPOOL, LEEDS = "302", "840", "805", "383"


def test_barnets_2025_referral_rate_is_2751_over_93851(figures):
    assert shown("referrals", BARNET) == 2751
    assert shown("referral_rate", BARNET) == Decimal("293.1")


def test_county_durhams_2025_rereferrals_are_1003_of_5378(figures):
    assert shown("rereferral_pct", COUNTY_DURHAM) == Decimal("18.7")


def test_barnets_2025_children_in_need_rate(figures):
    assert shown("cin_31mar", BARNET) == 1978
    assert shown("cin_rate", BARNET) == Decimal("210.8")


def test_barnets_2025_child_protection_plans_starting_and_repeat(figures):
    assert shown("cpp_started", BARNET) == 228
    assert shown("cpp_start_rate", BARNET) == Decimal("24.3")
    assert shown("cpp_repeat_pct", BARNET) == Decimal("11.8")


def test_hartlepools_2025_looked_after_rate_is_157(figures):
    assert shown("cla_31mar", HARTLEPOOL) == 332
    assert shown("cla_rate", HARTLEPOOL) == 157


def test_england_2025_is_as_the_domain_reference_gives_it(figures):
    summary = benchmark_summary(
        la_code=LEEDS, codes=["referrals", "rereferral_pct", "cin_rate", "cla_rate"], year=2025
    )
    assert summary["referrals"].england == 632830
    assert summary["rereferral_pct"].england == 22.6
    assert round(summary["cin_rate"].england, 1) == 330.3
    assert summary["cla_rate"].england == 67


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


# Each published rate or percentage column, the file it is in, and the measure it is.
PUBLISHED = [
    (
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "rereferral_percent",
        "rereferral_pct",
        None,
    ),
    (
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "no_further_action_percent",
        "nfa_pct",
        None,
    ),
    (
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "not_in_need_percent",
        "not_in_need_pct",
        None,
    ),
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", "cpp_repeat_pct", None),
    (
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "2_years_or_more_percent",
        "cpp_2yr_pct",
        None,
    ),
    (
        "cla_number_and_rate_per_10k_children.csv",
        "rate_per_10000",
        "cla_rate",
        "Children looked after on 31 March each year",
    ),
]
LEVEL = {"National": "national", "Regional": "regional", "Local authority": "la"}


@pytest.mark.parametrize(
    ("name", "column", "measure", "kind"), PUBLISHED, ids=[p[2] for p in PUBLISHED]
)
def test_every_published_rate_is_reproduced(figures, name, column, measure, kind):
    stored = {
        (year, level, area): (value, marker)
        for year, level, area, value, marker in BenchmarkValue.objects.filter(
            measure=measure
        ).values_list("year", "level", "area_code", "value", "marker")
    }
    compared = 0
    for row in _rows(name):
        if kind and row["population_type"] != kind:
            continue
        level = LEVEL[row["geographic_level"]]
        area = {"la": row["old_la_code"], "regional": row["region_code"], "national": "E92000001"}[
            level
        ]
        value, marker = stored[(int(row["time_period"]), level, area)]
        published = dfe.read_cell(row[column])
        if published.value is None:
            # Not published: nor is ours (the same marker, or one from the count it rests on).
            assert value is None, (row["time_period"], row["la_name"], measure)
            continue
        assert value is not None, (row["time_period"], row["la_name"], measure, marker)
        ours = dfe.round_half_up(Fraction(value), dfe.places(measure))
        assert ours == dfe.round_half_up(published.value, dfe.places(measure)), (
            row["time_period"],
            row["la_name"] or row["region_name"],
            measure,
        )
        compared += 1
    assert compared > 500


def test_every_la_rate_per_10000_is_its_count_over_the_population_of_the_year_before(figures):
    # Spot check against the raw files, independently of the import: Leeds, every year.
    population = {
        int(row["time_period"]): int(row["population_estimate"])
        for row in _rows("ons_mid-year_population_estimates_2012_to_2024.csv")
        if row["old_la_code"] == LEEDS
    }
    checked = 0
    for row in _rows("b1_children_in_need_2013_to_2025.csv"):
        if row["old_la_code"] != LEEDS:
            continue
        year = int(row["time_period"])
        expected = Fraction(int(row["At31_episodes"]) * 10000, population[year - 1])
        assert shown("cin_rate", LEEDS, year) == dfe.round_half_up(expected, 1)
        checked += 1
    assert checked == 13


def test_show_json_for_leeds_2025_has_every_domain_measure(figures):
    out = StringIO()
    call_command("benchmarks", "show", "--la", LEEDS, "--year", "2025", "--json", stdout=out)
    result = json.loads(out.getvalue())
    codes = [indicator["code"] for indicator in result["indicators"]]
    assert codes[: len(MEASURES)] == list(MEASURES)
    assert set(codes[len(MEASURES) :]) >= {
        "factor_domestic_abuse_parent_pct",
        "factor_neglect_pct",
    }
    quartiles = {indicator["quartile"] for indicator in result["indicators"]}
    assert quartiles <= {"A", "B", "C", "D", None}
