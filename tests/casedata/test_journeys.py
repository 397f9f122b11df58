"""Journeys: a worked example on hand-made tables, the filters, and small-number suppression.

The year is 2025 (1 April 2024 to 31 March 2025). Working days are counted as after the first
date up to and including the second, in England's calendar: the bank holidays 6 May and
26 August 2024 fall inside two of the gaps below.
"""

from __future__ import annotations

import statistics

import pytest

from scrutineer.casedata.journeys import Filters, journey
from scrutineer.core.workdays import england_and_wales

from .journeys_tables import CAL, NEVER, D, child, connect, tables


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
    with connect(made) as c:
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
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL)
    rows = {r["key"]: r for r in j.rows()}
    assert rows["s47"]["hidden"]
    assert rows["s47"]["count"] is None
    assert rows["s47"]["conversion"] is None
    assert rows["s47"]["median_days"] is None
    assert "width" not in rows["s47"]  # the bar chart's, gone with it
    # 1 of the 8 was not assessed, a flow of its own: with the 8 and the 7 both shown it would
    # be 8 - 7, so the 8 goes too (secondary suppression), and the 87.5% that gives it away
    assert (rows["referral"]["count"], rows["referral"]["hidden"]) == (None, True)
    assert j.suppression.hidden["children"] == "secondary"
    assert (rows["assessment"]["count"], rows["assessment"]["conversion"]) == (7, None)
    assert rows["assessment"]["derived_hidden"]
    # zero is shown, but its conversion would give away the suppressed step before it
    assert (rows["icpc"]["count"], rows["icpc"]["hidden"]) == (0, False)
    assert rows["icpc"]["conversion"] is None
    assert j.suppression.recoverable(j.totals()) == []


def _flows(j):
    return {(f.source, f.target): (f.count, f.median_days) for f in j.flows}


def test_the_flows_follow_each_child_to_the_next_step_they_reached(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert _flows(j) == {
        ("referral", "assessment"): (3, 2.0),  # A 2, B 4, C 2
        ("referral", "end"): (2, None),  # E (through RE1, never assessed) and F
        ("assessment", "s47"): (2, 3.0),  # A 4, B 2
        ("assessment", "looked_after"): (1, 21.0),  # C, skipping the section 47: 3 Oct to 1 Nov
        ("s47", "icpc"): (1, 10.0),
        ("s47", "end"): (1, None),  # B
        ("icpc", "cp_plan"): (1, 0.0),
        ("cp_plan", "looked_after"): (1, 5.0),
    }
    assert [f.skips for f in j.flows].count(True) == 1


def test_the_flows_into_and_out_of_a_step_add_up_to_its_children_by_any_route(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    for step in j.steps:
        arriving = sum(f.count for f in j.flows if f.target == step.key)
        leaving = sum(f.count for f in j.flows if f.source == step.key)
        if step.key != "referral":
            assert arriving == step.any_route, step.key
        if step.key != "looked_after":  # where the journey ends
            assert leaving == step.any_route, step.key


def test_a_calendar_that_counts_the_start_day_counts_it_here_too(con):
    counting = england_and_wales(count_start_day=True)
    j = journey(con, Filters(), year=2025, calendar=counting, small=NEVER)
    assessed = [(D(2024, 8, 22), D(2024, 8, 27)), (D(2024, 5, 1), D(2024, 5, 8)),
                (D(2024, 10, 1), D(2024, 10, 3))]  # fmt: skip
    expected = statistics.median(counting.between(a, b) for a, b in assessed)
    assert j.steps[1].median_days == expected == 3.0  # one more than the plain count
    assert _flows(j)[("cp_plan", "looked_after")] == (1, 6.0)


def test_looked_after_counts_from_the_referral_date_to_the_day_before_a_year_on():
    days = {"N1": D(2024, 6, 3), "N2": D(2025, 6, 2), "N3": D(2025, 6, 3), "N4": D(2024, 6, 2)}
    made = tables(
        children=[child(n) for n in days],
        referrals=[_ref(n, f"R{n}", D(2024, 6, 3)) for n in days],
        cla_episodes=[{"child": n, "start_date": day} for n, day in days.items()],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert _flows(j)[("referral", "looked_after")][0] == 2  # N1 on the day, N2 the day before


def test_a_date_outside_the_calendar_leaves_its_child_out_of_the_median_only():
    made = tables(
        children=[child("Z")],
        referrals=[_ref("Z", "RZ", D(2024, 6, 3))],
        assessments=[_ass("Z", "RZ", D(2061, 1, 3))],  # a typing error: beyond 2060
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert (j.steps[1].count, j.steps[1].median_days) == (1, None)


def test_suppressed_flows_hide_their_share_and_median():
    names = [f"K{n}" for n in range(9)]
    made = tables(
        children=[child(n) for n in names],
        referrals=[_ref(n, f"R{n}", D(2024, 6, 3)) for n in names],
        assessments=[_ass(n, f"R{n}", D(2024, 6, 5)) for n in names[:7]],
    )
    with connect(made) as c:
        rows = journey(c, Filters(), year=2025, calendar=CAL).flow_rows()
    shown = {(r["source"], r["target"]): r for r in rows}
    onward = shown[("referral", "assessment")]
    # the 9 referred are hidden too, or 9 - 7 gives the 2; so is 77.8%, which gives the 9
    assert (onward["count"], onward["share"], onward["median_days"]) == (7, None, 2.0)
    assert onward["share_hidden"]
    ended = shown[("referral", "end")]
    assert ended["hidden"]
    assert ended["share_hidden"]
    assert (ended["count"], ended["share"], ended["median_days"]) == (None, None, None)
    assert shown[("assessment", "end")]["count"] == 7


def test_from_29_february_a_year_on_is_1_march():
    """Looked after "before the same date a year later": for a referral on 29 February 2024 that
    is 1 March 2025, so an episode on 28 February 2025 counts and one on 1 March does not."""
    days = {"L1": D(2025, 2, 28), "L2": D(2025, 3, 1)}
    made = tables(
        children=[child(n) for n in days],
        referrals=[_ref(n, f"R{n}", D(2024, 2, 29)) for n in days],
        cla_episodes=[{"child": n, "start_date": day} for n, day in days.items()],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2024, calendar=CAL, small=NEVER)
    assert _flows(j)[("referral", "looked_after")][0] == 1  # L1 only


def test_the_referral_after_a_contact_of_a_child_already_in_the_journey_is_outside_it():
    """R is referred in June with no contact, contacted in August and referred again in
    September: R is "no contact -> referral", and from the contact goes to a referral outside
    this journey, not to "not referred after a contact"."""
    made = tables(
        children=[child("R")],
        contacts=[{"child": "R", "contact_date": D(2024, 8, 1), "source": "1A"}],
        referrals=[_ref("R", "R1", D(2024, 6, 3)), _ref("R", "R2", D(2024, 9, 2))],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert j.contacts is not None
    assert (j.contacts.referred, j.contacts.outside, j.contacts.ended) == (0, 1, 0)
    assert j.contacts.without == 1
    rows = {r["key"]: r for r in j.contact_rows()}
    assert rows["outside"]["label"] == "Referred after a contact, outside this journey"
    assert rows["not_referred"]["count"] == 0


def _many(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:03d}" for i in range(n)]


@pytest.mark.parametrize(
    ("assessed", "s47", "plans"),
    [(7, 3, 1), (12, 6, 5), (30, 29, 2), (9, 9, 8), (40, 3, 3)],
    ids=["tiny", "just above", "one left", "all but one", "small tail"],
)
def test_no_hidden_figure_can_be_worked_out_from_the_totals(assessed, s47, plans):
    """Hand-made journeys with small counts in awkward places: a step that all but one child
    reached, a small exit beside a large one, a skip of a few children, a contact step."""
    names = _many("K", assessed + 4)
    made = tables(
        children=[child(n) for n in names],
        contacts=[{"child": n, "contact_date": D(2024, 5, 1), "source": "1A"}
                  for n in [*names[: assessed - 2], "X1", "X2", "X3"]],
        referrals=[_ref(n, f"R{n}", D(2024, 6, 3)) for n in names],
        assessments=[_ass(n, f"R{n}", D(2024, 6, 5)) for n in names[:assessed]],
        s47=[{"child": n, "referral_id": f"R{n}", "s47_id": n, "start_date": D(2024, 6, 7),
              "icpc_date": D(2024, 6, 20)} for n in names[:s47]],
        cp_plans=[{"child": n, "referral_id": f"R{n}", "plan_id": n, "start_date": D(2024, 6, 20)}
                  for n in names[:plans]],
        cla_episodes=[{"child": n, "start_date": D(2024, 7, 1)}
                      for n in [*names[:1], *names[s47 : s47 + 2]]],  # a plan's, and two skips
    )  # fmt: skip
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL)
    assert "primary" in j.suppression.hidden.values()
    assert j.suppression.recoverable(j.totals()) == []
    # and what the rows show agrees with it: a hidden count is never shown anywhere
    shown = [r["count"] for r in [*j.rows(), *j.flow_rows(), *j.contact_rows()]]
    assert not [n for n in shown if n is not None and 1 <= n <= 5]
