"""Comparisons: value, England, region, neighbours' mean, rank and quartile band (the LAIT rule)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from scrutineer.trends.benchmarks import (
    BenchmarkSummary,
    benchmark_history,
    benchmark_summary,
    benchmarks_import,
    choose_model,
    measure_polarity,
    quartile_band,
    rank_of,
)
from scrutineer.trends.models import BenchmarkValue, LocalAuthority

from .benchmark_files import write_folder

D = Decimal

# ---- the rule, pure ------------------------------------------------------------------------


def test_rank_1_is_the_lowest_where_lower_is_better_and_ties_share_the_best_rank():
    values = [D("10.0"), D("10.0"), D("20.0"), D("30.0")]
    assert [rank_of(v, values, "down") for v in values] == [1, 1, 3, 4]


def test_rank_1_is_the_highest_where_higher_is_better():
    values = [D("10.0"), D("20.0"), D("20.0"), D("30.0")]
    assert [rank_of(v, values, "up") for v in values] == [4, 2, 2, 1]


def test_a_neutral_measure_is_ranked_as_a_position_from_the_lowest():
    values = [D("3"), D("1"), D("2")]
    assert [rank_of(v, values, "neutral") for v in values] == [3, 1, 2]


def test_quartile_bands_follow_rs_quantiles_and_lait_boundaries():
    # 10, 20, 30, 40, 50: R's quantile (type 7) gives 20, 30, 40 at 25%, 50%, 75%.
    values = [D(v) for v in (10, 20, 30, 40, 50)]
    down = {v: quartile_band(D(v), values, "down") for v in (10, 20, 21, 30, 40, 41, 50)}
    assert down == {10: "A", 20: "A", 21: "B", 30: "B", 40: "C", 41: "D", 50: "D"}
    up = {v: quartile_band(D(v), values, "up") for v in (10, 20, 21, 30, 40, 41, 50)}
    assert up == {10: "D", 20: "D", 21: "C", 30: "C", 40: "B", 41: "A", 50: "A"}


def test_quartiles_interpolate_between_order_statistics():
    # Four values 293.1, 400.0, 444.4, 500.0: the lower quartile is 293.1 + 0.75 x 106.9
    # = 373.275, the median 422.2, the upper quartile 444.4 + 0.25 x 55.6 = 458.3.
    values = [D("293.1"), D("400.0"), D("444.4"), D("500.0")]
    assert quartile_band(D("373.2"), values, "down") == "A"
    assert quartile_band(D("373.3"), values, "down") == "B"
    assert quartile_band(D("422.2"), values, "down") == "B"
    assert quartile_band(D("458.3"), values, "down") == "C"
    assert quartile_band(D("458.4"), values, "down") == "D"


def test_the_neighbour_model_is_the_newest_not_later_than_the_year():
    assert choose_model({2021, 2025}, 2025) == 2025
    assert choose_model({2021, 2025}, 2026) == 2025
    assert choose_model({2021, 2025}, 2024) == 2021
    assert choose_model({2021, 2025}, 2019) == 2021
    assert choose_model({2025}, 2024) == 2025  # Cumberland: only the 2025 model knows it
    assert choose_model(set(), 2025) is None


def test_polarity_comes_from_the_starter_catalogue_else_neutral():
    assert measure_polarity("rereferral_pct") == "down"
    assert measure_polarity("assessment_45wd_pct") == "up"
    assert measure_polarity("referral_rate") == "neutral"
    assert measure_polarity("factor_neglect_pct") == "neutral"


# ---- through the database ------------------------------------------------------------------


@pytest.fixture
def imported(db, tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))


def test_it_compares_leeds_with_england_its_region_and_its_neighbours(imported):
    summary = benchmark_summary(la_code="383", codes=["referral_rate"], year=2025)["referral_rate"]
    assert summary.code == "referral_rate"
    assert summary.year == 2025
    assert summary.value == 500.0
    # England and the region from their published (rounded) counts and population.
    assert summary.england == pytest.approx(float(Fraction(632830 * 10000, 12183016)), abs=1e-4)
    assert summary.region == pytest.approx(float(Fraction(63590 * 10000, 1181000)), abs=1e-4)
    # Neighbours (2025 model): Bradford 400.0, Kirklees not available, Barnet 293.1242.
    assert summary.neighbours_mean == pytest.approx((400.0 + 293.1242) / 2)
    # Four authorities have a rate (Kirklees does not): neutral, so a position, highest last.
    assert (summary.rank, summary.of, summary.quartile, summary.marker) == (4, 4, "D", "")


def test_lower_is_better_ranks_the_lowest_first(imported):
    # Re-referrals 2025: Barnet 14.8, Bradford 20.0, Leeds 25.0; Calderdale suppressed.
    found = {
        la: benchmark_summary(la_code=la, codes=["rereferral_pct"], year=2025)["rereferral_pct"]
        for la in ("302", "380", "383")
    }
    assert [(found[la].rank, found[la].of, found[la].quartile) for la in ("302", "380", "383")] == [
        (1, 3, "A"),
        (2, 3, "B"),
        (3, 3, "D"),
    ]
    assert found["383"].region == 21.7  # Yorkshire's published figure
    assert found["383"].england == 22.6


def test_a_suppressed_value_has_its_marker_and_no_rank(imported):
    summary = benchmark_summary(la_code="381", codes=["rereferral_pct"], year=2025)[
        "rereferral_pct"
    ]
    assert summary == BenchmarkSummary(
        code="rereferral_pct",
        year=2025,
        value=None,
        england=22.6,
        region=21.7,
        neighbours_mean=None,
        rank=None,
        of=3,
        quartile=None,
        marker="c",
    )


def test_higher_is_better_ranks_the_highest_first(imported):
    for code, value in (("383", "80.0"), ("380", "90.0"), ("381", "70.0"), ("382", "85.0")):
        BenchmarkValue.objects.create(
            measure="assessment_45wd_pct", year=2025, level="la", area_code=code, value=D(value)
        )
    summary = benchmark_summary(la_code="380", codes=["assessment_45wd_pct"], year=2025)[
        "assessment_45wd_pct"
    ]
    assert (summary.rank, summary.of, summary.quartile) == (1, 4, "A")
    summary = benchmark_summary(la_code="381", codes=["assessment_45wd_pct"], year=2025)[
        "assessment_45wd_pct"
    ]
    assert (summary.rank, summary.quartile) == (4, "D")


def test_without_a_year_each_code_takes_its_own_latest_year(imported):
    BenchmarkValue.objects.create(
        measure="cpp_2yr_pct", year=2024, level="la", area_code="383", value=D("4.5")
    )
    found = benchmark_summary(la_code="383", codes=["referral_rate", "cpp_2yr_pct", "cin_rate"])
    assert {code: s.year for code, s in found.items()} == {
        "referral_rate": 2025,
        "cpp_2yr_pct": 2024,
        "cin_rate": 2025,
    }
    assert found["cpp_2yr_pct"].value == 4.5


def test_codes_without_data_are_absent(imported):
    found = benchmark_summary(
        la_code="383", codes=["referral_rate", "no_such_code", "cla_rate"], year=2025
    )
    assert list(found) == ["referral_rate"]
    assert benchmark_summary(la_code="383", codes=["cin_rate"], year=2024) == {}
    assert benchmark_summary(la_code="999", codes=["referral_rate"]) == {}
    assert benchmark_summary(la_code="383", codes=[]) == {}


def test_it_takes_a_fixed_number_of_queries_whatever_the_number_of_codes(
    imported, django_assert_num_queries
):
    codes = [
        "referrals",
        "referral_rate",
        "rereferral_pct",
        "nfa_pct",
        "not_in_need_pct",
        "cin_31mar",
        "cin_rate",
    ]
    with django_assert_num_queries(4):
        one = benchmark_summary(la_code="383", codes=codes[:1])
    with django_assert_num_queries(4):
        many = benchmark_summary(la_code="383", codes=codes)
    with django_assert_num_queries(3):
        benchmark_summary(la_code="383", codes=codes, year=2025)
    assert (len(one), len(many)) == (1, 7)


def test_history_gives_every_year_oldest_first(imported, django_assert_num_queries):
    with django_assert_num_queries(3):
        history = benchmark_history(la_code="383", code="referral_rate")
    # 2024: 9,000 / 180,000 (mid-2023); 2025: 10,000 / 200,000 (mid-2024).
    assert [(s.year, s.value) for s in history] == [(2024, 500.0), (2025, 500.0)]
    assert history[0].of == 4  # Calderdale's 2024 rate is not available: no mid-2023 population
    assert benchmark_history(la_code="383", code="no_such_code") == []
    assert benchmark_history(la_code="999", code="referral_rate") == []


def test_the_neighbours_mean_uses_the_model_for_the_year(imported):
    # Only the 2025 model is loaded, so 2024 falls back to it; add a 2021 model naming Calderdale.
    leeds, calderdale = (
        LocalAuthority.objects.get(code="383"),
        LocalAuthority.objects.get(code="381"),
    )
    leeds.neighbour_links.create(neighbour=calderdale, model=2021, rank=1)
    in_2024 = benchmark_summary(la_code="383", codes=["rereferral_pct"], year=2024)[
        "rereferral_pct"
    ]
    assert in_2024.neighbours_mean == pytest.approx(400 * 100 / 1900, abs=1e-4)  # Calderdale: 21.05
    in_2025 = benchmark_summary(la_code="383", codes=["rereferral_pct"], year=2025)[
        "rereferral_pct"
    ]
    assert in_2025.neighbours_mean == pytest.approx((20.0 + 14.7946) / 2)
