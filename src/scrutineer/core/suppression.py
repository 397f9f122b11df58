"""Small-number suppression: what Scrutineer does to a table before it leaves the service.

The Department for Education publishes ``c`` for counts from 1 to 5 and suppresses further
cells so that a ``c`` cannot be worked out from a total (``../shared/domain.md`` section 7).
Scrutineer applies the same rule to everything it exports or publishes, with the upper end of
the range a setting (``SUPPRESSION_MAX``). The rule, in the order it is applied:

1. **Primary.** A count from ``low`` to ``high`` inclusive (1 to 5 by default) is replaced by
   ``c``. Zero is published: it is not a small number of children, and hiding every 0 would
   hide most of a sparse table.
2. **Derived.** A cell computed from a suppressed cell is suppressed too: a rate or percentage
   whose numerator is suppressed (otherwise numerator = rate x denominator), a change between
   two periods when either value is suppressed, a mean or a limit when any value it was
   computed from is suppressed.
3. **Secondary.** Where cells add up to a published total (a row of a table and its total, a
   column and its total), no suppressed cell may be worked out from the published cells by
   adding and subtracting totals. Exactly: treat every suppressed or missing cell as unknown,
   write one equation for each published total (parts - total = 0); a suppressed cell is
   *recoverable* when those equations fix its value. While any suppressed cell is recoverable,
   one more cell of a total that holds one is suppressed. Of the cells there, ranked by the
   least lost (a cell inside the table before a total, the smallest non-zero value, then a
   zero, then table order), the first few are tried and the one that leaves the fewest cells
   recoverable is taken. In a single row with its total this gives the familiar rule "none,
   or at least two, suppressed"; across a table with row and column totals it also catches
   the cases that rule misses (a cell fixed through a chain of rows and columns).

Then rule 2 is applied again to what rule 3 hid, and rule 3 again, until nothing changes.

What this does not do: it does not stop someone narrowing a suppressed cell to a range (that
it lies between 1 and 5 is public), and it cannot see totals published somewhere else (a
monthly count here and a 12-month rate in another file). Suppress at the level a table is
published, and keep related figures in one export.

Pure Python (exact arithmetic with ``Fraction``), no Django but for reading the setting in
``configured_threshold``: ``core`` depends on nothing of ours.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

MARKER = "c"
"""What a suppressed cell shows, as the DfE writes it."""

DEFAULT_THRESHOLD = (1, 5)
LOOKAHEAD = 6
"""How many candidate cells secondary suppression tries before choosing one."""

Key = Hashable
Number = int | float | Decimal
Reason = Literal["primary", "derived", "secondary"]


@dataclass(frozen=True)
class Total:
    """Cells that add up to a published total: ``sum(parts) == total``, all keys of the table."""

    parts: tuple[Key, ...]
    total: Key


@dataclass
class Suppression:
    """The table after suppression: ``shown(key)`` is what may be published."""

    values: dict[Key, Number | None]
    hidden: dict[Key, Reason] = field(default_factory=dict)

    def shown(self, key: Key) -> Number | str | None:
        return MARKER if key in self.hidden else self.values[key]

    def is_hidden(self, key: Key) -> bool:
        return key in self.hidden

    def recoverable(self, totals: Iterable[Total]) -> list[Key]:
        """Suppressed cells whose value the published cells and ``totals`` fix (should be none)."""
        unknown = [k for k in self.values if k in self.hidden or self.values[k] is None]
        return [k for k in _fixed(unknown, list(totals)) if k in self.hidden]


def configured_threshold() -> tuple[int, int]:
    """The counts this installation suppresses: 1 to the setting ``SUPPRESSION_MAX``. Django's
    settings are read here only, when asked, so the rest of the module needs no Django."""
    from django.conf import settings

    return (1, int(getattr(settings, "SUPPRESSION_MAX", DEFAULT_THRESHOLD[1])))


def is_small(value: Number | None, threshold: tuple[int, int] = DEFAULT_THRESHOLD) -> bool:
    """Whether a count falls in the suppressed range (``low <= value <= high``)."""
    if value is None:
        return False
    low, high = threshold
    return low <= value <= high


def suppress(
    table: Mapping[Key, Number | None],
    threshold: tuple[int, int] = DEFAULT_THRESHOLD,
    *,
    counts: Iterable[Key] | None = None,
    totals: Iterable[Total] = (),
    derived: Mapping[Key, Iterable[Key]] | None = None,
) -> Suppression:
    """Apply the three rules of the module docstring to ``table`` (cell key -> value).

    ``counts`` names the cells the primary rule applies to (default: every cell); rates,
    percentages and averages are not counts and are hidden only by rules 2 and 3.
    ``totals`` lists the published totals; ``derived`` maps a computed cell to the cells it was
    computed from. A value of None is a figure that is missing anyway (not available): it is
    never marked ``c``, but it is unknown to anyone working back from a total.
    """
    low, high = threshold
    if low > high:
        raise ValueError(f"the suppression range {low} to {high} is empty")
    values = dict(table)
    totals = list(totals)
    sources = {cell: list(parts) for cell, parts in (derived or {}).items()}
    for key in [*sources, *(k for parts in sources.values() for k in parts)]:
        if key not in values:
            raise KeyError(f"derived cell {key!r} is not in the table")
    for group in totals:
        for key in (*group.parts, group.total):
            if key not in values:
                raise KeyError(f"total cell {key!r} is not in the table")
    result = Suppression(values)
    for key in values if counts is None else counts:
        if is_small(values[key], threshold):
            result.hidden[key] = "primary"
    order = {key: index for index, key in enumerate(values)}
    while True:
        changed = _hide_derived(result, sources)
        changed |= _hide_secondary(result, totals, order)
        if not changed:
            return result


def _hide_derived(result: Suppression, sources: Mapping[Key, list[Key]]) -> bool:
    changed = False
    again = True
    while again:  # a change computed from a rate computed from a count...
        again = False
        for cell, parts in sources.items():
            if (
                cell not in result.hidden
                and result.values[cell] is not None
                and any(p in result.hidden for p in parts)
            ):
                result.hidden[cell] = "derived"
                again = changed = True
    return changed


def _hide_secondary(result: Suppression, totals: list[Total], order: Mapping[Key, int]) -> bool:
    changed = False
    while totals:
        exposed = result.recoverable(totals)
        if not exposed:
            return changed
        extra = _next_to_hide(result, totals, exposed, order)
        if extra is None:  # every cell is hidden or missing already: nothing more can be done
            return changed
        result.hidden[extra] = "secondary"
        changed = True
    return changed


def _next_to_hide(
    result: Suppression, totals: list[Total], exposed: list[Key], order: Mapping[Key, int]
) -> Key | None:
    """The cell whose suppression leaves the fewest suppressed cells recoverable, looking one
    step ahead; among equals a part before a total, the smallest non-zero value, then a zero,
    then the first in table order. Candidates come from the totals that hold a recoverable
    cell, or failing that from any total with a suppressed cell."""

    def candidates(groups: Iterable[Total]) -> list[Key]:
        found: dict[Key, None] = {}
        for group in groups:
            for key in (*group.parts, group.total):
                if key not in result.hidden and result.values[key] is not None:
                    found[key] = None
        return list(found)

    exposed_set = set(exposed)
    pool = candidates(g for g in totals if exposed_set & {*g.parts, g.total}) or candidates(
        g for g in totals if any(k in result.hidden for k in (*g.parts, g.total))
    )
    if not pool:
        return None
    is_total = {g.total for g in totals}

    def rank(key: Key) -> tuple[int, int, Number, int]:
        value = result.values[key]
        assert value is not None
        return (1 if key in is_total else 0, 0 if value > 0 else 1, value, order[key])

    def left(key: Key) -> int:
        result.hidden[key] = "secondary"
        count = len(result.recoverable(totals))
        del result.hidden[key]
        return count

    # Looking ahead costs an elimination per candidate: look at the few best-ranked only.
    shortlist = sorted(pool, key=rank)[:LOOKAHEAD]
    return min(shortlist, key=lambda key: (left(key), rank(key)))


def _fixed(unknown: Sequence[Key], totals: Sequence[Total]) -> list[Key]:
    """The unknown cells whose values the totals' equations fix, by exact Gaussian elimination.

    Each total gives the equation ``sum(parts) - total = (known values)``; only the left-hand
    side matters for which unknowns are fixed. In reduced row echelon form an unknown is fixed
    exactly when it is a pivot and its row has no other unknown in it.
    """
    column = {key: i for i, key in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for group in totals:
        row = [Fraction(0)] * len(unknown)
        for key in group.parts:
            if key in column:
                row[column[key]] += 1
        if group.total in column:
            row[column[group.total]] -= 1
        if any(row):
            rows.append(row)
    pivots = _reduce(rows, len(unknown))
    return [
        unknown[col]
        for r, col in pivots
        if all(value == 0 for c, value in enumerate(rows[r]) if c != col)
    ]


def _reduce(rows: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Bring ``rows`` to reduced row echelon form in place; returns (row, pivot column) pairs."""
    pivots = []
    r = 0
    for col in range(width):
        found = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if found is None:
            continue
        rows[r], rows[found] = rows[found], rows[r]
        lead = rows[r][col]
        rows[r] = [value / lead for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((r, col))
        r += 1
        if r == len(rows):
            break
    return pivots


def grid(
    rows: Sequence[Sequence[Number | None]],
    *,
    row_totals: bool = False,
    column_totals: bool = False,
) -> tuple[dict[tuple[int, int], Number | None], list[Total]]:
    """A table given as rows, keyed ``(row, column)``, and the totals its margins publish.

    With ``row_totals`` the last column of each row is the sum of the others; with
    ``column_totals`` the last row is the sum of the rows above it (and, with both, the corner
    is the grand total of both margins).
    """
    table = {(r, c): value for r, row in enumerate(rows) for c, value in enumerate(row)}
    height = len(rows)
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row needs the same number of cells")
    totals: list[Total] = []
    body_rows = height - 1 if column_totals else height
    body_cols = width - 1 if row_totals else width
    if row_totals:
        totals += [
            Total(tuple((r, c) for c in range(body_cols)), (r, width - 1)) for r in range(height)
        ]
    if column_totals:
        totals += [
            Total(tuple((r, c) for r in range(body_rows)), (height - 1, c)) for c in range(width)
        ]
    return table, totals
