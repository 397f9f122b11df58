"""The Excel template an agency fills in for one quarter's return (openpyxl).

One workbook per return, made from the catalogue when it is downloaded, so it always lists what
is expected now (``services.expected_cells``):

- **Return**: one row per figure, with the indicator and period filled in and locked (grey), and
  white cells to type the value, numerator, denominator or the reason a figure is missing. Data
  validation stops most slips as they are typed (text in a number cell, a negative count, a
  percentage over 100); the upload checks everything again, since validation in Excel can be
  pasted over. If the agency has already sent this return, its latest figures are filled in,
  so a correction is an edit; the previous period's current figure is shown for context.
- **Instructions**: what to type, in plain words.
- **Definitions**: what each indicator counts.
- **Details** (very hidden): which agency and quarter the template is for, so that a template
  uploaded to the wrong return is refused, saying which return it belongs to.

The sheet is protected without a password: it guards against slips, not against anyone.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import periods
from .models import DataReturn, Indicator, Observation, SeriesValue, Unit
from .readers import (
    DEFINITIONS_SHEET,
    DETAILS_SHEET,
    INSTRUCTIONS_SHEET,
    RETURN_SHEET,
    TEMPLATE_COLUMNS,
    TEMPLATE_MARK,
)
from .services import expected_cells
from .validation import MARKERS

GREY = PatternFill("solid", fgColor="F3F2F1")
HEADING_GREY = PatternFill("solid", fgColor="B1B4B6")
HEADING_YELLOW = PatternFill("solid", fgColor="FFDD00")
THIN = Side(style="thin", color="505A5F")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {
    "Indicator code": 28,
    "Indicator name": 48,
    "Period": 12,
    "Period in words": 22,
    "Unit": 24,
    "Value": 14,
    "Numerator": 14,
    "Denominator": 14,
    "Reason missing": 32,
    "Previous period": 26,
}
EDITABLE = ("value", "numerator", "denominator", "missing_reason")
#: The column letter of each field: F for the value in the template as it is.
LETTER = {name: get_column_letter(i) for i, (_, name) in enumerate(TEMPLATE_COLUMNS, 1) if name}


def return_template(data_return: DataReturn) -> bytes:
    """The .xlsx workbook for this agency's return for this quarter."""
    cells = expected_cells(data_return)
    latest = data_return.latest()
    sent = _observations(latest.observations.all() if latest else [])
    previous = _previous_values(cells)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = RETURN_SHEET
    _return_sheet(sheet, cells, sent, previous)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), data_return, bool(latest))
    _definitions(workbook.create_sheet(DEFINITIONS_SHEET), [i for i, _ in cells])
    _details(workbook.create_sheet(DETAILS_SHEET), data_return)
    properties = workbook.properties
    properties.creator = "Scrutineer"
    properties.title = f"Data return: {data_return.agency.name}, {data_return.quarter_label}"
    properties.subject = f"{data_return.agency.name} {data_return.quarter_key}"
    properties.keywords = (
        f"scrutineer return; agency {data_return.agency_id}; {data_return.quarter_key}"
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(data_return: DataReturn) -> str:
    agency = "".join(c if c.isalnum() else "-" for c in data_return.agency.label.lower())
    quarter = data_return.quarter_key.replace(" ", "-").lower()
    return f"return-{agency.strip('-')}-{quarter}.xlsx"


def _observations(observations: Iterable[Observation]) -> dict[tuple[int, dt.date], Observation]:
    return {(o.indicator_id, o.period_start): o for o in observations}


def _previous_values(
    cells: list[tuple[Indicator, dt.date]],
) -> dict[tuple[int, dt.date], SeriesValue]:
    """The current figure for the period before each cell, in one query."""
    before = {
        (indicator.pk, _previous(indicator, start)): (indicator.pk, start)
        for indicator, start in cells
    }
    values = SeriesValue.objects.filter(
        indicator_id__in={pk for pk, _ in before}, period_start__in={s for _, s in before}
    )
    return {
        before[(v.indicator_id, v.period_start)]: v
        for v in values
        if (v.indicator_id, v.period_start) in before
    }


def _previous(indicator: Indicator, start: dt.date) -> dt.date:
    return periods.add_months(start, -periods.Frequency(indicator.frequency).months)


def _number(value: Decimal | None) -> int | float | None:
    """A figure as Excel holds it: whole numbers as integers."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _return_sheet(
    sheet: Worksheet,
    cells: list[tuple[Indicator, dt.date]],
    sent: dict[tuple[int, dt.date], Observation],
    previous: dict[tuple[int, dt.date], SeriesValue],
) -> None:
    headings = [heading for heading, _ in TEMPLATE_COLUMNS]
    fields = [name for _, name in TEMPLATE_COLUMNS]
    sheet.append(headings)
    for column, (heading, name) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADING_YELLOW if name in EDITABLE else HEADING_GREY
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[heading]
    units = dict(Unit.choices)
    percentage_rows: list[int] = []
    other_rows: list[int] = []
    for row, (indicator, start) in enumerate(cells, start=2):
        done = sent.get((indicator.pk, start))
        before = previous.get((indicator.pk, start))
        # In the order of TEMPLATE_COLUMNS.
        values = [
            indicator.code,
            indicator.name,
            indicator.period_key(start),
            indicator.period_label(start),
            units.get(indicator.unit, indicator.unit),
            _number(done.value) if done else None,
            _number(done.numerator) if done else None,
            _number(done.denominator) if done else None,
            (done.missing_reason or None) if done else None,
            _previous_text(indicator, start, before),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = BOX
            editable = fields[column - 1] in EDITABLE
            cell.protection = Protection(locked=not editable)
            if not editable:
                cell.fill = GREY
            if fields[column - 1] == "period":
                cell.number_format = "@"  # a key like 2024-04 is text, never a date
        (percentage_rows if indicator.unit == Unit.PERCENTAGE else other_rows).append(row)
    _validation(sheet, other_rows, percentage_rows)
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False


def _previous_text(indicator: Indicator, start: dt.date, value: SeriesValue | None) -> str:
    if value is None:
        return ""
    key = indicator.period_key(_previous(indicator, start))
    if value.value is None:
        return f"{key}: {value.missing_reason or 'missing'}"
    figure = _number(value.value)
    return (
        f"{key}: {figure:,}"
        if isinstance(figure, int)
        else f"{key}: {figure:,.{indicator.decimals}f}"
    )


def _ranges(column: str, rows: list[int]) -> list[str]:
    """['F2:F4', 'F7'] for rows 2, 3, 4 and 7: consecutive rows as one range each."""
    parts: list[str] = []
    start = previous = None
    for row in [*rows, None]:
        if row is not None and previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(
                f"{column}{start}" if start == previous else f"{column}{start}:{column}{previous}"
            )
        start = previous = row
    return parts


def _apply(rule: DataValidation, ranges: list[str]) -> None:
    for cells in ranges:
        rule.add(cells)


def _validation(sheet: Worksheet, other_rows: list[int], percentage_rows: list[int]) -> None:
    value = LETTER["value"]
    letters = "c, x, z or u"
    for rows, percentage in ((other_rows, False), (percentage_rows, True)):
        if not rows:
            continue
        # A custom rule's references are relative to the first cell of its range.
        cell = f"{value}{rows[0]}"
        markers = ",".join(f'{cell}="{m}"' for m in MARKERS)
        limit = f",{cell}<=100" if percentage else ""
        rule = DataValidation(
            type="custom",
            formula1=f"OR(AND(ISNUMBER({cell}),{cell}>=0{limit}),{markers})",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a figure",
            error=f"Type a number of 0 or more{' and at most 100' if percentage else ''}, without a % "
            f"sign, or one of the letters {letters} if the figure cannot be given.",
        )
        _apply(rule, _ranges(value, rows))
        sheet.add_data_validation(rule)
    all_rows = sorted(other_rows + percentage_rows)
    if not all_rows:
        return
    counts = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a count",
        error="Type a number of 0 or more.",
    )
    _apply(
        counts, _ranges(LETTER["numerator"], all_rows) + _ranges(LETTER["denominator"], all_rows)
    )
    sheet.add_data_validation(counts)
    reason = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="120",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Too long",
        error="Say why the figure is missing in 120 characters or fewer.",
    )
    _apply(reason, _ranges(LETTER["missing_reason"], all_rows))
    sheet.add_data_validation(reason)


def _instructions(sheet: Worksheet, data_return: DataReturn, resent: bool) -> None:
    agency, quarter = data_return.agency.name, data_return.quarter_label
    lines: list[tuple[str, bool]] = [
        (f"Data return for {agency}: {quarter}", True),
        (f"Due by {data_return.due_on:%-d %B %Y}.", False),
        ("", False),
        ("What to do", True),
        (
            f"1. On the “{RETURN_SHEET}” sheet each row is one figure the partnership needs from "
            "you. The indicator and the period are filled in for you in the grey columns.",
            False,
        ),
        (
            "2. Type your figures in the white columns only: Value, and for a rate or a "
            "percentage the Numerator and Denominator too if you have them. If you give only "
            "the numerator and denominator, Scrutineer works out the rate or percentage.",
            False,
        ),
        (
            "3. Type numbers only: no formulas (nothing starting with =), no units and no % "
            "sign. For 45.2% type 45.2. Counts cannot be negative.",
            False,
        ),
        (
            "4. If you cannot give a figure, type one of these letters in Value instead, or "
            "leave Value empty and say why in “Reason missing”:",
            False,
        ),
        *[(f"      {letter} = {reason}", False) for letter, reason in MARKERS.items()],
        (
            "5. Do not add, delete, move or rename rows, columns or sheets, and do not add a "
            "password.",
            False,
        ),
        (
            "6. Save the file as an Excel workbook (.xlsx) and upload it in Scrutineer: "
            "Trends, then Your returns, then this quarter, then “Upload the return”.",
            False,
        ),
        ("", False),
        ("What happens next", True),
        (
            "Scrutineer checks every row and lists every problem with its row and column. "
            "Nothing is saved until the whole return is right: fix what it lists and upload the "
            "file again.",
            False,
        ),
        (
            "You can send the return again later to correct it. Each upload is kept as a new "
            "version, and the page shows what changed.",
            False,
        ),
        (
            "The “Previous period” column shows the figure the partnership holds for the period "
            "before, to help you spot a slip.",
            False,
        ),
        (f"“{DEFINITIONS_SHEET}” says exactly what each indicator counts.", False),
    ]
    if resent:
        lines.insert(
            3,
            (
                "Your agency has already sent this return: the figures it sent last are filled "
                "in. Change only what needs correcting.",
                False,
            ),
        )
    for text, heading in lines:
        sheet.append([text])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _definitions(sheet: Worksheet, indicators: list[Indicator]) -> None:
    units = dict(Unit.choices)
    headings = ["Code", "Name", "Definition", "Numerator", "Denominator", "Unit", "Frequency"]
    sheet.append(headings)
    for column, width in enumerate((28, 40, 70, 40, 40, 24, 12), start=1):
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    seen: set[int] = set()
    for indicator in indicators:
        if indicator.pk in seen:
            continue
        seen.add(indicator.pk)
        sheet.append(
            [
                indicator.code,
                indicator.name,
                indicator.definition,
                indicator.numerator,
                indicator.denominator,
                units.get(indicator.unit, indicator.unit),
                indicator.frequency,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True


def _details(sheet: Worksheet, data_return: DataReturn) -> None:
    sheet.append([TEMPLATE_MARK, 1])
    sheet.append(["agency id", data_return.agency_id])
    sheet.append(["agency", data_return.agency.name])
    sheet.append(["quarter", data_return.quarter_key])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
