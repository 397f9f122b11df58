"""The synthetic generator: reproducible, realistic, and its tables and files are well formed."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.days import Workdays, day
from scrutineer.casedata.generator.tables import ARROW, canonical
from scrutineer.casedata.generator.truth import ground_truth
from scrutineer.casedata.schema import TABLES
from scrutineer.core.workdays import england_and_wales


@pytest.fixture(scope="module")
def syn():
    return generate(children=3000, years=3, seed=42)


@pytest.fixture(scope="module")
def tables(syn):
    return canonical(syn)


@pytest.fixture(scope="module")
def truth(syn):
    return ground_truth(syn)


def test_the_same_seed_gives_the_same_tables():
    first = canonical(generate(children=300, years=2, seed=9))
    again = canonical(generate(children=300, years=2, seed=9))
    other = canonical(generate(children=300, years=2, seed=10))
    assert all(first[name].equals(again[name]) for name in first)
    assert not first["referrals"].equals(other["referrals"])


def test_the_tables_have_the_columns_and_types_of_the_schema(tables):
    for table in TABLES:
        expected = pa.schema([(name, ARROW[kind]) for name, kind in table.columns])
        assert tables[table.name].schema.equals(expected), table.name


def test_children_are_pseudonyms_and_keep_only_the_month_of_birth(syn, tables):
    children = tables["children"]
    ids = children["child"].to_pylist()
    assert len(set(ids)) == len(ids) == 3000
    la_ids = set(syn.children["la_id"].tolist())
    assert not la_ids & set(ids)
    assert all(d.day == 1 for d in children["birth_month"].to_pylist() if d)
    referred = set(tables["referrals"]["child"].to_pylist())
    assert referred <= set(ids)


def test_every_row_points_at_a_child_and_a_referral_that_exist(tables):
    referral_ids = set(tables["referrals"]["referral_id"].to_pylist())
    for name in ("assessments", "s47", "cp_plans", "cin_plans"):
        assert set(tables[name]["referral_id"].to_pylist()) <= referral_ids, name
    plans = set(tables["cp_plans"]["plan_id"].to_pylist())
    assert set(tables["cp_reviews"]["plan_id"].to_pylist()) <= plans


def test_nothing_happens_after_the_last_day_of_the_last_year(tables):
    last = dt.date(2025, 3, 31)
    for table in tables.values():
        for field in table.schema:
            if (
                field.type == pa.date32()
                and "birth" not in field.name
                and field.name != "icpc_target"
            ):
                values = [d for d in table[field.name].to_pylist() if d]
                assert not values or max(values) <= last, field.name


def test_the_same_children_come_back_across_years(tables):
    r = tables["referrals"]
    years = {}
    for child, when in zip(r["child"].to_pylist(), r["referral_date"].to_pylist(), strict=True):
        years.setdefault(child, set()).add(when.year + (when.month >= 4))
    assert sum(1 for found in years.values() if len(found) > 1) > 300
    plans = tables["cp_plans"]
    assert sum(1 for n in plans["previous_plans"].to_pylist() if n) > 0


def test_factor_21_stands_alone(tables):
    for found in tables["assessments"]["factors"].to_pylist():
        if found and "21" in found:
            assert found == ["21"]


def test_the_rates_and_durations_look_like_englands(truth):
    for year, v in truth["years"].items():
        assert 17 < v["rereferral_pct"] < 30, year  # England 2025: 22.6
        assert 4 < v["nfa_pct"] < 10, year  # 6.5
        assert 24 < v["not_in_need_pct"] < 37, year  # 30.8
        assert 78 < v["assessment_45wd_pct"] < 92, year  # 85.7
        assert 28 <= v["assessment_median_wd"] <= 38, year  # 33
        assert 68 < v["icpc_15wd_pct"] < 92, year  # 81.4
        assert 15 < v["cpp_repeat_pct"] < 35, year  # 24.5
        assert 400 < v["referral_rate"] < 650, year  # 520
        assert 250 < v["cin_rate"] < 450, year  # 330
        assert 35 < v["cla_rate"] < 110, year  # 67


def test_assessments_end_on_working_days_counted_by_the_calendar(syn):
    wd = Workdays()
    calendar = england_and_wales()
    a = syn.assessments
    rows = np.flatnonzero(a["authorised_date"] > 0)[:200]
    for start, end in zip(a["start_date"][rows], a["authorised_date"][rows], strict=True):
        first, last = (
            dt.date(1970, 1, 1) + dt.timedelta(int(start)),
            dt.date(1970, 1, 1) + dt.timedelta(int(end)),
        )
        assert wd.between(np.array([start]), np.array([end]))[0] == calendar.between(first, last)
        assert calendar.is_working_day(last)


def test_working_day_arithmetic_agrees_with_the_calendar():
    wd = Workdays()
    calendar = england_and_wales()
    starts = [dt.date(2024, 12, 20), dt.date(2024, 3, 28), dt.date(2023, 5, 5), dt.date(2025, 1, 4)]
    for start in starts:
        for n in (0, 1, 5, 15, 45):
            found = wd.add(np.array([day(start)]), np.array([n]))[0]
            assert dt.date(1970, 1, 1) + dt.timedelta(int(found)) == calendar.add(start, n)


def test_it_refuses_no_children():
    with pytest.raises(ValueError, match="how many children"):
        generate(children=0, years=2, seed=1)


def test_the_population_it_plants_is_by_mid_year(syn):
    assert sorted(syn.population) == [2022, 2023, 2024]  # years 2023-2025 use Y-1
    assert all(p > 0 for p in syn.population.values())


def test_pseudonyms_look_like_the_installations_and_a_given_function_is_used(syn):
    import re

    ids = canonical(syn)["children"]["child"].to_pylist()
    assert all(re.fullmatch(r"P[A-Z2-7]{16}", x) for x in ids)
    keyed = canonical(syn, pseudonymise=lambda la_id: f"K{la_id}")["children"]["child"].to_pylist()
    assert keyed[0] == f"K{syn.children['la_id'][0]}"
