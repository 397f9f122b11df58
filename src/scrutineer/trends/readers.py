"""Read an agency's return from the Excel template or a CSV file into ``RawFigure`` rows.

Readers only read: each row keeps its sheet, row number and the column of each field, and
``validation.validate`` then checks every row against the catalogue and the return. Whatever
arrives (a password-protected workbook, a ZIP bomb called ``.xlsx``, a UTF-16 text file, random
bytes) a reader returns problems in plain words and never raises, so a hostile file cannot turn
into an error page and nothing is half-read.

- The file is first checked by ``core.uploads.check_upload``: its size (``MAX_BYTES``), that
  its content is what its name says, and, for a workbook, the ZIP's declared and real sizes and
  compression ratio before anything parses it.
- A workbook's values are read with python-calamine (fast), but calamine returns a formula's
  last computed value, which would let ``=B2*2`` pass as a figure. So the sheet's XML is read
  first, as a stream, to find formulas and error cells (``#DIV/0!``), and how far the sheet's
  cells reach: calamine holds a sheet as one block from A1 to its last cell, so a sheet with a
  value in XFD1048576 is refused before calamine is asked for it.
- A CSV file is UTF-8 (with or without Excel's byte-order mark), else Windows-1252 (what Excel
  on a British PC saves as "CSV"), with a note asking the uploader to check accented names.

Nothing here touches the database or a request; the XML side of a workbook is in ``readers_xlsx``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from scrutineer.core.uploads import UploadRejected, check_upload

from .readers_xlsx import NotAllowed, SheetScan, scan_sheet, sheet_paths
from .validation import FIELD_NAMES, Problem, RawFigure

#: Largest return accepted. A template for a large agency is well under 100 KB.
MAX_BYTES = 10 * 1024 * 1024
#: A workbook may expand to this much XML in all (real templates: well under 1 MB).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
#: Rows and columns a return's sheet may reach; a return holds a few hundred figures.
MAX_ROWS = 10_000
MAX_COLUMNS = 100
#: How far down a sheet the row of column headings is looked for.
HEADER_SEARCH_ROWS = 20

RETURN_SHEET = "Return"
INSTRUCTIONS_SHEET = "Instructions"
DEFINITIONS_SHEET = "Definitions"
DETAILS_SHEET = "Details"
#: The first cell of the hidden details sheet, which marks a workbook as a Scrutineer template.
TEMPLATE_MARK = "Scrutineer data return"

#: The template's columns, in order: (heading, the field it holds or "" for context only).
TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Indicator code", "code"),
    ("Indicator name", ""),
    ("Period", "period"),
    ("Period in words", ""),
    ("Unit", ""),
    ("Value", "value"),
    ("Numerator", "numerator"),
    ("Denominator", "denominator"),
    ("Reason missing", "missing_reason"),
    ("Previous period", ""),
)
#: Headings read as each field, after lower-casing and turning ``_`` and ``-`` into spaces.
ALIASES = {
    "indicator code": "code",
    "indicator": "code",
    "code": "code",
    "period": "period",
    "period key": "period",
    "value": "value",
    "figure": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "reason missing": "missing_reason",
    "missing reason": "missing_reason",
    "reason": "missing_reason",
}
#: The template's context columns, which are read past without a note.
CONTEXT_HEADINGS = frozenset(
    {"indicator name", "name", "period in words", "unit", "previous period"}
)
REQUIRED = ("code", "period", "value")
CSV_COLUMNS = (
    "indicator, period, value, and if you have them numerator, denominator, reason_missing"
)

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class TemplateMark:
    """What the hidden details sheet says the template was made for."""

    agency_id: int | None
    agency_name: str
    quarter: str


@dataclass
class ReadResult:
    """What a reader found: rows to validate, or problems that stop the file being read."""

    kind: str = ""
    raws: list[RawFigure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mark: TemplateMark | None = None

    def refuse(self, message: str, **where: Any) -> ReadResult:
        self.problems.append(Problem(message, **where))
        return self


def read_return(name: str, data: BinaryIO, *, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Check an uploaded file and read it as a workbook or a CSV file, whichever it is."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        checked = check_upload(name, data, max_bytes=max_bytes, allowed=frozenset({"xlsx", "csv"}))
    except UploadRejected as rejected:
        return ReadResult().refuse(_refusal(rejected.message, extension, data))
    content = data.read(max_bytes + 1)
    try:
        if checked.kind == "csv":
            return read_csv(content)
        return read_xlsx(content)
    except Exception:  # a reader must answer in words, whatever the file holds
        return ReadResult().refuse(DAMAGED)


DAMAGED = (
    "The selected file is damaged and cannot be read. Save it again as a new file and upload "
    "that, or download a new template."
)


def _refusal(message: str, extension: str, data: BinaryIO) -> str:
    """check_upload's message, made specific for a CSV file that is not text we can read."""
    if extension != "csv" or not message.startswith("The file is called"):
        return message
    data.seek(0)
    head = data.read(4)
    if head.startswith((b"PK\x03\x04", b"%PDF")):
        return message
    return not_text_message(head)


def not_text_message(head: bytes) -> str:
    if head.startswith(UTF16_BOMS):
        return (
            "The CSV file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8 (Comma "
            "delimited)” and upload it again."
        )
    return (
        "The CSV file holds characters that are not text, or text in an encoding Scrutineer "
        "cannot read. Save it as “CSV UTF-8 (Comma delimited)” and upload it again."
    )


# --- CSV -------------------------------------------------------------------------------------


def decode(content: bytes) -> tuple[str | None, str]:
    """The text and a note: UTF-8 (BOM or not), else Windows-1252 with a note, else None."""
    try:
        return content.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        return None, ""
    return text, (
        "The file is not UTF-8, so it was read as Windows-1252 (what Excel on a British PC "
        "saves as CSV). Check that names with accents and symbols such as £ came through."
    )


def read_csv(content: bytes | str) -> ReadResult:
    """Read a CSV return: a row of column names, then one row per figure."""
    result = ReadResult(kind="csv")
    if isinstance(content, bytes):
        text, note = (None, "") if content.startswith(UTF16_BOMS) else decode(content)
        if text is None:
            return result.refuse(not_text_message(content[:4]))
        if note:
            result.notes.append(note)
    else:
        text = content.removeprefix("\ufeff")
    if "\x00" in text:
        return result.refuse(not_text_message(b""))
    if not text.strip():
        return result.refuse("The selected file is empty")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    try:
        records = list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        return result.refuse(f"The file cannot be read as CSV ({error}). Save it again as CSV.")
    except _TooMany:
        return result.refuse(_too_many_rows())
    numbered = [(n, row) for n, row in enumerate(records, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return result.refuse("The selected file is empty")
    header = numbered[0][1]
    mapping = _map_headings(header, result, sheet="")
    if mapping is None:
        return result
    columns = {name: _csv_column(index, header[index]) for name, index in mapping.items()}
    for number, row in numbered[1:]:
        values = {name: _cell(row, index) for name, index in mapping.items()}
        if all(v is None for v in values.values()):
            continue
        result.raws.append(RawFigure(row=number, columns=columns, **values))
    return result


class _TooMany(Exception):
    pass


def _limited(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    for count, row in enumerate(rows):
        if count > MAX_ROWS:
            raise _TooMany
        yield row


def _too_many_rows() -> str:
    return (
        f"The file has more than {MAX_ROWS:,} rows, which is far more than a return holds. "
        "Send one quarter's figures for your agency only."
    )


def _cell(row: list[Any], index: int) -> Any:
    value = row[index] if index < len(row) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel keeps every number as a float: 12.0 was typed as 12
    return value


def _csv_column(index: int, heading: str) -> str:
    return f"{column_letter(index)} (“{heading.strip()[:40]}”)"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise(heading: Any) -> str:
    text = "" if heading is None else str(heading)
    return re.sub(r"[\s_\-]+", " ", text.replace("\ufeff", "").strip().lower()).strip(" :*")


def _map_headings(header: list[Any], result: ReadResult, *, sheet: str) -> dict[str, int] | None:
    """Which column holds each field; records a problem and returns None if any is missing."""
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        key = normalise(heading)
        name = ALIASES.get(key)
        if name is None:
            if key and key not in CONTEXT_HEADINGS:
                ignored.append(f"{column_letter(index)} (“{str(heading).strip()[:40]}”)")
            continue
        if name in mapping:
            first = column_letter(mapping[name])
            result.problems.append(
                Problem(
                    f"columns {first} and {column_letter(index)} are both "
                    f"“{FIELD_NAMES[name]}”: keep one of them",
                    row=None,
                    sheet=sheet,
                )
            )
            continue
        mapping[name] = index
    missing = [FIELD_NAMES[name] for name in REQUIRED if name not in mapping]
    if missing:
        where = f"The “{sheet}” sheet" if sheet else "The file"
        names = " and ".join(f"“{m}”" for m in missing)
        result.problems.append(
            Problem(
                f"{where} has no {names} column. The first row must name the columns: "
                f"{CSV_COLUMNS}."
                if not sheet
                else f"{where} has no {names} column. Use the template downloaded for this "
                "return, and keep its column headings as they are.",
                sheet=sheet,
            )
        )
    if ignored:
        result.notes.append(
            f"Column{'s' if len(ignored) > 1 else ''} {', '.join(ignored[:10])} "
            f"{'were' if len(ignored) > 1 else 'was'} not read: only the columns "
            f"{CSV_COLUMNS} are."
        )
    return None if result.problems else mapping


# --- Excel -----------------------------------------------------------------------------------


def read_xlsx(content: bytes) -> ReadResult:
    """Read the template's "Return" sheet (and its hidden details, if it has them)."""
    result = ReadResult(kind="xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(member.file_size for member in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
            return result.refuse(
                "The workbook expands to far more data than a return holds, so it cannot be "
                "accepted. Copy your figures into a new template and upload that."
            )
        paths = sheet_paths(archive)
        sheet = next((n for n in paths if n.strip().lower() == RETURN_SHEET.lower()), None)
        if sheet is None:
            found = ", ".join(f"“{n}”" for n in paths) or "none"
            return result.refuse(
                f"The workbook has no sheet called “{RETURN_SHEET}” (its sheets: {found}). "
                "Use the template downloaded for this return, and do not rename its sheets."
            )
        scans = {}
        for name in (sheet, DETAILS_SHEET):
            if name in paths and paths[name] in archive.namelist():
                with archive.open(paths[name]) as stream:
                    scans[name] = scan_sheet(stream, max_row=MAX_ROWS, max_column=MAX_COLUMNS)
    except (NotAllowed, ElementTree.ParseError, expat.ExpatError, KeyError, ValueError):
        return result.refuse(DAMAGED)
    except zipfile.BadZipFile:
        return result.refuse(DAMAGED)
    for name, scan in scans.items():
        if scan.max_row > MAX_ROWS or scan.max_column > MAX_COLUMNS:
            corner = f"{column_letter(max(scan.max_column - 1, 0))}{scan.max_row}"
            return result.refuse(
                f"The “{name}” sheet has cells as far as {corner}, far more than a return "
                "holds. Delete the rows and columns beyond your figures and upload it again.",
                sheet=name,
            )
        if scan.stopped:
            return result.refuse(
                f"The “{name}” sheet holds more than 10,000 formulas or error cells. Type the "
                "figures themselves, not formulas, and upload it again.",
                sheet=name,
            )
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    if DETAILS_SHEET in scans:
        result.mark = _mark(workbook.get_sheet_by_name(DETAILS_SHEET).to_python())
    scan = scans.get(sheet, SheetScan())
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    _read_rows(rows, scan, sheet, result)
    return result


def _mark(rows: list[list[Any]]) -> TemplateMark | None:
    values = {str(r[0]).strip().lower(): r[1] for r in rows if len(r) >= 2 and r[0] != ""}
    if not rows or not rows[0] or str(rows[0][0]).strip() != TEMPLATE_MARK:
        return None
    raw_id = values.get("agency id")
    try:
        agency_id = int(raw_id) if raw_id not in (None, "") else None
    except (TypeError, ValueError):
        agency_id = None
    return TemplateMark(
        agency_id=agency_id,
        agency_name=str(values.get("agency", "")).strip(),
        quarter=str(values.get("quarter", "")).strip(),
    )


def _read_rows(rows: list[list[Any]], scan: SheetScan, sheet: str, result: ReadResult) -> None:
    header_index = next(
        (
            i
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if {"code", "period"} <= {ALIASES.get(normalise(c), "") for c in row}
        ),
        None,
    )
    if header_index is None:
        result.problems.append(
            Problem(
                f"The “{sheet}” sheet has no row of column headings (Indicator code, Period, "
                "Value, ...). Use the template downloaded for this return, and keep its "
                "headings as they are.",
                sheet=sheet,
            )
        )
        return
    mapping = _map_headings(rows[header_index], result, sheet=sheet)
    if mapping is None:
        return
    columns = {name: column_letter(index) for name, index in mapping.items()}
    for index in range(header_index + 1, len(rows)):
        row, number = rows[index], index + 1
        values: dict[str, Any] = {}
        for name, column in mapping.items():
            where = (number, column)
            if where in scan.formulas and name in ("value", "numerator", "denominator"):
                values[name] = f"={scan.formulas[where]}"
                continue
            if where in scan.errors and name in ("value", "numerator", "denominator"):
                values[name] = scan.errors[where]
                continue
            if where in scan.formulas:
                result.problems.append(
                    Problem(
                        f"holds a formula (={scan.formulas[where][:40]}): type the "
                        f"{FIELD_NAMES[name]} itself, not a formula",
                        row=number,
                        column=columns[name],
                        sheet=sheet,
                    )
                )
            values[name] = _cell(row, column)
        if all(v is None for v in values.values()):
            continue
        result.raws.append(RawFigure(row=number, sheet=sheet, columns=columns, **values))
