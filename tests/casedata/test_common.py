"""Reading the values real returns hold: dates in five formats and as Excel serials, yes/no in
every spelling, numbers and codes. The parsers never raise: a bad value is a message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.casedata.importers.common import (
    SeenSet,
    age_on,
    code_text,
    month_start,
    parse_bool,
    parse_code,
    parse_date,
    parse_int,
    shown_safely,
)

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "12/03/2024",  # dd/mm/yyyy
        "2024-03-12",  # yyyy-mm-dd
        "12-Mar-24",  # d-mmm-yy
        "12.03.2024",  # dd.mm.yyyy
        "12 March 2024",
        "12/3/2024",
        "12-Mar-2024",
        "12th March 2024",
        "March 12, 2024",
        "2024-03-12T00:00:00",
        "2024-03-12 00:00:00",
        " 12/03/2024 ",
        "12\u00a0March\u00a02024",
    ],
)
def test_it_reads_the_five_date_formats_and_their_cousins(text):
    assert parse_date(text) == (D(2024, 3, 12), None)


def test_it_reads_spreadsheet_date_cells_and_excel_serials():
    assert parse_date(D(2024, 3, 12)).value == D(2024, 3, 12)
    assert parse_date(dt.datetime(2024, 3, 12, 9, 30)).value == D(2024, 3, 12)
    assert parse_date(45363, serials=True).value == D(2024, 3, 12)
    assert parse_date(45363.75, serials=True).value == D(2024, 3, 12)
    assert parse_date("45363", serials=True).value == D(2024, 3, 12)
    assert parse_date(61, serials=True).value == D(1900, 3, 1)


def test_it_does_not_take_a_number_for_a_date_outside_a_spreadsheet():
    found = parse_date(45363)
    assert found.value is None
    assert "number, not a date" in found.error


def test_it_reads_two_digit_years_as_excel_does():
    assert parse_date("1-Jan-29").value == D(2029, 1, 1)
    assert parse_date("1-Jan-30").value == D(1930, 1, 1)


@pytest.mark.parametrize("text", ["", "   ", None, "NULL", "#N/A", "nan", "-"])
def test_it_treats_empty_cells_as_blank_not_as_errors(text):
    assert parse_date(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31/02/2024", "not a real date"),
        ("2024-13-01", "not a real date"),
        ("12 Smarch 2024", "not a date"),
        ("01/01/1850", "outside the years 1900 to 2100"),
        ("next Tuesday", "not a date"),
    ],
)
def test_it_says_what_is_wrong_with_a_date(text, words):
    found = parse_date(text)
    assert found.value is None
    assert words in found.error


def test_it_never_repeats_a_name_typed_into_a_date_field():
    found = parse_date("Jamie Smith")
    assert "Jamie" not in found.error
    assert "a value of 11 characters" in found.error
    assert shown_safely("12 March 2024") == "'12 March 2024'"


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans(), st.dates()))
def test_the_date_parser_never_raises(value):
    found = parse_date(value, serials=True)
    assert (found.value is None) or isinstance(found.value, dt.date)
    assert found.value is None or found.error is None
    found = parse_date(value)
    assert found.value is None or found.error is None


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2099, 12, 31)))
def test_every_date_written_in_each_format_reads_back(day):
    for text in (f"{day:%d/%m/%Y}", day.isoformat(), f"{day:%d.%m.%Y}", f"{day.day} {day:%B %Y}"):
        assert parse_date(text).value == day


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True), ("false", False), ("TRUE", True), ("FALSE", False), ("1", True),
        ("0", False), ("Y", True), ("N", False), ("Yes", True), ("No", False),
        ("a) Yes", True), ("b) No", False), ("1 - Yes", True), ("0 - No", False),
        (1, True), (0, False), (1.0, True), (True, True), ("c) Unknown", None), ("", None),
    ],
)  # fmt: skip
def test_it_reads_every_boolean_spelling(text, value):
    assert parse_bool(text) == (value, None)


def test_it_says_what_is_wrong_with_a_yes_no_answer():
    assert "not a yes/no answer" in parse_bool("perhaps").error


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_the_boolean_and_number_parsers_never_raise(value):
    assert parse_bool(value).value in (True, False, None)
    found = parse_int(value)
    assert found.value is None or isinstance(found.value, int)


def test_it_reads_whole_numbers_as_spreadsheets_give_them():
    assert parse_int("3").value == 3
    assert parse_int(3.0).value == 3
    assert "not a whole number" in parse_int("2.5").error
    assert "outside 0 to 999" in parse_int(-1).error


@pytest.mark.parametrize(
    ("text", "code"),
    [("3a", "3A"), (" n4 ", "N4"), ("a) RC1", "RC1"), ("03A", "3A"), ("0", "0"), ("10", "10")],
)
def test_it_makes_codes_comparable(text, code):
    assert code_text(text) == code


@given(st.text())
def test_the_code_parser_never_raises_and_never_invents_a_code(text):
    found = parse_code(text, {"N1": "", "N2": ""})
    assert found.value in (None, "N1", "N2")


def test_it_keeps_only_the_month_of_a_birth_and_counts_whole_years():
    assert month_start(D(2015, 6, 14)) == D(2015, 6, 1)
    assert age_on(D(2015, 6, 14), D(2021, 6, 13)) == 5
    assert age_on(D(2015, 6, 14), D(2021, 6, 14)) == 6
    assert age_on(D(2016, 2, 29), D(2017, 2, 28)) == 0
    assert age_on(D(2021, 6, 14), D(2021, 5, 1)) is None  # a pre-birth referral
    assert age_on(None, D(2021, 5, 1)) is None


def test_the_seen_set_remembers_what_it_was_given_in_little_memory():
    seen = SeenSet(capacity=8)
    assert all(seen.add(f"P{n}") for n in range(5000))
    assert not any(seen.add(f"P{n}") for n in range(5000))
    assert seen.add("P5000")
    assert len(seen) == 5001
    assert len(seen._slots) * 8 <= 16 * 5001 * 2  # never more than half full, 8 bytes a slot
