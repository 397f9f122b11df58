"""Journeys: a worked example on hand-made tables, the filters, and small-number suppression.

The year is 2025 (1 April 2024 to 31 March 2025). Working days are counted as after the first
date up to and including the second, in England's calendar: the bank holidays 6 May and
26 August 2024 fall inside two of the gaps below.
"""

from __future__ import annotations

import duckdb
import pytest

from scrutineer.casedata.journeys import Filters, journey
from scrutineer.core.workdays import england_and_wales

from .journeys_tables import D, child, tables

CAL = england_and_wales()
NEVER = (1, 0)  # a suppression range nothing falls in, to read the raw figures


def _connect(made):
    con = duckdb.connect(":memory:")
    for name, table in made.items():
        con.register(name, table)
    return con


def _ref(c, rid, day):
    return {"child": c, "referral_id": rid, "referral_date": day}


def _ass(c, rid, day, *factors):
    return {
        "child": c,
        "referral_id": rid,
        "assessment_id": f"A{rid}{day}",
        "start_date": day,
        "factors": list(factors),
    }


@pytest.fixture
def con():
    made = tables(
        children=[
            child("A", born=D(2015, 6, 1)),
            child("B", sex="M", born=D(2024, 1, 1)),
            child("C", disabled=True, born=D(2008, 3, 1), eth="BAFR"),
            child("D"),
            child("E"),
            child("F"),
        ],
        referrals=[
            _ref("A", "RA", D(2024, 8, 22)),
            _ref("B", "RB", D(2024, 5, 1)),
            _ref("C", "RC", D(2024, 10, 1)),
            _ref("D", "RD1", D(2024, 3, 15)),  # the year before
            _ref("D", "RD2", D(2025, 4, 1)),  # the year after
            _ref("E", "RE1", D(2024, 6, 3)),  # no assessment
            _ref("E", "RE2", D(2024, 12, 2)),
            _ref("F", "RF", D(2024, 7, 1)),
        ],
        assessments=[
            _ass("A", "RA", D(2024, 8, 27), "3A"),  # Fri, (bank holiday Mon), Tue: 2
            _ass("B", "RB", D(2024, 5, 8), "4B"),  # Thu, Fri, (Mon 6 May), Tue, Wed: 4
            _ass("C", "RC", D(2024, 10, 3), "3C"),  # 2
            _ass("E", "RE2", D(2024, 12, 4), "3B"),  # 2
            _ass("D", "RD1", D(2024, 3, 20), "3A"),
        ],
        s47=[
            {"child": "A", "referral_id": "RA", "s47_id": "S1", "start_date": D(2024, 9, 2),
             "icpc_date": D(2024, 9, 16)},  # 4, then 10
            {"child": "B", "referral_id": "RB", "s47_id": "S2", "start_date": D(2024, 5, 10)},  # 2
        ],
        cp_plans=[
            {"child": "A", "referral_id": "RA", "plan_id": "P1", "start_date": D(2024, 9, 16)},
        ],
        cla_episodes=[
            {"child": "A", "start_date": D(2024, 9, 23)},  # 5 working days after the plan
            {"child": "C", "start_date": D(2024, 11, 1)},  # looked after, but no s47 on the way
            {"child": "F", "start_date": D(2023, 1, 1)},  # before the referral
            {"child": "F", "start_date": D(2025, 7, 1)},  # a year and more after it
        ],
    )  # fmt: skip
    with _connect(made) as c:
        yield c


def _figures(j):
    return {s.key: (s.count, s.any_route, s.conversion, s.median_days) for s in j.steps}


def test_it_counts_each_child_once_through_the_funnel_with_working_days(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert _figures(j) == {
        "referral": (5, 5, None, None),
        "assessment": (3, 3, 60.0, 2.0),
        "s47": (2, 2, 66.7, 3.0),
        "icpc": (1, 1, 50.0, 10.0),
        "cp_plan": (1, 1, 100.0, 0.0),
        "looked_after": (1, 2, 100.0, 5.0),
    }


def test_a_factor_takes_the_first_referral_whose_assessment_had_it(con):
    j = journey(con, Filters(factor="domestic_abuse"), year=2025, calendar=CAL, small=NEVER)
    figures = _figures(j)
    assert figures["referral"][0] == 3  # A, C, and E through its second referral
    assert figures["assessment"] == (3, 3, 100.0, 2.0)
    assert figures["s47"][0] == 1


@pytest.mark.parametrize(
    ("filters", "referrals", "assessments"),
    [
        (Filters(sex="M"), 1, 1),
        (Filters(age_band="under_1"), 1, 1),
        (Filters(age_band="16_plus"), 1, 1),
        (Filters(disability="disabled"), 1, 1),
        (Filters(ethnicity="black"), 1, 1),
        (Filters(ethnicity="white", sex="F"), 3, 1),
        (Filters(factor="mental_health"), 1, 1),
    ],
)
def test_the_filters_narrow_the_children(con, filters, referrals, assessments):
    j = journey(con, filters, year=2025, calendar=CAL, small=NEVER)
    assert (j.steps[0].count, j.steps[1].count) == (referrals, assessments)


def test_another_year_has_its_own_children(con):
    j = journey(con, Filters(), year=2024, calendar=CAL, small=NEVER)
    assert j.referrals == 1  # D's referral of March 2024
    assert j.steps[1].count == 1


def test_an_unknown_factor_is_refused(con):
    with pytest.raises(ValueError, match="not a factor"):
        journey(con, Filters(factor="nope"), year=2025, calendar=CAL)


def test_small_counts_and_what_is_computed_from_them_are_hidden():
    names = [f"K{n}" for n in range(8)]
    made = tables(
        children=[child(n) for n in names],
        referrals=[_ref(n, f"R{n}", D(2024, 6, 3)) for n in names],
        assessments=[_ass(n, f"R{n}", D(2024, 6, 5)) for n in names[:7]],
        s47=[
            {"child": n, "referral_id": f"R{n}", "s47_id": n, "start_date": D(2024, 6, 7)}
            for n in names[:3]
        ],
    )
    with _connect(made) as c:
        rows = {r["key"]: r for r in journey(c, Filters(), year=2025, calendar=CAL).rows()}
    assert (rows["referral"]["count"], rows["referral"]["hidden"]) == (8, False)
    assert (rows["assessment"]["count"], rows["assessment"]["conversion"]) == (7, 87.5)
    assert rows["assessment"]["median_days"] == 2.0
    assert rows["s47"]["hidden"]
    assert rows["s47"]["count"] is None
    assert rows["s47"]["conversion"] is None
    assert rows["s47"]["median_days"] is None
    assert rows["s47"]["width"] == 0
    # zero is shown, but its conversion would give away the suppressed step before it
    assert (rows["icpc"]["count"], rows["icpc"]["hidden"]) == (0, False)
    assert rows["icpc"]["conversion"] is None
