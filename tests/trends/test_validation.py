"""The rules every return passes, whichever way it arrives: each bad input the issue names gets
a message that says where it is and what is wrong, and a return with any problem gives no
figures at all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from scrutineer.trends.validation import IndicatorRule, RawFigure, validate

POLICE, COUNCIL = 1, 2
Q1 = dt.date(2024, 4, 1)
RULES = {
    "da_incidents": IndicatorRule(
        "da_incidents", "Domestic abuse incidents", "monthly", "count", POLICE, "Police"
    ),
    "da_child_present": IndicatorRule(
        "da_child_present",
        "Incidents with a child present",
        "monthly",
        "percentage",
        POLICE,
        "Police",
    ),
    "missing_episodes": IndicatorRule(
        "missing_episodes", "Missing episodes", "quarterly", "count", POLICE, "Police"
    ),
    "referrals": IndicatorRule(
        "referrals", "Referrals", "monthly", "count", COUNCIL, "Children's Services"
    ),
}
COLUMNS = {"code": "A", "period": "C", "value": "F", "numerator": "G", "denominator": "H"}


def raw(
    row: int, code: Any = "da_incidents", period: Any = "2024-04", value: Any = 12, **more: Any
):
    return RawFigure(
        row=row, code=code, period=period, value=value, sheet="Return", columns=COLUMNS, **more
    )


def check(*raws: RawFigure, expected=()):
    return validate(raws, indicators=RULES, agency_id=POLICE, quarter=Q1, expected=expected)


def only_problem(*raws: RawFigure) -> str:
    figures, problems = check(*raws)
    assert figures == []
    assert len(problems) == 1, problems
    return str(problems[0])


def test_it_accepts_good_rows_as_figures():
    figures, problems = check(raw(2), raw(3, "missing_episodes", "2024-25 Q1", "c"))
    assert problems == []
    assert [(f.indicator, f.period_start, f.value, f.missing_reason) for f in figures] == [
        ("da_incidents", Q1, Decimal(12), ""),
        ("missing_episodes", Q1, None, "suppressed (c)"),
    ]


def test_it_refuses_an_unknown_indicator_code():
    assert only_problem(raw(2, code="da_incidnets")) == (
        "Sheet “Return”, row 2, column A: “da_incidnets” is not an indicator code in the catalogue"
    )


def test_it_refuses_another_agencys_indicator():
    assert "is supplied by Children's Services" in only_problem(raw(2, code="referrals"))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-13", "'2024-13' is not a month written like 2024-04"),
        ("2024-07", "2024-07 is not in this return, which covers April to June 2024"),
        ("April 2024", "is not a month written like 2024-04"),
    ],
)
def test_it_refuses_a_wrong_period(period, expected):
    message = only_problem(raw(2, period=period))
    assert message.startswith("Sheet “Return”, row 2, column C: ")
    assert expected in message


def test_it_refuses_text_in_a_number_cell():
    assert only_problem(raw(2, value="twelve")) == (
        "Sheet “Return”, row 2, column F: “twelve” is not a number"
    )


def test_it_refuses_a_negative_count():
    assert "column F: -3 is negative" in only_problem(raw(2, value=-3))


def test_it_refuses_a_numerator_above_its_denominator():
    message = only_problem(raw(2, "da_child_present", value=None, numerator=90, denominator=80))
    assert "column G: the numerator (90) is larger than the denominator (80)" in message


def test_it_works_out_a_percentage_from_its_numerator_and_denominator():
    figures, _ = check(raw(2, "da_child_present", value=None, numerator=20, denominator=80))
    assert figures[0].value == Decimal(25)


def test_it_refuses_a_percentage_over_100():
    assert "over 100" in only_problem(raw(2, "da_child_present", value=120))


def test_it_refuses_a_duplicate_row_naming_the_first():
    figures, problems = check(raw(2), raw(5, value=13))
    assert figures == []
    assert str(problems[0]) == (
        "Sheet “Return”, row 5, column A: da_incidents for 2024-04 appears twice (first in row 2): "
        "give each figure once"
    )


def test_it_refuses_a_formula():
    assert "column F: holds a formula (=B2*2)" in only_problem(raw(2, value="=B2*2"))


def test_it_refuses_a_missing_figure_without_a_reason_and_keeps_a_reason():
    assert "there is no figure" in only_problem(raw(2, value=None))
    figures, problems = check(raw(2, value=None, missing_reason="System outage"))
    assert problems == []
    assert figures[0].missing_reason == "System outage"


def test_it_reports_every_problem_at_once():
    _, problems = check(raw(2, code="nope"), raw(3, value="x1"), raw(4, period="2025-01"))
    assert [p.row for p in problems] == [2, 3, 4]


def test_it_names_a_row_the_return_should_have_but_does_not():
    expected = [("da_incidents", Q1), ("da_incidents", dt.date(2024, 5, 1))]
    figures, problems = check(raw(2), expected=expected)
    assert figures == []
    assert "there is no row for Domestic abuse incidents (da_incidents), 2024-05" in str(
        problems[0]
    )


def test_it_takes_a_date_from_a_spreadsheet_as_its_period():
    figures, problems = check(raw(2, period=dt.datetime(2024, 5, 1)))
    assert problems == []
    assert figures[0].period_start == dt.date(2024, 5, 1)


def test_a_row_with_a_wrong_figure_is_not_also_reported_missing():
    figures, problems = check(raw(2, value="lots"), expected=[("da_incidents", Q1)])
    assert figures == []
    assert [str(p) for p in problems] == ["Sheet “Return”, row 2, column F: “lots” is not a number"]
