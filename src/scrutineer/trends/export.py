"""The overview and an indicator's series as CSV and Excel, with small numbers suppressed.

One module, the same small interface as every export: a ``Table`` of ``headers`` and ``rows``
built from what the pages show (``overview.build``, ``series.load``), then written as CSV or
as an Excel workbook. Suppression (``core.suppression``) runs on the table before it is
written, so both formats publish the same cells:

- counts from 1 to ``SUPPRESSION_MAX`` are ``c`` (the value of a count indicator, and every
  numerator and denominator);
- a rate or percentage whose numerator is ``c`` is ``c``; a change is ``c`` when either figure
  it is computed from is;
- an SPC mean or limit is ``c`` when any figure of its segment is, since the mean of n figures
  and n - 1 of them give the last one.

The tables publish no totals, so rule 3 of ``core.suppression`` (secondary suppression) has
nothing to protect here; any table of ours that does publish totals passes them in.
Text cells that a spreadsheet would run as a formula are written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scrutineer.core.spreadsheet import safe_cell
from scrutineer.core.suppression import MARKER, Suppression, suppress

from . import words
from .models import Unit
from .overview import Overview, Row
from .series import Series

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | Decimal | None


@dataclass
class Table:
    """What an export publishes: a title, the header row, the rows and notes about them."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


def safe(value: Cell) -> Cell:
    """A value as it may go into a spreadsheet: text that would be a formula is quoted."""
    return safe_cell(value)


def plain(value: Decimal | float | None, places: int | None = None) -> Decimal | None:
    """A stored figure without trailing zeros (``12.5000`` -> ``12.5``), rounded if asked."""
    if value is None:
        return None
    number = words.rounded(value, places) if places is not None else Decimal(str(value))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def suppression_note(threshold: tuple[int, int]) -> str:
    low, high = threshold
    return (
        f"{MARKER}: suppressed. Counts from {low} to {high} are not shown, nor any figure they "
        "could be worked out from (a rate from its numerator, a change, a mean or limits)."
    )


# --- the overview -----------------------------------------------------------------------------

OVERVIEW_HEADERS = [
    "Code",
    "Indicator",
    "Sector",
    "Source agency",
    "Unit",
    "Which way is better",
    "Frequency",
    "Latest period",
    "Latest value",
    "Latest numerator",
    "Latest denominator",
    "Previous period",
    "Previous value",
    "Change",
    "Variation",
    "Assurance",
    "Target",
    "Benchmark year",
    "Benchmark: published value",
    "Benchmark: England",
    "Benchmark: region",
    "Benchmark: statistical neighbours (mean)",
    "Benchmark: rank",
    "Benchmark: quartile",
]


def _overview_cells(index: int, row: Row) -> tuple[dict[Hashable, Any], set, dict]:
    """The suppressible cells of one overview row, which are counts, and what derives from what."""
    series = row.series
    latest, previous = series.latest, series.previous
    cells: dict[Hashable, Any] = {
        (index, "latest"): latest.value if latest else None,
        (index, "latest_num"): latest.numerator if latest else None,
        (index, "latest_den"): latest.denominator if latest else None,
        (index, "previous"): previous.value if previous else None,
        (index, "previous_num"): previous.numerator if previous else None,
        (index, "previous_den"): previous.denominator if previous else None,
    }
    change = None
    if latest is not None and previous is not None:
        change = latest.value - previous.value  # type: ignore[operator]
    cells[(index, "change")] = change
    counts = {(index, k) for k in ("latest_num", "latest_den", "previous_num", "previous_den")}
    derived: dict[Hashable, list[Hashable]] = {
        (index, "change"): [(index, "latest"), (index, "previous")]
    }
    if row.indicator.unit == Unit.COUNT:
        counts |= {(index, "latest"), (index, "previous")}
    else:
        derived[(index, "latest")] = [(index, "latest_num")]
        derived[(index, "previous")] = [(index, "previous_num")]
    return cells, counts, derived


def overview_table(
    overview: Overview, *, threshold: tuple[int, int], description: str = ""
) -> Table:
    table: dict[Hashable, Any] = {}
    counts: set[Hashable] = set()
    derived: dict[Hashable, list[Hashable]] = {}
    for index, row in enumerate(overview.rows):
        cells, row_counts, row_derived = _overview_cells(index, row)
        table.update(cells)
        counts |= row_counts
        derived.update(row_derived)
    hidden = suppress(table, threshold, counts=counts, derived=derived)
    rows = []
    for index, row in enumerate(overview.rows):
        rows.append(_overview_row(index, row, hidden))
    notes = [suppression_note(threshold)]
    if description:
        notes.append(f"Filters: {description}.")
    return Table("Partnership overview", OVERVIEW_HEADERS, rows, notes)


def _overview_row(index: int, row: Row, hidden: Suppression) -> list[Cell]:
    indicator = row.indicator
    series = row.series
    latest, previous = series.latest, series.previous

    def shown(name: str, places: int | None = None) -> Cell:
        value = hidden.shown((index, name))
        return value if isinstance(value, str) else plain(value, places)

    bench = row.benchmark

    def bench_value(name: str) -> Cell:
        if bench is None:
            return None
        value = getattr(bench, name, None)
        if value is None and name == "value":
            return getattr(bench, "marker", None) or None
        return plain(value) if isinstance(value, Decimal | float | int) else value

    return [
        indicator.code,
        indicator.name,
        indicator.get_sector_display(),
        indicator.agency.name if indicator.agency else "",
        indicator.get_unit_display(),
        indicator.get_polarity_display(),
        indicator.get_frequency_display(),
        series.key(latest.period_start) if latest else None,
        shown("latest"),
        shown("latest_num"),
        shown("latest_den"),
        series.key(previous.period_start) if previous else None,
        shown("previous"),
        shown("change"),
        row.variation_words or "Not enough figures for a chart",
        row.assurance_words or None,
        plain(indicator.target),
        getattr(bench, "year", None) if bench is not None else None,
        bench_value("value"),
        bench_value("england"),
        bench_value("region"),
        bench_value("neighbours_mean"),
        _rank(bench),
        bench_value("quartile"),
    ]


def _rank(bench: Any) -> str | None:
    if bench is None or getattr(bench, "rank", None) is None:
        return None
    of = getattr(bench, "of", None)
    return f"{bench.rank} of {of}" if of else str(bench.rank)


# --- an indicator's series --------------------------------------------------------------------

SERIES_HEADERS = [
    "Period",
    "Period (in words)",
    "Value",
    "Numerator",
    "Denominator",
    "Why there is no value",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Trial limits",
    "Special-cause rules",
    "Class",
]


def series_table(series: Series, *, threshold: tuple[int, int]) -> Table:
    """Every period of one indicator with its SPC figures, suppressed."""
    indicator = series.indicator
    chart = series.chart()
    points = {p.period: p for p in chart.points} if chart else {}
    boundaries = sorted(c.period_start for c in indicator.change_points.all())
    table: dict[Hashable, Any] = {}
    counts: set[Hashable] = set()
    derived: dict[Hashable, list[Hashable]] = {}
    segments: dict[int, list[Hashable]] = {}
    for i, value in enumerate(series.values):
        table[(i, "value")] = value.value
        table[(i, "numerator")] = value.numerator
        table[(i, "denominator")] = value.denominator
        counts |= {(i, "numerator"), (i, "denominator")}
        if indicator.unit == Unit.COUNT:
            counts.add((i, "value"))
        else:
            derived[(i, "value")] = [(i, "numerator")]
        point = points.get(series.key(value.period_start))
        if point is not None:
            segment = sum(1 for start in boundaries if start <= value.period_start)
            segments.setdefault(segment, []).append((i, "value"))
            for name in ("mean", "lower", "upper"):
                table[(i, name)] = getattr(point, name)
                derived[(i, name)] = segments[segment]  # filled in as the loop goes on
    hidden = suppress(table, threshold, counts=counts, derived=derived)
    places = indicator.decimals + 1
    rows: list[list[Cell]] = []
    before = None
    for i, value in enumerate(series.values):
        key = series.key(value.period_start)
        point = points.get(key)

        def shown(name: str, rounding: int | None = None, i: int = i) -> Cell:
            if (i, name) not in table:
                return None
            cell = hidden.shown((i, name))
            return cell if isinstance(cell, str) else plain(cell, rounding)

        rows.append(
            [
                key,
                series.label(value.period_start),
                shown("value"),
                shown("numerator"),
                shown("denominator"),
                value.missing_reason or None,
                shown("mean", places),
                shown("lower", places),
                shown("upper", places),
                ("Yes" if point.trial else "No") if point else None,
                words.rules_in_words(point, before) if point else None,
                words.CLASS_WORDS[point.point_class] if point else None,
            ]
        )
        if point is not None:
            before = point
    notes = [
        suppression_note(threshold),
        f"{indicator.name} ({indicator.code}): {indicator.definition}",
        f"Unit: {indicator.get_unit_display()}. {indicator.get_polarity_display()}.",
    ]
    return Table(f"{indicator.name}", SERIES_HEADERS, rows, notes)


# --- writing ----------------------------------------------------------------------------------


def to_csv(table: Table) -> str:
    """The table as CSV text (headers, then rows; the notes belong to the Excel file)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_value(cell) for cell in row])
    return out.getvalue()


def _csv_value(cell: Cell) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")  # never 1E+1
    return safe(cell)


def to_xlsx(table: Table, *, generated: dt.datetime, source: str) -> bytes:
    """The table as an Excel workbook: the figures on the first sheet, notes on the second."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Figures"
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(cell) for cell in row])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(table.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) + 2))
    about = book.create_sheet("About")
    about.append([table.title])
    about["A1"].font = Font(bold=True)
    about.append([f"From {source}, {generated:%d %B %Y at %H:%M}."])
    for note in table.notes:
        about.append([safe(note)])
    about.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(cell: Cell) -> Cell:
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral() else float(cell)
    return safe(cell)


def filename(stem: str, today: dt.date, extension: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
    return f"{cleaned}-{today:%Y-%m-%d}.{extension}"
