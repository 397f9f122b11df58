"""The engine against the generator's ground truth, and DuckDB against Polars.

The ground truth is computed with NumPy from the generator's own arrays (generator/truth.py),
never through the engine, so agreement on every indicator, year and seed means two
independent readings of the definitions meet. The same suite on the Polars backend giving the
same values is the proof that the definitions are portable.
"""

from __future__ import annotations

import math

import ibis
import pytest

from scrutineer.casedata.engine import INDICATORS, compute, from_arrow
from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.tables import canonical
from scrutineer.casedata.generator.truth import ground_truth

pytestmark = pytest.mark.filterwarnings("ignore:Sortedness of columns:UserWarning")


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def differences(truth: dict, found: dict) -> list[str]:
    return [
        f"{code}: truth {value!r}, engine {found.get(code)!r}"
        for code, value in truth.items()
        if not same(value, found.get(code))
    ]


@pytest.fixture(scope="module", params=[11, 23, 2025])
def generated(request):
    syn = generate(children=1200, years=3, seed=request.param)
    return syn, canonical(syn), ground_truth(syn)


def test_the_engine_equals_the_ground_truth_for_every_indicator(generated):
    syn, tables, truth = generated
    result = compute(from_arrow(tables), years=list(syn.years), population=syn.population)
    for year in syn.years:
        assert truth["years"][year]["referrals"] > 100, "the sample is big enough to mean something"
        assert differences(truth["years"][year], result.years[year]) == [], year


def test_the_truth_covers_every_indicator_the_engine_has(generated):
    _, _, truth = generated
    assert set(next(iter(truth["years"].values()))) == set(INDICATORS)


def test_the_engine_splits_referrals_as_the_truth_does(generated):
    syn, tables, truth = generated
    result = compute(from_arrow(tables), years=[syn.last_year])
    for split, groups in truth["splits"][syn.last_year].items():
        found = {g: v.get("referrals", 0) for g, v in result.splits[syn.last_year][split].items()}
        assert {g: found.get(g, 0) for g in groups} == {
            g: v["referrals"] for g, v in groups.items()
        }
        assert sum(found.values()) == truth["years"][syn.last_year]["referrals"]


def test_duckdb_and_polars_give_the_same_results():
    syn = generate(children=700, years=2, seed=5)
    tables = canonical(syn)
    years = list(syn.years)
    duck = compute(from_arrow(tables), years=years, population=syn.population)
    polars = compute(
        from_arrow(tables), years=years, population=syn.population, backend=ibis.polars.connect()
    )
    assert duck.years == polars.years
    assert duck.months == polars.months
    assert duck.splits == polars.splits
    assert duck.years[syn.last_year]["referrals"] > 0


def test_months_add_up_to_their_year():
    syn = generate(children=500, years=2, seed=8)
    result = compute(from_arrow(canonical(syn)), years=list(syn.years), population=syn.population)
    year = syn.last_year
    months = [f"{year - 1}-{m:02d}" for m in range(4, 13)] + [f"{year}-{m:02d}" for m in (1, 2, 3)]
    for code in ("referrals", "assessments", "s47", "icpc", "cpp_started", "cp_reviews"):
        assert sum(result.months[m].get(code, 0) for m in months) == result.years[year][code], code
    for code in ("cin_31mar", "cpp_31mar", "cla_31mar"):
        assert result.months[f"{year}-03"][code] == result.years[year][code], code
