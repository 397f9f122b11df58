"""Cells as they may go into a file a spreadsheet opens (CSV or Excel): one guard for every export.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` or a tab or carriage return is read as a
formula by spreadsheets (CSV injection), so such text gets a leading apostrophe, which shows it
as it is. Numbers, dates and blanks go through untouched.
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value``, quoted when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
