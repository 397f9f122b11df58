"""The one guard every export uses against text a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from scrutineer.core.spreadsheet import safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Referral", "Referral"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_would_be_a_formula_is_quoted(value: str, written: str) -> None:
    assert safe_cell(value) == written


@pytest.mark.parametrize("value", [None, -3, 2.5, Decimal("-1.5"), dt.date(2025, 3, 31)])
def test_numbers_dates_and_blanks_go_through_untouched(value: object) -> None:
    assert safe_cell(value) is value
