"""Small-number suppression: worked examples of each rule, and properties that must hold for any
table (no suppressed count can be worked out from the published cells and totals)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.core.suppression import MARKER, Total, grid, is_small, suppress


def published(rows, result):
    """The grid as it would be published: values, or c."""
    return [[result.shown((r, c)) for c in range(len(rows[0]))] for r in range(len(rows))]


# --- primary ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "small"),
    [(0, False), (1, True), (3, True), (5, True), (6, False), (None, False), (Decimal("4"), True)],
)
def test_it_treats_counts_from_1_to_5_as_small(value, small):
    assert is_small(value) is small


def test_it_replaces_counts_from_1_to_5_with_c_and_publishes_0():
    result = suppress({"a": 0, "b": 1, "c": 5, "d": 6, "e": None})
    assert [result.shown(k) for k in "abcde"] == [0, MARKER, MARKER, 6, None]
    assert result.hidden == {"b": "primary", "c": "primary"}


def test_it_takes_a_wider_range_from_the_threshold():
    result = suppress({"a": 7, "b": 10, "c": 11}, threshold=(1, 10))
    assert [result.shown(k) for k in "abc"] == [MARKER, MARKER, 11]


def test_it_refuses_an_empty_range():
    with pytest.raises(ValueError, match="empty"):
        suppress({"a": 1}, threshold=(5, 1))


def test_it_applies_the_primary_rule_only_to_counts():
    result = suppress({"count": 3, "percentage": 3.2}, counts=["count"])
    assert result.shown("count") == MARKER
    assert result.shown("percentage") == 3.2


# --- derived ------------------------------------------------------------------------------------


def test_it_suppresses_a_rate_whose_numerator_is_suppressed():
    # 4 of 50 children is 8%: with 8% and 50 published, 4 = 8% x 50.
    table = {"numerator": 4, "denominator": 50, "percentage": 8.0}
    result = suppress(
        table, counts=["numerator", "denominator"], derived={"percentage": ["numerator"]}
    )
    assert result.shown("percentage") == MARKER
    assert result.hidden["percentage"] == "derived"
    assert result.shown("denominator") == 50


def test_it_keeps_a_rate_whose_numerator_is_published():
    table = {"numerator": 40, "denominator": 500, "percentage": 8.0}
    result = suppress(
        table, counts=["numerator", "denominator"], derived={"percentage": ["numerator"]}
    )
    assert result.shown("percentage") == 8.0


def test_it_follows_derived_cells_of_derived_cells():
    # A change between two percentages, one of whose numerators is small.
    table = {"n1": 3, "p1": 6.0, "n2": 40, "p2": 9.0, "change": 3.0}
    result = suppress(
        table,
        counts=["n1", "n2"],
        derived={"change": ["p1", "p2"], "p1": ["n1"], "p2": ["n2"]},
    )
    assert result.shown("p1") == MARKER
    assert result.shown("change") == MARKER
    assert result.shown("p2") == 9.0


def test_it_does_not_mark_a_missing_derived_cell():
    result = suppress({"n": 3, "rate": None}, derived={"rate": ["n"]})
    assert result.shown("rate") is None


def test_it_refuses_a_derived_cell_that_is_not_in_the_table():
    with pytest.raises(KeyError):
        suppress({"n": 3}, derived={"rate": ["n"]})


# --- secondary: worked examples -----------------------------------------------------------------


def test_a_lone_small_count_in_a_row_with_its_total_takes_the_next_smallest_with_it():
    # 3 + 10 + 12 = 25: with 10, 12 and 25 published, 3 = 25 - 10 - 12.
    rows = [[3, 10, 12, 25]]
    table, totals = grid(rows, row_totals=True)
    result = suppress(table, totals=totals)
    assert published(rows, result) == [[MARKER, MARKER, 12, 25]]
    assert result.hidden[(0, 1)] == "secondary"


def test_two_small_counts_in_a_row_protect_each_other():
    rows = [[3, 4, 10, 17]]
    table, totals = grid(rows, row_totals=True)
    result = suppress(table, totals=totals)
    assert published(rows, result) == [[MARKER, MARKER, 10, 17]]
    assert set(result.hidden.values()) == {"primary"}


def test_it_prefers_a_part_to_the_total_and_a_non_zero_to_a_zero():
    rows = [[3, 0, 9, 7, 19]]
    table, totals = grid(rows, row_totals=True)
    result = suppress(table, totals=totals)
    assert published(rows, result) == [[MARKER, 0, 9, MARKER, 19]]


def test_a_small_cell_in_a_table_with_both_margins_makes_a_rectangle():
    """The textbook case: one small cell needs three more, one in its row, one in its column and
    the corner that closes the rectangle, or the margins give it away."""
    rows = [
        [3, 10, 13],
        [8, 12, 20],
        [11, 22, 33],
    ]
    table, totals = grid(rows, row_totals=True, column_totals=True)
    result = suppress(table, totals=totals)
    assert published(rows, result) == [
        [MARKER, MARKER, 13],
        [MARKER, MARKER, 20],
        [11, 22, 33],
    ]
    assert result.recoverable(totals) == []


def test_a_small_total_is_suppressed_and_protected_like_any_cell():
    # Row 0's total is 4 (primary), as is its one non-zero cell; the column of row totals
    # (4 + 20 = 24) would give the 4 away unless another row total goes too.
    rows = [
        [4, 0, 4],
        [9, 11, 20],
        [13, 11, 24],
    ]
    table, totals = grid(rows, row_totals=True, column_totals=True)
    result = suppress(table, totals=totals)
    assert result.shown((0, 0)) == MARKER
    assert result.shown((0, 2)) == MARKER
    assert result.recoverable(totals) == []


def test_it_catches_a_cell_given_away_through_a_chain_of_rows_and_columns():
    """Every row and column here has either no suppressed cell or at least two, so the
    one-line rule ("never just one in a line") is satisfied; yet the cell at row 1, column 2
    joins two closed rectangles, and adding rows 2 and 3 and subtracting columns 2 and 3
    gives it exactly. The exact check finds it and suppresses more."""
    rows = [
        [2, 3, 20, 20, 45],
        [4, 5, 1, 20, 30],
        [20, 20, 2, 3, 45],
        [20, 20, 4, 5, 49],
        [46, 48, 27, 48, 169],
    ]
    small = {(r, c) for r in range(4) for c in range(4) if rows[r][c] <= 5}
    table, totals = grid(rows, row_totals=True, column_totals=True)

    lines = [[(r, c) for c in range(4)] for r in range(4)] + [
        [(r, c) for r in range(4)] for c in range(4)
    ]
    assert all(len(small & set(line)) in (0, 2, 3) for line in lines)  # the one-line rule holds
    primary_only = suppress(table)  # no totals: primary rule only
    assert primary_only.recoverable(totals) == [(1, 2)]  # ... and still gives (1, 2) away

    result = suppress(table, totals=totals)
    assert result.recoverable(totals) == []
    assert result.shown((1, 2)) == MARKER
    assert any(reason == "secondary" for reason in result.hidden.values())


def test_it_leaves_a_table_with_nothing_small_alone():
    rows = [[10, 20, 30], [40, 50, 90], [50, 70, 120]]
    table, totals = grid(rows, row_totals=True, column_totals=True)
    assert suppress(table, totals=totals).hidden == {}


def test_a_missing_cell_already_protects_a_small_one_in_its_row():
    # The 2 cannot be worked out: the row's other unknown is a figure nobody has.
    rows = [[2, None, 10, 20]]
    table, totals = grid(rows, row_totals=True)
    result = suppress(table, totals=totals)
    assert published(rows, result) == [[MARKER, None, 10, 20]]


def test_it_suppresses_a_rate_whose_numerator_was_suppressed_only_to_protect_another():
    table, totals = grid([[3, 10, 13]], row_totals=True)
    table["rate of the 10"] = 25.0
    result = suppress(
        table,
        counts=[(0, 0), (0, 1), (0, 2)],
        totals=totals,
        derived={"rate of the 10": [(0, 1)]},
    )
    assert result.shown((0, 1)) == MARKER
    assert result.shown("rate of the 10") == MARKER


def test_a_grid_needs_rows_of_one_length():
    with pytest.raises(ValueError, match="same number of cells"):
        grid([[1, 2], [3]])


def test_a_total_must_name_cells_of_the_table():
    with pytest.raises(KeyError):
        suppress({"a": 3}, totals=[Total(("a", "b"), "t")])


# --- properties ---------------------------------------------------------------------------------


@st.composite
def tables(draw):
    """A table of counts (many small) with its row and column totals, or only one margin."""
    height = draw(st.integers(1, 5))
    width = draw(st.integers(1, 5))
    body = [
        [draw(st.one_of(st.integers(0, 7), st.integers(0, 40))) for _ in range(width)]
        for _ in range(height)
    ]
    row_totals = draw(st.booleans())
    column_totals = draw(st.booleans())
    rows = [[*row, sum(row)] if row_totals else list(row) for row in body]
    if column_totals:
        rows.append([sum(row[c] for row in rows) for c in range(len(rows[0]))])
    return rows, row_totals, column_totals


def rank_fixed(rows, hidden, totals):
    """An independent check with floating-point linear algebra: cell k is fixed by the totals
    when the unit vector e_k lies in the row space of the equations over the hidden cells."""
    unknown = sorted(hidden)
    if not unknown or not totals:
        return []
    index = {k: i for i, k in enumerate(unknown)}
    matrix = np.zeros((len(totals), len(unknown)))
    for row, total in enumerate(totals):
        for key in total.parts:
            if key in index:
                matrix[row, index[key]] += 1
        if total.total in index:
            matrix[row, index[total.total]] -= 1
    base = np.linalg.matrix_rank(matrix)
    fixed = []
    for key, i in index.items():
        unit = np.zeros((1, len(unknown)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == base:
            fixed.append(key)
    return fixed


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_suppressed_count_can_be_worked_out_from_the_published_totals(case):
    rows, row_totals, column_totals = case
    table, totals = grid(rows, row_totals=row_totals, column_totals=column_totals)
    result = suppress(table, totals=totals)

    # Every small count is hidden; every published cell is the true value.
    for key, value in table.items():
        if 1 <= value <= 5:
            assert result.is_hidden(key)
        if not result.is_hidden(key):
            assert result.shown(key) == value

    # No total has exactly one hidden cell (the one-line rule, by subtraction) ...
    for total in totals:
        cells = (*total.parts, total.total)
        assert sum(result.is_hidden(k) for k in cells) != 1, total

    # ... and no hidden cell is fixed by any combination of the totals (checked independently).
    assert rank_fixed(rows, set(result.hidden), totals) == []


@settings(max_examples=200, deadline=None)
@given(tables())
def test_the_exact_check_agrees_with_floating_point_linear_algebra(case):
    rows, row_totals, column_totals = case
    table, totals = grid(rows, row_totals=row_totals, column_totals=column_totals)
    primary = suppress(table)  # only the primary rule, so some cells may be exposed
    assert sorted(primary.recoverable(totals)) == sorted(
        rank_fixed(rows, set(primary.hidden), totals)
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=8))
def test_a_single_row_with_its_total_has_none_or_at_least_two_suppressed(parts):
    rows = [[*parts, sum(parts)]]
    table, totals = grid(rows, row_totals=True)
    result = suppress(table, totals=totals)
    hidden = len(result.hidden)
    assert hidden == 0 or hidden >= 2
    # and no more than needed: only the primary cells, plus one when there is exactly one
    primaries = sum(1 for v in itertools.chain(*rows) if 1 <= v <= 5)
    if primaries >= 2 or primaries == 0:
        assert hidden == primaries
    else:
        assert hidden == 2
