"""Accepting returns: versions kept, the series brought up to date, changes between versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from scrutineer.partnership.models import Priority
from scrutineer.trends.models import Indicator, Observation, SeriesValue, Submission
from scrutineer.trends.services import (
    Figure,
    catalogue_load_starter,
    due_date,
    expected_cells,
    return_for,
    submission_changes,
    submission_create,
)
from scrutineer.trends.starter import STARTER

from .factories import make_indicator

Q1 = dt.date(2024, 4, 1)


@pytest.fixture
def referrals(council):
    return make_indicator("referrals", council)


def test_a_return_is_due_fifteen_working_days_after_its_quarter_ends(council):
    # April to June 2024 ends on Sunday 30 June; 15 working days on is Friday 19 July.
    assert due_date(Q1) == dt.date(2024, 7, 19)
    assert return_for(agency=council, quarter_start=Q1).due_on == dt.date(2024, 7, 19)


def test_a_return_can_only_start_on_the_first_day_of_a_financial_quarter(council):
    with pytest.raises(ValueError, match="not the first day of a financial quarter"):
        return_for(agency=council, quarter_start=dt.date(2024, 5, 1))


def test_a_return_expects_every_period_of_every_indicator_the_agency_supplies(council, police):
    make_indicator("referrals", council)
    make_indicator("cpp_2yr_pct", council, frequency="quarterly", unit="percentage")
    make_indicator("police_da_incidents", police)
    data_return = return_for(agency=council, quarter_start=Q1)
    cells = [(i.code, start.month) for i, start in expected_cells(data_return)]
    assert sorted(cells) == [
        ("cpp_2yr_pct", 4),
        ("referrals", 4),
        ("referrals", 5),
        ("referrals", 6),
    ]


def test_each_submission_is_a_new_version_and_the_old_one_is_kept(council, referrals, alice):
    data_return = return_for(agency=council, quarter_start=Q1)
    first = submission_create(
        data_return=data_return,
        figures=[
            Figure("referrals", Q1, Decimal(700)),
            Figure("referrals", dt.date(2024, 5, 1), None, missing_reason="not available (x)"),
        ],
        channel="csv",
        user=alice,
    )
    second = submission_create(
        data_return=data_return,
        figures=[
            Figure("referrals", Q1, Decimal(712)),
            Figure("referrals", dt.date(2024, 5, 1), Decimal(650)),
        ],
        channel="template",
        user=alice,
    )
    assert (first.version, second.version) == (1, 2)
    assert Submission.objects.count() == 2
    assert Observation.objects.filter(submission=first).count() == 2
    current = {v.period_start.month: v for v in SeriesValue.objects.filter(indicator=referrals)}
    assert current[4].value == 712
    assert current[4].submission == second
    assert current[5].value == 650
    assert current[5].missing_reason == ""


def test_a_missing_figure_is_kept_as_missing_with_its_reason_never_as_zero(council, referrals):
    data_return = return_for(agency=council, quarter_start=Q1)
    submission_create(
        data_return=data_return,
        figures=[Figure("referrals", Q1, None, missing_reason="suppressed (c)")],
        channel="csv",
    )
    value = SeriesValue.objects.get(indicator=referrals)
    assert value.value is None
    assert value.missing_reason == "suppressed (c)"


def test_the_changes_between_versions_name_each_figure_that_moved(council, referrals):
    data_return = return_for(agency=council, quarter_start=Q1)
    may, june = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    first = submission_create(
        data_return=data_return,
        figures=[Figure("referrals", Q1, Decimal(700)), Figure("referrals", may, Decimal(650))],
        channel="csv",
    )
    second = submission_create(
        data_return=data_return,
        figures=[
            Figure("referrals", Q1, Decimal(700)),
            Figure("referrals", june, Decimal(640)),
            Figure("referrals", may, None, missing_reason="not available (x)"),
        ],
        channel="csv",
    )
    assert submission_changes(first) == []
    changes = {(c.period_start, c.kind, c.before, c.after) for c in submission_changes(second)}
    assert changes == {(may, "changed", Decimal(650), None), (june, "added", None, Decimal(640))}


def test_an_unknown_indicator_code_saves_nothing(council, referrals):
    data_return = return_for(agency=council, quarter_start=Q1)
    with pytest.raises(ValueError, match="Unknown indicator codes: nope"):
        submission_create(
            data_return=data_return,
            figures=[Figure("referrals", Q1, Decimal(1)), Figure("nope", Q1, Decimal(1))],
            channel="csv",
        )
    assert not Submission.objects.exists()
    assert not SeriesValue.objects.exists()


def test_the_starter_catalogue_has_at_least_35_indicators_across_every_sector():
    assert len(STARTER) >= 35
    assert len({e.code for e in STARTER}) == len(STARTER)
    sectors = {e.sector for e in STARTER}
    assert {"local_authority", "police", "health", "education", "voluntary"} <= sectors


def test_loading_the_starter_catalogue_twice_adds_it_once_and_keeps_edits(council, police, db):
    priority = Priority.objects.create(title="Children affected by domestic abuse")
    added, kept = catalogue_load_starter()
    assert (added, kept) == (len(STARTER), 0)
    Indicator.objects.filter(code="referrals").update(name="Referrals (our wording)")
    assert catalogue_load_starter() == (0, len(STARTER))
    assert Indicator.objects.get(code="referrals").name == "Referrals (our wording)"
    da = Indicator.objects.get(code="police_da_incidents")
    assert da.agency == police  # matched by sector when no agency has the demo's short name
    assert list(da.priorities.all()) == [priority]
    assert Indicator.objects.get(code="rereferral_pct").target == Decimal("20")
