"""The rules that decide what to suggest, with worked examples (no database).

The series below are built so their limits can be read off: a steady baseline of twelve months
around a mean, then the change the example is about. Each test states the figures it expects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.trends import periods
from scrutineer.trends.enquiry_rules import (
    IndicatorFacts,
    benchmark_gap,
    benchmark_proposal,
    candidate_runs,
    missing_return_proposal,
    runs,
    signal_proposal,
)
from scrutineer.trends.enquiry_words import is_plural, number, span
from scrutineer.trends.spc import Rule, spc
from scrutineer.trends.starter import STARTER

JAN_2024 = dt.date(2024, 1, 1)
# Twelve months, January to December 2024, mean 19.0 and a mean moving range of 0.5: the
# process limits are 19.0 +/- 2.66 x 0.5, so 17.67 to 20.33 (2 sigma at 18.11 and 19.89).
BASELINE = [18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0]

REREFERRALS = IndicatorFacts(
    code="rereferral_pct",
    name="Re-referrals within 12 months",
    unit="percentage",
    polarity="down",
    frequency="monthly",
    decimals=1,
    agency_id=7,
)
TIMELINESS = IndicatorFacts(
    code="assessment_45wd_pct",
    name="Assessments within 45 working days",
    unit="percentage",
    polarity="up",
    frequency="monthly",
    agency_id=7,
)


def months(n: int, start: dt.date = JAN_2024) -> list[str]:
    return [periods.key(periods.add_months(start, i), "monthly") for i in range(n)]


def chart(values: list[float], facts: IndicatorFacts, *, fix_after: int | None = None):
    return spc(values, months(len(values)), polarity=facts.polarity, fix_after=fix_after)


# --- signals ---------------------------------------------------------------------------------


def test_a_three_month_run_above_the_upper_limit_of_a_lower_is_better_indicator_is_a_question():
    # Limits fixed on the baseline: 17.67 to 20.33. January to March 2025 are above 20.33.
    result = chart([*BASELINE, 23.8, 24.0, 24.1], REREFERRALS, fix_after=12)
    proposal = signal_proposal(REREFERRALS, result)
    assert proposal is not None
    assert proposal.key == "signal:rereferral_pct:outside_limits:2025-01"
    assert proposal.kind == "signal"
    assert proposal.agency_id == 7
    assert proposal.text == (
        "Re-referrals within 12 months have been above the upper process limit for 3 months "
        "(January to March 2025, latest 24.1% against a limit of 20.3%); what is driving this "
        "and what is being done?"
    )
    evidence = proposal.evidence
    assert evidence["rule"] == "outside_limits"
    assert evidence["direction"] == "high"
    assert [p["period"] for p in evidence["points"]] == ["2025-01", "2025-02", "2025-03"]
    assert [p["value"] for p in evidence["points"]] == [23.8, 24.0, 24.1]
    assert evidence["points"][-1]["upper"] == pytest.approx(19.0 + 2.66 * 0.5)


def test_a_seven_month_fall_in_a_higher_is_better_indicator_is_a_question():
    # Wide limits from a noisy baseline (mean 80, mean moving range 45 / 11 = 4.09: limits
    # 69.1 to 90.9), then seven months each lower than the last, all inside the limits.
    noisy = [77.0, 83.0, 80.0, 77.0, 83.0, 80.0, 77.0, 83.0, 80.0, 77.0, 83.0, 80.0]
    falling = [82.0, 81.0, 80.5, 80.0, 79.0, 78.5, 78.0]
    result = chart([*noisy, *falling], TIMELINESS, fix_after=12)
    proposal = signal_proposal(TIMELINESS, result)
    assert proposal is not None
    # December 2024 (80.0) is below January 2025 (82.0), so the fall starts in January.
    assert proposal.key == "signal:assessment_45wd_pct:trend:2025-01"
    assert proposal.text == (
        "Assessments within 45 working days have fallen month on month for 7 months "
        "(January to July 2025, from 82.0% to 78.0%); what is driving this and what is "
        "being done?"
    )


def test_a_shift_below_the_mean_of_a_higher_is_better_indicator_is_a_question():
    # Eight months just below the baseline's mean of 19.0, none near a limit, not monotonic.
    below = [18.8, 18.6, 18.9, 18.7, 18.8, 18.6, 18.9, 18.7]
    facts = IndicatorFacts(
        "cp_reviews_on_time_pct", "Child protection reviews on time", "percentage", "up"
    )
    result = chart([*BASELINE, *below], facts, fix_after=12)
    proposal = signal_proposal(facts, result)
    assert proposal is not None
    # December 2024 is 19.0, exactly on the mean, which breaks a run: the shift is the eight
    # months from January 2025.
    assert proposal.key == "signal:cp_reviews_on_time_pct:shift:2025-01"
    assert proposal.text == (
        "Child protection reviews on time have been below the average for 8 months in a row "
        "(January to August 2025, latest 18.7% against an average of 19.0%); what is driving "
        "this and what is being done?"
    )


def test_two_of_three_near_the_upper_limit_is_a_question_worded_with_the_points():
    # 2 sigma is 19.89 and the upper limit 20.33: 20.1 and 20.2 are beyond 2 sigma, inside the
    # limit, with 19.2 (inside 2 sigma) between them.
    result = chart([*BASELINE, 20.1, 19.2, 20.2], REREFERRALS, fix_after=12)
    proposal = signal_proposal(REREFERRALS, result)
    assert proposal is not None
    assert proposal.key == "signal:rereferral_pct:two_of_three:2025-01"
    assert proposal.text == (
        "Re-referrals within 12 months have been close to or beyond the upper process limit in "
        "2 months out of 3 (January 2025 at 20.1%, March 2025 at 20.2%; the limit is 20.3%); "
        "what is driving this and what is being done?"
    )


def test_a_signal_on_the_improving_side_makes_no_suggestion():
    # The same three months, but for an indicator where higher is better.
    result = chart([*BASELINE, 23.8, 24.0, 24.1], TIMELINESS, fix_after=12)
    assert result.points[-1].rules  # the engine does flag them...
    assert signal_proposal(TIMELINESS, result) is None  # ...as improvement, not a question


def test_a_neutral_indicator_gets_a_question_for_a_special_cause_either_way():
    facts = IndicatorFacts("referrals", "Referrals", "count", "neutral", decimals=0)
    high = signal_proposal(facts, chart([*BASELINE, 23.8, 24.0, 24.1], facts, fix_after=12))
    low = signal_proposal(facts, chart([*BASELINE, 14.0, 14.2, 13.9], facts, fix_after=12))
    assert high is not None
    assert low is not None
    assert high.text == (
        "Referrals have been above the upper process limit for 3 months (January to March "
        "2025, latest 24 against a limit of 20); what is driving this, and is it what partners "
        "expected?"
    )
    assert low.key == "signal:referrals:outside_limits:2025-01"
    assert "below the lower process limit" in low.text


def test_common_cause_variation_makes_no_suggestion():
    assert signal_proposal(REREFERRALS, chart(BASELINE, REREFERRALS)) is None


def test_a_run_that_grows_keeps_its_key():
    three = signal_proposal(
        REREFERRALS, chart([*BASELINE, 23.8, 24.0, 24.1], REREFERRALS, fix_after=12)
    )
    four = signal_proposal(
        REREFERRALS, chart([*BASELINE, 23.8, 24.0, 24.1, 24.5], REREFERRALS, fix_after=12)
    )
    assert three is not None
    assert four is not None
    assert three.key == four.key == "signal:rereferral_pct:outside_limits:2025-01"
    assert "for 4 months (January to April 2025, latest 24.5%" in four.text


def test_the_run_that_began_first_is_chosen_so_a_stronger_rule_joining_keeps_the_key():
    # A fall that began in January 2025 and then crosses the lower limit (69.1) in August.
    noisy = [77.0, 83.0, 80.0, 77.0, 83.0, 80.0, 77.0, 83.0, 80.0, 77.0, 83.0, 80.0]
    before = signal_proposal(
        TIMELINESS,
        chart([*noisy, 82.0, 81.0, 80.5, 80.0, 79.0, 78.5, 78.0], TIMELINESS, fix_after=12),
    )
    after = signal_proposal(
        TIMELINESS,
        chart([*noisy, 82.0, 81.0, 80.5, 80.0, 79.0, 78.5, 78.0, 65.0], TIMELINESS, fix_after=12),
    )
    assert before is not None
    assert after is not None
    assert after.key == before.key
    assert "a point beyond a process limit" in after.evidence["also"]


def test_a_run_that_ended_before_the_recent_months_is_history_not_a_question():
    # Above the limit in January and February 2025, then four ordinary months.
    values = [*BASELINE, 23.8, 24.0, 19.0, 18.5, 19.5, 19.0]
    assert signal_proposal(REREFERRALS, chart(values, REREFERRALS, fix_after=12)) is None


def test_a_run_that_ended_within_the_latest_return_is_worded_in_the_past():
    values = [*BASELINE, 23.8, 24.0, 19.0]
    proposal = signal_proposal(REREFERRALS, chart(values, REREFERRALS, fix_after=12))
    assert proposal is not None
    assert proposal.text.startswith(
        "Re-referrals within 12 months were above the upper process limit for 2 months "
        "(January to February 2025, latest 24.0%"
    )
    assert proposal.evidence["ongoing"] is False


def test_a_single_point_beyond_the_limit_is_worded_for_one_period():
    proposal = signal_proposal(REREFERRALS, chart([*BASELINE, 23.8], REREFERRALS, fix_after=12))
    assert proposal is not None
    assert proposal.text.startswith(
        "Re-referrals within 12 months have gone above the upper process limit in January 2025 "
        "(23.8% against a limit of 20.3%)"
    )


def test_a_quarterly_indicator_counts_quarters_and_only_its_latest_quarter_is_recent():
    facts = IndicatorFacts(
        "camhs_wait_days",
        "Median wait for a first mental health appointment",
        "days",
        "down",
        "quarterly",
    )
    keys = [
        periods.key(periods.add_months(dt.date(2022, 4, 1), 3 * i), "quarterly") for i in range(14)
    ]
    values = [*BASELINE, 30.0, 31.0]
    result = spc(values, keys, polarity="down", fix_after=12)
    proposal = signal_proposal(facts, result)
    assert proposal is not None
    assert proposal.key == "signal:camhs_wait_days:outside_limits:2025-26 Q1"
    assert proposal.text.startswith(
        "Median wait for a first mental health appointment has been above the upper process "
        "limit for 2 quarters (April to September 2025, latest 31.0 days against a limit of "
        "20.3 days)"
    )


def test_runs_split_at_a_rebasing_and_two_of_three_bridges_its_middle_point():
    result = chart([*BASELINE, 20.1, 19.2, 20.2], REREFERRALS, fix_after=12)
    found = [run for run in runs(result) if run.rule is Rule.TWO_OF_THREE]
    assert [(run.first_index, run.last_index, run.window) for run in found] == [(12, 14, 3)]
    rebased = spc([*BASELINE, 23.8, 24.0, 24.1], months(15), polarity="down", rebase_at=["2025-01"])
    # After the re-basing the three months form their own segment: no limit is crossed.
    assert not [r for r in candidate_runs(rebased, REREFERRALS) if r.rule is Rule.OUTSIDE_LIMITS]


# --- benchmarks ------------------------------------------------------------------------------


@dataclass
class Summary:
    code: str = "rereferral_pct"
    year: int | None = 2025
    value: float | None = 27.0
    england: float | None = 22.4
    region: float | None = 21.0
    neighbours_mean: float | None = 20.0
    rank: int | None = 140
    of: int | None = 153
    quartile: str | None = "C"
    marker: str = ""


def test_a_gap_beyond_the_threshold_worse_than_the_neighbours_is_a_question():
    # (27.0 - 20.0) / 20.0 = 35% worse, for an indicator where lower is better.
    proposal = benchmark_proposal(REREFERRALS, Summary(), threshold_pct=20)
    assert proposal is not None
    assert proposal.key == "benchmark:rereferral_pct:2025"
    assert proposal.text == (
        "Re-referrals within 12 months were 27.0% in 2024-25, 35% higher than the statistical "
        "neighbours' average of 20.0% (England 22.4%, rank 140 of 153, quartile C); what "
        "explains the gap and what is being done?"
    )
    assert proposal.evidence["gap_pct"] == 35.0
    assert proposal.evidence["reasons"] == ["neighbours_gap"]


def test_a_gap_below_the_threshold_makes_no_question():
    # (23.0 - 20.0) / 20.0 = 15%, under 20%.
    assert benchmark_proposal(REREFERRALS, Summary(value=23.0), threshold_pct=20) is None
    # exactly at the threshold is not beyond it
    assert benchmark_proposal(REREFERRALS, Summary(value=24.0), threshold_pct=20) is None


def test_a_gap_on_the_better_side_makes_no_question():
    assert benchmark_proposal(REREFERRALS, Summary(value=12.0), threshold_pct=20) is None
    assert benchmark_proposal(TIMELINESS, Summary(value=27.0), threshold_pct=20) is None


def test_quartile_d_is_a_question_even_with_a_small_gap():
    proposal = benchmark_proposal(REREFERRALS, Summary(value=21.0, quartile="D"), threshold_pct=20)
    assert proposal is not None
    assert proposal.evidence["reasons"] == ["quartile_d"]
    assert "in the worst quarter of local authorities in England" in proposal.text


def test_neutral_indicators_and_missing_figures_make_no_benchmark_question():
    neutral = IndicatorFacts(
        "referral_rate", "Referral rate per 10,000 children", "rate_10k", "neutral"
    )
    assert benchmark_proposal(neutral, Summary(quartile="D"), threshold_pct=20) is None
    assert (
        benchmark_proposal(REREFERRALS, Summary(value=None, quartile="D"), threshold_pct=20) is None
    )
    assert benchmark_proposal(REREFERRALS, None, threshold_pct=20) is None


def test_the_gap_is_a_share_of_the_neighbours_mean_signed_by_polarity():
    assert benchmark_gap(27.0, 20.0, "down") == pytest.approx(35.0)
    assert benchmark_gap(15.0, 20.0, "up") == pytest.approx(25.0)
    assert benchmark_gap(25.0, 20.0, "up") == pytest.approx(-25.0)
    assert benchmark_gap(25.0, 0.0, "up") is None
    assert benchmark_gap(25.0, 20.0, "neutral") is None


# --- missing returns -------------------------------------------------------------------------


def test_a_late_return_is_a_question_with_its_working_days():
    proposal = missing_return_proposal(
        agency_id=3,
        agency_name="Northbridge Police",
        quarter_start=dt.date(2025, 4, 1),
        due_on=dt.date(2025, 7, 21),
        today=dt.date(2025, 8, 11),
        submitted=False,
        working_days_late=15,
    )
    assert proposal is not None
    assert proposal.key == "missing_return:3:2025-26 Q1"
    assert proposal.agency_id == 3
    assert proposal.text == (
        "Northbridge Police's return for April to June 2025 was due on 21 July 2025 and has not "
        "arrived (15 working days late); what is holding it up, and when will it arrive?"
    )


def test_a_return_not_yet_due_or_already_submitted_makes_no_question():
    common = {
        "agency_id": 3,
        "agency_name": "Northbridge Children's Services",
        "quarter_start": dt.date(2025, 4, 1),
        "due_on": dt.date(2025, 7, 21),
        "working_days_late": 0,
    }
    assert missing_return_proposal(today=dt.date(2025, 7, 21), submitted=False, **common) is None
    assert missing_return_proposal(today=dt.date(2025, 7, 1), submitted=False, **common) is None
    assert missing_return_proposal(today=dt.date(2025, 9, 1), submitted=True, **common) is None
    late = missing_return_proposal(
        today=dt.date(2025, 7, 22), submitted=False, **{**common, "working_days_late": 1}
    )
    assert late is not None
    assert late.text.startswith("Northbridge Children's Services' return")
    assert "(1 working day late)" in late.text


# --- words -----------------------------------------------------------------------------------


PLURAL_NAMES = {
    "Referral rate per 10,000 children": False,
    "Children looked after per 10,000 children": True,
    "Safeguarding children training compliance (NHS)": False,
    "Children missing 3 or more times": True,
    "Domestic abuse at the end of assessment": False,
    "Assessments completed": True,
    "Police attendance at strategy discussions": False,
    "Median wait for a first mental health appointment": False,
    "Sexual offences against children": True,
    "Children reported missing more than once": True,
    "Children seen within 5 working days": True,
}


@pytest.mark.parametrize(("name", "plural"), PLURAL_NAMES.items())
def test_it_knows_which_names_take_a_plural_verb(name, plural):
    assert is_plural(name) is plural


def test_every_starter_name_gets_a_verb_that_agrees():
    # Read by a person once; kept here so a new starter name is read too.
    singular = {e.name for e in STARTER if not is_plural(e.name)}
    assert singular == {
        "Referral rate per 10,000 children",
        "Domestic abuse at the end of assessment",
        "Mental health of a parent or child at the end of assessment",
        "Exploitation at the end of assessment",
        "Police attendance at strategy discussions",
        "Health attendance at initial child protection conferences",
        "Health attendance at strategy discussions",
        "Safeguarding children training compliance (NHS)",
        "Median wait for a first mental health appointment",
    }


def test_figures_are_written_with_their_unit():
    assert number(24.06, "percentage", 1) == "24.1%"
    assert number(512.34, "rate_10k", 1) == "512.3 per 10,000 children"
    assert number(1204.4, "count", 1) == "1,204"
    assert number(23.5, "days", 1) == "23.5 days"


def test_spans_read_as_months():
    assert span("2025-01", "2025-03", "monthly") == "January to March 2025"
    assert span("2024-11", "2025-01", "monthly") == "November 2024 to January 2025"
    assert span("2025-03", "2025-03", "monthly") == "March 2025"
    assert span("2025-26 Q1", "2025-26 Q1", "quarterly") == "April to June 2025"
    assert span("2024-25 Q3", "2025-26 Q1", "quarterly") == "October 2024 to June 2025"


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40),
    st.sampled_from(["up", "down", "neutral"]),
)
def test_any_series_gives_at_most_one_proposal_whose_key_names_its_first_point(values, polarity):
    facts = IndicatorFacts("x", "Things", "count", polarity)
    result = spc(values, months(len(values)), polarity=polarity)
    proposal = signal_proposal(facts, result)
    if proposal is None:
        return
    first = proposal.evidence["points"][0]["period"]
    assert proposal.key == f"signal:x:{proposal.evidence['rule']}:{first}"
    last = proposal.evidence["points"][-1]["period"]
    keys = months(len(values))
    assert last in keys[-3:]  # the run reaches into the latest quarter's months
    assert proposal.evidence["ongoing"] is (last == keys[-1])
