"""Every bad input the issue names, uploaded through the page: each gets a clear message in
the error summary, saying where, and nothing at all is saved."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import Client

from scrutineer.core.models import AccessLogEntry
from scrutineer.trends.models import Observation, SeriesValue, Submission
from scrutineer.trends.services import return_for

from ..factories import sign_in
from .returns_helpers import Q1, Q4, filled_template, make_catalogue, police_return, upload

OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024
MB = 1024 * 1024


@pytest.fixture
def catalogue(police, council):
    return make_catalogue(police, council)


@pytest.fixture
def data_return(catalogue, police):
    return police_return(police)


@pytest.fixture
def client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


def refused(response, *expected: str) -> str:
    """The page came back with an error summary holding each expected text; nothing saved."""
    page = response.content.decode()
    assert response.status_code in (200, 413)
    assert "govuk-error-summary" in page
    assert "<title>Error: " in page
    for text in expected:
        assert text in page, f"{text!r} not on the page"
    assert not Submission.objects.exists()
    assert not Observation.objects.exists()
    assert not SeriesValue.objects.exists()
    return page


def test_unknown_indicator_codes(client, data_return):
    content = filled_template(data_return, {("da_incidents", "2024-04"): {}})
    book = openpyxl.load_workbook(io.BytesIO(content))
    book["Return"]["A2"] = "da_incidnets"
    out = io.BytesIO()
    book.save(out)
    refused(
        upload(client, data_return, "return.xlsx", out.getvalue()),
        "Sheet “Return”, row 2, column A: “da_incidnets” is not an indicator code in the catalogue",
    )


def test_wrong_periods(client, data_return):
    csv = b"indicator,period,value\nda_incidents,2024-07,5\nmissing_episodes,2024-Q1,3\n"
    refused(
        upload(client, data_return, "return.csv", csv),
        "Row 2, column B (“period”): 2024-07 is not in this return",
        "Row 3, column B (“period”): &#x27;2024-Q1&#x27; is not a financial quarter",
    )


def test_text_in_number_cells(client, data_return):
    content = filled_template(data_return, {("da_incidents", "2024-05"): {"value": "about 40"}})
    refused(
        upload(client, data_return, "return.xlsx", content),
        "Sheet “Return”, row 3, column F: “about 40” is not a number",
    )


def test_negative_counts(client, data_return):
    content = filled_template(data_return, {("missing_episodes", "2024-25 Q1"): {"value": -4}})
    refused(upload(client, data_return, "return.xlsx", content), "row 8, column F: -4 is negative")


def test_a_numerator_above_its_denominator(client, data_return):
    content = filled_template(
        data_return, {("da_child_present", "2024-04"): {"numerator": 90, "denominator": 80}}
    )
    refused(
        upload(client, data_return, "return.xlsx", content),
        "row 5, column G: the numerator (90) is larger than the denominator (80)",
    )


def test_duplicate_rows(client, data_return):
    csv = (
        b"indicator,period,value\n"
        + b"".join(f"da_incidents,2024-0{m},{m}\n".encode() for m in (4, 5, 6))
        + b"da_incidents,2024-05,7\n"
    )
    refused(
        upload(client, data_return, "return.csv", csv),
        "Row 5, column A (“indicator”): da_incidents for 2024-05 appears twice (first in row 3)",
    )


def test_formulas_in_cells(client, data_return):
    content = filled_template(data_return, {("da_incidents", "2024-06"): {"value": "=F2+F3"}})
    refused(
        upload(client, data_return, "return.xlsx", content),
        "row 4, column F: holds a formula (=F2+F3): type the figure itself, not a formula",
    )


def test_a_formula_in_a_csv_file(client, data_return):
    csv = b"indicator,period,value\nda_incidents,2024-04,=1+1\n"
    refused(upload(client, data_return, "return.csv", csv), "holds a formula (=1+1)")


def test_password_protected_excel(client, data_return):
    refused(
        upload(client, data_return, "return.xlsx", OLE),
        "This file is password-protected. Remove the password and upload it again.",
    )


def test_corrupt_excel(client, data_return):
    content = filled_template(data_return)
    refused(
        upload(client, data_return, "return.xlsx", content[:-200]),
        "The selected file is damaged and cannot be opened",
    )


def test_a_zip_bomb_disguised_as_xlsx(client, data_return):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<x>" + b"0" * (150 * MB) + b"</x>")
    assert len(out.getvalue()) < MB
    refused(
        upload(client, data_return, "return.xlsx", out.getvalue()),
        "expands to far more data than a document should",
    )


def test_a_200_mb_upload_is_refused_before_its_body_is_read(client, data_return):
    response = upload(
        client, data_return, "return.csv", b"indicator,period,value\n", CONTENT_LENGTH=str(200 * MB)
    )
    assert response.status_code == 413
    refused(response, "The selected file must be smaller than 10 MB")
    assert "refused" in AccessLogEntry.objects.get().description


def test_a_file_just_over_the_limit_is_refused(client, data_return):
    content = b"indicator,period,value\n" + b"da_incidents,2024-04,1\n" * (11 * MB // 22)
    refused(
        upload(client, data_return, "return.csv", content),
        "The selected file must be smaller than 10 MB",
    )


def test_wrong_encodings(client, data_return):
    content = "indicator,period,value\nda_incidents,2024-04,5\n".encode("utf-16")
    refused(
        upload(client, data_return, "return.csv", content),
        "saved as UTF-16",
        "CSV UTF-8 (Comma delimited)",
    )


def test_windows_1252_is_read_with_a_note(client, data_return):
    lines = ["indicator,period,value,reason_missing"]
    lines += [f"da_incidents,2024-0{m},{m}," for m in (4, 5, 6)]
    lines += [f"da_child_present,2024-0{m},50," for m in (4, 5, 6)]
    lines += ["missing_episodes,2024-25 Q1,,Système en panne"]
    response = upload(client, data_return, "return.csv", "\n".join(lines).encode("cp1252"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Windows-1252" in page
    assert Observation.objects.get(indicator__code="missing_episodes").missing_reason == (
        "Système en panne"
    )


def test_binary_garbage_called_csv(client, data_return):
    refused(upload(client, data_return, "return.csv", bytes(range(256)) * 8), "not text")


def test_a_pdf_called_xlsx(client, data_return):
    refused(
        upload(client, data_return, "return.xlsx", b"%PDF-1.4\n%%EOF\n"),
        "it looks like a PDF",
    )


def test_an_empty_file(client, data_return):
    refused(upload(client, data_return, "return.csv", b""), "The selected file is empty")


def test_no_file_at_all(client, data_return):
    response = client.post(f"/trends/returns/{data_return.pk}/upload/", {"note": ""})
    refused(response, "Select the file to upload")


def test_a_sheet_missing(client, data_return):
    book = openpyxl.load_workbook(io.BytesIO(filled_template(data_return)))
    book["Return"].title = "Figures"
    out = io.BytesIO()
    book.save(out)
    refused(upload(client, data_return, "return.xlsx", out.getvalue()), "no sheet called “Return”")


def test_headers_missing(client, data_return):
    refused(
        upload(client, data_return, "return.csv", b"da_incidents,2024-04,5\n"),
        "no “indicator code” and “period” and “value” column",
    )


def test_a_missing_row(client, data_return):
    book = openpyxl.load_workbook(io.BytesIO(filled_template(data_return)))
    book["Return"].delete_rows(3)
    out = io.BytesIO()
    book.save(out)
    refused(
        upload(client, data_return, "return.xlsx", out.getvalue()),
        "there is no row for Da incidents (da_incidents), 2024-05",
    )


def test_a_template_for_another_quarter_says_which(client, police, data_return):
    other = return_for(agency=police, quarter_start=Q4)
    refused(
        upload(client, data_return, "return.xlsx", filled_template(other)),
        "This template is for Testshire Police, January to March 2025, but you are uploading it "
        "to the return for Testshire Police, April to June 2024",
    )


def test_a_template_for_another_agency_says_which(bob_client, council, data_return):
    council_return = return_for(agency=council, quarter_start=Q1)
    refused(
        upload(bob_client, data_return, "return.xlsx", filled_template(council_return)),
        "This template is for Testshire Children&#x27;s Services, April to June 2024",
    )


def test_every_problem_is_listed_up_to_200_and_the_rest_counted(client, data_return):
    lines = ["indicator,period,value"] + [f"nope_{n},2024-04,1" for n in range(250)]
    page = refused(
        upload(client, data_return, "return.csv", "\n".join(lines).encode()),
        "The file has 257 problems",
        "And 57 more problems not listed here",
    )
    assert "nope_199" in page
    assert "nope_200" not in page
