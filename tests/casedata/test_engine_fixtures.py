"""The engine on a handful of children whose indicators are worked out by hand (engine_fixture.py).

Each expected value is written out with the rows it counts, so a failure says which rule moved.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from scrutineer.casedata.engine import compute, from_arrow
from scrutineer.core.workdays import england_and_wales

from . import engine_fixture as fx

pytestmark = pytest.mark.filterwarnings("ignore:Sortedness of columns:UserWarning")


@pytest.fixture(scope="module")
def result():
    return compute(from_arrow(fx.tables()), years=[2024, 2025], population=fx.POPULATION)


def approx(value):
    return pytest.approx(value, rel=1e-12)


def test_it_counts_referrals_in_the_reporting_year(result):
    assert result.years[2025]["referrals"] == 3  # A2, B2, C1
    assert result.years[2024]["referrals"] == 4  # A1, B1, D2, E2 (D1 and E1 are in 2023)


def test_it_divides_rates_by_the_population_at_mid_year_y_minus_1(result):
    assert result.years[2025]["referral_rate"] == approx(3 / 10000 * 10000)  # mid-year 2024
    assert result.years[2024]["referral_rate"] == approx(4 / 5000 * 10000)  # mid-year 2023


def test_it_leaves_rates_null_without_a_population():
    found = compute(from_arrow(fx.tables()), years=[2025])
    assert found.years[2025]["referral_rate"] is None
    assert found.years[2025]["referrals"] == 3


def test_a_re_referral_is_on_or_after_the_same_day_a_year_before(result):
    # 2025: A2 (A1 exactly 12 months before) of A2, B2 (a day late), C1 (none before)
    assert result.years[2025]["rereferral_pct"] == approx(100 / 3)
    # 2024: D2 on 29 February counts D1 on 1 March 2023; E2 does not count E1 on 28 February
    assert result.years[2024]["rereferral_pct"] == approx(100 / 4)


def test_not_in_need_leaves_out_nfa_referrals(result):
    assert result.years[2025]["nfa_pct"] == approx(100 / 3)  # C1
    assert result.years[2025]["not_in_need_pct"] == approx(100 / 3)  # A2, not C1 (NFA)


def test_assessment_timeliness_counts_working_days_across_christmas_and_easter(result):
    v = result.years[2025]
    assert v["assessments"] == 4  # a1-a4 authorised in 2025; a5 not finished
    # a1 6 days (Christmas), a2 44 (Easter), a3 45, a4 46
    assert v["assessment_45wd_pct"] == approx(75.0)
    assert v["assessment_median_wd"] == approx(44.5)
    # from the referral: a1 from 10 May (no), a2 44 (yes), a3 46, a4 47 (no)
    assert v["assessment_45wd_from_referral_pct"] == approx(25.0)


def test_factors_count_each_episode_once_among_episodes_with_any_factor(result):
    v = result.years[2025]
    # episodes with a factor other than 21: A2 (3B, 4B) and E2 (3A, 11A; 3C, 24A, 16A)
    assert v["factor_domestic_abuse_pct"] == approx(100.0)
    assert v["factor_domestic_abuse_parent_pct"] == approx(50.0)
    assert v["factor_exploitation_pct"] == approx(50.0)  # E2 once, with 11A and 24A
    assert v["factor_neglect_pct"] == approx(50.0)
    assert v["factor_mental_health_parent_pct"] == approx(50.0)
    assert v["factor_self_harm_pct"] == approx(0.0)
    assert result.years[2024]["factor_neglect_pct"] is None  # no assessment authorised


def test_conferences_within_15_working_days(result):
    assert result.years[2025]["s47"] == 2  # s1, s2
    assert result.years[2024]["s47"] == 1  # s3
    assert result.years[2025]["icpc"] == 3  # s1, s2 and s3 (held in April 2024)
    assert result.years[2025]["icpc_15wd_pct"] == approx(200 / 3)  # s1 (12), s3 (15); s2 16


def test_children_in_need_open_at_31_march(result):
    assert result.years[2025]["cin_31mar"] == 2  # B2, D2; E2 closed on 31 March
    assert result.years[2024]["cin_31mar"] == 2  # D2, E2
    assert result.years[2025]["cin_rate"] == approx(2.0)


def test_child_protection_plans(result):
    v = result.years[2025]
    assert v["cpp_started"] == 3  # P1, P2, P3
    assert v["cpp_repeat_pct"] == approx(200 / 3)  # P1 (P0 before), P2 (2 previous)
    assert v["cpp_category_neg_pct"] == approx(100 / 3)
    assert v["cpp_category_emo_pct"] == approx(100 / 3)
    assert v["cpp_category_sab_pct"] == approx(0.0)
    assert v["cpp_31mar"] == 4  # P1, P3, P4, P5; P2 ended on 31 March
    assert v["cpp_2yr_pct"] == approx(25.0)  # P4 started 31 March 2023; P5 a day later


def test_review_conferences_on_time(result):
    assert result.years[2025]["cp_reviews"] == 3
    assert result.years[2025]["cp_reviews_on_time_pct"] == approx(200 / 3)


def test_children_looked_after(result):
    v = result.years[2025]
    assert v["cla_31mar"] == 2  # D (second episode), B (from 31 March)
    assert v["cla_rate"] == approx(2.0)
    assert v["cla_started"] == 2  # A (twice, counted once), B; D's 1 June episode continues
    assert v["cla_ceased"] == 1  # A (twice, once); D's first episode ends into the next
    assert result.years[2024]["cla_started"] == 1  # D
    assert result.years[2024]["cla_31mar"] == 1


def test_splits_put_each_referral_in_its_group(result):
    by = result.splits[2025]
    # A2: 9 (from the month of birth), B2: 4 (the file's age), C1: unborn
    assert {g: v["referrals"] for g, v in by["age_band"].items() if "referrals" in v} == {
        "5_to_9": 1,
        "1_to_4": 1,
        "unborn": 1,
    }
    assert (
        by["sex"]["F"]["referrals"]
        == by["sex"]["M"]["referrals"]
        == by["sex"]["U"]["referrals"]
        == 1
    )
    assert by["ethnicity"]["white"]["referrals"] == by["ethnicity"]["asian"]["referrals"] == 1
    assert by["ethnicity"]["not_known"]["referrals"] == 1
    assert by["disability"]["disabled"]["referrals"] == 1
    assert by["disability"]["unknown"]["referrals"] == 1
    assert "referral_rate" not in by["sex"]["F"]  # no population by group


def test_months_add_up_to_the_year_and_stocks_match_31_march(result):
    months = {k: v for k, v in result.months.items() if "2024-04" <= k <= "2025-03"}
    assert months["2024-05"]["referrals"] == 2  # A2, B2
    assert months["2024-12"]["referrals"] == 1  # C1
    assert sum(m.get("referrals", 0) for m in months.values()) == result.years[2025]["referrals"]
    assert months["2025-03"]["cin_31mar"] == result.years[2025]["cin_31mar"]
    assert months["2025-03"]["cpp_31mar"] == result.years[2025]["cpp_31mar"]
    assert months["2025-03"]["cla_31mar"] == result.years[2025]["cla_31mar"]
    assert months["2024-05"]["referral_rate"] == approx(2.0)  # 2 / mid-year 2024


def test_the_polars_backend_gives_the_same_values(result):
    other = compute(
        from_arrow(fx.tables()),
        years=[2024, 2025],
        population=fx.POPULATION,
        backend=ibis.polars.connect(),
    )
    assert other.years == result.years
    assert other.splits == result.splits
    assert other.months == result.months


def test_a_bank_holiday_added_to_the_calendar_moves_the_count():
    # Make 8 May 2024 a closure: a3 (45 days) becomes 44; a4 (46) 45: both now within
    calendar = england_and_wales(add=[dt.date(2024, 5, 8)])
    found = compute(from_arrow(fx.tables()), years=[2025], calendar=calendar)
    assert found.years[2025]["assessment_45wd_pct"] == approx(100.0)


def test_a_year_with_nothing_in_it_has_zero_counts_and_null_shares():
    found = compute(from_arrow(fx.tables()), years=[2030])
    assert found.years[2030]["referrals"] == 0
    assert found.years[2030]["rereferral_pct"] is None
    assert found.years[2030]["assessment_median_wd"] is None


def test_it_refuses_no_years():
    with pytest.raises(ValueError, match="reporting years"):
        compute(from_arrow(fx.tables()), years=[])


def test_the_order_of_the_rows_does_not_matter_on_either_backend(result):
    reversed_tables = fx.tables(
        referrals=fx.REFERRALS[::-1],
        cp_plans=fx.CP_PLANS[::-1],
        cp_reviews=fx.CP_REVIEWS[::-1],
        cla_episodes=fx.CLA_EPISODES[::-1],
    )
    for backend in (ibis.duckdb.connect(), ibis.polars.connect()):
        other = compute(
            from_arrow(reversed_tables),
            years=[2024, 2025],
            population=fx.POPULATION,
            backend=backend,
        )
        assert other.years == result.years, backend.name
