"""Making, accepting and dismissing suggestions against the database: never twice for a signal,
never two challenges from one suggestion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from scrutineer.challenges.models import Challenge
from scrutineer.trends.enquiries import (
    SOURCE_TYPE,
    SuggestionDecided,
    evidence_text,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_make,
)
from scrutineer.trends.models import Submission, Suggestion, SuggestionStatus
from scrutineer.trends.services import return_for

from .factories import make_indicator, make_series

# Twelve ordinary months from April 2023 (mean 19.0, limits 17.67 to 20.33 when fixed on them).
BASELINE = [18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0]
TODAY = dt.date(2025, 8, 11)


@dataclass
class FakeSummary:
    code: str
    year: int = 2025
    value: float | None = 27.0
    england: float | None = 22.4
    region: float | None = 21.0
    neighbours_mean: float | None = 20.0
    rank: int | None = 140
    of: int = 153
    quartile: str | None = "C"
    marker: str = ""


class FakeBenchmarks(dict):
    """The summaries a test wants ``benchmark_summary`` to give, by code, and the calls made."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []

    def benchmark_summary(self, *, la_code: str, codes: Any, year: int | None = None) -> dict:
        codes = list(codes)
        self.calls.append({"la_code": la_code, "codes": codes, "year": year})
        return {code: self[code] for code in codes if code in self}


@pytest.fixture(autouse=True)
def benchmarks(monkeypatch) -> FakeBenchmarks:
    """Stand in for ``trends.benchmarks.benchmark_summary``, the one function the rules call
    there; by default no indicator has a published figure."""
    fake = FakeBenchmarks()
    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_summary", fake.benchmark_summary)
    return fake


@pytest.fixture
def rereferrals(council):
    indicator = make_indicator(
        "rereferral_pct",
        council,
        name="Re-referrals within 12 months",
        unit="percentage",
        polarity="down",
        fix_limits_after=12,
        benchmark_code="rereferral_pct",
    )
    make_series(indicator, [*BASELINE, 23.8, 24.0, 24.1])
    return indicator


def test_it_suggests_a_question_for_a_concerning_signal_addressed_to_the_indicators_agency(
    rereferrals, council
):
    made = suggestions_make(today=TODAY)
    assert len(made) == 1
    suggestion = Suggestion.objects.get()
    assert suggestion.key == "signal:rereferral_pct:outside_limits:2024-04"
    assert suggestion.kind == "signal"
    assert suggestion.indicator == rereferrals
    assert suggestion.agency == council
    assert suggestion.status == SuggestionStatus.OPEN
    assert suggestion.text.startswith(
        "Re-referrals within 12 months have been above the upper process limit for 3 months "
        "(April to June 2024, latest 24.1% against a limit of 20.3%)"
    )
    assert [p["value"] for p in suggestion.evidence["points"]] == [23.8, 24.0, 24.1]


def test_running_it_again_makes_no_second_suggestion(rereferrals):
    assert len(suggestions_make(today=TODAY)) == 1
    assert suggestions_make(today=TODAY) == []
    assert Suggestion.objects.count() == 1


def test_a_dismissed_or_accepted_signal_is_never_suggested_again(rereferrals, alice):
    suggestion = suggestions_make(today=TODAY)[0]
    suggestion_dismiss(suggestion=suggestion, reason="A recording change.", user=alice)
    assert suggestions_make(today=TODAY) == []
    assert Suggestion.objects.get().status == SuggestionStatus.DISMISSED


def test_a_run_that_grows_keeps_its_suggestion_and_an_open_one_gets_the_new_figures(
    rereferrals,
):
    first = suggestions_make(today=TODAY)[0]
    make_series(rereferrals, [24.6], start=dt.date(2024, 7, 1))
    assert suggestions_make(today=TODAY) == []
    first.refresh_from_db()
    assert first.key == "signal:rereferral_pct:outside_limits:2024-04"
    assert "for 4 months (April to July 2024, latest 24.6%" in first.text
    assert len(first.evidence["points"]) == 4


def test_a_decided_suggestion_keeps_the_words_it_was_decided_on(rereferrals, alice):
    first = suggestions_make(today=TODAY)[0]
    suggestion_dismiss(suggestion=first, reason="Known.", user=alice)
    make_series(rereferrals, [24.6], start=dt.date(2024, 7, 1))
    suggestions_make(today=TODAY)
    first.refresh_from_db()
    assert "for 3 months" in first.text


def test_an_improving_signal_and_an_inactive_indicator_make_no_suggestion(council):
    better = make_indicator(
        "timeliness", council, unit="percentage", polarity="up", fix_limits_after=12
    )
    make_series(better, [*BASELINE, 23.8, 24.0, 24.1])
    retired = make_indicator("old", council, polarity="down", fix_limits_after=12, active=False)
    make_series(retired, [*BASELINE, 23.8, 24.0, 24.1])
    assert suggestions_make(today=TODAY) == []


def test_an_adverse_benchmark_gap_beyond_the_threshold_is_suggested(
    rereferrals, benchmarks, partnership, settings
):
    settings.SUGGEST_BENCHMARK_GAP_PCT = 20
    benchmarks["rereferral_pct"] = FakeSummary("rereferral_pct")
    made = {s.kind: s for s in suggestions_make(today=TODAY)}
    assert benchmarks.calls == [{"la_code": "383", "codes": ["rereferral_pct"], "year": None}]
    gap = made["benchmark"]
    assert gap.key == "benchmark:rereferral_pct:2025"
    assert gap.agency == rereferrals.agency
    assert gap.text.startswith("Re-referrals within 12 months were 27.0% in 2024-25, 35% higher")


def test_a_benchmark_gap_below_the_threshold_is_not_suggested(
    rereferrals, benchmarks, partnership, settings
):
    settings.SUGGEST_BENCHMARK_GAP_PCT = 40  # the gap is 35%
    benchmarks["rereferral_pct"] = FakeSummary("rereferral_pct")
    assert [s.kind for s in suggestions_make(today=TODAY)] == ["signal"]


def test_a_late_return_is_suggested_and_one_not_yet_due_is_not(police, council):
    late = return_for(agency=police, quarter_start=dt.date(2025, 4, 1))
    return_for(agency=council, quarter_start=dt.date(2025, 7, 1))  # due in October
    assert late.due_on == dt.date(2025, 7, 21)
    made = suggestions_make(today=TODAY)
    assert [s.key for s in made] == [f"missing_return:{police.pk}:2025-26 Q1"]
    assert made[0].agency == police
    assert made[0].text == (
        "Testshire Police's return for April to June 2025 was due on 21 July 2025 and has not "
        "arrived (15 working days late); what is holding it up, and when will it arrive?"
    )


def test_a_submitted_return_is_not_missing(police):
    data_return = return_for(agency=police, quarter_start=dt.date(2025, 4, 1))
    Submission.objects.create(
        data_return=data_return, version=1, channel="csv", submitted_at=timezone.now()
    )
    assert suggestions_make(today=TODAY) == []


def test_accepting_raises_a_challenge_and_marks_the_suggestion(rereferrals, alice, police):
    suggestion = suggestions_make(today=TODAY)[0]
    challenge = suggestion_accept(
        suggestion=suggestion,
        question="  Why are re-referrals rising?  ",
        agency=police,
        due_on=dt.date(2025, 9, 8),
        user=alice,
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.challenge == challenge
    assert suggestion.decided_by == alice
    assert (challenge.question, challenge.agency, challenge.due_on) == (
        "Why are re-referrals rising?",
        police,
        dt.date(2025, 9, 8),
    )
    assert (challenge.source_type, challenge.source_id) == (SOURCE_TYPE, str(suggestion.pk))
    assert challenge.source_label == "Signal in Re-referrals within 12 months"
    assert "April 2024: 23.8%" in challenge.evidence
    assert challenge.raised_by == alice


def test_accepting_twice_raises_one_challenge(rereferrals, alice, bob):
    suggestion = suggestions_make(today=TODAY)[0]
    stale = Suggestion.objects.get(pk=suggestion.pk)  # a second tab, loaded before the first
    suggestion_accept(
        suggestion=suggestion, question="Q", agency=None, due_on=dt.date(2025, 9, 8), user=alice
    )
    with pytest.raises(SuggestionDecided, match="put to partners as challenge C"):
        suggestion_accept(
            suggestion=stale, question="Q", agency=None, due_on=dt.date(2025, 9, 8), user=bob
        )
    with pytest.raises(SuggestionDecided):
        suggestion_dismiss(suggestion=stale, reason="No", user=bob)
    assert Challenge.objects.count() == 1


def test_dismissing_needs_a_reason(rereferrals, alice):
    suggestion = suggestions_make(today=TODAY)[0]
    with pytest.raises(ValueError, match="Say why"):
        suggestion_dismiss(suggestion=suggestion, reason="   ", user=alice)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_the_evidence_for_a_missing_return_reads_on_its_own(police):
    return_for(agency=police, quarter_start=dt.date(2025, 4, 1))
    suggestion = suggestions_make(today=TODAY)[0]
    assert "Testshire Police: return for April to June 2025, due 2025-07-21, not received; 15" in (
        evidence_text(suggestion)
    )


def test_reading_many_series_costs_a_fixed_number_of_queries(
    council, django_assert_max_num_queries
):
    for n in range(8):
        indicator = make_indicator(f"steady_{n}", council, polarity="down")
        make_series(indicator, BASELINE)
        indicator.change_points.create(period_start=dt.date(2023, 10, 1), reason="New front door")
    with django_assert_max_num_queries(10):
        assert suggestions_make(today=TODAY) == []
