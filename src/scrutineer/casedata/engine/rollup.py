"""From the engine's cells to values: sums by year, month and split, medians, rates.

The backend returns, for each kind of facts, the finest cells (reporting year x month x
splits) with the sums each definition needs. A year, a month or a split group is a sum of
cells; a share is then its numerator over its denominator; a median is read off the summed
distribution of its whole-number value; a rate is a count over the population. Plain Python
and Arrow: this is arithmetic on a few thousand rows, the same whichever backend made them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from . import codes
from .indicators import COUNT, Indicator

MEDIAN_VALUE, MEDIAN_COUNT = "_median_value", "_median_rows"
#: The splits that belong to the child, packed into one number ``person`` in the cells.
PERSON = ("sex", "ethnicity", "disability")
PERSON_STRIDES = {
    "sex": len(codes.SPLIT_GROUPS["ethnicity"]) * len(codes.SPLIT_GROUPS["disability"]),
    "ethnicity": len(codes.SPLIT_GROUPS["disability"]),
    "disability": 1,
}
#: A child not in the ``children`` table: the last ("unknown") group of each split.
UNKNOWN_PERSON = sum((len(codes.SPLIT_GROUPS[n]) - 1) * PERSON_STRIDES[n] for n in PERSON)
KEYS = ("year", "month", "age_band", "person")
Value = int | float | None


@dataclass
class Result:
    """Indicator values: ``years[2025]["referrals"]``, ``months["2024-04"]["referrals"]``,
    ``splits[2025]["sex"]["F"]["referrals"]``. Unrounded; null where not computable (a share
    of nothing, a rate without a population). Splits have no rates: those would need the
    population of each group."""

    years: dict[int, dict[str, Value]] = field(default_factory=dict)
    months: dict[str, dict[str, Value]] = field(default_factory=dict)
    splits: dict[int, dict[str, dict[str, dict[str, Value]]]] = field(default_factory=dict)
    population: dict[int, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "years": {str(y): v for y, v in sorted(self.years.items())},
            "months": dict(sorted(self.months.items())),
            "splits": {str(y): v for y, v in sorted(self.splits.items())},
        }


def blank(chosen: Sequence[Indicator]) -> dict[str, Value]:
    """A year with no facts at all: counts are 0, the rest cannot be computed."""
    return {i.code: (0 if i.unit == COUNT else None) for i in chosen}


def _sum(cells: pa.Table, keys: list[str]) -> list[dict[str, Any]]:
    columns = [
        c for c in cells.column_names if c not in (*KEYS, *codes.SPLITS) and c != MEDIAN_VALUE
    ]
    rolled = cells.group_by(keys, use_threads=False).aggregate([(c, "sum") for c in columns])
    return [{k.removesuffix("_sum"): v for k, v in row.items()} for row in rolled.to_pylist()]


def _medians(cells: pa.Table, keys: list[str]) -> dict[tuple[Any, ...], float]:
    """The median of the value in each group, from how many rows had each value (the mean of
    the two middle values when the number of rows is even)."""
    rolled = cells.group_by([*keys, MEDIAN_VALUE], use_threads=False).aggregate(
        [(MEDIAN_COUNT, "sum")]
    )
    groups: dict[tuple[Any, ...], list[tuple[float, int]]] = {}
    for row in rolled.to_pylist():
        if row[MEDIAN_VALUE] is None or not row[f"{MEDIAN_COUNT}_sum"]:
            continue
        group = tuple(row[k] for k in keys)
        groups.setdefault(group, []).append((row[MEDIAN_VALUE], row[f"{MEDIAN_COUNT}_sum"]))
    out = {}
    for group, pairs in groups.items():
        pairs.sort()
        total = sum(n for _, n in pairs)
        low, high = (total - 1) // 2, total // 2
        picked, seen = [], 0
        for value, n in pairs:
            if seen <= low < seen + n:
                picked.append(value)
            if seen <= high < seen + n:
                picked.append(value)
            seen += n
        out[group] = (float(picked[0]) + float(picked[1])) / 2
    return out


def _values(chosen: Sequence[Indicator], row: Mapping[str, Any], median: float | None):
    out: dict[str, Value] = {}
    for ind in chosen:
        if f"{ind.code}__d" in row:
            whole = row[f"{ind.code}__d"]
            out[ind.code] = 100.0 * row[f"{ind.code}__n"] / whole if whole else None
        elif ind.code in row:
            out[ind.code] = int(row[ind.code] or 0)
        elif ind.unit != COUNT:  # the median
            out[ind.code] = median
    return out


def _unpack(cells: pa.Table) -> pa.Table:
    """The cells with ``person`` taken apart into sex, ethnicity and disability."""
    person = cells["person"]
    for name in PERSON:
        size = len(codes.SPLIT_GROUPS[name])
        part = pc.divide(person, PERSON_STRIDES[name])  # integer division on integers
        cells = cells.append_column(
            name, pc.subtract(part, pc.multiply(pc.divide(part, size), size))
        )
    return cells.drop_columns(["person"])


def store(result: Result, chosen: Sequence[Indicator], cells: pa.Table) -> None:
    """Add the values of ``chosen`` (all on the same facts) from their cells to ``result``."""
    cells = _unpack(cells)
    has_median = MEDIAN_VALUE in cells.column_names

    def groups(keys: list[str], table: pa.Table = cells):
        medians = _medians(table, keys) if has_median else {}
        for row in _sum(table, keys):
            yield row, medians.get(tuple(row[k] for k in keys))

    for row, median in groups(["year"]):
        result.years.setdefault(row["year"], {}).update(_values(chosen, row, median))
    monthly = [i for i in chosen if i.monthly]
    dated = cells.filter(pc.is_valid(cells["month"]))
    if dated.num_rows:
        for row, median in groups(["month"], dated):
            key = row["month"].strftime("%Y-%m")
            result.months.setdefault(key, {}).update(_values(monthly, row, median))
    for split in codes.SPLITS:
        names = codes.SPLIT_GROUPS[split]
        for row, median in groups(["year", split]):
            by = result.splits.setdefault(row["year"], {}).setdefault(split, {})
            by.setdefault(names[row[split]], {}).update(_values(chosen, row, median))


def store_monthly(result: Result, code: str, monthly: pa.Table) -> None:
    for row in monthly.to_pylist():
        result.months.setdefault(row["month"].strftime("%Y-%m"), {})[code] = int(row["open"])


def rates(result: Result, chosen: Sequence[Indicator]) -> None:
    """Each rate: its count per 10,000 of the population aged 0-17 at mid-year Y-1."""

    def fill(values: dict[str, Value], year: int) -> None:
        people = result.population.get(year - 1)
        for ind in chosen:
            of = ind.define(None).rate_of  # a rate reads no facts
            if of in values:
                count = values[of]
                values[ind.code] = count / people * 10000 if people and count is not None else None

    for year, values in result.years.items():
        fill(values, year)
    for month, values in result.months.items():
        day = dt.date.fromisoformat(month + "-01")
        fill(values, day.year + 1 if day.month >= 4 else day.year)
