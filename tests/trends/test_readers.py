"""Readers: a workbook or a CSV file becomes ``RawFigure`` rows that remember where each came
from, and anything that cannot be read becomes a problem in plain words, never an exception."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.trends.readers import (
    DETAILS_SHEET,
    MAX_BYTES,
    MAX_ROWS,
    TEMPLATE_COLUMNS,
    TEMPLATE_MARK,
    column_letter,
    read_csv,
    read_return,
    read_xlsx,
)

HEADINGS = [heading for heading, _ in TEMPLATE_COLUMNS]
OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def workbook(
    rows: list[list[Any]],
    *,
    sheet: str = "Return",
    headings: list[str] | None = None,
    details: list[list[Any]] | None = None,
) -> bytes:
    book = openpyxl.Workbook()
    active = book.active
    assert active is not None
    active.title = sheet
    active.append(headings if headings is not None else HEADINGS)
    for row in rows:
        active.append(row)
    if details is not None:
        hidden = book.create_sheet(DETAILS_SHEET)
        for row in details:
            hidden.append(row)
        hidden.sheet_state = "veryHidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(code: Any = "da_incidents", period: Any = "2024-04", value: Any = 12, **more: Any) -> list:
    """A Return row in the template's column order."""
    cells = {"code": code, "period": period, "value": value, **more}
    return [cells.get(name) if name else None for _, name in TEMPLATE_COLUMNS]


def read(name: str, content: bytes, **kwargs: Any):
    return read_return(name, io.BytesIO(content), **kwargs)


def messages(result) -> list[str]:
    return [p.message for p in result.problems]


# --- CSV ---------------------------------------------------------------------------------


def test_it_reads_a_csv_file_with_its_columns_in_any_order_and_any_case():
    result = read_csv(b"Value,PERIOD,Indicator,Reason_Missing\n12,2024-04,da_incidents,\n")
    assert result.problems == []
    (raw,) = result.raws
    assert (raw.code, raw.period, raw.value, raw.missing_reason) == (
        "da_incidents",
        "2024-04",
        "12",
        None,
    )
    assert raw.row == 2
    assert raw.columns["value"] == "A (“Value”)"
    assert raw.columns["code"] == "C (“Indicator”)"


def test_it_accepts_code_as_the_name_of_the_indicator_column_and_excels_byte_order_mark():
    result = read_csv("\ufeffcode,period,value\r\nda_incidents,2024-04,12\r\n".encode())
    assert result.problems == []
    assert result.notes == []
    assert result.raws[0].code == "da_incidents"


def test_it_reads_windows_1252_and_says_so():
    result = read_csv(
        "indicator,period,value,reason_missing\nx,2024-04,,café £5\n".encode("cp1252")
    )
    assert result.problems == []
    assert result.raws[0].missing_reason == "café £5"
    assert "Windows-1252" in result.notes[0]


def test_it_refuses_utf16_saying_how_to_save_the_file():
    content = "indicator,period,value\n".encode("utf-16")
    assert "UTF-16" in messages(read_csv(content))[0]
    assert "UTF-16" in messages(read("return.csv", content))[0]


def test_it_refuses_binary_rubbish_called_csv():
    message = messages(read("return.csv", bytes(range(256)) * 4))[0]
    assert "not text" in message
    assert "CSV UTF-8" in message


def test_it_reads_semicolons_as_excel_saves_them_in_some_countries():
    result = read_csv(b"indicator;period;value\nda_incidents;2024-04;12\n")
    assert result.raws[0].value == "12"


def test_it_numbers_rows_as_a_spreadsheet_shows_them_and_skips_blank_ones():
    result = read_csv(
        b"indicator,period,value\n\nda_incidents,2024-04,1\n,,\nda_incidents,2024-05,2\n"
    )
    assert [r.row for r in result.raws] == [3, 5]


def test_it_says_which_columns_are_missing():
    (message,) = messages(read_csv(b"indicator,value\nda_incidents,12\n"))
    assert "no “period” column" in message
    assert "indicator, period, value" in message


def test_it_refuses_a_column_given_twice():
    (message,) = messages(read_csv(b"indicator,period,value,figure\nx,2024-04,1,2\n"))
    assert "columns C and D are both “value”" in message


def test_it_notes_columns_it_did_not_read():
    result = read_csv(b"indicator,period,value,comment\nx,2024-04,1,hello\n")
    assert result.problems == []
    assert "D (“comment”)" in result.notes[0]


@pytest.mark.parametrize("content", [b"", b"\n\n", b" , ,\n"])
def test_it_says_an_empty_csv_file_is_empty(content):
    result = read("return.csv", content) if content else read_csv(content)
    assert messages(result) == ["The selected file is empty"]


def test_it_refuses_a_csv_file_with_far_too_many_rows():
    content = b"indicator,period,value\n" + b"x,2024-04,1\n" * (MAX_ROWS + 5)
    assert "more than 10,000 rows" in messages(read_csv(content))[0]


# --- Excel ----------------------------------------------------------------------------------


def test_it_reads_the_return_sheet_with_sheet_row_and_column_letters():
    result = read("return.xlsx", workbook([row(), row(period="2024-05", value="c")]))
    assert result.problems == []
    assert result.kind == "xlsx"
    first, second = result.raws
    assert (first.sheet, first.row, first.code, first.value) == ("Return", 2, "da_incidents", 12)
    assert first.columns == {
        "code": "A",
        "period": "C",
        "value": "F",
        "numerator": "G",
        "denominator": "H",
        "missing_reason": "I",
    }
    assert (second.row, second.value) == (3, "c")


def test_it_finds_the_headings_below_a_title_and_skips_empty_rows():
    content = workbook(
        [[], HEADINGS, row(), [], row(period="2024-05")], headings=["Police return, 2024-25 Q1"]
    )
    result = read("return.xlsx", content)
    assert [r.row for r in result.raws] == [4, 6]


def test_it_gives_a_date_excel_made_of_a_period_as_a_date():
    result = read("return.xlsx", workbook([row(period=dt.datetime(2024, 4, 1))]))
    assert result.raws[0].period in (dt.date(2024, 4, 1), dt.datetime(2024, 4, 1))


def test_it_reports_a_formula_in_a_figure_as_the_formula_not_its_value():
    content = workbook([row(value="=2*6"), row(period="2024-05", numerator="=SUM(1,2)")])
    first, second = read("return.xlsx", content).raws
    assert first.value == "=2*6"
    assert second.numerator == "=SUM(1,2)"


def test_it_reports_a_formula_in_the_code_or_period_column():
    result = read("return.xlsx", workbook([row(code='="da_"&"incidents"')]))
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Return", 2, "A")
    assert "holds a formula" in problem.message
    assert "indicator code" in problem.message


def test_it_reports_an_error_cell_as_what_excel_shows():
    result = read("return.xlsx", workbook([row(value="#DIV/0!")]))
    assert result.raws[0].value == "#DIV/0!"


def test_it_says_which_sheets_a_workbook_has_when_the_return_sheet_is_missing():
    (message,) = messages(read("return.xlsx", workbook([row()], sheet="Sheet1")))
    assert "no sheet called “Return”" in message
    assert "“Sheet1”" in message


def test_it_says_when_the_headings_are_missing():
    (message,) = messages(read("return.xlsx", workbook([row()], headings=["a", "b", "c"])))
    assert "no row of column headings" in message


def test_it_says_which_heading_is_missing():
    headings = [h if h != "Value" else "Figures" for h in HEADINGS]
    (message,) = messages(read("return.xlsx", workbook([row()], headings=headings)))
    assert "no “value” column" in message


def test_it_reads_the_hidden_details_of_a_template():
    details = [
        [TEMPLATE_MARK, 1],
        ["agency id", 7],
        ["agency", "Police"],
        ["quarter", "2024-25 Q1"],
    ]
    result = read("return.xlsx", workbook([row()], details=details))
    assert result.mark is not None
    assert (result.mark.agency_id, result.mark.agency_name, result.mark.quarter) == (
        7,
        "Police",
        "2024-25 Q1",
    )


def test_a_workbook_without_details_has_no_mark():
    assert read("return.xlsx", workbook([row()])).mark is None


def test_it_refuses_a_sheet_that_reaches_far_beyond_a_return_before_calamine_reads_it():
    book = openpyxl.load_workbook(io.BytesIO(workbook([row()])))
    book["Return"]["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    (message,) = messages(read("return.xlsx", out.getvalue()))
    assert "cells as far as XFD1048576" in message


def test_it_refuses_a_password_protected_workbook():
    (message,) = messages(read("return.xlsx", OLE))
    assert "password-protected" in message


def test_it_refuses_a_damaged_workbook():
    content = workbook([row()])
    (message,) = messages(read("return.xlsx", content[: len(content) // 2]))
    assert "damaged" in message


def test_it_refuses_a_zip_bomb_called_xlsx_before_opening_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    bomb = out.getvalue()
    assert len(bomb) < 100_000
    (message,) = messages(read("return.xlsx", bomb))
    assert "expands to far more data" in message


def test_it_refuses_a_workbook_that_expands_to_more_than_a_return_holds():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/media/padding.bin", b"x" * (51 * 1024 * 1024))
    (message,) = messages(read_xlsx(out.getvalue()))
    assert "expands to far more data than a return holds" in message


def test_it_refuses_a_document_type_in_the_sheet_xml():
    content = workbook([row()])
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            archive.writestr(name, data)
    assert "damaged" in messages(read_xlsx(out.getvalue()))[0]


# --- Any file --------------------------------------------------------------------------------


def test_it_refuses_a_file_over_the_limit_saying_the_limit():
    (message,) = messages(read("return.csv", b"a" * (MAX_BYTES + 1)))
    assert message == "The selected file must be smaller than 10 MB"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("return.xlsx", b"%PDF-1.4\n%%EOF\n", "not an Excel spreadsheet"),
        ("return.xlsx", b"indicator,period,value\n", "not an Excel spreadsheet"),
        ("return.pdf", b"%PDF-1.4\n%%EOF\n", "must be an Excel spreadsheet (XLSX) or CSV file"),
        (
            "return.txt",
            b"indicator,period,value\n",
            "must be an Excel spreadsheet (XLSX) or CSV file",
        ),
    ],
)
def test_it_judges_a_file_by_its_content_and_its_name(name, content, expected):
    assert expected in messages(read(name, content))[0]


def test_it_refuses_a_workbook_called_csv():
    assert "not a CSV file" in messages(read("return.csv", workbook([row()])))[0]


def test_column_letters_go_past_z():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


# --- Properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=2000), name=st.sampled_from(["r.csv", "r.xlsx", "r.txt"]))
def test_it_never_raises_on_arbitrary_bytes(content, name):
    result = read(name, content)
    # Read as what its content is, or refused in words: never an exception.
    assert result.problems or (result.kind == "csv" and name == "r.csv")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=500))
def test_it_never_raises_on_arbitrary_text(text):
    result = read_csv(text)
    for raw in result.raws:
        assert raw.row is not None
        assert raw.row >= 2


@settings(max_examples=200, deadline=None)
@given(content=st.binary(min_size=1, max_size=2000).map(lambda b: b"PK\x03\x04" + b))
def test_it_never_raises_on_bytes_that_start_like_a_zip(content):
    assert read("r.xlsx", content).problems


DAMAGEABLE = workbook([row(), row(period="2024-05", value="=1+1")])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_it_never_raises_on_a_damaged_workbook(data):
    content = bytearray(DAMAGEABLE)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    result = read("r.xlsx", bytes(content))
    assert result.problems or result.raws


@settings(max_examples=100, deadline=None)
@given(
    figures=st.lists(
        st.tuples(
            st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
            st.from_regex(r"20[0-9]{2}-[0-9]{2}( Q[1-4])?", fullmatch=True),
            st.one_of(st.integers(0, 10**9).map(str), st.sampled_from(["c", "x", "12.5", ""])),
        ),
        max_size=30,
    )
)
def test_it_reads_back_every_row_of_a_csv_file_cell_for_cell(figures):
    lines = ["indicator,period,value", *(f"{c},{p},{v}" for c, p, v in figures)]
    result = read_csv("\n".join(lines).encode())
    assert result.problems == []
    assert [(r.row, r.code, r.period, r.value) for r in result.raws] == [
        (n, c, p, v or None) for n, (c, p, v) in enumerate(figures, start=2)
    ]


def _rezip(replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(DAMAGEABLE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, replace.get(name, source.read(name)))
    return out.getvalue()


PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), part=st.sampled_from(PARTS))
def test_it_never_raises_on_a_sound_zip_holding_damaged_xml(data, part):
    """The ZIP passes every check, so calamine and the XML scan meet the damage themselves."""
    xml = bytearray(zipfile.ZipFile(io.BytesIO(DAMAGEABLE)).read(part))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(xml) - 1))
        xml[at] = data.draw(st.integers(0, 255))
    result = read("r.xlsx", _rezip({part: bytes(xml)}))
    assert result.problems or result.raws


def test_it_stops_reading_a_sheet_full_of_formulas():
    book = openpyxl.load_workbook(io.BytesIO(workbook([row()])))
    sheet = book["Return"]
    for r in range(3, 203):
        for c in range(11, 71):
            sheet.cell(r, c).value = "=1"  # 12,000 formulas beside the return
    out = io.BytesIO()
    book.save(out)
    (problem,) = read("return.xlsx", out.getvalue()).problems
    assert "more than 10,000 formulas" in problem.message
