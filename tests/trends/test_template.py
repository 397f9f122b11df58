"""The Excel template: one row per expected figure, locked where it should not be typed in,
with instructions and definitions, marked with its agency and quarter; and what an agency
types into it comes back, figure for figure, when it is read."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.trends.forms_returns import validate_return
from scrutineer.trends.models import Channel, SeriesValue
from scrutineer.trends.readers import read_return
from scrutineer.trends.services import Figure, submission_create
from scrutineer.trends.template import filename, return_template

from .returns_helpers import COLUMN, LETTER, Q1, Q4, fill, make_catalogue, police_return


@pytest.fixture
def catalogue(police, council):
    return make_catalogue(police, council)


def load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows(sheet) -> list[tuple]:
    return [tuple(c.value for c in r) for r in sheet.iter_rows(min_row=2)]


def test_it_lists_every_figure_the_quarter_needs_from_the_agency(catalogue, police):
    book = load(return_template(police_return(police)))
    assert book.sheetnames == ["Return", "Instructions", "Definitions", "Details"]
    listed = [(r[0], r[2], r[3]) for r in rows(book["Return"])]
    assert listed == [
        ("da_incidents", "2024-04", "April 2024"),
        ("da_incidents", "2024-05", "May 2024"),
        ("da_incidents", "2024-06", "June 2024"),
        ("da_child_present", "2024-04", "April 2024"),
        ("da_child_present", "2024-05", "May 2024"),
        ("da_child_present", "2024-06", "June 2024"),
        ("missing_episodes", "2024-25 Q1", "April to June 2024"),
    ]  # the annual figure waits for January to March; the council's figures are not here


def test_the_january_to_march_template_asks_for_the_years_figures(catalogue, police):
    listed = [r[0] for r in rows(load(return_template(police_return(police, Q4)))["Return"])]
    assert "police_protection" in listed


def test_only_the_figure_cells_can_be_typed_in(catalogue, police):
    sheet = load(return_template(police_return(police)))["Return"]
    assert sheet.protection.sheet
    for name in ("value", "numerator", "denominator", "missing_reason"):
        assert not sheet.cell(2, COLUMN[name]).protection.locked, name
    for name in ("code", "period"):
        assert sheet.cell(2, COLUMN[name]).protection.locked, name
    grey = sheet.cell(2, COLUMN["code"]).fill.fgColor.rgb
    assert grey != sheet.cell(2, COLUMN["value"]).fill.fgColor.rgb


def test_it_checks_numbers_as_they_are_typed(catalogue, police):
    sheet = load(return_template(police_return(police)))["Return"]
    rules = sheet.data_validations.dataValidation
    value = LETTER["value"]
    by_range = {str(rule.sqref): rule for rule in rules}
    # Counts and the quarterly count in one rule, the percentages (rows 5 to 7) with a limit.
    assert f"{value}5:{value}7" in by_range
    assert "<=100" in by_range[f"{value}5:{value}7"].formula1
    assert all(rule.showErrorMessage for rule in rules)
    assert any(rule.type == "decimal" and rule.formula1 == "0" for rule in rules)


def test_it_records_the_agency_and_quarter_in_a_hidden_sheet(catalogue, police):
    data_return = police_return(police)
    details = load(return_template(data_return))["Details"]
    assert details.sheet_state == "veryHidden"
    assert rows(details)[:3] == [
        ("agency id", data_return.agency_id),
        ("agency", "Testshire Police"),
        ("quarter", "2024-25 Q1"),
    ]


def test_it_explains_in_plain_words_and_defines_each_indicator(catalogue, police):
    book = load(return_template(police_return(police)))
    instructions = " ".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
    assert "Data return for Testshire Police: April to June 2024" in instructions
    assert "no formulas" in instructions
    assert "c = suppressed (c)" in instructions
    assert "Due by" in instructions
    definitions = rows(book["Definitions"])
    assert [d[0] for d in definitions] == ["da_incidents", "da_child_present", "missing_episodes"]
    assert definitions[1][3] == "Incidents with a child present"


def test_it_fills_in_what_was_sent_last_and_shows_the_period_before(catalogue, police):
    data_return = police_return(police)
    SeriesValue.objects.create(
        indicator=catalogue["da_incidents"], period_start=dt.date(2024, 3, 1), value=Decimal("1234")
    )
    submission_create(
        data_return=data_return,
        figures=[
            Figure("da_incidents", Q1, Decimal("17")),
            Figure("missing_episodes", Q1, None, missing_reason="x"),
        ],
        channel=Channel.CSV,
    )
    book = load(return_template(data_return))
    first = rows(book["Return"])[0]
    assert first[COLUMN["value"] - 1] == 17
    assert first[-1] == "2024-03: 1,234"
    quarterly = rows(book["Return"])[-1]
    assert quarterly[COLUMN["missing_reason"] - 1] == "x"
    instructions = " ".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
    assert "already sent this return" in instructions


def test_its_file_name_says_whose_and_which_quarter(catalogue, police):
    assert filename(police_return(police)) == "return-testshire-police-2024-25-q1.xlsx"


NUMBERS = st.one_of(
    st.integers(0, 10**9),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(float),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_what_is_typed_into_the_template_is_what_is_read(catalogue, police, data):
    data_return = police_return(police)
    template = return_template(data_return)
    cells = [(r[0], r[2]) for r in rows(load(template)["Return"])]
    typed = {}
    for code, period in cells:
        if code == "da_child_present":
            denominator = data.draw(st.integers(1, 10**6))
            numerator = data.draw(st.integers(0, denominator))
            typed[(code, period)] = {"numerator": numerator, "denominator": denominator}
        else:
            typed[(code, period)] = {
                "value": data.draw(st.one_of(NUMBERS, st.sampled_from(["c", "x", "z", "u"])))
            }
    result = read_return("return.xlsx", io.BytesIO(fill(template, typed)))
    figures, problems = validate_return(result, data_return)
    assert problems == []
    got = {(f.indicator, catalogue[f.indicator].period_key(f.period_start)): f for f in figures}
    assert got.keys() == typed.keys()
    for key, cell in typed.items():
        figure = got[key]
        if "numerator" in cell:
            assert (figure.numerator, figure.denominator) == (
                cell["numerator"],
                cell["denominator"],
            )
            assert figure.value == Decimal(cell["numerator"]) / Decimal(cell["denominator"]) * 100
        elif isinstance(cell["value"], str):
            assert figure.value is None
            assert figure.missing_reason.endswith(f"({cell['value']})")
        else:
            assert figure.value == Decimal(str(cell["value"]))
